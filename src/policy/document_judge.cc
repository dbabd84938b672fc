#include "policy/document_judge.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"

namespace dechrome {

const char* LineRuleName(LineRule rule) {
  switch (rule) {
    case LineRule::kBlank: return "blank";
    case LineRule::kUnique: return "below-threshold";
    case LineRule::kSmallSite: return "small-site";
    case LineRule::kNoSite: return "no-site";
    case LineRule::kSite: return "site";
    case LineRule::kCrossSite: return "cross-site";
    case LineRule::kProtectedTitle: return "protected-title";
    case LineRule::kProtectedIsolated: return "protected-isolated";
    case LineRule::kProtectedLead: return "protected-lead";
    case LineRule::kProtectedLeadCross: return "protected-lead";
    case LineRule::kSiteLabel: return "site-label";
    case LineRule::kOtherHeadline: return "other-headline";
    case LineRule::kTemplated: return "templated";
    case LineRule::kLinkBox: return "link-box";
    case LineRule::kOutsideArticle: return "outside-article";
    case LineRule::kProtectedHeadline: return "protected-headline";
    case LineRule::kProtectedProse: return "protected-prose";
    case LineRule::kProtectedArticlePath: return "protected-article-path";
    case LineRule::kProtectedInterview: return "protected-interview";
    case LineRule::kHeadlineList: return "headline-list";
    case LineRule::kProtectedArticleHead: return "protected-article-head";
    case LineRule::kProtectedPageDate: return "protected-page-date";
    case LineRule::kProtectedOwnStory: return "protected-own-story";
    case LineRule::kProtectedDateline: return "protected-dateline";
    case LineRule::kCommentRegion: return "comment-region";
  }
  return "unknown";
}

DocumentJudge::DocumentJudge(const ChromeDecider& decider)
    : decider_(decider),
      policy_(decider.table().policy()),
      segment_hasher_(decider.table().policy().fold_dates) {}

size_t DocumentJudge::UrlWords(std::string_view url) { return url_title_.Words(url); }

bool DocumentJudge::MayMatchUrl(const WordSketch& sketch) const { return url_title_.MayMatch(sketch); }

bool DocumentJudge::LooksLikeTitle(std::string_view norm, std::string_view url) {
  return url_title_.LooksLikeTitle(norm, url);
}

void DocumentJudge::RemoveOtherHeadlines(const std::vector<LineKeys>& keys, std::string_view url,
                                         absl::FunctionRef<std::string_view(size_t)> normal_form,
                                         std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  other_.assign(n, 0);
  size_t first = 0;
  while (first < n && r[first] == LineRule::kBlank) ++first;
  bool any = false;
  // Kept lines only (a candidate is judged by the rules above); short
  // (a headline, not a paragraph); of 3 words or more (as counted).
  auto candidate = [&](size_t i) {
    if (r[i] != LineRule::kUnique || keys[i].norm_length >= policy_.other_headline_max_length) return false;
    return !(keys[i].counted && !keys[i].sketch.three_words);
  };
  // The headline table is larger than the caches: every candidate's entry
  // starts loading before the first is looked up.
  for (size_t i = first; i < n; ++i)
    if (candidate(i)) decider_.PrefetchHeadline(keys[i].key);
  for (size_t i = first; i < n; ++i) {
    if (!candidate(i)) continue;
    if (decider_.HeadlineCount(keys[i].key) == 0) continue;
    // (Headlines of fewer words are counted too, by a slug in another
    // script: not taken here, with hints or without; a hint's sketch says
    // "3 words" for any line over its sketched length.)
    const std::string_view norm = normal_form(i);
    if (std::count(norm.begin(), norm.end(), ' ') < 2) continue;
    // Counted as a headline: another page's, or this page's own (which
    // stays).
    if (IsOwnHeadline(norm, normal_form(first), url, &url_title_)) continue;
    other_[i] = 1;
    any = true;
  }
  if (!any) return;
  // In a list: a nearest non-blank neighbour is chrome by its counts, or
  // another such line. (A sentence that reads like another story's
  // headline, inside the article's text, stays.)
  auto listed = [&](size_t j) { return other_[j] != 0 || IsRemoved(r[j]); };
  for (size_t i = first; i < n; ++i) {
    if (!other_[i]) continue;
    size_t b = i, a = i + 1;
    while (b > 0 && r[b - 1] == LineRule::kBlank) --b;
    while (a < n && r[a] == LineRule::kBlank) ++a;
    const bool in_list = (b > 0 && listed(b - 1)) || (a < n && listed(a));
    if (in_list) r[i] = LineRule::kOtherHeadline;
  }
}

void DocumentJudge::RemoveHeadlineLists(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                                        std::string_view url,
                                        absl::FunctionRef<std::string_view(size_t)> normal_form,
                                        std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  if (record.lines.size() != n) return;
  size_t first = 0;
  while (first < n && r[first] == LineRule::kBlank) ++first;
  // (The first line, the page's title, is never one.)
  for (size_t i = first + 1; i < n; ++i) {
    if (r[i] != LineRule::kUnique && r[i] != LineRule::kSmallSite && r[i] != LineRule::kNoSite) continue;
    const Line& line = record.lines[i];
    const std::string_view raw =
        std::string_view(record.text).substr(line.text_begin, line.text_end - line.text_begin);
    if (HeadlineListSegments(raw, &segments_) < 2) continue;
    size_t hits = 0, hit_bytes = 0;
    for (std::string_view segment : segments_) {
      // Pass 1 counts headlines of 3 words or more.
      if (std::count(segment.begin(), segment.end(), ' ') < 2) continue;
      const LineKeys k = segment_hasher_.HashLine(segment, 0);
      if (k.blank || !decider_.IsAnyHeadline(k.global)) continue;
      // This page's own headline, run into the list, is no evidence.
      const std::string& norm = segment_hasher_.normalized();
      if (IsOwnHeadline(norm, normal_form(first), url, &url_title_)) continue;
      ++hits;
      hit_bytes += norm.size();
    }
    if (hits >= 2 && 2 * hit_bytes >= keys[i].norm_length) r[i] = LineRule::kHeadlineList;
  }
}

namespace {

bool LabelInUrl(std::string_view label, std::string_view url) {
  auto alnum = [](char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); };
  size_t p = 0;
  while (p < label.size()) {
    size_t e = label.find(' ', p);
    if (e == std::string_view::npos) e = label.size();
    const std::string_view word = label.substr(p, e - p);
    p = e + 1;
    if (word.size() < 4) continue;
    for (size_t at = 0; at + word.size() <= url.size(); ++at) {
      if ((at > 0 && alnum(url[at - 1])) ||
          (at + word.size() < url.size() && alnum(url[at + word.size()])))
        continue;
      bool same = true;
      for (size_t k = 0; k < word.size() && same; ++k) same = absl::ascii_tolower(static_cast<unsigned char>(url[at + k])) == word[k];
      if (same) return true;
    }
  }
  return false;
}

}  // namespace

