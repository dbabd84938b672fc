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
// Rules, in the order they apply:
//   "protected-prose"    a line that the cross-site rule would remove but
//                        that is prose (60 bytes or more, under 30% links):
//                        syndicated or quoted text; the rules below decide;
//   "link-box"           a line that is mostly link and short (under 150
//                        bytes) or a list of links, in a container (element
//                        path) that is on at least 3 of the site's pages and
//                        mostly links on at least half of them (menus,
//                        "related stories" boxes whose items rotate);
//   "outside-article"    the article is the run of lines with the most prose
//                        in it (the maximum-sum run of line weights): a kept
//                        line weighs its bytes, less twice its link bytes
//                        (unless it is a long line that is not a list of
//                        links), less 20, plus 30 in a <p> with few links;
//                        a removed line weighs -(bytes + 30); a positive
//                        weight turns negative in a chrome container (nav,
//                        footer, aside, form and form controls, an element
//                        hidden by its style, or id/class words comment,
//                        sidebar, widget, ad, breadcrumb, newsletter,
//                        cookie) and, for lines under 80 bytes, in a menu,
//                        related, share, tags or footer container. Lines
//                        outside the run go, except prose (40 bytes or more,
//                        few links, not in chrome) in a container that holds
//                        prose inside the run (an article split by a box);
//   "protected-article-path" a line that the run left out but that is a
//                        paragraph (40 bytes or more, few links, not in
//                        chrome) in a container that is on at least 5 of
//                        the site's pages and holds prose (a line of 150
//                        bytes or more with few links) on at least half of
//                        them: the site's article container;
//   "protected-headline" the page's headline, whatever its counts: the
//                        first line (a heading if there is one) of 2 words
//                        or more, at most 200 bytes, whose words are in the
//                        <title>, or of 3 words or more, three quarters of
//                        them words of the URL; a line that the site rule
//                        removes (the site's name in a heading) only when
//                        no other line is such a line;
//   "protected-article-head" (PolicyOptions::article_head) when the
//                        headline is at most 25 non-blank lines above the
//                        run: a line between them that is prose (40 bytes
//                        or more, not in a chrome container) with few
//                        links, or one link around 60 bytes or more (a lead
//                        written as a link), removed by outside-article,
//                        link-box, the cross-site rule, or the site rule
//                        where DocumentJudge found it a "lead": the lead or
//                        standfirst that a box cuts off the run;
//   "protected-own-story" (PolicyOptions::own_story) a line of 150 bytes or
//                        more, not in a comment, form or hidden element,
//                        that outside-article or link-box removed and that
//                        begins with the headline (3 words or more): this
//                        page's story with its headline run into it;
//   "protected-page-date" (PolicyOptions::page_date) a line under 100 bytes
//                        with a digit and a date (a <time> or date element,
//                        a month name, "2012-10-30"), not in chrome, within
//                        two non-blank lines of the headline or in the
//                        article's head, removed by counts or
//                        outside-article: the page's own date, whose normal
//                        form (dates folded) is on every page.
// The weights were chosen on ../shared/eval's real-dev and news-dev pages;
// the README's quality table gives what each rule buys.
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
// once, with kind 1 when the path's text on this page is mostly links and
// kind 2 when it holds prose (a line of 150 bytes or more, few links).
// Appends PathKey()s to *keys.
void PagePathKeys(const ParsedRecord& page, uint64_t site_seed, std::vector<uint64_t>* keys);

class PageJudge {
 public:
  explicit PageJudge(const ChromeDecider& decider);

  // Refines rules[i] (DocumentJudge's) for the lines of `page`; `site` is
  // the table's site index or -1. Returns the number of lines it removed.
  size_t Judge(const ParsedRecord& page, int site, uint64_t site_seed, std::vector<LineRule>* rules);

 private:
  bool IsLinkBox(int site, uint64_t path, uint64_t site_seed);
  bool IsArticlePath(int site, uint64_t path, uint64_t site_seed);

  const ChromeDecider& decider_;
  const PolicyOptions& policy_;
  absl::flat_hash_map<uint64_t, bool> box_;      // path -> IsLinkBox, this page
  absl::flat_hash_map<uint64_t, bool> article_;  // path -> IsArticlePath, this page
  absl::flat_hash_set<uint64_t> span_paths_;
  std::vector<int64_t> weight_;
  std::vector<uint8_t> removed_before_;
  std::vector<uint8_t> lead_;  // DocumentJudge's "lead" lines
  std::vector<std::string> url_words_;
};

}  // namespace dechrome

#endif  // DECHROME_POLICY_PAGE_JUDGE_H_
