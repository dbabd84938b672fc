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

// The counting key of an HTML element path (LineFacts::path) on a site:
// `kind` 0 counts the site's pages that have the path, 1 those where the
// path's text is mostly links, 2 those where it holds prose. Seeded apart
// from line keys.
inline uint64_t PathKey(uint64_t path, uint64_t site_seed, uint32_t kind) {
  static constexpr uint64_t kSalt[3] = {0x70617468646f6373ULL, 0x706174686c696e6bULL,
                                        0x7061746870726f73ULL};
  return XXH3_64bits_withSeed(&path, sizeof(path), site_seed ^ kSalt[kind % 3]);
}

// A 64-bit checksum of bytes (the table file's trailer).
inline uint64_t Checksum64(const void* data, size_t size, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(data, size, seed);
}

}  // namespace dechrome

#endif  // DECHROME_HASH_LINE_HASH_H_
