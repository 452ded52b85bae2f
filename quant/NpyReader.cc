#include "quant/NpyReader.hh"

#include "quant/ActivationReader.hh"
#include "util/Error.hh"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string_view>
#include <utility>

namespace nladc::quant {

namespace {

static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              ".npy floats are IEEE 754; so must ours be");

// Large enough to amortise the reads, small enough to never matter next to
// the samples; a multiple of every element size.
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
// numpy itself refuses headers over 10000 bytes; this only stops a corrupt
// length field from allocating gigabytes.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{1} << 20;
constexpr int kMaxNesting = 16;
constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::string_view kSupportedTypes = "float16/32/64, int8/16/32/64, uint8/16/32/64";

[[noreturn]] void fail(const std::string& where, std::string_view what)
{
  throw InputError(fmt::format("{}: {}", where, what));
}

std::size_t readFully(const ReadBytes& read, char* buffer, std::size_t size)
{
  std::size_t done = 0;
  while (done < size) {
    const std::size_t got = read(buffer + done, size - done);
    if (got == 0)
      break;
    done += got;
  }
  return done;
}

// The bit pattern of a float16, a type of its own for the toSample overloads.
enum class Half : std::uint16_t {};

float toSample(Half half)
{
  const auto bits = static_cast<std::uint32_t>(half);
  const std::uint32_t sign = (bits & 0x8000u) << 16;
  const std::uint32_t exponent = (bits >> 10) & 0x1fu;
  const std::uint32_t mantissa = bits & 0x3ffu;
  if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float
    const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign != 0 ? -magnitude : magnitude;
  }
  // Inf and NaN keep an all-ones exponent; normal numbers are rebiased.
  const std::uint32_t floatExponent = exponent == 0x1f ? 0xffu : exponent + (127 - 15);
  return std::bit_cast<float>(sign | floatExponent << 23 | mantissa << 13);
}

template <typename Number> float toSample(Number value)
{
  return static_cast<float>(value);
}

template <typename Stored> void convertChunk(const char* bytes, std::size_t count, bool swapBytes, float* out)
{
  for (std::size_t i = 0; i < count; ++i) {
    std::array<char, sizeof(Stored)> raw;
    std::memcpy(raw.data(), bytes + i * sizeof(Stored), sizeof(Stored));
    if (swapBytes)
      std::reverse(raw.begin(), raw.end());
    out[i] = toSample(std::bit_cast<Stored>(raw));
  }
}

using ChunkConverter = void (*)(const char* bytes, std::size_t count, bool swapBytes, float* out);

struct ElementFormat {
  char kind;
  std::size_t size;
  ChunkConverter convert;
};

constexpr std::array kElementFormats{
    ElementFormat{'f', 2, &convertChunk<Half>},          ElementFormat{'f', 4, &convertChunk<float>},
    ElementFormat{'f', 8, &convertChunk<double>},        ElementFormat{'i', 1, &convertChunk<std::int8_t>},
    ElementFormat{'i', 2, &convertChunk<std::int16_t>},  ElementFormat{'i', 4, &convertChunk<std::int32_t>},
    ElementFormat{'i', 8, &convertChunk<std::int64_t>},  ElementFormat{'u', 1, &convertChunk<std::uint8_t>},
    ElementFormat{'u', 2, &convertChunk<std::uint16_t>}, ElementFormat{'u', 4, &convertChunk<std::uint32_t>},
    ElementFormat{'u', 8, &convertChunk<std::uint64_t>},
};

const ElementFormat* findFormat(char kind, std::size_t size)
{
  const auto found = std::find_if(kElementFormats.begin(), kElementFormats.end(), [&](const ElementFormat& format) {
    return format.kind == kind && format.size == size;
  });
  return found == kElementFormats.end() ? nullptr : &*found;
}

constexpr bool kNativeBigEndian = std::endian::native == std::endian::big;

// A Python literal of an .npy header, which is the repr() of a dict.
struct Literal {
  enum class Kind { String, Integer, Boolean, None, Sequence };
  Kind kind = Kind::None;
  std::string text{};           // String
  bool negative = false;        // Integer
  std::uint64_t magnitude = 0;  // Integer
  bool boolean = false;         // Boolean
  std::vector<Literal> items{}; // Sequence: a tuple or a list
};

using HeaderEntries = std::vector<std::pair<std::string, Literal>>;

// Recursive descent over the literals numpy writes: strings, integers,
// True/False/None, tuples and lists (structured dtypes), one dict around them.
class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string& where) : text_(text), where_(where) {}

  HeaderEntries parseDict()
  {
    HeaderEntries entries;
    skipSpace();
    expect('{');
    skipSpace();
    for (bool done = consume('}'); !done; done = listEnds('}')) {
      if (!atQuote())
        error("expected a quoted key");
      std::string key = parseString().text;
      skipSpace();
      expect(':');
      entries.emplace_back(std::move(key), parseValue(1));
    }
    skipSpace();
    if (pos_ != text_.size())
      error("unexpected text after the dictionary");
    return entries;
  }

