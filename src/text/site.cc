// URL -> site key: our own small host parser, then libpsl for the
// registrable domain. See site.h for the rules.

#include "text/site.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstdlib>

#include "idn2.h"
#include "libpsl.h"
#include "utf8proc.h"

namespace dechrome {
namespace {

constexpr size_t kMaxHostSize = 253;

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Length of a scheme "[A-Za-z][A-Za-z0-9+.-]*" followed by ':' at the start
// of `s`, or 0.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || !IsAsciiAlpha(s[0])) return 0;
  for (size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!(IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '+' || c == '-' || c == '.')) {
      return 0;
    }
  }
  return 0;
}

// Lower-cases a host with non-ASCII bytes the way IDNA maps it (NFKC with
// case folding). Returns false for invalid UTF-8.
bool FoldUnicodeHost(std::string* host) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(host->data()),
      static_cast<utf8proc_ssize_t>(host->size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                     UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                     UTF8PROC_IGNORE));
  if (n < 0) return false;
  host->assign(reinterpret_cast<const char*>(mapped), static_cast<size_t>(n));
  std::free(mapped);
  return true;
}

// RFC 3492 bias adaptation.
uint32_t PunycodeAdapt(uint32_t delta, uint32_t points, bool first) {
  delta = first ? delta / 700 : delta / 2;
  delta += delta / points;
  uint32_t k = 0;
  while (delta > ((36 - 1) * 26) / 2) {
    delta /= 36 - 1;
    k += 36;
  }
  return k + (36 - 1 + 1) * delta / (delta + 38);
}

char PunycodeDigit(uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

// Appends the RFC 3492 Punycode of `label` (code points) to `*out`, without
// the "xn--" prefix. Returns false on overflow.
bool PunycodeEncode(const std::u32string& label, std::string* out) {
  constexpr uint32_t kBase = 36, kTmin = 1, kTmax = 26;
  uint32_t n = 128, delta = 0, bias = 72;
  uint32_t basic = 0;
  for (const char32_t c : label) {
    if (c < 0x80) {
      out->push_back(static_cast<char>(c));
      ++basic;
    }
  }
  if (basic > 0) out->push_back('-');
  const uint32_t total = static_cast<uint32_t>(label.size());
  for (uint32_t h = basic; h < total;) {
    uint32_t m = UINT32_MAX;
    for (const char32_t c : label) {
      if (c >= n && c < m) m = c;
    }
    if (m - n > (UINT32_MAX - delta) / (h + 1)) return false;
    delta += (m - n) * (h + 1);
    n = m;
    for (const char32_t c : label) {
      if (c < n && ++delta == 0) return false;
      if (c != n) continue;
      uint32_t q = delta;
      for (uint32_t k = kBase;; k += kBase) {
        const uint32_t t = k <= bias ? kTmin : k >= bias + kTmax ? kTmax : k - bias;
        if (q < t) break;
        out->push_back(PunycodeDigit(t + (q - t) % (kBase - t)));
        q = (q - t) / (kBase - t);
      }
      out->push_back(PunycodeDigit(q));
      bias = PunycodeAdapt(delta, h + 1, h == basic);
      delta = 0;
      ++h;
    }
    ++delta;
    ++n;
  }
  return true;
}

// A host with non-ASCII bytes in its ASCII (A-label) form, the one key for
// "b\u00fccher.de" and "xn--bcher-kva.de". First IDNA2008 lookup with UTS #46
// non-transitional mapping (libidn2, as browsers do); where that refuses the
// name (symbols such as emoji, mixed scripts), the host folded with NFKC and
// case folding (utf8proc), each non-ASCII label Punycode-encoded. Returns
// false for invalid UTF-8.
bool ToAsciiHost(std::string* host) {
  uint8_t* looked_up = nullptr;
  if (idn2_lookup_u8(reinterpret_cast<const uint8_t*>(host->c_str()), &looked_up,
                     IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) == IDN2_OK) {
    host->assign(reinterpret_cast<const char*>(looked_up));
    idn2_free(looked_up);
    return true;
  }
  idn2_free(looked_up);
  if (!FoldUnicodeHost(host)) return false;
  std::string ascii;
  std::u32string label;
  size_t i = 0;
  while (true) {
    const size_t dot = host->find('.', i);
    const std::string_view bytes =
        std::string_view(*host).substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    label.clear();
    bool label_ascii = true;
    for (size_t j = 0; j < bytes.size();) {
      utf8proc_int32_t c = 0;
      const utf8proc_ssize_t len =
          utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data() + j),
                           static_cast<utf8proc_ssize_t>(bytes.size() - j), &c);
      if (len <= 0) return false;
      if (c >= 0x80) label_ascii = false;
      label.push_back(static_cast<char32_t>(c));
      j += static_cast<size_t>(len);
    }
    if (label_ascii) {
      ascii.append(bytes);
    } else {
      ascii.append("xn--");
      if (!PunycodeEncode(label, &ascii)) return false;
    }
    if (dot == std::string::npos) break;
    ascii.push_back('.');
    i = dot + 1;
  }
  *host = std::move(ascii);
  return true;
}

// Decodes %XX escapes in a host, as the WHATWG URL parser does before it
// maps the host. Returns false for a '%' not followed by two hex digits.
bool PercentDecode(std::string* host) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(host->size());
  for (size_t i = 0; i < host->size(); ++i) {
    const char c = (*host)[i];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    if (i + 2 >= host->size()) return false;
    const int hi = hex((*host)[i + 1]), lo = hex((*host)[i + 2]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  *host = std::move(out);
  return true;
}

// A registered-name host: labels of [a-z0-9_-] or non-ASCII bytes, no empty
// label. `host` is already lower-cased.
bool IsValidName(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostSize) return false;
  size_t label = 0;
  for (const char c : host) {
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      continue;
    }
    const bool ok = (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '-' ||
                    c == '_' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
    ++label;
  }
  return label != 0;
}

