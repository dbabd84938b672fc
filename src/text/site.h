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
// Every host has one spelling, so that one site is one key whichever way its
// URLs are written: "B\u00dcCHER.de.", "b%C3%BCcher.de" and "xn--bcher-kva.de"
// are all "xn--bcher-kva.de". Hosts that are ASCII already (A-labels
// included) are kept as they are, lower-cased.
//
// Details:
//   - surrounding white space and "<...>" are ignored; "//host/..." and a
//     backslash for a slash ("http:\\host") are accepted;
//   - "scheme:" not followed by "//" means no host ("mailto:a@b.com" -> ""),
//     unless a digit follows, which is a port ("example.com:8080/a");
//   - %XX escapes in the host are decoded first, as browsers do
//     ("ex%41mple.com" -> "example.com"); a '%' without two hex digits
//     gives "";
//   - a host is labels of [a-z0-9_-] or non-ASCII bytes; anything else
//     (spaces, empty labels, over 253 bytes in ASCII form) gives "";
//   - non-ASCII (IDN) hosts become their ASCII (A-label, "xn--") form:
//     IDNA2008 lookup with UTS #46 non-transitional mapping (libidn2, as
//     browsers do); a name that IDNA refuses (emoji, mixed scripts) is
//     folded with NFKC and case folding (utf8proc) and each non-ASCII label
//     Punycode-encoded. Invalid UTF-8 gives "". Site keys are therefore
//     always ASCII; libpsl sees the A-label form (its list has both);
//   - without a scheme, a host must contain a dot or be "localhost"
//     ("garbage" -> ""); with one, single-label hosts ("http://intranet/")
//     are kept;
//   - IPv6 literals keep their brackets, in RFC 5952 form ("[0:0::1]" ->
//     "[::1]"; an invalid address gives ""); IPv4 addresses (any host whose
//     last label is numeric) and hosts that are themselves public suffixes
//     ("co.uk") or not registrable ("localhost") are their own site.
//
// Thread safety: SiteOf() may be called from any number of threads.

#ifndef DECHROME_TEXT_SITE_H_
#define DECHROME_TEXT_SITE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/node_hash_map.h"

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
  // The same from the host that HostOf() gave.
  std::string SiteOfHost(std::string host) const;

  // The host part of `url`, lower-cased ("" if none).
  static std::string HostOf(std::string_view url);

 private:
  SiteMode mode_;
  const void* psl_;  // const psl_ctx_t*
  bool owns_psl_;
};

// A per-thread memo of SiteOf(): pages of one host are many, and parsing the
// host and the public suffix lookup are the costly parts. An "http://" or
// "https://" URL is looked up by its bytes up to the end of its authority
// (one hash lookup, no parsing); other URLs by their host. Each entry also
// keeps an index for the caller (its own number for the site), so that the
// caller needs no second lookup. Not thread-safe: one per thread.
class SiteCache {
 public:
  struct Entry {
    std::string site;  // SiteOf(url)
    int64_t index = kNoIndex;  // the caller's, kNoIndex until it sets it
  };
  static constexpr int64_t kNoIndex = INT64_MIN;

  explicit SiteCache(const SiteResolver* resolver) : resolver_(resolver) {}
  // The entry of `url`'s site; valid until the next call.
  Entry& Lookup(std::string_view url);
  // SiteOf(url), valid until the next call.
  const std::string& SiteOf(std::string_view url) { return Lookup(url).site; }

 private:
  const SiteResolver* resolver_;
  std::string key_;
  absl::node_hash_map<std::string, Entry> entries_;  // URL prefix or '\1' host
};

}  // namespace dechrome

#endif  // DECHROME_TEXT_SITE_H_
