#include "count/near_duplicates.h"

#include <algorithm>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_map.h"

namespace dechrome {

void DocumentSketches::Add(uint32_t site, const std::vector<uint64_t>& keys,
                           const std::vector<bool>& is_long) {
  docs_.push_back(Doc{site, static_cast<uint32_t>(keys.size()), keys_.size()});
  for (size_t i = 0; i < keys.size(); ++i) {
    keys_.push_back(keys[i]);
    long_.push_back(is_long[i] ? 1 : 0);
  }
}

size_t DocumentSketches::MemoryUsage() const {
  return docs_.capacity() * sizeof(Doc) + keys_.capacity() * 8 + long_.capacity();
}

uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                const std::vector<uint64_t>& site_documents,
                                ShardedLineCounter* counter) {
  struct Member {
    uint32_t site;
    uint64_t signature;
    const DocumentSketches* owner;
    size_t doc;
  };
  // Counts of the keys seen in two documents or more, gathered in one
  // sequential scan: most keys are unique, so this map is small and the
  // per-document lookups below stay in cache (a lookup in the counter itself
  // would miss the cache nearly every time).
  absl::flat_hash_map<uint64_t, uint32_t> shared_counts;
  counter->ForEach([&](uint64_t key, const LineEntry& e) {
    if (e.count >= 2) shared_counts.emplace(key, e.count);
  });
  auto count_of = [&](uint64_t key) -> uint32_t {
    auto it = shared_counts.find(key);
    return it == shared_counts.end() ? 1 : it->second;
  };
  // Each document's signature. The sketches of each counting thread are
  // scanned by a thread of their own (the map above is only read); the
  // result is sorted below, so it does not depend on the threads.
  std::vector<std::vector<Member>> found(sketches.size());
  auto signatures = [&](size_t which) {
    const DocumentSketches& s = sketches[which];
    for (size_t d = 0; d < s.docs_.size(); ++d) {
      const DocumentSketches::Doc& doc = s.docs_[d];
      uint64_t site_docs = site_documents[doc.site];
      uint32_t best_count = UINT32_MAX;
      uint64_t best_key = 0;
      for (uint64_t i = doc.begin; i < doc.begin + doc.num_keys; ++i) {
        if (!s.long_[i]) continue;
        const uint32_t count = count_of(s.keys_[i]);
        if (count < 2 || uint64_t{count} * 2 > site_docs) continue;
        if (std::tie(count, s.keys_[i]) < std::tie(best_count, best_key)) {
          best_count = count;
          best_key = s.keys_[i];
        }
      }
      if (best_count != UINT32_MAX) found[which].push_back(Member{doc.site, best_key, &s, d});
    }
  };
  std::vector<std::thread> threads;
  for (size_t w = 1; w < sketches.size(); ++w) threads.emplace_back(signatures, w);
  if (!sketches.empty()) signatures(0);
  for (std::thread& t : threads) t.join();
  std::vector<Member> members;
  for (std::vector<Member>& f : found) members.insert(members.end(), f.begin(), f.end());
  auto keys_all = [](const Member& m, std::vector<uint64_t>* out) {
    const DocumentSketches::Doc& doc = m.owner->docs_[m.doc];
    out->assign(m.owner->keys_.begin() + doc.begin,
                m.owner->keys_.begin() + doc.begin + doc.num_keys);
  };
  // A document's long lines that are not common on its site (its body, for
  // an article), sorted: copies of one article share nearly all of them.
  auto keys_of = [&](const Member& m, std::vector<uint64_t>* out) {
    const DocumentSketches::Doc& doc = m.owner->docs_[m.doc];
    uint64_t site_docs = site_documents[doc.site];
    out->clear();
    for (uint64_t i = doc.begin; i < doc.begin + doc.num_keys; ++i) {
      if (!m.owner->long_[i]) continue;
      if (uint64_t{count_of(m.owner->keys_[i])} * 2 > site_docs) continue;
      out->push_back(m.owner->keys_[i]);
    }
    std::sort(out->begin(), out->end());
  };
  std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return std::tie(a.site, a.signature) < std::tie(b.site, b.signature);
  });
  uint64_t collapsed = 0;
  std::vector<std::vector<uint64_t>> group_keys;
  absl::flat_hash_map<uint64_t, uint32_t> in_members;
  for (size_t i = 0; i < members.size();) {
    size_t j = i;
    while (j < members.size() && members[j].site == members[i].site &&
           members[j].signature == members[i].signature)
      ++j;
    if (j - i >= 2) {
      group_keys.resize(j - i);
      for (size_t k = i; k < j; ++k) keys_of(members[k], &group_keys[k - i]);
      // Order members by their key lists, so that "the first member" does
      // not depend on the order in which documents were counted.
      std::vector<size_t> order(j - i);
      for (size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::sort(order.begin(), order.end(),
                [&](size_t a, size_t b) { return group_keys[a] < group_keys[b]; });
      std::vector<std::vector<uint64_t>> sorted_keys(order.size());
      for (size_t k = 0; k < order.size(); ++k) sorted_keys[k] = group_keys[order[k]];
      group_keys.swap(sorted_keys);
      // Members must share most of their long lines with the first one.
      const std::vector<uint64_t>& first = group_keys[0];
      in_members.clear();
      uint32_t joined = 0;
      std::vector<uint64_t> all_keys;
      for (size_t k = 0; k < group_keys.size(); ++k) {
        const std::vector<uint64_t>& g = group_keys[k];
        size_t common = 0;
        for (size_t a = 0, b = 0; a < g.size() && b < first.size();) {
          if (g[a] < first[b]) {
            ++a;
          } else if (first[b] < g[a]) {
            ++b;
          } else {
            ++common, ++a, ++b;
          }
        }
        if (k > 0 && (common < 3 || common * 10 < std::max(g.size(), first.size()) * 8)) continue;
        ++joined;
        // Every distinct key of the member (chrome included) is corrected.
        keys_all(members[i + order[k]], &all_keys);
        for (uint64_t key : all_keys) ++in_members[key];
      }
      if (joined >= 2) {
        collapsed += joined;
        for (const auto& [key, n] : in_members)
          if (n >= 2) counter->Subtract(key, n - 1);
      }
    }
    i = j;
  }
  return collapsed;
}

}  // namespace dechrome
