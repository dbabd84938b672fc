#include <openssl/evp.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "warc/warc.h"
#include "warc/warc_header.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using Kind = ParsedRecord::Kind;
using warc_test::Conversion;
using warc_test::MakeRecord;

std::vector<std::string> LineTexts(const ParsedRecord& p) {
  std::vector<std::string> out;
  for (const Line& l : p.lines) {
    out.emplace_back(p.text.substr(l.text_begin, l.text_end - l.text_begin));
  }
  return out;
}

// SHA-1 through OpenSSL's one-shot EVP_Digest, base32 by a separate
// (bit-by-bit) encoder: an independent check of the rewritten digests.
std::string ExpectedDigest(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha1(), nullptr);
  std::string out = "sha1:";
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  for (unsigned bit = 0; bit < len * 8; bit += 5) {
    int v = 0;
    for (unsigned b = bit; b < bit + 5; ++b) {
      int x = b < len * 8 ? (md[b / 8] >> (7 - b % 8)) & 1 : 0;
      v = v * 2 + x;
    }
    out += alphabet[v];
  }
  return out;
}

// Header field value (first occurrence, exact name) of a serialized record.
std::string HeaderValue(const std::string& record, const std::string& name) {
  size_t end = record.find("\r\n\r\n");
  std::string header = record.substr(0, end + 2);
  size_t p = header.find("\r\n" + name + ": ");
  if (p == std::string::npos) return "<absent>";
  p += name.size() + 4;
  return header.substr(p, header.find("\r\n", p) - p);
}

// The block of a serialized record with CRLF header ends.
std::string Block(const std::string& record) {
  size_t end = record.find("\r\n\r\n") + 4;
  std::string value = HeaderValue(record, "Content-Length");
  if (value == "<absent>") value = HeaderValue(record, "content-length");
  size_t length = std::stoul(value);
  return record.substr(end, length);
}

class WarcFormatTest : public ::testing::Test {
 protected:
  ParsedRecord Parse(const std::string& record) {
    ParsedRecord p;
    format_->Parse(record, &p);
    return p;
  }
  std::string Rewrite(const std::string& record, const std::vector<bool>& keep) {
    ParsedRecord p = Parse(record);
    std::string out = "prefix:";
    format_->Rewrite(record, p, keep, &out);
    EXPECT_EQ(out.substr(0, 7), "prefix:");
    return out.substr(7);
  }
  std::unique_ptr<RecordFormat> format_ = NewWarcFormat();
};

