// -----------------------------------------------------------------------------
// File: output_file.h
// -----------------------------------------------------------------------------
//
// An OutputFile is where one output goes: a regular file written under a
// temporary name in the same folder (".NAME.dechrome-tmp-XXXXXX") and renamed
// to its final name by Commit(), so that a failed run never leaves a
// complete-looking output; or standard output ("-").
//
// Thread safety: one thread at a time.

#ifndef DECHROME_IO_OUTPUT_FILE_H_
#define DECHROME_IO_OUTPUT_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "dechrome/status.h"

namespace dechrome {

class OutputFile {
 public:
  // "-" writes to standard output (Commit flushes; EPIPE gives a
  // CancelledError the CLI treats as a quiet stop). Anything else creates the
  // temporary file now (PermissionDeniedError / NotFoundError naming the
  // path if the folder is not writable).
  static absl::StatusOr<std::unique_ptr<OutputFile>> Create(const std::string& path);

  // Removes the temporary file unless Commit() succeeded.
  virtual ~OutputFile() = default;

  // Buffered append (1 MiB buffer).
  virtual absl::Status Write(std::string_view data) = 0;

  // Flushes, fsyncs nothing, closes and renames to the final name.
  virtual absl::Status Commit() = 0;

  // Bytes written so far.
  virtual uint64_t bytes_written() const = 0;
};

// The folder that holds `path`: "." for a bare name, "/" for "/name".
std::string FolderOf(const std::string& path);

// OK if an output can be created at `path` ("-" always can): its folder
// exists and takes a new file (tested by creating and removing one), and
// `path` is not a folder. Otherwise the error that creating it would give.
absl::Status CheckOutputFolder(const std::string& path);

// OK unless `path` is an existing regular file, not empty, whose first
// bytes are not `expected_start`: a file of another kind that an output of
// kind `what` would replace (say, an input that "--stats FILE1 FILE2" took
// for the stats file's name). The error names the file, what it begins
// with, and what to do.
absl::Status CheckReplaceable(const std::string& path, std::string_view expected_start,
                              std::string_view what);

// Removes, from `folder`, temporary outputs that an interrupted run left
// behind (killed, or the machine went down): files named
// ".NAME.dechrome-tmp-XXXXXX" that no process holds locked (a writer locks
// its temporary file until it is renamed) and that nothing has written for
// `min_age_seconds`. Returns how many it removed.
int RemoveStaleTempFiles(const std::string& folder, int min_age_seconds = 60);

// Installs handlers for SIGINT, SIGTERM and SIGHUP (unless ignored, as under
// nohup) that remove the temporary files of outputs in progress, then die
// of the same signal. For programs (the CLI); a library leaves signals alone.
void InstallTempFileCleanup();

}  // namespace dechrome

#endif  // DECHROME_IO_OUTPUT_FILE_H_
