#include "report/SvgPlot.hh"

#include "report/Markup.hh"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>

namespace nladc::report {

namespace {

// Text is measured without fonts: 12 px sans-serif characters are at most
// this wide on average (DejaVu Sans, the widest common default).
constexpr double charWidth = 7.0;
constexpr double fontSize = 12.0;
constexpr double titleBand = 30.0;
constexpr double tickLength = 5.0;
constexpr double swatchWidth = 22.0;
constexpr double legendRow = 18.0;
// Okabe & Ito's palette, which any colour vision tells apart, then Paul
// Tol's muted one for plots with many series (an area breakdown's blocks).
constexpr std::array<const char*, 16> palette{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                                              "#000000", "#999999", "#332288", "#88CCEE", "#44AA99", "#117733",
                                              "#999933", "#DDCC77", "#CC6677", "#882255"};
constexpr const char* referenceColour = "#555555";

double textWidth(const std::string& text)
{
  // UTF-8 continuation bytes do not start a character.
  const auto characters = std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  return static_cast<double>(characters) * charWidth;
}

// A pixel coordinate, kept finite and short.
std::string px(double v)
{
  return fmt::format("{:.1f}", std::clamp(v, -1e6, 1e6));
}

bool plottable(double v, Scale scale)
{
  return std::isfinite(v) && (scale == Scale::linear || v > 0.0);
}

// 1, 2 or 5 × 10^k, the first at least span / 5: about five ticks.
double niceStep(double span)
{
  const double rough = span / 5.0;
  const double decade = std::pow(10.0, std::floor(std::log10(rough)));
  for (const double m : {1.0, 2.0, 5.0})
    if (m * decade >= rough * (1.0 - 1e-9))
      return m * decade;
  return 10.0 * decade;
}

// An axis resolved against its data: its range, ticks and tick labels.
struct Resolved {
  Scale scale = Scale::linear;
  double lo = 0.0;
  double hi = 1.0;
  std::vector<double> ticks;
  std::vector<std::string> labels;

