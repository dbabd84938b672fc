#include "policy/page_judge.h"

#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "hash/line_hash.h"

namespace dechrome {
namespace {

constexpr uint32_t kChromeElements = kLandmarkNav | kLandmarkFooter | kLandmarkAside | kLandmarkForm;
constexpr uint32_t kChromeWords = kWordMenu | kWordSidebar | kWordRelated | kWordComment | kWordShare |
                                  kWordCookie | kWordNewsletter | kWordBreadcrumb | kWordWidget |
                                  kWordAd | kWordFooter | kWordTags;

// In a chrome container: a nav, footer, aside or form element, or an
// element whose id/class words say chrome and not content
// ("entry-content tag-health" is content).
bool InChrome(uint32_t landmarks) {
  if (landmarks & kChromeElements) return true;
  return (landmarks & kChromeWords) != 0 && (landmarks & kWordContent) == 0;
}

// Mostly links: at least half of the bytes inside <a href>.
bool MostlyLinks(uint64_t link_bytes, uint64_t bytes) { return bytes > 0 && 2 * link_bytes >= bytes; }

// Lower-case ASCII letters and digits of `s`, other bytes as they are, runs
// of anything else as one space: enough to find a heading in a <title>.
std::string Fold(std::string_view s) {
  std::string out;
  bool space = true;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      out.push_back(static_cast<char>(c));
      space = false;
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

void PagePathKeys(const ParsedRecord& page, uint64_t site_seed, std::vector<uint64_t>* keys) {
  if (!page.html || page.facts.size() != page.lines.size()) return;
  struct Bytes {
    uint64_t text = 0, links = 0;
  };
  absl::flat_hash_map<uint64_t, Bytes> paths;
  for (size_t i = 0; i < page.lines.size(); ++i) {
    const LineFacts& f = page.facts[i];
    if (f.path == 0) continue;
    Bytes& b = paths[f.path];
    b.text += page.lines[i].text_end - page.lines[i].text_begin;
    b.links += f.link_bytes;
  }
  for (const auto& [path, b] : paths) {
    keys->push_back(PathKey(path, site_seed, 0));
    if (MostlyLinks(b.links, b.text)) keys->push_back(PathKey(path, site_seed, 1));
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

size_t PageJudge::Judge(const ParsedRecord& page, int site, uint64_t site_seed,
                        std::vector<LineRule>* rules) {
  const size_t n = page.lines.size();
  if (!policy_.page_structure || !page.html || page.facts.size() != n || rules->size() != n) return 0;
  std::vector<LineRule>& r = *rules;
  size_t removed = 0;
  auto length = [&](size_t i) -> uint64_t { return page.lines[i].text_end - page.lines[i].text_begin; };

  // "link-box": only where the site has enough pages to say.
  box_.clear();
  const bool site_judged = site >= 0 && static_cast<uint64_t>(site) < decider_.table().sites().size() &&
                           decider_.table().sites()[static_cast<size_t>(site)].documents >=
                               policy_.min_site_docs;
  if (site_judged) {
    for (size_t i = 0; i < n; ++i) {
      if (IsRemoved(r[i]) || r[i] == LineRule::kBlank || page.facts[i].path == 0) continue;
      const uint64_t len = length(i);
      const bool linky = MostlyLinks(page.facts[i].link_bytes, len) || len < 40;
      if (linky && IsLinkBox(site, page.facts[i].path, site_seed)) {
        r[i] = LineRule::kLinkBox;
        ++removed;
      }
    }
  }

  // "outside-article": the heaviest run of lines (maximum-sum subarray).
  weight_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const int64_t len = static_cast<int64_t>(length(i));
    const LineFacts& f = page.facts[i];
    const int64_t links = std::min<int64_t>(static_cast<int64_t>(f.link_bytes), len);
    int64_t w;
    if (IsRemoved(r[i])) {
      w = -(len + 30);
    } else {
      w = (len - links) - links - 20;
      if ((f.landmarks & kLandmarkParagraph) && 10 * links < 3 * len) w += 30;
      if (InChrome(f.landmarks) && w > 0) w = -10 - w / 2;
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
  if (best > 0) {
    // The headline: a heading shortly above the article whose words are in
    // the <title>.
    size_t headline = n;
    if (!page.title.empty()) {
      const std::string title = Fold(page.title);
      const size_t from = best_begin > 12 ? best_begin - 12 : 0;
      for (size_t i = best_begin; i-- > from;) {
        if (!(page.facts[i].landmarks & kLandmarkHeading)) continue;
        const std::string h = Fold(page.text.substr(page.lines[i].text_begin, length(i)));
        if (h.size() >= 8 && title.find(h) != std::string::npos) {
          headline = i;
          break;
        }
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (IsRemoved(r[i]) || r[i] == LineRule::kBlank) continue;
      if (i == headline) {
        r[i] = LineRule::kProtectedHeadline;
        continue;
      }
      if (i < best_begin || i >= best_end) {
        r[i] = LineRule::kOutsideArticle;
        ++removed;
        continue;
      }
      const uint64_t len = length(i);
      if (len <= 160 && 10 * uint64_t{page.facts[i].link_bytes} >= 7 * len) {
        r[i] = LineRule::kLinkLine;
        ++removed;
      }
    }
  }
  return removed;
}

}  // namespace dechrome
