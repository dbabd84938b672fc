#include "http/http_payload.h"

#include <zlib.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_internal.h"
#include "http_test_util.h"

namespace dechrome {
namespace {

using ::dechrome::http_testing::Chunked;
using ::dechrome::http_testing::CountReplacements;
using ::dechrome::http_testing::Decode;
using ::dechrome::http_testing::EncodeAs;
using ::dechrome::http_testing::Gzip;
using ::dechrome::http_testing::RawDeflate;
using ::dechrome::http_testing::Response;
using ::dechrome::http_testing::Zlib;
using ::testing::HasSubstr;
using Result = HtmlPayload::Result;

constexpr char kPage[] = "<!DOCTYPE html><html><head><title>T</title></head>"
                         "<body><p>Caf\xC3\xA9 \xE2\x82\xAC</p></body></html>";

bool Inside(std::string_view view, std::string_view whole) {
  return view.data() >= whole.data() && view.data() + view.size() <= whole.data() + whole.size();
}

// ---- Head -------------------------------------------------------------------

TEST(HttpHeadTest, StatusLineVariants) {
  for (const char* status : {"HTTP/1.1 200 OK", "HTTP/1.0 200 OK", "HTTP/2 200", "HTTP/1.1 200",
                             "HTTP/1.1  200  OK", "http/1.1 200 OK"}) {
    auto p = Decode(Response({"Content-Type: text/html"}, kPage, status));
    EXPECT_EQ(p->result, Result::kHtml) << status << ": " << p->reason;
    EXPECT_EQ(p->status, 200) << status;
    EXPECT_EQ(p->html, kPage) << status;
  }
}

TEST(HttpHeadTest, LfOnlyLineEnds) {
  std::string block = "HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n\n";
  block += kPage;
  auto p = Decode(block);
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, kPage);
  EXPECT_EQ(p->charset_source, CharsetSource::kHttp);
}

TEST(HttpHeadTest, NonOkStatusIsNotHtml) {
  for (int status : {301, 302, 404, 500, 204, 206}) {
    std::string line = "HTTP/1.1 " + std::to_string(status) + " X";
    auto p = Decode(Response({"Content-Type: text/html"}, kPage, line));
    EXPECT_EQ(p->result, Result::kNotHtml);
    EXPECT_EQ(p->status, status);
    EXPECT_EQ(p->reason, "status " + std::to_string(status));
    EXPECT_EQ(p->mime, "text/html");
    EXPECT_TRUE(p->html.empty());
  }
}

TEST(HttpHeadTest, NoStatusLineIsBroken) {
  for (const char* block : {"", "<html>", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/ 200\r\n\r\n",
                            "HTTP/1.1 2000\r\n\r\n", "GET / HTTP/1.1\r\n\r\n"}) {
    auto p = Decode(block);
    EXPECT_EQ(p->result, Result::kBroken) << block;
    EXPECT_EQ(p->reason, "no HTTP status line");
  }
}

TEST(HttpHeadTest, FieldNamesIgnoreCaseAndTypeIsLowerCased) {
  auto p = Decode(Response({"content-TYPE:Text/HTML ; Charset=\"ISO-8859-1\""}, "<p>\xE9"));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->mime, "text/html");
  EXPECT_EQ(p->charset, "windows-1252");
  EXPECT_EQ(p->charset_source, CharsetSource::kHttp);
  EXPECT_EQ(p->html, "<p>\xC3\xA9");
}

TEST(HttpHeadTest, FoldedFieldContinues) {
  auto p = Decode(Response({"Content-Type: text/html;", "\t charset=windows-1251"},
                                  "<p>\xCF\xF0\xE8"));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->charset, "windows-1251");
  EXPECT_EQ(p->html, "<p>\xD0\x9F\xD1\x80\xD0\xB8");  // "При"
}

TEST(HttpHeadTest, HeadEndsAtFirstEmptyLine) {
  std::string body = "Content-Encoding: br\r\n\r\n<html>x";
  auto p = Decode(Response({"Content-Type: text/html"}, body));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, body);
}

