// The command under the conditions of a hostile or careless environment
// (issue 13): inputs that can be read only once (process substitution,
// /dev/stdin on a pipe, a FIFO), inputs that are missing, outputs that
// cannot be written, a terminal as standard output, and runs killed in the
// middle. Each case checks the exit code, the message and what was written.

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::ListDir;

using testing::Dechrome;
using testing::FileExists;
using testing::JsonInt;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

const std::string kBin = DECHROME_BINARY;
const std::string kSrc = DECHROME_SOURCE_DIR;

// A plain JSONL corpus of `docs` documents: dir/part-0.jsonl (and more parts).
void MakeCorpus(const std::string& dir, int docs = 400, int parts = 1) {
  std::string cmd = absl::StrCat("python3 ", kSrc, "/scripts/make_corpus.py --out ", Quote(dir),
                                 " --docs ", docs, " --sites 8 --parts ", parts, " --compress none");
  ASSERT_EQ(RunCommand(cmd), 0) << cmd;
}


// ---------------------------------------------------------------------------
// Inputs that can be read only once are spooled: `run` reads each twice.

struct OnceCase {
  const char* name;
  const char* command;  // $BIN, $IN (a plain JSONL file), $OUT, $FIFO
  bool twice = false;   // the input is read as two inputs
};

const OnceCase kOnceCases[] = {
    {"process substitution", "bash -c '$BIN run -q <(cat $IN) -o $OUT'"},
    {"/dev/stdin on a pipe", "cat $IN | $BIN run -q /dev/stdin -o $OUT"},
    {"- on a pipe", "cat $IN | $BIN run -q - -o $OUT"},
    {"a FIFO", "mkfifo $FIFO && (cat $IN > $FIFO &) && timeout 120 $BIN run -q $FIFO -o $OUT"},
    {"/dev/fd/0 beside - (one pipe, one spool)",
     "cat $IN | $BIN run -q - /dev/fd/0 -o $OUT.d && cmp $OUT.d/stdin $OUT.d/0 && cp $OUT.d/0 $OUT", true},
};

std::string Expand(std::string s, const std::vector<std::pair<std::string, std::string>>& vars) {
  for (const auto& [k, v] : vars) {
    for (size_t p; (p = s.find(k)) != std::string::npos;) s.replace(p, k.size(), v);
  }
  return s;
}

TEST(HardeningTest, InputsReadOnceAreSpooledNotLost) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"));
  const std::string in = tmp.File("in/part-0.jsonl");
  ASSERT_EQ(Dechrome("run -q " + in + " -o " + tmp.File("ref.jsonl")), 0);
  const std::string ref = ReadFile(tmp.File("ref.jsonl"));
  ASSERT_GT(ref.size(), 10000u);
  ASSERT_NE(ref, ReadFile(in));  // chrome was removed
  // The same documents twice count twice.
  ASSERT_EQ(RunCommand("cp " + in + " " + tmp.File("copy.jsonl")), 0);
  ASSERT_EQ(Dechrome("run -q " + in + " " + tmp.File("copy.jsonl") + " -o " + tmp.File("ref2")), 0);
  const std::string ref2 = ReadFile(tmp.File("ref2/copy.jsonl"));
  ASSERT_NE(ref2, ref);
  int i = 0;
  for (const OnceCase& c : kOnceCases) {
    const std::string out = tmp.File(absl::StrCat("out", i, ".jsonl"));
    const std::string cmd = Expand(c.command, {{"$BIN", kBin}, {"$IN", in}, {"$OUT", out},
                                                {"$FIFO", tmp.File(absl::StrCat("fifo", i))}});
    std::string err;
    EXPECT_EQ(RunCommand(cmd, nullptr, &err), 0) << c.name << ": " << cmd << "\n" << err;
    EXPECT_TRUE(ReadFile(out) == (c.twice ? ref2 : ref)) << c.name;
    ++i;
  }
}

// ---------------------------------------------------------------------------
// Each input fails on its own; outputs that cannot be written fail the run
// before any work.

TEST(HardeningTest, MissingInputFailsAloneOthersAreWritten) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"), 400, 2);
  std::string err;
  EXPECT_EQ(Dechrome(absl::StrCat("run -q ", tmp.File("in/part-0.jsonl"), " ", tmp.File("in/missing.jsonl"), " ",
                                  tmp.File("in/part-1.jsonl"), " -o ", tmp.File("out")),
                     nullptr, &err),
            1);
  EXPECT_NE(err.find(tmp.File("in/missing.jsonl")), std::string::npos) << err;
  EXPECT_TRUE(FileExists(tmp.File("out/part-0.jsonl")));
  EXPECT_TRUE(FileExists(tmp.File("out/part-1.jsonl")));
  EXPECT_FALSE(FileExists(tmp.File("out/missing.jsonl")));
  // count: the table is built from the inputs that could be read.
  EXPECT_EQ(Dechrome(absl::StrCat("count -q ", tmp.File("in/missing.jsonl"), " ", tmp.File("in/part-0.jsonl"),
                                  " -o ", tmp.File("t.bin")),
                     nullptr, &err),
            1);
  EXPECT_TRUE(FileExists(tmp.File("t.bin")));
}

