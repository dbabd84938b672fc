// -----------------------------------------------------------------------------
// File: mpi_count_exchange.h
// -----------------------------------------------------------------------------
//
// The CountExchange of an mpirun job (pipeline/count_exchange.h). This first
// version is exact and simple: every process receives every other
// process's counts and sketches, so that each holds the global counter,
// collapses near-duplicates itself and builds the same table as one process
// that counted every input. What travels, in this order:
//
//   1. how counting ended on each process (an all-gather of statuses): if
//      any failed, every process returns an error and nothing else travels;
//   2. each process's sites: (name, documents), by its own site index;
//   3. its counter entries: 16 bytes each (key, count, its site index with
//      the kind), which the receivers add under their own index of the
//      site's name;
//   4. its documents' sketches (site, keys, long-line flags), likewise.
//
// 2-4 go in rounds of at most mpi::kRoundBytes received per process. A
// process sends its counter shard by shard: a shard is copied into the
// send buffer before anything received is added to it (received entries for
// shards not yet copied wait), so a process never sends back what it got.
// Memory per process: the global counter and every sketch (as one process
// that counted everything), plus the send buffer (a round and one shard)
// and the entries waiting for their shard.
//
// Thread safety: one Exchange() at a time, on the thread that called
// mpi::World::Init().

#ifndef DECHROME_MPI_MPI_COUNT_EXCHANGE_H_
#define DECHROME_MPI_MPI_COUNT_EXCHANGE_H_

#include <cstdint>

#include "pipeline/count_exchange.h"

namespace dechrome {
namespace mpi {

class MpiCountExchange : public CountExchange {
 public:
  absl::Status Exchange(const absl::Status& counted, const CountState& state) override;

  // Whether Exchange() was called (a process that failed before it must
  // abort the job: the others wait in it).
  bool entered() const { return entered_; }
  // Counter entries and sketched documents this process received.
  uint64_t entries_received() const { return entries_received_; }
  uint64_t documents_received() const { return documents_received_; }

 private:
  bool entered_ = false;
  uint64_t entries_received_ = 0;
  uint64_t documents_received_ = 0;
};

// Whether `status` is the error that a process returns because another one
// failed (not a failure of its own).
bool PeerFailed(const absl::Status& status);

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_MPI_COUNT_EXCHANGE_H_
