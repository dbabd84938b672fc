// OutputFile: standard output, or a temporary file in the destination's
// folder renamed into place by Commit(). Both buffer 1 MiB and write with a
// write(2) loop that retries EINTR and partial writes.

#include "io/output_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <string>

#include "absl/base/attributes.h"
#include "absl/strings/str_cat.h"
#include "io/io_internal.h"

namespace dechrome {
namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

constexpr char kTempMarker[] = ".dechrome-tmp-";
constexpr size_t kTempSuffix = 6;  // mkstemp's XXXXXX

// Temporary outputs in progress, for the signal handler
// (InstallTempFileCleanup()): fixed slots, so that the handler reads them
// without locks or allocation. A slot is free (0), taken (1) or holds a
// path (2). Once the handler runs, slots are no longer given out or freed.
constexpr int kTempSlots = 256;
// Every member has an initializer, so that the array is constant-initialized
// (zeroed .bss, no page touched until a slot is used): with `path` left
// uninitialized, a start-up constructor wrote each slot's state and faulted
// in the array's 1 MiB (about 3.5 ms of every run's start on the bench VM).
struct TempSlot {
  std::atomic<int> state{0};
  char path[PATH_MAX] = {};
};
ABSL_CONST_INIT TempSlot g_temp_slots[kTempSlots];
// Compiles only while a TempSlot can be made at compile time, which is
// what keeps the array above out of the start-up constructors (GCC ignores
// ABSL_CONST_INIT; C++17 has no constinit).
[[maybe_unused]] constexpr TempSlot kTempSlotIsConstantInitialized;
std::atomic<bool> g_cleaning{false};

// Reserves a slot holding `tmpl` (a mkstemp template) and returns it; the
// caller runs mkostemp() on slot.path in place, so that the handler knows
// the file from the moment it exists. (While mkostemp() fills in the name,
// the handler may unlink a name that does not exist: harmless.) -1 if every
// slot is taken: a later run still recognises the file as stale.
int ReserveTemp(const std::string& tmpl) {
  if (tmpl.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kTempSlots; ++i) {
    int expected = 0;
    if (g_cleaning.load() || !g_temp_slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_temp_slots[i].path, tmpl.c_str(), tmpl.size() + 1);
    g_temp_slots[i].state.store(2);
    return i;
  }
  return -1;
}

void UnregisterTemp(int slot) {
  if (slot >= 0 && !g_cleaning.load()) g_temp_slots[slot].state.store(0);
}

extern "C" void RemoveTempsAndDie(int sig) {
  g_cleaning.store(true);
  for (TempSlot& slot : g_temp_slots)
    if (slot.state.load() == 2) ::unlink(slot.path);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// True if `name` is one of our temporary names: ".NAME.dechrome-tmp-XXXXXX".
bool IsTempName(std::string_view name) {
  if (name.size() < 2 + sizeof(kTempMarker) - 1 + kTempSuffix || name[0] != '.') return false;
  return name.substr(name.size() - kTempSuffix - (sizeof(kTempMarker) - 1), sizeof(kTempMarker) - 1) ==
         kTempMarker;
}

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
  TempFileOutput(int fd, std::string tmp_path, std::string path, int slot)
      : BufferedFdOutput(fd, path, /*write_through=*/false),
        tmp_path_(std::move(tmp_path)),
        path_(std::move(path)),
        slot_(slot) {
    // Held while the file is open: a later run removes a temporary file only
    // if no process holds its lock (RemoveStaleTempFiles()).
    ::flock(fd, LOCK_EX | LOCK_NB);
  }

  ~TempFileOutput() override {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(tmp_path_.c_str());
    UnregisterTemp(slot_);
  }

  absl::Status Commit() override {
    if (committed_) return absl::OkStatus();
    if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat(path_, ": already closed"));
    DECHROME_RETURN_IF_ERROR(Flush());
    // Renamed while still open, so still locked: a sweep by another run
    // (RemoveStaleTempFiles()) cannot take it between close and rename.
    if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
      return Keep(io_internal::ErrnoStatus(errno, "cannot rename temporary file to", path_));
    }
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
      // Written, but the kernel reported a late error: the file is not sure.
      int err = errno;
      ::unlink(path_.c_str());
      return Keep(io_internal::ErrnoStatus(err, "cannot close", path_));
    }
    committed_ = true;
    UnregisterTemp(slot_);
    slot_ = -1;
    return absl::OkStatus();
  }

 private:
  const std::string tmp_path_;
  const std::string path_;
  int slot_;
  bool committed_ = false;
};



}  // namespace

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  if (path == "-") return std::unique_ptr<OutputFile>(new StdoutOutput());
  if (path.empty()) return absl::InvalidArgumentError("empty output path");
  size_t slash = path.rfind('/');
  std::string dir = FolderOf(path);
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("output path names a folder: ", path));
  }
  std::string tmp = absl::StrCat(dir, dir == "/" ? "" : "/", ".", base, kTempMarker, "XXXXXX");
  const mode_t mode = 0666 & ~ProcessUmask();
  const int slot = ReserveTemp(tmp);
  int fd = mkostemp(slot >= 0 ? g_temp_slots[slot].path : tmp.data(), O_CLOEXEC);
  if (slot >= 0) tmp = g_temp_slots[slot].path;
  if (fd < 0) {
    int err = errno;
    UnregisterTemp(slot);
    return io_internal::ErrnoStatus(err, "cannot create output", path);
  }
  // mkstemp makes the file 0600; give it the mode a plain creat() would.
  if (fchmod(fd, mode) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    UnregisterTemp(slot);
    return io_internal::ErrnoStatus(err, "cannot chmod output", path);
  }
  return std::unique_ptr<OutputFile>(new TempFileOutput(fd, std::move(tmp), path, slot));
}

