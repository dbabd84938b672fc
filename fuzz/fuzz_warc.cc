// Fuzz target: the WARC chunker, WARC header fields, the WARC record format
// (src/warc) and the HTTP side of HTML records (src/http: head, chunked
// transfer coding, DecodeHtmlPayload).
//
// Input: three control bytes (read size, chunk target and strict mode, line
// mask), then the stream.
// Invariants:
// - The chunker gives back every byte: records and skipped regions, in
//   order, are the input (lenient mode); strict mode gives the same records
//   or an error; every record starts with "WARC/"; offsets add up.
// - Parse(): a text document's lines tile its text (a view into the record,
//   joined by '\n'); an HTML document's text is valid UTF-8 with one line per
//   LineFacts, no empty line and no '\n' inside one.
// - Rewrite() keeping every line gives the record back; dropping lines of a
//   text document gives one WARC record (for the chunker too) that parses to
//   the kept lines, with the same type, url and id, and a Content-Length
//   equal to its block's size.
// - HTTP: chunked-encoding the block's bytes and de-chunking them gives them
//   back without a warning; ParseHttpHead keeps body_offset in the block;
//   DecodeHtmlPayload gives valid UTF-8 HTML, within the byte limit.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "http/http_internal.h"
#include "http/http_payload.h"
#include "record/record.h"
#include "warc/warc.h"
#include "warc/warc_header.h"

