// Decompression throughput of OpenDecompressed: a multi-member gzip stream
// (one ~12 KB member per record, like Common Crawl WET files) and a
// multi-frame zstd stream, read with several caller buffer sizes. Each
// benchmark first checks the decoded bytes against the original.
//
// Command-line references on the same data (see the report in the commit):
//   igzip -dc FILE >/dev/null, zstd -dc FILE >/dev/null

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/compress.h"

namespace dechrome {
namespace {

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(const std::string* data) : data_(data) {}
  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t k = std::min(n, data_->size() - pos_);
    memcpy(buf, data_->data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t raw_offset() const override { return pos_; }

 private:
  const std::string* data_;
  size_t pos_ = 0;
};

const std::string& Corpus() {
  static const std::string* text = [] {
    static const char* const kWords[] = {"home", "menu", "contact", "news", "the", "a",
                                         "article", "privacy", "search", "login", "page",
                                         "about", "text", "of", "and", "to"};
    auto* s = new std::string();
    uint64_t x = 88172645463325252ull;
    while (s->size() < (size_t{64} << 20)) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      *s += kWords[x % 16];
      *s += (x >> 8) % 12 == 0 ? '\n' : ' ';
      if ((x >> 16) % 4 == 0) *s += std::to_string((x >> 24) % 10000);
    }
    return s;
  }();
  return *text;
}

const std::string& Compressed(Codec codec) {
  static std::string* gz = nullptr;
  static std::string* zst = nullptr;
  std::string*& slot = codec == Codec::kGzip ? gz : zst;
  if (slot == nullptr) {
    slot = new std::string();
    auto c = BlockCompressor::Create(codec, codec == Codec::kGzip ? 1 : 3);
    const std::string& text = Corpus();
    const size_t block = codec == Codec::kGzip ? 12000 : 1 << 20;
    for (size_t p = 0; p < text.size(); p += block) {
      if (!c->CompressAppend(std::string_view(text).substr(p, block), slot).ok()) abort();
    }
  }
  return *slot;
}

void Decode(benchmark::State& state, Codec codec) {
  const std::string& data = Compressed(codec);
  const size_t buf_size = static_cast<size_t>(state.range(0));
  std::vector<char> buf(buf_size);
  {
    auto src = OpenDecompressed(std::make_unique<MemorySource>(&data), nullptr);
    std::string out;
    for (;;) {
      auto n = (*src)->Read(buf.data(), buf.size());
      if (!n.ok() || *n == 0) break;
      out.append(buf.data(), *n);
    }
    if (out != Corpus()) {
      state.SkipWithError("decoded bytes differ from the corpus");
      return;
    }
  }
  for (auto _ : state) {
    auto src = OpenDecompressed(std::make_unique<MemorySource>(&data), nullptr);
    size_t total = 0;
    for (;;) {
      auto n = (*src)->Read(buf.data(), buf.size());
      if (!n.ok() || *n == 0) break;
      total += *n;
    }
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Corpus().size()));
}

void BM_Io_GzipMembers(benchmark::State& state) { Decode(state, Codec::kGzip); }
void BM_Io_ZstdFrames(benchmark::State& state) { Decode(state, Codec::kZstd); }

BENCHMARK(BM_Io_GzipMembers)->Arg(4096)->Arg(64 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Io_ZstdFrames)->Arg(4096)->Arg(64 << 10)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dechrome
