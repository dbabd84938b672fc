// `mpirun -n N dechrome ...` (src/mpi/): outputs, table and audit
// byte-identical to one process (`-j1`) for N = 1..4 although each process
// holds only its sites' counts (--stats: partition_keys_max), on JSONL and HTML WARC
// inputs of uneven sizes with near-duplicate documents split across inputs
// (so the collapse crosses processes); a failing input on one process fails
// the job with a message naming the process and the input. Runs mpirun with
// --oversubscribe (2-core CI machines). Skips when mpirun is absent; in a
// build without MPI, checks that the command refuses to run under mpirun.

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"

namespace dechrome {
namespace {

using testing::DechromeBinary;
using testing::JsonInt;
using testing::ListDir;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

const std::string kSrc = DECHROME_SOURCE_DIR;

bool HaveMpirun() { return RunCommand("command -v mpirun >/dev/null 2>&1") == 0; }

// mpirun as root needs these; LeakSanitizer would report OpenMPI's own
// allocations in sanitizer builds, and ThreadSanitizer its own lock order
// (tests/cli/openmpi.tsan.supp).
std::string Mpirun(int n) {
  return absl::StrCat(
      "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 "
      "ASAN_OPTIONS=detect_leaks=0 TSAN_OPTIONS=\"${TSAN_OPTIONS:+$TSAN_OPTIONS:}suppressions=",
      testing::SourceDir(), "/tests/cli/openmpi.tsan.supp\" mpirun --oversubscribe -n ", n, " ",
      DechromeBinary(), " ");
}

// Copies of one article (same body, a line of their own each) on one site,
// with that site's chrome: `copies` documents starting at number `first`.
std::string DuplicateDocs(int first, int copies) {
  std::string out;
  for (int d = first; d < first + copies; ++d) {
    std::string text = "Dup Site Home | News | Sport | Contact\\nSubscribe to the Dup Site newsletter today\\n";
    for (int k = 0; k < 6; ++k)
      absl::StrAppend(&text, "The council voted on the long-awaited harbour plan, paragraph ", k,
                      " of the story, with quotes from residents and officials.\\n");
    absl::StrAppend(&text, "Copy number ", d, " was seen under its own tracking URL here.\\n");
    absl::StrAppend(&text, "Dup Site: all rights reserved, terms and privacy");
    absl::StrAppend(&out, "{\"id\": \"dup-", d, "\", \"url\": \"https://dup.example/story?utm=", d,
                    "\", \"text\": \"", text, "\"}\n");
  }
  // Other pages of the site, so that the chrome is common.
  for (int d = 0; d < 6; ++d)
    absl::StrAppend(&out, "{\"id\": \"page-", first, "-", d, "\", \"url\": \"https://dup.example/p", first, "-", d,
                    "\", \"text\": \"Dup Site Home | News | Sport | Contact\\nSubscribe to the Dup Site newsletter "
                    "today\\nA page about topic ",
                    first * 10 + d, " with text of its own that no other page has at all.\\nDup Site: all rights "
                    "reserved, terms and privacy\"}\n");
  return out;
}

class MpiCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    inputs_ = new std::vector<std::string>();
    const std::string jsonl = tmp_->File("jsonl"), html = tmp_->File("html");
    std::string cmd = absl::StrCat("python3 ", kSrc, "/scripts/make_corpus.py --out ", Quote(jsonl),
                                   " --docs 1500 --sites 12 --parts 3 --format jsonl --compress zst >/dev/null && ",
                                   "python3 ", kSrc, "/scripts/make_html_corpus.py --out ", Quote(html),
                                   " --mib 2 --sites 5 --parts 2 --seed 3 --quiet >/dev/null");
    ASSERT_EQ(RunCommand(cmd), 0) << cmd;
    // Uneven sizes: a large JSONL file (two parts in one), small files of
    // copies of one article (split across inputs), HTML WARC.
    const std::string big = tmp_->File("big.jsonl.zst");
    ASSERT_EQ(RunCommand(absl::StrCat("cat ", Quote(jsonl + "/part-0.jsonl.zst"), " ",
                                      Quote(jsonl + "/part-1.jsonl.zst"), " > ", Quote(big))),
              0);
    WriteFile(tmp_->File("dups-a.jsonl"), DuplicateDocs(0, 3));
    WriteFile(tmp_->File("dups-b.jsonl"), DuplicateDocs(3, 2));
    *inputs_ = {tmp_->File("dups-a.jsonl"), big, html + "/part-0.warc.gz", tmp_->File("dups-b.jsonl"),
                jsonl + "/part-2.jsonl.zst", html + "/part-1.warc.gz"};
  }
  static void TearDownTestSuite() {
    delete tmp_;
    delete inputs_;
  }

  static std::string Inputs() {
    std::string s;
    for (const std::string& in : *inputs_) absl::StrAppend(&s, " ", Quote(in));
    return s;
  }

