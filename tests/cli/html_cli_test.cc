// End-to-end tests of the dechrome command on HTML WARC input (CC-NEWS):
// Dolma JSONL, WET and WARC outputs, determinism at any -j, run against
// count + filter, extraction alone, quality on a generated corpus with gold
// text (scripts/make_html_corpus.py, scripts/score_gold.py), and bad pages
// that must be counted and lose nothing.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using testing::Dechrome;
using testing::JsonInt;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

const std::string kSrc = DECHROME_SOURCE_DIR;
const std::string kCheck = "python3 " + kSrc + "/tests/cli/check_html.py";

// A generated CC-NEWS-like corpus, made once for the whole test program.
const std::string& Corpus() {
  static const std::string* dir = [] {
    static TempDir tmp;
    auto* d = new std::string(tmp.File("corpus"));
    std::string cmd = absl::StrCat("python3 ", kSrc, "/scripts/make_html_corpus.py --out ", Quote(*d),
                                   " --mib 4 --sites 8 --parts 2 --seed 7 >/dev/null");
    EXPECT_EQ(RunCommand(cmd), 0) << cmd;
    return d;
  }();
  return *dir;
}

std::string Part(int k) { return absl::StrCat(Corpus(), "/part-", k, ".warc.gz"); }

// `key=N` from a checker's output (-1 if absent).
long Value(const std::string& out, const std::string& key) {
  size_t p = out.find(key + "=");
  if (p == std::string::npos) return -1;
  return std::stol(out.substr(p + key.size() + 1));
}

// score_gold.py's "f1=" etc. for `outputs`.
double Score(const std::string& outputs, const std::string& what, std::string* all = nullptr) {
  std::string out, err;
  int rc = RunCommand(absl::StrCat("python3 ", kSrc, "/scripts/score_gold.py ", Quote(Corpus()),
                                   " --output ", outputs),
                      &out, &err);
  EXPECT_EQ(rc, 0) << err;
  if (all) *all = out;
  size_t p = out.rfind(what + "=");
  return p == std::string::npos ? -1 : std::stod(out.substr(p + what.size() + 1));
}

TEST(HtmlCliTest, WarcToDolmaJsonlCountsEveryRecord) {
  TempDir tmp;
  const std::string out = tmp.File("out.jsonl.zst"), stats = tmp.File("s.json");
  ASSERT_EQ(Dechrome(absl::StrCat("run -q -j2 ", Part(0), " -o ", out, " --stats ", stats)), 0);
  std::string check;
  ASSERT_EQ(RunCommand(kCheck + " jsonl " + out, &check), 0) << check;
  const std::string s = ReadFile(stats);
  const long docs = Value(check, "docs");
  EXPECT_GT(docs, 20);
  EXPECT_EQ(JsonInt(s, "html_documents"), docs);
  EXPECT_EQ(JsonInt(s, "documents"), docs);
  // Every record is a document or left out, and counted.
  EXPECT_EQ(JsonInt(s, "records"), docs + JsonInt(s, "records_left_out"));
  EXPECT_GT(JsonInt(s, "records_left_out"), docs);  // requests, redirects, images
  EXPECT_GT(JsonInt(s, "lines_removed"), 0);
}

TEST(HtmlCliTest, OutputsDoNotDependOnThreadsOrHints) {
  TempDir tmp;
  const std::string in = absl::StrCat(Part(0), " ", Part(1));
  for (const char* fmt : {"jsonl", "wet"}) {
    std::vector<std::string> runs = {"-j1", "-j3", "-j2 --hint-memory 0", "-j2 --chunk-size 64K"};
    std::string first;
    for (size_t r = 0; r < runs.size(); ++r) {
      const std::string dir = tmp.File(absl::StrCat(fmt, r));
      ASSERT_EQ(Dechrome(absl::StrCat("run -q ", runs[r], " --output-format ", fmt, " ", in, " -o ", dir)), 0);
      const std::string name = std::string(fmt) == "jsonl" ? "/part-1.jsonl.zst" : "/part-1.warc.wet.gz";
      // (JSONL is compressed a chunk at a time: compare what it holds.)
      std::string bytes;
      ASSERT_EQ(RunCommand(absl::StrCat(std::string(fmt) == "jsonl" ? "zstd" : "gzip", " -dc ", dir + name), &bytes),
                0);
      ASSERT_FALSE(bytes.empty()) << dir + name;
      if (r == 0) {
        first = bytes;
      } else {
        EXPECT_TRUE(bytes == first) << fmt << " " << runs[r];
      }
    }
  }
}