TEST(HttpHeadTest, HeadWithoutEndGivesEmptyPage) {
  auto p = Decode("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
  EXPECT_EQ(p->result, Result::kHtml);
  EXPECT_TRUE(p->html.empty());
  EXPECT_THAT(p->warning, HasSubstr("no end"));
}

TEST(HttpHeadTest, LastContentTypeCounts) {
  auto p =
      Decode(Response({"Content-Type: text/plain", "Content-Type: text/html"}, kPage));
  EXPECT_EQ(p->result, Result::kHtml);
}

TEST(HttpHeadTest, ParseContentTypeParameters) {
  std::string mime;
  std::string_view charset;
  http_internal::ParseContentType(" TEXT/html ;foo=\"a;b\"; charset = gbk ;x=y", &mime, &charset);
  EXPECT_EQ(mime, "text/html");
  EXPECT_EQ(charset, "gbk");
  http_internal::ParseContentType("text/html;flag;charset='x'", &mime, &charset);
  EXPECT_EQ(charset, "'x'");
  http_internal::ParseContentType("", &mime, &charset);
  EXPECT_EQ(mime, "");
  EXPECT_EQ(charset, "");
}

// ---- Type -------------------------------------------------------------------

TEST(MediaTypeTest, OtherTypesAreNotHtml) {
  for (const char* type : {"image/jpeg", "text/plain", "application/json", "text/css",
                           "application/pdf", "text/xml"}) {
    auto p = Decode(Response({std::string("Content-Type: ") + type}, kPage));
    EXPECT_EQ(p->result, Result::kNotHtml) << type;
    EXPECT_EQ(p->reason, std::string("type ") + type);
    EXPECT_EQ(p->mime, type);
  }
}

TEST(MediaTypeTest, XhtmlIsHtml) {
  auto p = Decode(Response({"Content-Type: application/xhtml+xml"}, kPage));
  EXPECT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->mime, "application/xhtml+xml");
}

TEST(MediaTypeTest, MissingTypeIsSniffed) {
  struct Case {
    const char* body;
    bool html;
  } cases[] = {
      {"<!DOCTYPE html><p>x", true},   {"<!doctype HTML>", true},
      {" \r\n\t<html lang=en>", true}, {"\xEF\xBB\xBF<html>", true},
      {"<HEAD><title>", true},         {"<body>", true},
      {"<p>hello", true},              {"<!-- c -->", true},
      {"<script>x", true},             {"<table>", true},
      {"hello <html>", false},         {"<htmlx>", false},
      {"<?xml version=\"1.0\"?>", false}, {"{\"a\": 1}", false},
      {"", false},                     {"<html", false},
  };
  for (const auto& c : cases) {
    for (const std::vector<std::string>& fields :
         std::vector<std::vector<std::string>>{{}, {"Content-Type:"}, {"Content-Type: unknown/unknown"},
                                               {"Content-Type: text"}}) {
      auto p = Decode(Response(fields, c.body));
      EXPECT_EQ(p->result, c.html ? Result::kHtml : Result::kNotHtml)
          << c.body << " " << (fields.empty() ? "" : fields[0]) << " " << p->reason;
    }
  }
  auto p = Decode(Response({}, "plain text"));
  EXPECT_EQ(p->reason, "type none, body not HTML");
}