TEST(WarcDigestTest, KnownVectors) {
  EXPECT_EQ(warc_internal::WarcSha1(""), "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ");
  EXPECT_EQ(warc_internal::WarcSha1("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
  EXPECT_EQ(warc_internal::Base32Encode("f"), "MY======");
  EXPECT_EQ(warc_internal::Base32Encode("foobar"), "MZXW6YTBOI======");
  EXPECT_EQ(ExpectedDigest("abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
}

TEST_F(WarcFormatTest, ParsesConversionRecord) {
  std::string text = "Home | About\nReal sentence here.\r\nSecond\n";
  std::string r = Conversion("http://www.example.com/page", text, "<urn:uuid:42>");
  ParsedRecord p = Parse(r);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.type, "conversion");
  EXPECT_EQ(p.url, "http://www.example.com/page");
  EXPECT_EQ(p.id, "<urn:uuid:42>");
  EXPECT_EQ(p.text, text);
  EXPECT_EQ(p.text.data(), r.data() + r.find(text));  // a view into the record
  EXPECT_THAT(LineTexts(p),
              ::testing::ElementsAre("Home | About", "Real sentence here.\r", "Second", ""));
  size_t off = r.find(text);
  for (const Line& l : p.lines) {
    EXPECT_EQ(l.raw_begin, l.text_begin + off);
    EXPECT_EQ(l.raw_end, l.text_end + off);
  }
}

// A text document keeps its WARC-Date, as an HTML page does: Dolma JSONL
// output of a WET file writes it as "date".
TEST_F(WarcFormatTest, TextDocumentKeepsItsWarcDate) {
  std::string r = MakeRecord({{"WARC-Type", "conversion"},
                              {"WARC-Target-URI", "http://www.example.com/page"},
                              {"WARC-Date", " 2024-02-03T04:05:06Z "}},
                             "a\nb\n");
  ParsedRecord p = Parse(r);
  ASSERT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.date, "2024-02-03T04:05:06Z");
  // Records that are not documents have none.
  EXPECT_EQ(Parse(MakeRecord({{"WARC-Type", "warcinfo"}, {"WARC-Date", "2024-02-03T04:05:06Z"}}, "x")).date,
            "");
}

TEST_F(WarcFormatTest, CaseInsensitiveNamesLfOnlyAndContinuationLines) {
  std::string r =
      "WARC/0.18\nwarc-type: Conversion\nwarc-target-uri: \n  <http://example.org/a>\n"
      "WARC-RECORD-ID: <urn:x>\ncontent-length: 6\n\nab\ncd\n\n\n";
  ParsedRecord p = Parse(r);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.type, "Conversion");
  EXPECT_EQ(p.url, "http://example.org/a");
  EXPECT_EQ(p.id, "<urn:x>");
  EXPECT_EQ(p.text, "ab\ncd\n");

  std::string r11 = MakeRecord(
      {{"WARC-Type", "resource"}, {"Content-Type", "Text/Plain; charset=utf-8"}}, "x", "WARC/1.1");
  EXPECT_EQ(Parse(r11).kind, Kind::kDocument);
}

TEST_F(WarcFormatTest, ResourceDependsOnContentType) {
  std::string plain = MakeRecord({{"WARC-Type", "resource"},
                                  {"WARC-Target-URI", "<file://a.txt>"},
                                  {"Content-Type", "text/plain"}},
                                 "line\n");
  ParsedRecord p = Parse(plain);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.url, "file://a.txt");
  std::string html = MakeRecord({{"WARC-Type", "resource"}, {"Content-Type", "text/html"}}, "<p>x");
  // (An HTML document's text is a view into the ParsedRecord itself: parse
  // into the object that is read, no copy.)
  format_->Parse(html, &p);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_TRUE(p.html);
  EXPECT_EQ(p.type, "resource");
  EXPECT_EQ(p.text, "x");
  std::string image = MakeRecord({{"WARC-Type", "resource"}, {"Content-Type", "image/png"}}, "\x89PNG");
  EXPECT_EQ(Parse(image).kind, Kind::kPassThrough);
  // Without HTML support, HTML passes through.
  WarcOptions no_html;
  no_html.html = false;
  ParsedRecord q;
  NewWarcFormat(no_html)->Parse(html, &q);
  EXPECT_EQ(q.kind, Kind::kPassThrough);
  EXPECT_EQ(q.type, "resource");
}

std::string Response(const std::string& http_headers, const std::string& body,
                     const std::string& eol = "\r\n") {
  return MakeRecord({{"WARC-Type", "response"},
                     {"WARC-Target-URI", "http://h.example/x"},
                     {"Content-Type", "application/http; msgtype=response"},
                     {"WARC-Payload-Digest", ExpectedDigest(body)},
                     {"WARC-Block-Digest", "sha1:AAAA"}},
                    "HTTP/1.1 200 OK" + eol + http_headers + eol + body);
}

TEST_F(WarcFormatTest, ResponseWithTextPlainBodyIsADocument) {
  std::string body = "first\nsecond\n";
  std::string r = Response("Content-Type: text/plain; charset=utf-8\r\n", body);
  ParsedRecord p = Parse(r);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.text, body);
  EXPECT_EQ(p.url, "http://h.example/x");
  // LF-only HTTP headers.
  std::string lf = Response("content-type: TEXT/PLAIN\nContent-Encoding: identity\n", body, "\n");
  p = Parse(lf);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.text, body);
}

