// BM_WarcChunkAndParse: cut a generated WET-like stream into chunks and
// parse every record (the reading thread's chunker plus one worker's
// Parse), reported in bytes of decompressed WARC per second. The counts of
// records, documents and lines are checked against the generator's before
// timing.
//
// BM_WarcRewrite: rewrite every document dropping a third of its lines
// (Content-Length + WARC-Block-Digest recomputed).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.h"
#include "record/record.h"
#include "warc/warc.h"
#include "warc/warc_header.h"

namespace dechrome {
namespace {

class ViewSource : public ByteSource {
 public:
  explicit ViewSource(std::string_view data) : data_(data) {}
  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    size_t take = std::min(n, data_.size() - pos_);
    std::memcpy(buf, data_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  uint64_t raw_offset() const override { return pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Corpus {
  std::string data;
  uint64_t records = 0;
  uint64_t documents = 0;
  uint64_t lines = 0;
};

// ~`bytes` of WET: a warcinfo record, then conversion records of 20-200
// lines of 10-120 characters, with digests, like Common Crawl's.
const Corpus& GetCorpus() {
  static const Corpus* corpus = [] {
    auto* c = new Corpus;
    std::mt19937_64 rng(42);
    const size_t kBytes = size_t{64} << 20;
    std::string info = "software: bench\r\nformat: WARC File Format 1.0\r\n";
    c->data += "WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\n"
               "Content-Length: " + std::to_string(info.size()) + "\r\n\r\n" + info + "\r\n\r\n";
    ++c->records;
    std::string text;
    while (c->data.size() < kBytes) {
      text.clear();
      int n = 20 + static_cast<int>(rng() % 180);
      for (int i = 0; i < n; ++i) {
        int len = 10 + static_cast<int>(rng() % 110);
        for (int j = 0; j < len; ++j) text += static_cast<char>('a' + rng() % 26);
        text += '\n';
      }
      std::string digest = warc_internal::WarcSha1(text);
      c->data += "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://site" +
                 std::to_string(rng() % 1000) + ".example.com/page/" +
                 std::to_string(c->records) +
                 "\r\nWARC-Date: 2024-05-18T01:58:10Z\r\n"
                 "WARC-Record-ID: <urn:uuid:ba729a40-ff84-4085-8d48-0a5b2ee0c42d>\r\n"
                 "WARC-Refers-To: <urn:uuid:2aabeff2-67f5-4608-8466-e87c6296e2b6>\r\n"
                 "WARC-Block-Digest: " + digest +
                 "\r\nWARC-Identified-Content-Language: eng\r\nContent-Type: text/plain\r\n"
                 "Content-Length: " + std::to_string(text.size()) + "\r\n\r\n" + text +
                 "\r\n\r\n";
      ++c->records;
      ++c->documents;
      c->lines += n + 1;  // the empty line after the final '\n'
    }
    return c;
  }();
  return *corpus;
}

struct Counts {
  uint64_t records = 0, documents = 0, lines = 0;
};

bool ChunkAndParse(const Corpus& corpus, Counts* counts, ParsedRecord* parsed,
                   const RecordFormat& format) {
  ViewSource source(corpus.data);
  auto chunker = NewWarcChunker(&source, "", size_t{4} << 20, true);
  Chunk chunk;
  while (true) {
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) return false;
    for (const RecordSpan& span : chunk.records) {
      format.Parse(std::string_view(chunk.data).substr(span.begin, span.end - span.begin), parsed);
      ++counts->records;
      if (parsed->kind == ParsedRecord::Kind::kDocument) {
        ++counts->documents;
        counts->lines += parsed->lines.size();
      }
    }
    if (!*more) return true;
  }
}

void BM_WarcChunkAndParse(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  auto format = NewWarcFormat();
  ParsedRecord parsed;
  Counts check;
  if (!ChunkAndParse(corpus, &check, &parsed, *format) || check.records != corpus.records ||
      check.documents != corpus.documents || check.lines != corpus.lines) {
    state.SkipWithError("counts differ from the generator's");
    return;
  }
  for (auto _ : state) {
    Counts counts;
    ChunkAndParse(corpus, &counts, &parsed, *format);
    benchmark::DoNotOptimize(counts.lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.data.size()));
  state.counters["records"] = static_cast<double>(corpus.records);
}
BENCHMARK(BM_WarcChunkAndParse)->Unit(benchmark::kMillisecond);

void BM_WarcRewrite(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  auto format = NewWarcFormat();
  // Parse once; time only Rewrite.
  ViewSource source(corpus.data);
  auto chunker = NewWarcChunker(&source, "", size_t{1} << 30, true);
  Chunk chunk;
  absl::StatusOr<bool> more = chunker->Next(&chunk);
  if (!more.ok()) {
    state.SkipWithError("chunking failed");
    return;
  }
  std::vector<ParsedRecord> parsed(chunk.records.size());
  std::vector<std::vector<bool>> keep(chunk.records.size());
  for (size_t i = 0; i < chunk.records.size(); ++i) {
    const RecordSpan& s = chunk.records[i];
    format->Parse(std::string_view(chunk.data).substr(s.begin, s.end - s.begin), &parsed[i]);
    keep[i].resize(parsed[i].lines.size());
    for (size_t j = 0; j < keep[i].size(); ++j) keep[i][j] = j % 3 != 0;
  }
  std::string out;
  out.reserve(chunk.data.size());
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < chunk.records.size(); ++i) {
      const RecordSpan& s = chunk.records[i];
      format->Rewrite(std::string_view(chunk.data).substr(s.begin, s.end - s.begin), parsed[i],
                      keep[i], &out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.data.size()));
}
BENCHMARK(BM_WarcRewrite)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dechrome