struct UnwritableCase {
  const char* name;
  const char* args;  // $IN, $T (a table), $F (a regular file), $D (a missing folder)
  const char* message;
};

const UnwritableCase kUnwritableCases[] = {
    {"run output in a missing folder", "run $IN -o $D/out.jsonl", "$D/out.jsonl"},
    {"run output under a file", "run $IN -o $F/out.jsonl", "$F/out.jsonl"},
    {"filter output in a missing folder", "filter --table $T $IN -o $D/out.jsonl", "$D/out.jsonl"},
    {"count table in a missing folder", "count $IN -o $D/t.bin", "$D/t.bin"},
    {"stats in a missing folder", "run $IN -o -  --stats $D/s.json", "$D/s.json"},
    {"audit folder under a file", "run $IN -o - --audit $F/audit", "$F/audit"},
};

TEST(HardeningTest, UnwritableOutputsFailBeforeAnyWork) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"));
  ASSERT_EQ(Dechrome("count -q " + tmp.File("in/part-0.jsonl") + " -o " + tmp.File("t.bin")), 0);
  WriteFile(tmp.File("file"), "x");
  const std::vector<std::pair<std::string, std::string>> vars = {
      {"$IN", tmp.File("in/part-0.jsonl")}, {"$T", tmp.File("t.bin")}, {"$F", tmp.File("file")},
      {"$D", tmp.File("missing")}};
  for (const UnwritableCase& c : kUnwritableCases) {
    std::string out, err;
    EXPECT_EQ(Dechrome(Expand(c.args, vars), &out, &err), 1) << c.name << "\n" << err;
    EXPECT_NE(err.find(Expand(c.message, vars)), std::string::npos) << c.name << "\n" << err;
    // No summary: it stopped before the first pass.
    EXPECT_EQ(err.find("documents"), std::string::npos) << c.name << "\n" << err;
    EXPECT_TRUE(out.empty()) << c.name;
  }
}

// "--stats FILE" (space, not '=') with the name forgotten takes the first
// input for the stats file; it must not be overwritten, nor a file of
// another kind by count's table. An earlier summary or table is replaced.
TEST(HardeningTest, StatsAndTableReplaceOnlyTheirOwnKind) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"), 400, 2);
  const std::string in0 = tmp.File("in/part-0.jsonl"), in1 = tmp.File("in/part-1.jsonl");
  const std::string before = ReadFile(in0);
  std::string out, err;
  EXPECT_EQ(Dechrome("run -q --stats " + in0 + " " + in1 + " -o " + tmp.File("out"), &out, &err), 1) << err;
  EXPECT_NE(err.find(in0 + ": exists and is not a JSON summary (it begins with bytes 7b 22"), std::string::npos)
      << err;
  EXPECT_EQ(ReadFile(in0), before);
  EXPECT_FALSE(FileExists(tmp.File("out"))) << "stopped before any work";

  // count -o names an input: refused, the input untouched.
  EXPECT_EQ(Dechrome("count -q " + in1 + " -o " + in0, &out, &err), 1) << err;
  EXPECT_NE(err.find(in0 + ": exists and is not a dechrome table"), std::string::npos) << err;
  EXPECT_EQ(ReadFile(in0), before);

  // A summary replaces a summary, a table a table; empty files are fair game.
  WriteFile(tmp.File("s.json"), "");
  ASSERT_EQ(Dechrome("run -q --stats=" + tmp.File("s.json") + " " + in0 + " -o " + tmp.File("o1")), 0);
  ASSERT_EQ(ReadFile(tmp.File("s.json")).substr(0, 1), "{");
  EXPECT_EQ(Dechrome("run -q --stats=" + tmp.File("s.json") + " " + in0 + " -o " + tmp.File("o2"), &out, &err), 0)
      << err;
  ASSERT_EQ(Dechrome("count -q " + in0 + " -o " + tmp.File("t.bin")), 0);
  const std::string first_table = ReadFile(tmp.File("t.bin"));
  EXPECT_EQ(Dechrome("count -q " + in1 + " -o " + tmp.File("t.bin"), &out, &err), 0) << err;
  EXPECT_NE(ReadFile(tmp.File("t.bin")), first_table) << "replaced by the second input's table";
}

// ---------------------------------------------------------------------------
// Standard output on a terminal takes no compressed data.

