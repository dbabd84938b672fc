#include "mpi/mpi_count_exchange.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "count/near_duplicates.h"
#include "count/sharded_counter.h"
#include "io/output_file.h"
#include "mpi/mpi_world.h"
#include "mpi/partition.h"
#include "mpi/wire.h"
#include "table/decision_entries.h"
#include "table/table_file.h"

namespace dechrome {
namespace mpi {
namespace {

constexpr char kPeerFailedPayload[] = "dechrome/mpi-peer-failed";
constexpr size_t kEntryBytes = 16;       // counter entry: u64 key, u32 count, u32 tag
constexpr size_t kTableEntryBytes = 24;  // table entry: u64 key, u64 global, u32 count, u32 site
constexpr size_t kCrossBytes = 12;       // u64 global key, u32 sites
// Entries a process sends process 0 per message when the table is written.
constexpr size_t kSaveChunkEntries = (size_t{4} << 20) / kTableEntryBytes;

// Bad bytes from a peer in the middle of the rounds: the others are inside
// a collective call this process would never join again, so returning an
// error would hang the job. It is taken down instead.
[[noreturn]] void Corrupt(int rank, const char* what) {
  std::fprintf(stderr, "dechrome: rank %d: MPI exchange: bad %s from rank %d: aborting the job\n",
               World::rank(), what, rank);
  World::Abort(1);
}

// Every process's status: OK if all are OK; this process's own error if it
// failed; else an error saying which process failed (with the payload that
// PeerFailed() sees). `what`: what the failed process was doing.
absl::Status Agree(const absl::Status& mine, const char* what) {
  std::string bytes;
  if (!mine.ok()) PutString(&bytes, std::string(mine.message()));
  const std::vector<std::string> all = World::AllGather(bytes);
  if (!mine.ok()) return mine;
  for (size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty()) continue;
    Reader in(all[r]);
    absl::Status peer = absl::AbortedError(absl::StrCat("stopped because rank ", r, " stopped ", what, ": ",
                                                        in.GetString()));
    peer.SetPayload(kPeerFailedPayload, absl::Cord());
    return peer;
  }
  return absl::OkStatus();
}

size_t Fullest(const std::vector<std::string>& boxes) {
  size_t most = 0;
  for (const std::string& b : boxes) most = std::max(most, b.size());
  return most;
}

// Rounds of an all-to-all until every process has sent all it has.
// fill(&outbox) appends whole records to outbox[r] (r != this process)
// while every outbox holds less than `limit` bytes, and returns true when it
// has nothing more. A round sends each process at most `limit` bytes of its
// outbox: cut at a multiple of `record` bytes (records of that fixed size),
// or, with record 0, all of it (fill then overshoots by one record at most).
// take(from, bytes) gets what each process sent.
template <typename Fill, typename Take>
void RouteInRounds(size_t limit, size_t record, Fill fill, Take take) {
  const int n = World::size(), me = World::rank();
  std::vector<std::string> outbox(n), chunk(n), received;
  bool exhausted = false;
  for (bool done = false; !done;) {
    if (!exhausted && Fullest(outbox) < limit) exhausted = fill(&outbox);
    bool pending = false;
    for (int r = 0; r < n; ++r) {
      if (r == me) continue;
      const size_t len = record == 0 ? outbox[r].size() : std::min(outbox[r].size(), limit) / record * record;
      chunk[r].assign(outbox[r], 0, len);
      outbox[r].erase(0, len);
      pending = pending || !outbox[r].empty();
    }
    done = World::ExchangeRound(chunk, exhausted && !pending, &received);
    for (int r = 0; r < n; ++r)
      if (r != me && !received[r].empty()) take(r, received[r]);
  }
}

// Every process's `mine` (records of `record` bytes), given to fn(from,
// bytes) piece by piece (this process's own at once), in rounds of at most
// kRoundBytes received.
template <typename Fn>
void GatherRecords(const std::string& mine, size_t record, Fn fn) {
  const int n = World::size(), me = World::rank();
  fn(me, std::string_view(mine));
  const size_t limit = std::max(record, kRoundBytes / n / record * record);
  std::vector<std::string> received;
  size_t off = 0;
  for (bool done = false; !done;) {
    const size_t len = std::min(limit, mine.size() - off);
    done = World::AllGatherRound(std::string_view(mine).substr(off, len), off + len == mine.size(), &received);
    off += len;
    for (int r = 0; r < n; ++r) {
      if (r == me || received[r].empty()) continue;
      if (received[r].size() % record != 0) Corrupt(r, "records");
      fn(r, std::string_view(received[r]));
    }
  }
}

void PutEntry(std::string* out, const ChromeTable::Entry& e) {
  Put<uint64_t>(out, e.key);
  Put<uint64_t>(out, e.global);
  Put<uint32_t>(out, e.count);
  Put<uint32_t>(out, e.site);
}
ChromeTable::Entry GetEntry(Reader* in) {
  ChromeTable::Entry e;
  e.key = in->Get<uint64_t>();
  e.global = in->Get<uint64_t>();
  e.count = in->Get<uint32_t>();
  e.site = in->Get<uint32_t>();
  return e;
}

}  // namespace

bool PeerFailed(const absl::Status& status) { return status.GetPayload(kPeerFailedPayload).has_value(); }

absl::Status MpiCountExchange::Exchange(const absl::Status& counted, const CountState& state) {
  entered_ = true;
  const int me = World::rank();
  const int n = World::size();

  // 1. How counting ended everywhere.
  DECHROME_RETURN_IF_ERROR(Agree(counted, "counting"));

  // 2. Sites: (name, documents) by each process's own index; `local[r][i]`
  // is this process's index of rank r's site i.
  const std::vector<std::string>& names = *state.site_names;
  std::vector<uint64_t>& docs = *state.site_documents;
  std::vector<std::vector<uint32_t>> local(n);
  {
    const size_t own_sites = names.size();
    std::string mine;
    Put<uint64_t>(&mine, own_sites);
    for (size_t s = 0; s < own_sites; ++s) {
      PutString(&mine, names[s]);
      Put<uint64_t>(&mine, s < docs.size() ? docs[s] : 0);
    }
    const std::vector<std::string> all = World::AllGather(mine);
    for (int r = 0; r < n; ++r) {
      if (r == me) continue;
      Reader in(all[r]);
      const uint64_t count = in.Get<uint64_t>();
      for (uint64_t i = 0; i < count && in.ok(); ++i) {
        const std::string name = in.GetString();
        const uint64_t documents = in.Get<uint64_t>();
        const uint32_t index = state.site_index(name);
        if (index > kMaxCounterSite) {
          std::fprintf(stderr, "dechrome: rank %d: more than 2^30 sites in the job: aborting it\n", me);
          World::Abort(1);
        }
        local[r].push_back(index);
        if (docs.size() <= index) docs.resize(index + 1);
        docs[index] += documents;
      }
      if (!in.ok() || !in.empty()) Corrupt(r, "site list");
    }
  }
  site_owner_.resize(names.size());
  for (size_t s = 0; s < names.size(); ++s) site_owner_[s] = SiteOwner(names[s], n);
  if (n == 1) return absl::OkStatus();  // every site is this process's

  // 3. Counter entries, shard by shard, to their site's owner.
  ShardedLineCounter& counter = *state.counter;
  const size_t shards = counter.num_shards();
  const size_t limit = std::max(kEntryBytes, kRoundBytes / n / kEntryBytes * kEntryBytes);
  {
    size_t next_shard = 0;
    std::vector<KeyedLine> keep;
    std::vector<std::vector<KeyedLine>> arrived(shards);
    auto fill = [&](std::vector<std::string>* out) {
      for (; next_shard < shards; ++next_shard) {
        if (Fullest(*out) >= limit) return false;
        keep.clear();
        counter.DrainShard(next_shard, [&](uint64_t key, const LineEntry& e) {
          const int owner = site_owner_[e.site()];
          if (owner == me) {
            keep.push_back(KeyedLine(key, e.site(), e.kind(), e.count));
            return;
          }
          std::string& o = (*out)[owner];
          Put<uint64_t>(&o, key);
          Put<uint32_t>(&o, e.count);
          Put<uint32_t>(&o, e.tag);
        });
        if (absl::Status s = counter.status(); !s.ok()) {
          // Its spilled counts could not be read back: the others would
          // count without them. Mid-exchange: the job goes down.
          std::fprintf(stderr, "dechrome: rank %d: %s: aborting the job\n", me, std::string(s.message()).c_str());
          World::Abort(1);
        }
        counter.AddBatch(next_shard, keep);
      }
      return true;
    };
    auto take = [&](int r, const std::string& bytes) {
      if (bytes.size() % kEntryBytes != 0) Corrupt(r, "counter entries");
      Reader in(bytes);
      for (size_t i = 0; i < bytes.size(); i += kEntryBytes) {
        const uint64_t key = in.Get<uint64_t>();
        const uint32_t count = in.Get<uint32_t>();
        const LineEntry e{0, in.Get<uint32_t>()};
        if (e.site() >= local[r].size()) Corrupt(r, "site index");
        const uint32_t site = local[r][e.site()];
        if (site_owner_[site] != me) Corrupt(r, "counter entry of another partition");
        arrived[counter.ShardOf(key)].push_back(KeyedLine(key, site, e.kind(), count));
      }
      for (size_t s = 0; s < shards; ++s) {
        if (arrived[s].empty()) continue;
        counter.AddBatch(s, arrived[s]);
        arrived[s].clear();
      }
    };
    RouteInRounds(limit, kEntryBytes, fill, take);
  }

  // 4. Sketches, to their site's owner: each sketches object keeps its
  // documents of this process's sites; received ones are spread over the
  // objects (one thread each in the collapse). Spilled documents are read
  // back a block at a time and sent too; what is kept or received spills
  // again past the same budget.
  if (!state.sketches.empty()) {
    const size_t m = state.sketches.size();
    std::vector<DocumentSketches> kept;
    for (size_t i = 0; i < m; ++i) kept.emplace_back(state.sketches[i]->spill_options());
    size_t j = 0, spread = 0;
    std::unique_ptr<DocumentSketches::Reader> reading;  // state.sketches[j]'s documents
    std::vector<uint64_t> keys;
    std::vector<bool> is_long;
    const size_t doc_limit = std::max<size_t>(1, kRoundBytes / n);
    auto fill = [&](std::vector<std::string>* out) {
      while (j < m) {
        if (reading == nullptr) reading = std::make_unique<DocumentSketches::Reader>(*state.sketches[j]);
        if (Fullest(*out) >= doc_limit) return false;
        uint32_t site = 0;
        if (!reading->Next(&site, &keys, &is_long)) {
          if (!reading->status().ok()) {
            // As for the counter's spilled counts: mid-exchange, the job
            // goes down.
            std::fprintf(stderr, "dechrome: rank %d: %s: aborting the job\n", me,
                         std::string(reading->status().message()).c_str());
            World::Abort(1);
          }
          // Done with it: its documents are sent or kept, and its memory
          // and spill file go (its spill counts stay, for --stats).
          reading.reset();
          kept[j].CarrySpillStats(*state.sketches[j]);
          *state.sketches[j] = DocumentSketches(state.sketches[j]->spill_options());
          ++j;
          continue;
        }
        const int owner = site_owner_[site];
        if (owner == me) {
          kept[j].Add(site, keys, is_long);
          continue;
        }
        std::string& o = (*out)[owner];
        Put<uint32_t>(&o, site);
        Put<uint32_t>(&o, static_cast<uint32_t>(keys.size()));
        for (uint64_t k : keys) Put<uint64_t>(&o, k);
        for (bool b : is_long) o.push_back(b ? 1 : 0);
      }
      return true;
    };
    auto take = [&](int r, const std::string& bytes) {
      Reader in(bytes);
      while (in.ok() && !in.empty()) {
        const uint32_t site = in.Get<uint32_t>();
        const uint32_t count = in.Get<uint32_t>();
        keys.clear();
        is_long.clear();
        for (uint32_t i = 0; i < count && in.ok(); ++i) keys.push_back(in.Get<uint64_t>());
        for (uint32_t i = 0; i < count && in.ok(); ++i) is_long.push_back(in.Get<uint8_t>() != 0);
        if (!in.ok() || site >= local[r].size() || site_owner_[local[r][site]] != me) Corrupt(r, "sketches");
        kept[spread++ % m].Add(local[r][site], keys, is_long);
      }
    };
    RouteInRounds(doc_limit, 0, fill, take);
    for (size_t i = 0; i < m; ++i) *state.sketches[i] = std::move(kept[i]);
  }
  return absl::OkStatus();
}

absl::Status MpiCountExchange::Decide(const absl::Status& built, std::vector<ChromeTable::Site> sites,
                                      std::vector<ChromeTable::Entry> entries, uint64_t collapsed,
                                      const PolicyOptions& policy, bool site_by_domain, ChromeTable* table,
                                      Summary* summary) {
  // 5. Whether every process has its entries.
  DECHROME_RETURN_IF_ERROR(Agree(built, "making its table entries"));
  const int me = World::rank();
  const int n = World::size();

  // 6. Each entry's global key to its owner, which counts its sites (each
  // entry is one distinct (site, key): the entries of a global key are its
  // sites, as ChromeTable counts them).
  std::vector<std::pair<uint64_t, uint32_t>> owned_cross;  // (global, sites >= 2) of this partition
  {
    std::vector<uint64_t> globals;
    size_t i = 0;
    const size_t limit = std::max<size_t>(8, kRoundBytes / n / 8 * 8);
    auto fill = [&](std::vector<std::string>* out) {
      for (; i < entries.size(); ++i) {
        if (Fullest(*out) >= limit) return false;
        const uint64_t g = entries[i].global;
        const int owner = GlobalOwner(g, n);
        if (owner == me) {
          globals.push_back(g);
        } else {
          Put<uint64_t>(&(*out)[owner], g);
        }
      }
      return true;
    };
    auto take = [&](int r, const std::string& bytes) {
      if (bytes.size() % 8 != 0) Corrupt(r, "global keys");
      Reader in(bytes);
      for (size_t k = 0; k < bytes.size(); k += 8) {
        const uint64_t g = in.Get<uint64_t>();
        if (GlobalOwner(g, n) != me) Corrupt(r, "global key of another partition");
        globals.push_back(g);
      }
    };
    RouteInRounds(limit, 8, fill, take);
    std::sort(globals.begin(), globals.end());
    for (size_t a = 0; a < globals.size();) {
      size_t b = a;
      while (b < globals.size() && globals[b] == globals[a]) ++b;
      if (b - a >= 2) owned_cross.emplace_back(globals[a], static_cast<uint32_t>(b - a));
      a = b;
    }
  }

  // 7. What the lean table keeps, to every process: the cross-site counts,
  // then the entries (and, with the audit, the keys alone).
  const uint32_t min_sites = policy.min_sites;
  std::vector<std::pair<uint64_t, uint32_t>> cross;
  {
    std::string mine;
    for (const auto& [g, k] : owned_cross) {
      if (!LeanKeepsCross(min_sites, k, audit_)) continue;
      Put<uint64_t>(&mine, g);
      Put<uint32_t>(&mine, k);
    }
    std::vector<std::pair<uint64_t, uint32_t>>().swap(owned_cross);
    GatherRecords(mine, kCrossBytes, [&](int, std::string_view bytes) {
      Reader in(bytes);
      while (!in.empty()) {
        const uint64_t g = in.Get<uint64_t>();
        cross.emplace_back(g, in.Get<uint32_t>());
      }
    });
    std::sort(cross.begin(), cross.end());
  }
  auto in_cross_set = [&](uint64_t global) {
    if (min_sites == 0) return false;
    auto it = std::lower_bound(cross.begin(), cross.end(), global,
                               [](const auto& p, uint64_t g) { return p.first < g; });
    return it != cross.end() && it->first == global && it->second >= min_sites;
  };
  const DecisionEntries needs(policy, sites);
  std::string kept_bytes, key_bytes;
  for (const ChromeTable::Entry& e : entries) {
    switch (LeanKeepOf(needs, e, in_cross_set(e.global), audit_)) {
      case LeanKeep::kEntry: PutEntry(&kept_bytes, e); break;
      case LeanKeep::kKeyOnly: Put<uint64_t>(&key_bytes, e.key); break;
      case LeanKeep::kNothing: break;
    }
  }
  std::vector<ChromeTable::Entry> kept;
  GatherRecords(kept_bytes, kTableEntryBytes, [&](int r, std::string_view bytes) {
    Reader in(bytes);
    while (!in.empty()) {
      kept.push_back(GetEntry(&in));
      if (kept.back().site >= sites.size()) Corrupt(r, "table entry");
    }
  });
  std::string().swap(kept_bytes);
  std::sort(kept.begin(), kept.end(),
            [](const ChromeTable::Entry& a, const ChromeTable::Entry& b) { return a.key < b.key; });
  std::vector<uint64_t> key_only;
  if (audit_) {
    GatherRecords(key_bytes, 8, [&](int, std::string_view bytes) {
      Reader in(bytes);
      while (!in.empty()) key_only.push_back(in.Get<uint64_t>());
    });
    std::sort(key_only.begin(), key_only.end());
  }
  std::string().swap(key_bytes);

  // The job's totals.
  const std::vector<uint64_t> sums = World::SumAll({entries.size(), collapsed});
  summary->counter_keys = sums[0];
  summary->table_entries = sums[0];
  summary->near_duplicate_documents += sums[1];
  summary->partition_keys_max = entries.size();
  summary->exchange_bytes_max = World::bytes_received();
  *table = ChromeTable::Lean(audit_ ? ChromeTable::LoadMode::kForAudit : ChromeTable::LoadMode::kForFilter,
                             std::move(sites), std::move(kept), std::move(cross), std::move(key_only), policy,
                             site_by_domain, sums[0]);
  if (keep_entries_) {
    entries_ = std::move(entries);
  }
  return absl::OkStatus();
}

absl::Status MpiCountExchange::SaveTable(const std::string& path, const ChromeTable& table, bool built) {
  DECHROME_CHECK(keep_entries_);
  if (World::SumAll({built ? 0u : 1u})[0] > 0) return absl::OkStatus();
  const int me = World::rank();
  const int n = World::size();
  if (me != 0) {
    // The partition in chunks, then an empty one.
    std::string chunk;
    for (size_t i = 0;; i += kSaveChunkEntries) {
      chunk.clear();
      for (size_t k = i; k < std::min(entries_.size(), i + kSaveChunkEntries); ++k) PutEntry(&chunk, entries_[k]);
      World::SendTo(0, chunk);
      if (chunk.empty()) break;
    }
    std::vector<ChromeTable::Entry>().swap(entries_);
    return absl::OkStatus();
  }
  std::vector<bool> ended(n, false);
  size_t own = 0;  // next chunk of this process's entries
  KeyMerger merger(n, [&](size_t r, std::vector<ChromeTable::Entry>* chunk) {
    if (ended[r]) return false;
    if (r == 0) {
      const size_t end = std::min(entries_.size(), own + kSaveChunkEntries);
      chunk->assign(entries_.begin() + static_cast<ptrdiff_t>(own), entries_.begin() + static_cast<ptrdiff_t>(end));
      own = end;
      ended[r] = chunk->empty();
      return !ended[r];
    }
    const std::string bytes = World::ReceiveFrom(static_cast<int>(r));
    if (bytes.size() % kTableEntryBytes != 0) Corrupt(static_cast<int>(r), "table entries");
    Reader in(bytes);
    while (!in.empty()) chunk->push_back(GetEntry(&in));
    ended[r] = bytes.empty();
    return !ended[r];
  });
  absl::StatusOr<std::unique_ptr<OutputFile>> out = OutputFile::Create(path);
  absl::Status s = out.status();
  if (s.ok()) {
    s = SerializeTable(table.policy(), table.site_by_domain(), table.sites(), table.file_entries(),
                       [&](ChromeTable::Entry* e) { return merger.Next(e); },
                       [&](std::string_view piece) { return (*out)->Write(piece); });
  }
  // Whatever happened, every process's stream is read to its end (they
  // wait in their sends).
  ChromeTable::Entry rest;
  while (merger.Next(&rest)) {
  }
  std::vector<ChromeTable::Entry>().swap(entries_);
  if (s.ok()) s = (*out)->Commit();
  return s;
}

}  // namespace mpi
}  // namespace dechrome
