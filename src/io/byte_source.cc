// ByteSource over files, codec sniffing (OpenDecompressed) and OpenInput.
// The decoders live in gzip_source.cc and zstd_source.cc, the stdin spool in
// spooled_stdin.cc.

#include "io/byte_source.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "runtime/mutex.h"
#include "io/io_internal.h"

namespace dechrome {

const char* CodecName(Codec codec) {
  switch (codec) {
    case Codec::kNone:
      return "none";
    case Codec::kGzip:
      return "gzip";
    case Codec::kZstd:
      return "zstd";
  }
  return "unknown";
}

namespace io_internal {

absl::Status ErrnoStatus(int err, std::string_view what, std::string_view path) {
  std::string msg = absl::StrCat(absl::string_view(what.data(), what.size()), " ",
                                 absl::string_view(path.data(), path.size()), ": ",
                                 strerror(err));
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return absl::NotFoundError(msg);
    case EACCES:
    case EPERM:
    case EROFS:
      return absl::PermissionDeniedError(msg);
    case EISDIR:
      return absl::FailedPreconditionError(msg);
    default:
      return absl::UnknownError(msg);
  }
}

absl::StatusOr<size_t> ReadFd(int fd, char* buf, size_t n, std::string_view path) {
  // Linux transfers at most 0x7ffff000 bytes per read(2).
  n = std::min(n, size_t{1} << 30);
  for (;;) {
    ssize_t r = ::read(fd, buf, n);
    if (r >= 0) return static_cast<size_t>(r);
    if (errno == EINTR) continue;
    return ErrnoStatus(errno, "read", path);
  }
}

// ---------------------------------------------------------------------------
// RawInput

RawInput::RawInput(std::unique_ptr<ByteSource> raw, std::string_view prefix)
    : raw_(std::move(raw)),
      buf_(new uint8_t[std::max(kInputBufferSize, prefix.size())]),
      end_(prefix.size()),
      read_(prefix.size()) {
  if (!prefix.empty()) memcpy(buf_.get(), prefix.data(), prefix.size());
}

absl::Status RawInput::Refill() {
  if (eof_) return absl::OkStatus();
  size_t cap = std::max(kInputBufferSize, end_);
  if (pos_ > 0) {
    size_t left = end_ - pos_;
    if (left > 0) memmove(buf_.get(), buf_.get() + pos_, left);
    pos_ = 0;
    end_ = left;
  }
  if (end_ == cap) return absl::OkStatus();  // full; caller consumes first
  DECHROME_ASSIGN_OR_RETURN(
      size_t got, raw_->Read(reinterpret_cast<char*>(buf_.get()) + end_, cap - end_));
  if (got == 0) eof_ = true;
  end_ += got;
  read_ += got;
  return absl::OkStatus();
}

absl::Status RawInput::Want(size_t n) {
  while (avail() < n && !eof_) {
    if (pos_ == 0 && end_ == std::max(kInputBufferSize, end_)) break;  // full
    DECHROME_RETURN_IF_ERROR(Refill());
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// DecompressorBase

namespace {
// Reads at least this large decode straight into the caller's buffer.
constexpr size_t kDirectReadMin = size_t{64} << 10;
constexpr size_t kStageSize = size_t{256} << 10;
}  // namespace

absl::StatusOr<size_t> DecompressorBase::DecodeSome(char* dst, size_t cap) {
  if (!error_.ok()) return error_;
  size_t produced = 0;
  absl::Status s = Decode(dst, cap, &produced);
  if (!s.ok()) {
    error_ = s;
    if (produced == 0) return error_;
  }
  return produced;
}

absl::StatusOr<size_t> DecompressorBase::Read(char* buf, size_t n) {
  if (n == 0) return 0;
  if (stage_pos_ < stage_end_) {
    size_t k = std::min(n, stage_end_ - stage_pos_);
    memcpy(buf, stage_.get() + stage_pos_, k);
    stage_pos_ += k;
    return k;
  }
  if (n >= kDirectReadMin) return DecodeSome(buf, n);
  if (!stage_) stage_.reset(new char[kStageSize]);
  DECHROME_ASSIGN_OR_RETURN(size_t got, DecodeSome(stage_.get(), kStageSize));
  stage_pos_ = 0;
  stage_end_ = got;
  size_t k = std::min(n, got);
  if (k > 0) memcpy(buf, stage_.get(), k);
  stage_pos_ = k;
  return k;
}

}  // namespace io_internal

namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FileSource() override { ::close(fd_); }

  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    if (n == 0) return 0;
    DECHROME_ASSIGN_OR_RETURN(size_t got, io_internal::ReadFd(fd_, buf, n, path_));
    offset_ += got;
    return got;
  }
  uint64_t raw_offset() const override { return offset_; }

 private:
  const int fd_;
  const std::string path_;
  uint64_t offset_ = 0;
};

