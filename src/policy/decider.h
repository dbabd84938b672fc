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
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "dechrome/table.h"
#include "table/decision_entries.h"
#include "hash/line_hash.h"
#include "policy/headline.h"

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
      auto it = known_.find(key);
      if (it != known_.end() && Count(it->second) >= Threshold(site, norm_length)) {
        if (count) *count = Count(it->second);
        return true;
      }
    }
    if (count) *count = 0;
    return norm_length >= cross_min_length_ && cross_globals_.contains(global);
  }

  // The same for a line of a document whose lines were all counted into this
  // table (pass 2 of a run, site >= 0): the line then has a table entry, so
  // the cross-site rule can be told from its key alone, and one lookup
  // answers everything.
  struct Counted {
    bool site_chrome = false;   // count >= the site's threshold
    bool cross_chrome = false;  // not site_chrome, and on min_sites sites
    bool repeated = false;      // IsRepeated()
    uint32_t count = 0;         // its site count (0: not in the table's sets)
  };
  // Starts loading what LookupCounted(key) and IsChrome() will read.
  void Prefetch(uint64_t key) const { known_.prefetch(key); }
  Counted LookupCounted(int site, uint64_t key, size_t norm_length) const {
    Counted c;
    auto it = known_.find(key);
    if (it == known_.end()) return c;
    c.count = Count(it->second);
    c.repeated = Repeated(it->second);
    c.site_chrome = c.count >= Threshold(site, norm_length);
    c.cross_chrome = !c.site_chrome && (it->second & kCrossBit) != 0 &&
                     norm_length >= cross_min_length_;
    return c;
  }

  const ChromeTable& table() const { return table_; }

  // Whether pass 1 counted the line with this (site, line) key as some
  // document's own headline (headline.h): 0, or how many documents.
  // Starts loading what HeadlineCount(key) will read.
  void PrefetchHeadline(uint64_t key) const {
    if (!headlines_.empty()) headlines_.prefetch(HeadlineKey(key));
  }
  uint32_t HeadlineCount(uint64_t key) const {
    if (headlines_.empty()) return 0;
    auto it = headlines_.find(HeadlineKey(key));
    return it == headlines_.end() ? 0 : it->second;
  }

  // Whether the line with this global key (GlobalLineKey() of its normal
  // form) is some document's own headline on any site, as pass 1 counted it
  // (PolicyOptions::headline_list; false when the rule is off).
  bool IsAnyHeadline(uint64_t global) const { return headline_globals_.contains(global); }
  bool has_headline_globals() const { return !headline_globals_.empty(); }

  // How many documents of site `site` (>= 0) pass 1 counted the label
  // `prefix` (TemplatePrefix()) in: 0 when none or the rule is off.
  uint32_t TemplateCount(int site, std::string_view prefix) const {
    if (templates_.empty() || site < 0) return 0;
    auto it = templates_.find(TemplateKey(LineKey(prefix, site_seeds_[site])));
    return it == templates_.end() ? 0 : it->second;
  }

  // The seed of site `site`'s line keys (LineKey(norm, seed)).
  // REQUIRES: the "templated" rule is on (the seeds are kept for it alone)
  // and 0 <= site < the table's sites.
  uint64_t SeedOfSite(int site) const { return site_seeds_[static_cast<size_t>(site)]; }

  // Whether the (site, line) key is in two documents of its site or more
  // (after near-duplicate collapse).
  bool IsRepeated(uint64_t key) const {
    auto it = known_.find(key);
    return it != known_.end() && Repeated(it->second);
  }

  // The same decision with its reasons (slow path: explain, audit).
  Verdict Explain(int site, uint64_t key, uint64_t global, size_t norm_length) const;

  // Line entries chrome by their count (>= the lower of the site's two
  // thresholds): (site, line) keys, not element paths.
  size_t chrome_keys() const { return chrome_keys_; }
  // Element path entries (PathKey()) at or above that count.
  size_t chrome_path_keys() const { return chrome_path_keys_; }
  size_t cross_site_keys() const { return cross_globals_.size(); }

 private:
  const ChromeTable& table_;
  // Every key that can matter in a document -> its count, with flags: at or
  // above the lower of its site's two thresholds (kChromeBit), or a line of
  // cross_globals_ (kCrossBit); the others have a count of 2 or more (few:
  // templates repeat, content does not).
  static constexpr uint32_t kChromeBit = 1u << 31, kCrossBit = 1u << 30;
  static uint32_t Count(uint32_t v) { return v & ~(kChromeBit | kCrossBit); }
  static bool Repeated(uint32_t v) { return Count(v) >= 2 || (v & kChromeBit) != 0; }
  absl::flat_hash_map<uint64_t, uint32_t> known_;
  size_t chrome_keys_ = 0;
  size_t chrome_path_keys_ = 0;
  std::vector<uint32_t> short_threshold_, long_threshold_, min_threshold_;  // by site
  absl::flat_hash_set<uint64_t> cross_globals_;
  absl::flat_hash_map<uint64_t, uint32_t> headlines_;  // headline key -> documents
  absl::flat_hash_set<uint64_t> headline_globals_;     // global keys of all headlines (headline_list)
  absl::flat_hash_map<uint64_t, uint32_t> templates_;  // template key -> documents
  std::vector<uint64_t> site_seeds_;                    // by site (templated on)
  size_t cross_min_length_;
};

}  // namespace dechrome

#endif  // DECHROME_POLICY_DECIDER_H_