void DocumentJudge::RemoveTemplated(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                                    int site, std::string_view url,
                                    absl::FunctionRef<std::string_view(size_t)> normal_form,
                                    double weak_limit, std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  if (record.lines.size() != n) return;
  const uint64_t site_docs = decider_.table().sites()[site].documents;
  const double need = std::max<double>(
      decider_.Threshold(site, 0),
      std::ceil(policy_.templated_fraction * static_cast<double>(site_docs) - 1e-9));
  other_.assign(n, 0);
  size_t first = 0;
  while (first < n && r[first] == LineRule::kBlank) ++first;
  // (The first line, the page's title, is never one: pass 1 does not count it.)
  // A line below the count threshold, or a weak candidate (a line on a few
  // pages, "You are here: Home » Opinion", that "isolated" would keep
  // beside the article's text): the site repeats its shape.
  for (size_t i = first + 1; i < n; ++i) {
    const bool weak_candidate = r[i] == LineRule::kSite && static_cast<double>(counts_[i]) <= weak_limit;
    if ((r[i] != LineRule::kUnique && !weak_candidate) || keys[i].norm_length >= kTemplateMaxLength) continue;
    const Line& line = record.lines[i];
    if (!TemplatePrefix(record.text.substr(line.text_begin, line.text_end - line.text_begin), &prefix_))
      continue;
    if (static_cast<double>(decider_.TemplateCount(site, prefix_)) < need) continue;
    // A kicker of this page's own story ("US elections: <headline>" at
    // .../us-elections-turnout...): a label word of 4 letters or more is a
    // word of the URL.
    if (LabelInUrl(prefix_, url)) continue;
    // A number in it (a date, a phone number, a price) says something
    // about this page, as for "label".
    const std::string_view raw = record.text.substr(line.text_begin, line.text_end - line.text_begin);
    if (std::any_of(raw.begin(), raw.end(), [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }))
      continue;
    // "Opinion: <this page's headline>" stays (the line, or its tail after
    // the label, in its normal form).
    if (IsOwnHeadline(normal_form(i), normal_form(first), url, &url_title_)) continue;
    const size_t colon = raw.find_first_of(":|");
    if (colon != std::string_view::npos) {
      // (RemoveTemplated() runs only with the rule on, and a site.)
      const LineKeys k = segment_hasher_.HashLine(raw.substr(colon + 1), decider_.SeedOfSite(site));
      if (!k.blank) {
        if (url_title_.LooksLikeTitle(segment_hasher_.normalized(), url)) continue;
        // "READ MORE: <another page's headline>" is a link to that page,
        // wherever it sits (between two paragraphs too): its tail is a
        // headline that pass 1 counted as some other page's own on this
        // site.
        if (decider_.HeadlineCount(k.key) > 0 &&
            !IsOwnHeadline(segment_hasher_.normalized(), normal_form(first), url, &url_title_)) {
          other_[i] = 3;
          continue;
        }
      }
    }
    other_[i] = 2;
  }
  // At the edge of running text or among chrome: a nearest non-blank
  // neighbour is removed, or another such line, or there is none. (A line
  // with kept text on both sides, "Legends: Rise of a Hero is a polished
  // game", is the article's.)
  auto chrome = [&](size_t j) { return other_[j] >= 2 || IsRemoved(r[j]); };
  for (size_t i = first + 1; i < n; ++i) {
    if (other_[i] == 3) r[i] = LineRule::kTemplated;
    if (other_[i] != 2) continue;
    size_t b = i, a = i + 1;
    while (b > 0 && r[b - 1] == LineRule::kBlank) --b;
    while (a < n && r[a] == LineRule::kBlank) ++a;
    if (b == 0 || a == n || chrome(b - 1) || chrome(a)) r[i] = LineRule::kTemplated;
  }
}

