// RunOptions::resume (src/pipeline/resume.h): a rerun skips the inputs whose
// outputs are complete and match their input, table and options, leaves
// those outputs untouched, and redoes everything else; the outputs are
// always those of a run without resume, byte for byte, with pass 1's hints
// or without them.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "gtest/gtest.h"
#include "pipeline/resume.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::FileExists;
using testing::ListDir;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

// Four inputs: JSONL.zst, WET.zst, JSONL.zst and plain JSONL.
std::vector<std::string> MakeInputs(const TempDir& dir) {
  const std::string corpus = dir.File("corpus");
  const std::string cmd =
      absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ",
                   Quote(corpus), " --docs 300 --sites 8 --parts 2 --format both");
  EXPECT_EQ(RunCommand(cmd), 0) << cmd;
  std::string extra;
  for (int d = 0; d < 40; ++d) {
    absl::StrAppend(&extra, "{\"id\": \"d", d, "\", \"url\": \"https://s", d % 4, ".example.org/a/", d,
                    "\", \"text\": \"Menu of s", d % 4, "\\nBody line ", d * 31, " here.\\nFooter\"}\n");
  }
  WriteFile(dir.File("extra.jsonl"), extra);
  return {corpus + "/part-0.jsonl.zst", corpus + "/part-1.warc.wet.zst",
          corpus + "/part-1.jsonl.zst", dir.File("extra.jsonl")};
}

RunOptions Options(bool resume) {
  RunOptions o;
  o.threads = 2;
  o.chunk_bytes = 16 << 10;  // several chunks per input
  o.resume = resume;
  return o;
}

std::vector<std::string> Outputs(const std::string& folder, const std::vector<std::string>& inputs) {
  absl::StatusOr<std::vector<std::string>> outs = PlanOutputs(inputs, folder);
  EXPECT_TRUE(outs.ok()) << outs.status();
  return outs.ok() ? *outs : std::vector<std::string>();
}

uint64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u + st.st_mtim.tv_nsec;
}

// Sets the mtime of `path` to `ns` (the content is not changed).
void SetMtime(const std::string& path, uint64_t ns) {
  struct timespec t[2];
  t[0].tv_sec = t[1].tv_sec = static_cast<time_t>(ns / 1000000000u);
  t[0].tv_nsec = t[1].tv_nsec = static_cast<long>(ns % 1000000000u);
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), t, 0), 0) << path;
}

std::vector<std::string> ReadAll(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) out.push_back(ReadFile(p));
  return out;
}

std::vector<uint64_t> Mtimes(const std::vector<std::string>& paths) {
  std::vector<uint64_t> out;
  for (const std::string& p : paths) out.push_back(MtimeNs(p));
  return out;
}

bool AnyWarningHas(const Summary& s, const std::string& what) {
  for (const std::string& w : s.warnings)
    if (w.find(what) != std::string::npos) return true;
  return false;
}

class ResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inputs_ = MakeInputs(dir_);
    ref_outs_ = Outputs(dir_.File("ref"), inputs_);
    ChromeTable table;
    Summary summary;
    ASSERT_TRUE(RunInputs(inputs_, ref_outs_, Options(false), &table, &summary).ok());
    ASSERT_GT(summary.lines_removed, 0u);
    ref_ = ReadAll(ref_outs_);
    ref_summary_ = summary;
  }

  // RunInputs() into `folder` with `options`; expects success.
  Summary Run(const std::string& folder, const RunOptions& options) {
    ChromeTable table;
    Summary summary;
    const absl::Status s = RunInputs(inputs_, Outputs(folder, inputs_), options, &table, &summary);
    EXPECT_TRUE(s.ok()) << s;
    return summary;
  }

  TempDir dir_;
  std::vector<std::string> inputs_;
  std::vector<std::string> ref_outs_;
  std::vector<std::string> ref_;
  Summary ref_summary_;
};

TEST_F(ResumeTest, WithoutResumeNoManifestIsWritten) {
  for (const std::string& name : ListDir(dir_.File("ref"))) EXPECT_NE(name[0], '.') << name;
}

