// Bad and outsized input through the whole pipeline (issue 13, items 3, 7
// and 11): a record larger than --max-record-size passes through untouched
// and unparsed, in pieces, and is counted; every JSONL record gets an
// attribute row, malformed ones too; lenient WARC repairs are counted and
// listed with their offsets; a UTF-8 BOM before the first JSONL record is
// accepted and kept. Outputs are the same for any number of threads.

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "dechrome/pipeline.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/io_testing.h"
#include "testing/temp_dir.h"
#include "warc/warc_test_util.h"

namespace dechrome {
namespace {

using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr uint64_t kLimit = uint64_t{1} << 20;

std::string Doc(int d, const std::string& extra_text = "") {
  const std::string site = absl::StrCat("site", d % 3, ".example.org");
  return absl::StrCat("{\"id\": \"d", d, "\", \"url\": \"https://", site, "/a/", d,
                      "\", \"text\": \"Menu of ", site, "\\nSign in\\nBody ", d, " is unique, ",
                      d * 7919, "\\nFooter of ", site, extra_text, "\"}\n");
}

// 30 small documents on 3 sites; `big` (if any) goes after document `at`.
std::string Corpus(const std::string& big, int at) {
  std::string s;
  for (int d = 0; d < 30; ++d) {
    s += Doc(d);
    if (d == at) s += big;
  }
  return s;
}

RunOptions Options(int threads) {
  RunOptions o;
  o.threads = threads;
  o.chunk_bytes = 16 << 10;
  o.input.max_record_bytes = kLimit;
  return o;
}

struct Outcome {
  absl::Status status;
  Summary summary;
  std::string out;
};

Outcome RunOne(const TempDir& dir, const std::string& input, const std::string& out_name,
           const RunOptions& options) {
  Outcome r;
  ChromeTable table;
  const std::string out = dir.File(out_name);
  r.status = RunInputs({input}, {out}, options, &table, &r.summary);
  if (testing::FileExists(out)) r.out = ReadFile(out);
  return r;
}

TEST(RecordLimitTest, OversizedJsonlLinePassesThroughUntouched) {
  TempDir dir;
  // A document of 20 MiB (its text would be chrome-filtered if it were
  // read), and the same corpus without it.
  const std::string big = Doc(1, std::string(20 << 20, 'a'));
  const std::string with = dir.File("with.jsonl");
  const std::string without = dir.File("without.jsonl");
  WriteFile(with, Corpus(big, 11));
  WriteFile(without, Corpus("", -1));

  const Outcome ref = RunOne(dir, without, "ref.jsonl", Options(1));
  ASSERT_TRUE(ref.status.ok()) << ref.status;
  ASSERT_GT(ref.summary.lines_removed, 0u);
  for (int threads : {1, 2}) {
    SCOPED_TRACE(absl::StrCat("threads ", threads));
    const Outcome got = RunOne(dir, with, absl::StrCat("out-", threads, ".jsonl"), Options(threads));
    ASSERT_TRUE(got.status.ok()) << got.status;
    // The other records come out as without it (it was not counted); it
    // comes out byte for byte at its place.
    std::vector<std::string> lines = absl::StrSplit(ref.out, '\n');
    lines.insert(lines.begin() + 12, big.substr(0, big.size() - 1));
    EXPECT_TRUE(got.out == absl::StrJoin(lines, "\n"));
    EXPECT_EQ(got.summary.oversized, 1u);
    EXPECT_EQ(got.summary.oversized_bytes, big.size());
    EXPECT_EQ(got.summary.records, ref.summary.records + 1);
    EXPECT_EQ(got.summary.documents, ref.summary.documents);
    EXPECT_EQ(got.summary.lines_removed, ref.summary.lines_removed);
    EXPECT_EQ(got.summary.bytes_in, ref.summary.bytes_in + big.size());
    ASSERT_FALSE(got.summary.warnings.empty());
    EXPECT_NE(got.summary.warnings[0].find("record 13 (byte "), std::string::npos) << got.summary.warnings[0];
    EXPECT_NE(got.summary.ToText().find("records larger than --max-record-size"), std::string::npos);
    EXPECT_NE(got.summary.ToJson().find("\"oversized\": 1,"), std::string::npos);
  }
}

TEST(RecordLimitTest, OversizedLastLineWithoutNewlineAndZstd) {
  TempDir dir;
  const std::string big = std::string(3 << 20, '\0');  // not even JSON
  const std::string input = dir.File("in.jsonl.zst");
  WriteFile(input, testing::ZstdCompress(Corpus("", -1) + big));
  const Outcome got = RunOne(dir, input, "out.jsonl", Options(2));
  ASSERT_TRUE(got.status.ok()) << got.status;
  EXPECT_EQ(got.summary.oversized, 1u);
  EXPECT_EQ(got.summary.malformed, 0u);
  ASSERT_GE(got.out.size(), big.size());
  EXPECT_TRUE(got.out.substr(got.out.size() - big.size()) == big);
}

std::string WetCorpus(const std::string& big_text) {
  std::string s;
  for (int d = 0; d < 12; ++d) {
    const std::string site = absl::StrCat("site", d % 2, ".example.org");
    s += warc_test::Conversion(absl::StrCat("https://", site, "/", d),
                               absl::StrCat("Menu of ", site, "\nBody ", std::string(d + 1, 'q'), " unique\nFooter of ", site, "\n"),
                               absl::StrCat("<urn:uuid:", d, ">"));
    if (d == 5 && !big_text.empty())
      s += warc_test::Conversion(absl::StrCat("https://", site, "/big"), big_text, "<urn:uuid:big>");
  }
  return s;
}

TEST(RecordLimitTest, OversizedWarcRecordCopiedOrLeftOut) {
  TempDir dir;
  const std::string big_text(5 << 20, 'w');
  const std::string input = dir.File("in.warc.wet");
  WriteFile(input, WetCorpus(big_text));
  const std::string big_record =
      warc_test::Conversion("https://site1.example.org/big", big_text, "<urn:uuid:big>");
  std::string one, two;
  for (int threads : {1, 2}) {
    // Same format: copied through.
    const Outcome warc = RunOne(dir, input, absl::StrCat("out-", threads, ".warc"), Options(threads));
    ASSERT_TRUE(warc.status.ok()) << warc.status;
    EXPECT_EQ(warc.summary.oversized, 1u);
    EXPECT_EQ(warc.summary.oversized_bytes, big_record.size());
    EXPECT_NE(warc.out.find(big_record), std::string::npos);
    EXPECT_GT(warc.summary.lines_removed, 0u);
    (threads == 1 ? one : two) = warc.out;
    // Compressed per record: still the same bytes.
    const Outcome zst = RunOne(dir, absl::StrCat(input), absl::StrCat("out-", threads, ".warc.zst"),
                           Options(threads));
    ASSERT_TRUE(zst.status.ok()) << zst.status;
    absl::StatusOr<std::string> plain = testing::DecompressAll(zst.out);
    ASSERT_TRUE(plain.ok()) << plain.status();
    EXPECT_TRUE(*plain == warc.out);
    // JSONL output: no place for it.
    const Outcome jsonl = RunOne(dir, input, absl::StrCat("out-", threads, ".jsonl"), Options(threads));
    ASSERT_TRUE(jsonl.status.ok()) << jsonl.status;
    EXPECT_EQ(jsonl.summary.oversized, 1u);
    EXPECT_EQ(jsonl.summary.records_left_out, 1u);
    EXPECT_EQ(jsonl.out.find("wwwwwwww"), std::string::npos);
    EXPECT_EQ(std::count(jsonl.out.begin(), jsonl.out.end(), '\n'), 12);
  }
  EXPECT_TRUE(one == two);
}


#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define DECHROME_NO_ADDRESS_SPACE_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define DECHROME_NO_ADDRESS_SPACE_LIMIT 1
#endif
#endif

// The process's address space in bytes (VmSize).
uint64_t AddressSpace() {
  std::ifstream in("/proc/self/statm");
  uint64_t pages = 0;
  in >> pages;
  return pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

// Runs `inputs` through RunInputs() in a child process whose address space
// may grow by `headroom` bytes at most (RLIMIT_AS, which also counts memory
// never touched: stricter than RSS). Returns the child's exit status, or
// 100 + the signal that killed it; `check` decides the exit status.
template <typename Check>
int RunLimited(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs,
               const RunOptions& options, uint64_t headroom, Check check) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const uint64_t limit = AddressSpace() + headroom;
    struct rlimit rl = {limit, limit};
    if (setrlimit(RLIMIT_AS, &rl) != 0) _exit(90);
    ChromeTable table;
    Summary summary;
    const absl::Status status = RunInputs(inputs, outputs, options, &table, &summary);
    _exit(check(status, summary) ? 0 : 1);
  }
  int wstatus = 0;
  if (pid < 0 || waitpid(pid, &wstatus, 0) != pid) return 99;
  return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 100 + WTERMSIG(wstatus);
}

// A zstd file holding one line of `gib` GiB of NUL bytes, and nothing else.
std::string MakeBomb(const TempDir& dir, int gib) {
  const std::string path = dir.File(absl::StrCat("bomb-", gib, ".jsonl.zst"));
  const std::string cmd = absl::StrCat("head -c ", gib, "G /dev/zero | zstd -q -1 -T1 -o ", Quote(path));
  EXPECT_EQ(RunCommand(cmd), 0) << cmd;
  return path;
}

// Memory stays bounded by the record limit: a 1 GiB line goes through a
// process that may not grow by more than 400 MiB, byte for byte.
TEST(RecordLimitTest, BombPassesThroughInBoundedMemory) {
#ifdef DECHROME_NO_ADDRESS_SPACE_LIMIT
  GTEST_SKIP() << "address space limits do not mix with sanitizers";
#endif
  TempDir dir;
  const std::string bomb = MakeBomb(dir, 1);
  const std::string out = dir.File("out.jsonl.zst");
  RunOptions o = Options(2);
  o.input.max_record_bytes = uint64_t{8} << 20;
  o.chunk_bytes = size_t{1} << 20;
  const int rc = RunLimited({bomb}, {out}, o, uint64_t{400} << 20, [](const absl::Status& s, const Summary& sum) {
    return s.ok() && sum.oversized == 1 && sum.oversized_bytes == (uint64_t{1} << 30) && sum.records == 1;
  });
  EXPECT_EQ(rc, 0);
  // The output holds the line, whole.
  const std::string cmd = absl::StrCat("zstd -dc ", Quote(out), " | cmp -s - <(head -c 1G /dev/zero)");
  EXPECT_EQ(RunCommand("bash -c " + Quote(cmd)), 0);
}

// Without a limit the same line does not fit: the input fails with a clear
// error naming it and the record, the other input is processed, nothing
// aborts.
TEST(RecordLimitTest, OutOfMemoryFailsOneInputNeverTheProcess) {
#ifdef DECHROME_NO_ADDRESS_SPACE_LIMIT
  GTEST_SKIP() << "address space limits do not mix with sanitizers";
#endif
  TempDir dir;
  const std::string bomb = MakeBomb(dir, 1);
  const std::string good = dir.File("good.jsonl");
  WriteFile(good, Corpus("", -1));
  RunOptions o = Options(2);
  o.input.max_record_bytes = UINT64_MAX;
  const int rc = RunLimited(
      {bomb, good}, {dir.File("out-bomb.jsonl.zst"), dir.File("out-good.jsonl")}, o, uint64_t{400} << 20,
      [&](const absl::Status& s, const Summary& sum) {
        if (OnlyInputsFailed(s) && sum.file_errors.size() == 1 &&
            sum.file_errors[0].rfind(bomb + ": out of memory reading record 1 (near byte ", 0) == 0 &&
            sum.documents == 30)
          return true;
        std::fprintf(stderr, "status %s, errors %zu: %s, documents %llu\n", s.ToString().c_str(),
                     sum.file_errors.size(), sum.file_errors.empty() ? "" : sum.file_errors[0].c_str(),
                     static_cast<unsigned long long>(sum.documents));
        return false;
      });
  EXPECT_EQ(rc, 0);
}

TEST(AttributesTest, EveryJsonlRecordGetsARowMalformedOnesToo) {
  TempDir dir;
  std::string input = Corpus("", -1);
  input += "\n";                                          // 31: blank line
  input += "{\"id\": broken\n";                           // 32: invalid JSON
  input += "{\"id\": \"no-text\", \"url\": \"https://x.org/\"}\n";  // 33: no text, has an id
  input += "{\"url\": \"https://site0.example.org/z\", \"text\": \"Menu of site0.example.org\\nOwn\"}\n";  // 34: no id
  input += Doc(40, std::string(2 << 20, 'b'));            // 35: oversized
  input += Doc(41);                                       // 36
  const std::string path = dir.File("docs.jsonl");
  WriteFile(path, input);
  std::string first;
  for (int threads : {1, 2}) {
    RunOptions o = Options(threads);
    o.emit_attributes = true;
    const Outcome got = RunOne(dir, path, absl::StrCat("attr-", threads, ".jsonl"), o);
    ASSERT_TRUE(got.status.ok()) << got.status;
    std::vector<std::string> rows = absl::StrSplit(got.out, '\n');
    ASSERT_EQ(rows.size(), 37u);  // 36 rows and the last '\n'
    EXPECT_EQ(rows[30], "{\"id\": \"docs.jsonl:31\", \"attributes\": {\"dechrome__chrome\": []}}");
    EXPECT_EQ(rows[31], "{\"id\": \"docs.jsonl:32\", \"attributes\": {\"dechrome__chrome\": []}}");
    EXPECT_EQ(rows[32], "{\"id\": \"no-text\", \"attributes\": {\"dechrome__chrome\": []}}");
    EXPECT_EQ(rows[33].rfind("{\"id\": \"docs.jsonl:34\", \"attributes\": {\"dechrome__chrome\": [[0, ", 0), 0u)
        << rows[33];
    EXPECT_EQ(rows[34], "{\"id\": \"docs.jsonl:35\", \"attributes\": {\"dechrome__chrome\": []}}");
    EXPECT_EQ(rows[35].rfind("{\"id\": \"d41\"", 0), 0u);
    EXPECT_EQ(got.summary.malformed, 3u);
    EXPECT_EQ(got.summary.oversized, 1u);
    EXPECT_EQ(got.summary.made_up_ids, 4u);
    EXPECT_EQ(got.summary.records, 36u);
    if (threads == 1) first = got.out;
    EXPECT_TRUE(got.out == first);
  }
}

TEST(WarcRepairTest, LenientRepairsAreCountedAndListedWithOffsets) {
  TempDir dir;
  const std::string good = WetCorpus("");
  const std::string garbage = "this is not a WARC record\n";
  std::string bad_length = warc_test::Conversion("https://site0.example.org/x", "some text\n");
  bad_length.replace(bad_length.find("Content-Length: "), 20, "Content-Length: 1x2\r");
  std::string truncated = warc_test::Conversion("https://site0.example.org/t", std::string(500, 't'));
  truncated.resize(truncated.size() - 100);
  const std::string input = good + garbage + good + bad_length + good + truncated;
  const std::string path = dir.File("in.warc");
  WriteFile(path, input);
  const Outcome got = RunOne(dir, path, "out.warc", Options(2));
  ASSERT_TRUE(got.status.ok()) << got.status;
  EXPECT_TRUE(got.out.size() > 0);
  EXPECT_EQ(got.summary.warc_repairs, 3u);
  std::vector<std::string> repairs;
  for (const std::string& w : got.summary.warnings)
    if (w.find(": byte ") != std::string::npos) repairs.push_back(w);
  ASSERT_EQ(repairs.size(), 3u);
  EXPECT_NE(repairs[0].find(absl::StrCat(path, ": byte ", good.size(), ": garbage between WARC records")),
            std::string::npos)
      << repairs[0];
  EXPECT_NE(repairs[1].find(absl::StrCat(": byte ", 2 * good.size() + garbage.size(), ": invalid WARC Content-Length")),
            std::string::npos)
      << repairs[1];
  EXPECT_NE(repairs[2].find("truncated WARC record"), std::string::npos) << repairs[2];
  EXPECT_NE(got.summary.ToText().find("WARC framing repairs: 3 (the first 10"), std::string::npos);
  EXPECT_NE(got.summary.ToJson().find("\"warc_repairs\": 3,"), std::string::npos);
  // Nothing lost: the bytes outside records were copied through.
  EXPECT_EQ(got.summary.skipped_bytes, garbage.size() + bad_length.size() + truncated.size());
}

TEST(WarcRepairTest, OnlyTheFirstTenAreListed) {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 25; ++i) input += WetCorpus("") + "garbage\n";
  const std::string path = dir.File("in.warc");
  WriteFile(path, input);
  const Outcome got = RunOne(dir, path, "out.warc", Options(2));
  ASSERT_TRUE(got.status.ok()) << got.status;
  EXPECT_EQ(got.summary.warc_repairs, 25u);
  size_t listed = 0;
  for (const std::string& w : got.summary.warnings) listed += w.find(": byte ") != std::string::npos;
  EXPECT_EQ(listed, 10u);
}

