// Fuzz target: the JSONL chunker and record format (src/jsonl).
//
// Input: two control bytes (read size, chunk target size), then the stream.
// Invariants:
// - The chunker gives back every byte: the chunks' records, in order, are the
//   input; records are contiguous in their chunk, each ends at a '\n' (the
//   stream's last one may not) and holds no other '\n'; stream offsets and
//   record numbers add up; chunks keep kChunkPadding spare bytes.
// - Parse(): a document's lines tile its text (joined by '\n') and its raw
//   text (joined by the "\n" / "\u000a" escapes between them), the text is
//   valid UTF-8; rebuilding the record from its raw lines gives it back, and
//   so does Rewrite() keeping every line.
// - Rewrite() with some lines dropped gives a record that parses to the kept
//   lines' text, with the same url and id.
// - ParseSpans() on the spans Parse() gave reads the same url, text and
//   lines (as the filter pass relies on); on arbitrary spans it never
//   crashes and either fails cleanly or gives a consistent document.
// - Parse() depends on the record's bytes only, not on those after it.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "jsonl/jsonl.h"
#include "record/record.h"

namespace dechrome {
namespace {

using fuzz::Control;

const RecordFormat& Format() {
  static const RecordFormat* format = NewJsonlFormat(JsonlOptions()).release();
  return *format;
}

// Checks the lines of a document against its record and text.
void CheckLines(std::string_view rec, const ParsedRecord& p, bool utf8 = true) {
  FUZZ_CHECK(!p.lines.empty());
  FUZZ_CHECK(p.text.data() == p.scratch.data() && p.text.size() == p.scratch.size());
  // (Arbitrary spans skip the record's UTF-8 check, which Parse() made.)
  FUZZ_CHECK(!utf8 || fuzz::IsUtf8(p.text));
  FUZZ_CHECK(!utf8 || fuzz::IsUtf8(p.url));
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const Line& l = p.lines[i];
    FUZZ_CHECK(l.text_begin <= l.text_end && l.text_end <= p.text.size());
    FUZZ_CHECK(l.raw_begin <= l.raw_end && l.raw_end <= rec.size());
    FUZZ_CHECK(p.text.substr(l.text_begin, l.text_end - l.text_begin).find('\n') ==
               std::string_view::npos);
    if (i == 0) {
      FUZZ_CHECK(l.text_begin == 0);
      FUZZ_CHECK(l.raw_begin > 0 && rec[l.raw_begin - 1] == '"');
    } else {
      const Line& prev = p.lines[i - 1];
      FUZZ_CHECK(l.text_begin == prev.text_end + 1 && p.text[prev.text_end] == '\n');
      const std::string_view sep = rec.substr(prev.raw_end, l.raw_begin - prev.raw_end);
      FUZZ_CHECK(l.raw_begin >= prev.raw_end);
      FUZZ_CHECK(sep == "\\n" || sep == "\\u000a" || sep == "\\u000A");
    }
  }
  FUZZ_CHECK(p.lines.back().text_end == p.text.size());
  FUZZ_CHECK(p.lines.back().raw_end < rec.size() && rec[p.lines.back().raw_end] == '"');
}

std::string KeptText(const ParsedRecord& p, const std::vector<bool>& keep) {
  std::string out;
  bool first = true;
  for (size_t i = 0; i < p.lines.size(); ++i) {
    if (!keep[i]) continue;
    if (!first) out += '\n';
    first = false;
    out.append(p.text.substr(p.lines[i].text_begin, p.lines[i].text_end - p.lines[i].text_begin));
  }
  return out;
}

void CheckRecord(std::string_view rec, uint8_t mask_seed, uint8_t span_seed) {
  const RecordFormat& format = Format();
  ParsedRecord p;
  format.Parse(rec, &p);
  {
    // A function of the record's bytes alone, not of the bytes after it
    // (the next record, or padding: here '}').
    fuzz::Padded copy(rec, kChunkPadding);
    ParsedRecord q;
    format.Parse(copy.view(), &q);
    FUZZ_CHECK(q.kind == p.kind && q.text == p.text && q.url == p.url && q.id == p.id);
  }
  if (p.kind != ParsedRecord::Kind::kDocument) {
    FUZZ_CHECK(p.kind == ParsedRecord::Kind::kMalformed);
    FUZZ_CHECK(!p.error.empty());
    FUZZ_CHECK(p.lines.empty());
  } else {
    CheckLines(rec, p);

    // Rebuilding the record with every line kept gives it back.
    std::string rebuilt(rec.substr(0, p.lines.front().raw_begin));
    for (size_t i = 0; i < p.lines.size(); ++i) {
      const Line& l = p.lines[i];
      if (i > 0) rebuilt.append(rec.substr(p.lines[i - 1].raw_end, l.raw_begin - p.lines[i - 1].raw_end));
      rebuilt.append(rec.substr(l.raw_begin, l.raw_end - l.raw_begin));
    }
    rebuilt.append(rec.substr(p.lines.back().raw_end));
    FUZZ_CHECK(rebuilt == rec);
    std::string out;
    format.Rewrite(rec, p, std::vector<bool>(p.lines.size(), true), &out);
    FUZZ_CHECK(out == rec);

    // Dropping lines: the new record reads back as the kept lines.
    std::vector<bool> keep(p.lines.size());
    for (size_t i = 0; i < keep.size(); ++i) keep[i] = ((mask_seed >> (i % 8)) & 1) != 0;
    out.clear();
    format.Rewrite(rec, p, keep, &out);
    fuzz::Padded again_bytes(out, kChunkPadding);
    ParsedRecord again;
    format.Parse(again_bytes.view(), &again);
    if (again.kind != ParsedRecord::Kind::kDocument) {
      std::fprintf(stderr, "record:    %.*s\nrewritten: %s\nerror: %s\n",
                   static_cast<int>(rec.size()), rec.data(), out.c_str(), again.error.c_str());
      if (const char* dir = std::getenv("FUZZ_DUMP_DIR")) {
        for (const auto& [name, bytes] : {std::pair{"record", rec}, std::pair{"rewritten", std::string_view(out)}}) {
          FILE* f = std::fopen((std::string(dir) + "/" + name).c_str(), "wb");
          if (f != nullptr) std::fwrite(bytes.data(), 1, bytes.size(), f), std::fclose(f);
        }
      }
    }
    FUZZ_CHECK(again.kind == ParsedRecord::Kind::kDocument);
    FUZZ_CHECK(again.text == KeptText(p, keep));
    FUZZ_CHECK(again.url == p.url);
    FUZZ_CHECK(again.id == p.id);

    // The spans read the document again exactly as Parse() did.
    if (p.spans.valid) {
      ParsedRecord q;
      FUZZ_CHECK(format.ParseSpans(rec, p.spans, &q));
      FUZZ_CHECK(q.kind == ParsedRecord::Kind::kDocument);
      FUZZ_CHECK(q.type == p.type);
      FUZZ_CHECK(q.url == p.url);
      FUZZ_CHECK(q.text == p.text);
      FUZZ_CHECK(q.lines.size() == p.lines.size());
      for (size_t i = 0; i < p.lines.size(); ++i) {
        FUZZ_CHECK(q.lines[i].text_begin == p.lines[i].text_begin &&
                   q.lines[i].text_end == p.lines[i].text_end &&
                   q.lines[i].raw_begin == p.lines[i].raw_begin &&
                   q.lines[i].raw_end == p.lines[i].raw_end);
      }
    }
  }

  // Arbitrary spans (a stale hint): a clean failure or a consistent document.
  if (!rec.empty()) {
    RecordSpans s;
    s.valid = true;
    const uint32_t n = static_cast<uint32_t>(rec.size());
    s.text_begin = (span_seed * 7u) % n;
    s.text_end = s.text_begin + (span_seed * 13u) % (n - s.text_begin);
    s.url_begin = (span_seed * 3u) % n;
    s.url_end = s.url_begin + (span_seed * 5u) % (n - s.url_begin);
    ParsedRecord q;
    if (format.ParseSpans(rec, s, &q)) {
      FUZZ_CHECK(q.kind == ParsedRecord::Kind::kDocument);
      CheckLines(rec, q, /*utf8=*/false);
    } else {
      FUZZ_CHECK(q.lines.empty() && q.kind == ParsedRecord::Kind::kPassThrough);
    }
  }
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  Control ctl(data, size);
  const size_t piece = fuzz::PieceSize(ctl.Byte());
  const uint8_t t = ctl.Byte();
  // (Small targets: a chunk reserves its target, and big allocations are
  // what makes a fuzz iteration slow.)
  const size_t target = 1 + t * 16u;
  const uint8_t mask_seed = ctl.Byte();
  const std::string_view input = ctl.rest();
  // Some of the input as the sniffed head, the rest from the source.
  const size_t head_len = std::min<size_t>(input.size(), t % 7);
  fuzz::MemorySource source(input.substr(head_len), piece);
  auto chunker = NewJsonlChunker(&source, std::string(input.substr(0, head_len)), target);

  std::string reassembled;
  uint64_t records = 0;
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    FUZZ_CHECK(more.ok());  // memory never fails
    FUZZ_CHECK(chunk.issues.empty());
    FUZZ_CHECK(chunk.stream_offset == reassembled.size() || chunk.records.empty());
    FUZZ_CHECK(chunk.first_record == records || chunk.records.empty());
    if (!*more) {
      FUZZ_CHECK(chunk.records.empty());
      break;
    }
    FUZZ_CHECK(!chunk.records.empty());
    FUZZ_CHECK(chunk.data.capacity() >= chunk.data.size() + kChunkPadding);
    size_t pos = 0;
    for (const RecordSpan& span : chunk.records) {
      FUZZ_CHECK(span.begin == pos && span.end > span.begin && span.end <= chunk.data.size());
      const std::string_view rec(chunk.data.data() + span.begin, span.end - span.begin);
      const size_t nl = rec.find('\n');
      FUZZ_CHECK(nl == rec.size() - 1 ||
                 (nl == std::string_view::npos &&
                  reassembled.size() + span.end == input.size()));
      CheckRecord(rec, mask_seed, static_cast<uint8_t>(records + span.begin));
      pos = span.end;
    }
    FUZZ_CHECK(pos == chunk.data.size());
    reassembled.append(chunk.data);
    records += chunk.records.size();
  }
  FUZZ_CHECK(reassembled == input);
  return 0;
}
