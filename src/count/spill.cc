#include "count/spill.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>
#include <utility>

#include "absl/strings/str_cat.h"

namespace dechrome {
namespace {

// Block layout: u32 compressed bytes, u32 entries, then the zstd frame of
// the entries with each key replaced by its difference from the previous
// key of the block (the first from 0), little-endian.
constexpr size_t kBlockHeader = 8;

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// Level 1, with each frame's checksum (XXH64, checked when it is read
// back): a temporary file that comes back damaged fails the count with a
// message rather than giving wrong counts or sites.
ZSTD_CCtx* ThreadCCtx() {
  thread_local std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx([] {
    ZSTD_CCtx* c = ZSTD_createCCtx();
    if (c != nullptr) {
      ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 1);
      ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    }
    return c;
  }());
  return cctx.get();
}
ZSTD_DCtx* ThreadDCtx() {
  thread_local std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx(ZSTD_createDCtx());
  return dctx.get();
}

void PutU32(char* p, uint32_t v) { std::memcpy(p, &v, 4); }
uint32_t GetU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

}  // namespace

absl::StatusOr<std::unique_ptr<TempFile>> TempFile::Create(const std::string& dir, const char* subject) {
  std::string path = absl::StrCat(dir.empty() ? "." : dir, "/.dechrome-spill-XXXXXX");
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    const int err = errno;
    return TempFile(-1, dir, subject).ErrnoError(err, "cannot create a file");
  }
  ::unlink(path.c_str());  // freed when closed, whatever happens to us
  return std::unique_ptr<TempFile>(new TempFile(fd, dir, subject));
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status TempFile::ErrnoError(int err, const char* what) const {
  const std::string msg = absl::StrCat("spilling ", subject_, " to ", dir_, ": ", what, ": ", std::strerror(err));
  switch (err) {
    case ENOENT: case ENOTDIR: return absl::NotFoundError(msg);
    case EACCES: case EPERM: case EROFS: return absl::PermissionDeniedError(msg);
    case ENOSPC: case EDQUOT: case EFBIG: return absl::ResourceExhaustedError(msg);
    default: return absl::InternalError(msg);
  }
}

absl::Status TempFile::Corrupt(const char* what) const {
  return absl::DataLossError(
      absl::StrCat("spilling ", subject_, " to ", dir_, ": a spilled run reads back wrong (", what, ")"));
}

absl::Status TempFile::Append(const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::pwrite(fd_, p, n, static_cast<off_t>(size_));
    if (w < 0) {
      if (errno == EINTR) continue;
      return ErrnoError(errno, "write");
    }
    p += w;
    n -= static_cast<size_t>(w);
    size_ += static_cast<uint64_t>(w);
  }
  return absl::OkStatus();
}

absl::Status TempFile::ReadAt(uint64_t offset, void* buf, size_t n) const {
  char* p = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t r = ::pread(fd_, p, n, static_cast<off_t>(offset));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return ErrnoError(errno, "read");
    if (r == 0) return Corrupt("short file");
    p += r;
    n -= static_cast<size_t>(r);
    offset += static_cast<uint64_t>(r);
  }
  return absl::OkStatus();
}

void TempFile::PunchHole(uint64_t offset, uint64_t bytes) {
  (void)::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset),
                    static_cast<off_t>(bytes));
}

absl::StatusOr<size_t> TempFile::Compress(const void* data, size_t n, std::string* out, size_t at) const {
  out->resize(at + ZSTD_compressBound(n));
  const size_t z = ZSTD_compress2(ThreadCCtx(), out->data() + at, out->size() - at, data, n);
  if (ZSTD_isError(z)) {
    return absl::InternalError(absl::StrCat("spilling ", subject_, " to ", dir_, ": zstd: ", ZSTD_getErrorName(z)));
  }
  out->resize(at + z);
  return z;
}

