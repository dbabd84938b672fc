// -----------------------------------------------------------------------------
// File: decision_entries.h
// -----------------------------------------------------------------------------
//
// DecisionEntries: which entries of a table the decisions read
// (src/policy/decider.h), for a policy and the table's sites. It lives with
// the table, below the policy layer, because the lean load of a table
// (ChromeTable::LoadMode::kForFilter) keeps exactly these; ChromeDecider's
// constructor reads these and nothing else, so that a decider built on a
// lean table decides as one built on the whole table.
//
// Thread safety: immutable after construction.

#ifndef DECHROME_TABLE_DECISION_ENTRIES_H_
#define DECHROME_TABLE_DECISION_ENTRIES_H_

#include <cstdint>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/table.h"
#include "hash/line_hash.h"

namespace dechrome {

// The count from which a line is chrome on a site of `docs` documents
// (UINT32_MAX: never), short or long lines.
uint32_t SiteThreshold(const PolicyOptions& p, uint64_t docs, bool long_line);

class DecisionEntries {
 public:
  DecisionEntries(const PolicyOptions& policy, const std::vector<ChromeTable::Site>& sites);

  // Whether the decider reads entry `e`. `cross`: its global key is in the
  // cross-site set (on >= min_sites sites, min_sites > 0). Headline (for
  // other_headline, headline_list or templated) and
  // template entries are read when their rule is on; a line (or element
  // path) entry when it is chrome by its count (>= the lower of its site's
  // two thresholds), repeated (count >= 2), or in the cross-site set.
  bool Needed(const ChromeTable::Entry& e, bool cross) const {
    if (IsHeadlineEntry(e)) return other_headline_;
    if (IsTemplateEntry(e)) return templated_;
    return e.count >= 2 || cross || e.count >= min_threshold_[e.site];
  }
  static bool IsHeadlineEntry(const ChromeTable::Entry& e) { return e.global == HeadlineGlobal(e.key); }
  static bool IsTemplateEntry(const ChromeTable::Entry& e) { return e.global == TemplateGlobal(e.key); }
  // An HTML element path's entry (PathKey(); its global key is its key).
  // REQUIRES: neither a headline nor a template entry.
  static bool IsPathEntry(const ChromeTable::Entry& e) { return e.global == e.key; }

  // By site: the threshold of short lines, of long lines, and the lower.
  const std::vector<uint32_t>& short_threshold() const { return short_threshold_; }
  const std::vector<uint32_t>& long_threshold() const { return long_threshold_; }
  const std::vector<uint32_t>& min_threshold() const { return min_threshold_; }

 private:
  bool other_headline_, templated_;
  std::vector<uint32_t> short_threshold_, long_threshold_, min_threshold_;
};

// What a lean table (ChromeTable::LoadMode, "Lean tables" in
// include/dechrome/table.h) keeps of entry `e` of the file: the entry
// itself (what decisions read; with `audit`, a line entry of count 0 too),
// only its key (`audit`: a line entry dropped, Lookup() answers count 1), or
// nothing. `cross`: e.global is in the decider's cross-site set.
// ChromeTable::Load() and an mpirun job's processes (src/mpi/), which make
// the lean table without any of them holding the file's entries, both
// decide with it.
enum class LeanKeep { kNothing, kEntry, kKeyOnly };
inline LeanKeep LeanKeepOf(const DecisionEntries& needs, const ChromeTable::Entry& e, bool cross, bool audit) {
  const bool line = !DecisionEntries::IsHeadlineEntry(e) && !DecisionEntries::IsTemplateEntry(e);
  if (needs.Needed(e, cross) || (audit && e.count == 0 && line)) return LeanKeep::kEntry;
  return audit && line ? LeanKeep::kKeyOnly : LeanKeep::kNothing;
}
// Whether a lean table keeps the cross-site count of a global key seen on
// `sites` >= 2 sites: decisions read those on min_sites sites or more, the
// audit (Explain()) any.
inline bool LeanKeepsCross(uint32_t min_sites, uint32_t sites, bool audit) {
  return audit || (min_sites > 0 && sites >= min_sites);
}

}  // namespace dechrome

#endif  // DECHROME_TABLE_DECISION_ENTRIES_H_
