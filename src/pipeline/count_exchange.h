// -----------------------------------------------------------------------------
// File: count_exchange.h
// -----------------------------------------------------------------------------
//
// Where the counting pass of one process meets those of others (scale-out:
// `mpirun -n N dechrome run ...`, src/mpi/). Each process counts its share
// of the inputs; CountPass() then hands its state to
// RunOptions::count_exchange, after its workers have flushed and before the
// near-duplicate collapse. The exchange adds the other processes' sites,
// counts and document sketches (re-indexed by site name), so that every
// process goes on exactly as one process that counted every input would:
// the collapse and the table are functions of the summed counts and of the
// set of sketches, not of their order (count/near_duplicates.h).
//
// Thread safety: Exchange() is called once per pass, from the thread that
// runs the pass, with the workers joined.

#ifndef DECHROME_PIPELINE_COUNT_EXCHANGE_H_
#define DECHROME_PIPELINE_COUNT_EXCHANGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dechrome/status.h"

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
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_COUNT_EXCHANGE_H_
