// -----------------------------------------------------------------------------
// File: line_entry.h
// -----------------------------------------------------------------------------
//
// What the counting pass holds per distinct key (see sharded_counter.h): a
// count and a tag (the site's index and the kind of key), 8 bytes; with the
// key, 16.
//
// Thread safety: plain values.

#ifndef DECHROME_COUNT_LINE_ENTRY_H_
#define DECHROME_COUNT_LINE_ENTRY_H_

#include <cstdint>

namespace dechrome {

// What a counted key is. The count pass derives each entry's global key
// from it (src/pipeline/count_pass.cc).
enum class KeyKind : uint32_t {
  kLine = 0,      // a line: global = GlobalOfSiteLineKey(key, site seed)
  kHeadline = 1,  // policy/headline.h: global = HeadlineGlobal(key)
  kTemplate = 2,  // policy/headline.h: global = TemplateGlobal(key)
  kPath = 3,      // an HTML element path (PathKey()): global = key
};

// The largest site index a counter can hold (30 bits; the all-ones tag marks
// an empty slot).
inline constexpr uint32_t kMaxCounterSite = (uint32_t{1} << 30) - 2;

struct LineEntry {
  uint32_t count = 0;  // documents (of the entry's site) containing the key
  uint32_t tag = 0;    // site << 2 | kind

  static uint32_t Tag(uint32_t site, KeyKind kind) {
    return site << 2 | static_cast<uint32_t>(kind);
  }
  // Adds `n` documents; counts saturate at UINT32_MAX, they never wrap.
  void Add(uint32_t n) {
    const uint64_t sum = uint64_t{count} + n;
    count = sum > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(sum);
  }
  uint32_t site() const { return tag >> 2; }
  KeyKind kind() const { return static_cast<KeyKind>(tag & 3); }
};

// A key with its entry: a slot of the counter, a record of a spill run.
struct KeyedEntry {
  uint64_t key;
  LineEntry entry;
};
static_assert(sizeof(KeyedEntry) == 16, "16-byte entries");

}  // namespace dechrome

#endif  // DECHROME_COUNT_LINE_ENTRY_H_
