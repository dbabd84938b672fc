#include "warc/warc_header.h"

#include <openssl/evp.h>

#include <cassert>

#include "dechrome/status.h"

namespace dechrome {
namespace warc_internal {

namespace {

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (IsBlank(s[b]) || s[b] == '\r')) ++b;
  while (e > b && (IsBlank(s[e - 1]) || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsIgnoreCase(s.substr(0, prefix.size()), prefix);
}

bool ContainsIgnoreCase(std::string_view s, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (EqualsIgnoreCase(s.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

size_t FindHeaderEnd(std::string_view data) {
  const char* d = data.data();
  const size_t n = data.size();
  size_t pos = 0;
  while (pos < n) {
    const void* p = std::memchr(d + pos, '\n', n - pos);
    if (p == nullptr) return std::string_view::npos;
    size_t i = static_cast<const char*>(p) - d;  // a line ends at i
    if (i + 1 < n && d[i + 1] == '\n') return i + 2;
    if (i + 2 < n && d[i + 1] == '\r' && d[i + 2] == '\n') return i + 3;
    pos = i + 1;
  }
  return std::string_view::npos;
}

std::string FieldValue(std::string_view block, const HeaderField& field) {
  std::string value(field.first_value(block));
  if (!field.continued()) return value;
  std::string_view rest = block.substr(field.first_line_end, field.line_end - field.first_line_end);
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = Trim(rest.substr(0, nl));
    if (!line.empty()) {
      if (!value.empty()) value += ' ';
      value.append(line.data(), line.size());
    }
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return value;
}

bool ParseContentLength(std::string_view value, uint64_t* out) {
  if (value.empty() || value.size() > 18) return false;
  uint64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

std::string Base32Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  out.reserve((bytes.size() + 4) / 5 * 8);
  uint64_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  while (out.size() % 8 != 0) out += '=';
  return out;
}

Sha1Digest::Sha1Digest() : ctx_(EVP_MD_CTX_new()) {
  DECHROME_CHECK(ctx_ != nullptr);
  DECHROME_CHECK(EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), EVP_sha1(), nullptr) == 1);
}

Sha1Digest::~Sha1Digest() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha1Digest::Update(std::string_view bytes) {
  if (bytes.empty()) return;
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), bytes.data(), bytes.size());
}

std::string Sha1Digest::FinishWarc() {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  DECHROME_CHECK(EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), md, &len) == 1);
  assert(len == 20);
  return "sha1:" + Base32Encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string WarcSha1(std::string_view bytes) {
  Sha1Digest d;
  d.Update(bytes);
  return d.FinishWarc();
}

}  // namespace warc_internal
}  // namespace dechrome
