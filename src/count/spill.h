// -----------------------------------------------------------------------------
// File: spill.h
// -----------------------------------------------------------------------------
//
// Counting state spilled to disk when it passes its memory budget (see
// ShardedLineCounter). A SpillFile holds runs: each run is a set of counted
// keys sorted by key, written when a counter shard was full and then
// cleared. Runs are compressed in blocks of kSpillBlock entries (keys as
// deltas from the previous key, then zstd level 1), in one temporary file
// that is unlinked as soon as it is created: the space is the kernel's to
// free when the file is closed, even if the process is killed.
//
// MergeRuns() reads every run of a file (and a sorted array in memory) back
// in key order, summing the counts of equal keys: the result is what one
// table would have held had nothing been spilled, because counting is a
// commutative sum.
//
// Compact() keeps the runs few, as a log-structured merge does: runs have
// levels (a spill is level 0); whenever the last kFanIn runs share a level
// they are merged into one run of the next level, in their place, and the
// bytes they took are given back (a hole punched in the file, where the
// file system can). Each entry is rewritten at most log16(spills) times,
// and a shard never holds more than 15 runs a level.
//
// Thread safety: a SpillFile is used by one thread at a time (the counter
// holds its shard's lock); different files are independent.

#ifndef DECHROME_COUNT_SPILL_H_
#define DECHROME_COUNT_SPILL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "count/line_entry.h"
#include "dechrome/status.h"

namespace dechrome {

inline constexpr size_t kSpillBlock = 4096;  // entries per compressed block

// An unlinked temporary file in a folder, written at its end and read
// anywhere: what every spill (the counting table's, the near-duplicate
// sketches') writes to. Errors name what is spilled and the folder
// ("spilling <subject> to <dir>: write: No space left on device"), with
// the status code of the errno (NotFound, PermissionDenied,
// ResourceExhausted for a full disk, Internal).
//
// Thread safety: Append() by one thread at a time; ReadAt() from any.
class TempFile {
 public:
  // `subject`: what is spilled, for messages ("the counting table").
  static absl::StatusOr<std::unique_ptr<TempFile>> Create(const std::string& dir, const char* subject);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Writes `n` bytes at size().
  absl::Status Append(const void* data, size_t n);
  // Reads exactly `n` bytes at `offset` (past the end: DataLoss).
  absl::Status ReadAt(uint64_t offset, void* buf, size_t n) const;
  // Gives bytes back to the file system where it can (best effort).
  void PunchHole(uint64_t offset, uint64_t bytes);
  // Appends to *out[at, ...) the zstd frame (level 1, the calling thread's
  // context) of [data, data + n); returns its size.
  absl::StatusOr<size_t> Compress(const void* data, size_t n, std::string* out, size_t at) const;
  // Decompresses `frame` into exactly `n` bytes at `dst` (else DataLoss).
  absl::Status Decompress(std::string_view frame, void* dst, size_t n) const;
  // "a spilled run reads back wrong (<what>)", as a DataLoss naming the folder.
  absl::Status Corrupt(const char* what) const;

  uint64_t size() const { return size_; }  // bytes written
  const std::string& dir() const { return dir_; }

 private:
  TempFile(int fd, std::string dir, const char* subject)
      : fd_(fd), dir_(std::move(dir)), subject_(subject) {}
  absl::Status ErrnoError(int err, const char* what) const;
  const int fd_;
  const std::string dir_;
  const char* const subject_;
  uint64_t size_ = 0;
};

class SpillFile {
 public:
  // An unlinked temporary file in folder `dir`. The error names the folder.
  static absl::StatusOr<std::unique_ptr<SpillFile>> Create(const std::string& dir);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends a run. REQUIRES: `entries` sorted by key, keys distinct.
  absl::Status AppendRun(const KeyedEntry* entries, size_t n);
  // The same a key at a time: BeginRun(), Add() in increasing key order,
  // EndRun() (which returns the first error of the run).
  void BeginRun();
  void Add(const KeyedEntry& e);
  absl::Status EndRun();

  // While the last kFanIn runs share a level, merges them into one.
  static constexpr size_t kFanIn = 16;
  absl::Status Compact();

  size_t runs() const { return runs_.size(); }
  uint64_t runs_written() const { return runs_written_; }  // merges included
  uint64_t bytes() const { return file_->size(); }  // bytes written to the file
  uint64_t entries() const { return entries_; }  // entries in all runs
  const std::string& dir() const { return file_->dir(); }

 private:
  friend class SpillRunReader;
  friend absl::Status MergeRunRange(const SpillFile& file, size_t first, size_t last,
                                    const KeyedEntry* memory, size_t n,
                                    absl::FunctionRef<void(const KeyedEntry&)> fn);
  struct Run {
    uint64_t offset = 0;  // first block
    uint64_t entries = 0;
    uint64_t bytes = 0;
    int level = 0;
  };
  // Merges runs [first, end) into one run in their place.
  absl::Status MergeLastRuns(size_t first);
  explicit SpillFile(std::unique_ptr<TempFile> file) : file_(std::move(file)) {}
  absl::Status FlushBlock();

  const std::unique_ptr<TempFile> file_;
  uint64_t entries_ = 0;
  uint64_t runs_written_ = 0;
  std::vector<Run> runs_;
  // The run being written.
  Run run_;
  std::vector<KeyedEntry> block_;  // its entries not yet written
  std::string compressed_;
  absl::Status run_status_;
};

// Calls fn(entry) for every distinct key of `file`'s runs and of
// `memory[0, n)` (sorted by key, distinct keys: the part of the shard that
// was not spilled), in increasing key order. Equal keys are one entry:
// counts summed (saturating at UINT32_MAX), the tag of the earliest run
// that has the key (`memory` last). A read error or corrupt block stops
// the walk with an error naming the folder.
absl::Status MergeRuns(const SpillFile& file, const KeyedEntry* memory, size_t n,
                       absl::FunctionRef<void(const KeyedEntry&)> fn);


}  // namespace dechrome

#endif  // DECHROME_COUNT_SPILL_H_