TEST_F(WarcFormatTest, ResponsesThatPassThrough) {
  const std::string body = "x\ny\n";
  for (const std::string& headers :
       {std::string("Content-Type: text/plain\r\nContent-Encoding: gzip\r\n"),
        std::string("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"),
        std::string("Server: x\r\n")}) {
    ParsedRecord p = Parse(Response(headers, body));
    EXPECT_EQ(p.kind, Kind::kPassThrough) << headers;
    EXPECT_EQ(p.type, "response");
  }
  // Not application/http.
  std::string r = MakeRecord({{"WARC-Type", "response"}, {"Content-Type", "text/plain"}}, "abc");
  EXPECT_EQ(Parse(r).kind, Kind::kPassThrough);
}

TEST_F(WarcFormatTest, HtmlResponseIsADocumentWithItsStructure) {
  std::string page =
      "<html><head><title>The  Headline | Site</title><meta charset=\"windows-1252\"></head><body>"
      "<nav><a href=\"/\">Home</a></nav><article><h1>The Headline</h1><p>Caf\xe9 text with a "
      "<a href=\"/x\">link</a>.</p></article><footer>Footer</footer></body></html>";
  std::string r = MakeRecord({{"WARC-Type", "response"},
                              {"WARC-Target-URI", "https://news.example.com/a"},
                              {"WARC-Date", "2024-05-06T07:08:09Z"},
                              {"WARC-Record-ID", "<urn:uuid:1>"},
                              {"Content-Type", "application/http; msgtype=response"}},
                             "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page);
  ParsedRecord p;
  format_->Parse(r, &p);
  ASSERT_EQ(p.kind, Kind::kDocument);
  EXPECT_TRUE(p.html);
  EXPECT_EQ(p.type, "response");
  EXPECT_EQ(p.title, "The Headline | Site");
  EXPECT_EQ(p.date, "2024-05-06T07:08:09Z");
  EXPECT_EQ(p.charset, "windows-1252");
  EXPECT_STREQ(p.charset_source, "meta");
  EXPECT_THAT(LineTexts(p), ::testing::ElementsAre("Home", "The Headline", "Caf\xc3\xa9 text with a link.",
                                                   "Footer"));
  ASSERT_EQ(p.facts.size(), 4u);
  EXPECT_TRUE(p.facts[0].landmarks & kLandmarkNav);
  EXPECT_EQ(p.facts[0].link_bytes, 4u);
  EXPECT_TRUE(p.facts[1].landmarks & kLandmarkHeading);
  EXPECT_TRUE(p.facts[2].landmarks & kLandmarkMain);
  EXPECT_TRUE(p.facts[2].landmarks & kLandmarkParagraph);
  EXPECT_EQ(p.facts[2].link_bytes, 4u);
  EXPECT_TRUE(p.facts[3].landmarks & kLandmarkFooter);
  EXPECT_NE(p.facts[1].path, p.facts[2].path);
  // Not pages: a redirect, an image, a binary payload that says text/html
  // (passes through, with a warning).
  auto response = [](const std::string& http) {
    return MakeRecord({{"WARC-Type", "response"}, {"Content-Type", "application/http; msgtype=response"}}, http);
  };
  EXPECT_EQ(Parse(response("HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n")).kind, Kind::kPassThrough);
  EXPECT_EQ(Parse(response("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff")).kind,
            Kind::kPassThrough);
  std::string binary(512, '\0');
  p = Parse(response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + binary));
  EXPECT_EQ(p.kind, Kind::kPassThrough);
  EXPECT_NE(p.warning.find("binary"), std::string::npos) << p.warning;
}

