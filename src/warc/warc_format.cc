// WARC RecordFormat: Parse() finds the text of conversion / text-plain
// resource / text-plain response records; Rewrite() drops lines and fixes
// Content-Length and the digests. See warc.h.

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html/html_text.h"
#include "http/http_payload.h"
#include "warc/warc.h"
#include "warc/warc_header.h"

namespace dechrome {
namespace {

using warc_internal::ContainsIgnoreCase;
using warc_internal::EqualsIgnoreCase;
using warc_internal::FieldValue;
using warc_internal::FindHeaderEnd;
using warc_internal::ForEachField;
using warc_internal::HeaderField;
using warc_internal::StartsWithIgnoreCase;
using warc_internal::Trim;

constexpr size_t kNone = std::string_view::npos;

// The WARC header fields that Parse() and Rewrite() look at (first
// occurrence of each).
struct WarcFields {
  const HeaderField* type = nullptr;
  const HeaderField* target_uri = nullptr;
  const HeaderField* record_id = nullptr;
  const HeaderField* content_type = nullptr;
  const HeaderField* content_length = nullptr;
  const HeaderField* block_digest = nullptr;
  const HeaderField* payload_digest = nullptr;
  const HeaderField* date = nullptr;
};

// Storage for a header's fields (a WARC header has ~10; no allocation up to
// kInline).
class FieldList {
 public:
  void Collect(std::string_view header) {
    count_ = 0;
    overflow_.clear();
    ForEachField(header, [&](const HeaderField& f) {
      if (count_ < kInline) {
        inline_[count_] = f;
      } else {
        overflow_.push_back(f);
      }
      ++count_;
      return true;
    });
  }
  size_t size() const { return count_; }
  const HeaderField& operator[](size_t i) const {
    return i < kInline ? inline_[i] : overflow_[i - kInline];
  }

 private:
  static constexpr size_t kInline = 24;
  HeaderField inline_[kInline];
  std::vector<HeaderField> overflow_;
  size_t count_ = 0;
};

WarcFields FindFields(std::string_view header, const FieldList& list) {
  WarcFields w;
  for (size_t i = 0; i < list.size(); ++i) {
    const HeaderField& f = list[i];
    std::string_view name = f.name(header);
    if (name.size() < 8) continue;
    const HeaderField** slot = nullptr;
    if (EqualsIgnoreCase(name, "WARC-Type")) {
      slot = &w.type;
    } else if (EqualsIgnoreCase(name, "WARC-Target-URI")) {
      slot = &w.target_uri;
    } else if (EqualsIgnoreCase(name, "WARC-Record-ID")) {
      slot = &w.record_id;
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      slot = &w.content_type;
    } else if (EqualsIgnoreCase(name, "Content-Length")) {
      slot = &w.content_length;
    } else if (EqualsIgnoreCase(name, "WARC-Block-Digest")) {
      slot = &w.block_digest;
    } else if (EqualsIgnoreCase(name, "WARC-Payload-Digest")) {
      slot = &w.payload_digest;
    } else if (EqualsIgnoreCase(name, "WARC-Date")) {
      slot = &w.date;
    }
    if (slot != nullptr && *slot == nullptr) *slot = &f;
  }
  return w;
}

std::string Value(std::string_view header, const HeaderField* f) {
  if (f == nullptr) return std::string();
  return f->continued() ? FieldValue(header, *f) : std::string(f->first_value(header));
}

// Where the text of a document starts and ends inside its block, or
// kNone when the record is not a document.
struct TextRange {
  size_t begin = kNone;
  size_t end = kNone;
};

// The HTTP message in a `response` block: the body when the headers say
// text/plain without content or chunked transfer coding.
TextRange HttpTextBody(std::string_view block) {
  TextRange none;
  if (!StartsWithIgnoreCase(block, "HTTP/")) return none;
  size_t end = FindHeaderEnd(block);
  if (end == kNone) return none;
  std::string_view head = block.substr(0, end);
  bool text_plain = false, seen_type = false, encoded = false;
  ForEachField(head, [&](const HeaderField& f) {
    std::string_view name = f.name(head);
    if (EqualsIgnoreCase(name, "Content-Type")) {
      if (!seen_type) {
        seen_type = true;
        text_plain = StartsWithIgnoreCase(Trim(Value(head, &f)), "text/plain");
      }
    } else if (EqualsIgnoreCase(name, "Content-Encoding")) {
      std::string v = Value(head, &f);
      std::string_view t = Trim(v);
      if (!t.empty() && !EqualsIgnoreCase(t, "identity")) encoded = true;
    } else if (EqualsIgnoreCase(name, "Transfer-Encoding")) {
      if (ContainsIgnoreCase(Value(head, &f), "chunked")) encoded = true;
    }
    return true;
  });
  if (!text_plain || encoded) return none;
  return TextRange{end, block.size()};
}

// One past a field's value in `header`: the end of its first line's value,
// or, for a field continued over several lines, the end of its last line
// (without the line break), so that a new value replaces all of it.
size_t ValueEnd(std::string_view header, const HeaderField& f) {
  if (!f.continued()) return f.value_end;
  size_t end = f.line_end;
  if (end > f.value_begin && header[end - 1] == '\n') --end;
  if (end > f.value_begin && header[end - 1] == '\r') --end;
  return end;
}

std::string CleanUrl(std::string_view raw) {
  std::string_view url = Trim(raw);
  if (url.size() >= 2 && url.front() == '<' && url.back() == '>') {
    url = Trim(url.substr(1, url.size() - 2));
  }
  return std::string(url);
}

class WarcFormat final : public RecordFormat {
 public:
  explicit WarcFormat(const WarcOptions& options) : options_(options) {}
  void Parse(std::string_view record, ParsedRecord* out) const override;
  void Rewrite(std::string_view record, const ParsedRecord& parsed,
               const std::vector<bool>& keep, std::string* out) const override;

