// `dechrome run --resume` killed with SIGKILL in the middle of pass 2, then
// run again with --resume: the outputs are byte for byte those of an
// uninterrupted run, the outputs completed before the kill are not written
// again, and the leftovers of the killed run are hidden files only.
//
// No timing is assumed: the test waits until the killed run has completed an
// output (its manifest is there), then kills it. If the run finished before
// the kill landed, everything is complete and the rerun must skip it all.

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::Dechrome;
using testing::ListDir;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;

constexpr char kManifestSuffix[] = ".dechrome-resume";

bool IsManifest(const std::string& name) {
  return name[0] == '.' && absl::EndsWith(name, kManifestSuffix);
}

// The visible (not hidden) files of `dir`, sorted.
std::vector<std::string> Visible(const std::string& dir) {
  std::vector<std::string> names;
  for (const std::string& n : ListDir(dir))
    if (n[0] != '.') names.push_back(n);
  std::sort(names.begin(), names.end());
  return names;
}

size_t CountManifests(const std::string& dir) {
  size_t n = 0;
  for (const std::string& name : ListDir(dir)) n += IsManifest(name);
  return n;
}

uint64_t MtimeNs(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u + st.st_mtim.tv_nsec;
}

// Starts `dechrome args...` with stdout and stderr to /dev/null.
pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<std::string> storage = {testing::DechromeBinary()};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* null = std::freopen("/dev/null", "w", stdout);
    (void)null;
    null = std::freopen("/dev/null", "w", stderr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// Runs `args` and kills it (SIGKILL) as soon as `dir` holds more than
// `manifests` manifests, or lets it end if it ends first. Returns whether
// the kill landed on a running process.
bool RunAndKillAfterManifests(const std::vector<std::string>& args, const std::string& dir,
                              size_t manifests) {
  const pid_t pid = Spawn(args);
  EXPECT_GT(pid, 0);
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
      return false;  // finished before a kill
    }
    if (CountManifests(dir) > manifests) break;
    struct timespec pause = {0, 1000000};  // 1 ms
    nanosleep(&pause, nullptr);
  }
  kill(pid, SIGKILL);
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  // Killed, or (if it ended just before the signal) a clean exit.
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(ResumeCliTest, KilledInPass2AndResumedGivesTheSameBytes) {
  TempDir tmp;
  const std::string corpus = tmp.File("corpus");
  // Six inputs; pass 2 at -L 12 without hints takes a while for each, so the
  // kill usually lands between two outputs (the test holds either way).
  const std::string make =
      absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ", Quote(corpus),
                   " --docs 6000 --sites 20 --parts 6 --format jsonl");
  ASSERT_EQ(RunCommand(make), 0) << make;
  std::vector<std::string> inputs;
  for (const std::string& n : ListDir(corpus)) inputs.push_back(corpus + "/" + n);
  std::sort(inputs.begin(), inputs.end());
  ASSERT_EQ(inputs.size(), 6u);
  std::string joined;
  for (const std::string& in : inputs) absl::StrAppend(&joined, " ", Quote(in));
  const std::string common = "run -q -j1 -L 12 --hint-memory 0";

  // The uninterrupted run, without --resume.
  const std::string ref = tmp.File("ref");
  std::string out, err;
  ASSERT_EQ(Dechrome(absl::StrCat(common, " -o ", Quote(ref), joined), &out, &err), 0) << err;
  const std::vector<std::string> names = Visible(ref);
  ASSERT_EQ(names.size(), inputs.size());
  EXPECT_EQ(CountManifests(ref), 0u);  // none without --resume

  // Killed after its first complete output, then again after one more.
  const std::string dir = tmp.File("out");
  std::vector<std::string> args = {"run", "-q", "-j1", "-L", "12", "--hint-memory", "0", "--resume", "-o", dir};
  args.insert(args.end(), inputs.begin(), inputs.end());
  ASSERT_EQ(mkdir(dir.c_str(), 0777), 0);
  for (int round = 0; round < 2; ++round) {
    const size_t before = CountManifests(dir);
    const bool killed = RunAndKillAfterManifests(args, dir, before);
    SCOPED_TRACE(absl::StrCat("round ", round, killed ? ": killed" : ": finished first"));
    // Whatever the kill left visible is complete: renamed only when whole.
    for (const std::string& n : Visible(dir)) EXPECT_TRUE(ReadFile(dir + "/" + n) == ReadFile(ref + "/" + n)) << n;
    // Hidden leftovers only: manifests and temporary outputs.
    for (const std::string& n : ListDir(dir)) {
      if (n[0] != '.') continue;
      EXPECT_TRUE(IsManifest(n) || n.find(".dechrome-tmp-") != std::string::npos) << n;
    }
  }

  // The manifests that survived vouch for complete outputs: those are
  // skipped, untouched; the rest are filtered again.
  const size_t complete = CountManifests(dir);
  ASSERT_GE(complete, 1u);
  std::vector<uint64_t> mtimes;
  for (const std::string& n : names) mtimes.push_back(MtimeNs(dir + "/" + n));
  const std::string stats = tmp.File("stats.json");
  std::string resume_cmd = absl::StrCat(common, " --resume --stats ", Quote(stats), " -o ", Quote(dir), joined);
  ASSERT_EQ(Dechrome(resume_cmd, &out, &err), 0) << err;
  std::string json = ReadFile(stats);
  EXPECT_EQ(testing::JsonInt(json, "inputs_resumed"), static_cast<long>(complete)) << json;
  EXPECT_EQ(testing::JsonInt(json, "files"), static_cast<long>(inputs.size() - complete)) << json;
  size_t untouched = 0;
  for (size_t i = 0; i < names.size(); ++i) untouched += MtimeNs(dir + "/" + names[i]) == mtimes[i];
  EXPECT_GE(untouched, complete);

  // Byte for byte the uninterrupted run's outputs, and one manifest each.
  EXPECT_EQ(Visible(dir), names);
  for (const std::string& n : names) EXPECT_TRUE(ReadFile(dir + "/" + n) == ReadFile(ref + "/" + n)) << n;
  EXPECT_EQ(CountManifests(dir), inputs.size());

  // Once more: nothing left to do.
  ASSERT_EQ(Dechrome(resume_cmd, &out, &err), 0) << err;
  json = ReadFile(stats);
  EXPECT_EQ(testing::JsonInt(json, "inputs_resumed"), static_cast<long>(inputs.size())) << json;
  EXPECT_EQ(testing::JsonInt(json, "files"), 0) << json;
  for (const std::string& n : names) EXPECT_TRUE(ReadFile(dir + "/" + n) == ReadFile(ref + "/" + n)) << n;

  // The summary says so (without -q).
  ASSERT_EQ(Dechrome(absl::StrCat("run -j1 -L 12 --resume -o ", Quote(dir), joined), &out, &err), 0) << err;
  EXPECT_NE(err.find(absl::StrCat("inputs resumed (outputs complete from an earlier run; not read, not in these "
                                  "counts): ",
                                  inputs.size())),
            std::string::npos)
      << err;
  // Other options (here the level) redo every output, with the reason among
  // the warnings (-v lists them).
  ASSERT_EQ(Dechrome(absl::StrCat("run -v -j1 -L 11 --resume --stats ", Quote(stats), " -o ", Quote(dir), joined),
                     &out, &err),
            0)
      << err;
  EXPECT_EQ(testing::JsonInt(ReadFile(stats), "inputs_resumed"), 0);
  EXPECT_NE(err.find("written again: the options"), std::string::npos) << err;
}