namespace {

// Whether the raw line is a commenter's byline with the comment's time: a
// name (1-5 words, no digit), a dash or a bar between spaces, then a
// timestamp (ReadsAsTimestamp()): "J. Roto — July 6th, 2012, 4:08 am",
// "Posted by: Kevin Daly | Mar 27, 2007 9:18:36 PM". A name with the time
// it wrote is what only a reader's comment carries, as "Mike says:".
bool IsDatedCommentByline(std::string_view raw) {
  if (raw.size() >= 80) return false;
  static constexpr std::string_view kSeparators[] = {" \xe2\x80\x94 ", " \xe2\x80\x93 ", " | "};  // em, en dash
  for (std::string_view sep : kSeparators) {
    const size_t at = raw.find(sep);
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view name = raw.substr(0, at), stamp = raw.substr(at + sep.size());
    if (std::any_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    if (std::count(name.begin(), name.end(), ' ') > 4) return false;
    return ReadsAsTimestamp(stamp);
  }
  return false;
}

// The raw line without its closing quotes, brackets and spaces at the end.
std::string_view WithoutClosing(std::string_view raw) {
  size_t end = raw.size();
  while (end > 0) {
    const unsigned char c = static_cast<unsigned char>(raw[end - 1]);
    if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') {
      --end;
    } else if (end >= 3 && raw.compare(end - 3, 3, "\xe2\x80\x9d") == 0) {  // U+201D
      end -= 3;
    } else if (end >= 3 && raw.compare(end - 3, 3, "\xe2\x80\x99") == 0) {  // U+2019
      end -= 3;
    } else if (end >= 2 && raw.compare(end - 2, 2, "\xc2\xbb") == 0) {  // U+00BB
      end -= 2;
    } else {
      break;
    }
  }
  return raw.substr(0, end);
}

// Whether the raw line asks a question: its last character, closing quotes
// and brackets aside, is '?' (or the full-width U+FF1F).
bool AsksQuestion(std::string_view raw) {
  raw = WithoutClosing(raw);
  if (raw.size() >= 3 && raw.compare(raw.size() - 3, 3, "\xef\xbc\x9f") == 0) return true;
  return !raw.empty() && raw.back() == '?';
}

// Whether the raw line ends like a spoken sentence: '.', '!' or an ellipsis
// (U+2026), closing quotes aside; or the full-width U+3002 / U+FF01. Headlines,
// menu items and link lists end without a stop.
bool EndsLikeASentence(std::string_view raw) {
  raw = WithoutClosing(raw);
  if (raw.empty()) return false;
  if (raw.back() == '.' || raw.back() == '!') return true;
  if (raw.size() < 3) return false;
  const std::string_view last = raw.substr(raw.size() - 3);
  return last == "\xe2\x80\xa6" || last == "\xe3\x80\x82" || last == "\xef\xbc\x81";
}

}  // namespace

void DocumentJudge::ProtectInterview(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                                     double weak_limit, std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  if (record.lines.size() != n) return;
  // A question is a sentence, not a paragraph (as for headlines); an answer
  // that is protected is short (a longer one is the article's own text,
  // kept by its counts).
  constexpr uint32_t kMaxQuestion = 200;
  constexpr uint32_t kMaxAnswer = 60;
  // Kept text of the article: as in "isolated", a line seen nowhere else on
  // the site (and a sentence, not a label).
  constexpr uint32_t kProse = 40;
  auto weak = [&](size_t i) {
    return (r[i] == LineRule::kSite || r[i] == LineRule::kCrossSite) &&
           static_cast<double>(counts_[i]) <= weak_limit;
  };
  auto open = [&](size_t i) { return weak(i) || (!IsRemoved(r[i]) && r[i] != LineRule::kBlank); };
  auto raw = [&](size_t i) {
    const Line& line = record.lines[i];
    return std::string_view(record.text).substr(line.text_begin, line.text_end - line.text_begin);
  };
  auto question = [&](size_t i) { return keys[i].norm_length < kMaxQuestion && AsksQuestion(raw(i)); };
  // Exchanges: a question, then (blank lines aside) its answer, of any
  // length; two of them make an interview. Nothing to do without a weak
  // candidate among them.
  answer_.assign(n, SIZE_MAX);
  size_t exchanges = 0;
  bool any_weak = false;
  // Between a question and its answer the page may put what it puts between
  // any two paragraphs: an in-body label ("Advertisement"), a line on more
  // of the site's pages than a weak candidate, or a templated link ("READ
  // MORE: <another headline>", removed by "templated" above). It is not the
  // answer; the next line may be.
  auto in_body_label = [&](size_t i) {
    return (r[i] == LineRule::kSite && !weak(i) && keys[i].norm_length < kMaxAnswer) ||
           r[i] == LineRule::kTemplated;
  };
  // (At most two: a run of them is a block of chrome, not a slot.)
  constexpr int kMaxLabelsBetween = 2;
  for (size_t q = 0; q < n; ++q) {
    if (r[q] == LineRule::kBlank || !open(q) || !question(q)) continue;
    size_t a = q + 1;
    for (int labels = 0; a < n; ++a) {
      if (r[a] == LineRule::kBlank) continue;
      if (!in_body_label(a) || ++labels > kMaxLabelsBetween) break;
    }
    // The answer is a sentence (said, so it ends with a stop): a list of
    // headlines, one of them a question, is not an interview.
    if (a == n || !open(a) || question(a) || !EndsLikeASentence(raw(a))) continue;
    answer_[q] = a;
    ++exchanges;
    any_weak = any_weak || weak(q) || (weak(a) && keys[a].norm_length < kMaxAnswer);
  }
  if (exchanges < 2 || !any_weak) return;
  // The article's own text before and after: the first and last such line.
  // This page's own: kept, and on no other page of the site.
  auto own = [&](size_t i) {
    if (IsRemoved(r[i]) || r[i] == LineRule::kBlank || weak(i)) return false;
    if (keys[i].counted) return repeated_[i] == 0;
    return !decider_.IsRepeated(keys[i].key);
  };
  auto prose = [&](size_t i) { return keys[i].norm_length >= kProse && own(i); };
  size_t first_prose = n, last_prose = n;
  for (size_t i = 0; i < n; ++i) {
    if (!prose(i)) continue;
    if (first_prose == n) first_prose = i;
    last_prose = i;
  }
  if (first_prose == n) return;
  // A question of this page's own vouches for the answer under it, whatever
  // follows: an interview often ends its article, with only the page's
  // template after the last answer.
  for (size_t q = 0; q < n; ++q) {
    const size_t a = answer_[q];
    // The article's text comes before the exchange: a line other than the
    // question itself.
    if (a == SIZE_MAX || q <= first_prose) continue;
    if (a > last_prose && !own(q)) continue;
    if (weak(q)) r[q] = LineRule::kProtectedInterview;
    if (weak(a) && keys[a].norm_length < kMaxAnswer) r[a] = LineRule::kProtectedInterview;
  }
}