TEST(MediaTypeTest, SniffingLooksAtTheDecodedBody) {
  auto p = Decode(Response({"Content-Encoding: gzip"}, Gzip(kPage)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
}

TEST(MediaTypeTest, ResourceRecordUsesWarcContentType) {
  auto p = Decode("<p>\xCF\xF0\xE8", false, "text/html; charset=windows-1251");
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->status, 0);
  EXPECT_EQ(p->charset, "windows-1251");
  EXPECT_EQ(p->html, "<p>\xD0\x9F\xD1\x80\xD0\xB8");

  EXPECT_EQ(Decode(kPage, false, "image/png")->reason, "type image/png");
  EXPECT_EQ(Decode(kPage, false, "")->result, Result::kHtml);
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\n\r\n<html>", false, "")->result, Result::kNotHtml);
}

// ---- Binary -----------------------------------------------------------------

TEST(BinaryTest, BinaryLabelledHtmlIsBroken) {
  std::string nuls = std::string("<html>") + std::string(64, '\0');
  std::string controls;
  for (int i = 0; i < 200; ++i) controls += static_cast<char>(i % 32 == 10 ? 'a' : i % 32);
  const std::string bodies[] = {
      nuls,
      controls,
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
      "\xFF\xD8\xFF\xE0\0\x10JFIF",
      "%PDF-1.4\n%\xE2\xE3",
      Gzip(kPage),  // gzip without Content-Encoding
      "GIF89a\x01\0",
  };
  for (const auto& body : bodies) {
    auto p = Decode(Response({"Content-Type: text/html"}, body));
    EXPECT_EQ(p->result, Result::kBroken) << body.substr(0, 8);
    EXPECT_EQ(p->reason, "binary payload labelled text/html");
    EXPECT_TRUE(p->html.empty());
  }
}

TEST(BinaryTest, AFewControlBytesAreNotBinary) {
  std::string body = std::string(kPage) + std::string(200, 'x') + std::string("\x01\x02 \x0B\0 tail", 10);
  auto p = Decode(Response({"Content-Type: text/html"}, body));
  EXPECT_EQ(p->result, Result::kHtml) << p->reason;
  // ISO-2022-JP uses ESC; it is text.
  std::string jis = EncodeAs("<p>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "ISO-2022-JP");
  jis += jis + jis + jis;
  p = Decode(Response({"Content-Type: text/html; charset=iso-2022-jp"}, jis));
  EXPECT_EQ(p->result, Result::kHtml) << p->reason;
}

TEST(BinaryTest, Utf16WithNulsIsText) {
  std::string body = "\xFF\xFE" + EncodeAs("<html><p>hi", "UTF-16LE");
  auto p = Decode(Response({"Content-Type: text/html"}, body));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->charset, "utf-16le");
  EXPECT_EQ(p->html, "<html><p>hi");
}

// ---- Chunked ----------------------------------------------------------------

TEST(ChunkedTest, DechunksEveryLayout) {
  std::string page = kPage;
  for (size_t chunk : {1, 7, 100, 1000}) {
    for (const char* eol : {"\r\n", "\n"}) {
      auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"},
                                      Chunked(page, chunk, eol)));
      ASSERT_EQ(p->result, Result::kHtml) << p->reason;
      EXPECT_EQ(p->html, page) << chunk;
      EXPECT_EQ(p->warning, "") << chunk;
      EXPECT_FALSE(p->truncated);
    }
  }
}

TEST(ChunkedTest, ExtensionsTrailersAndUpperCaseHex) {
  std::string body = "A;name=value;q=\"x\"\r\n<html><p>x\r\n"
                     "3 \r\nabc\r\n"
                     "0;last\r\nExpires: never\r\nX-Trailer: 1\r\n\r\n";
  auto p = Decode(
      Response({"Content-Type: text/html", "transfer-encoding: Chunked"}, body));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, "<html><p>xabc");
  EXPECT_EQ(p->warning, "");
}

TEST(ChunkedTest, MissingLastChunk) {
  std::string body = "6\r\n<html>\r\n3\r\nabc\r\n";
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"}, body));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, "<html>abc");
  EXPECT_THAT(p->warning, HasSubstr("missing last chunk"));
}

TEST(ChunkedTest, BadSizeKeepsWhatDecoded) {
  std::string body = "6\r\n<html>\r\nzz\r\nabc\r\n0\r\n\r\n";
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"}, body));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, "<html>");
  EXPECT_THAT(p->warning, HasSubstr("bad chunk size at body offset 11"));
}

TEST(ChunkedTest, SizeLargerThanData) {
  std::string body = "6\r\n<html>\r\nfff\r\nabc";
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"}, body));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, "<html>abc");
  EXPECT_THAT(p->warning, HasSubstr("truncated chunk"));
}

TEST(ChunkedTest, HugeSizeDoesNotOverflow) {
  for (const char* size : {"ffffffffffffffff", "fffffffffffffffff0", "8000000000000000"}) {
    std::string body = "6\r\n<html>\r\n" + std::string(size) + "\r\nabc\r\n0\r\n\r\n";
    auto p =
        Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"}, body));
    ASSERT_EQ(p->result, Result::kHtml) << size;
    EXPECT_THAT(std::string(p->html), ::testing::StartsWith("<html>"));
    EXPECT_NE(p->warning, "");
  }
}

TEST(ChunkedTest, NotChunkedAtAllIsTakenAsIs) {
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"}, kPage));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, kPage);
  EXPECT_THAT(p->warning, HasSubstr("not chunked"));
}

