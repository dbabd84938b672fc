// -----------------------------------------------------------------------------
// File: distributed.h
// -----------------------------------------------------------------------------
//
// What the dechrome command needs besides the count exchange to run under
// mpirun: which inputs a process takes, and the job's summary made from the
// processes' summaries.
//
// Inputs are split in contiguous blocks balanced by file size (process r
// takes a run of the input list; the runs are in rank order). Because each
// process's summary lists its chrome lines, warnings and file errors in its
// inputs' order, the summaries concatenated in rank order are in the order
// of the whole input list, which is what makes the merged audit the one of
// a single process (MergeSummaries()).
//
// Thread safety: functions of their arguments.

#ifndef DECHROME_MPI_DISTRIBUTED_H_
#define DECHROME_MPI_DISTRIBUTED_H_

#include <cstdint>
#include <string>
#include <vector>

#include "dechrome/pipeline.h"

namespace dechrome {
namespace mpi {

// Where each of `parts` processes' block of inputs starts, given the inputs'
// sizes: starts[r] .. starts[r + 1] (starts has parts + 1 values, the last
// sizes.size()). Each block ends at the input where the running total of
// sizes first reaches (r + 1) / parts of the whole; blocks may be empty.
std::vector<uint64_t> SplitBySize(const std::vector<uint64_t>& sizes, int parts);

// A Summary as bytes, and back (false: not one).
std::string EncodeSummary(const Summary& s);
bool DecodeSummary(const std::string& bytes, Summary* s);

// The summary of one process that did, in order, what the processes of
// `parts` did (parts in rank order; each filtered or counted a block of the
// inputs, all with the same table). Counts are summed; what comes from the
// table (sites, entries, chrome keys, near-duplicates) is taken from the
// first part; per-site statistics summed; chrome lines and paths merged by
// key in order of first occurrence (removed lines and bytes summed);
// warnings and file errors concatenated (warnings cut at the pass's limit).
// Measurements differ from one process's: times are the longest part's,
// memory the largest part's, line-hint statistics the sum. (One process
// keeps the first kMaxRepairWarnings WARC repair warnings of the pass;
// here each part kept its own first ones.)
Summary MergeSummaries(const std::vector<Summary>& parts);

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_DISTRIBUTED_H_
