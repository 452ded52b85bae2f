#pragma once

#include "spice/ComparatorCharacterization.hh"

#include <nlohmann/json.hpp>
#include <string>

namespace nladc::spice {

// A characterisation as comparator.json ("nladc-comparator", version 1;
// the fields are docs/comparator.md's). Numbers not measured are null.
// adc/ComparatorReportReader reads it back.
nlohmann::json comparatorReport(const ComparatorCharacterization& characterization);

// A front-end characterisation as front_end.json ("nladc-front-end",
// version 1; the fields are docs/comparator.md's).
nlohmann::json frontEndReport(const FrontEndCharacterization& characterization);

} // namespace nladc::spice
