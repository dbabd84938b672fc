// -----------------------------------------------------------------------------
// File: mpi_count_exchange.h
// -----------------------------------------------------------------------------
//
// The CountExchange of an mpirun job (pipeline/count_exchange.h): counts
// exchanged by site partition, so that no process holds the job's counts.
// Each site belongs to one process (SiteOwner() in mpi/partition.h, from
// its name). What travels, in this order:
//
//   Exchange():
//   1. how counting ended on each process (an all-gather of statuses): if
//      any failed, every process returns an error and nothing else travels;
//   2. each process's sites, (name, documents), to every process: every
//      process knows every site and its documents (thresholds need them;
//      the table lists them all);
//   3. its counter entries (16 bytes each: key, count, its site index with
//      the kind) to their site's owner, which adds them under its own index
//      of the site's name. The counter is walked shard by shard
//      (ShardedLineCounter::DrainShard()): a shard's entries for other
//      processes go to an outbox, those of this process's sites back into
//      the emptied shard; entries received go into their shard at once
//      (they are this process's: a shard walked later keeps them);
//   4. its documents' sketches (site, keys, long-line flags) to their
//      site's owner, likewise.
//   Then each process holds the counts and sketches of its own sites, as
//   one process that counted every input holds them: it collapses their
//   near-duplicates and makes their table entries (CountPass()).
//
//   Decide():
//   5. whether every process made its entries (statuses, as in 1);
//   6. each entry's global key to its owner (GlobalOwner()), which counts
//      the sites of each of its global keys;
//   7. to every process: the global keys of the lean table's cross-site
//      set (on min_sites sites or more; with the audit, every one on two
//      sites or more), then the entries (and, with the audit, the keys)
//      that the lean table keeps (LeanKeepOf() in table/decision_entries.h)
//      of each process's partition. Every process then holds the same lean
//      table, the one Load() with LoadMode::kForFilter (kForAudit) keeps
//      of the table file, and filters its inputs with it.
//
//   SaveTable() (count): process 0 writes the table file; the others stream
//   their partition's entries to it (sorted by key, in synchronous messages
//   of 4 MiB), and it merges them by key (KeyMerger) into the file's order.
//
// 2-4 and 6-7 go in rounds of at most kRoundBytes received per process
// (kRoundBytes / processes from each). Memory per process: its own counts
// until they are sent, the counts of its sites, a round (sent and received)
// and one shard's outbox; its own sketches and those of its sites (both
// until the exchange ends); after Decide(), the lean table and, for
// SaveTable() only, its partition's entries (24 bytes each). Process 0
// writing the table holds one 4 MiB chunk per process.
//
// Thread safety: one call at a time, on the thread that called
// mpi::World::Init().

#ifndef DECHROME_MPI_MPI_COUNT_EXCHANGE_H_
#define DECHROME_MPI_MPI_COUNT_EXCHANGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/count_exchange.h"

namespace dechrome {
namespace mpi {

class MpiCountExchange : public CountExchange {
 public:
  // `audit`: the job writes an audit (Decide() makes a kForAudit table).
  // `keep_entries`: keep this process's partition of the entries after
  // Decide() for SaveTable().
  MpiCountExchange(bool audit, bool keep_entries) : audit_(audit), keep_entries_(keep_entries) {}

  absl::Status Exchange(const absl::Status& counted, const CountState& state) override;
  bool partitioned() const override { return true; }
  absl::Status Decide(const absl::Status& built, std::vector<ChromeTable::Site> sites,
                      std::vector<ChromeTable::Entry> entries, uint64_t collapsed, const PolicyOptions& policy,
                      bool site_by_domain, ChromeTable* table, Summary* summary) override;

  // Every process calls it, `built`: whether it has the table (Decide()
  // returned OK). Unless every one has, nothing is written and OK is
  // returned (the failure is reported as such). Process 0 writes `path`
  // (under a temporary name, renamed when complete): the bytes that
  // ChromeTable::Save() writes of the whole table. Its error, if any, is
  // process 0's; the others return OK.
  // REQUIRES: constructed with keep_entries; `table` is Decide()'s.
  absl::Status SaveTable(const std::string& path, const ChromeTable& table, bool built);

  // Whether Exchange() was called (a process that failed before it must
  // abort the job: the others wait in it).
  bool entered() const { return entered_; }

 private:
  const bool audit_, keep_entries_;
  bool entered_ = false;
  // By this process's site index: the site's owner.
  std::vector<int> site_owner_;
  std::vector<ChromeTable::Entry> entries_;  // keep_entries_: this process's partition
};

// Whether `status` is the error that a process returns because another one
// failed (not a failure of its own).
bool PeerFailed(const absl::Status& status);

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_MPI_COUNT_EXCHANGE_H_