void DocumentJudge::ProtectDateline(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                                    std::string_view url,
                                    absl::FunctionRef<std::string_view(size_t)> normal_form,
                                    std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  if (record.lines.size() != n) return;
  // The date stands next to the headline: the nearest non-blank line above
  // or below it. (Further away, a date line is as often a template's
  // "today" or another story's as the page's own: the synth-dev gold counts
  // such lines as chrome.)
  auto raw = [&](size_t i) {
    const Line& line = record.lines[i];
    return std::string_view(record.text).substr(line.text_begin, line.text_end - line.text_begin);
  };
  auto date_candidate = [&](size_t i) {
    return (r[i] == LineRule::kSite || r[i] == LineRule::kCrossSite) && keys[i].norm_length < 100 &&
           ReadsAsDate(raw(i));
  };
  size_t first = 0;
  while (first < n && r[first] == LineRule::kBlank) ++first;
  if (first == n) return;
  // The page's own headline: below the first line, 3 words or more, not
  // itself removed by a list rule (another page's headline is not this
  // page's). Looked for only next to a date candidate: a normal form is
  // made on demand (pass 2 has none), and most lines are neither.
  std::string first_norm;
  bool have_first_norm = false;
  // (What can be told without a normal form.)
  auto may_be_own_headline = [&](size_t h) {
    if (h <= first || r[h] == LineRule::kBlank || keys[h].norm_length >= 200) return false;
    if (r[h] == LineRule::kOtherHeadline || r[h] == LineRule::kHeadlineList) return false;
    return !(keys[h].counted && !keys[h].sketch.three_words);
  };
  auto own_headline = [&](size_t h) {
    if (!may_be_own_headline(h)) return false;
    const std::string_view norm = normal_form(h);
    if (std::count(norm.begin(), norm.end(), ' ') < 2) return false;
    if (!have_first_norm) {
      first_norm.assign(normal_form(first));
      have_first_norm = true;
    }
    return IsOwnHeadline(norm, first_norm, url, &url_title_);
  };
  // A candidate whose nearest non-blank line above or below is the
  // headline (all are found before any is marked).
  dated_.clear();
  for (size_t i = 0; i < n; ++i) {
    // (The date test last: most candidates have no neighbour that may be
    // the headline.)
    if ((r[i] != LineRule::kSite && r[i] != LineRule::kCrossSite) || keys[i].norm_length >= 100) continue;
    size_t above = i;
    while (above > 0 && r[above - 1] == LineRule::kBlank) --above;
    size_t below = i + 1;
    while (below < n && r[below] == LineRule::kBlank) ++below;
    if (!(above > 0 && may_be_own_headline(above - 1)) && !(below < n && may_be_own_headline(below))) continue;
    if (!date_candidate(i)) continue;
    // The line beyond it, away from the headline, is a date too: a run of
    // dates ("Posted: ..." over "Updated: ...", a time stamp over a wire
    // dateline "MUMBAI, Oct 21 (TT) -", a list of dated items) is the
    // template's stamp block, not one page date; its lines go by their
    // counts. (A clock time alone on either line, "9:15 AM", is the other's
    // time: one date. The line beyond is removed or short, as a stamp is:
    // an article's first sentence with a date in it, "On March 3 the
    // council voted 5-2 to ...", leaves the page date its protection.)
    constexpr uint32_t kStampLength = 60;
    auto beyond_is_date = [&](size_t j) {
      return j < n && (IsRemoved(r[j]) || keys[j].norm_length < kStampLength) && ReadsAsCalendarDate(raw(i)) &&
             ReadsAsCalendarDate(raw(j));
    };
    if (above > 0 && own_headline(above - 1) && !beyond_is_date(below)) {
      dated_.push_back(i);
    } else if (below < n && own_headline(below) && !(above > 0 && beyond_is_date(above - 1))) {
      dated_.push_back(i);
    }
  }
  for (size_t i : dated_) r[i] = LineRule::kProtectedDateline;
}

