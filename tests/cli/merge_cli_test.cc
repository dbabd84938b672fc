// End-to-end tests of 'dechrome merge': tables of disjoint inputs merge into
// the table of their union, and a merge that fails leaves no table behind.
//
// The guarantee tested: with --no-near-duplicates, merging the tables that
// 'count' wrote for disjoint inputs gives the bytes that one 'count' over all
// the inputs writes (counts and site documents are sums; sites and entries
// are sorted; the order of the tables does not matter when they were counted
// with the same options). With near-duplicate collapse (the default) each
// table's collapse was decided within its own inputs, so copies of an article
// that fall into different tables are counted once per table: the merged
// table is then generally not the union's.

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::Dechrome;
using testing::FileExists;
using testing::JsonInt;
using testing::ListDir;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

void MakeCorpus(const std::string& dir, const std::string& extra = "") {
  const std::string cmd = absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ",
                                       Quote(dir), " --docs 600 --sites 12 --parts 3 ", extra);
  ASSERT_EQ(RunCommand(cmd), 0) << cmd;
}

// No temporary output (".NAME.dechrome-tmp-XXXXXX") left in `dir`.
void ExpectNoTempFiles(const std::string& dir) {
  for (const std::string& n : ListDir(dir)) EXPECT_EQ(n.find("dechrome-tmp"), std::string::npos) << n;
}

TEST(MergeCliTest, MergedTablesAreTheTableOfTheUnion) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"));
  const std::string p0 = tmp.File("in/part-0.jsonl.zst"), p1 = tmp.File("in/part-1.jsonl.zst"),
                    p2 = tmp.File("in/part-2.jsonl.zst");
  const std::string all = p0 + " " + p1 + " " + p2;
  const std::string opt = "-q --no-near-duplicates ";
  ASSERT_EQ(Dechrome("count " + opt + p0 + " -o " + tmp.File("t0.dct")), 0);
  ASSERT_EQ(Dechrome("count " + opt + p1 + " " + p2 + " -o " + tmp.File("t12.dct")), 0);
  ASSERT_EQ(Dechrome("count " + opt + all + " -o " + tmp.File("all.dct")), 0);
  std::string err;
  ASSERT_EQ(Dechrome("merge " + tmp.File("t0.dct") + " " + tmp.File("t12.dct") + " -o " + tmp.File("m.dct") +
                         " --stats " + tmp.File("m.json"),
                     nullptr, &err),
            0)
      << err;
  EXPECT_NE(err.find("merged 2 table(s)"), std::string::npos) << err;
  const std::string union_table = ReadFile(tmp.File("all.dct"));
  ASSERT_GT(union_table.size(), 1000u);
  EXPECT_TRUE(ReadFile(tmp.File("m.dct")) == union_table);
  // In the other order, and one table per part, three at once.
  ASSERT_EQ(Dechrome("merge -q " + tmp.File("t12.dct") + " " + tmp.File("t0.dct") + " -o " + tmp.File("r.dct")), 0);
  EXPECT_TRUE(ReadFile(tmp.File("r.dct")) == union_table);
  ASSERT_EQ(Dechrome("count " + opt + p1 + " -o " + tmp.File("t1.dct")), 0);
  ASSERT_EQ(Dechrome("count " + opt + p2 + " -o " + tmp.File("t2.dct")), 0);
  ASSERT_EQ(Dechrome("merge -q " + tmp.File("t2.dct") + " " + tmp.File("t0.dct") + " " + tmp.File("t1.dct") +
                     " -o " + tmp.File("3.dct")),
            0);
  EXPECT_TRUE(ReadFile(tmp.File("3.dct")) == union_table);
  // One table is copied (scripts may loop).
  ASSERT_EQ(Dechrome("merge -q " + tmp.File("t0.dct") + " -o " + tmp.File("one.dct")), 0);
  EXPECT_TRUE(ReadFile(tmp.File("one.dct")) == ReadFile(tmp.File("t0.dct")));
  // --stats: the merged table's size.
  const std::string stats = ReadFile(tmp.File("m.json"));
  EXPECT_EQ(JsonInt(stats, "files"), 2) << stats;
  EXPECT_EQ(JsonInt(stats, "sites"), 12) << stats;
  EXPECT_GT(JsonInt(stats, "table_entries"), 1000) << stats;
  EXPECT_GT(JsonInt(stats, "table_memory_bytes"), 0) << stats;

  // Filtering with the merged table is running over the union.
  ASSERT_EQ(Dechrome("run " + opt + all + " -o " + tmp.File("run")), 0);
  ASSERT_EQ(Dechrome("filter -q --table " + tmp.File("m.dct") + " " + all + " -o " + tmp.File("flt")), 0);
  for (const char* part : {"part-0.jsonl.zst", "part-1.jsonl.zst", "part-2.jsonl.zst"}) {
    const std::string run = ReadFile(tmp.File(std::string("run/") + part));
    ASSERT_FALSE(run.empty()) << part;
    EXPECT_TRUE(run == ReadFile(tmp.File(std::string("flt/") + part))) << part;
  }
  ExpectNoTempFiles(tmp.path());
}