TEST(ChunkedTest, LimitCutsTheBody) {
  std::string page = "<html>" + std::string(10000, 'x');
  PayloadLimits limits;
  limits.max_body_bytes = 1000;
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: chunked"},
                                  Chunked(page, 300)),
                         true, "", limits);
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_TRUE(p->truncated);
  EXPECT_EQ(p->html, page.substr(0, 1000));
}

TEST(ChunkedTest, RandomGarbageNeverCrashes) {
  std::mt19937 rng(42);
  PayloadLimits limits;
  limits.max_body_bytes = 1 << 20;
  const char alphabet[] = "0123456789abcdefABCDEF;\r\n \t=xz<>\"";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string body;
    size_t len = rng() % 64;
    for (size_t i = 0; i < len; ++i) body += alphabet[rng() % (sizeof(alphabet) - 1)];
    for (const char* coding : {"", "gzip", "deflate"}) {
      std::vector<std::string> fields = {"Content-Type: text/html", "Transfer-Encoding: chunked"};
      if (*coding) fields.push_back(std::string("Content-Encoding: ") + coding);
      auto p = Decode(Response(fields, body), true, "", limits);
      if (p->result == Result::kHtml) {
        EXPECT_LE(p->html.size(), 3 * limits.max_body_bytes);
        EXPECT_TRUE(http_internal::IsValidUtf8(p->html));
      }
    }
  }
}

// ---- Content-Encoding -------------------------------------------------------

TEST(ContentEncodingTest, GzipAndDeflate) {
  struct Case {
    const char* coding;
    std::string body;
  } cases[] = {
      {"gzip", Gzip(kPage)},
      {"x-gzip", Gzip(kPage)},
      {"GZIP", Gzip(kPage)},
      {"deflate", Zlib(kPage)},
      {"deflate", RawDeflate(kPage)},
      {"gzip, identity", Gzip(kPage)},
      {"identity", kPage},
      {"deflate, gzip", Gzip(Zlib(kPage))},  // applied left to right
      {"gzip, gzip", Gzip(Gzip(kPage))},
  };
  for (const auto& c : cases) {
    auto p = Decode(Response(
        {"Content-Type: text/html", std::string("Content-Encoding: ") + c.coding}, c.body));
    ASSERT_EQ(p->result, Result::kHtml) << c.coding << ": " << p->reason;
    EXPECT_EQ(p->html, kPage) << c.coding;
    EXPECT_EQ(p->warning, "") << c.coding;
  }
}

TEST(ContentEncodingTest, RepeatedFieldsAreOneList) {
  auto p = Decode(Response(
      {"Content-Type: text/html", "Content-Encoding: deflate", "Content-Encoding: gzip"},
      Gzip(Zlib(kPage))));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
}

TEST(ContentEncodingTest, ChunkedGzip) {
  auto p = Decode(Response({"Content-Type: text/html; charset=utf-8",
                                   "Transfer-Encoding: chunked", "Content-Encoding: gzip"},
                                  Chunked(Gzip(kPage), 10)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
  EXPECT_EQ(p->body_buffer, kPage);
}

TEST(ContentEncodingTest, GzipTransferCoding) {
  auto p = Decode(Response({"Content-Type: text/html", "Transfer-Encoding: gzip, chunked"},
                                  Chunked(Gzip(kPage), 10)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
}

TEST(ContentEncodingTest, MultiMemberGzip) {
  std::string a = "<html><p>first ", b = "second</p>";
  auto p =
      Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"}, Gzip(a) + Gzip(b)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, a + b);
}

TEST(ContentEncodingTest, UnknownCodingIsBroken) {
  for (const char* coding : {"br", "compress", "zstd", "x-compress", "gzip, br"}) {
    auto p = Decode(Response(
        {"Content-Type: text/html", std::string("Content-Encoding: ") + coding}, kPage));
    EXPECT_EQ(p->result, Result::kBroken) << coding;
    EXPECT_THAT(p->reason, HasSubstr("unsupported Content-Encoding"));
  }
}

TEST(ContentEncodingTest, CrawlerRenamedHeaderIsIgnored) {
  auto p = Decode(
      Response({"Content-Type: text/html", "X-Crawler-Content-Encoding: gzip"}, kPage));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, kPage);
  EXPECT_EQ(p->warning, "");
}

TEST(ContentEncodingTest, GzipHeaderOnPlainBodyTakesItAsIs) {
  auto p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"}, kPage));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, kPage);
  EXPECT_THAT(p->warning, HasSubstr("no gzip data"));
  p = Decode(Response({"Content-Type: text/html", "Content-Encoding: deflate"}, kPage));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
  EXPECT_THAT(p->warning, HasSubstr("no deflate data"));
}

TEST(ContentEncodingTest, TruncatedGzipKeepsWhatDecoded) {
  std::string page = "<html><body>";
  for (int i = 0; i < 2000; ++i) page += "<p>paragraph " + std::to_string(i) + "</p>\n";
  std::string gz = Gzip(page);
  auto p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"},
                                  gz.substr(0, gz.size() / 2)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_GT(p->html.size(), 100u);
  EXPECT_EQ(page.compare(0, p->html.size(), p->html.data(), p->html.size()), 0);
  EXPECT_THAT(p->warning, HasSubstr("truncated"));

  // Only the trailer lost: everything decoded, the checksum cannot be checked.
  p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"},
                      gz.substr(0, gz.size() - 4)));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, page);
}