TEST(HtmlCliTest, CountThenFilterEqualsRun) {
  TempDir tmp;
  const std::string in = absl::StrCat(Part(0), " ", Part(1));
  ASSERT_EQ(Dechrome(absl::StrCat("run -q -j2 --output-format jsonl ", in, " -o ", tmp.File("run"))), 0);
  ASSERT_EQ(Dechrome(absl::StrCat("count -q -j2 ", in, " -o ", tmp.File("t.dct"))), 0);
  ASSERT_EQ(Dechrome(absl::StrCat("filter -q -j2 --output-format jsonl --table ", tmp.File("t.dct"), " ", in,
                                  " -o ", tmp.File("filter"))),
            0);
  for (const char* name : {"/part-0.jsonl.zst", "/part-1.jsonl.zst"})
    EXPECT_TRUE(ReadFile(tmp.File("run") + name) == ReadFile(tmp.File("filter") + name)) << name;
}

TEST(HtmlCliTest, WetOutputIsValid) {
  TempDir tmp;
  const std::string out = tmp.File("out.warc.wet.gz");
  ASSERT_EQ(Dechrome(absl::StrCat("run -q ", Part(0), " -o ", out)), 0);
  std::string check, err;
  ASSERT_EQ(RunCommand(kCheck + " wet " + out, &check, &err), 0) << err;
  EXPECT_GT(Value(check, "conversions"), 20);
}

TEST(HtmlCliTest, WarcOutputKeepsEveryRecordAndAddsText) {
  TempDir tmp;
  const std::string out = tmp.File("out.warc.gz");
  ASSERT_EQ(Dechrome(absl::StrCat("run -q ", Part(0), " -o ", out, " --stats ", tmp.File("s.json"))), 0);
  std::string check, err;
  ASSERT_EQ(RunCommand(absl::StrCat(kCheck, " same ", Part(0), " ", out), &check, &err), 0) << err;
  EXPECT_EQ(Value(check, "conversions"), JsonInt(ReadFile(tmp.File("s.json")), "html_documents"));
}

TEST(HtmlCliTest, QualityOnGeneratedNewsSites) {
  TempDir tmp;
  const std::string in = absl::StrCat(Part(0), " ", Part(1));
  ASSERT_EQ(Dechrome(absl::StrCat("run -q --extract-only --output-format jsonl ", in, " -o ", tmp.File("all"))), 0);
  ASSERT_EQ(Dechrome(absl::StrCat("run -q --output-format jsonl ", in, " -o ", tmp.File("clean"))), 0);
  std::string all_report, clean_report;
  const std::string all_files = tmp.File("all") + "/part-0.jsonl.zst " + tmp.File("all") + "/part-1.jsonl.zst";
  const std::string clean_files =
      tmp.File("clean") + "/part-0.jsonl.zst " + tmp.File("clean") + "/part-1.jsonl.zst";
  const double all_recall = Score(all_files, "recall", &all_report);
  const double all_precision = Score(all_files, "precision");
  const double precision = Score(clean_files, "precision", &clean_report);
  const double recall = Score(clean_files, "recall");
  std::printf("extract-only: %s\ncleaned:      %s\n", all_report.c_str(), clean_report.c_str());
  // Extraction alone keeps every word of the articles; chrome removal keeps
  // nearly all of them and removes most of the rest.
  EXPECT_GE(all_recall, 99.0);
  EXPECT_GE(recall, 95.0);
  EXPECT_GE(precision, all_precision + 15.0);
}

