#include "io/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/io_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::ListDir;

using ::testing::HasSubstr;
using ::testing::StartsWith;


TEST(OutputFileTest, CommitRenamesTemporaryFile) {
  testing::TempDir dir;
  std::string path = dir.File("out.jsonl");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_TRUE((*out)->Write("hello ").ok());
  ASSERT_TRUE((*out)->Write("world\n").ok());
  EXPECT_EQ((*out)->bytes_written(), 12u);
  EXPECT_FALSE(testing::FileExists(path));
  auto names = ListDir(dir.path());
  ASSERT_EQ(names.size(), 1u);
  EXPECT_THAT(names[0], StartsWith(".out.jsonl.dechrome-tmp-"));

  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_EQ(testing::ReadFile(path), "hello world\n");
  EXPECT_EQ(ListDir(dir.path()), std::vector<std::string>{"out.jsonl"});
  out->reset();  // destroying after Commit keeps the file
  EXPECT_EQ(testing::ReadFile(path), "hello world\n");
}

TEST(OutputFileTest, ModeFollowsUmask) {
  testing::TempDir dir;
  std::string path = dir.File("o");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Commit().ok());
  mode_t mask = umask(022);
  umask(mask);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
}

TEST(OutputFileTest, DestroyWithoutCommitRemovesTemporary) {
  testing::TempDir dir;
  std::string path = dir.File("out.gz");
  {
    auto out = OutputFile::Create(path);
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write(std::string(3 << 20, 'x')).ok());
  }
  EXPECT_FALSE(testing::FileExists(path));
  EXPECT_TRUE(ListDir(dir.path()).empty());
}

TEST(OutputFileTest, CommitReplacesExistingFile) {
  testing::TempDir dir;
  std::string path = dir.File("o");
  testing::WriteFile(path, "old contents");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Write("new").ok());
  EXPECT_EQ(testing::ReadFile(path), "old contents");
  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_EQ(testing::ReadFile(path), "new");
}

TEST(OutputFileTest, MixedWriteSizesKeepOrder) {
  testing::TempDir dir;
  std::string path = dir.File("big");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok());
  std::string want;
  for (size_t size : {size_t{1}, size_t{1000}, size_t{1} << 20, size_t{7}, (size_t{3} << 20) + 5,
                      size_t{(1 << 20) - 1}, size_t{2}, size_t{600000}, size_t{600000}}) {
    std::string piece = testing::TestText(size, size);
    want += piece;
    ASSERT_TRUE((*out)->Write(piece).ok());
  }
  EXPECT_EQ((*out)->bytes_written(), want.size());
  ASSERT_TRUE((*out)->Commit().ok());
  EXPECT_TRUE(testing::ReadFile(path) == want);
}

TEST(OutputFileTest, RelativePathWithoutFolder) {
  testing::TempDir dir;
  char cwd[4096];
  ASSERT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  ASSERT_EQ(chdir(dir.path().c_str()), 0);
  auto out = OutputFile::Create("plain.txt");
  bool ok = out.ok() && (*out)->Write("abc").ok() && (*out)->Commit().ok();
  out = absl::UnknownError("done");
  ASSERT_EQ(chdir(cwd), 0);
  ASSERT_TRUE(ok);
  EXPECT_EQ(testing::ReadFile(dir.File("plain.txt")), "abc");
}

TEST(OutputFileTest, MissingFolderIsNotFoundNamingPath) {
  testing::TempDir dir;
  std::string path = dir.File("no/such/folder/out.jsonl");
  auto out = OutputFile::Create(path);
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(absl::IsNotFound(out.status())) << out.status();
  EXPECT_THAT(std::string(out.status().message()), HasSubstr(path));
}

TEST(OutputFileTest, UnwritableFolderIsPermissionDenied) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes everywhere";
  testing::TempDir dir;
  std::string sub = dir.File("ro");
  ASSERT_EQ(mkdir(sub.c_str(), 0555), 0);
  auto out = OutputFile::Create(sub + "/out.jsonl");
  ASSERT_FALSE(out.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(out.status())) << out.status();
  EXPECT_THAT(std::string(out.status().message()), HasSubstr("out.jsonl"));
  chmod(sub.c_str(), 0755);
}

TEST(OutputFileTest, CommitOntoFolderFailsNamingPath) {
  testing::TempDir dir;
  std::string path = dir.File("taken");
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  testing::WriteFile(path + "/x", "keep me non-empty");
  auto out = OutputFile::Create(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE((*out)->Write("data").ok());
  absl::Status s = (*out)->Commit();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), HasSubstr(path));
  out->reset();
  EXPECT_EQ(ListDir(dir.path()), std::vector<std::string>{"taken"});
}

// Points fd 1 somewhere else for the life of the object.
class StdoutRedirect {
 public:
  explicit StdoutRedirect(int fd) : saved_(dup(1)) {
    fflush(stdout);
    dup2(fd, 1);
  }
  ~StdoutRedirect() {
    dup2(saved_, 1);
    close(saved_);
  }

 private:
  const int saved_;
};