TEST_F(ResumeTest, RerunSkipsEveryCompleteOutputAndTouchesNothing) {
  const std::string folder = dir_.File("out");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Summary first = Run(folder, Options(true));
  EXPECT_EQ(first.inputs_resumed, 0u);
  EXPECT_EQ(first.files, inputs_.size());
  EXPECT_EQ(first.lines_removed, ref_summary_.lines_removed);
  // The same bytes as without resume, plus one hidden manifest per output.
  EXPECT_EQ(ReadAll(outs), ref_);
  for (const std::string& o : outs) EXPECT_TRUE(FileExists(ManifestPath(o))) << o;
  EXPECT_EQ(ListDir(folder).size(), 2 * outs.size());

  const std::vector<uint64_t> mtimes = Mtimes(outs);
  std::vector<uint64_t> manifest_mtimes;
  for (const std::string& o : outs) manifest_mtimes.push_back(MtimeNs(ManifestPath(o)));
  Summary again = Run(folder, Options(true));
  EXPECT_EQ(again.inputs_resumed, inputs_.size());
  EXPECT_EQ(again.files, 0u);
  EXPECT_EQ(again.records, 0u);
  EXPECT_EQ(again.bytes_out, 0u);
  EXPECT_TRUE(again.warnings.empty());
  EXPECT_EQ(Mtimes(outs), mtimes);
  for (size_t i = 0; i < outs.size(); ++i) EXPECT_EQ(MtimeNs(ManifestPath(outs[i])), manifest_mtimes[i]);
  EXPECT_EQ(ReadAll(outs), ref_);
  EXPECT_NE(again.ToText().find("inputs resumed"), std::string::npos);
  EXPECT_EQ(testing::JsonInt(again.ToJson(), "inputs_resumed"), static_cast<long>(inputs_.size()));

  // The threads and the hint memory do not change the output: still complete.
  RunOptions other = Options(true);
  other.threads = 1;
  other.hint_memory = 0;
  EXPECT_EQ(Run(folder, other).inputs_resumed, inputs_.size());
}

TEST_F(ResumeTest, ATouchedInputIsRedone) {
  const std::string folder = dir_.File("out");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Run(folder, Options(true));
  const std::vector<uint64_t> mtimes = Mtimes(outs);
  SetMtime(inputs_[1], MtimeNs(inputs_[1]) + 1000000000u);  // same bytes, newer mtime
  Summary s = Run(folder, Options(true));
  EXPECT_EQ(s.inputs_resumed, inputs_.size() - 1);
  EXPECT_EQ(s.files, 1u);
  EXPECT_TRUE(AnyWarningHas(s, outs[1] + ": written again: the input changed")) << s.ToJson();
  const std::vector<uint64_t> now = Mtimes(outs);
  for (size_t i = 0; i < outs.size(); ++i) {
    if (i == 1) {
      EXPECT_NE(now[i], mtimes[i]);
    } else {
      EXPECT_EQ(now[i], mtimes[i]) << outs[i];
    }
  }
  EXPECT_EQ(ReadAll(outs), ref_);
  // Recorded again: the next run skips it too.
  EXPECT_EQ(Run(folder, Options(true)).inputs_resumed, inputs_.size());
}

TEST_F(ResumeTest, APolicyChangeRedoesEveryOutput) {
  const std::string folder = dir_.File("out");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Run(folder, Options(true));
  RunOptions changed = Options(true);
  // (A threshold that changes what goes: lines on 2 to 5 of a site's ~40
  // pages here are all taken by other rules too.)
  changed.policy.min_count = 20;
  Summary s = Run(folder, changed);
  EXPECT_EQ(s.inputs_resumed, 0u);
  EXPECT_TRUE(AnyWarningHas(s, "written again: the options")) << s.ToJson();

  RunOptions plain = changed;
  plain.resume = false;
  const std::vector<std::string> want_outs = Outputs(dir_.File("want"), inputs_);
  ChromeTable table;
  Summary want;
  ASSERT_TRUE(RunInputs(inputs_, want_outs, plain, &table, &want).ok());
  EXPECT_EQ(ReadAll(outs), ReadAll(want_outs));
  EXPECT_NE(ReadAll(outs), ref_);
  // And other output options: another level.
  RunOptions level = changed;
  level.level = 5;
  EXPECT_EQ(Run(folder, level).inputs_resumed, 0u);
  EXPECT_EQ(Run(folder, level).inputs_resumed, inputs_.size());
}

TEST_F(ResumeTest, ATruncatedOrMissingOutputIsRedone) {
  const std::string folder = dir_.File("out");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Run(folder, Options(true));
  ASSERT_EQ(truncate(outs[0].c_str(), 100), 0);
  ASSERT_EQ(unlink(outs[3].c_str()), 0);
  Summary s = Run(folder, Options(true));
  EXPECT_EQ(s.inputs_resumed, 2u);
  EXPECT_TRUE(AnyWarningHas(s, outs[0] + ": written again: the output is missing or changed"));
  EXPECT_EQ(ReadAll(outs), ref_);
  // A manifest that is not one: redone.
  WriteFile(ManifestPath(outs[2]), "dechrome-resume 1\ninput\n");
  s = Run(folder, Options(true));
  EXPECT_EQ(s.inputs_resumed, 3u);
  EXPECT_TRUE(AnyWarningHas(s, "manifest cannot be read"));
  EXPECT_EQ(ReadAll(outs), ref_);
}