// Yields `prefix` (bytes the sniffer took from `raw`), then the rest of raw.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::unique_ptr<ByteSource> raw, std::string prefix)
      : raw_(std::move(raw)), prefix_(std::move(prefix)) {}

  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    if (n == 0) return 0;
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      memcpy(buf, prefix_.data() + pos_, k);
      pos_ += k;
      offset_ += k;
      return k;
    }
    DECHROME_ASSIGN_OR_RETURN(size_t got, raw_->Read(buf, n));
    offset_ += got;
    return got;
  }
  uint64_t raw_offset() const override { return offset_; }

 private:
  const std::unique_ptr<ByteSource> raw_;
  const std::string prefix_;
  size_t pos_ = 0;
  uint64_t offset_ = 0;  // bytes delivered
};

constexpr size_t kSniffBytes = 4;

Codec SniffCodec(std::string_view head) {
  auto u = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && u(0) == 0x1f && u(1) == 0x8b) return Codec::kGzip;
  if (head.size() >= 4) {
    if (u(0) == 0x28 && u(1) == 0xb5 && u(2) == 0x2f && u(3) == 0xfd) return Codec::kZstd;
    // Skippable frame: magic 0x184D2A50..0x184D2A5F, little-endian.
    if ((u(0) & 0xf0) == 0x50 && u(1) == 0x2a && u(2) == 0x4d && u(3) == 0x18) {
      return Codec::kZstd;
    }
  }
  return Codec::kNone;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return io_internal::ErrnoStatus(errno, "cannot open", path);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return io_internal::ErrnoStatus(err, "cannot stat", path);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return io_internal::ErrnoStatus(EISDIR, "cannot read", path);
  }
  if (S_ISREG(st.st_mode)) posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<ByteSource>(new FileSource(fd, path));
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenDecompressed(
    std::unique_ptr<ByteSource> raw, Codec* codec) {
  char head[kSniffBytes];
  size_t have = 0;
  while (have < kSniffBytes) {
    DECHROME_ASSIGN_OR_RETURN(size_t got, raw->Read(head + have, kSniffBytes - have));
    if (got == 0) break;
    have += got;
  }
  std::string_view prefix(head, have);
  Codec c = SniffCodec(prefix);
  if (codec != nullptr) *codec = c;
  switch (c) {
    case Codec::kGzip:
      return io_internal::NewGzipSource(std::move(raw), prefix);
    case Codec::kZstd:
      return io_internal::NewZstdSource(std::move(raw), prefix);
    case Codec::kNone:
      break;
  }
  return std::unique_ptr<ByteSource>(
      new PrefixedSource(std::move(raw), std::string(prefix)));
}

namespace {

// The spools of this process, one per pipe (or other source that gives its
// bytes once), made on the first open: "-" and a path to the same pipe
// (/dev/stdin, /dev/fd/0) share one, keyed by device and inode.
class SpoolRegistry {
 public:
  static SpoolRegistry& Get() {
    static SpoolRegistry* registry = new SpoolRegistry();  // never destroyed
    return *registry;
  }

  absl::StatusOr<std::unique_ptr<ByteSource>> Reopen(const std::string& path) {
    struct stat st;
    int fd = -1;
    if (path == "-") {
      if (fstat(STDIN_FILENO, &st) != 0) return io_internal::ErrnoStatus(errno, "cannot stat", "<stdin>");
    } else if (stat(path.c_str(), &st) != 0) {
      return io_internal::ErrnoStatus(errno, "cannot open", path);
    }
    // A regular file as stdin (< file) is spooled under its own key: "-".
    const std::string key =
        path == "-" && S_ISREG(st.st_mode) ? "-" : absl::StrCat(st.st_dev, ":", st.st_ino);
    MutexLock lock(&mu_);
    Entry& e = spools_[key];
    if (!e.created) {
      e.created = true;
      absl::StatusOr<std::unique_ptr<SpooledStdin>> spool;
      if (path == "-") {
        spool = SpooledStdin::Create(STDIN_FILENO, "<stdin>");
      } else {
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
          spool = io_internal::ErrnoStatus(errno, "cannot open", path);
        } else {
          spool = SpooledStdin::Create(fd, path);
          ::close(fd);
        }
      }
      if (spool.ok()) {
        e.spool = std::move(spool).value();
      } else {
        e.error = spool.status();
      }
    }
    if (!e.error.ok()) return e.error;
    return e.spool->Reopen();
  }

 private:
  struct Entry {
    bool created = false;
    absl::Status error;
    std::unique_ptr<SpooledStdin> spool;
  };
  Mutex mu_;
  std::map<std::string, Entry> spools_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

bool NeedsSpool(const std::string& path) {
  if (path == "-") return true;
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;  // opening it will say why
  return !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISBLK(st.st_mode);
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenInput(const std::string& path,
                                                      Codec* codec) {
  if (NeedsSpool(path)) {
    DECHROME_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> spool, SpoolRegistry::Get().Reopen(path));
    // The spool is zstd; inside it are the input's bytes, themselves in any codec.
    Codec outer = Codec::kNone;
    DECHROME_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> original,
                              OpenDecompressed(std::move(spool), &outer));
    if (outer != Codec::kZstd) {
      return absl::InternalError("input spool is not zstd");
    }
    return OpenDecompressed(std::move(original), codec);
  }
  DECHROME_ASSIGN_OR_RETURN(std::unique_ptr<ByteSource> file, OpenFileSource(path));
  return OpenDecompressed(std::move(file), codec);
}

}  // namespace dechrome
