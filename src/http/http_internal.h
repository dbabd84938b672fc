// -----------------------------------------------------------------------------
// File: http_internal.h
// -----------------------------------------------------------------------------
//
// The steps of DecodeHtmlPayload() (http_payload.cc), one per file, exposed
// for the tests of tests/http/. Not part of any public interface.
//
//   http_head.cc      status line, header fields, Content-Type parameters
//   content_coding.cc de-chunking, gzip / zlib / raw deflate (ISA-L)
//   charset.cc        WHATWG encoding labels, BOM, <meta> prescan
//   transcode.cc      bytes in a WHATWG encoding -> UTF-8 (glibc iconv,
//                     windows-1252 and UTF-8 repair by hand)
//
// Thread safety: every function may be called from any number of threads at
// once. The iconv descriptors and the ISA-L inflate state are thread_local.

#ifndef DECHROME_HTTP_HTTP_INTERNAL_H_
#define DECHROME_HTTP_HTTP_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dechrome {
namespace http_internal {

// ---- http_head.cc -----------------------------------------------------------

// The parts of an HTTP response head that decide how to read the body.
// Values are views into the block, or into `folded` when a field was folded
// over several lines or repeated (Transfer-Encoding, Content-Encoding: the
// values are joined with ", " as RFC 9110 5.3 allows).
struct HttpHead {
  int status = 0;
  std::string_view content_type;       // last Content-Type field
  std::string_view transfer_encoding;  // all Transfer-Encoding fields
  std::string_view content_encoding;   // all Content-Encoding fields
  size_t body_offset = 0;              // first byte after the empty line
  bool head_complete = false;          // an empty line ended the head

