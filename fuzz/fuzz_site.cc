// Fuzz target: URL -> host -> site (src/text/site.h).
//
// Input: URLs separated by '\n'.
// Invariants, for each URL:
// - HostOf() gives "" or a host as site.h describes it: an IPv6 literal in
//   brackets, or at most 253 bytes of non-empty labels of [a-z0-9_-] or
//   non-ASCII bytes (valid UTF-8), no trailing dot.
// - The host is a fixed point: HostOf("http://" + host + "/") == host, and
//   upper-casing the URL's ASCII letters of the host does not change it.
// - SiteOf() is the host itself (kHost mode, IP addresses) or a suffix of
//   it at a label boundary; it is a function of the host alone.
// - SiteCache (the fast "http(s)://authority" key) agrees with SiteOf()
//   for every URL, across a sequence of URLs sharing one cache.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "text/site.h"

namespace dechrome {
namespace {

bool IsValidHost(const std::string& host) {
  if (host.empty()) return true;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (size_t i = 1; i + 1 < host.size(); ++i) {
      const char c = host[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.')) return false;
    }
    return true;
  }
  if (host.size() > 253 || host.back() == '.' || host.front() == '.') return false;
  if (host.find("..") != std::string::npos) return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return fuzz::IsUtf8(host);
}

bool IsLabelSuffix(const std::string& site, const std::string& host) {
  if (site == host) return true;
  return host.size() > site.size() && host.compare(host.size() - site.size(), site.size(), site) == 0 &&
         host[host.size() - site.size() - 1] == '.';
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  static const SiteResolver* domain = new SiteResolver(SiteMode::kDomain);
  static const SiteResolver* host_mode = new SiteResolver(SiteMode::kHost);
  SiteCache cache(domain);
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (;;) {
    const size_t nl = input.find('\n');
    const std::string_view url = input.substr(0, nl);

    const std::string host = SiteResolver::HostOf(url);
    FUZZ_CHECK(IsValidHost(host));
    const std::string site = domain->SiteOf(url);
    FUZZ_CHECK(site == domain->SiteOfHost(host));
    FUZZ_CHECK(host_mode->SiteOf(url) == host);
    FUZZ_CHECK(site.empty() == host.empty());
    FUZZ_CHECK(IsLabelSuffix(site, host));
    FUZZ_CHECK(cache.SiteOf(url) == site);
    if (!host.empty()) {
      FUZZ_CHECK(SiteResolver::HostOf("http://" + host + "/") == host);
      FUZZ_CHECK(domain->SiteOf("https://" + host + ":443/x") == site);
      // Upper-case ASCII in the URL's host part changes nothing.
      std::string upper(url);
      for (char& c : upper) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == '/' || c == '?' || c == '#') break;
      }
      // (Only where no scheme precedes: scheme and host are then both
      // upper-cased, which is fine; the path is untouched.)
      FUZZ_CHECK(SiteResolver::HostOf(upper) == host);
    }
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
