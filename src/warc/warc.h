// -----------------------------------------------------------------------------
// File: warc.h
// -----------------------------------------------------------------------------
//
// WARC (1.0, 1.1, 0.18) records, e.g. Common Crawl WET files.
//
// The chunker cuts records: a version line "WARC/x.y", header fields
// (case-insensitive names, CRLF or LF, continuation lines), an empty line,
// then exactly Content-Length bytes of block, then the "\r\n\r\n" record end
// (tolerating LF-only). It never scans the block. Bad framing (no version
// line, missing or non-numeric Content-Length, a block running past the end
// of the stream, garbage between records) is an error in strict mode; in
// lenient mode the chunker resynchronises at the next line starting with
// "WARC/" and reports the skipped bytes as a FramingIssue (offset + message
// + the bytes, which the pipeline copies through). A record's span runs from
// its version line through every line end after its block (normally just
// "\r\n\r\n"). A UTF-8 BOM or blank lines before the first record are
// reported as a FramingIssue in both modes (not an error).
//
// Parse() makes documents of: `conversion` records, and `resource` /
// `response` records whose payload is text/plain (for `response`, the text
// is the HTTP body after the HTTP headers; a Content-Encoding or chunked
// Transfer-Encoding makes it pass through). URL: WARC-Target-URI, with
// angle brackets tolerated; id: WARC-Record-ID. Every other record is
// kPassThrough with `type` set to its WARC-Type (missing: "unknown").
// `url` and `id` are set for every record.
//
// With WarcOptions::html, a `response` (application/http) or `resource`
// record whose payload is an HTML page (see src/http/http_payload.h) is a
// document too: its text is the page's visible text (src/html/html_text.h)
// in ParsedRecord::scratch, with `html`, `facts`, `title`, `date`,
// `content_type` and `charset` set. Such a record is never rewritten: the
// pipeline writes its text as a new record. A payload that claims to be
// HTML but cannot be decoded passes through with `warning` set.
//
// Rewrite() copies an HTML page's record unchanged. For text documents it
// keeps every header line byte for byte except Content-Length
// (new block length) and WARC-Block-Digest (recomputed "sha1:" + base32 of
// the new block's SHA-1, only when the record had one) and
// WARC-Payload-Digest (likewise, when present, over the new payload: the
// HTTP body of a `response`, the whole block of a `conversion` or
// `resource`, as Common Crawl's WET files have it). Kept lines come out
// byte-identical; the HTTP headers of a `response` are kept as they are (an
// HTTP Content-Length is not updated).
//
// Thread safety: the chunker is used by one thread; the format is const.

#ifndef DECHROME_WARC_WARC_H_
#define DECHROME_WARC_WARC_H_

#include <memory>
#include <string>

#include "record/record.h"

namespace dechrome {

std::unique_ptr<RecordChunker> NewWarcChunker(ByteSource* source, std::string head,
                                              size_t target_bytes, bool strict);

struct WarcOptions {
  // HTML payloads of `response` / `resource` records become documents
  // (src/http decodes them, src/html extracts their lines and facts).
  bool html = true;
  size_t max_html_bytes = size_t{32} << 20;
};

std::unique_ptr<RecordFormat> NewWarcFormat(const WarcOptions& options = WarcOptions());

}  // namespace dechrome

#endif  // DECHROME_WARC_WARC_H_
