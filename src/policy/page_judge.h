// -----------------------------------------------------------------------------
// File: page_judge.h
// -----------------------------------------------------------------------------
//
// The second look at the lines of an HTML page, after DocumentJudge: the
// page's structure (LineFacts: element path, landmarks, link bytes) and the
// site's containers (how often each element path is on the site's pages,
// and how often it is mostly links there, counted in pass 1 under
// PathKey()). Lines of text documents are left alone.
//
// Rules, in the order they apply (each only to lines still kept):
//   "link-box"           the line's container (element path) is on at least
//                        3 of the site's pages and mostly links on at least
//                        half of them (menus, "related stories" boxes whose
//                        items rotate), and the line itself is mostly link
//                        or short;
//   "outside-article"    the page's article is the run of lines with the
//                        most prose in it: each line weighs its bytes of
//                        plain (not link) text, less a fixed cost, and
//                        chrome lines, link lines and lines in landmark
//                        containers (nav, footer, aside, form, comment,
//                        share, ...) weigh against it; lines outside the
//                        heaviest run go, except the page's headline;
//   "protected-headline" a heading above the article whose words are in
//                        the page's <title>: kept;
//   "link-line"          a line of the article of at most 160 bytes that is
//                        at least 70% link ("READ MORE: <headline>").
//
// Thread safety: one PageJudge per thread; the decider may be shared.

#ifndef DECHROME_POLICY_PAGE_JUDGE_H_
#define DECHROME_POLICY_PAGE_JUDGE_H_

#include <cstdint>
#include <vector>

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "hash/line_hash.h"
#include "policy/decider.h"
#include "policy/document_judge.h"
#include "record/record.h"

namespace dechrome {

// The element paths of an HTML page to count in pass 1: each distinct path
// once, with kind 1 when the path's text on this page is mostly links.
// Appends PathKey()s to *keys.
void PagePathKeys(const ParsedRecord& page, uint64_t site_seed, std::vector<uint64_t>* keys);

class PageJudge {
 public:
  explicit PageJudge(const ChromeDecider& decider);

  // Refines rules[i] (DocumentJudge's) for the lines of `page`; `site` is
  // the table's site index or -1. Returns the number of lines it removed.
  size_t Judge(const ParsedRecord& page, int site, uint64_t site_seed, std::vector<LineRule>* rules);
  std::string DebugBox(int site, uint64_t path, uint64_t site_seed) {
    if (site < 0) return "0/0";
    return std::to_string(decider_.LookupCounted(site, PathKey(path, site_seed, 1), 0).count) + "/" +
           std::to_string(decider_.LookupCounted(site, PathKey(path, site_seed, 0), 0).count) + "/" +
           std::to_string(decider_.table().sites()[site].documents);
  }

 private:
  bool IsLinkBox(int site, uint64_t path, uint64_t site_seed);

  const ChromeDecider& decider_;
  const PolicyOptions& policy_;
  absl::flat_hash_map<uint64_t, bool> box_;  // path -> IsLinkBox, this page
  absl::flat_hash_set<uint64_t> span_paths_;
  std::vector<int64_t> weight_;
  std::vector<uint8_t> removed_before_;
  std::vector<std::string> url_words_;
};

}  // namespace dechrome

#endif  // DECHROME_POLICY_PAGE_JUDGE_H_
