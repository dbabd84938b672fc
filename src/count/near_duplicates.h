// -----------------------------------------------------------------------------
// File: near_duplicates.h
// -----------------------------------------------------------------------------
//
// Copies of one article under several URLs of a site (print, AMP, mobile,
// tracking-parameter and syndicated copies) would multiply the counts of the
// article's lines until they look like chrome. After counting, documents of a
// site whose "signature" agrees are treated as one: every line's count is
// lowered by (number of cluster members containing it - 1).
//
// A document's signature is chosen among its long lines (normal form of at
// least kLongLine bytes) that are shared (count >= 2) but not common
// (count <= half the site): the one with the smallest count, ties broken by
// the smallest key. Copies of an article share their body, whose lines all
// have the same small count, so they agree; chrome lines are common and never
// chosen; a long line shared by a few articles (a repeated quote) may group
// those articles, which only lowers that line's count -- what a content line
// repeated in a few articles needs anyway. A member joins a cluster only if
// it shares at least 3 and at least 80% of its long uncommon lines with the
// cluster's first member (in key-list order), which keeps unrelated pages of
// one template apart.
//
// Everything here is a function of sets of keys: the result does not depend
// on the order in which documents were counted.
//
// Thread safety: DocumentSketches is filled by one thread (one per worker,
// merged afterwards); CollapseNearDuplicates runs alone, on one thread per
// DocumentSketches (signatures from each, then runs of groups).

#ifndef DECHROME_COUNT_NEAR_DUPLICATES_H_
#define DECHROME_COUNT_NEAR_DUPLICATES_H_

#include <cstdint>
#include <vector>

#include "count/sharded_counter.h"
#include "runtime/block_list.h"

namespace dechrome {

inline constexpr uint32_t kLongLine = 40;

// The distinct line keys of many documents, stored flat.
class DocumentSketches {
 public:
  // `keys`: the document's distinct keys; `is_long[i]` whether keys[i]'s
  // normal form is long.
  void Add(uint32_t site, const std::vector<uint64_t>& keys, const std::vector<bool>& is_long);
  size_t documents() const { return docs_.size(); }
  // Document `d` as Add() got it: returns its site and sets *keys and
  // *is_long (to send it to another process, which Add()s it).
  // REQUIRES: d < documents().
  uint32_t Get(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const;
  size_t MemoryUsage() const;

 private:
  friend uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                         const std::vector<uint64_t>& site_documents,
                                         ShardedLineCounter* counter);
  struct Doc {
    uint32_t site;
    uint32_t num_keys;
    uint64_t begin;  // into keys_
  };
  std::vector<Doc> docs_;
  BlockList<uint64_t> keys_;  // each document's keys, flagged:
  BlockList<uint8_t> long_;   // 1 if keys_[i] is a long line
};

// Applies the correction to `counter`. `site_documents[s]` is site s's
// document count. Returns the number of documents that joined a cluster of
// two or more.
uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                const std::vector<uint64_t>& site_documents,
                                ShardedLineCounter* counter);

}  // namespace dechrome

#endif  // DECHROME_COUNT_NEAR_DUPLICATES_H_