void DocumentJudge::RemoveCommentRegion(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                                        std::string_view url,
                                        absl::FunctionRef<std::string_view(size_t)> normal_form,
                                        std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  if (record.lines.size() != n) return;
  // The article's kept prose above the heading: a thread follows an
  // article; a "Comments" link in the header does not.
  constexpr uint64_t kProseAbove = 1000;
  constexpr uint32_t kProseLine = 40;
  // Comment marks below it: bylines, dates and buttons come with every
  // comment; one or two are a page's own byline and date.
  constexpr size_t kMarks = 3;
  // A comment (its byline, date, body and buttons) spans fewer non-blank
  // lines than this.
  constexpr size_t kMaxGap = 40;
  auto raw = [&](size_t i) {
    const Line& line = record.lines[i];
    return std::string_view(record.text).substr(line.text_begin, line.text_end - line.text_begin);
  };
  // Most pages have no comments heading at all: nothing more to look at.
  // (The removed lines that read as one, once each.)
  comment_heading_.assign(n, 0);
  bool any_heading = false;
  for (size_t i = 0; i < n; ++i) {
    if (IsRemoved(r[i]) && IsCommentsHeading(raw(i))) comment_heading_[i] = 1, any_heading = true;
  }
  if (!any_heading) return;
  // The article begins at the page's own headline (a line below the first,
  // 3 words or more, IsOwnHeadline()): only prose below it counts.
  size_t first = 0;
  while (first < n && r[first] == LineRule::kBlank) ++first;
  if (first == n) return;
  const std::string first_norm(normal_form(first));
  const size_t title_words =
      first_norm.empty() ? 0 : 1 + static_cast<size_t>(std::count(first_norm.begin(), first_norm.end(), ' '));
  size_t headline = n;
  for (size_t h = first + 1; h < n && headline == n; ++h) {
    if (r[h] == LineRule::kBlank || keys[h].norm_length >= 200) continue;
    if (r[h] == LineRule::kOtherHeadline || r[h] == LineRule::kHeadlineList) continue;
    if (keys[h].counted && !keys[h].sketch.three_words) continue;
    const std::string_view norm = normal_form(h);
    if (std::count(norm.begin(), norm.end(), ' ') < 2) continue;
    if (IsOwnHeadline(norm, first_norm, url, &url_title_)) headline = h;
    // (headline_tail) The page's first line, its title, with more after it:
    // the headline with the comment count or a date run on to it
    // ("<title> 385 Comments").
    if (policy_.headline_tail && headline == n && title_words >= 3 && norm.size() > first_norm.size() &&
        norm.substr(0, first_norm.size()) == first_norm && norm[first_norm.size()] == ' ')
      headline = h;
  }
  if (headline == n) return;
  // What marks a comment: a commenter's byline ("Mike says:", or with
  // dated_bylines "Mike — July 6th, 2012, 4:08 am") wherever it is, a
  // removed time stamp or comment button ("Reply").
  enum Mark { kNone, kStamp, kByline, kButton };
  auto mark = [&](size_t j) {
    const std::string_view line = raw(j);
    if (IsCommentByline(line)) return kByline;
    if (policy_.dated_bylines && IsDatedCommentByline(line)) return kByline;
    if (!IsRemoved(r[j])) return kNone;
    if (ReadsAsTimestamp(line)) return kStamp;
    return IsCommentAction(line) ? kButton : kNone;
  };
  uint64_t prose = 0;
  size_t heading = n, last_mark = n;
  for (size_t i = headline + 1; i < n && heading == n; ++i) {
    if (r[i] == LineRule::kBlank) continue;
    if (!IsRemoved(r[i])) {
      if (keys[i].norm_length >= kProseLine) prose += keys[i].norm_length;
      continue;
    }
    if (prose < kProseAbove || !comment_heading_[i]) continue;
    // A thread has one heading; "34 Responses" on every item of a list of
    // posts is a count, not a heading.
    bool again = false;
    for (size_t j = i + 1; j < n && !again; ++j) again = keys[j].key == keys[i].key;
    if (again) continue;
    // The thread: marks no more than kMaxGap non-blank lines apart, the
    // first that far from the heading at most.
    size_t marks = 0, gap = 0, last = n, not_stamps = 0, signed_bylines = 0;
    for (size_t j = i + 1; j < n; ++j) {
      if (r[j] == LineRule::kBlank) continue;
      if (const Mark m = mark(j); m != kNone) {
        ++marks;
        if (m == kByline) ++signed_bylines;
        if (m != kStamp) ++not_stamps;  // (a stamp has a digit, a button none)
        last = j;
        gap = 0;
      } else if (++gap > kMaxGap) {
        break;
      }
    }
    if (marks < kMarks) continue;
    // Dates alone also mark a list of dated items (teasers "updated 3:06
    // PM EST, Wed November 7, 2012", archives): a thread has a commenter's
    // byline or a comment's button too.
    if (not_stamps == 0) continue;
    // Signed threads only (PolicyOptions::signed_comments without
    // comment_region): a commenter's byline among the marks.
    if (!policy_.comment_region && signed_bylines == 0) continue;
    heading = i;
    last_mark = last;
  }
  if (heading == n) return;
  // It ends with the last comment's body: the kept lines right after the
  // last mark. What follows (the sidebar, the footer) is not the thread's.
  size_t end = last_mark + 1;
  while (end < n && (r[end] == LineRule::kBlank || !IsRemoved(r[end]))) ++end;
  // The page's own headline stays wherever it is, and so does a line that
  // begins with it ("<headline> - <the story>", as "protected-own-story"
  // keeps on HTML pages): they are the article's, not a comment's.
  const std::string headline_norm(normal_form(headline));
  for (size_t i = heading + 1; i < end; ++i) {
    if (r[i] == LineRule::kBlank || IsRemoved(r[i])) continue;
    if (keys[i].key == keys[headline].key) continue;
    if (keys[i].norm_length >= headline_norm.size()) {
      const std::string_view norm = normal_form(i);
      // (Whole words: "... new bridges" does not begin with "... new bridge".)
      if (norm.substr(0, headline_norm.size()) == headline_norm &&
          (norm.size() == headline_norm.size() || norm[headline_norm.size()] == ' '))
        continue;
    }
    r[i] = LineRule::kCommentRegion;
  }
}