TEST(JsonlBomTest, ByteOrderMarkIsAcceptedAndKept) {
  TempDir dir;
  const std::string input = "\xEF\xBB\xBF" + Corpus("", -1);
  const std::string path = dir.File("bom.jsonl");
  WriteFile(path, input);
  const Outcome got = RunOne(dir, path, "out.jsonl", Options(1));
  ASSERT_TRUE(got.status.ok()) << got.status;
  EXPECT_EQ(got.summary.malformed, 0u);
  EXPECT_EQ(got.summary.documents, 30u);
  EXPECT_EQ(got.out.rfind("\xEF\xBB\xBF{\"id\": \"d0\"", 0), 0u);
  EXPECT_GT(got.summary.lines_removed, 0u);
  // The first document is filtered like the others.
  EXPECT_EQ(got.out.find("Menu of site0"), std::string::npos);
}

TEST(SummaryTest, StandardInputHasNoConfusingCompressedSize) {
  Summary s;
  s.bytes_in = 1000;
  s.raw_bytes_in = 0;
  EXPECT_NE(s.ToText().find("bytes in 1000, bytes out"), std::string::npos) << s.ToText();
  s.raw_bytes_in = 300;
  EXPECT_NE(s.ToText().find("bytes in 1000 (input files 300 bytes), bytes out"), std::string::npos);
}

}  // namespace
}  // namespace dechrome
