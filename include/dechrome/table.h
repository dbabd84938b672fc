// -----------------------------------------------------------------------------
// File: table.h
// -----------------------------------------------------------------------------
//
// A ChromeTable holds what the counting pass learned: every site with its
// document count, and every (site, normalised line) key with the number of
// the site's documents containing it (near-duplicate documents counted
// once), plus the options that decide which lines are chrome. `filter` needs
// nothing else. Counts, not decisions, are kept, so two tables over disjoint
// inputs merge into the table of the union (Merge()).
//
// File format (version 2), all integers little-endian:
//
//   offset  size  field
//   0       8     magic "DCHRTBL\n"
//   8       4     format version (2)
//   12      4     flags: bit 0 fold_dates, bit 1 site_by_domain,
//                 bit 2 collapse_near_duplicates, bit 3 protect_isolated,
//                 bit 4 protect_title, bit 5 page_structure,
//                 bit 6 NOT protect_lead, bit 7 remove_labels,
//                 bit 8 NOT other_headline, bit 9 headline keys counted
//                 (entries whose global key is HeadlineGlobal(key),
//                 src/policy/headline.h; a table without bit 9 reads with
//                 other_headline off), bit 10 templated (template keys
//                 counted: entries whose global key is TemplateGlobal(key),
//                 src/policy/headline.h; a table without bit 10 reads with
//                 templated off), bit 11 protect_interview (a table
//                 without it reads with the rule off), bit 12
//                 headline_list (headline keys counted for it; a table
//                 without it reads with the rule off), bit 13 NOT
//                 article_head, bit 14 NOT page_date, bit 15 NOT
//                 own_story, bit 16 protect_dateline, bit 17
//                 comment_region, bit 18 signed_comments, bit 19
//                 own_text_apart (near-duplicates counted with it), bit
//                 20 dated_bylines, bit 21 headline_tail (a table without
//                 them reads with those rules off); other bits: refused
//                 (a newer build's)
//   16      4     min_count
//   20      8     min_fraction (IEEE-754 double)
//   28      4     min_site_docs
//   32      4     min_sites
//   36      4     cross_site_min_length
//   40      8     isolated_max_fraction (IEEE-754 double)
//   48      4     isolated_max_run
//   52      4     long_line_length
//   56      4     long_min_count
//   60      8     number of sites S
//           S x   { u64 documents, u32 name length, name bytes }   (sorted by name)
//           8     number of entries E
//           E x   { u64 key, u64 global key, u32 count, u32 site index } (sorted by key)
//           8     XXH3-64 of every byte before it
//
// Sites are named as SiteResolver names them (IDN hosts in their ASCII
// form). Version 1 is the same layout from builds that kept IDN hosts in
// UTF-8: it is read unless a site name holds a non-ASCII byte, '%' or '['
// (its keys were seeded with a name that this build never gives).
//
// A file with another magic, version, or checksum is refused with a clear
// error (DataLossError / InvalidArgumentError naming the path).
//
// Lean tables. Most entries are content lines seen on one page of their site:
// no decision reads them. Load() with LoadMode::kForFilter keeps the entries
// that ChromeDecider reads for the table's final policy (DecisionEntries in
// src/policy/decider.h: headline and template counts when their rule is on;
// lines and element paths that are chrome by count, repeated, or on
// min_sites sites or more) and the cross-site counts of the global keys on
// min_sites sites or more. The cross-site counts are made from every entry
// of the file before anything is dropped. kForAudit keeps in addition the
// keys of the dropped line entries seen once and every cross-site count, so
// that Explain() -- the counts the audit prints -- answers as the full table
// does. Filter output, audit and decision statistics are the same with a
// full and a lean table (tests/table/lean_table_test.cc). A lean table is
// not a counting table: Save() and Merge() refuse it, and its policy is
// fixed at load time (LoadOptions::adjust_policy).
//
// Thread safety: const methods may be called concurrently; mutation needs
// exclusive access.

#ifndef DECHROME_TABLE_H_
#define DECHROME_TABLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/status.h"

namespace dechrome {

class ChromeTable {
 public:
  struct Site {
    std::string name;        // "example.com"
    uint64_t documents = 0;  // documents of the site counted
  };
  struct Entry {
    uint64_t key = 0;     // LineKey(normalised line, SiteSeed(site))
    uint64_t global = 0;  // GlobalLineKey(normalised line)
    uint32_t count = 0;   // documents of the site containing the line
    uint32_t site = 0;    // index into sites()
  };

  // What Load() keeps (see "Lean tables" above).
  enum class LoadMode {
    kFull,       // every entry: the counting table (Save, Merge, explain)
    kForFilter,  // what filter's decisions read
    kForAudit,   // kForFilter, and what Explain() reads for the audit
  };
  struct LoadOptions {
    LoadMode mode = LoadMode::kFull;
    // Called with the policy stored in the file before any entry is read;
    // the policy it leaves is the table's (filter's command-line overrides).
    // A lean table keeps what that policy decides with.
    std::function<void(PolicyOptions*)> adjust_policy;
  };

  ChromeTable() = default;

  // The bytes every table file begins with.
  static std::string_view FileMagic();