TEST(HtmlCliTest, AuditListsPathsAndExplainNamesThem) {
  TempDir tmp;
  ASSERT_EQ(Dechrome(absl::StrCat("run -q ", Part(0), " -o ", tmp.File("o.jsonl.zst"), " --audit ", tmp.File("audit"))),
            0);
  const std::string paths = ReadFile(tmp.File("audit") + "/chrome_paths.tsv");
  ASSERT_EQ(paths.rfind("site\trank\tremoved\tbytes\trule\tpath\texample\n", 0), 0u) << paths.substr(0, 200);
  EXPECT_NE(paths.find("\toutside-article\t"), std::string::npos);
  EXPECT_NE(ReadFile(tmp.File("audit") + "/audit.json").find("\"top_chrome_paths\": [{\"path\": "),
            std::string::npos);
  // The structural removals are not listed line by line.
  EXPECT_EQ(ReadFile(tmp.File("audit") + "/chrome_lines.tsv").find("\toutside-article\t"), std::string::npos);
  // explain shows each line's path, landmarks and rule; a removed path is in
  // the audit.
  std::string first;
  ASSERT_EQ(RunCommand(absl::StrCat("zstd -dc ", tmp.File("o.jsonl.zst"), " | head -1"), &first), 0);
  const size_t u = first.find("\"url\": \"") + 8;
  const std::string url = first.substr(u, first.find('"', u) - u);
  std::string out, err;
  ASSERT_EQ(Dechrome(absl::StrCat("explain --url ", Quote(url), " ", Part(0)), &out, &err), 0) << err;
  EXPECT_NE(out.find("outside-article"), std::string::npos) << out.substr(0, 2000);
  EXPECT_NE(out.find(" path "), std::string::npos);
  const size_t at = out.find("outside-article");
  const size_t p = out.find(" path ", at) + 6;
  const std::string path = out.substr(p, 16);
  EXPECT_NE(paths.find(path), std::string::npos) << path;
}

// Bad pages: each is counted, none crashes, every record comes out.
TEST(HtmlCliTest, BadPagesAreCountedAndLoseNothing) {
  using warc_test::MakeRecord;
  auto response = [](const std::string& id, const std::string& http) {
    return MakeRecord({{"WARC-Type", "response"},
                       {"WARC-Target-URI", "https://bad.example.com/" + id},
                       {"WARC-Date", "2024-01-01T00:00:00Z"},
                       {"WARC-Record-ID", "<urn:uuid:" + id + ">"},
                       {"Content-Type", "application/http; msgtype=response"}},
                      http);
  };
  auto ok = [](const std::string& type, const std::string& body, const std::string& extra = "") {
    return "HTTP/1.1 200 OK\r\nContent-Type: " + type + "\r\n" + extra + "\r\n" + body;
  };
  std::string nested;
  for (int i = 0; i < 100000; ++i) nested += "<div>";
  nested += "deep text";
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 7 + 3);
  std::string warc;
  warc += response("binary", ok("text/html", binary));
  warc += response("oneline", ok("text/html", "<p>" + std::string(5 << 20, 'x') + "</p>"));
  warc += response("script", ok("text/html", "<p>before</p><script>var a = '<p>not text</p>';"));
  warc += response("comment", ok("text/html", "<p>before</p><!-- never closed <p>hidden</p>"));
  warc += response("nul", ok("text/html", std::string("<p>a\0b</p>", 10)));
  warc += response("charset", ok("text/html; charset=no-such-charset", "<p>caf\xe9 cr\xe8me</p>"));
  warc += response("chunks", ok("text/html", "zz\r\n<p>bad chunk</p>\r\n0\r\n\r\n", "Transfer-Encoding: chunked\r\n"));
  warc += response("nested", ok("text/html", nested));
  TempDir tmp;
  const std::string in = tmp.File("bad.warc");
  WriteFile(in, warc);
  const std::string out = tmp.File("out.warc");
  std::string err;
  ASSERT_EQ(Dechrome(absl::StrCat("run -q -j2 ", in, " -o ", out, " --stats ", tmp.File("s.json")), nullptr, &err),
            0)
      << err;
  const std::string s = ReadFile(tmp.File("s.json"));
  EXPECT_EQ(JsonInt(s, "records"), 8);
  EXPECT_EQ(JsonInt(s, "html_not_decoded"), 1);  // the binary payload
  EXPECT_EQ(JsonInt(s, "html_documents"), 7);
  std::string check;
  ASSERT_EQ(RunCommand(absl::StrCat(kCheck, " same ", in, " ", out), &check, &err), 0) << err;
  EXPECT_EQ(Value(check, "conversions"), 7);
  // And as JSONL: the pages that were read, each once.
  ASSERT_EQ(Dechrome(absl::StrCat("run -q ", in, " -o ", tmp.File("out.jsonl")), nullptr, &err), 0) << err;
  ASSERT_EQ(RunCommand(kCheck + " jsonl " + tmp.File("out.jsonl"), &check), 0);
  EXPECT_EQ(Value(check, "docs"), 7);
}

}  // namespace
}  // namespace dechrome
