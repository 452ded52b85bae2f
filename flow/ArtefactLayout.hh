#pragma once

#include <filesystem>
#include <string>

namespace nladc::flow {

// Where `nladc flow` writes each artefact in its directory (docs/flow.md).
// Files are grouped by the command that makes the same artefact on its own
// (netlist, sim, mc, area) and named after the tensor and method. Tensor
// names are level-set names ([A-Za-z0-9_.:-], no '/'), and every name gets
// a suffix, so none is "." or "..".
struct ArtefactLayout {
  std::filesystem::path root;

  std::filesystem::path settings() const { return root / "flow.json"; }
  std::filesystem::path levels() const { return root / "levels.json"; }
  std::filesystem::path report() const { return root / "report.html"; }
  std::filesystem::path summary() const { return root / "summary.md"; }

  // BS-KMQ's deck, its nominal transient (`nladc sim -o`, `--waveform`)
  // and its area comparison (`nladc area --format json`).
  std::filesystem::path deck(const std::string& tensor) const { return root / "netlist" / (tensor + ".bs-kmq.sp"); }
  std::filesystem::path simulation(const std::string& tensor) const { return root / "sim" / (tensor + ".bs-kmq.json"); }
  std::filesystem::path rampWaveform(const std::string& tensor) const
  {
    return root / "sim" / (tensor + ".bs-kmq.ramp.csv");
  }
  std::filesystem::path area(const std::string& tensor) const { return root / "area" / (tensor + ".bs-kmq.json"); }
  // A design directory (`nladc design -o`): design.json, deck.sp, area.json,
  // explore/ and mc/.
  std::filesystem::path design(const std::string& tensor, const std::string& method) const
  {
    return root / "design" / (tensor + "." + method);
  }
  // The design's confirming Monte Carlo run (`nladc mc -o`): run.json, samples.csv, summary.json.
  std::filesystem::path monteCarlo(const std::string& tensor, const std::string& method) const
  {
    return design(tensor, method) / "mc";
  }
  // A plot of the report as an SVG file of its own.
  std::filesystem::path plot(const std::string& tensor, const std::string& kind) const
  {
    return root / "plots" / (tensor + "." + kind + ".svg");
  }

  // The subdirectories the paths above lie in.
  static constexpr const char* subdirectories[] = {"netlist", "sim", "design", "area", "plots"};

  // `path` relative to the root: how the report and summary link to it.
  std::string relative(const std::filesystem::path& path) const { return path.lexically_relative(root).string(); }
};

} // namespace nladc::flow
