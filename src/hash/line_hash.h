// -----------------------------------------------------------------------------
// File: line_hash.h
// -----------------------------------------------------------------------------
//
// The 64-bit keys of lines. This is the only file that includes xxhash.h
// (header-only, XXH_INLINE_ALL, since Debian's xxHash has no CMake config).
//
// A line's key is XXH3-64 of its normalised form, seeded by its site's seed,
// so the same text on two sites gives two unrelated keys; the global key
// (seed 0) identifies the text across sites. Both are pure functions of their
// inputs: tables computed on different machines or runs agree.
//
// Thread safety: pure functions.

#ifndef DECHROME_HASH_LINE_HASH_H_
#define DECHROME_HASH_LINE_HASH_H_

#include <cstdint>
#include <string_view>

#include "xxhash.h"

namespace dechrome {

// The seed of a site, from its key ("example.com"; "" for documents without
// a usable URL).
inline uint64_t SiteSeed(std::string_view site) {
  return XXH3_64bits_withSeed(site.data(), site.size(), 0x6465636872306d65ULL);
}

// The key of a normalised line on a site.
inline uint64_t LineKey(std::string_view normalized, uint64_t site_seed) {
  return XXH3_64bits_withSeed(normalized.data(), normalized.size(), site_seed);
}

// The key of a normalised line, whatever its site.
inline uint64_t GlobalLineKey(std::string_view normalized) {
  return XXH3_64bits(normalized.data(), normalized.size());
}

// The (site, line) key of a line from its global key: XXH3-64 of the
// global key's 8 bytes, seeded by the site (one pass over the line's bytes
// gives both keys). This is the key that the table stores.
inline uint64_t SiteLineKey(uint64_t global, uint64_t site_seed) {
  return XXH3_64bits_withSeed(&global, sizeof(global), site_seed);
}

// The inverse of SiteLineKey() for a given seed:
// GlobalOfSiteLineKey(SiteLineKey(g, seed), seed) == g for every g. XXH3's
// output is frozen since xxHash 0.8.0; on 8 bytes (XXH3_len_4to8_64b) it is
// a bijection of the input: a rotation, an XOR with a seed-dependent
// constant and the rrmxmx mixer, each step invertible. The counting table
// keeps only the key and derives the global key from it
// (src/count/sharded_counter.h); line_hash_test checks the round trip
// against the library. Like the table format, this assumes a little-endian
// machine (the global key's bytes as XXH3 reads them).
inline uint64_t GlobalOfSiteLineKey(uint64_t key, uint64_t site_seed) {
  constexpr uint64_t kMul = 0x9FB21C651E98DF25ULL;
  // The inverse of kMul modulo 2^64 (Newton's iteration: each step doubles
  // the number of correct low bits; kMul * kMul == 1 mod 8 to start).
  constexpr uint64_t kInvMul = [] {
    uint64_t x = kMul;
    for (int i = 0; i < 6; ++i) x *= 2 - kMul * x;
    return x;
  }();
  static_assert(kMul * kInvMul == 1, "modular inverse");
  auto rotl = [](uint64_t x, int r) { return (x << r) | (x >> (64 - r)); };
  uint64_t h = key;
  // rrmxmx, undone step by step (len = 8).
  h ^= (h >> 28) ^ (h >> 56);  // h ^= h >> 28
  h *= kInvMul;
  h ^= (h >> 35) + 8;          // its own inverse: (h >> 35) + 8 < 2^30 leaves
                               // bits 30-63, which it is made of, unchanged
  h *= kInvMul;
  // h ^= rotl(h, 49) ^ rotl(h, 24) is the linear map M = 1 + R^49 + R^24
  // (R: rotation by one bit) over GF(2); M^64 = 1 + R^(49*64) + R^(24*64) = 1,
  // so M^-1 = M^63 = the product of M^(2^i) = 1 + R^(49*2^i) + R^(24*2^i),
  // i = 0..5.
  for (int i = 0; i < 6; ++i) {
    const int a = (49 << i) & 63, b = (24 << i) & 63;
    h = h ^ (a ? rotl(h, a) : h) ^ (b ? rotl(h, b) : h);
  }
  // keyed = input64 ^ bitflip, input64 = the global key rotated by 32.
  uint64_t seed = site_seed;
  seed ^= static_cast<uint64_t>(XXH_swap32(static_cast<uint32_t>(seed))) << 32;
  const uint64_t bitflip = (XXH_readLE64(XXH3_kSecret + 8) ^ XXH_readLE64(XXH3_kSecret + 16)) - seed;
  const uint64_t input64 = h ^ bitflip;
  return rotl(input64, 32);
}

// The counting key of an HTML element path (LineFacts::path) on a site:
// `kind` 0 counts the site's pages that have the path, 1 those where the
// path's text is mostly links, 2 those where it holds prose. Seeded apart
// from line keys.
inline uint64_t PathKey(uint64_t path, uint64_t site_seed, uint32_t kind) {
  static constexpr uint64_t kSalt[3] = {0x70617468646f6373ULL, 0x706174686c696e6bULL,
                                        0x7061746870726f73ULL};
  return XXH3_64bits_withSeed(&path, sizeof(path), site_seed ^ kSalt[kind % 3]);
}

// The global keys that mark a table entry's kind (see include/dechrome/
// table.h): a headline count's (policy/headline.h: HeadlineKey()) and a
// label count's (TemplateKey()). Never a line's global key in practice, so
// the cross-site rule never counts them.
inline uint64_t HeadlineGlobal(uint64_t headline_key) { return headline_key ^ 0x9e3779b97f4a7c15ull; }
inline uint64_t TemplateGlobal(uint64_t template_key) { return template_key ^ 0x5851f42d4c957f2dull; }

// A 64-bit checksum of bytes (the table file's trailer).
inline uint64_t Checksum64(const void* data, size_t size, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(data, size, seed);
}

// Checksum64() of bytes given in pieces (same result as one call on them
// all, seed 0).
class Checksum64Stream {
 public:
  Checksum64Stream() { XXH3_64bits_reset(&state_); }
  void Update(const void* data, size_t size) { XXH3_64bits_update(&state_, data, size); }
  uint64_t Digest() const { return XXH3_64bits_digest(&state_); }

 private:
  XXH3_state_t state_;
};

}  // namespace dechrome

#endif  // DECHROME_HASH_LINE_HASH_H_
