#include "policy/decider.h"

#include <algorithm>
#include <cmath>

namespace dechrome {
ChromeDecider::ChromeDecider(const ChromeTable& table)
    : table_(table), cross_min_length_(table.policy().cross_site_min_length) {
  const PolicyOptions& p = table.policy();
  const size_t sites = table.sites().size();
  const DecisionEntries needs(p, table.sites());
  short_threshold_ = needs.short_threshold();
  long_threshold_ = needs.long_threshold();
  min_threshold_ = needs.min_threshold();
  if (p.templated) {
    site_seeds_.resize(sites);
    for (size_t i = 0; i < sites; ++i) site_seeds_[i] = SiteSeed(table.sites()[i].name);
  }
  std::vector<uint64_t> headline_seeds;
  if (p.headline_list) {
    headline_seeds.resize(sites);
    for (size_t i = 0; i < sites; ++i) headline_seeds[i] = SiteSeed(table.sites()[i].name);
  }
  if (p.min_sites > 0) {
    for (const auto& [global, n] : table.cross_sites())
      if (n >= p.min_sites) cross_globals_.insert(global);
  }
  const uint32_t max_count = ~(kChromeBit | kCrossBit);
  for (const ChromeTable::Entry& e : table.entries()) {
    const bool cross = !cross_globals_.empty() && cross_globals_.contains(e.global);
    if (!needs.Needed(e, cross)) continue;
    if (DecisionEntries::IsHeadlineEntry(e)) {  // a headline key, not a line
      // ("templated" reads them too: a label before another page's headline.)
      if (p.other_headline || p.templated) headlines_.emplace(e.key, e.count);
      // Its line's global key: the text, whatever the site.
      if (p.headline_list)
        headline_globals_.insert(GlobalOfSiteLineKey(HeadlineLineKey(e.key), headline_seeds[e.site]));
      continue;
    }
    if (DecisionEntries::IsTemplateEntry(e)) {  // a label's count (headline.h)
      templates_.emplace(e.key, e.count);
      continue;
    }
    const bool chrome = e.count >= min_threshold_[e.site];
    // (Element paths share the map but are not lines: counted apart.)
    (DecisionEntries::IsPathEntry(e) ? chrome_path_keys_ : chrome_keys_) += chrome ? 1 : 0;
    known_.emplace(e.key, std::min(e.count, max_count) | (chrome ? kChromeBit : 0) |
                              (cross ? kCrossBit : 0));
  }
}

uint32_t ChromeDecider::Threshold(int site, size_t norm_length) const {
  if (site < 0) return UINT32_MAX;
  const uint32_t long_length = table_.policy().long_line_length;
  return long_length > 0 && norm_length >= long_length ? long_threshold_[site]
                                                       : short_threshold_[site];
}

Verdict ChromeDecider::Explain(int site, uint64_t key, uint64_t global,
                               size_t norm_length) const {
  Verdict v;
  // (A table loaded for the audit knows the line keys it dropped.)
  const bool present = table_.Lookup(key, &v.count);
  v.threshold = Threshold(site, norm_length);
  v.sites = table_.CrossSites(global);
  if (!present) v.sites = v.sites > 1 ? v.sites : 0;
  v.site_documents = site >= 0 ? table_.sites()[site].documents : 0;
  if (site >= 0 && v.count >= v.threshold) {
    v.chrome = true;
    v.rule = "site";
  } else if (norm_length >= cross_min_length_ && cross_globals_.contains(global)) {
    v.chrome = true;
    v.rule = "cross-site";
  } else if (v.threshold == UINT32_MAX) {
    v.rule = site < 0 ? "no-site" : "small-site";
  }
  return v;
}

}  // namespace dechrome
