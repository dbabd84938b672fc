// -----------------------------------------------------------------------------
// File: passes.h
// -----------------------------------------------------------------------------
//
// Internal entry points of the two passes, shared by count_pass.cc,
// filter_pass.cc and run.cc. The public ones (include/dechrome/pipeline.h)
// call these with no hints.
//
// Thread safety: as in pipeline.h.

#ifndef DECHROME_PIPELINE_PASSES_H_
#define DECHROME_PIPELINE_PASSES_H_

#include <string>
#include <vector>

#include "dechrome/pipeline.h"
#include "pipeline/line_hints.h"
#include "pipeline/resume.h"
#include "record/record.h"

namespace dechrome {

// The number of worker threads for RunOptions::threads (0: all cores).
int ResolveThreads(int threads);

// How RunOptions::memory is shared out (see there), in bytes.
struct MemoryPlan {
  uint64_t budget = 0;    // RunOptions::memory, or half of usable memory
  uint64_t chunks = 0;    // read-ahead and output chunks at most in flight
  uint64_t hints = 0;     // pass 1's hints (with_hints), within hint_memory
  uint64_t sketches = 0;  // the near-duplicate sketches' share (not enforced)
  uint64_t counter = 0;   // the counting table's limit (at least 256 KiB)
};
MemoryPlan PlanMemory(const RunOptions& options, int threads, bool with_hints);
// A warning when `plan` leaves the counting table at its floor (a budget
// smaller than the chunks, hints and sketches need), else "".
std::string MemoryPlanWarning(const RunOptions& options, const MemoryPlan& plan, int threads);
// The folder spills go to: RunOptions::temp_dir, $TMPDIR or /tmp.
std::string SpillFolder(const RunOptions& options);

// The status of a pass whose only failures are the `failed` inputs listed
// in Summary::file_errors (OnlyInputsFailed() tells it apart).
absl::Status InputsFailedError(size_t failed);

// "PATH: record N (byte B)" for record i of `chunk`.
std::string RecordWhere(const std::string& path, const Chunk& chunk, size_t i);

// ResourceExhaustedError "PATH: record N (byte B): out of memory; ..." for
// record i of `chunk` (or the oversized record that the chunk is a piece of).
absl::Status OutOfMemoryError(const std::string& path, const Chunk& chunk, size_t i);

// CountInputs(); with `hints`, also records them for FilterPass(). With
// `input_status`, sets it to one status per input: how counting it ended
// (OK, or why it failed: such an input is counted up to where it failed).
absl::Status CountPass(const std::vector<std::string>& inputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary, LineHints* hints,
                       std::vector<absl::Status>* input_status = nullptr);

// FilterInputs(); with `hints` (from CountPass() over the same inputs and
// options, none of which failed), lines are looked up by pass 1's keys, not
// normalised again. With `input_status` (one per input, from CountPass()),
// an input that failed to count is not read again: it fails with that
// status and gets no output. With `resume` (RunOptions::resume; its table
// set), inputs whose outputs are complete are skipped and every output
// written gets its manifest (resume.h); hints are then used only up to the
// first skipped input (its chunks' hints are not taken).
absl::Status FilterPass(const ChromeTable& table, const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const RunOptions& options,
                        Summary* summary, LineHints* hints,
                        const std::vector<absl::Status>* input_status = nullptr,
                        const ResumeState* resume = nullptr);

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_PASSES_H_
