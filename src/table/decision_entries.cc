#include "table/decision_entries.h"

#include <algorithm>
#include <cmath>

namespace dechrome {

uint32_t SiteThreshold(const PolicyOptions& p, uint64_t docs, bool long_line) {
  if (docs < p.min_site_docs || docs == 0) return UINT32_MAX;
  double frac = std::ceil(p.min_fraction * static_cast<double>(docs) - 1e-9);
  uint64_t t = std::max<uint64_t>(long_line ? p.long_min_count : p.min_count,
                                  static_cast<uint64_t>(std::max(frac, 0.0)));
  return t > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(std::max<uint64_t>(t, 1));
}

DecisionEntries::DecisionEntries(const PolicyOptions& p, const std::vector<ChromeTable::Site>& sites)
    : other_headline_(p.other_headline || p.headline_list || p.templated), templated_(p.templated) {
  short_threshold_.resize(sites.size());
  long_threshold_.resize(sites.size());
  min_threshold_.resize(sites.size());
  for (size_t i = 0; i < sites.size(); ++i) {
    short_threshold_[i] = SiteThreshold(p, sites[i].documents, false);
    long_threshold_[i] = SiteThreshold(p, sites[i].documents, p.long_line_length > 0);
    min_threshold_[i] = std::min(short_threshold_[i], long_threshold_[i]);
  }
}

}  // namespace dechrome
