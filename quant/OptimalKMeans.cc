#include "quant/OptimalKMeans.hh"

#include "util/CoreCount.hh"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <future>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>

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

// Indices by position, written in order: the argmins of a DP's rows, kept
// for the backtrack. Leftmost row minima of a Monge matrix do not decrease
// and mostly grow by a little, so they are kept as one-byte steps, an
// absolute value every 64 positions and the rare larger jumps on the side:
// about 1.1 bytes a row instead of 4, which keeps a 4-bit fit of 10^7
// distinct values within 3 times its file.
class ArgminTrail {
public:
  void reserve(size_t count)
  {
    steps_.reserve(count);
    anchors_.reserve(count / anchorStride + 1);
  }
  void clear()
  {
    steps_.clear();
    anchors_.clear();
    jumps_.clear();
    last_ = 0;
  }
  Index back() const { return last_; }

  void push(Index value)
  {
    const size_t position = steps_.size();
    if (value >= last_ && value - last_ < jump) {
      steps_.push_back(static_cast<uint8_t>(value - last_));
    } else {
      steps_.push_back(jump);
      jumps_.push_back({static_cast<Index>(position), value});
    }
    if (position % anchorStride == 0)
      anchors_.push_back(value);
    last_ = value;
  }

  Index at(size_t position) const
  {
    size_t p = position - position % anchorStride;
    Index value = anchors_[p / anchorStride];
    for (++p; p <= position; ++p)
      value = steps_[p] == jump ? jumpAt(p) : value + steps_[p];
    return value;
  }

private:
  struct Jump {
    Index position;
    Index value;
  };

  Index jumpAt(size_t position) const
  {
    return std::partition_point(jumps_.begin(), jumps_.end(), [&](const Jump& j) { return j.position < position; })
        ->value;
  }

  static constexpr size_t anchorStride = 64;
  static constexpr uint8_t jump = 255;

