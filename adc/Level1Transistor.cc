#include "adc/Level1Transistor.hh"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

namespace nladc::adc {

Level1Transistor::Operating Level1Transistor::operating(double vgs, double vds) const
{
  const double overdrive = vgs - vto;
  if (overdrive <= 0.0)
    return {};
  const double beta = kp * w / l;
  const double clm = 1.0 + lambda * vds;
  if (vds < overdrive) {
    const double core = overdrive * vds - 0.5 * vds * vds;
    return {beta * core * clm, beta * vds * clm, beta * ((overdrive - vds) * clm + core * lambda)};
  }
  const double core = 0.5 * overdrive * overdrive;
  return {beta * core * clm, beta * overdrive * clm, beta * core * lambda};
}

double Level1Transistor::drainCurrent(double vgs, double vds) const
{
  return operating(vgs, vds).id;
}

namespace {

// The root of an increasing f on [lo, hi] by Newton's method, kept inside
// a shrinking bracket (a step that leaves it bisects instead), so it cannot
// diverge at the kinks of the level-1 curves. `f(x)` returns {f, f'}.
template <class F> double bracketedNewton(F f, double lo, double hi, double start)
{
  double x = std::clamp(start, lo, hi);
  for (int i = 0; i < 100; ++i) {
    const auto [value, slope] = f(x);
    if (value == 0.0)
      return x;
    (value < 0.0 ? lo : hi) = x;
    double next = slope > 0.0 ? x - value / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi))
      next = 0.5 * (lo + hi);
    // Newton converges quadratically: after a step below 1e-9 V the error
    // is far below a double's resolution of the node voltage.
    if (std::abs(next - x) <= 1e-9 || hi - lo <= 1e-300)
      return next;
    x = next;
  }
  return x;
}

} // namespace

Level1Transistor::CellOperating Level1Transistor::cellOperating(double r, double vread, double wordLineHigh) const
{
  // The node between transistor and RRAM sits at vn: the RRAM carries
  // (vn + vread)/r, the transistor (drain 0, source vn) the same current.
  // Raising vn lowers both Vgs and Vds: d(−Id)/dvn = gm + gds.
  if (wordLineHigh + vread <= vto)
    return {}; // off even with the whole read voltage across it
  auto mismatch = [&](double vn) {
    const Operating op = operating(wordLineHigh - vn, -vn);
    return std::pair{(vn + vread) / r - op.id, 1.0 / r + op.gm + op.gds};
  };
  // The start: the transistor as its small-Vds on-resistance, 1/(β·(Vgs − VTO)),
  // in series with r; two Newton steps from there reach a double's precision.
  const double overdrive = wordLineHigh - vto;
  const double start = overdrive > 0.0 ? -vread / (1.0 + r * kp * w / l * overdrive) : 0.0;
  const double vn = bracketedNewton(mismatch, -vread, 0.0, start);
  // Raising the drain by dv: dvn/r = gds·(dv − dvn) − gm·dvn.
  const Operating op = operating(wordLineHigh - vn, -vn);
  return {(vn + vread) / r, op.gds / (1.0 + r * (op.gm + op.gds))};
}

std::optional<double> Level1Transistor::resistanceFor(double current, double vread, double wordLineHigh) const
{
  if (drainCurrent(wordLineHigh + vread, vread) <= current)
    return std::nullopt;
  // The transistor current falls as vn rises towards 0.
  auto excess = [&](double vn) {
    const Operating op = operating(wordLineHigh - vn, -vn);
    return std::pair{current - op.id, op.gm + op.gds};
  };
  const double vn = bracketedNewton(excess, -vread, 0.0, 0.0);
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