// Pass 1's hints serve pass 2 up to the first skipped input; whichever
// inputs are redone, the bytes are those of an uninterrupted run.
TEST_F(ResumeTest, RedoingSomeInputsGivesTheSameBytesWithAndWithoutHints) {
  const std::vector<std::vector<size_t>> redo_sets = {{0}, {0, 2}, {1, 3}, {3}, {0, 1, 2, 3}};
  for (uint64_t hint_memory : {uint64_t{0}, uint64_t{1} << 30}) {
    for (const std::vector<size_t>& redo : redo_sets) {
      const std::string folder =
          dir_.File(absl::StrCat("out-", hint_memory, "-", redo[0], "-", redo.size()));
      SCOPED_TRACE(folder);
      const std::vector<std::string> outs = Outputs(folder, inputs_);
      RunOptions o = Options(true);
      o.hint_memory = hint_memory;
      Run(folder, o);
      for (size_t i : redo) ASSERT_EQ(unlink(outs[i].c_str()), 0);
      Summary s = Run(folder, o);
      EXPECT_EQ(s.inputs_resumed, inputs_.size() - redo.size());
      EXPECT_EQ(s.files, redo.size());
      if (hint_memory > 0 && redo[0] == 0) {
        EXPECT_GT(s.hinted_documents, 0u);
      } else {
        EXPECT_EQ(s.hinted_documents, 0u);  // none made, or the first input looked complete
      }
      EXPECT_EQ(ReadAll(outs), ref_);
    }
  }
}

// A run without resume that writes an output removes its old manifest: it
// must not vouch for the new bytes.
TEST_F(ResumeTest, ARunWithoutResumeRemovesTheManifestsOfWhatItWrites) {
  const std::string folder = dir_.File("out");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Run(folder, Options(true));
  RunOptions other = Options(false);
  other.policy.min_count = 5;
  Run(folder, other);
  for (const std::string& o : outs) EXPECT_FALSE(FileExists(ManifestPath(o))) << o;
  Summary s = Run(folder, Options(true));
  EXPECT_EQ(s.inputs_resumed, 0u);
  EXPECT_TRUE(s.warnings.empty());  // no manifest: nothing to explain
  EXPECT_EQ(ReadAll(outs), ref_);
}

TEST_F(ResumeTest, FilterResumesWithTheSameTableOnly) {
  ChromeTable table;
  Summary count;
  ASSERT_TRUE(CountInputs(inputs_, Options(false), &table, &count).ok());
  const std::string folder = dir_.File("filtered");
  const std::vector<std::string> outs = Outputs(folder, inputs_);
  Summary s;
  ASSERT_TRUE(FilterInputs(table, inputs_, outs, Options(true), &s).ok());
  EXPECT_EQ(ReadAll(outs), ref_);
  // A table saved and loaded is the same table.
  ASSERT_TRUE(table.Save(dir_.File("t")).ok());
  absl::StatusOr<ChromeTable> loaded = ChromeTable::Load(dir_.File("t"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(TableFingerprint(*loaded), TableFingerprint(table));
  Summary again;
  ASSERT_TRUE(FilterInputs(*loaded, inputs_, outs, Options(true), &again).ok());
  EXPECT_EQ(again.inputs_resumed, inputs_.size());
  // Another table (counted over fewer inputs): every output is redone.
  ChromeTable other;
  Summary other_count;
  ASSERT_TRUE(CountInputs({inputs_[0]}, Options(false), &other, &other_count).ok());
  EXPECT_NE(TableFingerprint(other), TableFingerprint(table));
  Summary redone;
  ASSERT_TRUE(FilterInputs(other, inputs_, outs, Options(true), &redone).ok());
  EXPECT_EQ(redone.inputs_resumed, 0u);
  EXPECT_TRUE(AnyWarningHas(redone, "the table is not the one"));
}

TEST_F(ResumeTest, StandardOutputIsRefused) {
  ChromeTable table;
  Summary s;
  const absl::Status run = RunInputs(inputs_, std::vector<std::string>(inputs_.size(), "-"),
                                     Options(true), &table, &s);
  EXPECT_TRUE(absl::IsInvalidArgument(run)) << run;
  EXPECT_NE(run.message().find("standard output"), absl::string_view::npos);
  const absl::Status filter =
      FilterInputs(table, {inputs_[0]}, {"-"}, Options(true), &s);
  EXPECT_TRUE(absl::IsInvalidArgument(filter)) << filter;
}

TEST(ResumeManifestTest, ManifestPathIsHiddenBesideTheOutput) {
  EXPECT_EQ(ManifestPath("out/a.jsonl.zst"), "out/.a.jsonl.zst.dechrome-resume");
  EXPECT_EQ(ManifestPath("a.jsonl"), "./.a.jsonl.dechrome-resume");
  EXPECT_EQ(ManifestPath("/a"), "/.a.dechrome-resume");
}

}  // namespace
}  // namespace dechrome
