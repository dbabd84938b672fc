#include "policy/page_judge.h"

#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "hash/line_hash.h"
#include "policy/headline.h"


namespace dechrome {
namespace {

// Containers that hold chrome whatever their text: nav, footer, aside and
// form elements (and form controls), elements hidden by an inline style,
// and id/class words that name chrome regions. On the dev
// pages, prose lines in them are nearly all not article text (comments,
// sidebars, widgets); the other chrome words ("related", "share", "tags",
// "footer", "menu") are as often on article containers and only count
// against short lines.
constexpr uint32_t kChromeElements =
    kLandmarkNav | kLandmarkFooter | kLandmarkAside | kLandmarkForm | kLandmarkInvisible;
constexpr uint32_t kChromeWords =
    kWordComment | kWordSidebar | kWordWidget | kWordAd | kWordBreadcrumb | kWordNewsletter | kWordCookie;
constexpr uint32_t kWeakChromeWords = kWordMenu | kWordRelated | kWordShare | kWordTags | kWordFooter;

// Where a reader writes or the page hides: a comment that quotes the
// headline is not the story.
constexpr uint32_t kNotStory = kWordComment | kLandmarkForm | kLandmarkInvisible;

bool InChrome(uint32_t landmarks) { return (landmarks & (kChromeElements | kChromeWords)) != 0; }

// Mostly links: at least half of the bytes inside <a href>.
bool MostlyLinks(uint64_t link_bytes, uint64_t bytes) { return bytes > 0 && 2 * link_bytes >= bytes; }
// Prose: at most 30% of the bytes inside links.
bool FewLinks(uint64_t link_bytes, uint64_t bytes) { return 10 * link_bytes < 3 * bytes; }

// Lines this long are prose, linked or not (some sites wrap whole
// paragraphs in a link), unless they are lists of links; links only count
// against shorter lines.
constexpr uint64_t kLongLine = 150;

// Bylines, dates, share buttons and pictures sit between a headline and
// its text; a page's template puts at most this many non-blank lines there
// (as for the text rule "lead", document_judge.h).
constexpr size_t kHeadWindow = 25;

// ASCII letters lower-cased, digits and non-ASCII bytes kept, every other
// run of bytes one space: enough to find a headline in a <title>.
std::string Fold(std::string_view s) {
  std::string out;
  bool space = true;
  for (unsigned char c : s) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || (c >= 'A' && c <= 'Z');
    if (word) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The words of a URL after its host: lower-case runs of letters, runs of
// digits.
void UrlWords(std::string_view url, std::vector<std::string>* out) {
  out->clear();
  size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  const size_t slash = url.find('/', start);
  if (slash == std::string_view::npos) return;
  std::string word;
  int kind = 0;  // 1 letters, 2 digits
  for (size_t i = slash; i <= url.size(); ++i) {
    unsigned char c = i < url.size() ? static_cast<unsigned char>(url[i]) : '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    const int k = (c >= 'a' && c <= 'z') ? 1 : (c >= '0' && c <= '9') ? 2 : 0;
    if (k != kind && !word.empty()) {
      out->push_back(word);
      word.clear();
    }
    kind = k;
    if (k != 0) word.push_back(static_cast<char>(c));
  }
}

// Whether `s` holds an English month name (full, or its three- or
// four-letter abbreviation) as a word.
bool HasMonthWord(std::string_view s) {
  const std::string f = Fold(s);
  for (size_t b = 0; b < f.size();) {
    size_t e = f.find(' ', b);
    if (e == std::string::npos) e = f.size();
    if (IsMonthWord(std::string_view(f.data() + b, e - b))) return true;
    b = e + 1;
  }
  return false;
}

// A date line: short, with a digit, and a date by its element (<time>,
// class "date") or by its words.
bool IsDateLine(std::string_view text, uint32_t landmarks) {
  if (text.size() >= 100) return false;
  if (std::none_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return (landmarks & kLandmarkTime) != 0 || HasMonthWord(text) || HasNumericDate(text, /*clock_time=*/false);
}

}  // namespace

void PagePathKeys(const ParsedRecord& page, uint64_t site_seed, std::vector<uint64_t>* keys) {
  if (!page.html || page.facts.size() != page.lines.size()) return;
  struct Bytes {
    uint64_t text = 0, links = 0;
    bool prose = false;  // holds a long line with few links
  };
  absl::flat_hash_map<uint64_t, Bytes> paths;
  for (size_t i = 0; i < page.lines.size(); ++i) {
    const LineFacts& f = page.facts[i];
    if (f.path == 0) continue;
    Bytes& b = paths[f.path];
    const uint64_t len = page.lines[i].text_end - page.lines[i].text_begin;
    b.text += len;
    b.links += f.link_bytes;
    if (len >= kLongLine && FewLinks(f.link_bytes, len)) b.prose = true;
  }
  for (const auto& [path, b] : paths) {
    keys->push_back(PathKey(path, site_seed, 0));
    if (MostlyLinks(b.links, b.text)) keys->push_back(PathKey(path, site_seed, 1));
    if (b.prose) keys->push_back(PathKey(path, site_seed, 2));
  }
  // (Counting is a sum: the order of the keys does not matter.)
}

PageJudge::PageJudge(const ChromeDecider& decider)
    : decider_(decider), policy_(decider.table().policy()) {}

bool PageJudge::IsLinkBox(int site, uint64_t path, uint64_t site_seed) {
  auto [it, inserted] = box_.try_emplace(path, false);
  if (!inserted) return it->second;
  const uint32_t pages = decider_.LookupCounted(site, PathKey(path, site_seed, 0), 0).count;
  if (pages < 3) return false;
  const uint32_t link_pages = decider_.LookupCounted(site, PathKey(path, site_seed, 1), 0).count;
  it->second = 2 * link_pages >= pages;
  return it->second;
}

bool PageJudge::IsArticlePath(int site, uint64_t path, uint64_t site_seed) {
  auto [it, inserted] = article_.try_emplace(path, false);
  if (!inserted) return it->second;
  const uint32_t pages = decider_.LookupCounted(site, PathKey(path, site_seed, 0), 0).count;
  if (pages < 5) return false;
  const uint32_t prose_pages = decider_.LookupCounted(site, PathKey(path, site_seed, 2), 0).count;
  it->second = 2 * prose_pages >= pages;
  return it->second;
}

size_t PageJudge::Judge(const ParsedRecord& page, int site, uint64_t site_seed,
                        std::vector<LineRule>* rules) {
  const size_t n = page.lines.size();
  if (!policy_.page_structure || !page.html || page.facts.size() != n || rules->size() != n) return 0;
  std::vector<LineRule>& r = *rules;
  auto length = [&](size_t i) -> uint64_t { return page.lines[i].text_end - page.lines[i].text_begin; };
  auto links = [&](size_t i) -> uint64_t { return std::min<uint64_t>(page.facts[i].link_bytes, length(i)); };
  // Several links that make up most of the line: a list of links run
  // together ("Home | World | Sports"), however long.
  auto LinkList = [&](size_t i) { return page.facts[i].links >= 2 && MostlyLinks(links(i), length(i)); };
  // The text rules "lead" and "label" stand in for what a page's structure
  // says better (its headline, its article run): on an HTML page they are
  // undone and the rules below decide.
  lead_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    lead_[i] = r[i] == LineRule::kProtectedLead || r[i] == LineRule::kProtectedLeadCross;
    if (r[i] == LineRule::kProtectedLead) r[i] = LineRule::kSite;
    if (r[i] == LineRule::kProtectedLeadCross) r[i] = LineRule::kCrossSite;
    if (r[i] == LineRule::kSiteLabel) r[i] = LineRule::kProtectedIsolated;
  }
  removed_before_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) removed_before_[i] = IsRemoved(r[i]);