TEST(MergeCliTest, AFailedMergeNamesTheTableAndWritesNothing) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"), "--parts 2");
  const std::string p0 = tmp.File("in/part-0.jsonl.zst"), p1 = tmp.File("in/part-1.jsonl.zst");
  ASSERT_EQ(Dechrome("count -q " + p0 + " -o " + tmp.File("a.dct")), 0);
  ASSERT_EQ(Dechrome("count -q " + p1 + " -o " + tmp.File("b.dct")), 0);
  ASSERT_EQ(Dechrome("count -q --no-fold-dates " + p1 + " -o " + tmp.File("nofold.dct")), 0);
  ASSERT_EQ(Dechrome("count -q --site host " + p1 + " -o " + tmp.File("host.dct")), 0);
  WriteFile(tmp.File("garbage.dct"), "not a table\n");
  // An existing output (an earlier table) stays as it was when the merge
  // fails.
  const std::string old_table = ReadFile(tmp.File("b.dct"));
  WriteFile(tmp.File("old.dct"), old_table);
  struct Case {
    std::string tables, named, why;
  } cases[] = {
      {"a.dct nofold.dct", "nofold.dct", "date folding"},
      {"a.dct b.dct nofold.dct", "nofold.dct", "--no-fold-dates"},
      {"host.dct a.dct", "a.dct", "--site"},
      {"a.dct missing.dct", "missing.dct", "cannot open"},
      {"missing.dct a.dct", "missing.dct", "cannot open"},
      {"a.dct garbage.dct", "garbage.dct", "not a dechrome table"},
  };
  for (const Case& c : cases) {
    std::string tables;  // their paths
    size_t p = 0;
    while (p < c.tables.size()) {
      size_t e = c.tables.find(' ', p);
      if (e == std::string::npos) e = c.tables.size();
      tables += tmp.File(c.tables.substr(p, e - p)) + " ";
      p = e + 1;
    }
    for (const char* out : {"new.dct", "old.dct"}) {
      std::string err;
      EXPECT_EQ(Dechrome("merge " + tables + "-o " + tmp.File(out), nullptr, &err), 1) << c.tables;
      EXPECT_NE(err.find(tmp.File(c.named)), std::string::npos) << c.tables << ": " << err;
      EXPECT_NE(err.find(c.why), std::string::npos) << c.tables << ": " << err;
    }
    EXPECT_FALSE(FileExists(tmp.File("new.dct"))) << c.tables;
    EXPECT_EQ(ReadFile(tmp.File("old.dct")), old_table) << c.tables;
  }
  ExpectNoTempFiles(tmp.path());
  // A file that is no table is not replaced, even by a merge that would work.
  WriteFile(tmp.File("notes.txt"), "notes");
  {
    std::string err;
    EXPECT_EQ(Dechrome("merge " + tmp.File("a.dct") + " " + tmp.File("b.dct") + " -o " + tmp.File("notes.txt"),
                       nullptr, &err),
              1);
    EXPECT_NE(err.find("exists and is not a dechrome table"), std::string::npos) << err;
    EXPECT_EQ(ReadFile(tmp.File("notes.txt")), "notes");
  }
  // An output folder that does not exist fails before any table is read.
  std::string err;
  EXPECT_EQ(Dechrome("merge " + tmp.File("a.dct") + " -o " + tmp.File("no/such/dir/m.dct"), nullptr, &err), 1);
  EXPECT_FALSE(err.empty());
}

}  // namespace
}  // namespace dechrome
