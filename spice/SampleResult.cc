#include "spice/SampleResult.hh"

#include "util/Error.hh"

#include <cstring>

namespace nladc::spice {

namespace {

class FrameWriter {
public:
  template <class T> void put(const T& value) { append(&value, sizeof value); }
  void put(const std::string& text)
  {
    put(static_cast<uint32_t>(text.size()));
    append(text.data(), text.size());
  }
  void append(const void* bytes, size_t size)
  {
    const char* begin = static_cast<const char*>(bytes);
    data_.insert(data_.end(), begin, begin + size);
  }
  std::vector<char> take() { return std::move(data_); }

private:
  std::vector<char> data_;
};

class FrameReader {
public:
  explicit FrameReader(std::vector<char> data) : data_(std::move(data)) {}
  template <class T> T get()
  {
    T value;
    take(&value, sizeof value);
    return value;
  }
  std::string getString()
  {
    std::string text(get<uint32_t>(), '\0');
    take(text.data(), text.size());
    return text;
  }
  void take(void* out, size_t size)
  {
    if (size > data_.size() - position_)
      throw WorkError("a truncated sample result");
    if (size == 0)
      return; // an empty vector's data() may be null, which memcpy must not see
    std::memcpy(out, data_.data() + position_, size);
    position_ += size;
  }

private:
  std::vector<char> data_;
  size_t position_ = 0;
};

} // namespace

std::vector<char> encodeResult(const SampleResult& result)
{
  FrameWriter frame;
  frame.put(result.index);
  frame.put(static_cast<uint8_t>(result.ok));
  frame.put(static_cast<uint8_t>(result.aborted));
  frame.put(static_cast<int64_t>(result.workerPeakRssKiB));
  frame.put(result.reason);
  frame.put(static_cast<uint32_t>(result.vectors.size()));
  for (const std::vector<double>& vector : result.vectors) {
    frame.put(static_cast<uint32_t>(vector.size()));
    frame.append(vector.data(), vector.size() * sizeof(double));
  }
  return frame.take();
}

SampleResult decodeResult(std::vector<char> bytes)
{
  FrameReader frame(std::move(bytes));
  SampleResult result;
  result.index = frame.get<uint64_t>();
  result.ok = frame.get<uint8_t>() != 0;
  result.aborted = frame.get<uint8_t>() != 0;
  if (result.ok && result.aborted)
    throw WorkError("a sample result both ok and aborted");
  result.workerPeakRssKiB = static_cast<long>(frame.get<int64_t>());
  result.reason = frame.getString();
  result.vectors.resize(frame.get<uint32_t>());
  for (std::vector<double>& vector : result.vectors) {
    vector.resize(frame.get<uint32_t>());
    frame.take(vector.data(), vector.size() * sizeof(double));
  }
  return result;
}

} // namespace nladc::spice
