// `import nladc`: the level-set fitting of quant/ for NumPy arrays and CPU
// torch tensors (DESIGN.md §11). A thin shell, as cli/ is: it converts
// Python objects and calls the libraries the CLI calls.
#include "adc/TechnologyReader.hh"
#include "adc/ThresholdJitter.hh"
#include "quant/BsKmq.hh"
#include "quant/Fitter.hh"
#include "quant/LevelFileReader.hh"
#include "quant/LevelFileWriter.hh"
#include "quant/LevelSet.hh"
#include "quant/Method.hh"
#include "quant/SampleArray.hh"
#include "spice/RealisedThresholds.hh"
#include "util/Error.hh"
#include "util/Text.hh"

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>

namespace py = pybind11;
using namespace pybind11::literals;

namespace nladc::python {

namespace {

bool isTorchTensor(py::handle x)
{
  // torch is imported by whoever made a tensor; subclasses (nn.Parameter) count.
  const py::dict modules = py::module_::import("sys").attr("modules");
  return modules.contains("torch") && py::isinstance(x, modules["torch"].attr("Tensor"));
}

// A CPU torch tensor as the NumPy array that shares its memory; any other
// object as NumPy sees it (an array is itself).
py::array asNumpy(py::handle x, const std::string& what)
{
  if (isTorchTensor(x)) {
    const std::string device = py::str(x.attr("device").attr("type"));
    if (device != "cpu")
      throw InputError(fmt::format("{}: a tensor on the {} device; move it to the CPU first (.cpu())", what, device));
    return x.attr("detach")().attr("numpy")();
  }
  const py::array array = py::array::ensure(x);
  if (!array)
    throw InputError(what + ": not an array of numbers");
  return array;
}

// A dict or list from JSON: the level file's params, source and metrics.
py::object toPython(const nlohmann::json& value)
{
  return py::module_::import("json").attr("loads")(value.dump());
}

// An array's samples counted in place (float32, C order), or converted.
// `what` names the argument, `where` the samples in the library's messages.
quant::TensorSamples countSamples(py::handle x, const std::string& what, const std::string& name,
                                  const std::string& where, bool dropNonfinite,
                                  std::optional<std::uint64_t> memoryBudget)
{
  const auto samples = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(asNumpy(x, what));
  if (!samples)
    throw InputError(what + ": not an array of numbers");
  py::gil_scoped_release released;
  return quant::countSampleArray(std::span<const float>(samples.data(), static_cast<std::size_t>(samples.size())), name,
                                 where, dropNonfinite, memoryBudget.value_or(quant::defaultMemoryBudget()));
}

void warnIfHistogram(const std::string& name, const quant::Resolution& resolution)
{
  // Under -W error the warning is an exception.
  if (!resolution.exact() &&
      PyErr_WarnEx(PyExc_RuntimeWarning,
                   fmt::format("nladc: tensor '{}': {}", name, quant::histogramNote(resolution)).c_str(), 1) < 0)
    throw py::error_already_set();
}

quant::LevelSet fit(py::handle x, int bits, const std::string& method, const std::string& name,
                    const std::string& source, std::uint64_t seed, double boundaryEps, double boundaryMass,
                    const std::string& suppression, std::optional<double> clipPercentile, std::optional<double> lo,
                    std::optional<double> hi, std::optional<double> thresholdSigma,
                    const std::optional<std::string>& tech, py::handle eval, bool dropNonfinite,
                    std::optional<std::uint64_t> memoryBudget, bool boundaryGiven)
{
  if (!quant::isValidName(name))
    throw InputError(fmt::format("name: '{}' is not a level-set name (1 to {} of A-Z a-z 0-9 _ . : -)",
                                 printableExcerpt(name), quant::maxNameLength));
  if (thresholdSigma && tech)
    throw InputError("threshold_sigma and tech: give one, the sigma or the technology it comes from");
  quant::FitRequest request;
  request.methods = {quant::parseMethod(method)};
  request.fit.bits = bits;
  request.fit.seed = seed;
  request.fit.bsKmq = {boundaryEps, boundaryMass, quant::parseSuppression(suppression)};
  request.fit.thresholdSigma = thresholdSigma;
  request.fit.variationBoundary = boundaryGiven;
  if (tech)
    adc::useThresholdJitterOf(adc::readTechnology(*tech), request.fit);
  request.domain = {lo, hi, clipPercentile};
  request.sourceFile = source;
  quant::checkFitRequest(request);

  const quant::TensorSamples tensor = countSamples(x, "x", name, source, dropNonfinite, memoryBudget);
  std::optional<quant::TensorSamples> heldOut;
  if (!eval.is_none())
    heldOut = countSamples(eval, "eval", name, "eval", dropNonfinite, memoryBudget);
  const quant::TensorSamples& evaluated = heldOut ? *heldOut : tensor;
  std::vector<quant::LevelSet> sets;
  {
    py::gil_scoped_release released;
    sets = quant::fitTensor(name, tensor.samples, evaluated.samples, evaluated.resolution, request);
  }
  warnIfHistogram(name, tensor.resolution);
  if (heldOut)
    warnIfHistogram(name, heldOut->resolution);
  return std::move(sets.front());
}

// Which thresholds quantize an element: the level set's, or a realised
// row per column (C rows of K − 1), the column being the element's index
// along `axis` modulo C.
struct Decision {
  const quant::LevelSet& set;
  const double* realised = nullptr; // C × (K − 1), row by column
  std::size_t columns = 0;
  std::size_t inner = 1;  // elements after one step along the axis
  std::size_t extent = 1; // the axis' length

