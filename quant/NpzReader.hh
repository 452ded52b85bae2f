#pragma once

#include "quant/ActivationReader.hh"
#include "quant/SampleSink.hh"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nladc::quant {

// The arrays of an .npz archive (np.savez: stored, np.savez_compressed:
// deflated), one Tensor per member in archive order, named by
// levelSetNameFrom(member name without ".npy"). `tensor` selects one member by
// that name or by its unsanitised name; absent, it is an error that lists the
// available names. Non-finite values are left for the caller to handle.
std::vector<Tensor> readNpz(const std::filesystem::path& path, const std::optional<std::string>& tensor);

// The same members streamed: each to the sink sinkFor(name) returns, which
// must outlive the call; no limit on their size.
void streamNpz(const std::filesystem::path& path, const std::optional<std::string>& tensor,
               const std::function<const SampleSink&(const std::string& name)>& sinkFor);

// The same from the bytes of an archive held in memory; `fileLabel` names it
// in messages.
std::vector<Tensor> parseNpz(std::string_view bytes, const std::string& fileLabel,
                             const std::optional<std::string>& tensor);

} // namespace nladc::quant