  // "protected-prose": the cross-site rule is for CMS and vendor chrome; a
  // prose line of a page found on many sites is syndicated or quoted text.
  // The article span below decides it like any other line.
  for (size_t i = 0; i < n; ++i) {
    if (r[i] == LineRule::kCrossSite && length(i) >= 60 && FewLinks(links(i), length(i)))
      r[i] = LineRule::kProtectedProse;
  }

  // "link-box": only where the site has enough pages to say.
  box_.clear();
  article_.clear();
  const bool site_judged = site >= 0 && static_cast<uint64_t>(site) < decider_.table().sites().size() &&
                           decider_.table().sites()[static_cast<size_t>(site)].documents >=
                               policy_.min_site_docs;
  if (site_judged) {
    for (size_t i = 0; i < n; ++i) {
      if (IsRemoved(r[i]) || r[i] == LineRule::kBlank || page.facts[i].path == 0) continue;
      const uint64_t len = length(i);
      if ((len < kLongLine || LinkList(i)) && MostlyLinks(links(i), len) &&
          IsLinkBox(site, page.facts[i].path, site_seed))
        r[i] = LineRule::kLinkBox;
    }
  }

  // "outside-article": the heaviest run of lines (maximum-sum subarray).
  weight_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const int64_t len = static_cast<int64_t>(length(i));
    const int64_t link = static_cast<int64_t>(links(i));
    const uint32_t landmarks = page.facts[i].landmarks;
    int64_t w;
    if (IsRemoved(r[i])) {
      w = -(len + 30);
    } else {
      w = (len >= static_cast<int64_t>(kLongLine) && !LinkList(i) ? len : len - 2 * link) - 20;
      if ((landmarks & kLandmarkParagraph) && FewLinks(link, len)) w += 30;
      if (w > 0 && InChrome(landmarks)) {
        w = -10 - w / 2;
      } else if (w > 0 && (landmarks & kWeakChromeWords) && len < 80) {
        w = -w / 2;
      }
    }
    weight_[i] = w;
  }
  int64_t best = 0, run = 0;
  size_t best_begin = 0, best_end = 0, run_begin = 0;  // [begin, end)
  for (size_t i = 0; i < n; ++i) {
    if (run <= 0) {
      run = 0;
      run_begin = i;
    }
    run += weight_[i];
    if (run > best) {
      best = run;
      best_begin = run_begin;
      best_end = i + 1;
    }
  }