  std::size_t code(double x, std::size_t flat) const
  {
    if (!realised)
      return set.codeOf(x);
    // Realised thresholds need not be in order (a sample that fails its
    // INL may cross two): the code counts those at or below x.
    const std::size_t column = (flat / inner % extent) % columns;
    const std::size_t count = set.thresholds.size();
    const double* t = realised + column * count;
    return static_cast<std::size_t>(std::count_if(t, t + count, [x](double ti) { return ti <= x; }));
  }
};

// Codes (or levels) of every element, in the input's shape. The loop runs
// without the GIL; the result is handed back once it is held again.
template <typename T>
py::array quantizeArray(const py::array_t<T, py::array::c_style>& x, const Decision& decision, bool values)
{
  const T* in = x.data();
  const auto count = static_cast<std::size_t>(x.size());
  const std::vector<py::ssize_t> shape(x.shape(), x.shape() + x.ndim());
  auto codeAt = [&](std::size_t i) {
    if (std::isnan(in[i]))
      throw InputError(fmt::format("x: element {} (flat index) is NaN, which has no code", i));
    return decision.code(in[i], i);
  };
  if (values) {
    py::array_t<T> result(shape);
    T* out = result.mutable_data();
    {
      py::gil_scoped_release released;
      for (std::size_t i = 0; i < count; ++i)
        out[i] = static_cast<T>(decision.set.levels[codeAt(i)]);
    }
    return result;
  }
  py::array_t<std::int32_t> result(shape);
  std::int32_t* out = result.mutable_data();
  {
    py::gil_scoped_release released;
    for (std::size_t i = 0; i < count; ++i)
      out[i] = static_cast<std::int32_t>(codeAt(i));
  }
  return result;
}

// x as a C-order array of T (itself when it is one already).
template <typename T> py::array_t<T, py::array::c_style> asArrayOf(const py::array& x)
{
  auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(x);
  if (!array)
    throw InputError("x: not an array of numbers");
  return array;
}

py::object quantize(py::handle x, const quant::LevelSet& set, const std::string& output, py::object thresholds,
                    int axis)
{
  if (output != "codes" && output != "values")
    throw InputError(fmt::format("output: '{}' is not 'codes' or 'values'", printableExcerpt(output)));
  const py::array array = asNumpy(x, "x");
  Decision decision{set};
  py::array_t<double, py::array::c_style | py::array::forcecast> realised;
  if (!thresholds.is_none()) {
    realised =
        py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(asNumpy(thresholds, "thresholds"));
    if (!realised || realised.ndim() != 2 || realised.shape(0) < 1 ||
        static_cast<std::size_t>(realised.shape(1)) != set.thresholds.size())
      throw InputError(fmt::format("thresholds: not an array of shape (columns, {}), one row of {}'s thresholds a "
                                   "column",
                                   set.thresholds.size(), set.name));
    const int ndim = static_cast<int>(array.ndim());
    if (ndim == 0 || axis < -ndim || axis >= ndim)
      throw InputError(fmt::format("axis: {} is not an axis of x, which has {}", axis, ndim));
    const auto a = static_cast<std::size_t>(axis < 0 ? axis + ndim : axis);
    decision.realised = realised.data();
    decision.columns = static_cast<std::size_t>(realised.shape(0));
    decision.extent = static_cast<std::size_t>(array.shape(static_cast<py::ssize_t>(a)));
    for (std::size_t d = a + 1; d < static_cast<std::size_t>(ndim); ++d)
      decision.inner *= static_cast<std::size_t>(array.shape(static_cast<py::ssize_t>(d)));
  }
  // float32 stays float32 (values too), any other type is decided as
  // float64; C-order float32 and float64 arrays are read in place.
  const bool values = output == "values";
  const py::array result = py::isinstance<py::array_t<float>>(array)
                               ? quantizeArray(asArrayOf<float>(array), decision, values)
                               : quantizeArray(asArrayOf<double>(array), decision, values);
  if (isTorchTensor(x))
    return py::module_::import("torch").attr("from_numpy")(result);
  return result;
}

// A Monte Carlo run's realised thresholds (its thresholds.npy), the
// samples that simulated only: shape (samples, columns, K − 1).
py::array mcThresholds(const std::string& directory)
{
  const std::filesystem::path file = std::filesystem::path(directory) / "thresholds.npy";
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error))
    throw InputError(
        fmt::format("{}: no thresholds.npy; a Monte Carlo run's directory (nladc mc -o DIR) holds one when its "
                    "thresholds take at most {} MiB",
                    directory, spice::maxRealisedThresholdBytes >> 20));
  const py::object loaded = py::module_::import("numpy").attr("load")(file.string(), "allow_pickle"_a = false);
  const auto all = py::array_t<double, py::array::c_style>::ensure(loaded);
  if (!all || all.ndim() != 3 || !py::isinstance<py::array_t<double>>(loaded))
    throw InputError(fmt::format("{}: not a float64 array of shape (samples, columns, thresholds)", file.string()));
  const auto perSample = static_cast<std::size_t>(all.shape(1) * all.shape(2));
  const double* in = all.data();
  std::vector<std::size_t> simulated;
  for (std::size_t s = 0; s < static_cast<std::size_t>(all.shape(0)); ++s)
    if (perSample > 0 && !std::isnan(in[s * perSample]))
      simulated.push_back(s);
  py::array_t<double> result({static_cast<py::ssize_t>(simulated.size()), all.shape(1), all.shape(2)});
  double* out = result.mutable_data();
  for (std::size_t k = 0; k < simulated.size(); ++k)
    std::copy_n(in + simulated[k] * perSample, perSample, out + k * perSample);
  return result;
}

} // namespace

} // namespace nladc::python