TEST(ContentEncodingTest, CorruptGzipWithNothingDecodedIsBroken) {
  std::string gz = Gzip(kPage);
  std::string bad = gz.substr(0, 10) + std::string(40, '\xFF');
  auto p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"}, bad));
  EXPECT_EQ(p->result, Result::kBroken);
  EXPECT_THAT(p->reason, HasSubstr("corrupt body (gzip"));
  p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"}, gz.substr(0, 10)));
  EXPECT_EQ(p->result, Result::kBroken) << p->reason;
}

TEST(ContentEncodingTest, BadChecksumKeepsTheText) {
  std::string gz = Gzip(kPage);
  gz[gz.size() - 6] ^= 0x55;  // CRC-32
  auto p = Decode(Response({"Content-Type: text/html", "Content-Encoding: gzip"}, gz));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, kPage);
  EXPECT_THAT(p->warning, HasSubstr("checksum"));
}

// 1 GiB of spaces behind an HTML start, gzipped here by streaming deflate
// over one 1 MiB buffer (about 1 MiB of gzip).
std::string GzipBomb() {
  std::string chunk(size_t{1} << 20, ' ');
  std::memcpy(chunk.data(), "<html><body>", 12);
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_RLE), Z_OK);
  std::string out;
  std::string buf(size_t{1} << 16, '\0');
  for (int i = 0; i < 1024; ++i) {
    if (i == 1) std::memset(chunk.data(), ' ', 12);
    z.next_in = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_in = static_cast<uInt>(chunk.size());
    int flush = i == 1023 ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      deflate(&z, flush);
      out.append(buf.data(), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

TEST(ContentEncodingTest, GzipBombStaysWithinTheLimit) {
  std::string bomb = GzipBomb();
  EXPECT_LT(bomb.size(), size_t{4} << 20);
  std::string block = Response({"Content-Type: text/html", "Content-Encoding: gzip"}, bomb);
  PayloadLimits limits;
  limits.max_body_bytes = size_t{1} << 20;
  HtmlPayload p;
  DecodeHtmlPayload(block, true, "", limits, &p);
  ASSERT_EQ(p.result, Result::kHtml) << p.reason;
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.html.size(), limits.max_body_bytes);
  EXPECT_LE(p.body_buffer.capacity(), 2 * limits.max_body_bytes);
  EXPECT_EQ(p.html.substr(0, 12), "<html><body>");

  // The default limit too, through chunking.
  block = Response({"Content-Type: text/html", "Transfer-Encoding: chunked",
                    "Content-Encoding: gzip"},
                   Chunked(bomb, 4096));
  DecodeHtmlPayload(block, true, "", PayloadLimits(), &p);
  ASSERT_EQ(p.result, Result::kHtml) << p.reason;
  EXPECT_TRUE(p.truncated);
  EXPECT_EQ(p.html.size(), PayloadLimits().max_body_bytes);
}

TEST(ContentEncodingTest, IdentityBodyCutAtLimitKeepsUtf8) {
  std::string page = "<html>";
  while (page.size() < 5000) page += "\xD0\x9F\xE2\x82\xAC";  // 2 + 3 bytes
  for (size_t limit = 990; limit < 1000; ++limit) {
    PayloadLimits limits;
    limits.max_body_bytes = limit;
    auto p = Decode(Response({"Content-Type: text/html"}, page), true, "", limits);
    ASSERT_EQ(p->result, Result::kHtml);
    EXPECT_TRUE(p->truncated);
    EXPECT_EQ(p->charset, "utf-8") << limit;
    EXPECT_EQ(p->charset_source, CharsetSource::kUtf8) << limit;
    EXPECT_LE(p->html.size(), limit);
    EXPECT_GE(p->html.size(), limit - 3);
    EXPECT_EQ(CountReplacements(p->html), 0u);
  }
}

// ---- Fast path and buffers --------------------------------------------------

TEST(FastPathTest, Utf8PageIsAViewIntoTheBlock) {
  std::string block = Response({"Content-Type: text/html; charset=UTF-8"}, kPage);
  auto p = Decode(block);
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_TRUE(Inside(p->html, p->block));
  EXPECT_TRUE(p->body_buffer.empty());
  EXPECT_TRUE(p->convert_buffer.empty());
  EXPECT_EQ(p->warning, "");
}

TEST(FastPathTest, AsciiInLegacyEncodingIsAView) {
  std::string block = Response({"Content-Type: text/html; charset=shift_jis"}, "<html><p>ascii");
  auto p = Decode(block);
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->charset, "shift_jis");
  EXPECT_TRUE(Inside(p->html, p->block));
}