// Runs `dechrome ARGS` with standard output on a pseudo-terminal; returns the
// exit status and what went to standard error.
int DechromeOnTerminal(const std::vector<std::string>& args, std::string* err) {
  TempDir tmp;
  int master = -1, slave = -1;
  if (openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    int e = open(tmp.File("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(slave, STDOUT_FILENO);
    dup2(e, STDERR_FILENO);
    close(master);
    std::vector<char*> argv = {const_cast<char*>(kBin.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBin.c_str(), argv.data());
    _exit(127);
  }
  close(slave);
  // Drain the terminal so that the child never blocks on it.
  char buf[65536];
  while (read(master, buf, sizeof(buf)) > 0) {
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  *err = ReadFile(tmp.File("err"));
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(HardeningTest, NoCompressedDataOnATerminal) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"));
  const std::string plain = tmp.File("in/part-0.jsonl");
  ASSERT_EQ(RunCommand("zstd -q " + plain + " -o " + tmp.File("in.jsonl.zst")), 0);
  std::string err;
  EXPECT_EQ(DechromeOnTerminal({"run", "-q", tmp.File("in.jsonl.zst"), "-o", "-"}, &err), 2) << err;
  EXPECT_NE(err.find("terminal"), std::string::npos) << err;
  EXPECT_NE(err.find("in.jsonl.zst"), std::string::npos) << err;
  EXPECT_EQ(DechromeOnTerminal({"run", "-q", "-f", tmp.File("in.jsonl.zst"), "-o", "-"}, &err), 0) << err;
  EXPECT_EQ(DechromeOnTerminal({"run", "-q", plain, "-o", "-"}, &err), 0) << err;
  EXPECT_EQ(DechromeOnTerminal({"run", "-q", plain}, &err), 0) << err;
}

// ---------------------------------------------------------------------------
// Interrupted runs leave no temporary files; a later run removes the ones a
// killed run (kill -9) left.

std::vector<std::string> TempFiles(const std::string& dir) {
  std::vector<std::string> temps;
  for (const std::string& n : ListDir(dir))
    if (n.find(".dechrome-tmp-") != std::string::npos) temps.push_back(n);
  return temps;
}

TEST(HardeningTest, SignalsRemoveTemporaryOutputs) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"), 30000, 1);
  ASSERT_EQ(mkdir(tmp.File("out").c_str(), 0755), 0);
  int caught = 0;
  for (int sig : {SIGINT, SIGTERM}) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int null = open("/dev/null", O_WRONLY);
      dup2(null, STDERR_FILENO);
      execl(kBin.c_str(), kBin.c_str(), "run", "-q", "-j1", tmp.File("in/part-0.jsonl").c_str(), "-o",
            tmp.File("out/part-0.jsonl").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // Wait for pass 2's temporary output, then interrupt.
    bool seen = false;
    int status = 0;
    for (int i = 0; i < 60000 && !seen; ++i) {
      if (waitpid(pid, &status, WNOHANG) == pid) break;
      seen = !TempFiles(tmp.File("out")).empty();
      if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!seen) continue;  // finished first: nothing to interrupt
    kill(pid, sig);
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    const std::vector<std::string> left = TempFiles(tmp.File("out"));
    EXPECT_TRUE(left.empty()) << left[0];
    // Finished before the signal came (it may still die of it on its way out).
    if (!WIFSIGNALED(status) || FileExists(tmp.File("out/part-0.jsonl"))) {
      unlink(tmp.File("out/part-0.jsonl").c_str());
      continue;
    }
    ++caught;
    EXPECT_EQ(WTERMSIG(status), sig);
  }
  if (caught == 0) GTEST_SKIP() << "every run finished before it could be interrupted";
}

TEST(HardeningTest, StaleTemporaryOutputsAreRemovedByTheNextRun) {
  TempDir tmp;
  MakeCorpus(tmp.File("in"));
  ASSERT_EQ(mkdir(tmp.File("out").c_str(), 0755), 0);
  const std::string stale = tmp.File("out/.part-0.jsonl.dechrome-tmp-q1W2e3");
  WriteFile(stale, "half an output");
  struct timespec old[2];
  clock_gettime(CLOCK_REALTIME, &old[0]);
  old[0].tv_sec -= 3600;
  old[1] = old[0];
  ASSERT_EQ(utimensat(AT_FDCWD, stale.c_str(), old, 0), 0);
  WriteFile(tmp.File("out/.notes"), "kept");
  ASSERT_EQ(Dechrome("run -q " + tmp.File("in/part-0.jsonl") + " -o " + tmp.File("out")), 0);
  EXPECT_FALSE(FileExists(stale));
  EXPECT_TRUE(FileExists(tmp.File("out/part-0.jsonl")));
  EXPECT_TRUE(FileExists(tmp.File("out/.notes")));
}

}  // namespace
}  // namespace dechrome
