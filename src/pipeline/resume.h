// -----------------------------------------------------------------------------
// File: resume.h
// -----------------------------------------------------------------------------
//
// RunOptions::resume: which outputs an earlier run already completed, so that
// a run that was killed (or lost its machine) part way through pass 2 goes on
// where it stopped instead of filtering every input again.
//
// Each complete output OUT gets a manifest, a small hidden text file beside
// it, ".NAME.dechrome-resume" (NAME: OUT's file name), written under a
// temporary name and renamed after OUT itself is renamed into place:
//
//   dechrome-resume 1
//   input <TAB> /real/path/of/the/input
//   input_size <TAB> bytes
//   input_mtime_ns <TAB> nanoseconds since the epoch
//   table <TAB> 16 hex digits: TableFingerprint()
//   options <TAB> OutputOptionsKey(): every option that changes the bytes
//   output_size <TAB> bytes
//   output_mtime_ns <TAB> nanoseconds since the epoch
//
// (values escaped: '\\', '\t', '\n', '\r' as two characters). An output is
// complete when its manifest is there and every field matches: the input is
// the same file with the same size and mtime as when this run began, the
// table and the options are the same, and the output has the size and mtime
// that the manifest says (a truncated, rewritten or touched output is not
// trusted). Anything else, including a manifest that cannot be read, means
// the input is filtered again and the output replaced.
//
// Order of writes, so that a manifest never vouches for the wrong bytes:
// before an output is written its manifest is removed (RemoveManifest(); also
// by runs without resume); the output is renamed into place; then its
// manifest is written (Record()). A
// run killed between two of these steps leaves an output without a manifest,
// which the next run redoes.
//
// Why a file beside each output, and hidden: each is replaced atomically on
// its own (rename), costs O(1) per output however many outputs a job has
// (one shared manifest would be rewritten once per output), two runs into
// one folder never contend for it, and a glob of the output folder ("out/*")
// or a plain `ls` does not see it, so downstream jobs read the outputs alone.
//
// Thread safety: one thread (the pass's consumer) at a time.

#ifndef DECHROME_PIPELINE_RESUME_H_
#define DECHROME_PIPELINE_RESUME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/status.h"
#include "dechrome/table.h"

namespace dechrome {

// ".NAME.dechrome-resume" in the folder of `output` (NAME: its file name).
std::string ManifestPath(const std::string& output);

// Removes the manifest of `output`, if any. FilterInputs() calls it before
// it writes an output, with or without resume, so that a manifest of an
// earlier run never outlives the bytes it describes.
void RemoveManifest(const std::string& output);

// XXH3-64 over the table's sites (names, document counts), entries and site
// mode, as held in memory (no serialised copy: a table may take gigabytes).
// Two tables with the same counts have the same fingerprint, however they
// were made (counted now, loaded, merged).
uint64_t TableFingerprint(const ChromeTable& table);

// A canonical string of what changes the output bytes besides the table's
// counts and the input: the table's policy and site mode, the input options,
// the output options (format, level, drop_empty, emit_attributes,
// extract_only, chunk size: JSONL output is compressed chunk by chunk), and
// the build (Version() and the size and mtime of the running executable: a
// rebuilt dechrome may write other bytes). Not in it: threads, hint memory,
// the audit and progress (they never change the output). The output's codec
// follows its name, which is the manifest's own.
std::string OutputOptionsKey(const ChromeTable& table, const RunOptions& options);

// InvalidArgumentError unless every output is a file (resume needs
// somewhere to find complete outputs: not standard output).
absl::Status CheckResumeOutputs(const std::vector<std::string>& outputs);

class ResumeState {
 public:
  // Takes each input's identity now, before any pass reads it.
  // REQUIRES: inputs.size() == outputs.size(); no output is "-".
  ResumeState(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs);

  ResumeState(const ResumeState&) = delete;
  ResumeState& operator=(const ResumeState&) = delete;

  // Sets what the outputs are made from (before Complete() checks tables).
  void SetTable(const ChromeTable& table, const RunOptions& options);

  // Whether output i is complete for input i as it was when this run began
  // (see the file comment). Before SetTable(), the table and the options
  // are not compared (a guess, for RunInputs() before counting). When a
  // manifest is there but does not match, *why (if given) says why;
  // otherwise it is cleared.
  bool Complete(size_t i, std::string* why = nullptr) const;

  // Writes output i's manifest, after output i was committed. The input
  // must be as it was when this run began (a file that changed while it
  // was read gets none: FailedPreconditionError).
  absl::Status Record(size_t i) const;

 private:
  struct FileId {
    bool ok = false;  // a regular file that could be stat'ed
    std::string real_path;
    uint64_t size = 0;
    uint64_t mtime_ns = 0;
  };
  static FileId Identify(const std::string& path);

  // Constant after construction.
  const std::vector<std::string> inputs_;
  const std::vector<std::string> outputs_;
  std::vector<FileId> ids_;  // of the inputs, when this run began

  // Set by SetTable().
  bool have_table_ = false;
  std::string table_;    // TableFingerprint() in hex
  std::string options_;  // OutputOptionsKey()
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_RESUME_H_
