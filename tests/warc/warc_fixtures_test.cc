// Chunks and parses the real WARC / WET files under ../shared (skipped when
// it is absent). Expected numbers come from fixtures/*/SOURCE.txt and
// fixtures/README.md.


#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "warc/warc.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using Kind = ParsedRecord::Kind;
using TypeCounts = std::map<std::string, int>;

const std::string kChecker = std::string(DECHROME_SOURCE_DIR) + "/tests/warc/warc_check.py";

struct Result {
  warc_test::Drained drained;
  TypeCounts types;
  std::vector<ParsedRecord> parsed;
  int documents = 0;
};

// HTML pages (status 200, text/html) in the fixtures (the other responses:
// iana 4 redirects, scripts, styles, images).
constexpr int kIanaPages = 16, kCluewebPages = 29, kWarcfilePages = 16;  // checked with a script

Result ChunkAndParse(const std::string& data, size_t target_bytes, bool html = true) {
  Result res;
  absl::Status s = warc_test::ChunkAll(data, /*strict=*/true, &res.drained, target_bytes, 100000);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_TRUE(res.drained.issues.empty());
  EXPECT_EQ(res.drained.Reassembled(), data);
  WarcOptions options;
  options.html = html;
  auto format = NewWarcFormat(options);
  for (const std::string& r : res.drained.records) {
    res.parsed.emplace_back();
    ParsedRecord& p = res.parsed.back();
    format->Parse(r, &p);
    EXPECT_NE(p.kind, Kind::kMalformed) << p.error;
    ++res.types[p.type];
    res.documents += p.kind == Kind::kDocument;
  }
  return res;
}

std::string ReadGz(const std::string& rel) {
  return testing::GzipDecompress(testing::ReadFile(testing::SharedDir() + "/" + rel));
}

struct Fixture {
  const char* path;
  TypeCounts types;
};

TEST(WarcFixturesTest, RecordCountsAndTypes) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no ../shared";
  const std::vector<Fixture> fixtures = {
      {"fixtures/pywb-iana/iana.warc.gz",
       {{"warcinfo", 1}, {"response", 48}, {"revisit", 123}, {"request", 171}}},
      {"fixtures/pywb-iana/dupes.warc.gz",
       {{"warcinfo", 1}, {"response", 3}, {"revisit", 9}, {"request", 12}}},
      {"fixtures/resiliparse-warc/warcfile.warc.gz",
       {{"warcinfo", 1}, {"request", 17}, {"response", 16}, {"metadata", 16}}},
      {"fixtures/resiliparse-warc/clueweb-quirk.warc.gz", {{"warcinfo", 1}, {"response", 29}}},
      {"fixtures/cc-whirlwind/whirlwind.warc.gz",
       {{"warcinfo", 1}, {"request", 1}, {"response", 1}, {"metadata", 1}}},
      {"fixtures/cc-whirlwind/whirlwind.warc.wat.gz", {{"warcinfo", 1}, {"metadata", 1}}},
      {"fixtures/cc-whirlwind/whirlwind.warc.wet.gz", {{"warcinfo", 1}, {"conversion", 1}}},
      {"fixtures/dolma-cc/sample-0000.warc.gz",
       {{"warcinfo", 1}, {"request", 22}, {"response", 22}, {"resource", 2}, {"metadata", 1}}},
      {"fixtures/dolma-cc/sample-0001.warc.gz",
       {{"warcinfo", 1}, {"request", 15}, {"response", 15}, {"resource", 2}, {"metadata", 1}}},
  };
  for (const Fixture& f : fixtures) {
    SCOPED_TRACE(f.path);
    std::string data = ReadGz(f.path);
    for (size_t target : {size_t{1}, size_t{64} << 10, size_t{16} << 20}) {
      Result res = ChunkAndParse(data, target);
      EXPECT_EQ(res.types, f.types) << target;
    }
  }
}

TEST(WarcFixturesTest, DocumentsInRealFiles) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no ../shared";
  // The WET: one conversion document, the URL as in the header.
  Result wet = ChunkAndParse(ReadGz("fixtures/cc-whirlwind/whirlwind.warc.wet.gz"), 1 << 20);
  ASSERT_EQ(wet.parsed.size(), 2u);
  EXPECT_EQ(wet.parsed[0].kind, Kind::kPassThrough);
  EXPECT_EQ(wet.parsed[1].kind, Kind::kDocument);
  EXPECT_EQ(wet.parsed[1].url, "https://an.wikipedia.org/wiki/Escopete");
  EXPECT_GT(wet.parsed[1].lines.size(), 10u);

  // HTML responses, revisits, gzip-encoded EUC-JP pages: without HTML
  // support no documents; with it, the HTML pages (status 200), each with
  // visible text and one LineFacts a line.
  for (const auto& [path, pages] :
       std::vector<std::pair<const char*, int>>{{"fixtures/pywb-iana/iana.warc.gz", kIanaPages},
                                                {"fixtures/resiliparse-warc/clueweb-quirk.warc.gz", kCluewebPages},
                                                {"fixtures/resiliparse-warc/warcfile.warc.gz", kWarcfilePages}}) {
    Result res = ChunkAndParse(ReadGz(path), 1 << 20, /*html=*/false);
    EXPECT_EQ(res.documents, 0) << path;
    Result html = ChunkAndParse(ReadGz(path), 1 << 20);
    EXPECT_EQ(html.documents, pages) << path;
    for (const ParsedRecord& p : html.parsed) {
      if (p.kind != Kind::kDocument) continue;
      EXPECT_TRUE(p.html);
      EXPECT_EQ(p.facts.size(), p.lines.size());
      EXPECT_GT(p.lines.size(), 0u) << p.url;
    }
  }

  // wget writes WARC-Target-URI in angle brackets.
  Result wget = ChunkAndParse(ReadGz("fixtures/dolma-cc/sample-0000.warc.gz"), 1 << 20);
  int responses = 0;
  for (const ParsedRecord& p : wget.parsed) {
    if (p.type != "response") continue;
    ++responses;
    EXPECT_EQ(p.url.substr(0, 4), "http") << p.url;
    EXPECT_EQ(p.url.find('>'), std::string::npos) << p.url;
  }
  EXPECT_EQ(responses, 22);
}