// True for "[...]" (IPv6 literal) and for names whose last label is numeric
// (IPv4 in any of its forms: no top-level domain is numeric).
bool IsIpAddress(std::string_view host) {
  if (!host.empty() && host.front() == '[') return true;
  const size_t dot = host.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  for (const char c : last) {
    if (!IsAsciiDigit(c)) return false;
  }
  return true;
}

}  // namespace

SiteResolver::SiteResolver(SiteMode mode) : mode_(mode), psl_(nullptr), owns_psl_(false) {
  if (mode_ != SiteMode::kDomain) return;
  if (psl_ctx_t* latest = psl_latest(nullptr)) {
    psl_ = latest;
    owns_psl_ = true;
  } else {
    psl_ = psl_builtin();
  }
}

SiteResolver::~SiteResolver() {
  if (owns_psl_) psl_free(static_cast<psl_ctx_t*>(const_cast<void*>(psl_)));
}

// Where the authority that starts at `from` ends: the first '/', '?', '#'
// or '\\' (path, query, fragment), or npos.
static size_t AuthorityEnd(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '/' || c == '?' || c == '#' || c == '\\') return i;
  }
  return std::string_view::npos;
}

std::string SiteResolver::HostOf(std::string_view url) {
  std::string_view s = Trim(url);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') {
    s = Trim(s.substr(1, s.size() - 2));
  }
  bool has_scheme = false;
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    s.remove_prefix(2);  // scheme-relative "//host/..."
    has_scheme = true;
  } else if (const size_t scheme = SchemeLength(s); scheme != 0) {
    const std::string_view rest = s.substr(scheme + 1);
    if (rest.size() >= 2 && (rest[0] == '/' || rest[0] == '\\') &&
        (rest[1] == '/' || rest[1] == '\\')) {
      s = rest.substr(2);
      has_scheme = true;
    } else if (rest.empty() || !IsAsciiDigit(rest[0])) {
      return "";  // "mailto:x@y", "urn:isbn:..": no host
    }
    // else "host:port/...": no scheme at all.
  }

  const size_t end = AuthorityEnd(s, 0);  // npos: to the end
  std::string_view authority = s.substr(0, end);  // up to the path, query or fragment
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }

  std::string host;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return "";
    const std::string_view inside = authority.substr(1, close - 1);
    for (const char c : inside) {
      const bool ok = IsAsciiDigit(c) || (c >= 'a' && c <= 'f') ||
                      (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) return "";
    }
    // One spelling per address: RFC 5952's ("[0:0::1]", "[::1]" -> "[::1]").
    in6_addr address;
    char text[INET6_ADDRSTRLEN];
    if (inet_pton(AF_INET6, std::string(inside).c_str(), &address) != 1 ||
        inet_ntop(AF_INET6, &address, text, sizeof(text)) == nullptr) {
      return "";
    }
    host.append("[").append(text).append("]");
    return host;
  }

  const size_t colon = authority.find(':');
  host.assign(authority.substr(0, colon));
  if (host.find('%') != std::string::npos && !PercentDecode(&host)) return "";
  bool ascii = true;
  for (char& c : host) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
  }
  if (!ascii && !ToAsciiHost(&host)) return "";
  if (!host.empty() && host.back() == '.') host.pop_back();
  if (!IsValidName(host)) return "";
  // Without a scheme, a single word is not taken for a host name.
  if (!has_scheme && host.find('.') == std::string::npos && host != "localhost") {
    return "";
  }
  return host;
}

std::string SiteResolver::SiteOf(std::string_view url) const { return SiteOfHost(HostOf(url)); }

std::string SiteResolver::SiteOfHost(std::string host) const {
  if (host.empty() || mode_ == SiteMode::kHost || IsIpAddress(host)) return host;
  const char* domain =
      psl_registrable_domain(static_cast<const psl_ctx_t*>(psl_), host.c_str());
  if (domain == nullptr) return host;  // a public suffix itself, "localhost"
  return std::string(domain);
}

SiteCache::Entry& SiteCache::Lookup(std::string_view url) {
  // The fast key: "http(s)://authority" when a path, query or fragment
  // follows it. HostOf() then reads nothing beyond those bytes (no brackets,
  // no white space to trim), so equal keys give equal hosts.
  size_t prefix = 0;
  if (url.compare(0, 7, "http://") == 0) {
    prefix = 7;
  } else if (url.compare(0, 8, "https://") == 0) {
    prefix = 8;
  }
  const size_t end = prefix == 0 ? std::string_view::npos : AuthorityEnd(url, prefix);
  std::string host;  // without the fast key: the host, parsed once
  if (end != std::string_view::npos) {
    key_.assign(url.data(), end);
  } else {
    host = SiteResolver::HostOf(url);
    key_.assign(1, '\1');
    key_.append(host);
  }
  if (entries_.size() >= 100000) entries_.clear();  // bounded memory
  auto [it, inserted] = entries_.try_emplace(key_);
  if (inserted) {
    it->second.site = end != std::string_view::npos ? resolver_->SiteOf(url)
                                                     : resolver_->SiteOfHost(std::move(host));
  }
  return it->second;
}

}  // namespace dechrome
