// -----------------------------------------------------------------------------
// File: document_judge.h
// -----------------------------------------------------------------------------
//
// The decision for every line of one document. The ChromeDecider says which
// lines are chrome candidates by their counts; the judge then looks at the
// document itself and keeps candidates that are content here:
//
//   "title"     the candidate's words are nearly all words of the document's
//               URL (the page's own headline, listed in other pages'
//               sidebars), or it begins with the URL's slug in another
//               script (UrlTitle::MatchesSlug()), or it is in the first
//               line (the title) and rare; the first line itself only
//               where the URL finds no other candidate to be the headline;
//   "lead"      the candidate is the first paragraph (60 bytes or more)
//               after the page's own headline, before the article's own
//               unique text begins (the page's lead, shown as a teaser on
//               other pages);
//   "label"     (removes) a short candidate on a large share of the site's
//               documents is chrome even inside running text, where
//               "isolated" would keep it ("Advertisement");
//   "other-headline" (removes) a short line that is not a candidate (it
//               runs before "isolated", which then sees it as chrome) but is
//               another page's own headline on the site, as pass 1 counted
//               it, and not this page's own,
//               next to chrome or to another such line: an item of a
//               rotating related-headline list, a link to that page
//               (headline.h);
//   "headline-list" (removes) a kept line, not the first, cut by
//               HeadlineListSegments() into two segments or more that pass 1
//               counted as some page's own headline on any site (their
//               global keys), not this page's own, making up at least half
//               of the line's normalised bytes: the items of a list of
//               links run together (PolicyOptions::headline_list). After
//               "title", before "lead". Needs the raw lines.
//   "templated" (removes) a kept short line (not a candidate, or a weak
//               one: "isolated" would keep it; after
//               "other-headline", before "isolated") whose label
//               (TemplatePrefix(): "Filed under:", "Tags:", "READ MORE:")
//               pass 1 counted on a large share of the site's documents,
//               next to chrome or another such line, or anywhere when its
//               tail after ':' or '|' is another page's own headline on
//               the site (a link to that page) (PolicyOptions::
//               templated); not the first line, the page's own headline, a
//               label word of the URL, nor a line with a digit. Needs the
//               raw lines: Judge() without a record skips it.
//   "interview" a weak candidate (as for "isolated") that is a question
//               line (its raw text ends with '?') followed by a short answer,
//               or the short answer (under 60 normalised bytes, ending
//               like a sentence) on the line after such a question (blank
//               lines and short strong candidates, in-body labels, and
//               "templated" links aside); both
//               lines kept or weak candidates,
//               two such exchanges or more in the document, and a line of
//               the article's own unique text before the question and
//               after the exchange, or a question that is itself such
//               text (an interview that ends the article)
//               (PolicyOptions::protect_interview). After
//               "templated", before "isolated". Needs the raw lines.
//   "dateline"  (named "protected-dateline") a candidate that reads as a
//               date (ReadsAsDate()) that is the nearest non-blank line
//               above or below the page's own headline (IsOwnHeadline(), a line below the
//               first): the page's date, whose folded normal form is on
//               every page (PolicyOptions::protect_dateline). Not when the
//               nearest line beyond it, away from the headline, is a date
//               too (ReadsAsCalendarDate(), both lines; a clock time alone
//               is the other's time): a run of dates is the template's
//               stamp block ("Posted: ..." over "Updated: ..."). After
//               "lead", before "other-headline". Needs the raw lines.
//   "comment-region" (removes) the kept lines of a reader
//               comment thread: below a removed comments heading
//               (IsCommentsHeading(), once in the page) that has 1000 bytes
//               of kept prose between the page's own headline and it, from
//               the heading through the last of three comment marks or more
//               (bylines "X says:", removed timestamps, "Reply"; each
//               within 40 non-blank lines of the one before; a byline or
//               a button among them, as dates alone also mark a list of
//               dated teasers) and the kept lines right after it, but for
//               the page's own headline and lines that begin with it
//               (PolicyOptions::comment_region, opt-in). By default only
//               a signed thread, one with a commenter's byline among its
//               marks (PolicyOptions::signed_comments; "Name — date" too,
//               PolicyOptions::dated_bylines). The headline may be a line
//               that begins with the page's title and goes on
//               (PolicyOptions::headline_tail). Runs
//               last, on the final decisions of the rules above. Needs the
//               raw lines.
//   "isolated"  the candidate's nearest non-blank neighbours are both kept
//               lines, and it is on at most isolated_max_fraction of its
//               site's documents (a short answer or a quote inside running
//               text; chrome comes in runs at the top and bottom); with a
//               kept line on one side only, a single line on a fifth of
//               that, a quotation (IsQuotation()) on all of it.
//
// Every consumer of decisions (filter, explain, audit, attributes) goes
// through Judge(), so they always agree.
//
// Thread safety: a DocumentJudge keeps scratch buffers; use one per thread.
// The ChromeDecider it reads may be shared.