private:
  Literal parseValue(int depth)
  {
    if (depth > kMaxNesting)
      error("nested too deeply");
    skipSpace();
    if (pos_ == text_.size())
      error("unexpected end");
    const char next = text_[pos_];
    if (atQuote())
      return parseString();
    if (consume('('))
      return parseSequence(')', depth);
    if (consume('['))
      return parseSequence(']', depth);
    if (next == '-' || next == '+' || isDigit(next))
      return parseInteger();
    if (isNameChar(next))
      return parseName();
    error(fmt::format("unexpected '{}'", printableExcerpt(text_.substr(pos_, 1))));
  }

  Literal parseString()
  {
    const char quote = text_[pos_++];
    Literal literal{.kind = Literal::Kind::String};
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size())
        ++pos_;
      literal.text += text_[pos_++];
    }
    if (!consume(quote))
      error("unterminated string");
    return literal;
  }

  Literal parseInteger()
  {
    Literal literal{.kind = Literal::Kind::Integer};
    literal.negative = consume('-');
    if (!literal.negative)
      consume('+');
    const char* first = text_.data() + pos_;
    const char* last = text_.data() + text_.size();
    const auto [end, status] = std::from_chars(first, last, literal.magnitude);
    if (status == std::errc::result_out_of_range)
      error("integer too large");
    if (status != std::errc{})
      error("expected digits");
    pos_ += static_cast<std::size_t>(end - first);
    consume('L'); // Python 2 wrote long integers as 3L
    return literal;
  }

  Literal parseName()
  {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && isNameChar(text_[pos_]))
      ++pos_;
    const std::string_view name = text_.substr(start, pos_ - start);
    if (name == "True" || name == "False")
      return Literal{.kind = Literal::Kind::Boolean, .boolean = name == "True"};
    if (name == "None")
      return Literal{.kind = Literal::Kind::None};
    error(fmt::format("unexpected name '{}'", printableExcerpt(name)));
  }

  Literal parseSequence(char close, int depth)
  {
    Literal sequence{.kind = Literal::Kind::Sequence};
    skipSpace();
    for (bool done = consume(close); !done; done = listEnds(close))
      sequence.items.push_back(parseValue(depth + 1));
    return sequence;
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }
  static bool isNameChar(char c) { return c == '_' || isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
  bool atQuote() const { return pos_ < text_.size() && (text_[pos_] == '\'' || text_[pos_] == '"'); }

  void skipSpace()
  {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool consume(char c)
  {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // After an item of a dict, tuple or list: whether `close` ends it. Python
  // allows a comma before the closing bracket.
  bool listEnds(char close)
  {
    skipSpace();
    if (consume(close))
      return true;
    if (!consume(','))
      error(fmt::format("expected ',' or '{}'", close));
    skipSpace();
    return consume(close);
  }

  void expect(char c)
  {
    if (!consume(c))
      error(fmt::format("expected '{}'", c));
  }

  [[noreturn]] void error(std::string_view what) const
  {
    fail(where_, fmt::format("bad .npy header at character {}: {}", pos_ + 1, what));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  const std::string& where_;
};

struct NpyHeader {
  std::string descr;
  NpyElementType type;
  std::vector<std::uint64_t> shape;
};

NpyElementType parseDescr(const std::string& descr, const std::string& where)
{
  std::string_view rest = descr;
  bool bigEndian = kNativeBigEndian; // '=' native, '|' byte order not applicable
  if (!rest.empty() && (rest[0] == '<' || rest[0] == '>' || rest[0] == '=' || rest[0] == '|')) {
    if (rest[0] == '<' || rest[0] == '>')
      bigEndian = rest[0] == '>';
    rest.remove_prefix(1);
  }
  std::size_t size = 0;
  const char* sizeEnd = rest.data() + rest.size();
  const bool sizeParsed = rest.size() >= 2 && std::from_chars(rest.data() + 1, sizeEnd, size).ptr == sizeEnd;
  if (!sizeParsed || findFormat(rest[0], size) == nullptr)
    fail(where, fmt::format("unsupported dtype '{}' (supported: {})", printableExcerpt(descr), kSupportedTypes));
  return {rest[0], size, bigEndian};
}

NpyHeader interpretHeader(const HeaderEntries& entries, const std::string& where)
{
  const Literal* descr = nullptr;
  const Literal* fortranOrder = nullptr;
  const Literal* shape = nullptr;
  for (const auto& [key, value] : entries) {
    const Literal** slot = key == "descr"           ? &descr
                           : key == "fortran_order" ? &fortranOrder
                           : key == "shape"         ? &shape
                                                    : nullptr;
    if (slot == nullptr)
      fail(where, fmt::format("bad .npy header: unexpected key '{}'", printableExcerpt(key)));
    if (*slot != nullptr)
      fail(where, fmt::format("bad .npy header: duplicate key '{}'", printableExcerpt(key)));
    *slot = &value;
  }
  for (const auto& [found, key] : {std::pair{descr, "descr"}, {fortranOrder, "fortran_order"}, {shape, "shape"}}) {
    if (found == nullptr)
      fail(where, fmt::format("bad .npy header: no '{}' key", key));
  }

  if (descr->kind == Literal::Kind::Sequence)
    fail(where, "structured dtypes (arrays of records) are not supported; save a plain numeric array");
  if (descr->kind != Literal::Kind::String)
    fail(where, "bad .npy header: 'descr' is not a string");
  // The storage order only permutes the samples, which form a multiset, but
  // the flag must still be well-formed.
  if (fortranOrder->kind != Literal::Kind::Boolean)
    fail(where, "bad .npy header: 'fortran_order' is not True or False");
  const bool shapeValid = shape->kind == Literal::Kind::Sequence &&
                          std::all_of(shape->items.begin(), shape->items.end(), [](const Literal& item) {
                            return item.kind == Literal::Kind::Integer && (!item.negative || item.magnitude == 0);
                          });
  if (!shapeValid)
    fail(where, "bad .npy header: 'shape' is not a tuple of non-negative integers");

  NpyHeader header{.descr = descr->text, .type = parseDescr(descr->text, where), .shape = {}};
  for (const Literal& extent : shape->items)
    header.shape.push_back(extent.magnitude);
  return header;
}

std::string shapeText(const std::vector<std::uint64_t>& shape)
{
  if (shape.size() == 1)
    return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

// prod(shape) * itemsize, or an error if it does not fit in 64 bits.
std::uint64_t dataBytesOf(const NpyHeader& header, const std::string& where)
{
  std::uint64_t bytes = header.type.size;
  for (const std::uint64_t extent : header.shape) {
    if (extent != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / extent)
      fail(where, fmt::format("shape {} is too large", shapeText(header.shape)));
    bytes *= extent;
  }
  return bytes;
}

} // namespace

ReadBytes bytesFrom(std::istream& in, const std::string& where)
{
  return [&in, where](char* buffer, std::size_t size) {
    in.read(buffer, static_cast<std::streamsize>(size));
    if (in.bad())
      fail(where, "read error");
    return static_cast<std::size_t>(in.gcount());
  };
}

void streamElements(const ReadBytes& read, const NpyElementType& type, std::uint64_t count, const std::string& where,
                    const SampleSink& sink)
{
  const ElementFormat* format = findFormat(type.kind, type.size);
  if (format == nullptr)
    fail(where, fmt::format("unsupported element type '{}{}'", type.kind, type.size));
  if (count > std::numeric_limits<std::uint64_t>::max() / type.size)
    fail(where, fmt::format("{} values are more than this machine can address", count));
  const std::uint64_t expectedBytes = count * type.size;
  const bool swapBytes = type.size > 1 && type.bigEndian != kNativeBigEndian;
  const std::size_t elementsPerChunk = kChunkBytes / type.size;
  // Native float32 is read straight into the samples; other types through a
  // buffer of their bytes.
  const bool native = type.kind == 'f' && type.size == sizeof(float) && !swapBytes;
  std::vector<char> chunk(native ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, expectedBytes)));
  std::vector<float> samples(std::min<std::uint64_t>(elementsPerChunk, count));
  for (std::uint64_t done = 0; done < count;) {
    const auto elements = static_cast<std::size_t>(std::min<std::uint64_t>(elementsPerChunk, count - done));
    char* bytes = native ? reinterpret_cast<char*>(samples.data()) : chunk.data();
    const std::size_t found = readFully(read, bytes, elements * type.size);
    if (found < elements * type.size)
      fail(where, fmt::format("truncated: expected {} data bytes, found {}", expectedBytes, done * type.size + found));
    if (!native)
      format->convert(chunk.data(), elements, swapBytes, samples.data());
    sink(std::span<const float>(samples.data(), elements));
    done += elements;
  }
}

std::vector<float> readElements(const ReadBytes& read, const NpyElementType& type, std::uint64_t count,
                                const std::string& where)
{
  requireAcceptedSampleCount(count, where);
  if (count > std::vector<float>().max_size())
    fail(where, fmt::format("{} values are more than this machine can address", count));
  std::vector<float> values;
  values.reserve(static_cast<std::size_t>(count));
  streamElements(read, type, count, where,
                 [&values](std::span<const float> chunk) { values.insert(values.end(), chunk.begin(), chunk.end()); });
  return values;
}

namespace {

// The header of an .npy stream, read and checked, the stream left at its data.
struct NpyLayout {
  NpyHeader header;
  std::uint64_t dataBytes;      // what the header's shape and type need
  std::uint64_t availableBytes; // what the stream holds after the header
  std::uint64_t samples() const { return dataBytes / header.type.size; }
};

NpyLayout readLayout(const ReadBytes& read, std::uint64_t streamSize, const std::string& where)
{
  std::array<char, kMagic.size() + 2> preamble{}; // magic, major and minor version
  const std::size_t preambleFound = readFully(read, preamble.data(), preamble.size());
  if (preambleFound == 0)
    fail(where, "not an .npy file: it is empty");
  if (preambleFound < preamble.size() || std::string_view(preamble.data(), kMagic.size()) != kMagic)
    fail(where, "not an .npy file: it does not start with the .npy magic \\x93NUMPY");
  const auto major = static_cast<unsigned char>(preamble[kMagic.size()]);
  const auto minor = static_cast<unsigned char>(preamble[kMagic.size() + 1]);
  if (major < 1 || major > 3 || minor != 0)
    fail(where, fmt::format("unsupported .npy format version {}.{} (supported: 1.0, 2.0, 3.0)", major, minor));

  // Version 1.0 stores the header length in 2 bytes, later versions in 4;
  // both little-endian.
  const std::size_t lengthBytes = major == 1 ? 2 : 4;
  std::array<char, 4> lengthField{};
  if (readFully(read, lengthField.data(), lengthBytes) < lengthBytes)
    fail(where, "truncated: the file ends inside the .npy preamble");
  std::uint64_t headerLength = 0;
  for (std::size_t i = lengthBytes; i-- > 0;)
    headerLength = headerLength << 8 | static_cast<unsigned char>(lengthField[i]);
  const std::uint64_t headerStart = preamble.size() + lengthBytes;
  if (headerLength > kMaxHeaderBytes)
    fail(where, fmt::format("bad .npy header: its length field says {} bytes", headerLength));
  if (headerStart + headerLength > streamSize)
    fail(where, fmt::format("truncated: the header needs {} bytes, found {}", headerLength,
                            streamSize - std::min(streamSize, headerStart)));
  std::string headerText(headerLength, '\0');
  if (readFully(read, headerText.data(), headerText.size()) < headerText.size())
    fail(where, "truncated: the file ends inside the .npy header");

  NpyHeader header = interpretHeader(HeaderParser(headerText, where).parseDict(), where);
  const std::uint64_t dataBytes = dataBytesOf(header, where);
  return {std::move(header), dataBytes, streamSize - (headerStart + headerLength)};
}

// The data the header declares must be all the stream holds after it.
void requireDeclaredData(const NpyLayout& layout, const std::string& where)
{
  if (layout.availableBytes != layout.dataBytes)
    fail(where, fmt::format("{}shape {} of '{}' needs {} data bytes after the header, found {}{}",
                            layout.availableBytes < layout.dataBytes ? "truncated: " : "",
                            shapeText(layout.header.shape), printableExcerpt(layout.header.descr), layout.dataBytes,
                            layout.availableBytes, layout.availableBytes < layout.dataBytes ? "" : " (trailing data)"));
}

// Reading to the end also makes an .npz member verify its checksum.
void requireEnd(const ReadBytes& read, const NpyLayout& layout, const std::string& where)
{
  char extra = 0;
  if (readFully(read, &extra, 1) != 0)
    fail(where, fmt::format("data continues after the {} bytes the header declares", layout.dataBytes));
}

} // namespace

std::vector<float> parseNpy(const ReadBytes& read, std::uint64_t streamSize, const std::string& where,
                            std::uint64_t samplesBefore)
{
  const NpyLayout layout = readLayout(read, streamSize, where);
  // Checked before anything is allocated, so an absurd shape is an error and
  // not an out-of-memory; before the data bytes, as a shape past the limit
  // is refused whatever data follows. The sum saturates rather than wrap.
  const std::uint64_t samples = layout.samples();
  const std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();
  requireAcceptedSampleCount(samples > unlimited - samplesBefore ? unlimited : samplesBefore + samples, where);
  requireDeclaredData(layout, where);
  std::vector<float> values = readElements(read, layout.header.type, samples, where);
  requireEnd(read, layout, where);
  return values;
}

void streamNpy(const ReadBytes& read, std::uint64_t streamSize, const std::string& where, const SampleSink& sink)
{
  const NpyLayout layout = readLayout(read, streamSize, where);
  requireDeclaredData(layout, where);
  streamElements(read, layout.header.type, layout.samples(), where, sink);
  requireEnd(read, layout, where);
}

std::vector<float> readNpy(std::istream& in, std::uint64_t size, const std::string& where)
{
  return parseNpy(bytesFrom(in, where), size, where);
}

} // namespace nladc::quant
