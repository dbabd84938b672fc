// Fuzz target: the decompressing sources (src/io: OpenDecompressed over a
// memory ByteSource: codec sniffing, gzip members via ISA-L, zstd frames,
// skippable and dictionary frames, the staging buffer of small reads).
//
// Input: two control bytes (read sizes, what to do), then bytes.
// Invariants:
// - Any bytes: no crash; problems are statuses (DataLoss for corrupt or
//   truncated data), an error is sticky; uncompressed input comes back as
//   it is.
// - Round trip: the input cut into blocks, each compressed by
//   BlockCompressor (gzip or zstd), concatenated, decodes to the input; the
//   same stream cut short decodes to a prefix of the input and, unless the
//   cut falls between members / frames, ends in an error.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "io/byte_source.h"
#include "io/compress.h"

namespace dechrome {
namespace {

constexpr size_t kMaxOutput = size_t{8} << 20;  // a bomb stops here

struct Decoded {
  absl::Status status;
  std::string bytes;
  Codec codec = Codec::kNone;
};

// Decodes `in` with reads of sizes taken from `sizes` (cycled).
Decoded DecodeAll(std::string_view in, size_t piece, uint8_t sizes) {
  Decoded d;
  absl::StatusOr<std::unique_ptr<ByteSource>> src =
      OpenDecompressed(std::make_unique<fuzz::MemorySource>(in, piece), &d.codec);
  if (!src.ok()) {
    d.status = src.status();
    return d;
  }
  static std::string& buf = *new std::string(size_t{1} << 18, '\0');
  size_t i = 0;
  for (;;) {
    // Small reads go through the staging buffer, large ones straight in.
    const size_t n = (sizes >> (i++ % 8)) & 1 ? buf.size() : 1 + (sizes % 61) * (i % 5);
    absl::StatusOr<size_t> got = (*src)->Read(buf.data(), n);
    if (!got.ok()) {
      d.status = got.status();
      // Sticky: the next read fails too.
      FUZZ_CHECK(!(*src)->Read(buf.data(), n).ok());
      break;
    }
    FUZZ_CHECK(*got <= n);
    if (*got == 0) {
      // The end stays the end.
      absl::StatusOr<size_t> again = (*src)->Read(buf.data(), n);
      FUZZ_CHECK(again.ok() && *again == 0);
      break;
    }
    d.bytes.append(buf.data(), *got);
    if (d.bytes.size() > kMaxOutput) break;
  }
  return d;
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  fuzz::Control ctl(data, size);
  const uint8_t a = ctl.Byte();
  const uint8_t b = ctl.Byte();
  const std::string_view input = ctl.rest();
  const size_t piece = fuzz::PieceSize(a);

  // The bytes as a compressed stream.
  Decoded raw = DecodeAll(input, piece, b);
  if (raw.status.ok() && raw.codec == Codec::kNone) FUZZ_CHECK(raw.bytes == input);
  if (!raw.status.ok()) {
    FUZZ_CHECK(raw.codec != Codec::kNone);
    FUZZ_CHECK(!raw.status.message().empty());
  }

  if ((b & 0x80) == 0 || input.size() > (size_t{1} << 16)) return 0;

  // Round trip through the writers' compressor.
  const Codec codec = (a & 1) ? Codec::kZstd : Codec::kGzip;
  auto compressor = BlockCompressor::Create(codec, 1);
  std::string stream;
  std::vector<size_t> boundaries = {0};
  size_t block = 1 + (b & 0x3f) * 11;
  for (size_t pos = 0; pos < input.size(); pos += block) {
    FUZZ_CHECK(compressor->CompressAppend(input.substr(pos, block), &stream).ok());
    boundaries.push_back(stream.size());
  }
  Decoded whole = DecodeAll(stream, piece, b);
  FUZZ_CHECK(whole.status.ok());
  FUZZ_CHECK(whole.bytes == input);
  if (!input.empty()) FUZZ_CHECK(whole.codec == codec);

  if (stream.empty()) return 0;
  const size_t cut = (static_cast<size_t>(a) * 131 + b) % stream.size();
  Decoded part = DecodeAll(std::string_view(stream).substr(0, cut), piece, b);
  // (A cut inside the magic number is not sniffed as compressed at all.)
  if (part.codec == Codec::kNone) return 0;
  FUZZ_CHECK(input.substr(0, part.bytes.size()) == part.bytes);
  bool at_boundary = false;
  for (size_t x : boundaries) at_boundary = at_boundary || x == cut;
  // A stream cut inside a member / frame fails; one cut between them is a
  // shorter valid stream.
  if (!at_boundary) FUZZ_CHECK(!part.status.ok());
  if (at_boundary) FUZZ_CHECK(part.status.ok());
  return 0;
}
