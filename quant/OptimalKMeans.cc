#include "quant/OptimalKMeans.hh"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
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

// The prefix sums (and the first layer D_1) at nodeCount + 1 evenly spaced
// indices of samples [begin, end), the first and last included. With
// nodeCount = end − begin that is every index; with fewer, the nodes are a
// coarse grid whose clusters must start and end on grid points.
LayerSolver::Nodes nodesOf(const SortedSamples& samples, size_t begin, size_t end, size_t nodeCount)
{
  LayerSolver::Nodes nodes{std::vector<double>(nodeCount + 1), std::vector<double>(nodeCount + 1),
                           std::vector<double>(nodeCount + 1), std::vector<double>(nodeCount + 1, 0.0)};
  for (size_t t = 0; t <= nodeCount; ++t) {
    const SortedSamples::Prefix p = samples.prefix(begin + t * (end - begin) / nodeCount);
    nodes.w[t] = p.w;
    nodes.s1[t] = p.s1;
    nodes.s2[t] = p.s2;
  }
  for (size_t t = 1; t <= nodeCount; ++t) {
    const double s1 = nodes.s1[t] - nodes.s1[0];
    nodes.d[t] = (nodes.s2[t] - nodes.s2[0]) - s1 * s1 / (nodes.w[t] - nodes.w[0]);
  }
  return nodes;
}

// The optimal K-partition of every node (nodes.d holds D_1 on entry), one
// layer per cluster count. Bounds are node indices.
Clustering solveByLayers(LayerSolver::Nodes nodes, size_t K)
{
  const size_t n = nodes.w.size() - 1;

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
  result.sse = std::max(0.0, result.sse);
  return result;
}

// D_q(last node) for q = 1 … maxClusters: the least SSE of all the nodes'
// samples in q clusters. Every row of every layer, no backtrack.
std::vector<double> leastSseByClusterCount(LayerSolver::Nodes nodes, size_t maxClusters)
{
  const size_t n = nodes.w.size() - 1;
  std::vector<double> result{nodes.d[n]};
  std::vector<double> current(n + 1, INFINITY);
  std::vector<Index> argmin(n + 1, 0);
  std::vector<Index> previousArgmin;
  LayerSolver solver(nodes);
  for (size_t q = 2; q <= maxClusters; ++q) {
    solver.solve(q, n, q - 1, previousArgmin, current, argmin);
    for (size_t i = 0; i <= n; ++i)
      nodes.d[i] = i >= q ? current[i] : INFINITY;
    result.push_back(nodes.d[n]);
    previousArgmin.swap(argmin);
    argmin.assign(n + 1, 0);
  }
  return result;
}

// The samples' prefix sums by index, decoded a checkpoint block at a time
// into a direct-mapped cache of blocks. The exact DP reads them in order
// for its rows and, galloping to crossovers, a few hundred thousand indices
// ahead; consecutive rows gallop to nearly the same indices, so a block
// decoded for one row serves the next ones too (rebuilding an index from
// its checkpoint at every read made the DP 2.7 times slower).
class PrefixCache {
public:
  explicit PrefixCache(const SortedSamples& samples)
      : samples_(samples), tags_(slotCount, noBlock), prefixes_(slotCount * blockSize)
  {
  }

  // prefix(i), valid until the next call.
  const SortedSamples::Prefix& at(size_t i)
  {
    const size_t block = i / blockSize;
    const size_t slot = block % slotCount;
    SortedSamples::Prefix* decoded = &prefixes_[slot * blockSize];
    if (tags_[slot] != block) {
      tags_[slot] = block;
      const size_t first = block * blockSize;
      SortedSamples::Prefix p = samples_.prefix(first);
      for (size_t k = 0; k < blockSize && first + k <= samples_.size(); ++k) {
        decoded[k] = p;
        if (first + k < samples_.size())
          samples_.advance(p, first + k);
      }
    }
    return decoded[i % blockSize];
  }

private:
  static constexpr size_t blockSize = SortedSamples::checkpointStride;
  static constexpr size_t slotCount = 2048; // 384 KiB: within a core's L2
  static constexpr size_t noBlock = SIZE_MAX;

  const SortedSamples& samples_;
  std::vector<size_t> tags_; // the block each slot holds
  std::vector<SortedSamples::Prefix> prefixes_;
};

