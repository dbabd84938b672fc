// Benchmarks of the JSONL format layer over a generated corpus (~4 MB of
// Dolma-like records, ~40 lines of text each, with escapes):
//
//   BM_JsonlParse   RecordFormat::Parse over every record (MB/s of records)
//   BM_JsonlSplice  RecordFormat::Rewrite of pre-parsed records, every third
//                   line dropped (MB/s of input records)
//   BM_JsonlChunk   the chunker over an in-memory source (MB/s)
//
// Each benchmark first checks its results against the generator's reference
// and stops with SkipWithError on a mismatch.

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "jsonl/jsonl.h"

namespace dechrome {
namespace {

struct Corpus {
  std::string data;  // all records, followed by kChunkPadding bytes of capacity
  std::vector<RecordSpan> records;
  std::vector<std::string> texts;     // decoded text of each record
  std::vector<std::string> spliced;   // each record with every third line removed
  std::vector<size_t> line_counts;
};

// One line of text: (escaped JSON form, decoded form).
std::pair<std::string, std::string> RandomLine(std::mt19937* rng) {
  static const char* const kWords[] = {"the", "of", "and", "boilerplate", "Home", "page",
                                       "copyright", "2019", "news", "read", "more", "menu"};
  // (escaped, decoded) pieces that need JSON escapes.
  static const std::pair<const char*, const char*> kSpecial[] = {
      {"\\\"quoted\\\"", "\"quoted\""}, {"caf\\u00e9", "caf\xC3\xA9"}, {"a\\tb", "a\tb"},
      {"back\\\\slash", "back\\slash"}, {"http:\\/\\/x.org", "http://x.org"},
      {"\xC3\xBC" "ber", "\xC3\xBC" "ber"}, {"\\ud83d\\ude00", "\xF0\x9F\x98\x80"},
  };
  std::pair<std::string, std::string> line;
  const int words = static_cast<int>((*rng)() % 16);
  for (int i = 0; i < words; ++i) {
    if (i > 0) {
      line.first += ' ';
      line.second += ' ';
    }
    if ((*rng)() % 8 == 0) {
      const auto& s = kSpecial[(*rng)() % (sizeof(kSpecial) / sizeof(kSpecial[0]))];
      line.first += s.first;
      line.second += s.second;
    } else {
      const char* w = kWords[(*rng)() % (sizeof(kWords) / sizeof(kWords[0]))];
      line.first += w;
      line.second += w;
    }
  }
  return line;
}

const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    std::mt19937 rng(20190717);
    while (c->data.size() < (size_t{4} << 20)) {
      const size_t n = c->records.size();
      std::string escaped, decoded, kept;
      const int lines = 30 + static_cast<int>(rng() % 21);
      int kept_lines = 0;
      for (int i = 0; i < lines; ++i) {
        auto [e, d] = RandomLine(&rng);
        if (i > 0) {
          escaped += (rng() % 20 == 0) ? "\\u000a" : "\\n";
          decoded += '\n';
        }
        escaped += e;
        decoded += d;
        if (i % 3 != 2) {
          if (kept_lines++ > 0) kept += "\\n";
          kept += e;
        }
      }
      const std::string head = "{\"id\":\"doc-" + std::to_string(n) + "\",\"text\":\"";
      const std::string tail = "\",\"source\":\"common-crawl\",\"metadata\":{\"url\":\"http://site" +
                               std::to_string(n % 97) + ".example/page/" + std::to_string(n) +
                               "\",\"length\":" + std::to_string(decoded.size()) + "}}\n";
      const size_t begin = c->data.size();
      c->data += head + escaped + tail;
      c->records.push_back(RecordSpan{begin, c->data.size()});
      c->texts.push_back(std::move(decoded));
      c->spliced.push_back(head + kept + tail);
      c->line_counts.push_back(static_cast<size_t>(lines));
    }
    c->data.reserve(c->data.size() + kChunkPadding);
    return c;
  }();
  return *corpus;
}

std::string_view RecordAt(const Corpus& c, size_t i) {
  return std::string_view(c.data.data() + c.records[i].begin,
                          c.records[i].end - c.records[i].begin);
}

void BM_JsonlParse(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto format = NewJsonlFormat(JsonlOptions());
  ParsedRecord rec;
  for (size_t i = 0; i < c.records.size(); ++i) {
    format->Parse(RecordAt(c, i), &rec);
    if (rec.kind != ParsedRecord::Kind::kDocument || rec.text != c.texts[i] ||
        rec.lines.size() != c.line_counts[i] || rec.url.empty()) {
      state.SkipWithError("Parse result differs from the reference");
      return;
    }
  }
  size_t lines = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < c.records.size(); ++i) {
      format->Parse(RecordAt(c, i), &rec);
      lines += rec.lines.size();
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.data.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * c.records.size()));
}
BENCHMARK(BM_JsonlParse);

void BM_JsonlSplice(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  auto format = NewJsonlFormat(JsonlOptions());
  std::vector<ParsedRecord> parsed(c.records.size());
  std::vector<std::vector<bool>> keeps(c.records.size());
  std::string out;
  for (size_t i = 0; i < c.records.size(); ++i) {
    format->Parse(RecordAt(c, i), &parsed[i]);
    for (size_t l = 0; l < parsed[i].lines.size(); ++l) keeps[i].push_back(l % 3 != 2);
    out.clear();
    format->Rewrite(RecordAt(c, i), parsed[i], keeps[i], &out);
    if (out != c.spliced[i]) {
      state.SkipWithError("Rewrite result differs from the reference");
      return;
    }
  }
  out.reserve(2 * c.data.size());
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < c.records.size(); ++i) {
      format->Rewrite(RecordAt(c, i), parsed[i], keeps[i], &out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.data.size()));
}
BENCHMARK(BM_JsonlSplice);

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view data) : data_(data) {}
  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    const size_t k = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t raw_offset() const override { return pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

void BM_JsonlChunk(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  Chunk chunk;
  for (auto _ : state) {
    MemorySource source(c.data);
    auto chunker = NewJsonlChunker(&source, "", static_cast<size_t>(state.range(0)));
    size_t records = 0;
    for (;;) {
      absl::StatusOr<bool> more = chunker->Next(&chunk);
      if (!more.ok() || !*more) break;
      records += chunk.records.size();
    }
    if (records != c.records.size()) {
      state.SkipWithError("chunker record count differs from the reference");
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.data.size()));
}
BENCHMARK(BM_JsonlChunk)->Arg(64 << 10)->Arg(1 << 20);

}  // namespace
}  // namespace dechrome