  // REQUIRES: `sites` sorted by name without duplicates, `entries` sorted by
  // key without duplicates, every entry's site < sites.size(). `threads`:
  // how many threads may build the cross-site index.
  ChromeTable(std::vector<Site> sites, std::vector<Entry> entries,
              PolicyOptions policy, bool site_by_domain, int threads = 1);

  const std::vector<Site>& sites() const { return sites_; }
  const std::vector<Entry>& entries() const { return entries_; }
  const PolicyOptions& policy() const { return policy_; }
  // REQUIRES: !lean() (a lean table kept what its policy needs; set the
  // policy with LoadOptions::adjust_policy instead).
  void set_policy(const PolicyOptions& policy) {
    DECHROME_CHECK(mode_ == LoadMode::kFull);
    policy_ = policy;
  }
  bool lean() const { return mode_ != LoadMode::kFull; }
  LoadMode mode() const { return mode_; }
  // Entries in the table file (entries().size() unless lean()).
  uint64_t file_entries() const { return lean() ? file_entries_ : entries_.size(); }
  bool site_by_domain() const { return site_by_domain_; }

  // Index of site `name` in sites(), or -1.
  int FindSite(std::string_view name) const;
  // The entry of `key`, or nullptr. (A lean table has only the entries
  // decisions read: see "Lean tables".)
  const Entry* Find(uint64_t key) const;
  // Whether the table file has an entry of line key `key`, with its count in
  // *count (0 if none). Find() for a full table; a kForAudit table also
  // answers for the line entries it dropped (count 1). A kForFilter table
  // answers as Find(), which is wrong for the entries it dropped: decisions
  // never ask, only Explain() does.
  bool Lookup(uint64_t key, uint32_t* count) const;
  // Number of distinct sites whose entries have this global key.
  uint32_t CrossSites(uint64_t global) const;
  // (global key, distinct sites) for every global key on two sites or more,
  // sorted by global key.
  const std::vector<std::pair<uint64_t, uint32_t>>& cross_sites() const { return cross_; }

  // Adds `other`'s counts into this table. FailedPreconditionError if either
  // table is lean(). The normalisation options and
  // site mode must agree (InvalidArgumentError otherwise); the policy of
  // this table is kept, with other_headline, headline_list, templated and page_structure
  // only if both tables have them (the counts of both), and
  // collapse_near_duplicates only if both were collapsed.
  absl::Status Merge(const ChromeTable& other);

  // Written under a temporary name and renamed when complete.
  // FailedPreconditionError for a lean() table.
  absl::Status Save(const std::string& path) const;
  static absl::StatusOr<ChromeTable> Load(const std::string& path) { return Load(path, LoadOptions()); }
  // kFull reads the file whole; a lean mode streams it (what it keeps, plus
  // 8 bytes a file entry while the cross-site counts are made), reading the
  // entries twice when the cross-site set or the audit needs it (the second
  // read must find the same bytes: DataLossError otherwise).
  static absl::StatusOr<ChromeTable> Load(const std::string& path, const LoadOptions& options);
  // The serialised form (what Save() writes) and its inverse.
  // REQUIRES: !lean().
  std::string Serialize() const;
  // The same in pieces of about 1 MiB, in order, stopping at the first error
  // `sink` returns (and returning it).
  absl::Status SerializeTo(const std::function<absl::Status(std::string_view)>& sink) const;
  static absl::StatusOr<ChromeTable> Deserialize(std::string_view bytes,
                                                 std::string_view name);

  // A lean table made from its parts instead of loaded: what Load() with
  // `mode` keeps of a file of `file_entries` entries (an mpirun job's
  // processes make it together, none of them holding the file's entries:
  // src/mpi/). REQUIRES: mode is lean; `entries` sorted by key, the ones
  // that LeanKeepOf() (src/table/decision_entries.h) keeps whole; `cross`
  // sorted by global key, the (global key, sites) on 2 sites or more that
  // LeanKeepsCross() keeps; `key_only` sorted, the keys LeanKeepOf() keeps
  // alone (kForAudit; empty for kForFilter).
  static ChromeTable Lean(LoadMode mode, std::vector<Site> sites, std::vector<Entry> entries,
                          std::vector<std::pair<uint64_t, uint32_t>> cross, std::vector<uint64_t> key_only,
                          PolicyOptions policy, bool site_by_domain, uint64_t file_entries);

  // Approximate bytes held in memory.
  size_t MemoryUsage() const;

 private:
  void BuildCrossIndex(int threads = 1);
  static absl::StatusOr<ChromeTable> LoadLean(const std::string& path, const LoadOptions& options);

  std::vector<Site> sites_;
  std::vector<Entry> entries_;
  PolicyOptions policy_;
  bool site_by_domain_ = true;
  // (global key, distinct sites), sorted by global key.
  std::vector<std::pair<uint64_t, uint32_t>> cross_;
  LoadMode mode_ = LoadMode::kFull;
  uint64_t file_entries_ = 0;  // lean(): entries in the file
  // kForAudit: the keys of the line entries dropped (count 1), sorted.
  std::vector<uint64_t> seen_once_;
};

}  // namespace dechrome

#endif  // DECHROME_TABLE_H_
