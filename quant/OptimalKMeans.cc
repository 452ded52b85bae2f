#include "quant/OptimalKMeans.hh"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <span>

namespace nladc::quant {

std::vector<double> Clustering::centroids(const SortedSamples& samples) const
{
  std::vector<double> result;
  for (size_t k = 0; k + 1 < bounds.size(); ++k)
    result.push_back(samples.meanOf(bounds[k], bounds[k + 1]));
  return result;
}

namespace {

using Index = uint32_t;

// One layer's argmins, kept for the backtrack. Leftmost row minima of a
// totally monotone matrix do not decrease, so they are stored as varint
// deltas: about one byte per row instead of four, which keeps a 4-bit fit
// of 10^7 distinct values well under 1 GiB. The backtrack reads one entry
// per layer, decoding the row once.
class ArgminRow {
public:
  ArgminRow(std::span<const Index> argmins, size_t first) : first_(first)
  {
    bytes_.reserve(argmins.size());
    int64_t previous = 0;
    for (const Index j : argmins) {
      const int64_t delta = static_cast<int64_t>(j) - previous;
      uint64_t zigzag = (static_cast<uint64_t>(delta) << 1) ^ static_cast<uint64_t>(delta >> 63);
      while (zigzag >= 0x80) {
        bytes_.push_back(static_cast<uint8_t>(zigzag | 0x80));
        zigzag >>= 7;
      }
      bytes_.push_back(static_cast<uint8_t>(zigzag));
      previous = j;
    }
  }

  // The argmin of row `row` (an absolute row index).
  Index at(size_t row) const
  {
    int64_t value = 0;
    size_t pos = 0;
    for (size_t r = first_; r <= row; ++r) {
      uint64_t zigzag = 0;
      for (int shift = 0;; shift += 7) {
        const uint8_t byte = bytes_[pos++];
        zigzag |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80))
          break;
      }
      value += static_cast<int64_t>(zigzag >> 1) ^ -static_cast<int64_t>(zigzag & 1);
    }
    return static_cast<Index>(value);
  }

private:
  size_t first_;
  std::vector<uint8_t> bytes_;
};

// One DP layer: D_q(i) = min_j D_{q−1}(j) + cost(j, i) with its argmin,
// for every row i of a range. The argmin does not decrease with i (the cost
// is Monge), and it is at least the previous layer's argmin at the same i
// (Knuth's monotonicity in q), so a divide and conquer over the rows scans
// each row's candidates only between those bounds: O(n log n) per layer
// with one sequential pass per recursion level. (SMAWK's O(n) measured
// slower here: its column reduction is branch-bound.)
class LayerSolver {
public:
  // Prefix sums by index, and D_{q−1}: arrays the inner loop streams.
  struct Nodes {
    std::vector<double> w;
    std::vector<double> s1;
    std::vector<double> s2;
    std::vector<double> d;
  };

  explicit LayerSolver(const Nodes& nodes) : nodes_(nodes) {}

  // D_{q−1}(j) + cost(j, i), for j < i.
  double value(size_t i, size_t j) const
  {
    const double s1 = nodes_.s1[i] - nodes_.s1[j];
    return nodes_.d[j] + (nodes_.s2[i] - nodes_.s2[j]) - s1 * s1 / (nodes_.w[i] - nodes_.w[j]);
  }

