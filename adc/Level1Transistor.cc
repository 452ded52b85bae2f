#include "adc/Level1Transistor.hh"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <sstream>

namespace nladc::adc {

double Level1Transistor::drainCurrent(double vgs, double vds) const
{
  const double overdrive = vgs - vto;
  if (overdrive <= 0.0)
    return 0.0;
  const double beta = kp * w / l;
  const double clm = 1.0 + lambda * vds;
  if (vds < overdrive)
    return beta * (overdrive * vds - 0.5 * vds * vds) * clm;
  return 0.5 * beta * overdrive * overdrive * clm;
}

namespace {

// Bisection on the internal node voltage vn ∈ [−vread, 0]: f is monotone,
// and 100 halvings reach the resolution of a double.
template <class F> double bisect(F f, double lo, double hi)
{
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (f(mid) < 0.0 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

} // namespace

double Level1Transistor::cellCurrent(double r, double vread, double wordLineHigh) const
{
  // The node between transistor and RRAM sits at vn: the RRAM carries
  // (vn + vread)/r, the transistor (drain 0, source vn) the same current.
  auto mismatch = [&](double vn) { return (vn + vread) / r - drainCurrent(wordLineHigh - vn, -vn); };
  const double vn = bisect(mismatch, -vread, 0.0);
  return (vn + vread) / r;
}

std::optional<double> Level1Transistor::resistanceFor(double current, double vread, double wordLineHigh) const
{
  if (drainCurrent(wordLineHigh + vread, vread) <= current)
    return std::nullopt;
  // The transistor current falls as vn rises towards 0.
  auto excess = [&](double vn) { return current - drainCurrent(wordLineHigh - vn, -vn); };
  const double vn = bisect(excess, -vread, 0.0);
  return (vn + vread) / current;
}

namespace {

std::string lower(std::string s)
{
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "1.2e-4", "0.45", "65n": a SPICE number. As in SPICE, the first letters
// after it scale it (meg, mil, t g k m u n p f) and other letters are units.
std::optional<double> spiceNumber(const std::string& text)
{
  size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string suffix = lower(text.substr(used));
  if (suffix.rfind("meg", 0) == 0)
    return value * 1e6;
  if (suffix.rfind("mil", 0) == 0)
    return value * 25.4e-6;
  static const std::map<char, double> scales{{'t', 1e12}, {'g', 1e9},  {'k', 1e3},   {'m', 1e-3},
                                             {'u', 1e-6}, {'n', 1e-9}, {'p', 1e-12}, {'f', 1e-15}};
  const auto scale = suffix.empty() ? scales.end() : scales.find(suffix[0]);
  return scale == scales.end() ? value : value * scale->second;
}

} // namespace

std::optional<Level1Transistor> readLevel1Card(const std::filesystem::path& modelFile, const std::string& model,
                                               double w, double l)
{
  std::ifstream in(modelFile);
  if (!in)
    return std::nullopt;
  // Join '+' continuation lines, then find ".model NAME nmos (…)".
  std::string text;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '+')
      text += " " + line.substr(1);
    else
      text += "\n" + line;
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::replace_if(
        line.begin(), line.end(), [](char c) { return c == '(' || c == ')' || c == '='; }, ' ');
    std::istringstream words(line);
    std::string directive, name, type;
    words >> directive >> name >> type;
    if (lower(directive) != ".model" || lower(name) != lower(model) || lower(type) != "nmos")
      continue;
    std::map<std::string, double> params{{"level", 1.0}, {"gamma", 0.0}, {"lambda", 0.0}, {"ld", 0.0}, {"wd", 0.0}};
    for (std::string key, value; words >> key >> value;)
      if (const std::optional<double> number = spiceNumber(value))
        params[lower(key)] = *number;
    if (params["level"] != 1.0 || params["gamma"] != 0.0 || !params.contains("vto") || !params.contains("kp"))
      return std::nullopt;
    return Level1Transistor{params["vto"], params["kp"], params["lambda"], w - 2.0 * params["wd"],
                            l - 2.0 * params["ld"]};
  }
  return std::nullopt;
}

} // namespace nladc::adc