namespace dechrome {
namespace {

using fuzz::Control;

const RecordFormat& Format() {
  static const RecordFormat* format = NewWarcFormat().release();
  return *format;
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

// Records the chunker cuts from `bytes` (lenient), with the skipped regions.
struct Cut {
  std::vector<std::string> records;
  std::string skipped;
};

Cut ChunkAll(std::string_view bytes) {
  Cut cut;
  fuzz::MemorySource source(bytes, 0);
  auto chunker = NewWarcChunker(&source, "", size_t{1} << 20, /*strict=*/false);
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    FUZZ_CHECK(more.ok());
    for (const auto& placed : chunk.issues) cut.skipped += placed.issue.bytes;
    for (const RecordSpan& s : chunk.records) {
      cut.records.emplace_back(chunk.data.substr(s.begin, s.end - s.begin));
    }
    if (!*more) break;
  }
  return cut;
}

void CheckRecord(std::string_view rec, uint8_t mask_seed) {
  const RecordFormat& format = Format();
  ParsedRecord p;
  format.Parse(rec, &p);
  FUZZ_CHECK(!p.type.empty());
  if (p.kind == ParsedRecord::Kind::kMalformed) {
    FUZZ_CHECK(!p.error.empty() && p.lines.empty());
  }
  if (p.kind != ParsedRecord::Kind::kDocument) {
    std::string out;
    format.Rewrite(rec, p, {}, &out);
    FUZZ_CHECK(out == rec);
    return;
  }
  FUZZ_CHECK(!p.lines.empty() || p.html);
  for (size_t i = 0; i < p.lines.size(); ++i) {
    const Line& l = p.lines[i];
    FUZZ_CHECK(l.text_begin <= l.text_end && l.text_end <= p.text.size());
    const std::string_view line = p.text.substr(l.text_begin, l.text_end - l.text_begin);
    FUZZ_CHECK(line.find('\n') == std::string_view::npos);
    if (i > 0) {
      FUZZ_CHECK(l.text_begin == p.lines[i - 1].text_end + 1);
      FUZZ_CHECK(p.text[l.text_begin - 1] == '\n');
    } else {
      FUZZ_CHECK(l.text_begin == 0);
    }
    if (p.html) {
      FUZZ_CHECK(!line.empty());
      FUZZ_CHECK(l.raw_begin == l.text_begin && l.raw_end == l.text_end);
      FUZZ_CHECK(p.facts[i].link_bytes <= line.size());
    } else {
      FUZZ_CHECK(l.raw_end <= rec.size());
      FUZZ_CHECK(rec.substr(l.raw_begin, l.raw_end - l.raw_begin) == line);
    }
  }
  if (!p.lines.empty()) FUZZ_CHECK(p.lines.back().text_end == p.text.size());
  if (p.html) {
    FUZZ_CHECK(p.facts.size() == p.lines.size());
    FUZZ_CHECK(fuzz::IsUtf8(p.text));
    FUZZ_CHECK(fuzz::IsUtf8(p.title));
  } else {
    FUZZ_CHECK(p.text.data() >= rec.data() && p.text.data() + p.text.size() <= rec.data() + rec.size());
  }

  std::string out;
  format.Rewrite(rec, p, std::vector<bool>(p.lines.size(), true), &out);
  FUZZ_CHECK(out == rec);
  if (p.html || p.lines.empty()) return;  // HTML records are never rewritten

  std::vector<bool> keep(p.lines.size());
  for (size_t i = 0; i < keep.size(); ++i) keep[i] = ((mask_seed >> (i % 8)) & 1) != 0;
  out.clear();
  format.Rewrite(rec, p, keep, &out);
  // One record again, whole, for the chunker and for Parse().
  Cut cut = ChunkAll(out);
  FUZZ_CHECK(cut.records.size() == 1 && cut.skipped.empty());
  fuzz::Padded again_bytes(cut.records[0], kChunkPadding);
  ParsedRecord again;
  format.Parse(again_bytes.view(), &again);
  FUZZ_CHECK(again.kind == ParsedRecord::Kind::kDocument && !again.html);
  FUZZ_CHECK(again.type == p.type && again.url == p.url && again.id == p.id);
  FUZZ_CHECK(again.text == KeptText(p, keep));
}

// Chunked transfer coding of `body` in pieces whose sizes the input picks.
std::string Chunked(std::string_view body, uint8_t seed) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  size_t pos = 0;
  size_t step = 1 + seed % 17;
  while (pos < body.size()) {
    const size_t n = std::min(step, body.size() - pos);
    std::string hex;
    for (size_t v = n; v != 0; v >>= 4) hex.insert(hex.begin(), kHex[v & 15]);
    out += hex;
    if (seed & 0x40) out += ";ext=1";
    out += (seed & 0x80) ? "\n" : "\r\n";
    out.append(body.substr(pos, n));
    out += "\r\n";
    pos += n;
    step = step * 3 + 1;
  }
  out += "0\r\n\r\n";
  return out;
}

void CheckHttp(std::string_view block, uint8_t seed) {
  http_internal::HttpHead head;
  if (http_internal::ParseHttpHead(block, &head)) {
    FUZZ_CHECK(head.body_offset <= block.size());
  }
  // De-chunking undoes chunking.
  std::string chunked = Chunked(block, seed), body, warning;
  bool truncated = false;
  FUZZ_CHECK(http_internal::Dechunk(chunked, size_t{1} << 30, &body, &truncated, &warning) ==
             http_internal::DechunkResult::kOk);
  FUZZ_CHECK(body == block && !truncated && warning.empty());
  // The block itself as chunked data: whatever comes out is bounded.
  body.clear();
  warning.clear();
  const size_t limit = 1 + seed * 16u;
  http_internal::Dechunk(block, limit, &body, &truncated, &warning);
  FUZZ_CHECK(body.size() <= limit);

  static HtmlPayload* payload = new HtmlPayload;  // reused, as the format does
  PayloadLimits limits;
  limits.max_body_bytes = (seed & 1) ? 1 + seed * 64u : size_t{1} << 20;
  const std::string_view types[] = {"", "text/html", "application/http; msgtype=response",
                                    "text/html; charset=shift_jis"};
  DecodeHtmlPayload(block, (seed & 2) != 0, types[(seed >> 2) & 3], limits, payload);
  if (payload->result == HtmlPayload::Result::kHtml) {
    FUZZ_CHECK(fuzz::IsUtf8(payload->html));
    FUZZ_CHECK(!payload->charset.empty());
  } else {
    FUZZ_CHECK(!payload->reason.empty());
  }
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  Control ctl(data, size);
  const size_t piece = fuzz::PieceSize(ctl.Byte());
  const uint8_t t = ctl.Byte();
  const bool strict = (t & 1) != 0;
  const size_t target = 1 + (t >> 1) * 64u;
  const uint8_t mask_seed = ctl.Byte();
  const std::string_view input = ctl.rest();

  const size_t head_len = std::min<size_t>(input.size(), t % 11);
  fuzz::MemorySource source(input.substr(head_len), piece);
  auto chunker = NewWarcChunker(&source, std::string(input.substr(0, head_len)), target, strict);
  std::string reassembled;
  uint64_t records = 0;
  bool failed = false;
  for (;;) {
    Chunk chunk;
    absl::StatusOr<bool> more = chunker->Next(&chunk);
    if (!more.ok()) {
      FUZZ_CHECK(strict);
      failed = true;
      break;
    }
    FUZZ_CHECK(chunk.first_record == records);
    FUZZ_CHECK(chunk.data.capacity() >= chunk.data.size() + kChunkPadding);
    size_t next_issue = 0;
    for (size_t r = 0; r <= chunk.records.size(); ++r) {
      while (next_issue < chunk.issues.size() && chunk.issues[next_issue].before_record == r) {
        const FramingIssue& issue = chunk.issues[next_issue++].issue;
        FUZZ_CHECK(issue.stream_offset == reassembled.size());
        FUZZ_CHECK(issue.bytes_skipped == issue.bytes.size() && !issue.bytes.empty());
        FUZZ_CHECK(!issue.message.empty());
        reassembled += issue.bytes;
      }
      if (r == chunk.records.size()) break;
      const RecordSpan& span = chunk.records[r];
      FUZZ_CHECK(span.begin < span.end && span.end <= chunk.data.size());
      const std::string_view rec(chunk.data.data() + span.begin, span.end - span.begin);
      FUZZ_CHECK(rec.substr(0, 5) == "WARC/");
      reassembled.append(rec);
      CheckRecord(rec, mask_seed);
      // The block as an HTTP message (response records hold one).
      const size_t header_end = warc_internal::FindHeaderEnd(rec);
      if (header_end != std::string_view::npos) {
        CheckHttp(rec.substr(header_end), mask_seed);
      }
    }
    FUZZ_CHECK(next_issue == chunk.issues.size());
    records += chunk.records.size();
    if (!*more) {
      FUZZ_CHECK(chunk.records.empty());
      break;
    }
  }
  if (!failed) FUZZ_CHECK(reassembled == input);
  else FUZZ_CHECK(input.substr(0, reassembled.size()) == reassembled);
  return 0;
}
