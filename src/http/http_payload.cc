// DecodeHtmlPayload(): the steps of http_internal put together. The order:
//
//   1. head: status (200 only), Content-Type -> mime + HTTP charset label
//   2. type: text/html or application/xhtml+xml; no usable type -> sniff the
//      decoded body (WHATWG MIME Sniffing 7.1, the HTML patterns); any other
//      type -> kNotHtml, before any body work
//   3. body: de-chunk, then undo the codings in reverse order (the Content-
//      Encoding list, after any non-chunked Transfer-Encoding codings), each
//      stage writing into whichever of body_buffer / convert_buffer does not
//      hold its input; then cut at max_body_bytes
//   4. binary check (magic numbers, control bytes) -> kBroken
//   5. encoding: BOM, HTTP charset, <meta> prescan, valid UTF-8, windows-1252
//   6. UTF-8: a view into the body when it is valid UTF-8 (or ASCII in an
//      ASCII-compatible encoding), else converted into convert_buffer
//
// The common case (identity body, UTF-8) touches the body twice: the
// <meta> prescan of at most 1 KiB and one simdjson UTF-8 validation.

#include "http/http_payload.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "http/http_internal.h"

namespace dechrome {

using http_internal::Encoding;

namespace {

void AddWarning(HtmlPayload* out, std::string_view what) {
  if (!out->warning.empty()) out->warning.append("; ");
  out->warning.append(what.data(), what.size());
}

void SetResult(HtmlPayload* out, HtmlPayload::Result result, std::string_view reason) {
  out->result = result;
  out->reason.assign(reason.data(), reason.size());
  out->html = {};
}

bool IsWhitespace(uint8_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

enum class TypeClass { kHtml, kSniff, kOther };

TypeClass ClassifyMime(std::string_view mime) {
  if (mime == "text/html" || mime == "application/xhtml+xml") return TypeClass::kHtml;
  // No type, an invalid one (no '/'), or one of the "unknown" types that
  // WHATWG MIME Sniffing 7.1 sniffs.
  if (mime.empty() || mime.find('/') == std::string_view::npos || mime == "unknown/unknown" ||
      mime == "application/unknown" || mime == "*/*") {
    return TypeClass::kSniff;
  }
  return TypeClass::kOther;
}

// WHATWG MIME Sniffing 7.1 "identifying a resource with an unknown MIME
// type", its HTML rows: after white space, one of these tags (any case)
// followed by a tag-terminating byte. The spec's terminators are SP and '>';
// other white space is accepted too ("<html\n lang=..."): a text file
// starting that way is no less HTML.
bool SniffsAsHtml(std::string_view body) {
  static constexpr const char* kPatterns[] = {
      "<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
      "<table",         "<a",    "<style", "<title", "<b",      "<body", "<br", "<p",
      "<!--",
  };
  Encoding bom;
  body.remove_prefix(http_internal::SniffBom(body, &bom));
  body = body.substr(0, 1445);  // the spec's resource header size
  size_t i = 0;
  while (i < body.size() && IsWhitespace(static_cast<uint8_t>(body[i]))) ++i;
  body.remove_prefix(i);
  for (const char* p : kPatterns) {
    size_t len = std::strlen(p);
    if (body.size() <= len) continue;
    bool match = true;
    for (size_t k = 0; k < len && match; ++k) {
      char c = body[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      match = c == p[k];
    }
    if (!match) continue;
    auto t = static_cast<uint8_t>(body[len]);
    if (t == '>' || IsWhitespace(t)) return true;
  }
  return false;
}

// Binary content that a server labelled (or a sniffer took for) HTML: a
// compressed / image / document magic number, NUL bytes, or many of the
// bytes WHATWG MIME Sniffing calls "binary data bytes" in the first 1 KiB.
// `utf16`: NUL bytes are expected, only the magic numbers count.
bool LooksBinary(std::string_view body, bool utf16) {
  static constexpr struct {
    const char* bytes;
    size_t len;
  } kMagic[] = {
      {"\x1f\x8b", 2},             // gzip
      {"\x28\xb5\x2f\xfd", 4},     // zstd
      {"PK\x03\x04", 4},           // zip
      {"\x89PNG\r\n\x1a\n", 8},    // PNG
      {"\xff\xd8\xff", 3},         // JPEG
      {"GIF8", 4},                 // GIF
      {"%PDF-", 5},                // PDF
      {"\x7f" "ELF", 4},           // ELF
  };
  for (const auto& m : kMagic) {
    if (body.size() >= m.len && std::memcmp(body.data(), m.bytes, m.len) == 0) return true;
  }
  if (body.size() >= 12 && std::memcmp(body.data(), "RIFF", 4) == 0 &&
      std::memcmp(body.data() + 8, "WEBP", 4) == 0) {
    return true;
  }
  if (utf16) return false;
  std::string_view head = body.substr(0, 1024);
  size_t nul = 0, control = 0;
  for (char ch : head) {
    auto c = static_cast<uint8_t>(ch);
    if (c == 0) ++nul;
    // Binary data bytes: 0x00-0x08, 0x0B, 0x0E-0x1A, 0x1C-0x1F (ESC, used
    // by ISO-2022-JP, is not one).
    if (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F)) {
      ++control;
    }
  }
  // A stray NUL or control byte happens in real pages; a few NULs or more
  // than 1 in 32 control bytes does not.
  return nul >= 2 || (control >= 4 && control * 32 > head.size());
}

// Which of the two buffers the current body lives in.
enum class Where { kBlock, kBody, kConvert };

std::string* OtherBuffer(HtmlPayload* out, Where where) {
  return where == Where::kBody ? &out->convert_buffer : &out->body_buffer;
}

Where WhereOf(HtmlPayload* out, const std::string* buffer) {
  return buffer == &out->body_buffer ? Where::kBody : Where::kConvert;
}

// Undoes one content coding of `*body`. Returns false after setting kBroken.
bool UndoCoding(std::string_view coding, const PayloadLimits& limits, HtmlPayload* out,
                std::string_view* body, Where* where) {
  using http_internal::EqualsLower;
  using http_internal::InflateFormat;
  using http_internal::InflateResult;
  if (EqualsLower(coding, "identity")) return true;
  InflateFormat format;
  bool gzip = EqualsLower(coding, "gzip") || EqualsLower(coding, "x-gzip");
  if (gzip) {
    if (body->size() < 2 || static_cast<uint8_t>((*body)[0]) != 0x1f ||
        static_cast<uint8_t>((*body)[1]) != 0x8b) {
      // Crawlers often store the body decoded and keep the header.
      AddWarning(out, "Content-Encoding gzip but no gzip data: taken as is");
      return true;
    }
    format = InflateFormat::kGzip;
  } else if (EqualsLower(coding, "deflate")) {
    format = http_internal::HasZlibHeader(*body) ? InflateFormat::kZlib
                                                 : InflateFormat::kRawDeflate;
  } else {
    SetResult(out, HtmlPayload::Result::kBroken,
              absl::StrCat("unsupported Content-Encoding ",
                           absl::string_view(coding.data(), coding.size())));
    return false;
  }
  std::string* target = OtherBuffer(out, *where);
  std::string error;  // only filled on failure
  InflateResult r =
      http_internal::Inflate(*body, format, limits.max_body_bytes, target, &out->truncated, &error);
  if (r == InflateResult::kFailed) {
    if (format == InflateFormat::kRawDeflate && SniffsAsHtml(*body)) {
      AddWarning(out, "Content-Encoding deflate but no deflate data: taken as is");
      return true;
    }
    SetResult(out, HtmlPayload::Result::kBroken, absl::StrCat("corrupt body (", error, ")"));
    return false;
  }
  if (r == InflateResult::kPartial) AddWarning(out, absl::StrCat(error, ": kept what decoded"));
  *where = WhereOf(out, target);
  *body = *target;
  return true;
}

// Undoes the codings of `list` from last to first.
bool UndoCodings(std::string_view list, bool skip_chunked, const PayloadLimits& limits,
                 HtmlPayload* out, std::string_view* body, Where* where) {
  // Collect the tokens (few) to walk them backwards.
  std::string_view tokens[8];
  size_t n = 0;
  bool too_many = false;
  http_internal::ForEachToken(list, [&](std::string_view t) {
    if (skip_chunked && http_internal::EqualsLower(t, "chunked")) return;
    if (n < 8) {
      tokens[n++] = t;
    } else {
      too_many = true;
    }
  });
  if (too_many) {
    SetResult(out, HtmlPayload::Result::kBroken, "too many content codings");
    return false;
  }
  while (n > 0) {
    if (!UndoCoding(tokens[--n], limits, out, body, where)) return false;
  }
  return true;
}

// Steps 5 and 6 for a body in `body`. Returns false after setting kBroken.
bool ToUtf8(std::string_view body, bool truncated, std::string_view http_charset,
            HtmlPayload* out) {
  using http_internal::Encoding;
  Encoding enc = Encoding::kUtf8;
  CharsetSource source = CharsetSource::kNone;

  size_t bom = http_internal::SniffBom(body, &enc);
  if (bom > 0) {
    source = CharsetSource::kBom;
    body.remove_prefix(bom);
  }
  if (source == CharsetSource::kNone && !http_charset.empty()) {
    if (http_internal::LookupEncodingLabel(http_charset, &enc)) {
      source = CharsetSource::kHttp;
    } else {
      out->charset_fallback = true;
      AddWarning(out, absl::StrCat("unknown charset ",
                                   absl::string_view(http_charset.data(), http_charset.size())));
    }
  }
  if (source == CharsetSource::kNone) {
    http_internal::PrescanResult meta = http_internal::PrescanMeta(body);
    if (meta.found) {
      enc = meta.encoding;
      source = CharsetSource::kMeta;
    } else if (meta.unknown_label) {
      out->charset_fallback = true;
      AddWarning(out, "unknown charset in <meta>");
    }
  }
  // A body cut at the limit may end inside a UTF-8 sequence.
  std::string_view whole = body;
  if (truncated && (source == CharsetSource::kNone || enc == Encoding::kUtf8)) {
    body = body.substr(0, http_internal::WithoutPartialUtf8Tail(body));
  }
  bool valid_utf8 = false;
  if (source == CharsetSource::kNone) {
    valid_utf8 = http_internal::IsValidUtf8(body);
    enc = valid_utf8 ? Encoding::kUtf8 : Encoding::kWindows1252;
    source = valid_utf8 ? CharsetSource::kUtf8 : CharsetSource::kDefault;
    if (!valid_utf8) body = whole;
  } else if (enc == Encoding::kUtf8) {
    valid_utf8 = http_internal::IsValidUtf8(body);
  }

  if (LooksBinary(body, enc == Encoding::kUtf16Be || enc == Encoding::kUtf16Le)) {
    SetResult(out, HtmlPayload::Result::kBroken, "binary payload labelled text/html");
    return false;
  }

  out->charset_source = source;
  out->charset = http_internal::EncodingName(enc);
  switch (enc) {
    case Encoding::kUtf8:
      if (valid_utf8) {
        out->html = body;
      } else {
        size_t n = http_internal::RepairUtf8(body, &out->convert_buffer);
        AddWarning(out, absl::StrCat(n, " invalid UTF-8 sequences replaced"));
        out->html = out->convert_buffer;
      }
      return true;
    case Encoding::kReplacement:
      // ISO-2022-KR, HZ-GB-2312, ISO-2022-CN...: a browser shows one U+FFFD.
      SetResult(out, HtmlPayload::Result::kBroken,
                absl::StrCat("charset decodes to U+FFFD only (replacement, from ",
                             CharsetSourceName(source), ")"));
      return false;
    case Encoding::kUtf16Be:
    case Encoding::kUtf16Le:
    case Encoding::kIso2022Jp:
      break;  // not ASCII-compatible
    default:
      if (http_internal::IsAscii(body)) {  // the same bytes in UTF-8
        out->html = body;
        return true;
      }
      break;
  }
  if (enc == Encoding::kWindows1252) {
    http_internal::DecodeWindows1252(body, &out->convert_buffer);
  } else if (enc == Encoding::kXUserDefined) {
    http_internal::DecodeXUserDefined(body, &out->convert_buffer);
  } else {
    size_t replaced = 0;
    if (http_internal::DecodeWithIconv(enc, body, &out->convert_buffer, &replaced) ==
        http_internal::IconvResult::kUnavailable) {
      out->charset_fallback = true;
      AddWarning(out, absl::StrCat("iconv cannot decode ", out->charset));
      out->charset = "windows-1252";
      http_internal::DecodeWindows1252(body, &out->convert_buffer);
    } else if (replaced > 0) {
      AddWarning(out, absl::StrCat(replaced, " invalid ", out->charset, " sequences replaced"));
    }
  }
  out->html = out->convert_buffer;
  return true;
}

}  // namespace

const char* CharsetSourceName(CharsetSource source) {
  switch (source) {
    case CharsetSource::kNone:
      return "none";
    case CharsetSource::kHttp:
      return "http";
    case CharsetSource::kBom:
      return "bom";
    case CharsetSource::kMeta:
      return "meta";
    case CharsetSource::kUtf8:
      return "utf8";
    case CharsetSource::kDefault:
      return "default";
  }
  return "none";
}

void HtmlPayload::Clear() {
  result = Result::kNotHtml;
  status = 0;
  reason.clear();
  mime.clear();
  charset.clear();
  charset_source = CharsetSource::kNone;
  truncated = false;
  charset_fallback = false;
  warning.clear();
  html = {};
  body_buffer.clear();
  convert_buffer.clear();
}

void DecodeHtmlPayload(std::string_view block, bool http, std::string_view content_type,
                       const PayloadLimits& limits, HtmlPayload* out) {
  out->Clear();
  http_internal::HttpHead head;
  std::string_view body = block;
  if (http) {
    if (!http_internal::ParseHttpHead(block, &head)) {
      SetResult(out, HtmlPayload::Result::kBroken, "no HTTP status line");
      return;
    }
    out->status = head.status;
    content_type = head.content_type;
    body = block.substr(head.body_offset);
  }

  // 2. The type (mime is set for every response, for the caller's counts).
  std::string_view http_charset;
  http_internal::ParseContentType(content_type, &out->mime, &http_charset);
  if (http && head.status != 200) {
    SetResult(out, HtmlPayload::Result::kNotHtml, absl::StrCat("status ", head.status));
    return;
  }
  if (http && !head.head_complete) AddWarning(out, "HTTP head has no end");
  TypeClass type = ClassifyMime(out->mime);
  if (type == TypeClass::kOther) {
    SetResult(out, HtmlPayload::Result::kNotHtml, absl::StrCat("type ", out->mime));
    return;
  }

  // 3. The body.
  Where where = Where::kBlock;
  bool chunked = false;
  http_internal::ForEachToken(head.transfer_encoding, [&](std::string_view t) {
    if (http_internal::EqualsLower(t, "chunked")) chunked = true;
  });
  if (chunked) {
    if (http_internal::Dechunk(body, limits.max_body_bytes, &out->body_buffer, &out->truncated,
                               &out->warning) == http_internal::DechunkResult::kOk) {
      where = Where::kBody;
      body = out->body_buffer;
    } else {
      AddWarning(out, "Transfer-Encoding chunked but the body is not chunked: taken as is");
    }
  }
  if (!UndoCodings(head.transfer_encoding, true, limits, out, &body, &where)) return;
  if (!UndoCodings(head.content_encoding, false, limits, out, &body, &where)) return;
  if (body.size() > limits.max_body_bytes) {
    body = body.substr(0, limits.max_body_bytes);
    out->truncated = true;
  }
  if (where == Where::kConvert) {  // keep the body where the header says
    out->body_buffer.swap(out->convert_buffer);
    body = std::string_view(out->body_buffer).substr(0, body.size());
  }

  if (type == TypeClass::kSniff && !SniffsAsHtml(body)) {
    SetResult(out, HtmlPayload::Result::kNotHtml,
              absl::StrCat("type ", out->mime.empty() ? "none" : out->mime.c_str(),
                           ", body not HTML"));
    return;
  }

  // 4-6. Binary check, encoding, UTF-8.
  if (!ToUtf8(body, out->truncated, http_charset, out)) return;
  out->result = HtmlPayload::Result::kHtml;
}

}  // namespace dechrome
