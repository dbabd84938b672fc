// OutputFile: standard output, or a temporary file in the destination's
// folder renamed into place by Commit(). Both buffer 1 MiB and write with a
// write(2) loop that retries EINTR and partial writes.

#include "io/output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "io/io_internal.h"

namespace dechrome {
namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

// The process umask, read without changing it (umask(2) can only set it).
mode_t ProcessUmask() {
  static mode_t mask = [] {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
      if (line.rfind("Umask:", 0) == 0) {
        return static_cast<mode_t>(strtoul(line.c_str() + 6, nullptr, 8));
      }
    }
    return static_cast<mode_t>(022);
  }();
  return mask;
}

// Writes all of [p, p+n) to fd. EPIPE -> CancelledError("broken pipe").
absl::Status WriteAll(int fd, const char* p, size_t n, std::string_view path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, std::min(n, size_t{1} << 30));
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) return absl::CancelledError("broken pipe");
      return io_internal::ErrnoStatus(errno, "cannot write", path);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

class BufferedFdOutput : public OutputFile {
 public:
  BufferedFdOutput(int fd, std::string name, bool write_through)
      : fd_(fd), name_(std::move(name)), write_through_(write_through) {}

  absl::Status Write(std::string_view data) override {
    if (!error_.ok()) return error_;
    written_ += data.size();
    if (!write_through_ && buf_.size() + data.size() <= kBufferSize) {
      if (buf_.capacity() < kBufferSize) buf_.reserve(kBufferSize);
      buf_.append(data.data(), data.size());
      return absl::OkStatus();
    }
    DECHROME_RETURN_IF_ERROR(Flush());
    if (!write_through_ && data.size() < kBufferSize) {
      buf_.append(data.data(), data.size());
      return absl::OkStatus();
    }
    return Keep(WriteAll(fd_, data.data(), data.size(), name_));
  }

  uint64_t bytes_written() const override { return written_; }

 protected:
  absl::Status Flush() {
    if (!error_.ok()) return error_;
    absl::Status s = WriteAll(fd_, buf_.data(), buf_.size(), name_);
    buf_.clear();
    return Keep(std::move(s));
  }

  // Remembers the first error: later calls fail the same way.
  absl::Status Keep(absl::Status s) {
    if (!s.ok() && error_.ok()) error_ = s;
    return s;
  }

  int fd_;
  const std::string name_;
  absl::Status error_;

 private:
  const bool write_through_;
  std::string buf_;
  uint64_t written_ = 0;
};

class StdoutOutput final : public BufferedFdOutput {
 public:
  StdoutOutput() : BufferedFdOutput(STDOUT_FILENO, "<stdout>", isatty(STDOUT_FILENO) == 1) {}

  absl::Status Commit() override { return Flush(); }
};

class TempFileOutput final : public BufferedFdOutput {
 public:
  TempFileOutput(int fd, std::string tmp_path, std::string path)
      : BufferedFdOutput(fd, path, /*write_through=*/false),
        tmp_path_(std::move(tmp_path)),
        path_(std::move(path)) {}

  ~TempFileOutput() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_path_.c_str());
  }

  absl::Status Commit() override {
    if (committed_) return absl::OkStatus();
    if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, ": already closed"));
    DECHROME_RETURN_IF_ERROR(Flush());
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      return Keep(io_internal::ErrnoStatus(errno, "cannot close", path_));
    }
    if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
      return Keep(io_internal::ErrnoStatus(errno, "cannot rename temporary file to", path_));
    }
    committed_ = true;
    return absl::OkStatus();
  }

 private:
  const std::string tmp_path_;
  const std::string path_;
  bool committed_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  if (path == "-") return std::unique_ptr<OutputFile>(new StdoutOutput());
  if (path.empty()) return absl::InvalidArgumentError("empty output path");
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("output path names a folder: ", path));
  }
  std::string tmp = absl::StrCat(dir, dir == "/" ? "" : "/", ".", base, ".dechrome-tmp-XXXXXX");
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return io_internal::ErrnoStatus(errno, "cannot create output", path);
  // mkstemp makes the file 0600; give it the mode a plain creat() would.
  if (fchmod(fd, 0666 & ~ProcessUmask()) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return io_internal::ErrnoStatus(err, "cannot chmod output", path);
  }
  return std::unique_ptr<OutputFile>(new TempFileOutput(fd, std::move(tmp), path));
}

}  // namespace dechrome
