#include "quant/SampleCounter.hh"

#include "quant/FloatKey.hh"
#include "util/CoreCount.hh"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <future>
#include <utility>

namespace nladc::quant {

std::pair<double, double> Resolution::binOf(float value) const
{
  const std::uint32_t first = sortKey(value) >> mergedBits << mergedBits;
  return {fromSortKey(first), fromSortKey(first + ((std::uint32_t{1} << mergedBits) - 1))};
}

std::uint64_t SampleCounter::Counters::bytes() const
{
  std::uint64_t total = sizeof(*this);
  for (const auto& b : blocks_)
    total += b ? blockSize * sizeof(std::uint32_t) : 0;
  return total;
}

std::uint64_t SampleCounter::Page::bytes() const
{
  return (counts ? counts->bytes() : 0) + sparse.capacity() * sizeof(std::uint16_t);
}

SampleCounter::SampleCounter(std::uint64_t memoryBudget)
    : budget_(memoryBudget), pages_(std::size_t{1} << (32 - pageBits))
{
}

void SampleCounter::addCount(Page& page, std::uint32_t index, std::uint64_t count)
{
  std::uint32_t& counter = page.counts->at(index & pageMask, pageBytes_);
  const std::uint64_t sum = counter + count;
  counter = static_cast<std::uint32_t>(sum);
  if (sum >> 32)
    carries_[index] += sum >> 32;
}

void SampleCounter::makeDense(Page& page, std::uint32_t pageIndex)
{
  pageBytes_ -= page.bytes();
  page.counts = std::make_unique<Counters>();
  pageBytes_ += sizeof(Counters);
  for (const std::uint16_t low : page.sparse)
    addCount(page, pageIndex << pageBits | low, 1);
  std::vector<std::uint16_t>().swap(page.sparse);
}

void SampleCounter::add(std::span<const float> chunk)
{
  constexpr std::size_t parallelChunk = std::size_t{1} << 16;
  if (chunk.size() >= parallelChunk && coreCount() > 1) {
    if (!shard_) {
      shard_ = std::make_unique<SampleCounter>(budget_);
      shard_->resolution_ = resolution_;
    }
    const std::size_t half = chunk.size() / 2;
    auto second = std::async(std::launch::async, [&] { shard_->count(chunk.subspan(half)); });
    count(chunk.first(half));
    second.get();
    finite_ += std::exchange(shard_->finite_, 0);
    nonfinite_ += std::exchange(shard_->nonfinite_, 0);
  } else {
    count(chunk);
  }
  while (pageBytes() + (shard_ ? shard_->pageBytes() : 0) > budget_ && resolution_.mergedBits < maxMergedBits) {
    mergeOneMoreBit();
    if (shard_)
      shard_->mergeOneMoreBit();
  }
}

void SampleCounter::count(std::span<const float> chunk)
{
  const int shift = resolution_.mergedBits;
  std::uint64_t nonfinite = 0;
  for (const float x : chunk) {
    if (!std::isfinite(x)) {
      ++nonfinite;
      continue;
    }
    const std::uint32_t index = sortKey(x + 0.0f) >> shift; // + 0 turns −0 into +0
    Page& page = pages_[index >> pageBits];
    if (page.counts) {
      if (++page.counts->at(index & pageMask, pageBytes_) == 0)
        ++carries_[index];
      continue;
    }
    const std::size_t capacity = page.sparse.capacity();
    page.sparse.push_back(static_cast<std::uint16_t>(index & pageMask));
    pageBytes_ += (page.sparse.capacity() - capacity) * sizeof(std::uint16_t);
    if (page.sparse.size() >= densePageEntries)
      makeDense(page, index >> pageBits);
  }
  nonfinite_ += nonfinite;
  finite_ += chunk.size() - nonfinite;
}

void SampleCounter::absorbShard()
{
  if (!shard_)
    return;
  for (std::uint32_t p = 0; p < pages_.size(); ++p) {
    Page& page = pages_[p];
    const Page other = std::move(shard_->pages_[p]);
    if (other.counts && !page.counts)
      makeDense(page, p);
    if (page.counts) {
      if (other.counts)
        other.counts->forEach([&](std::uint32_t low, std::uint32_t counter) {
          if (counter != 0)
            addCount(page, p << pageBits | low, counter);
        });
      for (const std::uint16_t low : other.sparse)
        addCount(page, p << pageBits | low, 1);
      continue;
    }
    pageBytes_ -= page.bytes();
    page.sparse.reserve(page.sparse.size() + other.sparse.size()); // no slack: the lists are most of the memory
    page.sparse.insert(page.sparse.end(), other.sparse.begin(), other.sparse.end());
    pageBytes_ += page.bytes();
    if (page.sparse.size() >= densePageEntries)
      makeDense(page, p);
  }
  for (const auto& [index, carry] : shard_->carries_)
    carries_[index] += carry;
  shard_.reset();
}

std::uint64_t SampleCounter::countAt(std::uint32_t index, std::uint32_t counter) const
{
  const auto carry = carries_.empty() ? carries_.end() : carries_.find(index);
  return counter + (carry == carries_.end() ? 0 : carry->second << 32);
}

void SampleCounter::mergeOneMoreBit()
{
  // Bin i of the coarser histogram is bins 2i and 2i + 1 of this one: page
  // q gathers pages 2q and 2q + 1, the first into its lower half.
  std::unordered_map<std::uint32_t, std::uint64_t> carries;
  for (const auto& [index, carry] : carries_)
    carries[index >> 1] += carry;
  carries_ = std::move(carries);
  std::vector<Page> merged(pages_.size() / 2);
  for (std::uint32_t q = 0; q < merged.size(); ++q) {
    Page& target = merged[q];
    const auto halfOf = [&](std::uint32_t half, std::uint32_t low) { return half << (pageBits - 1) | low >> 1; };
    const bool dense = pages_[2 * q].counts || pages_[2 * q + 1].counts;
    if (dense)
      target.counts = std::make_unique<Counters>();
    const auto add = [&](std::uint32_t bin, std::uint64_t count) { addCount(target, q << pageBits | bin, count); };
    for (std::uint32_t half = 0; half < 2; ++half) {
      const Page source = std::move(pages_[2 * q + half]);
      if (source.counts)
        source.counts->forEach([&](std::uint32_t low, std::uint32_t counter) {
          if (counter != 0)
            add(halfOf(half, low), counter);
        });
      for (const std::uint16_t low : source.sparse) {
        const std::uint32_t bin = halfOf(half, low);
        if (dense)
          add(bin, 1);
        else
          target.sparse.push_back(static_cast<std::uint16_t>(bin));
      }
    }
    if (target.sparse.size() >= densePageEntries)
      makeDense(target, q);
  }
  pages_ = std::move(merged);
  pageBytes_ = 0;
  for (const Page& page : pages_)
    pageBytes_ += page.bytes();
  ++resolution_.mergedBits;
}

namespace {

// Sorts 16-bit keys in two 8-bit counting passes: linear, where a
// comparison sort of the hundred thousand entries a page can hold is not.
void radixSort(std::vector<std::uint16_t>& keys, std::vector<std::uint16_t>& buffer)
{
  if (std::is_sorted(keys.begin(), keys.end()))
    return;
  buffer.resize(keys.size());
  for (const int shift : {0, 8}) {
    std::array<std::size_t, 257> start{};
    for (const std::uint16_t key : keys)
      ++start[((key >> shift) & 0xff) + 1];
    for (std::size_t digit = 1; digit < start.size(); ++digit)
      start[digit] += start[digit - 1];
    for (const std::uint16_t key : keys)
      buffer[start[(key >> shift) & 0xff]++] = key;
    keys.swap(buffer);
  }
}

} // namespace

template <typename Visit>
void SampleCounter::forEachSparseBin(Page& page, std::vector<std::uint16_t>& scratch, Visit&& visit)
{
  radixSort(page.sparse, scratch);
  for (std::size_t i = 0; i < page.sparse.size();) {
    std::size_t run = i + 1;
    while (run < page.sparse.size() && page.sparse[run] == page.sparse[i])
      ++run;
    visit(page.sparse[i], run - i);
    i = run;
  }
}

std::uint64_t SampleCounter::distinctCount()
{
  std::vector<std::uint16_t> scratch;
  std::uint64_t distinct = 0;
  for (std::uint32_t p = 0; p < pages_.size(); ++p) {
    Page& page = pages_[p];
    if (page.counts) {
      page.counts->forEach([&](std::uint32_t low, std::uint32_t counter) {
        distinct += countAt(p << pageBits | low, counter) != 0 ? 1 : 0;
      });
    } else {
      forEachSparseBin(page, scratch, [&](std::uint32_t, std::uint64_t) { ++distinct; });
    }
  }
  return distinct;
}

SortedSamples SampleCounter::takeSortedSamples()
{
  absorbShard();
  std::uint64_t distinct = distinctCount();
  while (distinct * bytesPerDistinctValue > budget_ && resolution_.mergedBits < maxMergedBits) {
    mergeOneMoreBit();
    distinct = distinctCount();
  }

  // A bin of 2^shift keys stands at its middle key; a bin of one key is exact.
  const int shift = resolution_.mergedBits;
  const std::uint32_t middle = shift == 0 ? 0 : std::uint32_t{1} << (shift - 1);
  std::vector<float> values;
  CompactWeights weights;
  values.reserve(distinct);
  weights.reserve(distinct);
  std::vector<std::uint16_t> scratch; // distinctCount sorted the lists: the sort only checks
  const auto emit = [&](std::uint32_t index, std::uint64_t count) {
    const std::uint32_t first = index << shift;
    const float value = fromSortKey(first + middle);
    values.push_back(value);
    weights.push_back(static_cast<double>(count));
    if (shift > 0) {
      const double lowest = fromSortKey(first);
      const double highest = fromSortKey(first + ((std::uint32_t{1} << shift) - 1));
      resolution_.maxShift = std::max({resolution_.maxShift, value - lowest, highest - value});
    }
  };
  for (std::uint32_t p = 0; p < pages_.size(); ++p) {
    Page page = std::move(pages_[p]); // freed as the sorted samples grow
    if (page.counts) {
      page.counts->forEach([&](std::uint32_t low, std::uint32_t counter) {
        if (const std::uint64_t count = countAt(p << pageBits | low, counter); count != 0)
          emit(p << pageBits | low, count);
      });
    } else {
      forEachSparseBin(page, scratch,
                       [&](std::uint32_t low, std::uint64_t count) { emit(p << pageBits | low, count); });
    }
  }
  pages_.clear();
  pageBytes_ = 0;
  carries_.clear();
  return SortedSamples(std::move(values), std::move(weights));
}

std::string histogramNote(const Resolution& resolution)
{
  return fmt::format("its distinct values pass the memory budget, so it was fitted on a histogram of {} adjacent "
                     "float32 values per bin: every sample moved by at most {:g} (the level file's metrics give the "
                     "bound on each MSE)",
                     std::uint64_t{1} << resolution.mergedBits, resolution.maxShift);
}

std::uint64_t defaultMemoryBudget()
{
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long pageSize = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || pageSize <= 0)
    return std::uint64_t{1} << 30;
  return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize) / 4;
}

} // namespace nladc::quant
