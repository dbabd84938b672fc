// -----------------------------------------------------------------------------
// File: near_duplicates.h
// -----------------------------------------------------------------------------
//
// Copies of one article under several URLs of a site (print, AMP, mobile,
// tracking-parameter and syndicated copies) would multiply the counts of the
// article's lines until they look like chrome. After counting, documents of a
// site found to be copies of each other (below) are treated as one: every
// line's count is lowered by (number of cluster members containing it - 1).
//
// A document's two signatures are chosen among its long lines (normal form
// of at least kLongLine bytes) that are shared (count >= 2) but not common
// (count <= half the site): of those with the smallest count, the smallest
// key and the largest. Copies of an article share their body, whose lines
// all have the same small count, so they agree; chrome lines are common and
// never chosen. A copy may have lines of its own at that count (a site's
// two print pages share their template's lines): one key would pick such a
// line about as often as there are of them, two far less often. A long line
// shared by a few articles (a repeated quote) may group those articles,
// which only lowers that line's count -- what a content line repeated in a
// few articles needs anyway. Within a group (one site and signature) a
// member is a copy of the group's first member (in key-list order) if it
// shares at least 3 of its body lines with it, at least 80% of the smaller
// body and at least half of the larger, which keeps unrelated pages of one
// template apart. (80% of the smaller, not of the larger: a print or AMP
// copy often leaves out the original's in-body extras, its teasers and
// related links, which are long uncommon lines of the original alone.) Nor
// is it a copy when both it and the first member have text of their own,
// kOwnTextLines long lines or more that no other document of the site has:
// those are two articles that share a large block (a blog's sidebar of post
// titles, a list of links), whose shared lines are that block's, not an
// article's. A copy adds at most a line or two of its own to its original
// (a print copy's URL line); the original may have more (its teasers), the
// copy not. A body is the long uncommon lines on at most 2c + 1 pages, c the smallest
// count above: a rotating list's headlines, on a tenth of the site, differ
// between the copies and say nothing of the article. Copies found under
// either signature are joined into clusters (union-find over the pairs), and
// each cluster's lines are counted once.
//
// Everything here is a function of sets of keys: the result does not depend
// on the order in which documents were counted.
//
// Under a memory budget (SketchSpillOptions) a DocumentSketches that would
// hold more than its share writes what it holds to an unlinked temporary
// file and starts again empty in the same memory. The documents are
// written partitioned by site (kSketchPartitions partitions, site index
// modulo their number; zstd blocks of about kSketchBlockBytes), since a
// document's sketch meets only those of its own site.
// CollapseNearDuplicatesInParts() then brings back a run of partitions at
// a time, as many as fit in the budget (one partition at least: one huge
// site may pass it), and collapses them: a result equal to the collapse of
// everything at once, because clusters never cross sites and the
// corrections commute.
//
// Thread safety: DocumentSketches is filled by one thread (one per worker,
// merged afterwards), which also spills it; CollapseNearDuplicates runs
// alone, on one thread per DocumentSketches (signatures from each, then runs
// of groups).

#ifndef DECHROME_COUNT_NEAR_DUPLICATES_H_
#define DECHROME_COUNT_NEAR_DUPLICATES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "count/sharded_counter.h"
#include "count/spill.h"
#include "dechrome/status.h"
#include "runtime/block_list.h"

namespace dechrome {

inline constexpr uint32_t kLongLine = 40;
// Long lines of a document's own (in no other document of its site) that
// make it a text of its own, which is no copy of another such text (see
// above; PolicyOptions::own_text_apart).
inline constexpr uint32_t kOwnTextLines = 3;
inline constexpr uint32_t kSketchPartitions = 256;
inline constexpr size_t kSketchBlockBytes = size_t{256} << 10;

struct SketchSpillOptions {
  // The bytes of documents (16 a document, 9 a key) one DocumentSketches
  // holds before it spills; 0: no limit, never spills.
  uint64_t memory = 0;
  std::string dir;  // where the spill file goes (see TempFile)
};

// The distinct line keys of many documents, stored flat.
class DocumentSketches {
 public:
  DocumentSketches() = default;
  explicit DocumentSketches(SketchSpillOptions spill) : spill_(std::move(spill)) {}
  DocumentSketches(DocumentSketches&&) = default;
  DocumentSketches& operator=(DocumentSketches&&) = default;

