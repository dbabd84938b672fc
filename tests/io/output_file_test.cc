#include "io/output_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
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

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (struct dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(n);
  }
  closedir(d);
  return names;
}

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

}  // namespace
}  // namespace dechrome