  std::string folded[3];  // storage for joined values (rare)
};

// Parses the status line ("HTTP/1.1 200 OK", "HTTP/2 200", LF or CRLF) and
// the header fields up to the first empty line; names are compared without
// regard to case, a line starting with SP or HT continues the previous field.
// Returns false (and leaves `head` partly filled) when the block does not
// start with an HTTP status line. A head with no empty line ends at the end
// of the block (body empty, head_complete false).
bool ParseHttpHead(std::string_view block, HttpHead* head);

// Splits a Content-Type value: `mime` gets the media type in lower case
// without parameters or surrounding white space; `charset` the raw value of
// the charset parameter (quotes removed), or empty.
void ParseContentType(std::string_view value, std::string* mime, std::string_view* charset);

// Calls fn(token) for each comma-separated token of a coding list, trimmed
// and still in its original case ("gzip", "x-gzip", "chunked", ...).
template <typename Fn>
void ForEachToken(std::string_view list, Fn fn) {
  size_t i = 0;
  while (i <= list.size()) {
    size_t comma = list.find(',', i);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view t = list.substr(i, comma - i);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    if (!t.empty()) fn(t);
    i = comma + 1;
  }
}

// ASCII case-insensitive equality; `lower` must be lower case.
bool EqualsLower(std::string_view s, std::string_view lower);

// ---- content_coding.cc ------------------------------------------------------

enum class DechunkResult {
  kOk,          // the whole body was de-chunked (maybe with warnings)
  kNotChunked,  // the body does not start with a chunk size line
};

// De-chunks `in` (RFC 9112 7.1: chunk extensions and trailers ignored, LF
// alone accepted for CRLF) into `out`, at most `limit` bytes (`*truncated`
// set when more was there). A bad chunk size ends the body there, a chunk
// longer than the data is cut, a missing last chunk is accepted; each adds a
// note to `warning`. `out` must not overlap `in`.
DechunkResult Dechunk(std::string_view in, size_t limit, std::string* out, bool* truncated,
                      std::string* warning);

enum class InflateFormat { kGzip, kZlib, kRawDeflate };

enum class InflateResult {
  kOk,       // the whole stream was decoded (or cut at `limit`)
  kPartial,  // corrupt or truncated data: `out` holds what decoded before
  kFailed,   // nothing decoded
};

// Decompresses `in` into `out`, at most `limit` bytes: output stops there and
// `*truncated` is set (a gzip bomb costs `limit` bytes and the time to
// inflate them). Concatenated gzip members are all decoded. `error` gets a
// short description for kPartial / kFailed. `out` must not overlap `in`.
InflateResult Inflate(std::string_view in, InflateFormat format, size_t limit, std::string* out,
                      bool* truncated, std::string* error);

// True if `in` starts with a zlib header (RFC 1950: CM 8, window <= 32 KiB,
// FCHECK correct).
bool HasZlibHeader(std::string_view in);

// ---- charset.cc -------------------------------------------------------------

// The encodings of the WHATWG Encoding standard (section 4.2, "Names and
// labels"). kReplacement stands for the labels whose decoder yields one
// U+FFFD (ISO-2022-KR, HZ-GB-2312, ISO-2022-CN...).
enum class Encoding : uint8_t {
  kUtf8,
  kIbm866,
  kIso8859_2,
  kIso8859_3,
  kIso8859_4,
  kIso8859_5,
  kIso8859_6,
  kIso8859_7,
  kIso8859_8,
  kIso8859_8I,
  kIso8859_10,
  kIso8859_13,
  kIso8859_14,
  kIso8859_15,
  kIso8859_16,
  kKoi8R,
  kKoi8U,
  kMacintosh,
  kWindows874,
  kWindows1250,
  kWindows1251,
  kWindows1252,
  kWindows1253,
  kWindows1254,
  kWindows1255,
  kWindows1256,
  kWindows1257,
  kWindows1258,
  kXMacCyrillic,
  kGbk,
  kGb18030,
  kBig5,
  kEucJp,
  kIso2022Jp,
  kShiftJis,
  kEucKr,
  kReplacement,
  kUtf16Be,
  kUtf16Le,
  kXUserDefined,
};
inline constexpr int kNumEncodings = static_cast<int>(Encoding::kXUserDefined) + 1;

// WHATWG name ("utf-8", "windows-1252", "shift_jis", ...).
const char* EncodingName(Encoding e);

// The glibc iconv name used to decode `e` ("CP932" for shift_jis, "CP949"
// for euc-kr, "GB18030" for gbk...), or nullptr for the encodings decoded
// without iconv (utf-8, windows-1252, x-user-defined, replacement).
const char* IconvName(Encoding e);

// WHATWG "get an encoding": trims ASCII white space, compares without regard
// to ASCII case. False for an unknown label.
bool LookupEncodingLabel(std::string_view label, Encoding* e);

// WHATWG "BOM sniff": the encoding of a UTF-8 / UTF-16BE / UTF-16LE byte
// order mark at the start of `body` and its length (3 or 2), or 0.
size_t SniffBom(std::string_view body, Encoding* e);

struct PrescanResult {
  bool found = false;          // `encoding` holds the result
  Encoding encoding = Encoding::kUtf8;
  bool unknown_label = false;  // a charset declaration named no encoding
};

// HTML 13.2.3.2 "Prescan a byte stream to determine its encoding", over the
// first 1024 bytes of `body`: <meta charset>, <meta http-equiv=content-type
// content="...charset=...">, with comments, other tags and their attributes
// skipped as the algorithm says. UTF-16 results become UTF-8, x-user-defined
// becomes windows-1252.
PrescanResult PrescanMeta(std::string_view body);

// ---- transcode.cc -----------------------------------------------------------

// True if every byte of `s` is ASCII.
bool IsAscii(std::string_view s);

// True if `s` is valid UTF-8 (simdjson::validate_utf8).
bool IsValidUtf8(std::string_view s);

// Length of `s` without a UTF-8 sequence cut short at its end (for a body cut
// at the byte limit).
size_t WithoutPartialUtf8Tail(std::string_view s);

// Copies `in` to `out` with each maximal invalid subsequence replaced by
// U+FFFD (WHATWG UTF-8 decoder). Returns the number of replacements.
size_t RepairUtf8(std::string_view in, std::string* out);

// Decodes windows-1252 (the WHATWG index: 0x81, 0x8D, 0x8F, 0x90 and 0x9D map
// to the C1 controls) or x-user-defined into UTF-8.
void DecodeWindows1252(std::string_view in, std::string* out);
void DecodeXUserDefined(std::string_view in, std::string* out);

enum class IconvResult {
  kOk,           // `out` holds the text, `*replaced` invalid sequences
  kUnavailable,  // iconv_open() failed for this encoding
};

// Decodes `in` from `e` with glibc iconv into UTF-8. On EILSEQ emits U+FFFD
// and skips one byte (two for UTF-16) then goes on; input cut inside a
// sequence at the end gives one U+FFFD. The iconv_t is opened once per
// thread and encoding (thread_local) and reset before each use.
// REQUIRES: IconvName(e) != nullptr
IconvResult DecodeWithIconv(Encoding e, std::string_view in, std::string* out, size_t* replaced);

}  // namespace http_internal
}  // namespace dechrome

#endif  // DECHROME_HTTP_HTTP_INTERNAL_H_
