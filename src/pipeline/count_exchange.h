// -----------------------------------------------------------------------------
// File: count_exchange.h
// -----------------------------------------------------------------------------
//
// Where the counting pass of one process meets those of others (scale-out:
// `mpirun -n N dechrome run ...`, src/mpi/). Each process counts its share
// of the inputs; CountPass() then hands its state to
// RunOptions::count_exchange, after its workers have flushed and before the
// near-duplicate collapse. Every process learns every site (name and
// documents). The counts and document sketches of a site go to the one
// process that owns the site (partitioned()): each process then holds the
// summed counts and the sketches of its own sites, exactly those that one
// process counting every input would hold for them, and collapses their
// near-duplicates (the collapse is a function of a site's summed counts and
// of the set of its sketches, not of their order: count/near_duplicates.h).
// CountPass() makes the entries of its sites and hands them to Decide(),
// which makes with the other processes the table that every process
// filters with (a lean one: what decisions read, as Load() with
// LoadMode::kForFilter keeps of the table file).
//
// An exchange that is not partitioned() adds everything it receives to
// the state, so that the process goes on as one that counted every input.
//
// Thread safety: Exchange() is called once per pass, from the thread that
// runs the pass, with the workers joined.

#ifndef DECHROME_PIPELINE_COUNT_EXCHANGE_H_
#define DECHROME_PIPELINE_COUNT_EXCHANGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dechrome/pipeline.h"
#include "dechrome/status.h"
#include "dechrome/table.h"

namespace dechrome {

class DocumentSketches;
class ShardedLineCounter;

class CountExchange {
 public:
  // What this process counted; the exchange adds the others' into it.
  struct CountState {
    ShardedLineCounter* counter = nullptr;
    // Site index -> name; grows when site_index() registers a new name.
    const std::vector<std::string>* site_names = nullptr;
    // The index of site `name`, registering it if new.
    std::function<uint32_t(const std::string&)> site_index;
    // Documents per site index (sized to site_names or shorter: missing
    // sites have 0); the exchange resizes it as it registers sites.
    std::vector<uint64_t>* site_documents = nullptr;
    // The workers' sketches (empty ones when the collapse is off); the
    // exchange appends the other processes' documents to them.
    std::vector<DocumentSketches*> sketches;
  };

  virtual ~CountExchange() = default;

  // `counted`: how this process's counting ended. Every process calls it,
  // failed or not; if any failed, every one returns an error (the failed
  // one its own status) and nothing is exchanged.
  virtual absl::Status Exchange(const absl::Status& counted, const CountState& state) = 0;

  // Whether Exchange() leaves this process the counts and sketches of the
  // sites it owns only (then CountPass() calls Decide()).
  virtual bool partitioned() const { return false; }

  // REQUIRES: partitioned(). Every process calls it after Exchange() had
  // returned OK, with `built`: whether it made its entries (if any did not,
  // every one returns an error, the failed one `built`). `sites`: every site
  // of the job, sorted by name; `entries`: the entries of this process's
  // sites (indexes into `sites`), sorted by key; `collapsed`: the documents
  // it collapsed as near-duplicates. Sets *table to the lean table that
  // every process gets the same (include/dechrome/table.h, "Lean tables";
  // kForAudit when the job writes an audit), sets in *summary the job's
  // counter_keys and table_entries and this process's partition_keys_max
  // and exchange_bytes_max, and adds the job's collapsed documents to its
  // near_duplicate_documents.
  virtual absl::Status Decide(const absl::Status& built, std::vector<ChromeTable::Site> sites,
                              std::vector<ChromeTable::Entry> entries, uint64_t collapsed,
                              const PolicyOptions& policy, bool site_by_domain, ChromeTable* table,
                              Summary* summary) {
    return absl::UnimplementedError("not a partitioned exchange");
  }
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_COUNT_EXCHANGE_H_