// The least SSE + penalty·(cluster count) over all partitions of samples
// [begin, end), E(i) = min_j E(j) + penalty + cost(j, i): one pass over the
// rows in order, since row i needs E only below i. The candidates j for
// the rows still to come are kept as a queue of columns, each with the
// first row it is best for. Because the cost is Monge, a newer column that
// beats an older one at some row beats it at every later row, so a new
// column either removes the newest queued columns or takes over the rows
// from a crossover on. The crossover is usually a few rows past the queue's
// last start, so it is found by galloping from there and then bisecting.
//
// Memory: the queue holds each column's E, the prefix sums come from a
// PrefixCache, and the pass keeps the argmin of each row: 4 bytes a
// distinct value and 16 a queued column.
class PenalizedSolver {
public:
  PenalizedSolver(const SortedSamples& samples, size_t begin, size_t end)
      : prefixes_(samples), begin_(begin), rowCount_(end - begin), bestColumn_(rowCount_ + 1)
  {
  }

  // The optimal partition for this penalty (bounds relative to begin); its
  // SSE is left to the caller.
  std::vector<size_t> solve(double penalty)
  {
    // A queued column: its index, the first row it is best for, and E.
    struct Candidate {
      Index column;
      Index firstRow;
      double e;
    };
    // A queue: a vector and the index of its front, compacted now and then
    // (a deque's bookkeeping cost 4 % of the whole fit).
    std::vector<Candidate> queue;
    size_t front = 0;
    const size_t n = rowCount_;
    Column newest{rowAt(0), penalty}; // row 0 as a column: E(0) + penalty
    Column best = newest;             // the front's column
    for (size_t i = 1; i <= n; ++i) {
      // Row i − 1, whose E is known, is a candidate for rows i … n.
      const Index column = static_cast<Index>(i - 1);
      while (queue.size() > front) {
        const Candidate& last = queue.back();
        const Column older{rowAt(last.column), last.e};
        const size_t from = std::max<size_t>(last.firstRow, i);
        if (beats(newest, older, from)) {
          queue.pop_back();
          continue;
        }
        const size_t crossover = firstRowWon(newest, older, from);
        if (crossover <= n)
          queue.push_back({column, static_cast<Index>(crossover), newest.e});
        break;
      }
      if (queue.size() == front)
        queue.push_back({column, static_cast<Index>(i), newest.e});
      const size_t oldFront = front;
      while (queue.size() - front > 1 && queue[front + 1].firstRow <= i)
        ++front;
      if (front != oldFront || queue[front].column == column)
        best = Column{rowAt(queue[front].column), queue[front].e};
      if (front > 1024 && 2 * front > queue.size()) {
        queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(front));
        front = 0;
      }
      bestColumn_[i] = queue[front].column;
      const SortedSamples::Prefix row = rowAt(i);
      newest = Column{row, value(best, row) + penalty};
    }

    std::vector<size_t> bounds{n};
    while (bounds.back() > 0)
      bounds.push_back(bestColumn_[bounds.back()]);
    std::reverse(bounds.begin(), bounds.end());
    return bounds;
  }

private:
  // A start j of the last cluster: prefix(j) and E(j) + penalty.
  struct Column {
    SortedSamples::Prefix p;
    double e;
  };

  // E(j) + penalty + cost(j, i) for column j and row i's prefix sums.
  static double value(const Column& column, const SortedSamples::Prefix& row)
  {
    const double s1 = row.s1 - column.p.s1;
    return column.e + (row.s2 - column.p.s2) - s1 * s1 / (row.w - column.p.w);
  }

  // Whether column newer is at least as good as column older at this row.
  // Ties go to the newer column, consistently, so its wins stay a suffix.
  bool beats(const Column& newer, const Column& older, size_t row) const
  {
    const SortedSamples::Prefix p = rowAt(row);
    return value(newer, p) <= value(older, p);
  }

  // The first row after `lost` (where newer loses to older) at which newer
  // wins, or rowCount_ + 1 if it never does.
  size_t firstRowWon(const Column& newer, const Column& older, size_t lost)
  {
    // Neighbouring columns cross about as far apart (the same distance
    // four times in ten): the search gallops from the last distance, down
    // if newer already wins there, up if not, then bisects.
    const size_t start = lost;
    const size_t probe = std::min(lost + lastDistance_, rowCount_);
    size_t won = 0;
    if (beats(newer, older, probe)) {
      won = probe;
      for (size_t step = 1; probe - step > start; step *= 2) {
        const size_t row = probe - step;
        if (!beats(newer, older, row)) {
          lost = row;
          break;
        }
        won = row;
      }
    } else {
      if (probe == rowCount_)
        return rowCount_ + 1;
      lost = probe;
      for (size_t step = 1;; step *= 2) {
        const size_t row = std::min(probe + step, rowCount_);
        if (beats(newer, older, row)) {
          won = row;
          break;
        }
        if (row == rowCount_)
          return rowCount_ + 1;
        lost = row;
      }
    }
    while (won - lost > 1) {
      const size_t row = lost + (won - lost) / 2;
      (beats(newer, older, row) ? won : lost) = row;
    }
    lastDistance_ = won - start;
    return won;
  }

  SortedSamples::Prefix rowAt(size_t row) const { return prefixes_.at(begin_ + row); }

  mutable PrefixCache prefixes_;
  size_t begin_;
  size_t rowCount_;
  std::vector<Index> bestColumn_; // the start of the last cluster of E(i)'s partition
  size_t lastDistance_ = 1;       // of the last crossover from where its search began
};

} // namespace