TEST(FastPathTest, ReusedPayloadKeepsItsBuffers) {
  std::string page = "<html>" + std::string(5000, 'x') + "\xCF\xF0\xE8";
  std::string block = Response({"Content-Type: text/html; charset=windows-1251",
                                "Content-Encoding: gzip"},
                               Gzip(page));
  HtmlPayload p;
  DecodeHtmlPayload(block, true, "", PayloadLimits(), &p);
  ASSERT_EQ(p.result, Result::kHtml);
  const char* body_data = p.body_buffer.data();
  const char* convert_data = p.convert_buffer.data();
  for (int i = 0; i < 5; ++i) {
    DecodeHtmlPayload(block, true, "", PayloadLimits(), &p);
    ASSERT_EQ(p.result, Result::kHtml);
    EXPECT_EQ(p.body_buffer.data(), body_data);
    EXPECT_EQ(p.convert_buffer.data(), convert_data);
  }
  // A kNotHtml call clears everything.
  DecodeHtmlPayload(Response({"Content-Type: image/png"}, ""), true, "", PayloadLimits(), &p);
  EXPECT_EQ(p.result, Result::kNotHtml);
  EXPECT_TRUE(p.html.empty());
  EXPECT_EQ(p.charset, "");
  EXPECT_EQ(p.warning, "");
}

TEST(ThreadTest, ConcurrentDecodesAgree) {
  struct Job {
    std::string block;
    std::string expect;
  };
  const std::string text = "<p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xE4\xBD\xA0\xE5\xA5\xBD";
  std::vector<Job> jobs;
  for (const char* cs : {"GB18030", "UTF-16LE"}) {
    jobs.push_back({Response({std::string("Content-Type: text/html; charset=") + cs},
                             EncodeAs(text, cs)),
                    text});
  }
  const std::string ru = "<p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";
  jobs.push_back({Response({"Content-Type: text/html; charset=koi8-r", "Content-Encoding: gzip"},
                           Gzip(EncodeAs(ru, "KOI8-R"))),
                  ru});
  jobs.push_back({Response({"Content-Type: text/html"}, text), text});
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      HtmlPayload p;
      for (int i = 0; i < 500; ++i) {
        const Job& job = jobs[(i + t) % jobs.size()];
        DecodeHtmlPayload(job.block, true, "", PayloadLimits(), &p);
        if (p.result != Result::kHtml || p.html != job.expect) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(CharsetSourceNameTest, Names) {
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kNone), "none");
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kHttp), "http");
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kBom), "bom");
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kMeta), "meta");
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kUtf8), "utf8");
  EXPECT_STREQ(CharsetSourceName(CharsetSource::kDefault), "default");
}

}  // namespace
}  // namespace dechrome
