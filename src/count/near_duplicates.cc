#include "count/near_duplicates.h"

#include <algorithm>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "runtime/parallel.h"

namespace dechrome {

void DocumentSketches::Add(uint32_t site, const std::vector<uint64_t>& keys,
                           const std::vector<bool>& is_long) {
  docs_.push_back(Doc{site, static_cast<uint32_t>(keys.size()), keys_.size()});
  for (size_t i = 0; i < keys.size(); ++i) {
    keys_.push_back(keys[i]);
    long_.push_back(is_long[i] ? 1 : 0);
  }
}

uint32_t DocumentSketches::Get(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const {
  const Doc& doc = docs_[d];
  keys->clear();
  is_long->clear();
  for (uint64_t i = doc.begin; i < doc.begin + doc.num_keys; ++i) {
    keys->push_back(keys_[i]);
    is_long->push_back(long_[i] != 0);
  }
  return doc.site;
}

size_t DocumentSketches::MemoryUsage() const {
  return docs_.capacity() * sizeof(Doc) + keys_.MemoryUsage() + long_.MemoryUsage();
}

uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                const std::vector<uint64_t>& site_documents,
                                ShardedLineCounter* counter) {
  // Work is spread over one thread per counting thread (sketches.size()):
  // first shard by shard, then by the threads' own sketches, then by runs of
  // groups. Every result is put in a fixed order before it is used, so
  // nothing depends on the threads.
  const size_t num_threads = std::max<size_t>(1, sketches.size());

  // Counts of the keys seen in two documents or more, gathered in one
  // sequential scan of each shard: most keys are unique, so these maps are
  // small and the per-document lookups below stay in cache (a lookup in the
  // counter itself would miss the cache nearly every time). Map t holds the
  // shards s with s % parts == t.
  const size_t parts = std::min(num_threads, counter->num_shards());
  std::vector<absl::flat_hash_map<uint64_t, uint32_t>> shared_counts(parts);
  ParallelFor(parts, [&](size_t t) {
    for (size_t shard = t; shard < counter->num_shards(); shard += parts) {
      counter->ForEachInShard(shard, [&](uint64_t key, const LineEntry& e) {
        if (e.count >= 2) shared_counts[t].emplace(key, e.count);
      });
    }
  });
  auto count_of = [&](uint64_t key) -> uint32_t {
    const auto& map = shared_counts[counter->ShardOf(key) % parts];
    auto it = map.find(key);
    return it == map.end() ? 1 : it->second;
  };

  // Each document's signature, with the sorted list of its long lines that
  // are not common on its site (its body, for an article): copies of one
  // article share nearly all of them.
  struct Member {
    uint32_t site;
    uint64_t signature;
    uint32_t owner;   // index in sketches
    uint32_t doc;     // index in the owner's documents
    uint64_t begin;   // its uncommon long keys: bodies[owner][begin, end)
    uint64_t end;
  };
  std::vector<std::vector<Member>> found(sketches.size());
  std::vector<std::vector<uint64_t>> bodies(sketches.size());
  ParallelFor(num_threads, [&](size_t which) {
    if (which >= sketches.size()) return;
    const DocumentSketches& s = sketches[which];
    std::vector<uint64_t>& body = bodies[which];
    for (size_t d = 0; d < s.docs_.size(); ++d) {
      const DocumentSketches::Doc& doc = s.docs_[d];
      const uint64_t site_docs = site_documents[doc.site];
      uint32_t best_count = UINT32_MAX;
      uint64_t best_key = 0;
      const uint64_t begin = body.size();
      for (uint64_t i = doc.begin; i < doc.begin + doc.num_keys; ++i) {
        if (!s.long_[i]) continue;
        const uint32_t count = count_of(s.keys_[i]);
        if (uint64_t{count} * 2 > site_docs) continue;  // common
        body.push_back(s.keys_[i]);
        if (count < 2) continue;
        if (std::tie(count, s.keys_[i]) < std::tie(best_count, best_key)) {
          best_count = count;
          best_key = s.keys_[i];
        }
      }
      if (best_count == UINT32_MAX) {
        body.resize(begin);
        continue;
      }
      std::sort(body.begin() + static_cast<std::ptrdiff_t>(begin), body.end());
      found[which].push_back(Member{doc.site, best_key, static_cast<uint32_t>(which),
                                    static_cast<uint32_t>(d), begin, body.size()});
    }
  });
  std::vector<Member> members;
  for (std::vector<Member>& f : found) members.insert(members.end(), f.begin(), f.end());
  auto body_of = [&](const Member& m) {
    const uint64_t* b = bodies[m.owner].data();
    return std::make_pair(b + m.begin, b + m.end);
  };
  auto body_less = [&](const Member& a, const Member& b) {
    auto [ab, ae] = body_of(a);
    auto [bb, be] = body_of(b);
    return std::lexicographical_compare(ab, ae, bb, be);
  };
  // Groups: one site and signature; within one, members ordered by their
  // key lists, so that "the first member" does not depend on the order in
  // which documents were counted.
  // (Members equal under this order have equal bodies: which of them comes
  // first changes nothing below.)
  ParallelSort(&members, static_cast<int>(num_threads), [&](const Member& a, const Member& b) {
    if (a.site != b.site) return a.site < b.site;
    if (a.signature != b.signature) return a.signature < b.signature;
    return body_less(a, b);
  });
  std::vector<size_t> group_starts;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i == 0 || members[i].site != members[i - 1].site ||
        members[i].signature != members[i - 1].signature)
      group_starts.push_back(i);
  }
  group_starts.push_back(members.size());

  // Each thread validates a run of groups and lists what to subtract.
  struct Correction {
    uint64_t key;
    uint32_t amount;
  };
  std::vector<std::vector<Correction>> corrections(num_threads);
  std::vector<uint64_t> collapsed(num_threads, 0);
  const size_t groups = group_starts.size() - 1;
  ParallelFor(num_threads, [&](size_t t) {
    absl::flat_hash_map<uint64_t, uint32_t> in_members;
    for (size_t g = groups * t / num_threads; g < groups * (t + 1) / num_threads; ++g) {
      const size_t i = group_starts[g], j = group_starts[g + 1];
      if (j - i < 2) continue;
      // Members must share most of their long lines with the first one.
      auto [fb, fe] = body_of(members[i]);
      const size_t first_size = static_cast<size_t>(fe - fb);
      in_members.clear();
      uint32_t joined = 0;
      for (size_t k = i; k < j; ++k) {
        auto [gb, ge] = body_of(members[k]);
        const size_t size = static_cast<size_t>(ge - gb);
        size_t common = 0;
        for (const uint64_t *a = gb, *b = fb; a < ge && b < fe;) {
          if (*a < *b) {
            ++a;
          } else if (*b < *a) {
            ++b;
          } else {
            ++common, ++a, ++b;
          }
        }
        if (k > i && (common < 3 || common * 10 < std::max(size, first_size) * 8)) continue;
        ++joined;
        // Every distinct key of the member (chrome included) is corrected.
        const DocumentSketches& s = sketches[members[k].owner];
        const DocumentSketches::Doc& doc = s.docs_[members[k].doc];
        for (uint64_t x = doc.begin; x < doc.begin + doc.num_keys; ++x) ++in_members[s.keys_[x]];
      }
      if (joined >= 2) {
        collapsed[t] += joined;
        for (const auto& [key, n] : in_members)
          if (n >= 2) corrections[t].push_back(Correction{key, n - 1});
      }
    }
  });
  // Subtractions commute (each clamps at 1 the same way in any order); each
  // thread applies those of its shards.
  ParallelFor(parts, [&](size_t t) {
    for (const std::vector<Correction>& list : corrections)
      for (const Correction& c : list)
        if (counter->ShardOf(c.key) % parts == t) counter->Subtract(c.key, c.amount);
  });
  uint64_t total = 0;
  for (uint64_t c : collapsed) total += c;
  return total;
}

}  // namespace dechrome