Clustering optimalKMeans(const SortedSamples& samples, size_t begin, size_t end, size_t clusterCount,
                         const OptimalKMeansOptions& options)
{
  assert(clusterCount >= 1 && end - begin >= clusterCount);
  assert(end - begin < std::numeric_limits<Index>::max());
  const size_t n = end - begin;
  const size_t K = clusterCount;
  auto offset = [begin](Clustering c) {
    for (size_t& b : c.bounds)
      b += begin;
    return c;
  };

  // The grid must hold K + 1 clusters, and be coarser than the samples.
  const size_t automatic = std::clamp<size_t>(64 * K, size_t{1} << 12, size_t{1} << 14);
  const size_t coarseNodes = std::max(options.coarseNodes != 0 ? options.coarseNodes : automatic, 2 * (K + 1));
  if (K == 1 || n <= coarseNodes)
    return offset(solveByLayers(nodesOf(samples, begin, end, n), K));

  // The first penalty: the middle of the coarse estimate of
  // [D_K − D_{K+1}, D_{K−1} − D_K].
  const std::vector<double> coarse = leastSseByClusterCount(nodesOf(samples, begin, end, coarseNodes), K + 1);
  double penalty = (coarse[K - 2] - coarse[K]) / 2.0;
  if (!(penalty > 0.0))
    penalty = coarse[0] / static_cast<double>(K * K);

  // Every pass yields an exact point (k, D_k) of the convex D. Once points
  // on both sides of K are known, the next penalty is the slope of the
  // chord between the nearest two: its optimum lies strictly between them
  // unless D is linear there, and then no penalty gives K clusters.
  struct Point {
    size_t clusters;
    double sse;
  };
  std::optional<Point> more; // nearest known point with more than K clusters
  std::optional<Point> fewer;
  double modelExponent = 3.0;
  PenalizedSolver solver(samples, begin, end);
  constexpr int maxPasses = 12;
  for (int pass = 0; pass < maxPasses; ++pass) {
    Clustering result{solver.solve(penalty), 0.0};
    const size_t k = result.bounds.size() - 1;
    for (size_t c = 0; c < k; ++c)
      result.sse += std::max(0.0, samples.sseOf(begin + result.bounds[c], begin + result.bounds[c + 1]));
    if (k == K)
      return offset(std::move(result));
    std::optional<Point>& side = k > K ? more : fewer;
    if (!side || (k > K ? k < side->clusters : k > side->clusters))
      side = Point{k, result.sse};
    else if (more && fewer)
      break; // on the chord: D is linear between the two points
    if (more && fewer) {
      penalty = (fewer->sse - more->sse) / static_cast<double>(more->clusters - fewer->clusters);
    } else {
      // No bracket yet. By high-resolution quantization theory D_k ∝ k^−2,
      // so the penalty that yields k clusters goes as k^−3; the exponent
      // doubles with every pass on the same side, to find a bracket soon.
      penalty *= std::pow(static_cast<double>(k) / static_cast<double>(K), modelExponent);
      modelExponent *= 2.0;
    }
  }
  return offset(solveByLayers(nodesOf(samples, begin, end, n), K));
}

} // namespace nladc::quant
