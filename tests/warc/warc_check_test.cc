// Rewrites generated WARCs and has the independent Python checker
// (tests/warc/warc_check.py) verify framing and digests.

#include <openssl/evp.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "warc/warc.h"
#include "warc/warc_header.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using warc_test::MakeRecord;

const std::string kChecker = std::string(DECHROME_SOURCE_DIR) + "/tests/warc/warc_check.py";

// A WARC of every kind of record, all with correct digests.
std::vector<std::string> GeneratedRecords() {
  using warc_internal::WarcSha1;
  std::vector<std::string> records;
  std::string info = "software: test\r\nformat: WARC\r\n";
  records.push_back(MakeRecord({{"WARC-Type", "warcinfo"},
                                {"WARC-Block-Digest", WarcSha1(info)},
                                {"Content-Type", "application/warc-fields"}},
                               info));
  for (int i = 0; i < 20; ++i) {
    std::string text = "Home | News | Contact\nArticle " + std::to_string(i) +
                       " says WARC/1.0 inside.\r\n\r\nMore text.\nCopyright 2024\n";
    records.push_back(MakeRecord({{"WARC-Type", "conversion"},
                                  {"WARC-Target-URI", "http://site.example/" + std::to_string(i)},
                                  {"WARC-Block-Digest", WarcSha1(text)},
                                  {"Content-Type", "text/plain"}},
                                 text));
    std::string body = "nav line\nbody " + std::to_string(i) + "\nfooter line";
    std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body;
    records.push_back(MakeRecord({{"WARC-Type", "response"},
                                  {"WARC-Target-URI", "<http://site.example/r>"},
                                  {"Content-Type", "application/http; msgtype=response"},
                                  {"WARC-Payload-Digest", WarcSha1(body)},
                                  {"WARC-Block-Digest", WarcSha1(block)}},
                                 block));
    std::string req = "GET / HTTP/1.1\r\nHost: site.example\r\n\r\n";
    records.push_back(MakeRecord({{"WARC-Type", "request"},
                                  {"WARC-Block-Digest", WarcSha1(req)},
                                  {"Content-Type", "application/http; msgtype=request"}},
                                 req));
  }
  return records;
}

// Chunks, parses and rewrites `input`, dropping every line whose index
// is odd (so that every document changes).
std::vector<std::string> RewriteAll(const std::string& input) {
  warc_test::Drained d;
  EXPECT_TRUE(warc_test::ChunkAll(input, true, &d).ok());
  auto format = NewWarcFormat();
  std::vector<std::string> out;
  for (const std::string& r : d.records) {
    ParsedRecord p;
    format->Parse(r, &p);
    std::vector<bool> keep(p.lines.size());
    for (size_t i = 0; i < keep.size(); ++i) keep[i] = i % 2 == 0;
    out.emplace_back();
    format->Rewrite(r, p, keep, &out.back());
  }
  return out;
}

TEST(WarcCheckTest, RewrittenWarcPassesPythonChecker) {
  std::string input;
  for (const std::string& r : GeneratedRecords()) input += r;
  std::vector<std::string> rewritten = RewriteAll(input);
  ASSERT_EQ(rewritten.size(), 61u);
  std::string plain, gz;
  for (const std::string& r : rewritten) {
    plain += r;
    gz += testing::GzipCompress(r);
  }
  testing::TempDir tmp;
  testing::WriteFile(tmp.File("in.warc"), input);
  testing::WriteFile(tmp.File("out.warc"), plain);
  testing::WriteFile(tmp.File("out.warc.gz"), gz);
  for (const char* name : {"in.warc", "out.warc", "out.warc.gz"}) {
    std::string out, err;
    int rc = testing::RunCommand(
        std::string(DECHROME_PYTHON) + " " + kChecker + " " + tmp.File(name), &out, &err);
    EXPECT_EQ(rc, 0) << name << ": " << err;
    EXPECT_EQ(out, "records=61 types=conversion:20,request:20,response:20,warcinfo:1\n") << name;
  }
  EXPECT_NE(plain, input);
}

TEST(WarcCheckTest, CheckerDetectsABadDigestAndBadFraming) {
  std::string text = "a\nb\n";
  std::string bad_digest = MakeRecord(
      {{"WARC-Type", "conversion"}, {"WARC-Block-Digest", warc_internal::WarcSha1("other")}}, text);
  std::string bad_length =
      "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n";
  testing::TempDir tmp;
  testing::WriteFile(tmp.File("digest.warc"), bad_digest);
  testing::WriteFile(tmp.File("length.warc"), bad_length);
  for (const char* name : {"digest.warc", "length.warc"}) {
    std::string err;
    int rc = testing::RunCommand(
        std::string(DECHROME_PYTHON) + " " + kChecker + " " + tmp.File(name), nullptr, &err);
    EXPECT_EQ(rc, 1) << name;
    EXPECT_FALSE(err.empty()) << name;
  }
}

}  // namespace
}  // namespace dechrome