absl::Status TempFile::Decompress(std::string_view frame, void* dst, size_t n) const {
  const size_t d = ZSTD_decompressDCtx(ThreadDCtx(), dst, n, frame.data(), frame.size());
  if (ZSTD_isError(d) || d != n) return Corrupt("zstd");
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SpillFile>> SpillFile::Create(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<TempFile>> file = TempFile::Create(dir, "the counting table");
  if (!file.ok()) return file.status();
  return std::unique_ptr<SpillFile>(new SpillFile(*std::move(file)));
}

SpillFile::~SpillFile() = default;

void SpillFile::BeginRun() {
  run_ = Run{file_->size(), 0, 0, 0};
  block_.clear();
  block_.reserve(kSpillBlock);
  run_status_ = absl::OkStatus();
}

void SpillFile::Add(const KeyedEntry& e) {
  block_.push_back(e);
  if (block_.size() == kSpillBlock && run_status_.ok()) run_status_ = FlushBlock();
  if (block_.size() == kSpillBlock) block_.clear();  // after an error: drop, keep the error
}

absl::Status SpillFile::FlushBlock() {
  const size_t m = block_.size();
  uint64_t prev = 0;
  for (KeyedEntry& e : block_) {
    const uint64_t key = e.key;
    e.key -= prev;
    prev = key;
  }
  const size_t raw = m * sizeof(KeyedEntry);
  absl::StatusOr<size_t> z = file_->Compress(block_.data(), raw, &compressed_, kBlockHeader);
  block_.clear();
  if (!z.ok()) return z.status();
  PutU32(compressed_.data(), static_cast<uint32_t>(*z));
  PutU32(compressed_.data() + 4, static_cast<uint32_t>(m));
  run_.entries += m;
  return file_->Append(compressed_.data(), kBlockHeader + *z);
}

absl::Status SpillFile::EndRun() {
  if (run_status_.ok() && !block_.empty()) run_status_ = FlushBlock();
  block_.clear();
  if (!run_status_.ok()) return run_status_;
  run_.bytes = file_->size() - run_.offset;
  runs_.push_back(run_);
  entries_ += run_.entries;
  ++runs_written_;
  // The block buffers are per run: a shard that spilled once may never
  // spill again.
  std::vector<KeyedEntry>().swap(block_);
  std::string().swap(compressed_);
  return absl::OkStatus();
}

absl::Status SpillFile::AppendRun(const KeyedEntry* entries, size_t n) {
  BeginRun();
  for (size_t i = 0; i < n; ++i) Add(entries[i]);
  return EndRun();
}

// Reads one run back, a block at a time.
class SpillRunReader {
 public:
  SpillRunReader(const SpillFile& file, size_t run)
      : file_(file), offset_(file.runs_[run].offset), left_(file.runs_[run].entries) {}
  SpillRunReader(const SpillRunReader&) = delete;
  SpillRunReader& operator=(const SpillRunReader&) = delete;

  // The next entry, or false at the end of the run or on an error (status()).
  bool Next(KeyedEntry* e) {
    if (pos_ == block_.size()) {
      if (left_ == 0 || !ReadBlock()) return false;
    }
    *e = block_[pos_++];
    return true;
  }
  const absl::Status& status() const { return status_; }

 private:
  bool Fail(absl::Status s) {
    status_ = std::move(s);
    return false;
  }
  bool Read(void* buf, size_t n) {
    absl::Status s = file_.file_->ReadAt(offset_, buf, n);
    if (!s.ok()) return Fail(std::move(s));
    offset_ += n;
    return true;
  }
  bool ReadBlock() {
    char header[kBlockHeader];
    if (!Read(header, sizeof(header))) return false;
    const uint32_t z = GetU32(header), m = GetU32(header + 4);
    if (m == 0 || m > kSpillBlock || m > left_) return Fail(file_.file_->Corrupt("block size"));
    compressed_.resize(z);
    if (!Read(compressed_.data(), z)) return false;
    block_.resize(m);
    if (absl::Status s = file_.file_->Decompress(compressed_, block_.data(), m * sizeof(KeyedEntry)); !s.ok())
      return Fail(std::move(s));
    uint64_t prev = 0;
    for (KeyedEntry& e : block_) {
      e.key += prev;
      prev = e.key;
    }
    left_ -= m;
    pos_ = 0;
    return true;
  }

  const SpillFile& file_;
  uint64_t offset_;
  uint64_t left_;  // entries of the run not yet read into block_
  std::string compressed_;
  std::vector<KeyedEntry> block_;
  size_t pos_ = 0;
  absl::Status status_;
};

absl::Status MergeRunRange(const SpillFile& file, size_t first, size_t last,
                           const KeyedEntry* memory, size_t n,
                           absl::FunctionRef<void(const KeyedEntry&)> fn) {
  // Sources 0 .. runs-1 are runs first .. last-1 in their order, source
  // `runs` the memory array: on equal keys the lowest source gives the tag.
  const size_t runs = last - first;
  std::vector<std::unique_ptr<SpillRunReader>> readers;
  readers.reserve(runs);
  for (size_t r = first; r < last; ++r) readers.push_back(std::make_unique<SpillRunReader>(file, r));
  size_t mem_pos = 0;
  auto next = [&](size_t source, KeyedEntry* e) {
    if (source < runs) return readers[source]->Next(e);
    if (mem_pos == n) return false;
    *e = memory[mem_pos++];
    return true;
  };
  using Head = std::pair<uint64_t, size_t>;  // (key, source)
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap;
  std::vector<KeyedEntry> current(runs + 1);
  for (size_t s = 0; s <= runs; ++s)
    if (next(s, &current[s])) heap.emplace(current[s].key, s);
  while (!heap.empty()) {
    const size_t s = heap.top().second;
    heap.pop();
    KeyedEntry merged = current[s];
    if (next(s, &current[s])) heap.emplace(current[s].key, s);
    while (!heap.empty() && heap.top().first == merged.key) {
      const size_t t = heap.top().second;
      heap.pop();
      merged.entry.Add(current[t].entry.count);
      if (next(t, &current[t])) heap.emplace(current[t].key, t);
    }
    fn(merged);
  }
  for (const auto& r : readers)
    if (!r->status().ok()) return r->status();
  return absl::OkStatus();
}

absl::Status MergeRuns(const SpillFile& file, const KeyedEntry* memory, size_t n,
                       absl::FunctionRef<void(const KeyedEntry&)> fn) {
  return MergeRunRange(file, 0, file.runs(), memory, n, fn);
}

absl::Status SpillFile::MergeLastRuns(size_t first) {
  const size_t last = runs_.size();
  int level = 0;
  uint64_t merged_entries = 0;
  for (size_t r = first; r < last; ++r) {
    level = std::max(level, runs_[r].level);
    merged_entries += runs_[r].entries;
  }
  // The merged run is written after everything (the reads are of earlier
  // bytes), then takes the place of the runs it replaces.
  BeginRun();
  absl::Status read = MergeRunRange(*this, first, last, nullptr, 0, [&](const KeyedEntry& e) { Add(e); });
  if (!read.ok()) {
    // The partial run is not kept (its bytes stay unused in the file): the
    // runs are as they were, and the error fails the count.
    block_.clear();
    return read;
  }
  absl::Status written = EndRun();
  if (!written.ok()) return written;
  Run merged = runs_.back();
  merged.level = level + 1;
  for (size_t r = first; r < last; ++r) {
    // Best effort: without hole punching the bytes stay until the file is
    // closed.
    file_->PunchHole(runs_[r].offset, runs_[r].bytes);
  }
  runs_.resize(first);
  runs_.push_back(merged);
  entries_ -= merged_entries;
  return absl::OkStatus();
}

absl::Status SpillFile::Compact() {
  while (runs_.size() >= kFanIn) {
    const size_t first = runs_.size() - kFanIn;
    bool same = true;
    for (size_t r = first; r < runs_.size(); ++r) same = same && runs_[r].level == runs_[first].level;
    if (!same) break;
    absl::Status s = MergeLastRuns(first);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace dechrome