  // `keys`: the document's distinct keys; `is_long[i]` whether keys[i]'s
  // normal form is long. Spills what is held first when it would pass the
  // budget (an error goes to status()).
  void Add(uint32_t site, const std::vector<uint64_t>& keys, const std::vector<bool>& is_long);
  size_t documents() const { return docs_.size() + spilled_docs_; }  // spilled ones included
  // Document `d` as Add() got it: returns its site and sets *keys and
  // *is_long (to send it to another process, which Add()s it).
  // REQUIRES: !spilled(), d < documents().
  uint32_t Get(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const;
  // Bytes allocated (what is spilled not included).
  size_t MemoryUsage() const;

  // Writes every document held to the spill file (creating it). An error is
  // also kept in status().
  absl::Status Spill();
  // Spill(), then frees the memory that Spill() keeps for what comes next
  // (the documents are all on disk then, until more are added).
  absl::Status SpillAll();
  bool spilled() const { return file_ != nullptr; }
  // The first spill error; once failed, what the object holds is unspecified.
  const absl::Status& status() const { return status_; }
  // Spill() calls that wrote, and the bytes written (those carried over
  // included).
  uint64_t spill_runs() const { return spill_runs_ + carried_runs_; }
  uint64_t spill_bytes() const { return (file_ == nullptr ? 0 : file_->size()) + carried_bytes_; }
  // Adds `from`'s spill counts to this object's: the MPI exchange moves one
  // object's documents into another and drops the first.
  void CarrySpillStats(const DocumentSketches& from) {
    carried_runs_ += from.spill_runs();
    carried_bytes_ += from.spill_bytes();
  }
  const SketchSpillOptions& spill_options() const { return spill_; }

  // Every document, spilled ones first (partition by partition), then those
  // held; for the exchange between processes, which sends each to its
  // site's owner.
  class Reader {
   public:
    explicit Reader(const DocumentSketches& sketches) : s_(sketches) {}
    // The next document as Get() gives it, or false at the end or on an
    // error (status()).
    bool Next(uint32_t* site, std::vector<uint64_t>* keys, std::vector<bool>* is_long);
    const absl::Status& status() const { return status_; }

   private:
    const DocumentSketches& s_;
    uint32_t partition_ = 0;
    size_t block_ = 0;  // next block of partition_
    std::string raw_, compressed_;
    size_t pos_ = 0;    // in raw_
    size_t held_ = 0;   // next held document, once the spilled ones are read
    absl::Status status_;
  };

 private:
  friend struct CollapseAccess;
  struct Doc {
    uint32_t site;
    uint32_t num_keys;
    uint64_t begin;  // into keys_
  };
  // A compressed block of one partition's documents, each as u32 site,
  // u32 keys, the keys (u64 each), their long flags (a byte each).
  struct Block {
    uint64_t offset = 0;
    uint32_t bytes = 0;  // compressed
    uint32_t raw = 0;
    uint32_t docs = 0;
  };
  // Bytes the documents held take (as `memory` counts them).
  uint64_t held_bytes() const { return docs_.size() * sizeof(Doc) + keys_.size() * 9; }
  // The bytes partition p's spilled documents take once brought back.
  uint64_t PartitionBytes(uint32_t p) const;
  // Frees the memory Spill() keeps for what comes next.
  void ReleaseMemory();
  uint32_t GetHeld(size_t d, std::vector<uint64_t>* keys, std::vector<bool>* is_long) const;
  // Adds the spilled documents of partitions [first, last) to `into`.
  absl::Status Load(uint32_t first, uint32_t last, DocumentSketches* into) const;
  absl::Status ReadBlock(const Block& b, std::string* compressed, std::string* raw) const;
  absl::Status WriteBlock(uint32_t partition, const std::string& raw, uint32_t docs);

  SketchSpillOptions spill_;
  std::vector<Doc> docs_;
  // (Blocks of 2^12 entries, 32 KiB of keys: an object allocates little
  // more than it holds, also at a small share of the budget.)
  BlockList<uint64_t, 12> keys_;  // each document's keys, flagged:
  BlockList<uint8_t, 12> long_;   // 1 if keys_[i] is a long line
  // Spilled: blocks by partition.
  std::unique_ptr<TempFile> file_;
  std::vector<std::vector<Block>> blocks_;
  uint64_t spilled_docs_ = 0;
  uint64_t spill_runs_ = 0;
  uint64_t carried_runs_ = 0, carried_bytes_ = 0;  // CarrySpillStats()
  std::string compressed_;  // Spill()'s buffer
  absl::Status status_;
};

// Applies the correction to `counter`. `site_documents[s]` is site s's
// document count. Two documents that each have `own_text_lines` long lines
// of their own or more are not joined (0: no such test). Returns the number
// of documents that joined a cluster of two or more. REQUIRES: no sketches
// spilled().
uint64_t CollapseNearDuplicates(std::vector<DocumentSketches>& sketches,
                                const std::vector<uint64_t>& site_documents,
                                ShardedLineCounter* counter, uint32_t own_text_lines = kOwnTextLines);

// What CollapseNearDuplicatesInParts() held.
struct SketchCollapseStats {
  uint64_t memory_peak = 0;  // the most bytes the sketches had allocated at once
  uint64_t bytes_peak = 0;   // the most bytes of documents held at once (as SketchSpillOptions counts)
  uint64_t runs = 0;         // runs of partitions brought back (0: none spilled)
};

// The same for sketches that may have spilled (or failed to: their
// status()): when any did, every one spills what it holds and the
// partitions come back a run at a time, the run's documents taking at most
// `memory` bytes (or one partition). A spilled partition that does not read
// back is an error naming the folder.
absl::StatusOr<uint64_t> CollapseNearDuplicatesInParts(std::vector<DocumentSketches>& sketches,
                                                       const std::vector<uint64_t>& site_documents,
                                                       ShardedLineCounter* counter, uint64_t memory,
                                                       SketchCollapseStats* stats = nullptr,
                                                       uint32_t own_text_lines = kOwnTextLines);

}  // namespace dechrome

#endif  // DECHROME_COUNT_NEAR_DUPLICATES_H_
