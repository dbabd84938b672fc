#include "mpi/mpi_count_exchange.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "count/near_duplicates.h"
#include "count/sharded_counter.h"
#include "mpi/mpi_world.h"
#include "mpi/wire.h"

namespace dechrome {
namespace mpi {
namespace {

constexpr char kPeerFailedPayload[] = "dechrome/mpi-peer-failed";
constexpr size_t kEntryBytes = 16;  // u64 key, u32 count, u32 tag

// Bad bytes from a peer in the middle of the rounds: the others are inside
// a collective call this process would never join again, so returning an
// error would hang the job. It is taken down instead.
[[noreturn]] absl::Status Corrupt(int rank, const char* what) {
  std::fprintf(stderr, "dechrome: rank %d: MPI exchange: bad %s from rank %d: aborting the job\n",
               World::rank(), what, rank);
  World::Abort(1);
}

}  // namespace

bool PeerFailed(const absl::Status& status) { return status.GetPayload(kPeerFailedPayload).has_value(); }

absl::Status MpiCountExchange::Exchange(const absl::Status& counted, const CountState& state) {
  entered_ = true;
  const int me = World::rank();
  const int n = World::size();

  // 1. How counting ended everywhere.
  {
    std::string mine;
    if (!counted.ok()) {
      Put<uint32_t>(&mine, static_cast<uint32_t>(counted.code()));
      PutString(&mine, std::string(counted.message()));
    }
    const std::vector<std::string> all = World::AllGather(mine);
    if (!counted.ok()) return counted;
    for (int r = 0; r < n; ++r) {
      if (all[r].empty()) continue;
      Reader in(all[r]);
      in.Get<uint32_t>();
      absl::Status peer = absl::AbortedError(
          absl::StrCat("stopped because rank ", r, " stopped counting: ", in.GetString()));
      peer.SetPayload(kPeerFailedPayload, absl::Cord());
      return peer;
    }
  }

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
      if (!in.ok() || !in.empty()) return Corrupt(r, "site list");
    }
  }

  // 3. Counter entries, shard by shard.
  ShardedLineCounter& counter = *state.counter;
  const size_t shards = counter.num_shards();
  const size_t limit = std::max<size_t>(kEntryBytes, kRoundBytes / n / kEntryBytes * kEntryBytes);
  {
    std::string out;
    size_t off = 0, next_shard = 0;  // shards < next_shard are in `out`
    std::vector<std::vector<KeyedLine>> waiting(shards);
    auto add_waiting = [&](size_t shard) {
      if (waiting[shard].empty()) return;
      counter.AddBatch(shard, waiting[shard]);
      std::vector<KeyedLine>().swap(waiting[shard]);
    };
    std::vector<std::string> received;
    for (bool done = false; !done;) {
      while (out.size() - off < limit && next_shard < shards) {
        counter.ForEachInShard(next_shard, [&](uint64_t key, const LineEntry& e) {
          Put<uint64_t>(&out, key);
          Put<uint32_t>(&out, e.count);
          Put<uint32_t>(&out, e.tag);
        });
        if (absl::Status s = counter.status(); !s.ok()) {
          // Its spilled counts could not be read back: the others would
          // count without them. Mid-exchange: the job goes down.
          std::fprintf(stderr, "dechrome: rank %d: %s: aborting the job\n", me, std::string(s.message()).c_str());
          World::Abort(1);
        }
        add_waiting(next_shard);
        ++next_shard;
      }
      const size_t len = std::min(limit, out.size() - off);
      const bool last = next_shard == shards && off + len == out.size();
      done = World::AllGatherRound(std::string_view(out).substr(off, len), last, &received);
      off += len;
      if (off == out.size() || off > (size_t{16} << 20)) {
        out.erase(0, off);
        off = 0;
      }
      for (int r = 0; r < n; ++r) {
        if (r == me) continue;
        const std::string& bytes = received[r];
        if (bytes.size() % kEntryBytes != 0) return Corrupt(r, "counter entries");
        Reader in(bytes);
        for (size_t i = 0; i < bytes.size(); i += kEntryBytes) {
          const uint64_t key = in.Get<uint64_t>();
          const uint32_t count = in.Get<uint32_t>();
          const LineEntry e{0, in.Get<uint32_t>()};
          if (e.site() >= local[r].size()) return Corrupt(r, "site index");
          waiting[counter.ShardOf(key)].push_back(KeyedLine(key, local[r][e.site()], e.kind(), count));
        }
        entries_received_ += bytes.size() / kEntryBytes;
      }
      for (size_t s = 0; s < next_shard; ++s) add_waiting(s);
    }
    for (size_t s = 0; s < shards; ++s) add_waiting(s);
  }

  // 4. Sketches: the documents each sketches object held before the
  // exchange; received ones are spread over the objects (one thread each in
  // the collapse).
  if (!state.sketches.empty()) {
    std::vector<size_t> own(state.sketches.size());
    for (size_t j = 0; j < own.size(); ++j) own[j] = state.sketches[j]->documents();
    size_t j = 0, d = 0, spread = 0;
    std::vector<uint64_t> keys;
    std::vector<bool> is_long;
    std::string out;
    std::vector<std::string> received;
    const size_t doc_limit = std::max<size_t>(1, kRoundBytes / n);
    for (bool done = false; !done;) {
      out.clear();
      while (out.size() < doc_limit && j < own.size()) {
        if (d == own[j]) {
          ++j, d = 0;
          continue;
        }
        const uint32_t site = state.sketches[j]->Get(d++, &keys, &is_long);
        Put<uint32_t>(&out, site);
        Put<uint32_t>(&out, static_cast<uint32_t>(keys.size()));
        for (uint64_t k : keys) Put<uint64_t>(&out, k);
        for (bool b : is_long) out.push_back(b ? 1 : 0);
      }
      while (j < own.size() && d == own[j]) ++j, d = 0;
      done = World::AllGatherRound(out, j == own.size(), &received);
      for (int r = 0; r < n; ++r) {
        if (r == me) continue;
        Reader in(received[r]);
        while (in.ok() && !in.empty()) {
          const uint32_t site = in.Get<uint32_t>();
          const uint32_t count = in.Get<uint32_t>();
          keys.clear();
          is_long.clear();
          for (uint32_t i = 0; i < count && in.ok(); ++i) keys.push_back(in.Get<uint64_t>());
          for (uint32_t i = 0; i < count && in.ok(); ++i) is_long.push_back(in.Get<uint8_t>() != 0);
          if (!in.ok() || site >= local[r].size()) return Corrupt(r, "sketches");
          state.sketches[spread++ % state.sketches.size()]->Add(local[r][site], keys, is_long);
          ++documents_received_;
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace mpi
}  // namespace dechrome