PYBIND11_MODULE(nladc, m)
{
  using namespace nladc;
  using namespace nladc::python;
  m.doc() = "nladc: level sets for the nonlinear ADCs of in-memory computing (DESIGN.md §11)";
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);

  py::class_<quant::LevelSet>(m, "LevelSet", "A level set: levels, thresholds, domain and how it was fitted")
      .def_readonly("name", &quant::LevelSet::name)
      .def_readonly("method", &quant::LevelSet::method)
      .def_readonly("bits", &quant::LevelSet::bits)
      .def_readonly("levels", &quant::LevelSet::levels)
      .def_readonly("thresholds", &quant::LevelSet::thresholds)
      .def_property_readonly("domain",
                             [](const quant::LevelSet& s) { return py::make_tuple(s.domain.lo, s.domain.hi); })
      .def_property_readonly("params", [](const quant::LevelSet& s) { return toPython(s.params); })
      .def_property_readonly("metrics", [](const quant::LevelSet& s) { return toPython(s.metrics); })
      .def_property_readonly("source",
                             [](const quant::LevelSet& s) -> py::object {
                               if (!s.source)
                                 return py::none();
                               py::dict d;
                               d["file"] = s.source->file;
                               d["tensor"] = s.source->tensor;
                               d["samples"] = s.source->samples;
                               return d;
                             })
      .def(
          "write", [](const quant::LevelSet& s, const std::string& path) { quant::writeLevelFile(path, {s}); },
          py::arg("path"), "Writes the level file (atomically), as `nladc levels -o` does")
      .def("to_json", [](const quant::LevelSet& s) { return quant::formatLevelFile({s}); })
      .def("__repr__", [](const quant::LevelSet& s) {
        return fmt::format("<nladc.LevelSet '{}' {} {} bits, domain [{:g}, {:g}]>", s.name, s.method, s.bits,
                           s.domain.lo, s.domain.hi);
      });

  m.def(
      "fit",
      [](py::handle x, int bits, const std::string& method, const std::string& name, const std::string& source,
         std::uint64_t seed, std::optional<double> boundaryEps, std::optional<double> boundaryMass,
         std::optional<std::string> suppression, std::optional<double> clipPercentile, std::optional<double> lo,
         std::optional<double> hi, std::optional<double> thresholdSigma, std::optional<std::string> tech,
         py::handle eval, bool dropNonfinite, std::optional<std::uint64_t> memoryBudget) {
        const quant::BsKmqOptions defaults;
        const bool boundaryGiven = boundaryEps || boundaryMass || suppression;
        return fit(x, bits, method, name, source, seed, boundaryEps.value_or(defaults.boundaryEps),
                   boundaryMass.value_or(defaults.boundaryMass), suppression.value_or("pin"), clipPercentile, lo, hi,
                   thresholdSigma, tech, eval, dropNonfinite, memoryBudget, boundaryGiven);
      },
      py::arg("x"), py::arg("bits"), py::arg("method") = "bs-kmq", py::kw_only(), py::arg("name") = "tensor",
      py::arg("source") = "array", py::arg("seed") = 1, py::arg("boundary_eps") = py::none(),
      py::arg("boundary_mass") = py::none(), py::arg("suppression") = py::none(),
      py::arg("clip_percentile") = py::none(), py::arg("lo") = py::none(), py::arg("hi") = py::none(),
      py::arg("threshold_sigma") = py::none(), py::arg("tech") = py::none(), py::arg("eval") = py::none(),
      py::arg("drop_nonfinite") = false, py::arg("memory_budget") = py::none(),
      "Fits a level set to the samples of x (a NumPy array or a CPU torch tensor; float32 is read in place), "
      "as `nladc levels` fits a file's: same options, same level file");
  m.def(
      "read_levels", [](const std::string& path) { return quant::readLevelFile(path); }, py::arg("path"),
      "The level sets of a level file");
  m.def(
      "write_levels",
      [](const std::string& path, const std::vector<quant::LevelSet>& sets) { quant::writeLevelFile(path, sets); },
      py::arg("path"), py::arg("sets"), "Writes several level sets to one level file");
  m.def("mc_thresholds", &mcThresholds, py::arg("mc_dir"),
        "The realised thresholds of a Monte Carlo run (nladc mc -o DIR), in activation units: an array of shape "
        "(samples, columns, thresholds) over the samples that simulated, so that a network can be evaluated with "
        "each sampled ADC");
  m.def("quantize", &quantize, py::arg("x"), py::arg("level_set"), py::arg("output") = "codes",
        py::arg("thresholds") = py::none(), py::arg("axis") = -1,
        "The code of every element of x (int32), or its level (output='values'), in x's shape; a torch tensor in, "
        "a torch tensor out. With thresholds (columns × K−1, one sampled ADC of mc_thresholds), an element is "
        "decided by the column of its index along `axis` (modulo the columns) instead of the level set's");
}
