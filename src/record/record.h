// -----------------------------------------------------------------------------
// File: record.h
// -----------------------------------------------------------------------------
//
// The format layer between bytes and documents, shared by JSONL and WARC.
//
//   ByteSource --RecordChunker--> Chunk (whole records) --RecordFormat::Parse-->
//   ParsedRecord (url, id, lines) --(pipeline decides)--> keep mask
//   --RecordFormat::Rewrite--> output record bytes
//
// A RecordChunker runs on the reading thread: it only cuts the decompressed
// stream into records (JSONL: at '\n'; WARC: header block + Content-Length)
// and groups them into chunks of about `target_bytes`, so that workers can
// parse chunks in parallel. Chunk boundaries depend on the input alone, never
// on the number of threads, which keeps output byte-identical for any -j.
//
// A RecordFormat is stateless and const: any number of worker threads call
// Parse() and Rewrite() concurrently on one instance.

#ifndef DECHROME_RECORD_RECORD_H_
#define DECHROME_RECORD_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dechrome/status.h"
#include "io/byte_source.h"

namespace dechrome {

// Bytes of readable padding after Chunk::data's contents (simdjson needs
// SIMDJSON_PADDING = 64 readable bytes past the end of what it parses).
inline constexpr size_t kChunkPadding = 64;

struct RecordSpan {
  size_t begin = 0;  // offset in Chunk::data
  size_t end = 0;    // one past the record's last byte (including its '\n'
                     // for JSONL; including the "\r\n\r\n" for WARC)
};

// Bytes that the chunker had to skip (WARC garbage between records, a record
// whose header could not be parsed). Lenient mode reports and goes on.
struct FramingIssue {
  uint64_t stream_offset = 0;  // decompressed offset where the problem starts
  uint64_t bytes_skipped = 0;
  std::string message;         // "WARC header without version line", ...
  // The skipped bytes themselves, so that nothing that could be read is lost:
  // the pipeline writes them through unchanged at this point of the output.
  std::string bytes;
  // Not the first issue of one run of skipped bytes: a long run is cut
  // into issues of a few MiB each, so that it is never held whole.
  bool continued = false;
};

struct Chunk {
  // The records' bytes, followed by at least kChunkPadding readable bytes
  // (data.size() counts only the records; capacity includes the padding).
  std::string data;
  std::vector<RecordSpan> records;
  // Issues, each placed before record `before_record` of this chunk
  // (== records.size() when after the last one).
  struct PlacedIssue {
    size_t before_record;
    FramingIssue issue;
  };
  std::vector<PlacedIssue> issues;
  uint64_t stream_offset = 0;  // decompressed offset of data[0]
  uint64_t first_record = 0;   // index of records[0] in the whole stream
  uint64_t raw_offset = 0;     // compressed bytes consumed after this chunk

  // A piece of one oversized record (longer than the chunker's record
  // limit), streamed through unparsed: `data` holds the piece's bytes (it
  // may be empty), `records` is empty, first_record is the record's index
  // and stream_offset the offset of the piece's first byte. A record's
  // pieces come in consecutive chunks, the first with piece_first, the last
  // with piece_last (one piece may be both). Issues with before_record 0
  // come before the piece's bytes, with 1 after them.
  bool piece = false;
  bool piece_first = false;
  bool piece_last = false;

  void Clear() {
    data.clear();
    records.clear();
    issues.clear();
    piece = piece_first = piece_last = false;
  }
};

class RecordChunker {
 public:
  virtual ~RecordChunker() = default;
  // Fills `chunk` with the next records (at least one, about target_bytes in
  // all). Returns false at the end of the stream (chunk then holds no
  // records, possibly trailing issues). Decompression errors, and framing
  // errors in strict mode, are returned as errors (DataLossError), with the
  // decompressed offset in the message.
  //
  // A chunk may also hold only framing issues (a long run of garbage, cut
  // into pieces) or one piece of an oversized record (see Chunk::piece).
  virtual absl::StatusOr<bool> Next(Chunk* chunk) = 0;

