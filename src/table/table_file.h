// -----------------------------------------------------------------------------
// File: table_file.h
// -----------------------------------------------------------------------------
//
// The table file's bytes (include/dechrome/table.h, "File format") made
// from a table's parts rather than from a ChromeTable: an mpirun job writes
// the table that one process would write although no process holds all of
// its entries (src/mpi/: the processes' partitions are merged by key as
// they stream to rank 0). ChromeTable::SerializeTo() is this function over
// the table's own entries, so the two cannot disagree.
//
// Thread safety: a function of its arguments.

#ifndef DECHROME_TABLE_TABLE_FILE_H_
#define DECHROME_TABLE_TABLE_FILE_H_

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/status.h"
#include "dechrome/table.h"

namespace dechrome {

// Writes, in pieces of about 1 MiB, the file of a table with `policy`, the
// site mode, `sites` (sorted by name) and `entries` entries, which `next`
// gives one at a time in increasing key order (false when there are no
// more). Stops at the first error `sink` returns (and returns it);
// InternalError if `next` gives another number of entries than `entries`
// (the file would be corrupt: the caller must not keep it).
absl::Status SerializeTable(const PolicyOptions& policy, bool site_by_domain,
                            const std::vector<ChromeTable::Site>& sites, uint64_t entries,
                            const std::function<bool(ChromeTable::Entry*)>& next,
                            const std::function<absl::Status(std::string_view)>& sink);

}  // namespace dechrome

#endif  // DECHROME_TABLE_TABLE_FILE_H_