  std::vector<uint8_t> steps_;
  std::vector<Index> anchors_; // at positions 0, 64, 128, …
  std::vector<Jump> jumps_;    // where a step reads `jump`
  Index last_ = 0;
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
  std::vector<ArgminTrail> layers; // layers[q − 2] for q = 2..K−1, from row q
  LayerSolver solver(nodes);
  for (size_t q = 2; q < K; ++q) {
    const size_t firstRow = q;
    const size_t lastRow = n - (K - q);
    solver.solve(firstRow, lastRow, q - 1, previousArgmin, current, argmin);
    layers.emplace_back().reserve(lastRow - firstRow + 1);
    for (size_t row = firstRow; row <= lastRow; ++row)
      layers.back().push(argmin[row]);
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
      result.bounds[q - 1] = layers[q - 2].at(result.bounds[q] - q);
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

// The least SSE + penalty·(cluster count) over partitions of samples
// [begin, end), E(r) = min_c E(c) + penalty + cost(c, r), one row at a time
// in one direction. Forward, row r is index begin + r and E(r) covers
// [begin, begin + r); backward, row r is index end − r and E(r) covers
// [end − r, end). Row r needs E only of earlier rows. The candidates c for
// the rows still to come are kept as a queue of columns, each with the
// first row it is best for. Because the cost is Monge, a newer column that
// beats an older one at some row beats it at every later row, so a new
// column either removes the newest queued columns or takes over the rows
// from a crossover on. The crossover is usually a few rows past the queue's
// last start, so it is found by galloping from there and then bisecting.
//
// Memory: the queue holds each column's E, the prefix sums come from a
// PrefixCache, and the caller's trail takes each row's best column: 16
// bytes a queued column and about 1.1 a row.
template <bool Backward> class PenalizedPass {
public:
  // A queued column: its row, the first row it is best for, and E + penalty.
  struct Candidate {
    Index column;
    Index firstRow;
    double e;
  };

  PenalizedPass(const SortedSamples& samples, size_t begin, size_t end, double penalty, ArgminTrail& bestColumns)
      : prefixes_(samples), begin_(begin), end_(end), rowCount_(end - begin), penalty_(penalty),
        bestColumns_(bestColumns), newest_{rowAt(0), penalty}, best_(newest_)
  {
    bestColumns_.clear();
    bestColumns_.push(0); // row 0 has none
  }

  // The last row computed, and whether it is the range's last.
  size_t row() const { return row_; }
  bool done() const { return row_ == rowCount_; }
  // E of the last row, and E + penalty: the last row as a column.
  double lastE() const { return lastE_; }
  double lastColumnE() const { return newest_.e; }
  // The columns before the last row that can still be best for a later row.
  std::span<const Candidate> queued() const { return std::span(queue_).subspan(front_); }

  // The next row's E and best column.
  void step()
  {
    const size_t i = ++row_;
    // Row i − 1, whose E is known, is a candidate for rows i … n.
    const Index column = static_cast<Index>(i - 1);
    while (queue_.size() > front_) {
      const Candidate& last = queue_.back();
      const Column older{rowAt(last.column), last.e};
      const size_t from = std::max<size_t>(last.firstRow, i);
      if (beats(newest_, older, from)) {
        queue_.pop_back();
        continue;
      }
      const size_t crossover = firstRowWon(newest_, older, from);
      if (crossover <= rowCount_)
        queue_.push_back({column, static_cast<Index>(crossover), newest_.e});
      break;
    }
    if (queue_.size() == front_)
      queue_.push_back({column, static_cast<Index>(i), newest_.e});
    const size_t oldFront = front_;
    while (queue_.size() - front_ > 1 && queue_[front_ + 1].firstRow <= i)
      ++front_;
    if (front_ != oldFront || queue_[front_].column == column)
      best_ = Column{rowAt(queue_[front_].column), queue_[front_].e};
    // Compacted now and then: a deque's bookkeeping cost 4 % of the whole fit.
    if (front_ > 1024 && 2 * front_ > queue_.size()) {
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(front_));
      front_ = 0;
    }
    bestColumns_.push(queue_[front_].column);
    const SortedSamples::Prefix row = rowAt(i);
    lastE_ = value(best_, row);
    newest_ = Column{row, lastE_ + penalty_};
  }

private:
  // A start of the last cluster: its prefix sums and E + penalty.
  struct Column {
    SortedSamples::Prefix p;
    double e;
  };

  // E(c) + penalty + cost(c, r) for column c and row r's prefix sums: the
  // same differences in the same order in both directions, so a cluster
  // costs the same bits either way.
  static double value(const Column& column, const SortedSamples::Prefix& row)
  {
    const SortedSamples::Prefix& low = Backward ? row : column.p;
    const SortedSamples::Prefix& high = Backward ? column.p : row;
    const double s1 = high.s1 - low.s1;
    return column.e + (high.s2 - low.s2) - s1 * s1 / (high.w - low.w);
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

  SortedSamples::Prefix rowAt(size_t row) const { return prefixes_.at(Backward ? end_ - row : begin_ + row); }

  mutable PrefixCache prefixes_;
  size_t begin_;
  size_t end_;
  size_t rowCount_;
  double penalty_;
  ArgminTrail& bestColumns_; // by row: the start of the last cluster of E's partition
  std::vector<Candidate> queue_;
  size_t front_ = 0;
  size_t row_ = 0;
  double lastE_ = 0.0;
  Column newest_;           // the last row as a column
  Column best_;             // the queue front's column
  size_t lastDistance_ = 1; // of the last crossover from where its search began
};

// Where the penalized pass splits (see PenalizedSolver), from the coarse
// grid's optimal K-partition (bounds in grid nodes), and the width of the
// cluster there. The forward pass stops about one cluster width past the
// split (measured on ReLU-like data: where the forward partitions' last
// bound reaches the split), the backward pass at the split, so the split
// that balances them is n − width over 2, within the cluster whose width
// that is.
struct Split {
  size_t row = 0; // 0: none
  size_t width = 0;
};

Split splitOf(const Clustering& coarse, size_t coarseNodes, size_t n)
{
  Split best;
  size_t bestFinish = n;
  for (size_t k = 0; k + 1 < coarse.bounds.size(); ++k) {
    const size_t first = coarse.bounds[k] * n / coarseNodes;
    const size_t last = coarse.bounds[k + 1] * n / coarseNodes - 1;
    if (last == 0)
      continue; // the split needs a row before it
    const size_t width = last + 1 - first;
    const size_t row = std::clamp((n - width) / 2, std::max<size_t>(first, 1), last);
    const size_t finish = std::max(row + width, n - row);
    if (finish < bestFinish) {
      bestFinish = finish;
      best = Split{row, width};
    }
  }
  return best;
}

// The optimal partition of samples [begin, end) for a penalty. A long range
// is solved from both ends at once: forward from its start, and backward
// from its end down to a split row L, on a second core where there is one.
// The forward pass stops at the first row r whose best column is L or
// later. Best columns do not decrease with the row, so the cluster that
// holds row r in the partition a whole forward pass would find starts in
// [L, r]: some optimal partition has a bound c there, and costs
// E_forward(c) + E_backward(c). Every column that can still start a
// cluster after row r is in the forward queue with its E, so the least
// such sum over the queue and row r is the optimum. Where the stop comes
// too late for the backward pass's E (past L + window), the forward pass
// runs on alone. The result depends on the data and L, not on the cores.
class PenalizedSolver {
public:
  // split.row = 0: one forward pass.
  PenalizedSolver(const SortedSamples& samples, size_t begin, size_t end, Split split)
      : samples_(samples), begin_(begin), rowCount_(end - begin), split_(split.row),
        window_(split.row == 0 ? 0 : std::min(rowCount_ - split.row + 1, split.width + split.width / 4 + 1)),
        backwardE_(std::make_unique_for_overwrite<double[]>(window_))
  {
    forwardBest_.reserve(rowCount_ + 1);
    if (split_ != 0)
      backwardBest_.reserve(rowCount_ - split_ + 1);
  }

  // The optimal partition for this penalty (bounds relative to begin); its
  // SSE is left to the caller.
  std::vector<size_t> solve(double penalty)
  {
    PenalizedPass<false> forward(samples_, begin_, begin_ + rowCount_, penalty, forwardBest_);
    if (split_ != 0) {
      std::stop_source stop;
      std::future<bool> backward;
      if (coreCount() > 1)
        backward = std::async(std::launch::async, [&] { return solveBackward(penalty, stop.get_token()); });
      // On leaving, early or by an exception, the backward pass is told to
      // stop before the future waits for it.
      struct StopOnExit {
        std::stop_source& source;
        ~StopOnExit() { source.request_stop(); }
      } stopOnExit{stop};
      while (!forward.done()) {
        forward.step();
        if (forwardBest_.back() >= split_)
          break;
      }
      const bool certified = forwardBest_.back() >= split_ && forward.row() < split_ + window_;
      if (certified) {
        if (backward.valid() ? backward.get() : solveBackward(penalty, stop.get_token()))
          return joined(forward);
      }
      // fall through: the forward pass alone
      stop.request_stop();
      if (backward.valid())
        backward.get();
    }
    while (!forward.done())
      forward.step();
    std::vector<size_t> bounds{rowCount_};
    while (bounds.back() > 0)
      bounds.push_back(forwardBest_.at(bounds.back()));
    std::reverse(bounds.begin(), bounds.end());
    return bounds;
  }

private:
  // The backward pass down to the split row, keeping E of rows
  // [split, split + window); false if stopped first.
  bool solveBackward(double penalty, std::stop_token stop)
  {
    PenalizedPass<true> backward(samples_, begin_, begin_ + rowCount_, penalty, backwardBest_);
    const size_t rows = rowCount_ - split_;
    if (rowCount_ < split_ + window_)
      backwardE_[rowCount_ - split_] = 0.0; // row 0: the empty range
    while (backward.row() < rows) {
      backward.step();
      const size_t index = rowCount_ - backward.row();
      if (index < split_ + window_)
        backwardE_[index - split_] = backward.lastE();
      if (backward.row() % 4096 == 0 && stop.stop_requested())
        return false;
    }
    return true;
  }

  // The optimal partition through the best bound in [split, forward row].
  std::vector<size_t> joined(const PenalizedPass<false>& forward)
  {
    size_t bound = forward.row();
    double best = forward.lastColumnE() + backwardE_[bound - split_];
    for (const auto& candidate : forward.queued()) {
      const double total = candidate.e + backwardE_[candidate.column - split_];
      if (total < best) {
        best = total;
        bound = candidate.column;
      }
    }
    std::vector<size_t> bounds{bound};
    while (bounds.back() > 0)
      bounds.push_back(forwardBest_.at(bounds.back()));
    std::reverse(bounds.begin(), bounds.end());
    while (bounds.back() < rowCount_)
      bounds.push_back(rowCount_ - backwardBest_.at(rowCount_ - bounds.back()));
    return bounds;
  }

  const SortedSamples& samples_;
  size_t begin_;
  size_t rowCount_;
  size_t split_;
  size_t window_;
  // A cache line each: the passes write them from two cores at every row.
  alignas(64) ArgminTrail forwardBest_;
  alignas(64) ArgminTrail backwardBest_;
  std::unique_ptr<double[]> backwardE_; // E_backward of index split + k
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
  const LayerSolver::Nodes grid = nodesOf(samples, begin, end, coarseNodes);
  const std::vector<double> coarse = leastSseByClusterCount(grid, K + 1);
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
  const size_t splitRows = options.splitRows != 0 ? options.splitRows : size_t{1} << 16;
  const Split split = n >= splitRows ? splitOf(solveByLayers(grid, K), coarseNodes, n) : Split{};
  PenalizedSolver solver(samples, begin, end, split);
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
