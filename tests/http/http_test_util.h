// Builders for the tests of src/http/: HTTP responses, gzip / zlib / raw
// deflate bodies (zlib), chunked bodies, text in a legacy encoding (iconv).

#ifndef DECHROME_TESTS_HTTP_HTTP_TEST_UTIL_H_
#define DECHROME_TESTS_HTTP_HTTP_TEST_UTIL_H_

#include <errno.h>
#include <iconv.h>
#include <zlib.h>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "http/http_payload.h"

namespace dechrome {
namespace http_testing {

// "HTTP/1.1 200 OK\r\n" + fields (each followed by CRLF) + "\r\n" + body.
inline std::string Response(const std::vector<std::string>& fields, std::string_view body,
                            std::string_view status_line = "HTTP/1.1 200 OK") {
  std::string r(status_line);
  r += "\r\n";
  for (const auto& f : fields) r += f + "\r\n";
  r += "\r\n";
  r.append(body.data(), body.size());
  return r;
}

// A decoded block with the block it came from: `html` may be a view into
// either, so both live at a stable address (behind the unique_ptr).
struct Decoded : HtmlPayload {
  std::string block;
};

inline std::unique_ptr<Decoded> Decode(std::string block, bool http = true,
                                       std::string_view content_type = "",
                                       PayloadLimits limits = {}) {
  auto d = std::make_unique<Decoded>();
  d->block = std::move(block);
  DecodeHtmlPayload(d->block, http, content_type, limits, d.get());
  return d;
}

// zlib deflate with `window_bits` 31 (gzip), 15 (zlib) or -15 (raw).
inline std::string Deflate(std::string_view data, int window_bits, int level = 6) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}
inline std::string Gzip(std::string_view data) { return Deflate(data, 31); }
inline std::string Zlib(std::string_view data) { return Deflate(data, 15); }
inline std::string RawDeflate(std::string_view data) { return Deflate(data, -15); }

// `body` as chunks of `chunk` bytes, each size line followed by `eol`, and
// the last chunk.
inline std::string Chunked(std::string_view body, size_t chunk, std::string_view eol = "\r\n") {
  std::string out;
  char size[32];
  for (size_t i = 0; i < body.size(); i += chunk) {
    std::string_view c = body.substr(i, chunk);
    std::snprintf(size, sizeof(size), "%zx", c.size());
    out += size;
    out += eol;
    out += c;
    out += eol;
  }
  out += "0";
  out += eol;
  out += eol;
  return out;
}

// UTF-8 -> `charset` with iconv (the test's own descriptor).
inline std::string EncodeAs(std::string_view utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t inleft = utf8.size();
  char* o = out.data();
  size_t oleft = out.size();
  EXPECT_NE(iconv(cd, &in, &inleft, &o, &oleft), static_cast<size_t>(-1))
      << charset << " errno " << errno;
  iconv(cd, nullptr, nullptr, &o, &oleft);  // shift back (ISO-2022-JP)
  out.resize(out.size() - oleft);
  iconv_close(cd);
  return out;
}

inline size_t CountReplacements(std::string_view s) {
  size_t n = 0;
  for (size_t i = s.find("\xEF\xBF\xBD"); i != std::string_view::npos;
       i = s.find("\xEF\xBF\xBD", i + 3)) {
    ++n;
  }
  return n;
}

}  // namespace http_testing
}  // namespace dechrome

#endif  // DECHROME_TESTS_HTTP_HTTP_TEST_UTIL_H_
