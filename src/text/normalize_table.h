// -----------------------------------------------------------------------------
// File: normalize_table.h
// -----------------------------------------------------------------------------
//
// The per-code-point table of LineNormalizer's fast path (normalize.cc):
// for every code point, what the utf8proc path (NFKC + case folding +
// IGNORE, then composition; see normalize.h) makes of it, and whether that
// result may be emitted without looking at its neighbours.
//
// The stability condition
// -----------------------
// The utf8proc path decomposes each code point on its own (D(cp): case
// folding, compatibility and canonical decomposition, Hangul syllables to
// jamo, default-ignorables to nothing), sorts each run of non-starters
// (canonical combining class, ccc, > 0) by ccc -- a starter (ccc 0) is never
// moved and nothing moves across it -- and then composes left to right: a
// code point combines only with the last starter written, and a starter
// combines with it only when it follows it directly.
//
// A code point has a *boundary before it* when D(cp) is not empty and its
// first code point f is a starter that never combines with what precedes
// it: ccc(f) == 0, f is not the second code point of any composition
// (utf8proc's comb_index marks those), and f is not a Hangul vowel or
// trailing jamo (U+1161..U+1175, U+11A7..U+11C2, which utf8proc composes
// algorithmically). At such a code point, nothing before it is reordered
// past f and nothing after it composes with anything before it, so the
// output of a valid UTF-8 run is the concatenation of the outputs of its
// pieces cut at these boundaries. Hence, between two boundaries, a code
// point's result C(cp) = compose(D(cp)) is final: it may be emitted as soon
// as the next code point is known to have a boundary before it; when the
// next one has none (a combining mark, a vowel jamo, ...), the fast path
// takes back what it emitted since the last boundary and runs the utf8proc
// path on the stretch up to the next boundary.
//
// Default-ignorable code points (D(cp) empty) vanish from the decomposed
// stream and so are transparent: they neither make nor break a boundary.
//
// One refinement keeps Devanagari viramas, Thai and Arabic vowel marks and
// the like on the fast path: a combining mark m with ccc(m) > 0, D(m) = m,
// that is not the second code point of any composition, can be emitted as
// it is when the code point before it in the decomposed stream is a
// starter or has a ccc <= ccc(m): the sort leaves it in place and it never
// composes. (If something after it does reorder or compose, the fast path
// takes it back with the rest of the stretch.)
//
// Thread safety: NormTable::Get() builds the table on first use (a
// function-local static, thread-safe); the table is immutable afterwards.

#ifndef DECHROME_TEXT_NORMALIZE_TABLE_H_
#define DECHROME_TEXT_NORMALIZE_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dechrome {
namespace text_internal {

// The kind of a table entry (its low 3 bits).
enum NormKind : uint32_t {
  kNormSlow = 0,     // no boundary before it: take the utf8proc path
  kNormIgnore = 1,   // default-ignorable: dropped, transparent
  kNormSep = 2,      // a separator (punctuation, symbol, space, control)
  kNormDigit = 3,    // a digit (Nd after NFKC): part of a digit run, '0'
  kNormSelf = 4,     // letters: the output is the code point's own bytes
  kNormLetters = 5,  // letters: the output is pool bytes
  kNormMixed = 6,    // pool bytes with ' ' for separators and '0' for digits
  kNormMark = 7,     // a combining mark that composes with nothing (above)
};

// Entry layout (32 bits):
//   bits 0..2   NormKind
//   bit  3      kinds Sep..Mixed: the last code point of D(cp) has ccc > 0
//               (a mark after it may need reordering)
//   bits 4..11  kNormMark: its ccc; kNormLetters/kNormMixed: pool length
//   bits 12..31 kNormLetters/kNormMixed: pool offset
inline constexpr uint32_t kNormKindMask = 7;
// The longest output of a kNormLetters / kNormMixed entry (U+FDFA's 33
// bytes are the longest in Unicode 15); longer ones would be kNormSlow.
inline constexpr size_t kNormMaxOutput = 63;
inline constexpr uint32_t kNormTrailMark = 8;
inline uint32_t NormKindOf(uint32_t e) { return e & kNormKindMask; }
inline uint32_t NormSmall(uint32_t e) { return (e >> 4) & 0xFF; }
inline uint32_t NormOffset(uint32_t e) { return e >> 12; }

// True for the kinds with a boundary before them (emitted by the fast path
// and a place where a utf8proc stretch may end).
inline bool NormHasBoundary(uint32_t e) {
  return NormKindOf(e) - kNormSep <= kNormMixed - kNormSep;
}

class NormTable {
 public:
  // The table, built on first use from the linked utf8proc.
  static const NormTable& Get();

  // REQUIRES: cp <= 0x10FFFF
  uint32_t Lookup(uint32_t cp) const {
    return entries_[(size_t{index_[cp >> 8]} << 8) | (cp & 0xFF)];
  }
  // Lookup(cp) is entries()[(index()[cp >> 8] << 8) | (cp & 0xFF)].
  const uint16_t* index() const { return index_; }
  const uint32_t* entries() const { return entries_.data(); }
  const char* pool() const { return pool_.data(); }

  // Bytes held (for tests and the build's log).
  size_t MemoryUsage() const;
  size_t num_blocks() const { return entries_.size() / 256; }

 private:
  NormTable();

  uint16_t index_[0x110000 >> 8];  // block of each 256 code points
  std::vector<uint32_t> entries_;  // distinct blocks of 256 entries
  std::string pool_;               // outputs of kNormLetters / kNormMixed
};

}  // namespace text_internal
}  // namespace dechrome

#endif  // DECHROME_TEXT_NORMALIZE_TABLE_H_