TEST_F(WarcFormatTest, OtherTypesPassThrough) {
  for (const char* type : {"warcinfo", "request", "revisit", "metadata", "continuation"}) {
    std::string r = MakeRecord({{"WARC-Type", type}, {"Content-Type", "text/plain"}}, "a\nb\n");
    ParsedRecord p = Parse(r);
    EXPECT_EQ(p.kind, Kind::kPassThrough) << type;
    EXPECT_EQ(p.type, type);
    std::string out;
    format_->Rewrite(r, p, {}, &out);
    EXPECT_EQ(out, r);
  }
  ParsedRecord p = Parse(MakeRecord({{"Content-Type", "text/plain"}}, "abc"));
  EXPECT_EQ(p.kind, Kind::kPassThrough);
  EXPECT_EQ(p.type, "unknown");
}

TEST_F(WarcFormatTest, DocumentWithoutUrlAndNonUtf8Text) {
  std::string text = "caf\xE9 \xFF\xFE\n";
  std::string r = MakeRecord({{"WARC-Type", "conversion"}}, text);
  ParsedRecord p = Parse(r);
  EXPECT_EQ(p.kind, Kind::kDocument);
  EXPECT_EQ(p.url, "");
  EXPECT_EQ(p.text, text);
}

TEST_F(WarcFormatTest, MalformedRecords) {
  EXPECT_EQ(Parse("not a record").kind, Kind::kMalformed);
  EXPECT_EQ(Parse("WARC/1.0\r\nWARC-Type: conversion\r\n").kind, Kind::kMalformed);
  ParsedRecord p = Parse("WARC/1.0\r\nWARC-Type: conversion\r\n\r\nabc");
  EXPECT_EQ(p.kind, Kind::kMalformed);
  EXPECT_THAT(p.error, ::testing::HasSubstr("Content-Length"));
  p = Parse("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 10\r\n\r\nabc");
  EXPECT_EQ(p.kind, Kind::kMalformed);
  EXPECT_EQ(p.type, "conversion");
}

TEST_F(WarcFormatTest, RewriteAllKeptIsIdentical) {
  std::string r = Conversion("http://a/", "one\ntwo\n");
  EXPECT_EQ(Rewrite(r, {true, true, true}), r);
}

TEST_F(WarcFormatTest, RewriteDropsLinesAndFixesLengthAndDigest) {
  std::string text = "Menu\nKeep this.\r\nFooter\nAnd this\n";
  std::string r = MakeRecord({{"WARC-Type", "conversion"},
                              {"WARC-Target-URI", "http://a/"},
                              {"WARC-Block-Digest", ExpectedDigest(text)},
                              {"content-length", std::to_string(text.size())},
                              {"X-Other", "kept  as is "},
                              {"WARC-Payload-Digest", ExpectedDigest(text)}},
                             text, "WARC/1.0", "\r\n", "\r\n\r\n", /*with_length=*/false);
  std::string out = Rewrite(r, {false, true, false, true, true});
  const std::string new_text = "Keep this.\r\nAnd this\n";
  std::string expected = MakeRecord({{"WARC-Type", "conversion"},
                                     {"WARC-Target-URI", "http://a/"},
                                     {"WARC-Block-Digest", ExpectedDigest(new_text)},
                                     {"content-length", std::to_string(new_text.size())},
                                     {"X-Other", "kept  as is "},
                                     {"WARC-Payload-Digest", ExpectedDigest(new_text)}},
                                    new_text, "WARC/1.0", "\r\n", "\r\n\r\n", false);
  EXPECT_EQ(out, expected);

  // The result parses back to the kept lines.
  ParsedRecord p = Parse(out);
  EXPECT_THAT(LineTexts(p), ::testing::ElementsAre("Keep this.\r", "And this", ""));

  // Dropping the last line (no trailing newline any more) and everything.
  out = Rewrite(r, {true, false, false, false, false});
  EXPECT_EQ(Block(out), "Menu");
  out = Rewrite(r, {false, false, false, false, false});
  EXPECT_EQ(Block(out), "");
  EXPECT_EQ(HeaderValue(out, "content-length"), "0");
  EXPECT_EQ(HeaderValue(out, "WARC-Block-Digest"), ExpectedDigest(""));
}