std::string FolderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

absl::Status CheckOutputFolder(const std::string& path) {
  if (path == "-") return absl::OkStatus();
  if (path.empty()) return absl::InvalidArgumentError("empty output path");
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": is a folder, not a file"));
  }
  // Creating a file is the only sure test (access() says yes to root on a
  // read-only file system).
  const std::string dir = FolderOf(path);
  std::string probe = absl::StrCat(dir, dir == "/" ? "" : "/", ".dechrome-probe-XXXXXX");
  int fd = mkostemp(probe.data(), O_CLOEXEC);
  if (fd < 0) return io_internal::ErrnoStatus(errno, "cannot create output", path);
  ::close(fd);
  ::unlink(probe.c_str());
  return absl::OkStatus();
}

absl::Status CheckReplaceable(const std::string& path, std::string_view expected_start,
                              std::string_view what) {
  if (path == "-" || path.empty()) return absl::OkStatus();
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return absl::OkStatus();
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::OkStatus();  // writing it will say why, if it cannot
  char head[16];
  const size_t want = std::min(sizeof(head), expected_start.size());
  ssize_t got;
  do {
    got = ::read(fd, head, want);
  } while (got < 0 && errno == EINTR);
  ::close(fd);
  if (got == static_cast<ssize_t>(want) && std::string_view(head, want) == expected_start.substr(0, want)) {
    return absl::OkStatus();
  }
  std::string shown;
  for (ssize_t i = 0; i < std::min<ssize_t>(got, 4); ++i) {
    absl::StrAppend(&shown, i ? " " : "", absl::Hex(static_cast<unsigned char>(head[i]), absl::kZeroPad2));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      path, ": exists and is not ", std::string(what), " (it begins with bytes ", shown.empty() ? "none" : shown,
      "); not replacing it. Remove it first or name another file"));
}

int RemoveStaleTempFiles(const std::string& folder, int min_age_seconds) {
  DIR* d = opendir(folder.c_str());
  if (d == nullptr) return 0;
  int removed = 0;
  const time_t now = time(nullptr);
  while (struct dirent* e = readdir(d)) {
    if (!IsTempName(e->d_name)) continue;
    const std::string path = absl::StrCat(folder, folder == "/" ? "" : "/", e->d_name);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    // Ours, stale: a regular file that no process holds locked (a writer
    // holds its lock until it renames the file), untouched for a while.
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && now - st.st_mtime >= min_age_seconds &&
        ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::unlink(path.c_str()) == 0) {
      ++removed;
    }
    ::close(fd);
  }
  closedir(d);
  return removed;
}

void InstallTempFileCleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old;
    if (sigaction(sig, nullptr, &old) != 0 || old.sa_handler == SIG_IGN) continue;  // nohup
    struct sigaction sa;
    std::memset(&sa, 0, sizeof(sa));
    sa.sa_handler = RemoveTempsAndDie;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, nullptr);
  }
}

}  // namespace dechrome