TEST(OutputFileTest, StdoutWritesOnCommit) {
  testing::TempDir dir;
  std::string path = dir.File("stdout");
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  std::string want = testing::TestText(3 << 20, 8);
  {
    StdoutRedirect redirect(fd);
    auto out = OutputFile::Create("-");
    ASSERT_TRUE(out.ok());
    ASSERT_TRUE((*out)->Write("head\n").ok());
    ASSERT_TRUE((*out)->Write(want).ok());
    ASSERT_TRUE((*out)->Commit().ok());
  }
  close(fd);
  EXPECT_TRUE(testing::ReadFile(path) == "head\n" + want);
}

TEST(OutputFileTest, BrokenPipeIsCancelled) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  struct sigaction ignore = {}, old = {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &old);
  absl::Status s;
  {
    StdoutRedirect redirect(fds[1]);
    auto out = OutputFile::Create("-");
    ASSERT_TRUE(out.ok());
    s = (*out)->Write(std::string(2 << 20, 'x'));
    if (s.ok()) s = (*out)->Commit();
  }
  sigaction(SIGPIPE, &old, nullptr);
  close(fds[1]);
  EXPECT_TRUE(absl::IsCancelled(s)) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("broken pipe"));
}

// ---------------------------------------------------------------------------
// Early checks, interrupted runs and what they leave behind.

TEST(OutputFileTest, CheckOutputFolderFailsWhereCreateWould) {
  testing::TempDir dir;
  EXPECT_TRUE(CheckOutputFolder(dir.File("out.jsonl")).ok());
  EXPECT_TRUE(CheckOutputFolder("-").ok());
  absl::Status missing = CheckOutputFolder(dir.File("no/such/out.jsonl"));
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.message()), HasSubstr(dir.File("no/such/out.jsonl")));
  EXPECT_FALSE(CheckOutputFolder(dir.path()).ok());  // a folder, not a file
  testing::WriteFile(dir.File("file"), "x");
  EXPECT_FALSE(CheckOutputFolder(dir.File("file/out.jsonl")).ok());
  EXPECT_EQ(ListDir(dir.path()), std::vector<std::string>{"file"});  // the probe is gone
}

void Age(const std::string& path, int seconds) {
  struct timespec times[2];
  clock_gettime(CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= seconds;
  times[1] = times[0];
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

TEST(OutputFileTest, StaleTemporaryFilesAreRemovedLiveOnesKept) {
  testing::TempDir dir;
  const std::string stale = dir.File(".a.jsonl.dechrome-tmp-Ab12Cd");
  const std::string fresh = dir.File(".b.jsonl.dechrome-tmp-Ab12Cd");
  const std::string other = dir.File(".a.jsonl.dechrome-tmp-toolong");
  const std::string user = dir.File("a.jsonl");
  for (const std::string& p : {stale, fresh, other, user}) testing::WriteFile(p, "x");
  for (const std::string& p : {stale, other, user}) Age(p, 3600);
  // A live writer: its temporary file is locked, however old.
  auto live = OutputFile::Create(dir.File("c.jsonl"));
  ASSERT_TRUE(live.ok());
  ASSERT_TRUE((*live)->Write("data").ok());
  for (const std::string& n : ListDir(dir.path()))
    if (n.rfind(".c.jsonl.dechrome-tmp-", 0) == 0) Age(dir.File(n), 3600);

  EXPECT_EQ(RemoveStaleTempFiles(dir.path()), 1);
  EXPECT_FALSE(testing::FileExists(stale));
  EXPECT_TRUE(testing::FileExists(fresh));  // written a moment ago: maybe live elsewhere
  EXPECT_TRUE(testing::FileExists(other));  // not one of our names
  EXPECT_TRUE(testing::FileExists(user));
  ASSERT_TRUE((*live)->Commit().ok());
  EXPECT_EQ(testing::ReadFile(dir.File("c.jsonl")), "data");
  EXPECT_EQ(RemoveStaleTempFiles(dir.path(), 0), 1);  // `fresh`, now that age 0 is enough
  EXPECT_TRUE(testing::FileExists(dir.File("c.jsonl")));
}

// A child process writes an output and is killed by a signal before it
// commits: the handler removes the temporary file, and the child still dies
// of that signal.
TEST(OutputFileTest, SignalRemovesTemporaryFiles) {
  for (int sig : {SIGINT, SIGTERM}) {
    testing::TempDir dir;
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      InstallTempFileCleanup();
      auto a = OutputFile::Create(dir.File("a.jsonl"));
      auto b = OutputFile::Create(dir.File("b.jsonl"));
      if (!a.ok() || !b.ok() || !(*a)->Write("x").ok()) _exit(3);
      if (ListDir(dir.path()).size() != 2) _exit(4);
      raise(sig);
      _exit(5);  // not reached
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "exit " << WEXITSTATUS(status);
    EXPECT_EQ(WTERMSIG(status), sig);
    EXPECT_TRUE(ListDir(dir.path()).empty());
  }
}

}  // namespace
}  // namespace dechrome