  // Every file of `a` equals the one of the same name in `b`, and the lists
  // are equal (hidden temporary files included).
  static void ExpectSameFolder(const std::string& a, const std::string& b) {
    std::vector<std::string> la = ListDir(a), lb = ListDir(b);
    std::sort(la.begin(), la.end());
    std::sort(lb.begin(), lb.end());
    ASSERT_EQ(la, lb) << a << " vs " << b;
    ASSERT_FALSE(la.empty());
    for (const std::string& f : la) EXPECT_TRUE(ReadFile(a + "/" + f) == ReadFile(b + "/" + f)) << f << " differs";
  }

  static TempDir* tmp_;
  static std::vector<std::string>* inputs_;
};
TempDir* MpiCliTest::tmp_ = nullptr;
std::vector<std::string>* MpiCliTest::inputs_ = nullptr;

#ifdef DECHROME_HAVE_MPI

TEST_F(MpiCliTest, OutputsTableAndAuditAreThoseOfOneProcess) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found (apt-get install openmpi-bin)";
  TempDir work;
  const std::string ref = work.File("ref"), ref_audit = work.File("ref-audit"), ref_table = work.File("ref.tbl");
  std::string out, err;
  ASSERT_EQ(testing::Dechrome(absl::StrCat("run -q -j1", Inputs(), " -o ", Quote(ref), " --audit ", Quote(ref_audit),
                                           " --stats ", Quote(work.File("ref.json"))),
                              &out, &err),
            0)
      << err;
  ASSERT_EQ(testing::Dechrome(absl::StrCat("count -q -j1", Inputs(), " -o ", Quote(ref_table)), &out, &err), 0)
      << err;
  const std::string stats = ReadFile(work.File("ref.json"));
  ASSERT_GT(JsonInt(stats, "near_duplicate_documents"), 0) << stats;
  ASSERT_GT(JsonInt(stats, "html_documents"), 0) << stats;
  for (int n = 1; n <= 4; ++n) {
    SCOPED_TRACE(absl::StrCat("mpirun -n ", n));
    const std::string o = work.File(absl::StrCat("out", n)), a = work.File(absl::StrCat("audit", n)),
                      t = work.File(absl::StrCat("t", n, ".tbl")), s = work.File(absl::StrCat("s", n, ".json"));
    // (-j2 on some: the thread count never changes the output either.)
    ASSERT_EQ(RunCommand(absl::StrCat(Mpirun(n), "run -q -j", 1 + n % 2, Inputs(), " -o ", Quote(o), " --audit ",
                                      Quote(a), " --stats ", Quote(s)),
                         &out, &err),
              0)
        << err;
    ExpectSameFolder(ref, o);
    ExpectSameFolder(ref_audit, a);
    const std::string got = ReadFile(s);
    for (const char* key : {"files", "records", "documents", "sites", "lines", "lines_removed", "text_bytes_removed",
                            "near_duplicate_documents", "table_entries", "chrome_keys", "bytes_out"})
      EXPECT_EQ(JsonInt(got, key), JsonInt(stats, key)) << key;
    if (n >= 2) {
      // Counts go by site partition: no process held the others' counts.
      // (18 sites of uneven sizes: the partitions are uneven too.)
      const int64_t total = JsonInt(stats, "table_entries"), most = JsonInt(got, "partition_keys_max");
      EXPECT_GT(most, 0) << got;
      EXPECT_LE(most * 4, total * 3) << got;
      if (n == 4) {
        EXPECT_LE(most * 2, total) << got;
      }
      EXPECT_GT(JsonInt(got, "exchange_bytes_max"), 0) << got;
    }
    ASSERT_EQ(RunCommand(absl::StrCat(Mpirun(n), "count -q", Inputs(), " -o ", Quote(t)), &out, &err), 0) << err;
    EXPECT_TRUE(ReadFile(t) == ReadFile(ref_table)) << "count -o differs";
  }
  // With a budget that makes the counting tables spill (their floor, 256
  // KiB, over 2^8 shards with -j2: with -j1's 2^6 shards, each process's
  // half of the keys fits), the exchange sends spilled counts too and the
  // partitions spill: the same outputs. (The sketches of this small corpus
  // fit their share; tests/count/near_duplicates_test.cc reads spilled
  // sketches back as the exchange does.)
  {
    const std::string o = work.File("out-budget"), a = work.File("audit-budget"), s = work.File("s-budget.json");
    const std::string spill = work.File("spill");
    ASSERT_EQ(RunCommand("mkdir " + Quote(spill)), 0);
    ASSERT_EQ(RunCommand(absl::StrCat(Mpirun(2), "run -q -j2 --memory 16M --temp-dir ", Quote(spill), Inputs(),
                                      " -o ", Quote(o), " --audit ", Quote(a), " --stats ", Quote(s)),
                         &out, &err),
              0)
        << err;
    ExpectSameFolder(ref, o);
    // The audit's tables; its summary.json and audit.json differ by the
    // warning that the budget leaves the counting table at its floor.
    for (const std::string& f : ListDir(ref_audit)) {
      if (f.size() > 4 && f.compare(f.size() - 4, 4, ".tsv") == 0) {
        EXPECT_TRUE(ReadFile(ref_audit + "/" + f) == ReadFile(a + "/" + f)) << f << " differs";
      }
    }
    EXPECT_NE(ReadFile(a + "/summary.json").find("leaves the counting table only"), std::string::npos);
    EXPECT_GT(JsonInt(ReadFile(s), "spill_runs"), 0) << ReadFile(s);
  }
  // filter with the table, under mpirun, writes what one process writes.
  const std::string f1 = work.File("f1"), f3 = work.File("f3");
  ASSERT_EQ(testing::Dechrome(absl::StrCat("filter -q --table ", Quote(ref_table), Inputs(), " -o ", Quote(f1)), &out,
                              &err),
            0)
      << err;
  ASSERT_EQ(RunCommand(absl::StrCat(Mpirun(3), "filter -q --table ", Quote(ref_table), Inputs(), " -o ", Quote(f3)),
                       &out, &err),
            0)
      << err;
  ExpectSameFolder(f1, f3);
}