  // Records longer than `bytes` (a JSONL line with its '\n'; a WARC record
  // from its version line through its block) are not cut as records but
  // streamed as pieces (Chunk::piece) of a few MiB each, so that no record
  // is held whole beyond this size. Default: no limit.
  // REQUIRES: called before the first Next().
  void set_max_record_bytes(uint64_t bytes) { max_record_bytes_ = bytes < 1 ? 1 : bytes; }

 protected:
  uint64_t max_record_bytes_ = UINT64_MAX;
};

// One line of a document's text. `text` offsets index ParsedRecord::text
// (the decoded text); `raw` offsets index the record's bytes (for JSONL the
// escaped segment between two "\n" escapes; for WARC the same bytes as text).
// Neither includes the '\n' separator; both include a trailing '\r' if any.
struct Line {
  uint32_t text_begin = 0, text_end = 0;
  uint32_t raw_begin = 0, raw_end = 0;
};

// Where a JSONL document's text and URL strings sit in its record: the
// escaped contents, without quotes, as offsets into the record's bytes.
// Pass 1 of a run keeps them in the line hints, so that pass 2 reads the
// document again without parsing the JSON (RecordFormat::ParseSpans()).
// `valid` only for JSONL documents that have a URL string.
struct RecordSpans {
  bool valid = false;
  uint32_t text_begin = 0, text_end = 0;
  uint32_t url_begin = 0, url_end = 0;
};

// What an HTML page says about one of its lines (filled by src/html; text
// records have none). Everything here is a pure function of the page, so
// that both passes and every thread see the same facts.
enum LandmarkBit : uint32_t {
  // Elements and ARIA roles above the line.
  kLandmarkNav = 1u << 0,       // <nav>, role=navigation, <menu>
  kLandmarkHeader = 1u << 1,    // <header>, role=banner
  kLandmarkFooter = 1u << 2,    // <footer>, role=contentinfo
  kLandmarkAside = 1u << 3,     // <aside>, role=complementary
  kLandmarkForm = 1u << 4,      // <form>, role=search|form, <select>, <button>, <label>, <textarea>
  kLandmarkMain = 1u << 5,      // <main>, <article>, role=main|article
  kLandmarkHeading = 1u << 6,   // the line is (in) an <h1>..<h6>
  kLandmarkListItem = 1u << 7,  // the line is (in) an <li>, <dt> or <dd>
  kLandmarkCaption = 1u << 8,   // <figcaption>, <caption>, <figure>
  kLandmarkTable = 1u << 9,     // <td>, <th>
  kLandmarkParagraph = 1u << 10,  // the innermost block is a <p> or <blockquote>
  kLandmarkTime = 1u << 11,     // <time>, or an element of class/id word date|time
  kLandmarkAddress = 1u << 12,  // <address>
  kLandmarkPre = 1u << 13,      // <pre>
  kLandmarkInvisible = 1u << 14,  // an inline style hides it (display:none, visibility:hidden)
  // id/class words of the elements above the line (word = a run of
  // letters, compared lower-case; "main-nav", "navbar" and "site_nav" all
  // hold "nav").
  kWordMenu = 1u << 16,        // menu, nav, navbar, navigation, topbar, masthead, header
  kWordSidebar = 1u << 17,     // sidebar, side, rail, aside
  kWordRelated = 1u << 18,     // related, more, recommended, popular, trending, most, also, teaser, latest, headlines
  kWordComment = 1u << 19,     // comment, comments, reply, respond, disqus, discussion
  kWordShare = 1u << 20,       // share, social, sharing, follow, facebook, twitter
  kWordCookie = 1u << 21,      // cookie, consent, gdpr, privacy
  kWordNewsletter = 1u << 22,  // newsletter, subscribe, signup, subscription
  kWordBreadcrumb = 1u << 23,  // breadcrumb, breadcrumbs, crumbs
  kWordWidget = 1u << 24,      // widget, module, promo, banner, sponsor, sponsored, outbrain, taboola
  kWordAd = 1u << 25,          // ad, ads, advert, advertisement, adsense, dfp, gpt
  kWordFooter = 1u << 26,      // footer, copyright, legal, bottom
  kWordTags = 1u << 27,        // tags, tag, category, categories, topics, keywords
  kWordByline = 1u << 28,      // byline, author, meta, dateline, credit, caption
  kWordContent = 1u << 29,     // article, content, post, entry, story, body, text, main
};

// "nav,heading,word:related": the names of the bits of `landmarks`.
std::string LandmarkNames(uint32_t landmarks);

// The id/class word bits of LandmarkBit.
inline constexpr uint32_t kWordBits = 0xffff0000u;

struct LineFacts {
  // XXH3 of the element path from <body> down to the line's innermost
  // block: each container element as tag name, id and class words (digit
  // runs folded to '0'), without sibling positions, so that every item of
  // a rotating list shares its path. Inline elements (a, span, b, ...) are
  // not part of it. 0: no path (text records).
  uint64_t path = 0;
  // LandmarkBit set: the elements and roles above the line, and the id and
  // class words of the nearest element above it that has any.
  uint32_t landmarks = 0;
  uint32_t link_bytes = 0;  // bytes of the line's text inside <a href=...>
  uint32_t links = 0;       // <a href> elements whose text is in the line
};

// The fields of a ParsedRecord; see there.
struct ParsedRecordFields {
  enum class Kind {
    kDocument,     // has text: its lines are counted and filtered
    kPassThrough,  // not a document (warcinfo, request, binary response...)
    kMalformed,    // cannot be parsed: passes through unchanged, counted
  };
  Kind kind = Kind::kPassThrough;
  // JSONL: "jsonl"; WARC: the WARC-Type value ("conversion", "warcinfo", ...).
  std::string type;
  std::string url;    // empty if the document has none (not counted per site)
  std::string id;     // JSONL "id" field, or WARC-Record-ID; may be empty
  std::string error;  // kMalformed: what is wrong ("invalid UTF-8 in text")
  // Decoded text of a document: a view into the record (WARC) or into
  // `scratch` (JSONL, unescaped). Valid while the record and this object are.
  std::string_view text;
  std::string scratch;
  std::vector<Line> lines;  // every line in order, blank ones included
  RecordSpans spans;        // JSONL documents with a URL
  // HTML documents (WARC response/resource records with an HTML payload):
  // the text is the page's visible text (in `scratch`), one LineFacts per
  // line; `title` is the <title>. A line's raw offsets are its text
  // offsets: the record itself is never rewritten.
  bool html = false;
  std::vector<LineFacts> facts;
  std::string title;
  std::string date;  // WARC documents (HTML or text): the WARC-Date; else "".
  std::string content_type;  // media type of the payload ("text/html")
  std::string charset;       // the encoding it was read in ("utf-8")
  const char* charset_source = "";  // "http", "bom", "meta", "utf8", "default"
  // A problem that was worked around (a payload that says HTML but cannot
  // be decoded: the record then passes through). Counted and reported.
  std::string warning;

