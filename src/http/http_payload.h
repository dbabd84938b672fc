// -----------------------------------------------------------------------------
// File: http_payload.h
// -----------------------------------------------------------------------------
//
// From a WARC record's block to a page's HTML as UTF-8:
//
//   HTTP response head (status, Content-Type, Transfer-Encoding,
//   Content-Encoding) --> body (de-chunked, gunzipped / inflated) -->
//   charset (HTTP header, BOM, <meta> prescan, valid UTF-8, windows-1252)
//   --> UTF-8 (glibc iconv)
//
// Thread safety: DecodeHtmlPayload() may be called from any number of
// threads at once; each thread should reuse its own HtmlPayload.

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
                       // "bad chunk size at body offset 1234", ...
  std::string mime;    // media type from Content-Type, lower case, no parameters
  std::string charset;  // the encoding used (WHATWG name, e.g. "windows-1252")
  CharsetSource charset_source = CharsetSource::kNone;
  bool truncated = false;  // the body was cut at max_body_bytes
  // A declared charset that could not be used (unknown label, or iconv
  // failed): `charset` then says what was used instead.
  bool charset_fallback = false;
  // Problems that were repaired, "; "-separated, e.g. "bad chunk size at
  // body offset 1234; truncated gzip data". Empty for a clean page. Set for
  // kHtml too: the page is usable but may be partial or partly U+FFFD.
  std::string warning;
  // The page as UTF-8 (invalid sequences replaced by U+FFFD, no BOM): a
  // view into the block or into the buffers below. Valid until the block
  // goes away or the next call with this HtmlPayload, whichever comes first.
  std::string_view html;
  std::string body_buffer;     // de-chunked / decompressed body
  std::string convert_buffer;  // transcoded body

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