  double fraction(double v) const
  {
    if (scale == Scale::log)
      return (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
    return (v - lo) / (hi - lo);
  }
};

std::string tickLabel(double v)
{
  return fmt::format("{:.6g}", v);
}

Resolved resolve(const Axis& axis, const std::vector<double>& values)
{
  Resolved r;
  r.scale = axis.categories.empty() ? axis.scale : Scale::linear;
  if (!axis.categories.empty()) {
    r.lo = -0.5;
    r.hi = static_cast<double>(axis.categories.size()) - 0.5;
    for (size_t i = 0; i < axis.categories.size(); ++i) {
      r.ticks.push_back(static_cast<double>(i));
      r.labels.push_back(axis.categories[i]);
    }
    return r;
  }
  const auto given = [&r](const std::optional<double>& end) { return end && plottable(*end, r.scale); };
  double lo = INFINITY, hi = -INFINITY;
  for (const double v : values)
    if (plottable(v, r.scale)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  if (given(axis.min))
    lo = *axis.min;
  if (given(axis.max))
    hi = *axis.max;
  if (!std::isfinite(lo) || !std::isfinite(hi)) { // no data at an end
    const double fallbackLo = r.scale == Scale::log ? 1.0 : 0.0;
    const double fallbackHi = r.scale == Scale::log ? 10.0 : 1.0;
    lo = std::isfinite(lo) ? lo : (std::isfinite(hi) ? std::min(hi, fallbackLo) : fallbackLo);
    hi = std::isfinite(hi) ? hi : std::max(lo, fallbackHi);
  }

  if (r.scale == Scale::log) {
    double lower = std::log10(lo), upper = std::log10(hi);
    if (upper <= lower) {
      lower = std::floor(lower);
      upper = lower + 1.0;
    }
    if (!given(axis.min))
      lower = std::floor(lower + 1e-9);
    if (!given(axis.max))
      upper = std::ceil(upper - 1e-9);
    if (upper <= lower)
      upper = lower + 1.0;
    r.lo = std::pow(10.0, lower);
    r.hi = std::pow(10.0, upper);
    const bool fewDecades = std::floor(upper) - std::ceil(lower) < 2.0;
    for (double decade = std::floor(lower); decade <= std::ceil(upper); decade += 1.0)
      for (const double m : fewDecades ? std::vector<double>{1.0, 2.0, 5.0} : std::vector<double>{1.0}) {
        const double tick = m * std::pow(10.0, decade);
        if (tick >= r.lo * (1.0 - 1e-9) && tick <= r.hi * (1.0 + 1e-9)) {
          r.ticks.push_back(tick);
          r.labels.push_back(tickLabel(tick));
        }
      }
    return r;
  }

  if (hi <= lo) { // one value, or ends given the wrong way round
    const double pad = lo == 0.0 ? 1.0 : std::abs(lo) * 0.1;
    lo -= pad;
    hi = lo + 2.0 * pad;
  }
  const double step = niceStep(hi - lo);
  if (!given(axis.min))
    lo = std::floor(lo / step + 1e-9) * step;
  if (!given(axis.max))
    hi = std::ceil(hi / step - 1e-9) * step;
  r.lo = lo;
  r.hi = hi;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1.0) {
    const double tick = std::abs(k) < 0.5 ? 0.0 : k * step; // no "-0" or 1e-17 for zero
    r.ticks.push_back(tick);
    r.labels.push_back(tickLabel(tick));
  }
  return r;
}

std::string dashAttribute(bool dashed)
{
  return dashed ? R"( stroke-dasharray="6 4")" : "";
}

std::string markerSvg(Marker marker, double cx, double cy, const std::string& colour)
{
  const std::string c = escapeXml(colour);
  switch (marker) {
  case Marker::circle: return fmt::format(R"(<circle cx="{}" cy="{}" r="3.5" fill="{}"/>)", px(cx), px(cy), c);
  case Marker::square:
    return fmt::format(R"(<rect x="{}" y="{}" width="7" height="7" fill="{}"/>)", px(cx - 3.5), px(cy - 3.5), c);
  case Marker::diamond:
    return fmt::format(R"(<polygon points="{},{} {},{} {},{} {},{}" fill="{}"/>)", px(cx), px(cy - 4.5), px(cx + 4.5),
                       px(cy), px(cx), px(cy + 4.5), px(cx - 4.5), px(cy), c);
  case Marker::tick:
    return fmt::format(R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="2"/>)", px(cx),
                       px(cy - 6.0), px(cy + 6.0), c);
  }
  return {};
}

// Points as an SVG polyline's list, one polyline per run of plottable
// points; points that land on the pixel of the previous one are dropped
// (a 4000-point waveform stays a small file).
std::vector<std::string> polylines(const std::vector<std::pair<double, double>>& points, const Resolved& x,
                                   const Resolved& y, double width, double height)
{
  std::vector<std::string> runs;
  std::string run, last;
  size_t count = 0;
  auto flush = [&] {
    if (count >= 2)
      runs.push_back(run);
    run.clear();
    last.clear();
    count = 0;
  };
  for (const auto& [vx, vy] : points) {
    if (!plottable(vx, x.scale) || !plottable(vy, y.scale)) {
      flush();
      continue;
    }
    const std::string point = px(x.fraction(vx) * width) + "," + px((1.0 - y.fraction(vy)) * height);
    if (point == last)
      continue;
    run += (run.empty() ? "" : " ") + point;
    last = point;
    ++count;
  }
  flush();
  return runs;
}

} // namespace

SvgPlot::SvgPlot(std::string title, int width, int height) : title_(std::move(title)), width_(width), height_(height)
{
}

Series& SvgPlot::add(Series series)
{
  series_.push_back(std::move(series));
  return series_.back();
}

Series& SvgPlot::line(std::string label, std::vector<double> x, std::vector<double> y)
{
  return add({SeriesKind::line, std::move(label), std::move(x), std::move(y), {}, {}, false, Marker::circle, 0.8});
}

Series& SvgPlot::stepLine(std::string label, std::vector<double> x, std::vector<double> y)
{
  return add({SeriesKind::stepLine, std::move(label), std::move(x), std::move(y), {}, {}, false, Marker::circle, 0.8});
}

Series& SvgPlot::bars(std::string label, std::vector<double> x, std::vector<double> top, double width)
{
  return add({SeriesKind::bars, std::move(label), std::move(x), std::move(top), {}, {}, false, Marker::circle, width});
}

Series& SvgPlot::markers(std::string label, std::vector<double> x, std::vector<double> y, Marker marker)
{
  return add({SeriesKind::markers, std::move(label), std::move(x), std::move(y), {}, {}, false, marker, 0.8});
}

Series& SvgPlot::errorBars(std::string label, std::vector<double> x, std::vector<double> low, std::vector<double> high)
{
  return add({SeriesKind::errorBars,
              std::move(label),
              std::move(x),
              std::move(high),
              std::move(low),
              {},
              false,
              Marker::circle,
              0.8});
}

Series& SvgPlot::horizontalLine(std::string label, double y)
{
  return add({SeriesKind::horizontalLine, std::move(label), {}, {y}, {}, referenceColour, true, Marker::circle, 0.8});
}

namespace {

// The values each axis's range is made of.
void collect(const std::vector<Series>& all, std::vector<double>& xs, std::vector<double>& ys)
{
  for (const Series& s : all) {
    const size_t n = std::min(s.x.size(), s.y.size());
    switch (s.kind) {
    case SeriesKind::horizontalLine: ys.insert(ys.end(), s.y.begin(), s.y.end()); break;
    case SeriesKind::bars:
      for (size_t i = 0; i < n; ++i) {
        xs.push_back(s.x[i] - s.barWidth / 2.0);
        xs.push_back(s.x[i] + s.barWidth / 2.0);
        ys.push_back(s.y[i]);
        ys.push_back(i < s.base.size() ? s.base[i] : 0.0);
      }
      break;
    default:
      xs.insert(xs.end(), s.x.begin(), s.x.begin() + static_cast<std::ptrdiff_t>(n));
      ys.insert(ys.end(), s.y.begin(), s.y.begin() + static_cast<std::ptrdiff_t>(n));
      for (size_t i = 0; i < n && i < s.base.size(); ++i)
        ys.push_back(s.base[i]);
    }
  }
}

double longest(const std::vector<std::string>& labels)
{
  double width = 0.0;
  for (const std::string& label : labels)
    width = std::max(width, textWidth(label));
  return width;
}

// Category labels wider than their slot are set at an angle (30°).
bool slantedLabels(const Axis& axis, const Resolved& resolved, double plotWidth)
{
  return !axis.categories.empty() &&
         longest(resolved.labels) > 0.9 * plotWidth / static_cast<double>(axis.categories.size());
}

} // namespace

SvgPlot::Margins SvgPlot::margins() const
{
  std::vector<double> xs, ys;
  collect(series_, xs, ys);
  const Resolved x = resolve(x_, xs);
  const Resolved y = resolve(y_, ys);
  Margins m;
  m.left = 22.0 + tickLength + 6.0 + longest(y.labels);
  std::vector<std::string> legend;
  for (const Series& s : series_)
    if (!s.label.empty())
      legend.push_back(s.label);
  m.right = legend.empty() ? 16.0 : 24.0 + swatchWidth + 6.0 + longest(legend);
  // A slanted first label reaches left of its tick by cos 30° of its width.
  const double plotWidth = width_ - m.left - m.right;
  if (slantedLabels(x_, x, plotWidth)) {
    const double firstTick = 0.5 * plotWidth / static_cast<double>(x_.categories.size());
    m.left = std::max(m.left, 0.87 * textWidth(x.labels.front()) - firstTick + 8.0);
  }
  return m;
}

SvgPlot::Rendered SvgPlot::render(const Margins& m) const
{
  std::vector<double> xs, ys;
  collect(series_, xs, ys);
  const Resolved x = resolve(x_, xs);
  const Resolved y = resolve(y_, ys);

  const double plotWidth = std::max(40.0, width_ - m.left - m.right);
  const bool slanted = slantedLabels(x_, x, plotWidth);
  constexpr double axisBand = 44.0; // tick labels and the axis label
  const double slant = slanted ? 0.5 * longest(x.labels) : 0.0;
  const double bottom = axisBand + slant;
  const double height = height_ + slant;
  const double top = title_.empty() ? 10.0 : titleBand;
  const double plotHeight = std::max(40.0, height - top - bottom);
  const double left = m.left;
  const auto toX = [&](double v) { return x.fraction(v) * plotWidth; };
  const auto toY = [&](double v) { return (1.0 - y.fraction(v)) * plotHeight; };

  std::string out;
  out += fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)", width_, px(height));
  if (!title_.empty())
    out += fmt::format(R"(<text x="{}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{}</text>)",
                       px(width_ / 2.0), escapeXml(title_));

  // Grid, ticks and tick labels.
  for (size_t i = 0; i < y.ticks.size(); ++i) {
    const double py = top + toY(y.ticks[i]);
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e6e6e6"/>)", px(left), px(py),
                       px(left + plotWidth), px(py));
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444444"/>)", px(left - tickLength), px(py),
                       px(left), px(py));
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>)",
                       px(left - tickLength - 3.0), px(py), escapeXml(y.labels[i]));
  }
  for (size_t i = 0; i < x.ticks.size(); ++i) {
    const double pxx = left + toX(x.ticks[i]);
    const double base = top + plotHeight;
    if (x_.categories.empty())
      out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e6e6e6"/>)", px(pxx), px(top), px(pxx),
                         px(base));
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#444444"/>)", px(pxx), px(base), px(pxx),
                       px(base + tickLength));
    if (slanted)
      out += fmt::format(R"svg(<text x="{0}" y="{1}" text-anchor="end" transform="rotate(-30 {0} {1})">{2}</text>)svg",
                         px(pxx), px(base + tickLength + 12.0), escapeXml(x.labels[i]));
    else
      out += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", px(pxx), px(base + tickLength + 13.0),
                         escapeXml(x.labels[i]));
  }
  out += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", px(left + plotWidth / 2.0),
                     px(height - 8.0), escapeXml(x_.label));
  out += fmt::format(R"svg(<text x="14" y="{0}" text-anchor="middle" transform="rotate(-90 14 {0})">{1}</text>)svg",
                     px(top + plotHeight / 2.0), escapeXml(y_.label));

  // The series, in a nested viewport that clips them to the plot area.
  out += fmt::format(R"(<svg x="{}" y="{}" width="{}" height="{}" overflow="hidden">)", px(left), px(top),
                     px(plotWidth), px(plotHeight));
  size_t nextColour = 0;
  std::vector<std::string> colours;
  for (const Series& s : series_) {
    const std::string colour = s.colour.empty() ? palette[nextColour++ % palette.size()] : s.colour;
    colours.push_back(colour);
    const std::string c = escapeXml(colour);
    const size_t n = std::min(s.x.size(), s.y.size());
    switch (s.kind) {
    case SeriesKind::line:
    case SeriesKind::stepLine: {
      std::vector<std::pair<double, double>> points;
      for (size_t i = 0; i < n; ++i) {
        if (s.kind == SeriesKind::stepLine && i > 0)
          points.emplace_back(s.x[i], s.y[i - 1]);
        points.emplace_back(s.x[i], s.y[i]);
      }
      for (const std::string& run : polylines(points, x, y, plotWidth, plotHeight))
        out += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"{}/>)", run, c,
                           dashAttribute(s.dashed));
      break;
    }
    case SeriesKind::bars:
      for (size_t i = 0; i < n; ++i) {
        const double from = i < s.base.size() ? s.base[i] : (y.scale == Scale::log ? y.lo : 0.0);
        const double x0 = s.x[i] - s.barWidth / 2.0, x1 = s.x[i] + s.barWidth / 2.0;
        if (!plottable(x0, x.scale) || !plottable(x1, x.scale) || !plottable(s.y[i], y.scale) ||
            !plottable(from, y.scale))
          continue;
        const double left0 = toX(x0), right0 = toX(x1);
        const double upper = std::min(toY(s.y[i]), toY(from)), lower = std::max(toY(s.y[i]), toY(from));
        out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)", px(left0), px(upper),
                           px(std::max(0.0, right0 - left0)), px(lower - upper), c);
      }
      break;
    case SeriesKind::markers:
      for (size_t i = 0; i < n; ++i)
        if (plottable(s.x[i], x.scale) && plottable(s.y[i], y.scale))
          out += markerSvg(s.marker, toX(s.x[i]), toY(s.y[i]), colour);
      break;
    case SeriesKind::errorBars:
      for (size_t i = 0; i < n && i < s.base.size(); ++i) {
        if (!plottable(s.x[i], x.scale) || !plottable(s.y[i], y.scale) || !plottable(s.base[i], y.scale))
          continue;
        const double cx = toX(s.x[i]), high = toY(s.y[i]), low = toY(s.base[i]);
        out += fmt::format(R"(<path d="M{0},{1}V{2}M{3},{1}H{4}M{3},{2}H{4}" stroke="{5}" stroke-width="1.5"/>)",
                           px(cx), px(low), px(high), px(cx - 4.0), px(cx + 4.0), c);
      }
      break;
    case SeriesKind::horizontalLine:
      if (!s.y.empty() && plottable(s.y.front(), y.scale))
        out += fmt::format(R"(<line x1="0" y1="{0}" x2="{1}" y2="{0}" stroke="{2}" stroke-width="1.2"{3}/>)",
                           px(toY(s.y.front())), px(plotWidth), c, dashAttribute(s.dashed));
      break;
    }
  }
  out += "</svg>";
  out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#444444"/>)", px(left), px(top),
                     px(plotWidth), px(plotHeight));

  // The legend, one row a labelled series, right of the plot.
  double row = top + 8.0;
  const double lx = left + plotWidth + 14.0;
  for (size_t k = 0; k < series_.size(); ++k) {
    const Series& s = series_[k];
    if (s.label.empty())
      continue;
    const std::string c = escapeXml(colours[k]);
    const double mid = lx + swatchWidth / 2.0;
    switch (s.kind) {
    case SeriesKind::bars:
      out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="10" fill="{}"/>)", px(lx + 4.0), px(row - 5.0),
                         px(swatchWidth - 8.0), c);
      break;
    case SeriesKind::markers: out += markerSvg(s.marker, mid, row, colours[k]); break;
    case SeriesKind::errorBars:
      out += fmt::format(R"(<path d="M{0},{1}V{2}M{3},{1}H{4}M{3},{2}H{4}" stroke="{5}" stroke-width="1.5"/>)", px(mid),
                         px(row - 6.0), px(row + 6.0), px(mid - 4.0), px(mid + 4.0), c);
      break;
    default:
      out += fmt::format(R"(<line x1="{0}" y1="{2}" x2="{1}" y2="{2}" stroke="{3}" stroke-width="2"{4}/>)", px(lx),
                         px(lx + swatchWidth), px(row), c, dashAttribute(s.dashed));
    }
    out += fmt::format(R"(<text x="{}" y="{}" dominant-baseline="middle">{}</text>)", px(lx + swatchWidth + 6.0),
                       px(row), escapeXml(s.label));
    row += legendRow;
  }
  return {out, height};
}

