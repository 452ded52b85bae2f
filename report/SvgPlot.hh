#pragma once

#include <optional>
#include <string>
#include <vector>

namespace nladc::report {

enum class Scale { linear, log };

// One axis. Its range is the data's — finite values only, and on a log
// axis positive ones only — widened to whole ticks, unless `min` or `max`
// fix an end. Without data it is 0 … 1 (1 … 10 on a log axis); a range of
// one value is widened around it.
struct Axis {
  std::string label;
  Scale scale = Scale::linear;
  std::optional<double> min;
  std::optional<double> max;
  // A categorical axis: ticks at 0, 1, … labelled with these, range −0.5 … n − 0.5.
  std::vector<std::string> categories;
};

enum class Marker { circle, square, diamond, tick };

enum class SeriesKind {
  line,           // points joined in order
  stepLine,       // y[i] holds from x[i] to x[i+1]: a staircase
  bars,           // from base[i] (0 when empty) to y[i], barWidth wide in x units
  markers,        // one marker a point
  errorBars,      // a whisker from base[i] to y[i] at x[i]
  horizontalLine, // y[0] across the whole plot, dashed: a limit or a target
};

// What a plot draws. A point with a NaN or infinite coordinate (or a
// non-positive one on a log axis) is left out, and a line is broken there.
struct Series {
  SeriesKind kind = SeriesKind::line;
  std::string label; // in the legend; empty: not in it
  std::vector<double> x;
  std::vector<double> y;
  std::vector<double> base;
  std::string colour; // a CSS colour; empty: the next of the palette
  bool dashed = false;
  Marker marker = Marker::circle;
  double barWidth = 0.8;
};

// A small SVG chart writer: one pair of axes with ticks and grid lines,
// the series above, and a legend at the right. Every text is escaped, and
// the output is a well-formed, self-contained SVG document (no scripts,
// no external references, no ids), so it can be saved as a file and
// inlined in a page any number of times.
class SvgPlot {
public:
  explicit SvgPlot(std::string title, int width = 760, int height = 320);

  Axis& xAxis() { return x_; }
  Axis& yAxis() { return y_; }

  Series& line(std::string label, std::vector<double> x, std::vector<double> y);
  Series& stepLine(std::string label, std::vector<double> x, std::vector<double> y);
  Series& bars(std::string label, std::vector<double> x, std::vector<double> top, double width);
  Series& markers(std::string label, std::vector<double> x, std::vector<double> y, Marker marker = Marker::circle);
  Series& errorBars(std::string label, std::vector<double> x, std::vector<double> low, std::vector<double> high);
  Series& horizontalLine(std::string label, double y);

  std::string svg() const;

  // Plots one above the other in one SVG, with one left margin and one
  // legend width, so plots that share an x range line up.
  static std::string stacked(const std::vector<const SvgPlot*>& plots);

private:
  struct Margins {
    double left = 0.0;
    double right = 0.0;
  };
  // The elements, and the height they take: slanted category labels make
  // a plot taller than asked.
  struct Rendered {
    std::string elements;
    double height = 0.0;
  };
  Series& add(Series series);
  Margins margins() const;
  Rendered render(const Margins& margins) const;

  std::string title_;
  int width_;
  int height_;
  Axis x_;
  Axis y_;
  std::vector<Series> series_;
};

} // namespace nladc::report