  // "protected-headline": the page's headline, wherever it is and whatever
  // its counts: the first line (a heading if any) of 2 words or more whose
  // words are in the <title>, or of 3 words or more nearly all words of the
  // URL.
  size_t headline = n;
  {
    const std::string title = Fold(page.title);
    UrlWords(page.url, &url_words_);
    // A line on many of the site's pages (its name in a heading, "World
    // news") is the site's, not this page's: it is the headline only when
    // no other line is.
    for (int pass = 0; pass < 2 && headline == n; ++pass) {
    bool heading_found = false;
    for (size_t i = 0; i < n && !heading_found; ++i) {
      const uint64_t len = length(i);
      if (len < 8 || len > 200 || r[i] == LineRule::kBlank) continue;
      if (pass == 0 && r[i] == LineRule::kSite) continue;
      const std::string h = Fold(page.text.substr(page.lines[i].text_begin, len));
      size_t words = 0, in_url = 0;
      for (size_t b = 0; b < h.size();) {
        size_t e = h.find(' ', b);
        if (e == std::string::npos) e = h.size();
        ++words;
        const std::string_view word(h.data() + b, e - b);
        for (const std::string& u : url_words_) {
          if (u == word) {
            ++in_url;
            break;
          }
        }
        b = e + 1;
      }
      if (words < 2) continue;
      const bool in_title = h.size() >= 8 && title.find(h) != std::string::npos;
      const bool url_like = words >= 3 && 4 * in_url >= 3 * words;
      if (!in_title && !url_like) continue;
      const bool heading = (page.facts[i].landmarks & kLandmarkHeading) != 0;
      if (headline == n || heading) headline = i;
      heading_found = heading;
    }
    }
  }
  if (headline != n) r[headline] = LineRule::kProtectedHeadline;