 private:
  // Makes *out an HTML document from `block` when its payload is a page.
  void ParseHtml(std::string_view block, bool http, std::string_view content_type,
                 ParsedRecord* out) const;

  WarcOptions options_;
};

// Per-thread decoding state: the format is const and shared by the workers.
struct HtmlScratch {
  HtmlPayload payload;
  HtmlTextExtractor extractor;
  HtmlText text;
};

HtmlScratch& ThreadHtmlScratch() {
  thread_local HtmlScratch scratch;
  return scratch;
}

void WarcFormat::ParseHtml(std::string_view block, bool http, std::string_view content_type,
                           ParsedRecord* out) const {
  HtmlScratch& s = ThreadHtmlScratch();
  // The scratch grows to the largest page's needs: after one past
  // HtmlTextExtractor::kKeepBytes, this thread gives the buffers back (the
  // extractor does the same with its own). Nothing in *out refers to them.
  struct ReleaseLarge {
    HtmlScratch& s;
    ~ReleaseLarge() {
      constexpr size_t kKeep = HtmlTextExtractor::kKeepBytes;
      if (s.payload.body_buffer.capacity() > kKeep) std::string().swap(s.payload.body_buffer);
      if (s.payload.convert_buffer.capacity() > kKeep) std::string().swap(s.payload.convert_buffer);
      if (s.text.text.capacity() > kKeep) std::string().swap(s.text.text);
      if (s.text.title.capacity() > kKeep) std::string().swap(s.text.title);
      if (s.text.lines.capacity() * sizeof(HtmlLine) > kKeep) std::vector<HtmlLine>().swap(s.text.lines);
    }
  } release_large{s};
  PayloadLimits limits;
  limits.max_body_bytes = options_.max_html_bytes;
  DecodeHtmlPayload(block, http, content_type, limits, &s.payload);
  if (s.payload.result == HtmlPayload::Result::kBroken) {
    out->warning = "HTML payload not decoded: " + s.payload.reason;
    return;
  }
  if (s.payload.result != HtmlPayload::Result::kHtml) return;
  s.extractor.Extract(s.payload.html, &s.text);
  if (s.text.text.size() > std::numeric_limits<uint32_t>::max()) {
    out->warning = "HTML text larger than 4 GiB";
    return;
  }
  out->kind = ParsedRecord::Kind::kDocument;
  out->html = true;
  out->scratch.swap(s.text.text);
  out->text = out->scratch;
  out->title.swap(s.text.title);
  out->content_type = s.payload.mime;
  out->charset = s.payload.charset;
  out->charset_source = CharsetSourceName(s.payload.charset_source);
  out->lines.reserve(s.text.lines.size());
  out->facts.reserve(s.text.lines.size());
  for (const HtmlLine& h : s.text.lines) {
    Line line;
    line.text_begin = line.raw_begin = h.begin;
    line.text_end = line.raw_end = h.end;
    out->lines.push_back(line);
    out->facts.push_back(h.facts);
  }
  // An HTML page with no visible text is still a document, of no lines.
}

void Malformed(ParsedRecord* out, std::string error) {
  out->kind = ParsedRecord::Kind::kMalformed;
  out->error = std::move(error);
  out->text = {};
  out->lines.clear();
}

void WarcFormat::Parse(std::string_view record, ParsedRecord* out) const {
  out->Clear();
  if (record.substr(0, 5) != "WARC/") {
    out->type = "unknown";
    return Malformed(out, "record does not start with a WARC version line");
  }
  const size_t header_end = FindHeaderEnd(record);
  if (header_end == kNone) {
    out->type = "unknown";
    return Malformed(out, "WARC header without an empty line");
  }
  std::string_view header = record.substr(0, header_end);
  FieldList list;
  list.Collect(header);
  WarcFields w = FindFields(header, list);

  out->type = w.type ? std::string(Trim(Value(header, w.type))) : std::string();
  if (out->type.empty()) out->type = "unknown";
  if (w.target_uri) out->url = CleanUrl(Value(header, w.target_uri));
  if (w.record_id) out->id = std::string(Trim(Value(header, w.record_id)));

  uint64_t length = 0;
  if (w.content_length == nullptr) return Malformed(out, "WARC record without Content-Length");
  if (!warc_internal::ParseContentLength(Trim(Value(header, w.content_length)), &length)) {
    return Malformed(out, "invalid WARC Content-Length");
  }
  if (length > record.size() - header_end) {
    return Malformed(out, "WARC block runs past the end of the record");
  }
  std::string_view block = record.substr(header_end, length);

  TextRange text;
  const std::string& type = out->type;
  std::string content_type = Value(header, w.content_type);
  std::string_view ct = Trim(content_type);
  bool html_candidate = false, http = false;
  if (EqualsIgnoreCase(type, "conversion")) {
    text = TextRange{0, block.size()};
  } else if (EqualsIgnoreCase(type, "resource")) {
    if (StartsWithIgnoreCase(ct, "text/plain")) {
      text = TextRange{0, block.size()};
    } else {
      html_candidate = true;
    }
  } else if (EqualsIgnoreCase(type, "response")) {
    if (StartsWithIgnoreCase(ct, "application/http")) {
      text = HttpTextBody(block);
      html_candidate = http = true;
    }
  }
  if (text.begin == kNone) {
    if (!html_candidate || !options_.html) return;  // kPassThrough
    if (w.date) out->date = std::string(Trim(Value(header, w.date)));
    ParseHtml(block, http, ct, out);
    if (out->kind != ParsedRecord::Kind::kDocument) out->date.clear();
    return;
  }

  if (record.size() > std::numeric_limits<uint32_t>::max()) {
    return Malformed(out, "WARC record larger than 4 GiB");
  }
  out->kind = ParsedRecord::Kind::kDocument;
  // (Dolma JSONL output of a WET or text record carries its WARC-Date too.)
  if (w.date) out->date = std::string(Trim(Value(header, w.date)));
  const size_t text_offset = header_end + text.begin;
  out->text = record.substr(text_offset, text.end - text.begin);
  const char* t = out->text.data();
  const size_t n = out->text.size();
  size_t b = 0;
  while (true) {
    const void* nl = b < n ? std::memchr(t + b, '\n', n - b) : nullptr;
    size_t e = nl ? static_cast<const char*>(nl) - t : n;
    Line line;
    line.text_begin = static_cast<uint32_t>(b);
    line.text_end = static_cast<uint32_t>(e);
    line.raw_begin = static_cast<uint32_t>(b + text_offset);
    line.raw_end = static_cast<uint32_t>(e + text_offset);
    out->lines.push_back(line);
    if (nl == nullptr) break;
    b = e + 1;
  }
}

void WarcFormat::Rewrite(std::string_view record, const ParsedRecord& parsed,
                         const std::vector<bool>& keep, std::string* out) const {
  bool all = true;
  for (bool k : keep) all = all && k;
  // An HTML page's record is never rewritten (its text is a new record).
  if (parsed.kind != ParsedRecord::Kind::kDocument || parsed.html || all || parsed.lines.empty() ||
      keep.size() != parsed.lines.size()) {
    out->append(record.data(), record.size());
    return;
  }
  const size_t header_end = FindHeaderEnd(record);
  std::string_view header = record.substr(0, header_end);
  FieldList list;
  list.Collect(header);
  WarcFields w = FindFields(header, list);
  uint64_t length = 0;
  warc_internal::ParseContentLength(Trim(Value(header, w.content_length)), &length);
  const size_t block_end = header_end + length;
  const size_t text_begin = parsed.lines.front().raw_begin;

  // Runs of consecutive kept lines are contiguous in the record; the new
  // text is the runs joined by '\n'.
  struct Run {
    size_t begin, end;
  };
  std::vector<Run> runs;
  size_t text_size = 0;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (!keep[i]) continue;
    const Line& line = parsed.lines[i];
    if (!runs.empty() && i > 0 && keep[i - 1]) {
      runs.back().end = line.raw_end;
    } else {
      runs.push_back({line.raw_begin, line.raw_end});
    }
  }
  for (const Run& r : runs) text_size += r.end - r.begin;
  if (!runs.empty()) text_size += runs.size() - 1;
  const std::string_view prefix = record.substr(header_end, text_begin - header_end);
  const size_t new_length = prefix.size() + text_size;

