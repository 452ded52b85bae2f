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

// The exact minimum-SSE partition of samples [begin, end) into K clusters
// (1-D K-means optimum). Dynamic programming over prefix sums, as in Wang &
// Song's Ckmeans.1d.dp: D_q(i) = min_j D_{q−1}(j) + cost(j, i). The cost
// satisfies the quadrangle inequality, so the argmin is monotone along a
// layer and across layers, and a divide and conquer over each layer's rows
// finds it in O(n log n): O(K·n log n) in all. Requires end − begin >= K.
Clustering optimalKMeans(const SortedSamples& samples, size_t begin, size_t end, size_t clusterCount);

} // namespace nladc::quant