  // Empties every field. Buffers keep their capacity for the next record
  // unless it is past kKeepBytes (after one huge record, they are given
  // back rather than held for the rest of the run).
  static constexpr size_t kKeepBytes = size_t{16} << 20;
  void Clear() {
    kind = Kind::kPassThrough;
    type.clear();
    url.clear();
    id.clear();
    error.clear();
    text = {};
    scratch.clear();
    lines.clear();
    if (scratch.capacity() > kKeepBytes) std::string().swap(scratch);
    if (lines.capacity() * sizeof(Line) > kKeepBytes) std::vector<Line>().swap(lines);
    if (facts.capacity() * sizeof(LineFacts) > kKeepBytes) std::vector<LineFacts>().swap(facts);
    spans = RecordSpans();
    html = false;
    facts.clear();
    title.clear();
    date.clear();
    content_type.clear();
    charset.clear();
    charset_source = "";
    warning.clear();
  }
};

// One parsed record. `text` may view this object's own `scratch`; a copy or
// a move points its `text` at its own `scratch` (a defaulted one would leave
// it in the source's buffer: dangling once the source changes or goes, and
// at once for a short text that std::string keeps inline). A `text` that
// views the record's bytes (outside `scratch`) is copied as it is.
struct ParsedRecord : ParsedRecordFields {
  ParsedRecord() = default;
  ParsedRecord(const ParsedRecord& o) : ParsedRecordFields(o) { Rebase(TextInScratch(o)); }
  ParsedRecord(ParsedRecord&& o) noexcept : ParsedRecord(std::move(o), TextInScratch(o)) {}
  ParsedRecord& operator=(const ParsedRecord& o) {
    if (this != &o) {
      const ptrdiff_t at = TextInScratch(o);
      ParsedRecordFields::operator=(o);
      Rebase(at);
    }
    return *this;
  }
  // `o` is left cleared.
  ParsedRecord& operator=(ParsedRecord&& o) noexcept {
    if (this != &o) {
      const ptrdiff_t at = TextInScratch(o);
      ParsedRecordFields::operator=(std::move(o));
      Rebase(at);
      o.Clear();
    }
    return *this;
  }
  ~ParsedRecord() = default;

