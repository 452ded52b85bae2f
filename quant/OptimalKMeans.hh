#pragma once

#include "quant/SortedSamples.hh"

#include <vector>

namespace nladc::quant {

// A partition of the index range [bounds.front(), bounds.back()) of sorted
// samples into clusters [bounds[k], bounds[k+1]).
struct Clustering {
  std::vector<size_t> bounds;
  double sse = 0.0; // Σ over clusters of Σ w·(x − mean)²

  std::vector<double> centroids(const SortedSamples& samples) const;
};

// How optimalKMeans searches. The optimum's SSE does not depend on it;
// where partitions tie within rounding, which of them comes back may.
struct OptimalKMeansOptions {
  // Nodes of the coarse grid that estimates the first penalty (see below).
  // Ranges of at most this many samples are solved by layers. 0: 64 a
  // cluster, within [2^12, 2^14] (a first penalty that gives K clusters at
  // once up to 6 bits; 2^14 for every K cost 8 ms more at 4 bits). Tests
  // set it to drive the penalized search on sets they can check.
  size_t coarseNodes = 0;
  // Ranges of at least this many samples run the penalized pass from both
  // ends, on two cores where there are two. 0: 2^16. Tests set it to split
  // small sets.
  size_t splitRows = 0;
};

// The exact minimum-SSE partition of samples [begin, end) into K clusters
// (1-D K-means optimum). Dynamic programming over prefix sums, as in Wang &
// Song's Ckmeans.1d.dp: D_q(i) = min_j D_{q−1}(j) + cost(j, i). The cost
// satisfies the quadrangle inequality (it is Monge), so the argmin is
// monotone along a layer and across layers; small ranges are solved layer
// by layer, O(K·n log n).
//
// Large ranges go through the Lagrangian relaxation instead (Aggarwal,
// Schieber & Tokuyama's approach to minimum-weight k-link paths in Monge
// graphs): the least SSE + λ·(cluster count) over partitions into any
// number of clusters takes one pass over the samples, and an optimum of it
// with exactly K clusters is an optimal K-partition. D_K(n) is convex in K,
// so such λ lie between D_K − D_{K+1} and D_{K−1} − D_K; a layered solve on
// a coarse grid of the samples estimates that interval, and further passes
// (rarely needed) search it. Where D_K(n) is linear around K no λ gives K
// clusters, and the layered solve runs on the whole range. A long range's
// pass runs from both ends at once, on two cores, and the two halves are
// joined at a bound the forward pass certifies (PenalizedSolver).
// Requires end − begin >= K.
Clustering optimalKMeans(const SortedSamples& samples, size_t begin, size_t end, size_t clusterCount,
                         const OptimalKMeansOptions& options = {});

} // namespace nladc::quant