  if (best > 0) {
    // Outside the run, a prose line in the same container as prose inside
    // it stays (an article split by a box in its middle).
    span_paths_.clear();
    for (size_t i = best_begin; i < best_end; ++i) {
      if (!IsRemoved(r[i]) && length(i) >= 60 && !InChrome(page.facts[i].landmarks))
        span_paths_.insert(page.facts[i].path);
    }
    for (size_t i = 0; i < n; ++i) {
      if (IsRemoved(r[i]) || r[i] == LineRule::kBlank || i == headline) continue;
      if (i >= best_begin && i < best_end) continue;
      const uint64_t len = length(i);
      const bool rescued = len >= 40 && FewLinks(links(i), len) && !InChrome(page.facts[i].landmarks) &&
                           span_paths_.contains(page.facts[i].path);
      if (!rescued) r[i] = LineRule::kOutsideArticle;
    }
  }
  // "protected-article-path": a paragraph in a container that holds the
  // article's prose on most of the site's pages stays wherever the run fell.
  if (site_judged) {
    for (size_t i = 0; i < n; ++i) {
      if (r[i] != LineRule::kOutsideArticle) continue;
      const LineFacts& f = page.facts[i];
      const uint64_t len = length(i);
      if (!(f.landmarks & kLandmarkParagraph) || len < 40 || !FewLinks(links(i), len) || InChrome(f.landmarks))
        continue;
      if (IsArticlePath(site, f.path, site_seed)) r[i] = LineRule::kProtectedArticlePath;
    }
  }
  // "protected-article-head": between the page's headline and its run of
  // prose sit the lead or standfirst and the byline, cut off from the run
  // by a box (share buttons, a picture, "Story highlights"). Prose there
  // is the article's, also where other pages show it as a teaser (by its
  // counts; a lead written as one link).
  size_t head_end = headline;  // the article's head: (headline, head_end)
  if (headline != n && best > 0 && headline < best_begin) {
    size_t gap = 0;
    for (size_t i = headline + 1; i < best_begin; ++i) gap += r[i] != LineRule::kBlank;
    if (gap <= kHeadWindow) head_end = best_begin;
  }
  if (policy_.article_head) {
    for (size_t i = headline + 1; i < head_end; ++i) {
      const LineRule rule = r[i];
      const bool by_count = rule == LineRule::kCrossSite || (rule == LineRule::kSite && lead_[i]);
      if (rule != LineRule::kOutsideArticle && rule != LineRule::kLinkBox && !by_count) continue;
      const uint64_t len = length(i);
      const uint64_t link = links(i);
      if (len < 40 || InChrome(page.facts[i].landmarks)) continue;
      const bool one_link = page.facts[i].links <= 1 && len >= 60;
      if (FewLinks(link, len) || one_link) r[i] = LineRule::kProtectedArticleHead;
    }
  }
  // "protected-own-story": a long line (150 bytes or more, not in a chrome
  // container) that begins with the page's headline, of 3 words or more,
  // and goes on: this page's story with its headline run into its text (a
  // heading inline, or the headline as a link to the page itself), where
  // the run of prose did not reach. Other stories' teasers begin with their
  // own headlines.
  if (policy_.own_story && headline != n) {
    const std::string h = Fold(page.text.substr(page.lines[headline].text_begin, length(headline)));
    if (std::count(h.begin(), h.end(), ' ') >= 2) {
      for (size_t i = 0; i < n; ++i) {
        if (r[i] != LineRule::kOutsideArticle && r[i] != LineRule::kLinkBox) continue;
        const uint64_t len = length(i);
        if (len < kLongLine || len < h.size() + 40 || (page.facts[i].landmarks & kNotStory) != 0) continue;
        const std::string line = Fold(page.text.substr(page.lines[i].text_begin, len));
        if (line.size() > h.size() && line[h.size()] == ' ' && line.compare(0, h.size(), h) == 0)
          r[i] = LineRule::kProtectedOwnStory;
      }
    }
  }
  // "protected-page-date": the page's date line, within two non-blank
  // lines of its headline or in the article's head. Its normal form (dates
  // folded) is on every page of the site; the date is this page's.
  if (policy_.page_date && headline != n) {
    auto date_line = [&](size_t i) {
      const LineRule rule = r[i];
      if (rule != LineRule::kSite && rule != LineRule::kCrossSite && rule != LineRule::kOutsideArticle) return;
      if (InChrome(page.facts[i].landmarks)) return;
      if (IsDateLine(page.text.substr(page.lines[i].text_begin, length(i)), page.facts[i].landmarks))
        r[i] = LineRule::kProtectedPageDate;
    };
    size_t seen = 0;
    for (size_t i = headline; i > 0 && seen < 2;) {
      --i;
      if (r[i] == LineRule::kBlank) continue;
      ++seen;
      date_line(i);
    }
    seen = 0;
    for (size_t i = headline + 1; i < n && (seen < 2 || i < head_end); ++i) {
      if (r[i] == LineRule::kBlank) continue;
      ++seen;
      date_line(i);
    }
  }
  size_t removed = 0;
  for (size_t i = 0; i < n; ++i) removed += IsRemoved(r[i]) && !removed_before_[i];
  return removed;
}

}  // namespace dechrome