TEST(WarcFixturesTest, ClippedFile) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no ../shared";
  bool complete = true;
  std::string data = testing::GzipDecompressPrefix(
      testing::ReadFile(testing::SharedDir() + "/fixtures/resiliparse-warc/clipped.warc.gz"),
      &complete);
  EXPECT_FALSE(complete);
  ASSERT_GT(data.size(), 1000u);
  ASSERT_EQ(data.substr(0, 5), "WARC/");

  warc_test::Drained strict;
  absl::Status s = warc_test::ChunkAll(data, true, &strict);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("truncated WARC record"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("at byte 0"));

  warc_test::Drained lenient;
  ASSERT_TRUE(warc_test::ChunkAll(data, false, &lenient).ok());
  EXPECT_TRUE(lenient.records.empty());
  ASSERT_EQ(lenient.issues.size(), 1u);
  EXPECT_EQ(lenient.issues[0].issue.stream_offset, 0u);
  EXPECT_EQ(lenient.issues[0].issue.bytes, data);
  EXPECT_THAT(lenient.issues[0].issue.message, ::testing::HasSubstr("truncated"));
}

TEST(WarcFixturesTest, RewrittenFixturesStillPassTheChecker) {
  if (testing::SharedDir().empty()) GTEST_SKIP() << "no ../shared";
  testing::TempDir tmp;
  auto format = NewWarcFormat();
  std::string files;
  int n = 0;
  for (const char* path :
       {"eval/data/real-dev/part-0.warc.wet.gz", "fixtures/cc-whirlwind/whirlwind.warc.wet.gz",
        "fixtures/dolma-cc/sample-0000.warc.gz", "fixtures/pywb-iana/iana.warc.gz"}) {
    SCOPED_TRACE(path);
    std::string data = ReadGz(path);
    Result res = ChunkAndParse(data, 4 << 20);
    std::string same, changed;
    int documents = 0;
    for (size_t i = 0; i < res.parsed.size(); ++i) {
      const ParsedRecord& p = res.parsed[i];
      const std::string& r = res.drained.records[i];
      format->Rewrite(r, p, std::vector<bool>(p.lines.size(), true), &same);
      std::vector<bool> keep(p.lines.size());
      for (size_t j = 0; j < keep.size(); ++j) keep[j] = j % 3 != 1;
      std::string out;
      format->Rewrite(r, p, keep, &out);
      if (p.kind == Kind::kDocument && p.html) {
        EXPECT_EQ(out, r);  // never rewritten
      } else if (p.kind == Kind::kDocument) {
        ++documents;
        // The rewritten record parses to exactly the kept lines.
        ParsedRecord q;
        format->Parse(out, &q);
        std::vector<std::string_view> want, got;
        for (size_t j = 0; j < keep.size(); ++j) {
          if (keep[j])
            want.push_back(
                p.text.substr(p.lines[j].text_begin, p.lines[j].text_end - p.lines[j].text_begin));
        }
        for (const Line& l : q.lines) {
          got.push_back(q.text.substr(l.text_begin, l.text_end - l.text_begin));
        }
        EXPECT_EQ(got, want);
      }
      changed += testing::GzipCompress(out);
    }
    EXPECT_EQ(same, data);
    if (std::string(path).find("part-0") != std::string::npos) {
      EXPECT_EQ(res.types, (TypeCounts{{"warcinfo", 1}, {"conversion", 308}}));
      EXPECT_EQ(documents, 308);
    }
    std::string file = tmp.File("out" + std::to_string(n++) + ".warc.gz");
    testing::WriteFile(file, changed);
    files += " " + file;
  }
  std::string out, err;
  int rc = testing::RunCommand(std::string(DECHROME_PYTHON) + " " + kChecker + files, &out, &err);
  EXPECT_EQ(rc, 0) << err;
  EXPECT_THAT(out, ::testing::HasSubstr("records=309 types=conversion:308,warcinfo:1"));
  EXPECT_THAT(out, ::testing::HasSubstr(
                       "records=343 types=request:171,response:48,revisit:123,warcinfo:1"));
}

}  // namespace
}  // namespace dechrome
