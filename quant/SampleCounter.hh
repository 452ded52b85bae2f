#pragma once

#include "quant/SortedSamples.hh"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace nladc::quant {

// How exactly a SampleCounter's samples are kept. Exact (mergedBits 0):
// every distinct float32 value with its count. Past the memory budget,
// the low mergedBits bits of each value's bit pattern are dropped: a
// histogram whose bins hold 2^mergedBits adjacent floats, each bin standing
// at the float in its middle, so no sample moves by more than maxShift.
struct Resolution {
  int mergedBits = 0;
  double maxShift = 0.0; // activation units

  bool exact() const { return mergedBits == 0; }
  // The floats bin `value` (a bin's middle float) stands for: [lowest, highest].
  std::pair<double, double> binOf(float value) const;
};

// "fitted on a histogram of 8 adjacent float32 values per bin: …", for
// whoever reports a fit past the memory budget.
std::string histogramNote(const Resolution& resolution);

// Counts a stream of float32 samples into exact weighted distinct values,
// in memory that stops growing with the sample count (DESIGN.md §10). A
// float32 is its bit pattern: the patterns, mapped to integers in the order
// of the values, fall into pages of 2^16 adjacent floats. A page appends the
// low 16 bits of its samples to a list (2 bytes a sample, written in
// sequence); once the list would cost what a counter for every float of the
// page does (256 KiB), the page becomes counters, allocated in blocks of
// 1,024 where samples fall (a page of float16 or bfloat16 values holds a
// few bins). So memory follows the samples while they are few and the
// floats they touch after, and the counts come out in order with at most a
// radix sort of each page's list. −0 counts as +0; non-finite samples are
// counted apart. A chunk of 2^16 samples or more is counted on two cores:
// its second half into a shard, a counter of its own that the first is
// merged with before the samples are taken.
class SampleCounter {
public:
  // Bytes the counters and the sorted samples may take (past it: a
  // histogram, see Resolution).
  explicit SampleCounter(std::uint64_t memoryBudget);

  void add(std::span<const float> chunk);

  std::uint64_t finiteCount() const { return finite_; }
  std::uint64_t nonfiniteCount() const { return nonfinite_; }
  const Resolution& resolution() const { return resolution_; }

  // The counted samples, sorted and weighted by their counts; first
  // coarsened until they fit the budget. Empties the counter.
  SortedSamples takeSortedSamples();

  // What one distinct value costs from here on: its value and weight in
  // SortedSamples (8 bytes), its share of their prefix checkpoints (3)
  // and the exact K-means DP's (its argmins, about 1.1 bytes a row, and
  // the queue and E around the split, up to 16 and 10 bytes a row of the
  // widest cluster's), rounded up.
  static constexpr std::uint64_t bytesPerDistinctValue = 16;

private:
  static constexpr int pageBits = 16;
  static constexpr std::uint32_t pageMask = (std::uint32_t{1} << pageBits) - 1;
  // Bins of 2^16 floats still tell 2^7 steps in every binade.
  static constexpr int maxMergedBits = 16;

  static constexpr std::size_t pageSize = std::size_t{1} << pageBits;
  // A sparse page's list past this many entries costs what counters do.
  static constexpr std::size_t densePageEntries = pageSize * sizeof(std::uint32_t) / sizeof(std::uint16_t);

  // A counter per bin of a page, in blocks of 1,024 allocated where samples
  // fall: a page of half- or bfloat16 values holds a few bins only.
  class Counters {
  public:
    static constexpr int blockBits = 10;
    static constexpr std::size_t blockSize = std::size_t{1} << blockBits;

    // The counter of bin `low`; a new block adds its bytes to `bytes`.
    std::uint32_t& at(std::uint32_t low, std::uint64_t& bytes)
    {
      std::unique_ptr<std::uint32_t[]>& block = blocks_[low >> blockBits];
      if (!block) {
        block = std::make_unique<std::uint32_t[]>(blockSize); // zeroed
        bytes += blockSize * sizeof(std::uint32_t);
      }
      return block[low & (blockSize - 1)];
    }
    // Calls visit(low, counter) for each counter of the allocated blocks, in order.
    template <typename Visit> void forEach(Visit&& visit) const
    {
      for (std::size_t b = 0; b < blocks_.size(); ++b)
        if (const std::uint32_t* block = blocks_[b].get())
          for (std::size_t i = 0; i < blockSize; ++i)
            visit(static_cast<std::uint32_t>(b * blockSize + i), block[i]);
    }
    std::uint64_t bytes() const;

  private:
    std::array<std::unique_ptr<std::uint32_t[]>, (std::size_t{1} << pageBits) / blockSize> blocks_;
  };

  struct Page {
    std::vector<std::uint16_t> sparse; // the low bits of each sample's bin, unsorted
    std::unique_ptr<Counters> counts;  // or a counter per bin: dense

    std::uint64_t bytes() const;
  };

  // Counts a chunk into the pages, without the budget's check.
  void count(std::span<const float> chunk);
  // Adds `count` samples of bin `index` to a dense page.
  void addCount(Page& page, std::uint32_t index, std::uint64_t count);
  void makeDense(Page& page, std::uint32_t pageIndex);
  void mergeOneMoreBit();
  // Merges the shard's counts into this counter's and drops the shard.
  void absorbShard();
  std::uint64_t countAt(std::uint32_t index, std::uint32_t counter) const;
  // Calls visit(low bits, count) for each bin of a sparse page, in order.
  template <typename Visit> void forEachSparseBin(Page& page, std::vector<std::uint16_t>& scratch, Visit&& visit);
  std::uint64_t distinctCount();
  std::uint64_t pageBytes() const { return pageBytes_; }

  std::uint64_t budget_;
  Resolution resolution_;
  std::vector<Page> pages_; // by bin index >> pageBits
  std::uint64_t pageBytes_ = 0;
  // A counter that wraps past 2^32 leaves its multiples of 2^32 here.
  std::unordered_map<std::uint32_t, std::uint64_t> carries_;
  std::uint64_t finite_ = 0;
  std::uint64_t nonfinite_ = 0;
  std::unique_ptr<SampleCounter> shard_; // the second core's counts, at the same resolution
};

// The memory budget when none is given: a quarter of the machine's memory.
std::uint64_t defaultMemoryBudget();

} // namespace nladc::quant