namespace {

std::string document(double width, double height, const std::string& title, const std::string& body)
{
  return fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" )"
                     R"(font-family="DejaVu Sans, Arial, sans-serif" font-size="{2}" role="img">)"
                     "<title>{3}</title>{4}</svg>\n",
                     px(width), px(height), fontSize, escapeXml(title), body);
}

} // namespace

std::string SvgPlot::svg() const
{
  const Rendered r = render(margins());
  return document(width_, r.height, title_, r.elements);
}

std::string SvgPlot::stacked(const std::vector<const SvgPlot*>& plots)
{
  Margins common;
  double width = 0.0;
  for (const SvgPlot* plot : plots) {
    const Margins m = plot->margins();
    common.left = std::max(common.left, m.left);
    common.right = std::max(common.right, m.right);
    width = std::max(width, static_cast<double>(plot->width_));
  }
  std::string body, title;
  double offset = 0.0;
  for (const SvgPlot* plot : plots) {
    const Rendered r = plot->render(common);
    body += fmt::format(R"(<svg y="{}" width="{}" height="{}">{}</svg>)", px(offset), plot->width_, px(r.height),
                        r.elements);
    offset += r.height;
    title += (title.empty() ? "" : "; ") + plot->title_;
  }
  return document(width, offset, title, body);
}

} // namespace nladc::report