#ifndef DECHROME_POLICY_DOCUMENT_JUDGE_H_
#define DECHROME_POLICY_DOCUMENT_JUDGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "hash/line_keys.h"
#include "policy/decider.h"
#include "policy/headline.h"
#include "record/record.h"
#include "text/normalize.h"

namespace dechrome {

enum class LineRule : uint8_t {
  kBlank,              // kept: blank or punctuation only
  kUnique,             // kept: below its site's threshold
  kSmallSite,          // kept: the site has too few documents to judge
  kNoSite,             // kept: the document has no usable URL
  kSite,               // removed: frequent on its site
  kCrossSite,          // removed: on many sites
  kProtectedTitle,     // kept: a candidate that is this page's headline
  kProtectedIsolated,  // kept: a candidate inside running text
  kProtectedLead,      // kept: the first paragraph under this page's own headline (a site candidate)
  kProtectedLeadCross, // the same, for a cross-site candidate (named "protected-lead" too)
  kSiteLabel,          // removed: a short line on a large share of the site's pages, inside the text
  kOtherHeadline,      // removed: another page's headline on the site, in a list (headline.h)
  kTemplated,          // removed: a site-frequent label with a changing tail (headline.h)
  // HTML pages (page_judge.h):
  kLinkBox,            // removed: in a container that is a list of links on the site
  kOutsideArticle,     // removed: outside the page's article
  kProtectedHeadline,  // kept: the page's headline
  kProtectedProse,     // kept (unless outside the article): prose that the cross-site rule would remove
  kProtectedArticlePath,  // kept: a paragraph in the site's article container, outside the page's run
  kProtectedInterview, // kept: a question and its short answer in an interview (weak candidates)
  kHeadlineList,       // removed: a line made of other pages' headlines run together (headline.h)
  kProtectedArticleHead,  // kept: prose between the page's headline and its article's run
  kProtectedPageDate,     // kept: the page's date line, next to its headline
  kProtectedOwnStory,     // kept: a long line that begins with the page's headline
  kProtectedDateline,     // kept: a text page's date line, next to its own headline
  kCommentRegion,         // removed: a kept line below a comments heading (reader comments)
};

const char* LineRuleName(LineRule rule);
inline bool IsRemoved(LineRule rule) {
  return rule == LineRule::kSite || rule == LineRule::kCrossSite || rule == LineRule::kLinkBox ||
         rule == LineRule::kOutsideArticle || rule == LineRule::kSiteLabel ||
         rule == LineRule::kOtherHeadline || rule == LineRule::kTemplated ||
         rule == LineRule::kHeadlineList || rule == LineRule::kCommentRegion;
}

class DocumentJudge {
 public:
  explicit DocumentJudge(const ChromeDecider& decider);

