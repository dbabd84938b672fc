// DecodeHtmlPayload() on real crawl records: the resiliparse fixtures of
// ../shared/fixtures (a Common Crawl excerpt with gb2312, windows-1251 and
// utf-8 pages; ClueWeb09 EUC-JP pages whose head says Content-Encoding: gzip
// over a body stored decoded; a truncated record). Skipped when absent.

#include <sys/stat.h>
#include <zlib.h>

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_internal.h"
#include "http/http_payload.h"
#include "http_test_util.h"

namespace dechrome {
namespace {

using ::dechrome::http_testing::CountReplacements;
using Result = HtmlPayload::Result;

const std::string kDir = std::string(DECHROME_SHARED_DIR) + "/fixtures/resiliparse-warc/";

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// The whole decompressed file (every gzip member); a truncated file gives
// what decoded.
std::string ReadGz(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

struct Record {
  std::string type;
  std::string uri;
  std::string_view block;
};

// Minimal WARC splitter for the test: header lines up to an empty line,
// Content-Length bytes of block (cut at the end of the data).
std::vector<Record> SplitWarc(std::string_view data) {
  std::vector<Record> records;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t start = data.find("WARC/", pos);
    if (start == std::string_view::npos) break;
    size_t end = data.find("\r\n\r\n", start);
    if (end == std::string_view::npos) break;
    std::string_view head = data.substr(start, end - start);
    Record r;
    size_t length = 0;
    size_t line = 0;
    while (line < head.size()) {
      size_t eol = head.find("\r\n", line);
      if (eol == std::string_view::npos) eol = head.size();
      std::string_view l = head.substr(line, eol - line);
      auto value = [&](std::string_view name) -> std::string_view {
        if (l.size() > name.size() && http_internal::EqualsLower(l.substr(0, name.size()), name)) {
          std::string_view v = l.substr(name.size());
          while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
          return v;
        }
        return {};
      };
      if (auto v = value("warc-type:"); !v.empty()) r.type = std::string(v);
      if (auto v = value("warc-target-uri:"); !v.empty()) r.uri = std::string(v);
      if (auto v = value("content-length:"); !v.empty()) length = std::stoul(std::string(v));
      line = eol + 2;
    }
    size_t body = end + 4;
    r.block = data.substr(body, std::min(length, data.size() - body));
    records.push_back(std::move(r));
    pos = body + r.block.size();
  }
  return records;
}

// Code points in [lo, hi] in valid UTF-8 `s`.
size_t CountInRange(std::string_view s, uint32_t lo, uint32_t hi) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<uint8_t>(s[i]);
    uint32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c, len = 1;
    } else if (c < 0xE0) {
      cp = c & 0x1F, len = 2;
    } else if (c < 0xF0) {
      cp = c & 0x0F, len = 3;
    } else {
      cp = c & 0x07, len = 4;
    }
    for (size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<uint8_t>(s[i + k]) & 0x3F);
    }
    if (cp >= lo && cp <= hi) ++n;
    i += len;
  }
  return n;
}

TEST(HttpFixturesTest, CommonCrawlExcerpt) {
  const std::string path = kDir + "warcfile.warc.gz";
  if (!Exists(path)) GTEST_SKIP() << path << " absent";
  std::string data = ReadGz(path);
  std::vector<Record> records = SplitWarc(data);
  ASSERT_EQ(records.size(), 50u);
  std::map<std::string, int> charsets;
  int html = 0;
  HtmlPayload p;
  for (const Record& r : records) {
    if (r.type != "response") continue;
    DecodeHtmlPayload(r.block, true, "", PayloadLimits(), &p);
    if (p.result != Result::kHtml) {
      EXPECT_EQ(p.result, Result::kNotHtml) << r.uri << ": " << p.reason;
      continue;
    }
    ++html;
    ++charsets[p.charset];
    EXPECT_TRUE(http_internal::IsValidUtf8(p.html)) << r.uri;
    EXPECT_LT(CountReplacements(p.html), 5u) << r.uri << " " << p.charset;
    EXPECT_THAT(std::string(p.html.substr(0, 2000)), ::testing::ContainsRegex("<[a-zA-Z!]"))
        << r.uri;
    if (p.charset == "gbk") {
      EXPECT_GT(CountInRange(p.html, 0x4E00, 0x9FFF), 20u) << r.uri;  // CJK ideographs
    }
    if (p.charset == "windows-1251") {
      EXPECT_GT(CountInRange(p.html, 0x0400, 0x04FF), 20u) << r.uri;  // Cyrillic
    }
  }
  EXPECT_GE(html, 12);
  EXPECT_GE(charsets["gbk"], 1);
  EXPECT_GE(charsets["windows-1251"], 1);
  EXPECT_GE(charsets["utf-8"], 1);
}

TEST(HttpFixturesTest, ClueWebEucJpWithStaleContentEncoding) {
  const std::string path = kDir + "clueweb-quirk.warc.gz";
  if (!Exists(path)) GTEST_SKIP() << path << " absent";
  std::string data = ReadGz(path);
  std::vector<Record> records = SplitWarc(data);
  int html = 0;
  HtmlPayload p;
  for (const Record& r : records) {
    if (r.type != "response") continue;
    DecodeHtmlPayload(r.block, true, "", PayloadLimits(), &p);
    ASSERT_EQ(p.result, Result::kHtml) << r.uri << ": " << p.reason;
    ++html;
    EXPECT_EQ(p.charset, "euc-jp") << r.uri;
    EXPECT_EQ(p.charset_source, CharsetSource::kHttp);
    EXPECT_THAT(p.warning, ::testing::HasSubstr("no gzip data")) << r.uri;
    EXPECT_LT(CountReplacements(p.html), 5u) << r.uri;
    // Katakana and kanji in the decoded text.
    EXPECT_GT(CountInRange(p.html, 0x30A0, 0x30FF), 10u) << r.uri;
    EXPECT_GT(CountInRange(p.html, 0x4E00, 0x9FFF), 10u) << r.uri;
  }
  EXPECT_EQ(html, 29);
}

TEST(HttpFixturesTest, ClippedRecordDoesNotCrash) {
  const std::string path = kDir + "clipped.warc.gz";
  if (!Exists(path)) GTEST_SKIP() << path << " absent";
  std::string data = ReadGz(path);
  int responses = 0;
  HtmlPayload p;
  for (const Record& r : SplitWarc(data)) {
    if (r.type != "response") continue;
    ++responses;
    DecodeHtmlPayload(r.block, true, "", PayloadLimits(), &p);
    if (p.result == Result::kHtml) {
      EXPECT_TRUE(http_internal::IsValidUtf8(p.html));
    }
    // Every prefix of the block, too.
    for (size_t n = 0; n < r.block.size(); n += 97) {
      DecodeHtmlPayload(r.block.substr(0, n), true, "", PayloadLimits(), &p);
      if (p.result == Result::kHtml) {
        ASSERT_TRUE(http_internal::IsValidUtf8(p.html)) << n;
      }
    }
  }
  EXPECT_EQ(responses, 1);
}

}  // namespace
}  // namespace dechrome
