// -----------------------------------------------------------------------------
// File: site.h
// -----------------------------------------------------------------------------
//
// The site a document belongs to, from its URL: by default the registrable
// domain under the public suffix list (libpsl, with the system list in
// /usr/share/publicsuffix when present, else libpsl's built-in one), so that
// www., m. and news. of one site share counts, while a.blogspot.com and
// b.blogspot.com stay apart. SiteMode::kHost keeps the full host instead.
//
// URLs may lack a scheme ("example.com/a"); a user-info part, port, path,
// query and fragment are ignored; the host is lower-cased and a trailing dot
// dropped. IP addresses are their own site. A URL without a usable host
// gives "" (the caller's no-site bucket).
//
// Thread safety: SiteOf() may be called from any number of threads.

#ifndef DECHROME_TEXT_SITE_H_
#define DECHROME_TEXT_SITE_H_

#include <string>
#include <string_view>

namespace dechrome {

enum class SiteMode { kDomain, kHost };

class SiteResolver {
 public:
  explicit SiteResolver(SiteMode mode = SiteMode::kDomain);
  ~SiteResolver();
  SiteResolver(const SiteResolver&) = delete;
  SiteResolver& operator=(const SiteResolver&) = delete;

  // The site key of `url`, or "" when it has no usable host.
  std::string SiteOf(std::string_view url) const;

  // The host part of `url`, lower-cased ("" if none).
  static std::string HostOf(std::string_view url);

 private:
  SiteMode mode_;
  const void* psl_;  // const psl_ctx_t*
  bool owns_psl_;
};

}  // namespace dechrome

#endif  // DECHROME_TEXT_SITE_H_