 private:
  ParsedRecord(ParsedRecord&& o, ptrdiff_t at) noexcept : ParsedRecordFields(std::move(o)) {
    Rebase(at);
    o.Clear();
  }
  // The offset of o.text in o.scratch, or -1 when it is not inside it.
  static ptrdiff_t TextInScratch(const ParsedRecord& o) {
    const auto at = reinterpret_cast<uintptr_t>(o.text.data());
    const auto begin = reinterpret_cast<uintptr_t>(o.scratch.data());
    if (o.text.data() == nullptr || at < begin || at + o.text.size() > begin + o.scratch.size()) return -1;
    return static_cast<ptrdiff_t>(at - begin);
  }
  // Points `text` (copied from a record whose text was at offset `at` of
  // its scratch) at the same bytes of this scratch.
  void Rebase(ptrdiff_t at) {
    if (at >= 0) text = std::string_view(scratch.data() + at, text.size());
  }
};

class RecordFormat {
 public:
  virtual ~RecordFormat() = default;

  // Parses one record (as cut by the chunker; `record` is followed by at
  // least kChunkPadding readable bytes). Never fails: problems give
  // kMalformed with `error` set.
  virtual void Parse(std::string_view record, ParsedRecord* out) const = 0;

  // Reads a document again from the spans that Parse() gave for these same
  // bytes: kind, type, url, text and lines as Parse() sets them, not `id`,
  // and without validating the rest of the record. Returns false (and
  // leaves `*out` cleared) when the format has no spans or they do not fit
  // the record (JSONL: each must lie between two quotes, and decode); the
  // caller then calls Parse().
  virtual bool ParseSpans(std::string_view record, const RecordSpans& spans,
                          ParsedRecord* out) const {
    (void)record, (void)spans;
    out->Clear();
    return false;
  }

  // Appends to `*out` the record with only the lines whose keep[i] is true
  // (keep.size() == parsed.lines.size()). Every byte outside the text is
  // copied unchanged, and so is every kept line (JSONL: its escaped form;
  // WARC: Content-Length and WARC-Block-Digest are rewritten). When every
  // line is kept, appends `record` itself.
  virtual void Rewrite(std::string_view record, const ParsedRecord& parsed,
                       const std::vector<bool>& keep, std::string* out) const = 0;
};

enum class RecordFormatKind { kJsonl, kWarc };

// "jsonl", "warc".
const char* RecordFormatName(RecordFormatKind kind);

// Decides the format from the first bytes of the decompressed stream:
// "WARC/" is WARC, anything else JSONL.
RecordFormatKind SniffRecordFormat(std::string_view first_bytes);

}  // namespace dechrome

#endif  // DECHROME_RECORD_RECORD_H_
