// SpooledStdin: standard input (or any input that cannot be read twice: a
// pipe, a FIFO, a character device) read to the end and kept, zstd level 1,
// in an unlinked temporary file under $TMPDIR (default /tmp). Every Reopen() dup()s
// the spool's descriptor and reads it with pread(2) from its own offset, so
// readers are independent of each other and of the SpooledStdin's lifetime.

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "io/byte_source.h"
#include "io/io_internal.h"

namespace dechrome {
namespace {

constexpr char kSpoolName[] = "<input spool>";

std::string SpoolFolder() {
  const char* tmpdir = getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp";
}

absl::Status WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return io_internal::ErrnoStatus(errno, "write", kSpoolName);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

class SpoolReader final : public ByteSource {
 public:
  explicit SpoolReader(int fd) : fd_(fd) {}
  ~SpoolReader() override { ::close(fd_); }

  absl::StatusOr<size_t> Read(char* buf, size_t n) override {
    if (n == 0) return 0;
    n = std::min(n, size_t{1} << 30);
    for (;;) {
      ssize_t r = ::pread(fd_, buf, n, static_cast<off_t>(offset_));
      if (r >= 0) {
        offset_ += static_cast<uint64_t>(r);
        return static_cast<size_t>(r);
      }
      if (errno != EINTR) return io_internal::ErrnoStatus(errno, "read", kSpoolName);
    }
  }
  uint64_t raw_offset() const override { return offset_; }

 private:
  const int fd_;
  uint64_t offset_ = 0;
};

class SpooledStdinImpl final : public SpooledStdin {
 public:
  SpooledStdinImpl(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~SpooledStdinImpl() override { ::close(fd_); }

  absl::StatusOr<std::unique_ptr<ByteSource>> Reopen() override {
    int fd = fcntl(fd_, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) return io_internal::ErrnoStatus(errno, "dup", kSpoolName);
    return std::unique_ptr<ByteSource>(new SpoolReader(fd));
  }
  uint64_t size() const override { return size_; }

 private:
  const int fd_;
  const uint64_t size_;
};

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

}  // namespace

absl::Status CheckSpoolFolder() {
  std::string tmpl = absl::StrCat(SpoolFolder(), "/dechrome-spool-XXXXXX");
  int fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) {
    return io_internal::ErrnoStatus(
        errno, "inputs that cannot be read twice (stdin, pipes, FIFOs) are spooled to $TMPDIR; cannot create a file in",
        SpoolFolder());
  }
  ::close(fd);
  ::unlink(tmpl.c_str());
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SpooledStdin>> SpooledStdin::Create() {
  return Create(0, "<stdin>");
}

absl::StatusOr<std::unique_ptr<SpooledStdin>> SpooledStdin::Create(int in_fd,
                                                                   std::string_view name) {
  std::string tmpl = absl::StrCat(SpoolFolder(), "/dechrome-spool-XXXXXX");
  int fd = mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd < 0) {
    return io_internal::ErrnoStatus(
        errno, absl::StrCat("cannot spool ", absl::string_view(name.data(), name.size()), " to"), tmpl);
  }
  unlink(tmpl.c_str());
  struct CloseOnError {
    int fd;
    ~CloseOnError() {
      if (fd >= 0) ::close(fd);
    }
  } guard{fd};

  std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) return absl::ResourceExhaustedError("ZSTD_createCCtx failed");
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, 1);

  const size_t in_cap = io_internal::kInputBufferSize;
  const size_t out_cap = ZSTD_compressBound(in_cap);
  std::unique_ptr<char[]> in(new char[in_cap]);
  std::unique_ptr<char[]> out(new char[out_cap]);
  uint64_t total = 0;
  bool eof = false;
  while (!eof) {
    DECHROME_ASSIGN_OR_RETURN(size_t got, io_internal::ReadFd(in_fd, in.get(), in_cap, name));
    eof = got == 0;
    total += got;
    ZSTD_inBuffer ib{in.get(), got, 0};
    ZSTD_EndDirective mode = eof ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
      ZSTD_outBuffer ob{out.get(), out_cap, 0};
      size_t r = ZSTD_compressStream2(cctx.get(), &ob, &ib, mode);
      if (ZSTD_isError(r)) {
        return absl::InternalError(
            absl::StrCat("zstd compression of stdin failed: ", ZSTD_getErrorName(r)));
      }
      absl::Status written = WriteAll(fd, out.get(), ob.pos);
      if (!written.ok()) {
        return absl::Status(written.code(),
                            absl::StrCat("cannot spool ", absl::string_view(name.data(), name.size()),
                                         " to ", SpoolFolder(), ": ", written.message()));
      }
      bool done = eof ? r == 0 : ib.pos == ib.size;
      if (done) break;
    }
  }
  guard.fd = -1;
  return std::unique_ptr<SpooledStdin>(new SpooledStdinImpl(fd, total));
}

}  // namespace dechrome