TEST_F(MpiCliTest, AFailingInputFailsTheJobAndNamesTheRank) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found (apt-get install openmpi-bin)";
  TempDir work;
  // A truncated zstd input, last in the list: the last process reads it.
  const std::string bad = work.File("bad.jsonl.zst");
  const std::string whole = ReadFile((*inputs_)[4]);
  WriteFile(bad, whole.substr(0, whole.size() / 2));
  const std::string o = work.File("out");
  std::string out, err;
  const int rc = RunCommand(absl::StrCat(Mpirun(3), "run -q", Inputs(), " ", Quote(bad), " -o ", Quote(o)), &out, &err);
  EXPECT_NE(rc, 0);
  EXPECT_NE(err.find(absl::StrCat("dechrome: rank 2: ", bad, ": ")), std::string::npos) << err;
  // The other inputs' outputs are complete; the bad one has none, and no
  // temporary file is left.
  std::vector<std::string> names = ListDir(o);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names.size(), inputs_->size()) << absl::StrJoin(names, " ");
  EXPECT_EQ(std::find(names.begin(), names.end(), "bad.jsonl.zst"), names.end());
  for (const std::string& n : names) EXPECT_EQ(n.find("dechrome-tmp"), std::string::npos) << n;
  // --strict stops the counting pass on one process: every process fails,
  // nothing is written under a final name.
  const std::string strict = work.File("strict");
  WriteFile(work.File("malformed.jsonl"), "{\"id\": \"x\", \"url\": \"https://m.example/\", \"text\": \n");
  const int rc2 = RunCommand(absl::StrCat(Mpirun(2), "run -q --strict", Inputs(), " ",
                                          Quote(work.File("malformed.jsonl")), " -o ", Quote(strict)),
                             &out, &err);
  EXPECT_NE(rc2, 0);
  EXPECT_NE(err.find("dechrome: rank 1: "), std::string::npos) << err;
  EXPECT_NE(err.find("malformed.jsonl"), std::string::npos) << err;
  for (const std::string& n : ListDir(strict)) ADD_FAILURE() << "left behind: " << n;
  // count stopping before the exchange on one process only (its spill
  // folder takes no files; mpirun's MPMD form gives the two processes
  // different folders) takes the job down instead of leaving the other
  // waiting in the exchange (the timeout would say 124).
  const std::string table = work.File("never.tbl");
  const std::string args = absl::StrCat("count -q --memory 16M", Inputs(), " -o ", Quote(table), " --temp-dir ");
  const std::string mpmd = Mpirun(1) + args + Quote(work.path()) + " : -n 1 " + DechromeBinary() + " " + args +
                           Quote(work.File("no-such-folder"));
  const int rc3 = RunCommand("timeout 120 env " + mpmd, &out, &err);
  EXPECT_NE(rc3, 0);
  EXPECT_NE(rc3, 124) << "the job hung";
  EXPECT_NE(err.find("no-such-folder"), std::string::npos) << err;
  EXPECT_FALSE(testing::FileExists(table));
}

TEST_F(MpiCliTest, CommandsThatDoNotSplitRefuse) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found (apt-get install openmpi-bin)";
  std::string out, err;
  EXPECT_NE(RunCommand(absl::StrCat(Mpirun(2), "explain --url https://dup.example/p0-0", Inputs()), &out, &err), 0);
  EXPECT_NE(err.find("only run, count and filter"), std::string::npos) << err;
  EXPECT_NE(RunCommand(absl::StrCat(Mpirun(2), "run -q", Inputs()), &out, &err), 0);
  EXPECT_NE(err.find("outputs are files"), std::string::npos) << err;
}

#else  // !DECHROME_HAVE_MPI

TEST_F(MpiCliTest, WithoutMpiTheCommandRefusesUnderMpirun) {
  if (!HaveMpirun()) GTEST_SKIP() << "mpirun not found";
  TempDir work;
  std::string out, err;
  EXPECT_NE(RunCommand(absl::StrCat(Mpirun(2), "run -q", Inputs(), " -o ", Quote(work.File("o"))), &out, &err), 0);
  EXPECT_NE(err.find("built without MPI"), std::string::npos) << err;
  EXPECT_TRUE(ListDir(work.File("o")).empty());
}

#endif  // DECHROME_HAVE_MPI

}  // namespace
}  // namespace dechrome
