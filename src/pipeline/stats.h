// -----------------------------------------------------------------------------
// File: stats.h
// -----------------------------------------------------------------------------
//
// Counters that a worker fills for one chunk and the consumer adds into the
// Summary, in input order (so warnings come out in a deterministic order).
//
// Thread safety: plain data, one owner at a time.

#ifndef DECHROME_PIPELINE_STATS_H_
#define DECHROME_PIPELINE_STATS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "dechrome/pipeline.h"
#include "record/record.h"

namespace dechrome {

inline constexpr size_t kMaxWarnings = 20;
// Lenient WARC repairs listed among the warnings, at most (all are counted).
inline constexpr size_t kMaxRepairWarnings = 10;

struct ChunkStats {
  uint64_t records = 0;
  uint64_t documents = 0;
  uint64_t passthrough = 0;
  std::map<std::string, uint64_t> passthrough_types;
  uint64_t malformed = 0;
  uint64_t html_documents = 0;
  uint64_t html_not_decoded = 0;
  uint64_t records_left_out = 0;
  uint64_t skipped_bytes = 0;
  uint64_t skipped_bytes_left_out = 0;
  uint64_t documents_without_site = 0;
  uint64_t lines = 0;
  uint64_t lines_removed = 0;
  uint64_t text_bytes = 0;
  uint64_t text_bytes_removed = 0;
  uint64_t documents_emptied = 0;
  uint64_t documents_dropped = 0;
  uint64_t bytes_in = 0;
  uint64_t hinted_documents = 0;
  uint64_t documents_from_spans = 0;
  uint64_t html_from_hints = 0;
  uint64_t oversized = 0;
  uint64_t oversized_bytes = 0;
  uint64_t warc_repairs = 0;
  uint64_t made_up_ids = 0;
  std::vector<std::string> warnings;
  // The first kMaxRepairWarnings repairs of this chunk, in order; AddTo()
  // keeps those among the first kMaxRepairWarnings of the pass.
  std::vector<std::string> repair_warnings;
  absl::flat_hash_map<uint32_t, Summary::SiteStats> per_site;

  // Counts a framing issue of input `path`: its bytes, and (unless it
  // continues a cut run) one lenient repair, with a warning.
  void AddIssue(const std::string& path, const FramingIssue& issue);
  // Counts a piece of an oversized record (record limit `max_bytes`).
  void AddPiece(const std::string& path, const Chunk& chunk, uint64_t max_bytes);

  void AddTo(Summary* s) const;
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_STATS_H_
