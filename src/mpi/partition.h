// -----------------------------------------------------------------------------
// File: partition.h
// -----------------------------------------------------------------------------
//
// Who owns what in an mpirun job's count exchange (mpi_count_exchange.h),
// and the merge by which process 0 writes a table that no process holds
// whole. Plain functions of their arguments, without MPI, so that they are
// unit-tested alone (tests/mpi/partition_test.cc).
//
//   - A site belongs to process SiteOwner(name, processes): its counts and
//     its documents' sketches go there, and that process alone decides for
//     it. The owner depends on the site's name only, never on which process
//     saw the site first or on its index anywhere.
//   - A global key (what the cross-site rule groups lines by) belongs to
//     process GlobalOwner(global, processes), which counts the sites that
//     have it.
//   - KeyMerger: the processes' partitions of the table's entries, each
//     sorted by key, merged into the table's order (a key belongs to one
//     site, hence to one process: no key comes twice).
//
// Thread safety: the functions are pure; a KeyMerger is used by one thread.

#ifndef DECHROME_MPI_PARTITION_H_
#define DECHROME_MPI_PARTITION_H_

#include <cstdint>
#include <functional>
#include <queue>
#include <string_view>
#include <utility>
#include <vector>

#include "dechrome/table.h"
#include "hash/line_hash.h"

namespace dechrome {
namespace mpi {

// [0, n) from a 64-bit hash, by its high bits (Lemire's multiply-shift).
inline int Reduce(uint64_t hash, int n) {
  return static_cast<int>((static_cast<unsigned __int128>(hash) * static_cast<uint64_t>(n)) >> 64);
}

// REQUIRES: processes >= 1.
inline int SiteOwner(std::string_view site, int processes) {
  return Reduce(Checksum64(site.data(), site.size(), 0x6d70692d73697465ULL /* "mpi-site" */), processes);
}

// Global keys are hashes already; they are mixed again (a 64-bit
// finaliser) so that the owner does not follow the bits the counter's shards
// or the sites' partition use.
inline int GlobalOwner(uint64_t global, int processes) {
  uint64_t h = global ^ 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return Reduce(h ^ (h >> 31), processes);
}

// Merges `runs` runs of entries, each sorted by key, into one in key order.
// Each run comes in chunks: refill(run, &chunk) replaces chunk with the run's
// next entries and returns false when the run has no more (a chunk it
// returns true with may be empty). Holds one chunk per run.
class KeyMerger {
 public:
  using Refill = std::function<bool(size_t run, std::vector<ChromeTable::Entry>* chunk)>;
  KeyMerger(size_t runs, Refill refill) : refill_(std::move(refill)), chunks_(runs), at_(runs, 0) {
    for (size_t r = 0; r < runs; ++r)
      if (Load(r)) heap_.emplace(chunks_[r][0].key, r);
  }

  // The next entry in key order; false when every run is done.
  bool Next(ChromeTable::Entry* e) {
    if (heap_.empty()) return false;
    const size_t r = heap_.top().second;
    heap_.pop();
    *e = chunks_[r][at_[r]++];
    if (at_[r] < chunks_[r].size() || Load(r)) heap_.emplace(chunks_[r][at_[r]].key, r);
    return true;
  }

 private:
  // Refills run r's chunk until it has an entry; false when the run ended.
  bool Load(size_t r) {
    at_[r] = 0;
    chunks_[r].clear();
    while (chunks_[r].empty())
      if (!refill_(r, &chunks_[r])) return false;
    return true;
  }

  Refill refill_;
  std::vector<std::vector<ChromeTable::Entry>> chunks_;
  std::vector<size_t> at_;
  // (key, run), smallest key on top.
  std::priority_queue<std::pair<uint64_t, size_t>, std::vector<std::pair<uint64_t, size_t>>, std::greater<>> heap_;
};

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_PARTITION_H_