  auto for_each_piece = [&](auto&& fn) {
    for (size_t i = 0; i < runs.size(); ++i) {
      if (i > 0) fn(std::string_view("\n", 1));
      fn(record.substr(runs[i].begin, runs[i].end - runs[i].begin));
    }
  };
  std::string block_digest, payload_digest;
  if (w.block_digest != nullptr) {
    warc_internal::Sha1Digest d;
    d.Update(prefix);
    for_each_piece([&](std::string_view p) { d.Update(p); });
    block_digest = d.FinishWarc();
  }
  if (w.payload_digest != nullptr) {
    // The payload is the HTTP body for a response and the whole block
    // otherwise: the new text either way.
    warc_internal::Sha1Digest d;
    for_each_piece([&](std::string_view p) { d.Update(p); });
    payload_digest = d.FinishWarc();
  }

  // Header: every byte as it was, except the three values.
  struct Replacement {
    const HeaderField* field;
    std::string value;
  };
  Replacement replacements[3] = {{w.content_length, std::to_string(new_length)},
                                 {w.block_digest, std::move(block_digest)},
                                 {w.payload_digest, std::move(payload_digest)}};
  out->reserve(out->size() + record.size());
  size_t pos = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    const HeaderField* f = &list[i];
    for (const Replacement& r : replacements) {
      if (r.field != f) continue;
      out->append(record.data() + pos, f->value_begin - pos);
      out->append(r.value);
      pos = ValueEnd(header, *f);
    }
  }
  out->append(record.data() + pos, header_end - pos);
  out->append(prefix.data(), prefix.size());
  for_each_piece([&](std::string_view p) { out->append(p.data(), p.size()); });
  out->append(record.data() + block_end, record.size() - block_end);
}

}  // namespace

std::unique_ptr<RecordFormat> NewWarcFormat(const WarcOptions& options) {
  return std::make_unique<WarcFormat>(options);
}

}  // namespace dechrome