// filter --resume with a table from count: a rerun skips everything; a
// table counted over other inputs redoes everything.
TEST(ResumeCliTest, FilterResumesWithItsTable) {
  TempDir tmp;
  const std::string corpus = tmp.File("corpus");
  const std::string make = absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ",
                                        Quote(corpus), " --docs 400 --sites 8 --parts 3 --format jsonl");
  ASSERT_EQ(RunCommand(make), 0) << make;
  const std::string in = absl::StrCat(Quote(corpus + "/part-0.jsonl.zst"), " ", Quote(corpus + "/part-1.jsonl.zst"),
                                      " ", Quote(corpus + "/part-2.jsonl.zst"));
  std::string out, err;
  ASSERT_EQ(Dechrome(absl::StrCat("count -q -o ", Quote(tmp.File("t")), " ", in), &out, &err), 0) << err;
  ASSERT_EQ(Dechrome(absl::StrCat("count -q -o ", Quote(tmp.File("t1")), " ", Quote(corpus + "/part-0.jsonl.zst")),
                     &out, &err),
            0)
      << err;
  const std::string stats = tmp.File("s.json");
  const std::string dir = Quote(tmp.File("out"));
  for (const auto& [table, resumed] : std::vector<std::pair<std::string, long>>{{"t", 0}, {"t", 3}, {"t1", 0}, {"t1", 3}}) {
    ASSERT_EQ(Dechrome(absl::StrCat("filter -q --resume --table ", Quote(tmp.File(table)), " --stats ", Quote(stats),
                                    " -o ", dir, " ", in),
                       &out, &err),
              0)
        << err;
    EXPECT_EQ(testing::JsonInt(ReadFile(stats), "inputs_resumed"), resumed) << table;
  }
  // -o FILE for one input: its manifest beside it.
  const std::string one = tmp.File("one.jsonl");
  for (long resumed : {0, 1}) {
    ASSERT_EQ(Dechrome(absl::StrCat("filter -q --resume --table ", Quote(tmp.File("t")), " --stats ", Quote(stats),
                                    " -o ", Quote(one), " ", Quote(corpus + "/part-0.jsonl.zst")),
                       &out, &err),
              0)
        << err;
    EXPECT_EQ(testing::JsonInt(ReadFile(stats), "inputs_resumed"), resumed);
  }
  EXPECT_TRUE(testing::FileExists(tmp.File(".one.jsonl.dechrome-resume")));
}

}  // namespace
}  // namespace dechrome