TEST_F(WarcFormatTest, RewriteKeepsOtherHeaderBytesAndSeparator) {
  // LF-only header, odd spacing, no digest: only the length value changes.
  std::string r =
      "WARC/1.0\nWARC-Type: conversion\nContent-Length:   8  \nX: y\n\na\nb\nc\nd\n\n\n";
  std::string out = Rewrite(r, {true, false, true, false, true});
  EXPECT_EQ(out, "WARC/1.0\nWARC-Type: conversion\nContent-Length:   4  \nX: y\n\na\nc\n\n\n");
}

// Found by fuzz/fuzz_warc: a Content-Length (or digest) continued on a
// second line kept its continuation after the new value ("0\r\n 3"), so the
// rewritten record had no valid length and was cut as garbage.
TEST_F(WarcFormatTest, RewriteReplacesContinuedFieldValuesWhole) {
  std::string r =
      "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length:\r\n 5\r\n"
      "WARC-Block-Digest: sha1:\r\n\tOLD\r\nX: y\r\n\r\nab\ncd\r\n\r\n";
  ParsedRecord before = Parse(r);
  ASSERT_EQ(before.kind, Kind::kDocument);
  std::string out = Rewrite(r, {false, true});
  EXPECT_EQ(out, "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length:2\r\n"
                 "WARC-Block-Digest: " + ExpectedDigest("cd") + "\r\nX: y\r\n\r\ncd\r\n\r\n");
  warc_test::Drained d;
  ASSERT_TRUE(warc_test::ChunkAll(out, /*strict=*/true, &d).ok());
  ASSERT_EQ(d.records.size(), 1u);
  EXPECT_TRUE(d.issues.empty());
  ParsedRecord after = Parse(out);
  ASSERT_EQ(after.kind, Kind::kDocument);
  EXPECT_THAT(LineTexts(after), ::testing::ElementsAre("cd"));
}

// Found by fuzz/fuzz_warc: "Content-Length" without a colon, its value on a
// continuation line, was read as the length, and the rewrite could not
// replace it. A line without ':' is no field: the record has no length.
TEST_F(WarcFormatTest, AFieldNameWithoutColonIsNoField) {
  const std::string r = "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length\r\n 3\r\n\r\nabc\r\n\r\n";
  EXPECT_EQ(Parse(r).kind, Kind::kMalformed);
  warc_test::Drained d;
  ASSERT_TRUE(warc_test::ChunkAll(r, /*strict=*/false, &d).ok());
  EXPECT_TRUE(d.records.empty());
  ASSERT_FALSE(d.issues.empty());
  warc_test::Drained strict;
  EXPECT_FALSE(warc_test::ChunkAll(r, /*strict=*/true, &strict).ok());
}

TEST_F(WarcFormatTest, RewriteResponseKeepsHttpHeadersAndRecomputesBothDigests) {
  std::string http = "Content-Type: text/plain\r\nX-Y: z\r\n";
  std::string r = Response(http, "nav\nbody text\nfooter\n");
  std::string out = Rewrite(r, {false, true, false, true});
  std::string new_body = "body text\n";
  std::string new_block = "HTTP/1.1 200 OK\r\n" + http + "\r\n" + new_body;
  EXPECT_EQ(Block(out), new_block);
  EXPECT_EQ(HeaderValue(out, "Content-Length"), std::to_string(new_block.size()));
  EXPECT_EQ(HeaderValue(out, "WARC-Block-Digest"), ExpectedDigest(new_block));
  EXPECT_EQ(HeaderValue(out, "WARC-Payload-Digest"), ExpectedDigest(new_body));
  EXPECT_EQ(HeaderValue(out, "WARC-Target-URI"), "http://h.example/x");
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
}

}  // namespace
}  // namespace dechrome