  // Rows firstRow..lastRow, candidates j in [firstCol, i − 1]; lowerBounds
  // (the previous layer's argmins, empty for none) by row.
  void solve(size_t firstRow, size_t lastRow, size_t firstCol, std::span<const Index> lowerBounds,
             std::vector<double>& current, std::vector<Index>& argmin)
  {
    lowerBounds_ = lowerBounds;
    current_ = &current;
    argmin_ = &argmin;
    divide(firstRow, lastRow, firstCol, lastRow - 1);
  }

private:
  void divide(size_t firstRow, size_t lastRow, size_t firstCol, size_t lastCol)
  {
    while (firstRow <= lastRow) {
      const size_t row = firstRow + (lastRow - firstRow) / 2;
      size_t j = firstCol;
      const size_t last = std::min(lastCol, row - 1);
      if (!lowerBounds_.empty())
        j = std::clamp<size_t>(lowerBounds_[row], j, last);
      // The row's sums held in registers; the candidates stream by.
      const double rw = nodes_.w[row];
      const double rs1 = nodes_.s1[row];
      const double rs2 = nodes_.s2[row];
      const double* w = nodes_.w.data();
      const double* s1 = nodes_.s1.data();
      const double* s2 = nodes_.s2.data();
      const double* d = nodes_.d.data();
      size_t best = j;
      double bestValue = INFINITY;
      for (; j <= last; ++j) {
        const double b = rs1 - s1[j];
        const double v = d[j] + (rs2 - s2[j]) - b * b / (rw - w[j]);
        if (v < bestValue) {
          bestValue = v;
          best = j;
        }
      }
      (*current_)[row] = bestValue;
      (*argmin_)[row] = static_cast<Index>(best);
      // Recurse into the smaller half, loop on the larger: O(log n) stack.
      if (row - firstRow < lastRow - row) {
        if (row > firstRow)
          divide(firstRow, row - 1, firstCol, best);
        firstRow = row + 1;
        firstCol = best;
      } else {
        divide(row + 1, lastRow, best, lastCol);
        if (row == firstRow)
          break;
        lastRow = row - 1;
        lastCol = best;
      }
    }
  }

  const Nodes& nodes_;
  std::span<const Index> lowerBounds_;
  std::vector<double>* current_ = nullptr;
  std::vector<Index>* argmin_ = nullptr;
};

} // namespace

Clustering optimalKMeans(const SortedSamples& samples, size_t begin, size_t end, size_t clusterCount)
{
  assert(clusterCount >= 1 && end - begin >= clusterCount);
  const size_t n = end - begin;
  const size_t K = clusterCount;

  // nodes[i]: prefix sums of the first i samples of the range, and D(i),
  // the least SSE of those i samples in q clusters (q = 1 first).
  LayerSolver::Nodes nodes{std::vector<double>(n + 1), std::vector<double>(n + 1), std::vector<double>(n + 1),
                           std::vector<double>(n + 1, 0.0)};
  for (size_t i = 0; i <= n; ++i) {
    const SortedSamples::Prefix& p = samples.prefix(begin + i);
    nodes.w[i] = p.w;
    nodes.s1[i] = p.s1;
    nodes.s2[i] = p.s2;
  }
  for (size_t i = 1; i <= n; ++i)
    nodes.d[i] = samples.sseOf(begin, begin + i);

  // Layer q is needed for i in [q, n − (K − q)].
  std::vector<double> current(n + 1, INFINITY);
  std::vector<Index> argmin(n + 1, 0);
  std::vector<Index> previousArgmin;
  std::vector<ArgminRow> layers; // layers[q − 2] for q = 2..K−1
  LayerSolver solver(nodes);
  for (size_t q = 2; q < K; ++q) {
    const size_t firstRow = q;
    const size_t lastRow = n - (K - q);
    solver.solve(firstRow, lastRow, q - 1, previousArgmin, current, argmin);
    layers.emplace_back(std::span<const Index>(argmin).subspan(firstRow, lastRow - firstRow + 1), firstRow);
    for (size_t i = 0; i <= n; ++i)
      nodes.d[i] = i >= firstRow && i <= lastRow ? current[i] : INFINITY;
    previousArgmin.swap(argmin);
    argmin.assign(n + 1, 0);
  }

  Clustering result;
  result.bounds.assign(K + 1, 0);
  result.bounds[K] = n;
  if (K == 1) {
    result.sse = nodes.d[n];
  } else {
    // The last layer needs only D_K(n): one scan.
    double best = INFINITY;
    size_t bestJ = K - 1;
    for (size_t j = K - 1; j < n; ++j) {
      const double v = solver.value(n, j);
      if (v < best) {
        best = v;
        bestJ = j;
      }
    }
    result.sse = best;
    result.bounds[K - 1] = bestJ;
    for (size_t q = K - 1; q >= 2; --q)
      result.bounds[q - 1] = layers[q - 2].at(result.bounds[q]);
  }
  for (size_t& b : result.bounds)
    b += begin;
  result.sse = std::max(0.0, result.sse);
  return result;
}

} // namespace nladc::quant