void DocumentJudge::ProtectLead(const std::vector<LineKeys>& keys, std::string_view url,
                                absl::FunctionRef<std::string_view(size_t)> normal_form,
                                double weak_limit, std::vector<LineRule>* rules) {
  std::vector<LineRule>& r = *rules;
  const size_t n = keys.size();
  // Prose: a paragraph, not a label or a headline.
  constexpr uint32_t kProse = 60;
  // Bylines, dates, share buttons and pictures sit between a headline and
  // its lead; a page's template puts at most this many lines there.
  constexpr size_t kWindow = 25;
  auto weak_prose_candidate = [&](size_t i) {
    return (r[i] == LineRule::kSite || r[i] == LineRule::kCrossSite) && keys[i].norm_length >= kProse &&
           static_cast<double>(counts_[i]) <= weak_limit;
  };
  // Nothing to do (and no normal form to make) without such a candidate.
  bool any = false;
  for (size_t i = 0; i < n && !any; ++i) any = weak_prose_candidate(i);
  if (!any || (UrlWords(url) < 3 && !url_title_.HasSlug())) return;
  auto is_headline = [&](size_t i) {
    if (r[i] == LineRule::kProtectedTitle) return true;
    if (r[i] == LineRule::kBlank || keys[i].norm_length >= 200) return false;
    if (keys[i].counted && (!keys[i].sketch.three_words || !MayMatchUrl(keys[i].sketch)) &&
        !url_title_.MaySlugMatch(keys[i].norm_length))
      return false;
    return LooksLikeTitle(normal_form(i), url);
  };
  // A line of the article's own text: kept, and a sentence rather than a
  // label (40 bytes or more).
  auto kept_prose = [&](size_t i) {
    return !IsRemoved(r[i]) && r[i] != LineRule::kBlank && keys[i].norm_length >= 40;
  };
  size_t since = SIZE_MAX;  // non-blank lines since the last own headline
  size_t last_kept_prose = SIZE_MAX;
  for (size_t i = 0; i < n; ++i) {
    if (r[i] == LineRule::kBlank) continue;
    if (is_headline(i)) {
      since = 0;
      last_kept_prose = SIZE_MAX;
      continue;
    }
    if (since == SIZE_MAX) continue;
    if (++since > kWindow) {
      since = SIZE_MAX;
      continue;
    }
    if (weak_prose_candidate(i)) {
      r[i] = r[i] == LineRule::kSite ? LineRule::kProtectedLead : LineRule::kProtectedLeadCross;
      since = SIZE_MAX;  // one lead per headline
    } else if (kept_prose(i)) {
      // Two paragraphs of kept text in a row: the article has begun, and
      // its lead was not a candidate.
      if (last_kept_prose != SIZE_MAX) since = SIZE_MAX;
      last_kept_prose = i;
    } else {
      last_kept_prose = SIZE_MAX;
    }
  }
}

namespace {

// Whether `line` reads as a quotation: it opens with a quotation mark and
// another closes it further on ("\"...\" said the minister", “...”, «...»,
// „...“, 「...」).
bool IsQuotation(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  static constexpr std::string_view kOpen[] = {"\"", "\xe2\x80\x9c", "\xe2\x80\x9e", "\xc2\xab", "\xc2\xbb",
                                               "\xe3\x80\x8c", "\xe3\x80\x8e", "\xe2\x80\x9d"};
  static constexpr std::string_view kClose[] = {"\"", "\xe2\x80\x9d", "\xe2\x80\x9c", "\xc2\xbb", "\xc2\xab",
                                                "\xe3\x80\x8d", "\xe3\x80\x8f"};
  size_t open = 0;
  for (std::string_view mark : kOpen) {
    if (line.size() > mark.size() && line.compare(0, mark.size(), mark) == 0) {
      open = mark.size();
      break;
    }
  }
  if (open == 0) return false;
  // The closing mark after some words (12 bytes at least).
  const std::string_view rest = line.substr(open);
  for (std::string_view mark : kClose) {
    const size_t at = rest.find(mark);
    if (at != std::string_view::npos && at >= 12) return true;
  }
  return false;
}

}  // namespace

