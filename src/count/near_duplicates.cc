#include "count/near_duplicates.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <thread>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "runtime/parallel.h"

namespace dechrome {
namespace {

template <typename T>
void PutRaw(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}
template <typename T>
T GetRaw(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// One document of a block's raw bytes at raw[*pos]; false if the block is
// corrupt.
bool ParseDoc(const std::string& raw, size_t* pos, uint32_t* site, std::vector<uint64_t>* keys,
              std::vector<bool>* is_long) {
  if (raw.size() - *pos < 8) return false;
  *site = GetRaw<uint32_t>(raw.data() + *pos);
  const uint32_t n = GetRaw<uint32_t>(raw.data() + *pos + 4);
  *pos += 8;
  if ((raw.size() - *pos) / 9 < n) return false;
  keys->resize(n);
  if (n > 0) std::memcpy(keys->data(), raw.data() + *pos, size_t{n} * 8);
  *pos += size_t{n} * 8;
  is_long->resize(n);
  for (uint32_t i = 0; i < n; ++i) (*is_long)[i] = raw[*pos + i] != 0;
  *pos += n;
  return true;
}

}  // namespace

void DocumentSketches::Add(uint32_t site, const std::vector<uint64_t>& keys,
                           const std::vector<bool>& is_long) {
  // After a failed spill nothing more is kept (the count goes on to its end,
  // which reports status()), so that memory does not grow past the budget.
  if (!status_.ok()) return;
  if (spill_.memory > 0 && !docs_.empty() &&
      held_bytes() + sizeof(Doc) + keys.size() * 9 > spill_.memory) {
    (void)Spill();  // (kept in status_)
  }
  docs_.push_back(Doc{site, static_cast<uint32_t>(keys.size()), keys_.size()});
  for (size_t i = 0; i < keys.size(); ++i) {
    keys_.push_back(keys[i]);
    long_.push_back(is_long[i] ? 1 : 0);
  }
}

uint32_t DocumentSketches::Get(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const {
  assert(!spilled());
  return GetHeld(d, keys, is_long);
}

uint32_t DocumentSketches::GetHeld(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const {
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
  size_t blocks = 0;
  for (const std::vector<Block>& p : blocks_) blocks += p.capacity() * sizeof(Block);
  return docs_.capacity() * sizeof(Doc) + keys_.MemoryUsage() + long_.MemoryUsage() + blocks;
}

absl::Status DocumentSketches::WriteBlock(uint32_t partition, const std::string& raw, uint32_t docs) {
  absl::StatusOr<size_t> z = file_->Compress(raw.data(), raw.size(), &compressed_, 0);
  if (!z.ok()) return z.status();
  Block b;
  b.offset = file_->size();
  b.bytes = static_cast<uint32_t>(*z);
  b.raw = static_cast<uint32_t>(raw.size());
  b.docs = docs;
  DECHROME_RETURN_IF_ERROR(file_->Append(compressed_.data(), *z));
  blocks_[partition].push_back(b);
  return absl::OkStatus();
}

absl::Status DocumentSketches::Spill() {
  if (!status_.ok()) return status_;
  if (docs_.empty()) return absl::OkStatus();
  if (file_ == nullptr) {
    absl::StatusOr<std::unique_ptr<TempFile>> file = TempFile::Create(spill_.dir, "the near-duplicate sketches");
    if (!file.ok()) return status_ = file.status();
    file_ = *std::move(file);
    blocks_.resize(kSketchPartitions);
  }
  // The documents by partition (in the order they came, within one), a
  // block at a time.
  std::vector<uint32_t> start(kSketchPartitions + 1, 0);
  for (const Doc& d : docs_) ++start[d.site % kSketchPartitions + 1];
  for (uint32_t p = 0; p < kSketchPartitions; ++p) start[p + 1] += start[p];
  std::vector<uint32_t> order(docs_.size());
  {
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < docs_.size(); ++i) order[at[docs_[i].site % kSketchPartitions]++] = i;
  }
  std::string raw;
  raw.reserve(kSketchBlockBytes + 4096);
  for (uint32_t p = 0; p < kSketchPartitions; ++p) {
    uint32_t docs = 0;
    for (uint32_t k = start[p]; k < start[p + 1]; ++k) {
      const Doc& d = docs_[order[k]];
      PutRaw<uint32_t>(&raw, d.site);
      PutRaw<uint32_t>(&raw, d.num_keys);
      for (uint64_t i = d.begin; i < d.begin + d.num_keys; ++i) PutRaw<uint64_t>(&raw, keys_[i]);
      for (uint64_t i = d.begin; i < d.begin + d.num_keys; ++i) raw.push_back(static_cast<char>(long_[i]));
      ++docs;
      if (raw.size() >= kSketchBlockBytes || k + 1 == start[p + 1]) {
        if (absl::Status s = WriteBlock(p, raw, docs); !s.ok()) return status_ = s;
        raw.clear();
        docs = 0;
      }
    }
  }
  spilled_docs_ += docs_.size();
  ++spill_runs_;
  // The memory stays for what comes next.
  docs_.clear();
  keys_.clear();
  long_.clear();
  std::string().swap(compressed_);
  return absl::OkStatus();
}

absl::Status DocumentSketches::SpillAll() {
  DECHROME_RETURN_IF_ERROR(Spill());
  ReleaseMemory();
  return absl::OkStatus();
}

void DocumentSketches::ReleaseMemory() {
  assert(docs_.empty());
  std::vector<Doc>().swap(docs_);
  keys_ = decltype(keys_)();
  long_ = decltype(long_)();
}

absl::Status DocumentSketches::ReadBlock(const Block& b, std::string* compressed, std::string* raw) const {
  compressed->resize(b.bytes);
  DECHROME_RETURN_IF_ERROR(file_->ReadAt(b.offset, compressed->data(), b.bytes));
  raw->resize(b.raw);
  return file_->Decompress(*compressed, raw->data(), b.raw);
}

uint64_t DocumentSketches::PartitionBytes(uint32_t p) const {
  if (blocks_.empty()) return 0;
  uint64_t bytes = 0;
  // Raw: 8 + 9 a key a document; held: 16 + 9 a key.
  for (const Block& b : blocks_[p]) bytes += b.raw + uint64_t{b.docs} * (sizeof(Doc) - 8);
  return bytes;
}

absl::Status DocumentSketches::Load(uint32_t first, uint32_t last, DocumentSketches* into) const {
  if (blocks_.empty()) return absl::OkStatus();
  std::string compressed, raw;
  std::vector<uint64_t> keys;
  std::vector<bool> is_long;
  for (uint32_t p = first; p < last; ++p) {
    for (const Block& b : blocks_[p]) {
      DECHROME_RETURN_IF_ERROR(ReadBlock(b, &compressed, &raw));
      size_t pos = 0;
      uint32_t site = 0;
      for (uint32_t d = 0; d < b.docs; ++d) {
        if (!ParseDoc(raw, &pos, &site, &keys, &is_long) || site % kSketchPartitions != p)
          return file_->Corrupt("sketch block");
        into->Add(site, keys, is_long);
      }
      if (pos != raw.size()) return file_->Corrupt("sketch block");
    }
  }
  return absl::OkStatus();
}

bool DocumentSketches::Reader::Next(uint32_t* site, std::vector<uint64_t>* keys, std::vector<bool>* is_long) {
  if (!status_.ok()) return false;
  while (pos_ == raw_.size()) {  // the next spilled block
    if (partition_ >= s_.blocks_.size()) {
      // The documents held.
      if (held_ == s_.docs_.size()) return false;
      *site = s_.GetHeld(held_++, keys, is_long);
      return true;
    }
    if (block_ == s_.blocks_[partition_].size()) {
      ++partition_, block_ = 0;
      continue;
    }
    status_ = s_.ReadBlock(s_.blocks_[partition_][block_++], &compressed_, &raw_);
    pos_ = 0;
    if (!status_.ok()) return false;
  }
  if (!ParseDoc(raw_, &pos_, site, keys, is_long) || *site % kSketchPartitions != partition_) {
    status_ = s_.file_->Corrupt("sketch block");
    return false;
  }
  return true;
}

// The collapse, in two steps: the counts of shared keys, gathered once;
// then the groups of the documents of some sites (all, or a run of
// partitions), whose corrections go to the counter at once.
struct CollapseAccess {
  // Counts of the keys seen in two documents or more, gathered in one
  // sequential scan of each shard: most keys are unique, so these maps are
  // small and the per-document lookups below stay in cache (a lookup in the
  // counter itself would miss the cache nearly every time). Map t holds the
  // shards s with s % parts == t.
  struct SharedCounts {
    size_t parts = 1;
    std::vector<absl::flat_hash_map<uint64_t, uint32_t>> maps;
  };
  static SharedCounts Gather(size_t num_threads, ShardedLineCounter* counter) {
    SharedCounts shared;
    shared.parts = std::min(num_threads, counter->num_shards());
    shared.maps.resize(shared.parts);
    ParallelFor(shared.parts, [&](size_t t) {
      for (size_t shard = t; shard < counter->num_shards(); shard += shared.parts) {
        counter->ForEachInShard(shard, [&](uint64_t key, const LineEntry& e) {
          if (e.count >= 2) shared.maps[t].emplace(key, e.count);
        });
      }
    });
    return shared;
  }

  static uint64_t Collapse(std::vector<DocumentSketches>& sketches, const SharedCounts& shared,
                           const std::vector<uint64_t>& site_documents, ShardedLineCounter* counter,
                           uint32_t own_text_lines) {
    // Work is spread over one thread per counting thread (sketches.size()):
    // first by the threads' own sketches, then by runs of groups. Every result
    // is put in a fixed order before it is used, so nothing depends on the
    // threads.
    const size_t num_threads = std::max<size_t>(1, sketches.size());
    const size_t parts = shared.parts;
    auto count_of = [&](uint64_t key) -> uint32_t {
      const auto& map = shared.maps[counter->ShardOf(key) % parts];
      auto it = map.find(key);
      return it == map.end() ? 1 : it->second;
    };

    // Each document's signatures, with the sorted list of its long lines
    // that are not common on its site (its body, for an article): copies of
    // one article share nearly all of them. A signature is a line of the
    // smallest count: the one of the smallest key, and the one of the
    // largest. Two of an article's copies have its body lines at that count,
    // but a copy may have lines of its own there too (a site's two print
    // copies share their template's "Printed for personal use only"); one
    // key alone then picks such a line half of the time, two far less often.
    struct Member {
      uint32_t site;
      uint64_t signature;
      uint32_t owner;   // index in sketches
      uint32_t doc;     // index in the owner's documents
      uint32_t id;      // first_id[owner] + doc: the document among all
      uint64_t begin;   // its uncommon long keys: bodies[owner][begin, end)
      uint64_t end;
      uint32_t own;     // how many of them no other document of the site has
    };
    std::vector<std::vector<Member>> found(sketches.size());
    std::vector<std::vector<uint64_t>> bodies(sketches.size());
    std::vector<std::vector<uint32_t>> body_counts(sketches.size());
    // (Documents of one run: in memory at once, far fewer than 2^32.)
    std::vector<uint32_t> first_id(1, 0);
    uint64_t total_docs = 0;
    for (const DocumentSketches& s : sketches) {
      total_docs += s.docs_.size();
      DECHROME_CHECK(total_docs < UINT32_MAX);
      first_id.push_back(static_cast<uint32_t>(total_docs));
    }
    ParallelFor(num_threads, [&](size_t which) {
      if (which >= sketches.size()) return;
      const DocumentSketches& s = sketches[which];
      std::vector<uint64_t>& body = bodies[which];
      for (size_t d = 0; d < s.docs_.size(); ++d) {
        const DocumentSketches::Doc& doc = s.docs_[d];
        const uint64_t site_docs = site_documents[doc.site];
        uint32_t best_count = UINT32_MAX;
        uint64_t low_key = 0, high_key = 0;
        const uint64_t begin = body.size();
        // (body: keys, then counts, of the uncommon long lines; the counts
        // are dropped below.)
        std::vector<uint32_t>& counts = body_counts[which];
        counts.clear();
        uint32_t own = 0;
        for (uint64_t i = doc.begin; i < doc.begin + doc.num_keys; ++i) {
          if (!s.long_[i]) continue;
          const uint32_t count = count_of(s.keys_[i]);
          if (uint64_t{count} * 2 > site_docs) continue;  // common
          const uint64_t key = s.keys_[i];
          body.push_back(key);
          counts.push_back(count);
          own += count < 2 ? 1 : 0;
          if (count < 2 || count > best_count) continue;
          if (count < best_count) {
            best_count = count;
            low_key = high_key = key;
          } else {
            low_key = std::min(low_key, key);
            high_key = std::max(high_key, key);
          }
        }
        if (best_count == UINT32_MAX) {
          body.resize(begin);
          continue;
        }
        // The body leaves out lines on more than twice as many pages as the
        // rarest shared line (and one more): an article's copies put its
        // body on as many pages as there are copies (some lines on fewer, a
        // copy's extras, some on more, a teaser); a rotating list's
        // headlines, on a tenth of the site, are no part of what makes two
        // pages copies of one article, and they differ between the copies.
        uint64_t kept = begin;
        const uint64_t limit = 2 * uint64_t{best_count} + 1;
        for (size_t c = 0; c < counts.size(); ++c)
          if (counts[c] <= limit) body[kept++] = body[begin + c];
        body.resize(kept);
        std::sort(body.begin() + static_cast<std::ptrdiff_t>(begin), body.end());
        const uint32_t id = first_id[which] + static_cast<uint32_t>(d);
        for (uint64_t signature : {low_key, high_key}) {
          found[which].push_back(Member{doc.site, signature, static_cast<uint32_t>(which), static_cast<uint32_t>(d),
                                        id, begin, body.size(), own});
          if (high_key == low_key) break;
        }
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

    // Each thread validates a run of groups: a member that shares most of
    // its long lines with the group's first one is a copy of it (a pair).
    const size_t groups = group_starts.size() - 1;
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> pairs(num_threads);
    ParallelFor(num_threads, [&](size_t t) {
      for (size_t g = groups * t / num_threads; g < groups * (t + 1) / num_threads; ++g) {
        const size_t i = group_starts[g], j = group_starts[g + 1];
        if (j - i < 2) continue;
        auto [fb, fe] = body_of(members[i]);
        const size_t first_size = static_cast<size_t>(fe - fb);
        for (size_t k = i + 1; k < j; ++k) {
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
          // Most of the smaller body is in the other one, and at least half
          // of the larger: a copy that leaves out the original's in-body
          // extras (a print copy without its teasers) still joins.
          if (common < 3 || common * 10 < std::min(size, first_size) * 8 || common * 2 < std::max(size, first_size))
            continue;
          // Two pages that each have text of their own are two articles
          // (two posts under one large sidebar or list of links), not a
          // copy: a copy adds at most a line or two (a print copy's URL
          // line) to its original.
          if (own_text_lines > 0 && std::min(members[k].own, members[i].own) >= own_text_lines) continue;
          pairs[t].emplace_back(members[i].id, members[k].id);
        }
      }
    });
    // Clusters: the pairs joined (a document found with its copies under
    // both of its signatures is one cluster); the partition does not depend
    // on the order of the pairs. Union-find over the paired documents only
    // (memory as the pairs', not as all documents').
    std::vector<uint32_t> paired;
    for (const auto& list : pairs)
      for (const auto& [a, b] : list) paired.push_back(a), paired.push_back(b);
    std::sort(paired.begin(), paired.end());
    paired.erase(std::unique(paired.begin(), paired.end()), paired.end());
    auto index_of = [&](uint32_t id) {
      return static_cast<uint32_t>(std::lower_bound(paired.begin(), paired.end(), id) - paired.begin());
    };
    std::vector<uint32_t> parent(paired.size());
    for (uint32_t d = 0; d < parent.size(); ++d) parent[d] = d;
    auto root = [&](uint32_t d) {
      while (parent[d] != d) d = parent[d] = parent[parent[d]];
      return d;
    };
    for (const auto& list : pairs)
      for (const auto& [a, b] : list) {
        const uint32_t ra = root(index_of(a)), rb = root(index_of(b));
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
      }
    // Each cluster's documents, by root (ordered by document id).
    std::vector<std::pair<uint32_t, uint32_t>> clustered;  // (root, document id)
    clustered.reserve(paired.size());
    for (uint32_t d = 0; d < paired.size(); ++d) clustered.emplace_back(root(d), paired[d]);
    std::sort(clustered.begin(), clustered.end());
    std::vector<size_t> cluster_starts;
    for (size_t i = 0; i < clustered.size(); ++i)
      if (i == 0 || clustered[i].first != clustered[i - 1].first) cluster_starts.push_back(i);
    cluster_starts.push_back(clustered.size());
    auto doc_of = [&](uint32_t id) -> std::pair<const DocumentSketches*, const DocumentSketches::Doc*> {
      const size_t owner = static_cast<size_t>(std::upper_bound(first_id.begin(), first_id.end(), id) - first_id.begin()) - 1;
      return {&sketches[owner], &sketches[owner].docs_[id - first_id[owner]]};
    };

    // Each thread lists what to subtract for a run of clusters: every
    // distinct key of a member (chrome included) is corrected.
    struct Correction {
      uint64_t key;
      uint32_t amount;
    };
    std::vector<std::vector<Correction>> corrections(num_threads);
    const size_t clusters = cluster_starts.size() - 1;
    ParallelFor(num_threads, [&](size_t t) {
      absl::flat_hash_map<uint64_t, uint32_t> in_members;
      for (size_t c = clusters * t / num_threads; c < clusters * (t + 1) / num_threads; ++c) {
        in_members.clear();
        for (size_t m = cluster_starts[c]; m < cluster_starts[c + 1]; ++m) {
          const auto [s, doc] = doc_of(clustered[m].second);
          for (uint64_t x = doc->begin; x < doc->begin + doc->num_keys; ++x) ++in_members[s->keys_[x]];
        }
        for (const auto& [key, n] : in_members)
          if (n >= 2) corrections[t].push_back(Correction{key, n - 1});
      }
    });
    // Subtractions commute (each clamps at 1 the same way in any order); each
    // thread applies those of its shards.
    ParallelFor(parts, [&](size_t t) {
      for (const std::vector<Correction>& list : corrections)
        for (const Correction& c : list)
          if (counter->ShardOf(c.key) % parts == t) counter->Subtract(c.key, c.amount);
    });
    return clustered.size();
  }

  static absl::StatusOr<uint64_t> InParts(std::vector<DocumentSketches>& sketches,
                                          const std::vector<uint64_t>& site_documents,
                                          ShardedLineCounter* counter, uint64_t memory, SketchCollapseStats* stats,
                                          uint32_t own_text_lines) {
    const size_t num_threads = std::max<size_t>(1, sketches.size());
    SketchCollapseStats unused;
    if (stats == nullptr) stats = &unused;
    *stats = SketchCollapseStats();
    bool spilled = false;
    for (const DocumentSketches& s : sketches) {
      if (!s.status().ok()) return s.status();
      spilled = spilled || s.spilled();
      stats->memory_peak += s.MemoryUsage();
      stats->bytes_peak += s.held_bytes();
    }
    const SharedCounts shared = Gather(num_threads, counter);
    if (!spilled) return Collapse(sketches, shared, site_documents, counter, own_text_lines);
    // Every document to disk: then a run of partitions is all there is.
    std::vector<absl::Status> status(sketches.size());
    ParallelFor(sketches.size(), [&](size_t w) { status[w] = sketches[w].SpillAll(); });
    for (const absl::Status& s : status)
      if (!s.ok()) return s;
    std::vector<uint64_t> bytes(kSketchPartitions, 0);
    for (const DocumentSketches& s : sketches)
      for (uint32_t p = 0; p < kSketchPartitions; ++p) bytes[p] += s.PartitionBytes(p);
    uint64_t collapsed = 0;
    for (uint32_t first = 0; first < kSketchPartitions;) {
      uint32_t last = first + 1;
      uint64_t run = bytes[first];
      while (last < kSketchPartitions && run + bytes[last] <= memory) run += bytes[last++];
      if (run > 0) {
        std::vector<DocumentSketches> part(sketches.size());
        ParallelFor(sketches.size(), [&](size_t w) { status[w] = sketches[w].Load(first, last, &part[w]); });
        for (const absl::Status& s : status)
          if (!s.ok()) return s;
        uint64_t memory_held = 0, bytes_held = 0;
        for (const DocumentSketches& s : part) memory_held += s.MemoryUsage(), bytes_held += s.held_bytes();
        for (const DocumentSketches& s : sketches) memory_held += s.MemoryUsage();
        stats->memory_peak = std::max(stats->memory_peak, memory_held);
        stats->bytes_peak = std::max(stats->bytes_peak, bytes_held);
        ++stats->runs;
        collapsed += Collapse(part, shared, site_documents, counter, own_text_lines);
      }
      first = last;
    }
    return collapsed;
  }
};

uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                const std::vector<uint64_t>& site_documents,
                                ShardedLineCounter* counter, uint32_t own_text_lines) {
  for (const DocumentSketches& s : sketches) DECHROME_CHECK(!s.spilled());
  const size_t num_threads = std::max<size_t>(1, sketches.size());
  return CollapseAccess::Collapse(sketches, CollapseAccess::Gather(num_threads, counter), site_documents, counter,
                                  own_text_lines);
}

absl::StatusOr<uint64_t> CollapseNearDuplicatesInParts(std::vector<DocumentSketches>& sketches,
                                                       const std::vector<uint64_t>& site_documents,
                                                       ShardedLineCounter* counter, uint64_t memory,
                                                       SketchCollapseStats* stats, uint32_t own_text_lines) {
  return CollapseAccess::InParts(sketches, site_documents, counter, memory, stats, own_text_lines);
}

}  // namespace dechrome
