// -----------------------------------------------------------------------------
// File: decider.h
// -----------------------------------------------------------------------------
//
// A ChromeDecider turns a ChromeTable (counts) and its PolicyOptions into
// decisions: the set of (site, line) keys that are chrome on their site, and
// the set of global keys that are chrome everywhere (seen on many sites).
// Both sets are small (templates repeat; content does not), so the filtering
// pass answers each line with one or two lookups in cache-resident tables.
//
// Rules, in the order Explain() reports them:
//   "small-site"  the site has fewer than min_site_docs documents: keep;
//   "site"        count >= max(min_count, ceil(min_fraction * site docs));
//   "cross-site"  the line is on >= min_sites sites and its normal form is
//                 at least cross_site_min_length bytes long;
//   "unique"      none of the above: keep.
//
// Thread safety: const after construction; share it between threads.

#ifndef DECHROME_POLICY_DECIDER_H_
#define DECHROME_POLICY_DECIDER_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "dechrome/table.h"

namespace dechrome {

struct Verdict {
  bool chrome = false;
  const char* rule = "unique";
  uint32_t count = 0;      // documents of the site containing the line
  uint32_t threshold = 0;  // the site's threshold (UINT32_MAX: never)
  uint32_t sites = 0;      // distinct sites containing the line
  uint64_t site_documents = 0;
};

class ChromeDecider {
 public:
  explicit ChromeDecider(const ChromeTable& table);

  // The document-count threshold of site `site` (an index into the table's
  // sites, or -1 for an unknown site) for a line whose normal form has
  // `norm_length` bytes: UINT32_MAX when the site is too small.
  uint32_t Threshold(int site, size_t norm_length = 0) const;

  // Whether the line is a chrome candidate by its counts alone (before the
  // document-level protections of DocumentJudge). `norm_length` is its
  // normal form's length. *count receives its site count (for a site
  // candidate) or 0.
  bool IsChrome(int site, uint64_t key, uint64_t global, size_t norm_length,
                uint32_t* count = nullptr) const {
    if (site >= 0) {
      auto it = chrome_keys_.find(key);
      if (it != chrome_keys_.end() && it->second >= Threshold(site, norm_length)) {
        if (count) *count = it->second;
        return true;
      }
    }
    if (count) *count = 0;
    return norm_length >= cross_min_length_ && cross_globals_.contains(global);
  }
  const ChromeTable& table() const { return table_; }

  // Whether the (site, line) key is in two documents of its site or more
  // (after near-duplicate collapse).
  bool IsRepeated(uint64_t key) const {
    return chrome_keys_.contains(key) || repeated_.contains(key);
  }

  // The same decision with its reasons (slow path: explain, audit).
  Verdict Explain(int site, uint64_t key, uint64_t global, size_t norm_length) const;

  size_t chrome_keys() const { return chrome_keys_.size(); }
  size_t cross_site_keys() const { return cross_globals_.size(); }

 private:
  const ChromeTable& table_;
  // Keys at or above the lower of their site's two thresholds -> count.
  absl::flat_hash_map<uint64_t, uint32_t> chrome_keys_;
  std::vector<uint32_t> short_threshold_, long_threshold_;  // by site
  // Other keys with a count of 2 or more (few: below both thresholds).
  absl::flat_hash_set<uint64_t> repeated_;
  absl::flat_hash_set<uint64_t> cross_globals_;
  size_t cross_min_length_;
};

}  // namespace dechrome

#endif  // DECHROME_POLICY_DECIDER_H_
