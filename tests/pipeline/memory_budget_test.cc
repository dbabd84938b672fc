// RunOptions::memory: a budget small enough that the counting table and the
// near-duplicate sketches spill many times gives the same table, outputs,
// audit and summary as a run without one, at any thread count; a spill folder that cannot take files
// fails before any work.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "gtest/gtest.h"
#include "pipeline/passes.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;

struct Result {
  std::vector<std::string> outputs;
  std::string summary;  // without timings, memory, spills and warnings
  std::vector<std::string> warnings;
  std::string table;
  std::string audit;
  uint64_t spill_runs = 0;
  uint64_t sketch_spill_runs = 0;
};

Result RunWithBudget(const TempDir& dir, const std::string& name, const std::vector<std::string>& inputs,
           int threads, uint64_t memory, const std::string& temp_dir) {
  RunOptions o;
  o.threads = threads;
  o.memory = memory;
  o.temp_dir = temp_dir;
  o.collect_audit = true;
  o.chunk_bytes = 64 << 10;
  absl::StatusOr<std::vector<std::string>> outs = PlanOutputs(inputs, dir.File(name));
  EXPECT_TRUE(outs.ok()) << outs.status();
  ChromeTable table;
  Summary summary;
  absl::Status s = RunInputs(inputs, *outs, o, &table, &summary);
  EXPECT_TRUE(s.ok()) << s;
  Result r;
  for (const std::string& out : *outs) r.outputs.push_back(ReadFile(out));
  r.warnings = summary.warnings;
  summary.warnings.clear();
  r.summary = summary.ToJson(/*with_timings=*/false);
  EXPECT_TRUE(table.Save(dir.File(name + ".dct")).ok());
  r.table = ReadFile(dir.File(name + ".dct"));
  EXPECT_TRUE(WriteAudit(dir.File(name + ".audit"), table, summary).ok());
  r.audit = ReadFile(dir.File(name + ".audit/chrome_lines.tsv"));
  r.spill_runs = summary.spill_runs;
  r.sketch_spill_runs = summary.sketch_spill_runs;
  return r;
}

TEST(MemoryBudgetTest, SpilledRunsGiveTheSameResults) {
  TempDir dir;
  const std::string corpus = dir.File("corpus");
  const std::string cmd =
      absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ", Quote(corpus),
                   " --docs 3000 --sites 20 --parts 2 --format both");
  ASSERT_EQ(RunCommand(cmd), 0) << cmd;
  const std::vector<std::string> inputs = {corpus + "/part-0.jsonl.zst", corpus + "/part-1.warc.wet.zst"};
  const std::string spill = dir.File("spill");
  ASSERT_EQ(RunCommand("mkdir " + Quote(spill)), 0);

  const Result ref = RunWithBudget(dir, "ref", inputs, 2, 0, "");
  EXPECT_EQ(ref.spill_runs, 0u);
  EXPECT_EQ(ref.sketch_spill_runs, 0u);
  ASSERT_NE(ref.summary.find("\"near_duplicate_documents\": "), std::string::npos);
  for (int threads : {1, 3}) {
    SCOPED_TRACE(absl::StrCat("threads ", threads));
    // 1 byte: every share is at its floor, the counting table and the
    // sketches at 256 KiB each (the sketches spill, by site partition, and
    // come back a run of partitions at a time).
    const Result got = RunWithBudget(dir, absl::StrCat("budget-", threads), inputs, threads, 1, spill);
    EXPECT_GE(got.spill_runs, 10u);
    EXPECT_GE(got.sketch_spill_runs, 2u * threads);
    // The budget is below what chunks, hints and sketches need: said once.
    ASSERT_EQ(got.warnings.size(), 1u);
    EXPECT_NE(got.warnings[0].find("leaves the counting table only 0.25 MiB"), std::string::npos) << got.warnings[0];
    EXPECT_TRUE(ref.warnings.empty());
    EXPECT_EQ(got.summary, ref.summary);
    EXPECT_TRUE(got.table == ref.table);
    EXPECT_EQ(got.audit, ref.audit);
    ASSERT_EQ(got.outputs.size(), ref.outputs.size());
    for (size_t i = 0; i < got.outputs.size(); ++i) EXPECT_TRUE(got.outputs[i] == ref.outputs[i]) << i;
    EXPECT_TRUE(testing::ListDir(spill).empty());  // nothing left behind
  }
}

TEST(MemoryBudgetTest, ASpillFolderThatTakesNoFilesFailsFirst) {
  TempDir dir;
  testing::WriteFile(dir.File("in.jsonl"), "{\"text\": \"a\\nb\", \"url\": \"https://a.example/\"}\n");
  RunOptions o;
  o.memory = 64 << 20;
  o.temp_dir = dir.File("missing");
  ChromeTable table;
  Summary summary;
  absl::Status s = CountInputs({dir.File("in.jsonl")}, o, &table, &summary);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find(dir.File("missing")), std::string::npos) << s;
  EXPECT_EQ(summary.documents, 0u);
  EXPECT_FALSE(summary.table_built);
}

TEST(MemoryBudgetTest, PlanSharesTheBudget) {
  RunOptions o;
  o.memory = uint64_t{512} << 20;
  o.chunk_bytes = 1 << 20;
  const MemoryPlan p = PlanMemory(o, 2, /*with_hints=*/true);
  EXPECT_EQ(p.budget, o.memory);
  EXPECT_EQ(p.chunks, uint64_t{22} << 20);  // 6 x 2 + 2 x 4 + 2 chunks
  EXPECT_EQ(p.hints, uint64_t{128} << 20);
  EXPECT_EQ(p.sketches, uint64_t{128} << 20);
  EXPECT_EQ(p.counter, (uint64_t{512 - 22 - 128 - 128}) << 20);
  o.hint_memory = 0;
  EXPECT_EQ(PlanMemory(o, 2, true).hints, 0u);
  EXPECT_EQ(PlanMemory(o, 2, false).counter, (uint64_t{512 - 22 - 128}) << 20);
  o.memory = 1;
  EXPECT_EQ(PlanMemory(o, 2, true).counter, uint64_t{256} << 10);  // the floors
  EXPECT_EQ(PlanMemory(o, 2, true).sketches, uint64_t{256} << 10);
  o.memory = 0;  // half of physical memory
  EXPECT_GT(PlanMemory(o, 2, true).budget, uint64_t{64} << 20);
}

}  // namespace
}  // namespace dechrome
