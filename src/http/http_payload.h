// -----------------------------------------------------------------------------
// File: http_payload.h
// -----------------------------------------------------------------------------
//
// From a WARC record's block to a page's HTML as UTF-8:
//
//   HTTP response head (status, Content-Type, Transfer-Encoding,
//   Content-Encoding) --> body (de-chunked, gunzipped / inflated, cut at
//   PayloadLimits::max_body_bytes) --> encoding, chosen the way a browser
//   does (WHATWG: BOM, HTTP charset, <meta> prescan of the first 1024 bytes;
//   then valid UTF-8 -> utf-8, else windows-1252) --> UTF-8 (glibc iconv;
//   invalid sequences become U+FFFD)
//
// A declared charset is believed, as a browser believes it: a page whose
// server says iso-8859-1 over UTF-8 bytes comes out as the mojibake a
// browser shows. Only a label naming no encoding falls through to the next
// step (charset_fallback).
//
// Leniency: LF-only heads, "HTTP/2 200", folded fields, bad chunk sizes
// (decoded up to there), truncated or corrupt gzip (what decoded is kept), a
// Content-Encoding over a body the crawler stored decoded (taken as is) are
// repaired and noted in HtmlPayload::warning. Only Content-Encoding counts;
// X-Crawler-Content-Encoding and the like are ignored.
//
// Cost: for an uncompressed UTF-8 page, one pass over the head, a <meta>
// prescan and a binary check of at most 1 KiB each, and one UTF-8
// validation (simdjson); `html` is then a view into the block. A reused
// HtmlPayload does not allocate in the steady state.
//
// Thread safety: DecodeHtmlPayload() may be called from any number of
// threads at once; each thread should reuse its own HtmlPayload. iconv
// descriptors and the inflate state are per thread (thread_local).

#ifndef DECHROME_HTTP_HTTP_PAYLOAD_H_
#define DECHROME_HTTP_HTTP_PAYLOAD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dechrome {

enum class CharsetSource { kNone, kHttp, kBom, kMeta, kUtf8, kDefault };
const char* CharsetSourceName(CharsetSource source);  // "http", "bom", ...

struct PayloadLimits {
  // Bytes of decoded body (after de-chunking and decompression) at most;
  // a larger body is cut there (HtmlPayload::truncated).
  size_t max_body_bytes = size_t{32} << 20;
};

struct HtmlPayload {
  enum class Result {
    kHtml,     // `html` holds the page
    kNotHtml,  // not an HTML page (status, type, bytes): `reason` says why
    kBroken,   // claims to be HTML but cannot be decoded: `reason` says why
  };
  Result result = Result::kNotHtml;
  int status = 0;      // HTTP status code; 0 for a resource record
  std::string reason;  // kNotHtml / kBroken: "status 301", "type image/jpeg",
                       // "binary payload labelled text/html",
                       // "no HTTP status line",
                       // "unsupported Content-Encoding br", ...
  std::string mime;    // media type from Content-Type, lower case, no parameters
                       // (empty when absent; set for non-200 responses too)
  std::string charset;  // the encoding used (WHATWG name, e.g. "windows-1252")
  CharsetSource charset_source = CharsetSource::kNone;
  bool truncated = false;  // the body was cut at max_body_bytes
  // A declared charset that could not be used (unknown label, or iconv
  // failed): `charset` then says what was used instead.
  bool charset_fallback = false;
  // Problems that were repaired, "; "-separated, e.g. "bad chunk size at
  // body offset 1234; gzip: truncated data: kept what decoded". Empty for a
  // clean page. Mostly seen with kHtml: the page is usable but may be
  // partial or partly U+FFFD.
  std::string warning;
  // The page as UTF-8 (invalid sequences replaced by U+FFFD, no BOM): a
  // view into the block or into the buffers below. Valid until the block
  // goes away or the next call with this HtmlPayload, whichever comes first.
  std::string_view html;
  // Scratch space, reused across calls. body_buffer holds the de-chunked /
  // decompressed body (empty when the block's bytes were used as they are);
  // convert_buffer the transcoded or repaired text when `html` is not a view
  // into the body.
  std::string body_buffer;
  std::string convert_buffer;

  // Resets every field; the strings keep their capacity (a reused
  // HtmlPayload does not allocate in the steady state).
  void Clear();
};

// `block` is a WARC record's block. For a `response` record (`http` true)
// it starts with the HTTP status line and header; for a `resource` record
// (`http` false) it is the payload itself, typed by `content_type` (the
// WARC Content-Type). An HTML page is a status 200 (http) with a media type
// text/html or application/xhtml+xml, or with no media type and a body that
// looks like HTML. Never fails: the result says what came out.
void DecodeHtmlPayload(std::string_view block, bool http, std::string_view content_type,
                       const PayloadLimits& limits, HtmlPayload* out);

}  // namespace dechrome

#endif  // DECHROME_HTTP_HTTP_PAYLOAD_H_