  // Fills rules[i] for every line of `record` (keys from DocumentHasher with
  // the same site). `site` is the table's site index or -1; `url` the
  // document's URL. Returns the number of removed lines.
  size_t Judge(const ParsedRecord& record, const std::vector<LineKeys>& keys, int site,
               std::string_view url, std::vector<LineRule>* rules) {
    return Judge(keys, site, url, [&](size_t i) { return keys[i].normalized; }, rules, &record);
  }
  // The same, where `normal_form(i)` gives line i's normal form (asked only
  // for a few lines: candidates of 3 words or more, and the first line).
  // Lines with LineKeys::counted are looked up by key alone
  // (ChromeDecider::LookupCounted()). `record` gives the raw lines for
  // "templated" (skipped without it).
  size_t Judge(const std::vector<LineKeys>& keys, int site, std::string_view url,
               absl::FunctionRef<std::string_view(size_t)> normal_form,
               std::vector<LineRule>* rules, const ParsedRecord* record = nullptr);

 private:
  // Whether the normal form `norm` is nearly all words of `url`.
  bool LooksLikeTitle(std::string_view norm, std::string_view url);

  // The "other-headline" rule (see the top of this file); before
  // "isolated", which then sees these lines as chrome.
  void RemoveOtherHeadlines(const std::vector<LineKeys>& keys, std::string_view url,
                            absl::FunctionRef<std::string_view(size_t)> normal_form,
                            std::vector<LineRule>* rules);

  // The "headline-list" rule (see the top of this file).
  void RemoveHeadlineLists(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                           std::string_view url, absl::FunctionRef<std::string_view(size_t)> normal_form,
                           std::vector<LineRule>* rules);

  // The "templated" rule (see the top of this file).
  void RemoveTemplated(const ParsedRecord& record, const std::vector<LineKeys>& keys, int site,
                       std::string_view url, absl::FunctionRef<std::string_view(size_t)> normal_form,
                       double weak_limit, std::vector<LineRule>* rules);

  // The "interview" protection (see the top of this file).
  void ProtectInterview(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                        double weak_limit, std::vector<LineRule>* rules);

  // The "dateline" protection (see the top of this file).
  void ProtectDateline(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                       std::string_view url, absl::FunctionRef<std::string_view(size_t)> normal_form,
                       std::vector<LineRule>* rules);

  // The "comment-region" rule (see the top of this file).
  void RemoveCommentRegion(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                           std::string_view url, absl::FunctionRef<std::string_view(size_t)> normal_form,
                           std::vector<LineRule>* rules);

  // The "lead" protection (see the top of this file).
  void ProtectLead(const std::vector<LineKeys>& keys, std::string_view url,
                   absl::FunctionRef<std::string_view(size_t)> normal_form, double weak_limit,
                   std::vector<LineRule>* rules);

  const ChromeDecider& decider_;
  const PolicyOptions& policy_;
  // Splits `url` into url_words_ (unless it is the last URL seen); returns
  // their number.
  size_t UrlWords(std::string_view url);
  // False when a line with this sketch cannot LooksLikeTitle() for the last
  // URL given to UrlWords() (too few words, or more of its first four words
  // than a quarter of its words begin like no URL word; a sketch that
  // counted kMaxSketchWords words has at least that many).
  bool MayMatchUrl(const WordSketch& sketch) const;
  UrlTitle url_title_;
  std::vector<uint32_t> counts_;
  std::vector<uint8_t> other_;     // "other-headline" lines before the context check
  std::vector<uint8_t> label_;     // "label" candidates (PolicyOptions::remove_labels)
  std::vector<uint8_t> comment_heading_;  // removed lines that read as a comments heading
  std::string prefix_;              // "templated": a line's label
  std::vector<uint8_t> repeated_;  // counted lines: ChromeDecider::Counted::repeated
  std::vector<size_t> answer_;     // "interview": question line -> its answer's line (or SIZE_MAX)
  std::vector<size_t> dated_;   // "protected-dateline": the lines it keeps
  std::vector<std::string_view> segments_;  // "headline-list": a line's segments
  DocumentHasher segment_hasher_;           // "headline-list": their global keys
};

}  // namespace dechrome

#endif  // DECHROME_POLICY_DOCUMENT_JUDGE_H_