size_t DocumentJudge::Judge(const std::vector<LineKeys>& keys, int site, std::string_view url,
                            absl::FunctionRef<std::string_view(size_t)> normal_form,
                            std::vector<LineRule>* rules, const ParsedRecord* record) {
  const size_t n = keys.size();
  rules->assign(n, LineRule::kUnique);
  counts_.assign(n, 0);
  repeated_.assign(n, 0);
  const bool small_site = decider_.Threshold(site) == UINT32_MAX;
  // One lookup per line in a map larger than the caches: start a few ahead.
  constexpr size_t kAhead = 4;
  for (size_t i = 0; i < std::min(kAhead, n); ++i) decider_.Prefetch(keys[i].key);
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) decider_.Prefetch(keys[i + kAhead].key);
    const LineKeys& k = keys[i];
    if (k.blank) {
      (*rules)[i] = LineRule::kBlank;
      continue;
    }
    if (k.counted && site >= 0) {
      const ChromeDecider::Counted c = decider_.LookupCounted(site, k.key, k.norm_length);
      repeated_[i] = c.repeated;
      if (c.site_chrome || c.cross_chrome) {
        (*rules)[i] = c.site_chrome ? LineRule::kSite : LineRule::kCrossSite;
        counts_[i] = c.count;
      } else if (small_site) {
        (*rules)[i] = LineRule::kSmallSite;
      }
      continue;
    }
    uint32_t count = 0;
    // Without a site only the cross-site rule applies.
    if (decider_.IsChrome(site, k.key, k.global, k.norm_length, &count)) {
      (*rules)[i] = count > 0 ? LineRule::kSite : LineRule::kCrossSite;
      if (count == 0 && site >= 0) {
        const ChromeTable::Entry* e = decider_.table().Find(k.key);
        count = e ? e->count : 1;
      }
      counts_[i] = count;
    } else if (site < 0) {
      (*rules)[i] = LineRule::kNoSite;
    } else if (small_site) {
      (*rules)[i] = LineRule::kSmallSite;
    }
  }
  const uint64_t site_docs = site >= 0 ? decider_.table().sites()[site].documents : 0;
  // Weak candidates are on at most isolated_max_fraction of their site's
  // documents: both protections below look for them.
  const double weak_limit = policy_.isolated_max_fraction * static_cast<double>(site_docs);
  // The rules below run in a fixed order, each seeing what the ones before
  // it decided: "title", "headline-list", then "lead" (a protected title is
  // a headline; a list is not the article's text), "other-headline" (whose
  // list test looks at removed neighbours), "templated", "interview", then "isolated" and "label" (which see leads,
  // other headlines and interview lines). "dateline" runs after "lead";
  // "comment-region" last.
  std::vector<LineRule>& r = *rules;
  if (policy_.protect_title) {
    // The document's first non-blank line is its <title> in WET-style text
    // ("Headline - Site name"): a candidate contained in it is this page's
    // headline, if other pages list it only rarely.
    size_t first = 0;
    while (first < n && r[first] == LineRule::kBlank) ++first;
    std::string_view title;  // its normal form, once needed
    bool have_title = false;
    // Checks that cannot hold are skipped before any normal form is made.
    const bool url_has_words = UrlWords(url) >= 3;  // (and sets the slug)
    // The first line in the title is itself: it vouches for itself only on
    // a page where the URL finds no other candidate line to be the headline
    // (a print copy's "Site - Print edition" above the headline is the
    // template's). (Lines seen on no other page are not looked at: a
    // headline that its copy's collapse left unique does not stop it.)
    bool first_vouches = false, url_found_other = false;
    for (size_t i = 0; i < n; ++i) {
      // A headline listed on other sites (syndicated, or a wire story that
      // other sites link to) is this page's headline all the same.
      if (r[i] != LineRule::kSite && r[i] != LineRule::kCrossSite) continue;
      // A slug in another script is matched by its bytes (its screen is the
      // line's length); the other checks want 3 words or more (most chrome
      // has one or two).
      const bool may_be_slug = url_title_.MaySlugMatch(keys[i].norm_length);
      if (keys[i].counted && !keys[i].sketch.three_words && !may_be_slug) continue;
      const bool rare = site_docs > 0 && static_cast<double>(counts_[i]) <= weak_limit;
      const bool may_be_url_title =
          may_be_slug || (url_has_words && (!keys[i].counted || MayMatchUrl(keys[i].sketch)));
      // A line longer than the title is not in it. (Lengths from hints stop
      // at kMaxHintLength, for the title as for the line: a title that long
      // is never shorter than a line.)
      // (A cross-site first line cannot vouch for itself: a line of many
      // sites at the top of a page is another story's headline.)
      const bool may_be_in_title = rare && first < n && !(i == first && r[i] == LineRule::kCrossSite) &&
                                   keys[i].norm_length <= keys[first].norm_length;
      if (!may_be_url_title && !may_be_in_title) continue;
      const std::string_view norm = normal_form(i);
      if (may_be_url_title && LooksLikeTitle(norm, url)) {
        r[i] = LineRule::kProtectedTitle;
        url_found_other = url_found_other || i != first;
        continue;
      }
      if (!may_be_in_title || std::count(norm.begin(), norm.end(), ' ') < 2) continue;
      if (i == first) {
        first_vouches = true;
        continue;
      }
      if (!have_title) {
        title = normal_form(first);
        have_title = true;
      }
      if (title.find(norm) != std::string_view::npos) r[i] = LineRule::kProtectedTitle;
    }
    if (first_vouches && !url_found_other) r[first] = LineRule::kProtectedTitle;
  }
  // Its evidence is every site's headlines: small sites and documents
  // without a site too. Before "lead": a list is chrome, not the start of
  // the article's own text.
  if (policy_.headline_list && record != nullptr && decider_.has_headline_globals())
    RemoveHeadlineLists(*record, keys, url, normal_form, rules);
  if (policy_.protect_lead && site_docs > 0) ProtectLead(keys, url, normal_form, weak_limit, rules);
  if (policy_.protect_dateline && record != nullptr && site_docs > 0 && !small_site)
    ProtectDateline(*record, keys, url, normal_form, rules);
  if (policy_.other_headline && site_docs > 0 && !small_site) RemoveOtherHeadlines(keys, url, normal_form, rules);
  if (policy_.templated && record != nullptr && site_docs > 0 && !small_site)
    RemoveTemplated(*record, keys, site, url, normal_form, weak_limit, rules);
  if (policy_.protect_interview && record != nullptr && site_docs > 0)
    ProtectInterview(*record, keys, weak_limit, rules);
  if (policy_.protect_isolated && site_docs > 0) {
    // Runs of weak candidates (blank lines do not break a run; anything else
    // does). A short run with kept text on both sides sits inside running
    // text; with kept text on one side only (the other being strong chrome)
    // it is at the edge of running text and must be rarer still.
    // Only weak candidates (on at most isolated_max_fraction of the site's
    // documents) can be protected; a strong one ends a run, like chrome.
    // A label (see PolicyOptions::remove_labels) is strong: it ends a run.
    const double label_limit =
        std::max(static_cast<double>(policy_.label_min_count),
                 std::ceil(policy_.label_fraction * static_cast<double>(site_docs) - 1e-9));
    // A line with a number or a date in it (a dateline, a byline with its
    // time) says something about this page: never a label.
    label_.assign(n, 0);
    if (policy_.remove_labels) {
      for (size_t j = 0; j < n; ++j) {
        if (r[j] != LineRule::kSite || keys[j].norm_length >= 60 ||
            static_cast<double>(counts_[j]) < label_limit)
          continue;
        const std::string_view norm = normal_form(j);
        bool dated = false;
        for (size_t p = 0; p < norm.size() && !dated; ++p) {
          const bool word_start = p == 0 || norm[p - 1] == ' ';
          dated = word_start && (norm[p] == '<' || norm[p] == '0');
        }
        label_[j] = dated ? 0 : 1;
      }
    }
    auto is_label = [&](size_t j) { return label_[j] != 0 && r[j] == LineRule::kSite; };
    auto is_candidate = [&](size_t j) {
      return (r[j] == LineRule::kSite || r[j] == LineRule::kCrossSite) &&
             static_cast<double>(counts_[j]) <= weak_limit && !is_label(j);
    };
    // Running text is made of lines seen nowhere else on the site: a kept
    // line that repeats (below the threshold) is no evidence of it.
    auto is_kept = [&](size_t j) {
      if (IsRemoved(r[j]) || r[j] == LineRule::kBlank) return false;
      if (r[j] == LineRule::kProtectedTitle) return true;
      // An interview's question or answer is the article's text too (its
      // exchange stood between lines of it).
      if (r[j] == LineRule::kProtectedInterview) return true;
      // A lead is text seen elsewhere (as a teaser): no evidence either.
      if (r[j] == LineRule::kProtectedLead || r[j] == LineRule::kProtectedLeadCross) return false;
      if (keys[j].counted) return repeated_[j] == 0;
      return !decider_.IsRepeated(keys[j].key);
    };
    auto quotation_at = [&](size_t j) {
      if (record == nullptr || record->lines.size() != n || keys[j].norm_length < 40) return false;
      const Line& line = record->lines[j];
      return IsQuotation(std::string_view(record->text).substr(line.text_begin, line.text_end - line.text_begin));
    };
    size_t i = 0;
    while (i < n) {
      if (!is_candidate(i)) {
        ++i;
        continue;
      }
      size_t end = i, lines = 0;
      uint32_t max_count = 0;
      while (end < n && (is_candidate(end) || r[end] == LineRule::kBlank)) {
        if (is_candidate(end)) {
          ++lines;
          max_count = std::max(max_count, counts_[end]);
        }
        ++end;
      }
      size_t before = i;
      while (before > 0 && r[before - 1] == LineRule::kBlank) --before;
      const bool kept_before = before > 0 && is_kept(before - 1);
      const bool kept_after = end < n && is_kept(end);
      const double fraction = static_cast<double>(max_count) / static_cast<double>(site_docs);
      // A run that reaches the first or last line of the document is where
      // chrome lives (header, footer): never protected.
      const bool at_edge = before == 0 || end == n;
      // A quotation (a long line that opens with a quotation mark and
      // closes one) beside the article's text is speech, which a template
      // does not make: as rare as a line inside running text is enough (a
      // quote that a site repeats across its articles, often the last line
      // of the text or before an in-body label).
      const bool quotation = lines == 1 && quotation_at(i);
      const double limit = at_edge ? -1
                           : kept_before && kept_after ? policy_.isolated_max_fraction
                           : kept_before || kept_after
                               ? policy_.isolated_max_fraction / (quotation ? 1 : 5)
                               : -1;
      // At the edge of running text, a single line only.
      const size_t max_run = kept_before && kept_after ? policy_.isolated_max_run : 1;
      if (lines <= max_run && fraction <= limit) {
        for (size_t j = i; j < end; ++j)
          if (is_candidate(j)) r[j] = LineRule::kProtectedIsolated;
      }
      i = end;
    }
    // Name the labels that sit inside running text (explain, audit): those
    // that the rule above would otherwise have looked at.
    for (size_t j = 0; j < n; ++j) {
      if (!is_label(j) || static_cast<double>(counts_[j]) > weak_limit) continue;
      size_t b = j, a = j + 1;
      while (b > 0 && r[b - 1] == LineRule::kBlank) --b;
      while (a < n && r[a] == LineRule::kBlank) ++a;
      if (b > 0 && a < n && !IsRemoved(r[b - 1]) && !IsRemoved(r[a])) r[j] = LineRule::kSiteLabel;
    }
  }
  // Last: it reads the final decisions (its heading is removed chrome, its
  // marks removed dates and buttons).
  if ((policy_.comment_region || policy_.signed_comments) && record != nullptr && site_docs > 0 && !small_site)
    RemoveCommentRegion(*record, keys, url, normal_form, rules);
  size_t removed = 0;
  for (size_t i = 0; i < n; ++i) removed += IsRemoved(r[i]) ? 1 : 0;
  return removed;
}

}  // namespace dechrome
