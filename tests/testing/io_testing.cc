#include "testing/io_testing.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace dechrome {
namespace testing {

absl::StatusOr<size_t> StringSource::Read(char* buf, size_t n) {
  size_t k = std::min(n, data_.size() - pos_);
  if (max_chunk_ > 0) k = std::min(k, max_chunk_);
  if (k > 0) memcpy(buf, data_.data() + pos_, k);
  pos_ += k;
  return k;
}

std::unique_ptr<ByteSource> MakeStringSource(std::string data, size_t max_chunk) {
  return std::make_unique<StringSource>(std::move(data), max_chunk);
}

absl::StatusOr<std::string> ReadAll(ByteSource* source, size_t buf_size,
                                    std::string* partial) {
  std::string out;
  std::vector<char> buf(buf_size);
  for (;;) {
    absl::StatusOr<size_t> got = source->Read(buf.data(), buf.size());
    if (!got.ok()) {
      if (partial != nullptr) *partial = std::move(out);
      return got.status();
    }
    if (*got == 0) break;
    out.append(buf.data(), *got);
  }
  return out;
}

absl::StatusOr<std::string> DecompressAll(std::string data, size_t buf_size, Codec* codec,
                                          size_t max_chunk, std::string* partial) {
  DECHROME_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> src,
                            OpenDecompressed(MakeStringSource(std::move(data), max_chunk), codec));
  return ReadAll(src.get(), buf_size, partial);
}

std::string TestText(size_t size, uint64_t seed, bool random_bytes) {
  static const char* const kWords[] = {
      "the",   "quick", "brown",   "fox",  "jumps", "over",     "lazy",  "dog",
      "home",  "menu",  "contact", "news", "about", "privacy",  "terms", "search",
      "login", "page",  "article", "text", "data",  "compress", "zstd",  "gzip"};
  uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  std::string out;
  out.reserve(size + 16);
  while (out.size() < size) {
    uint64_t r = next();
    if (random_bytes) {
      for (int i = 0; i < 8 && out.size() < size; ++i) out.push_back(static_cast<char>(r >> (8 * i)));
      continue;
    }
    out += kWords[r % 24];
    out.push_back((r >> 8) % 11 == 0 ? '\n' : ' ');
    if ((r >> 16) % 5 == 0) out += std::to_string((r >> 24) % 1000);
  }
  out.resize(size);
  return out;
}

}  // namespace testing
}  // namespace dechrome
