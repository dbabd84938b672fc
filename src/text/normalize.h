// -----------------------------------------------------------------------------
// File: normalize.h
// -----------------------------------------------------------------------------
//
// The normal form of a line, which decides which lines are "the same" when
// counting. The original bytes are never changed; only the key is computed
// from this form.
//
//   1. a trailing '\r' is dropped; URLs ("http://...", "https://...", up
//      to the next white space) become the word "url",
//      unless the line is nothing but one URL or is longer than
//      3 * kMaxFoldLength bytes (text, not chrome);
//   2. Unicode NFKC with case folding (utf8proc) -- with an ASCII fast path
//      and a table-driven fast path for all code points
//      (normalize_table.h) that give the same result; utf8proc itself runs
//      only on the stretches that need reordering or composition
//      (combining marks, jamo);
//   3. every run of digits (any Unicode Nd) becomes one '0', so
//      "GMT 06:49:16" and "GMT 18:05:02" match, and "Comments (12)" matches
//      "Comments (3)";
//   4. (NormalizeOptions::fold_dates, lines of at most kMaxFoldLength
//      normalised bytes that hold a number, a relative day or "just now")
//      month and weekday names (English, full
//      and abbreviated) become "<m>" / "<d>", and relative times
//      ("3 hours ago", "yesterday") fold likewise;
//   5. punctuation and symbols (Unicode P* and S*) separate words; runs of
//      white space collapse to one ' '; leading and trailing space go.
//
// A line whose normal form is empty (blank, or punctuation only) is "blank":
// never counted and never removed.
//
// Invalid UTF-8 bytes are kept as they are (each as its own symbol, part of
// the word around it); they never make normalisation fail, and since a valid
// line's normal form is valid UTF-8 while these bytes stay invalid, a line
// with invalid bytes does not match a valid one (short of contrived inputs
// where dropped default-ignorable code points rejoin stray bytes).
//
// Date folding (step 4) works on the words of the normal form:
//   - january..december, jan feb mar apr jun jul aug sep sept oct nov dec
//     -> "<m>"; "may" only next to a number ("may 0", "0 may") or another
//     date word;
//   - monday..sunday -> "<d>"; mon tue tues wed thu thur thurs fri sat sun
//     only next to a number or another date word ("the sun rose" stays);
//   - ordinals and clock suffixes glued to a number ("7th", "5pm") -> "0";
//     "am"/"pm"/"a m"/"p m" right after a number are dropped;
//   - "<0|a|an|one> <unit>[s] ago" and "0h ago" (units: second sec s minute
//     min m hour hr h day d week w month mo year yr y), "yesterday",
//     "today", "tomorrow", "just now" -> "<ago>".
// The placeholders contain '<' and '>', which never survive step 5, so they
// cannot collide with ordinary words.
//
// Thread safety: a LineNormalizer keeps scratch buffers; use one per thread.
// The first one constructed builds the per-code-point table that all share
// (normalize_table.h: about 160 KiB, a few milliseconds, thread-safe).

#ifndef DECHROME_TEXT_NORMALIZE_H_
#define DECHROME_TEXT_NORMALIZE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dechrome {
namespace text_internal {
class NormTable;
}  // namespace text_internal

// Date folding applies to lines whose normal form is at most this long:
// datelines, timestamps and "3 hours ago" are short; a paragraph that
// mentions a date is text, and folding it would cost time for nothing.
inline constexpr size_t kMaxFoldLength = 100;

struct NormalizeOptions {
  // Fold month and weekday names and relative times ("3 hours ago") to
  // placeholders. Default on: date lines differ only in those words.
  bool fold_dates = true;
  // Take ASCII runs 64 bytes at a time where the build and the CPU have
  // AVX-512 (BW and VBMI2); else, or when off, 16 at a time (SSE2; byte by
  // byte where the build has no SSE2). The same output either way; off is
  // for the tests of the narrow path.
  bool wide_ascii = true;
};

class LineNormalizer {
 public:
  explicit LineNormalizer(const NormalizeOptions& options = NormalizeOptions());

  // Sets `*out` to the normal form of `line`. Returns false when it is empty
  // (the line is blank).
  bool Normalize(std::string_view line, std::string* out);

  // The same normal form, written into `*buf` from offset `at` on, for
  // callers that gather many lines' normal forms in one buffer (a
  // document's: DocumentHasher) without a copy per line. Returns its size
  // (0: the line is blank). Bytes before `at` are left alone; `*buf` may
  // grow (never shrinks), and what it holds past at + the size returned is
  // unspecified scratch.
  // REQUIRES: at <= buf->size(); `line` does not point into *buf.
  size_t NormalizeInto(std::string_view line, std::string* buf, size_t at);

  // The same as Normalize(), but always takes the utf8proc path, even for
  // ASCII lines. For tests and benchmarks: for ASCII input it must give what
  // Normalize() gives.
  bool NormalizeUnicode(std::string_view line, std::string* out);

  // The same as Normalize(), but ASCII lines take NormalizeAscii() and
  // lines with non-ASCII bytes the utf8proc path for the whole line, as
  // before the table-driven fast path existed. For tests and benchmarks: it must give exactly what
  // Normalize() gives, for every input.
  bool NormalizeReference(std::string_view line, std::string* out);

  // Whether ASCII runs go 64 bytes at a time here (options.wide_ascii, and
  // the build and the CPU have it). For tests and benchmarks.
  bool wide_ascii_active() const;

 private:
  struct Token {
    uint32_t begin;
    uint32_t size;
    uint8_t kind;
    uint8_t action;
  };

  // NormalizeAscii() and NormalizeMixed() write from (*out)[at] on, as
  // NormalizeInto(), and return the size written.
  size_t NormalizeAscii(std::string_view line, std::string* out, size_t at);
  void NormalizeUtf8(std::string_view line, std::string* out);
  // The table-driven path (ASCII in SIMD blocks), for every line.
  size_t NormalizeMixed(std::string_view line, std::string* out, size_t at);
  // Sets *out to the utf8proc path's output for the valid UTF-8 stretch
  // [p, p + n), which begins and ends at boundaries (normalize_table.h),
  // given the emitter state (pending_space_, in_digits_, and whether
  // anything was emitted before, in which case *out starts with one
  // placeholder byte to skip); a pending space at its end is written.
  void NormalizeStretch(const unsigned char* p, size_t n, bool after_output, std::string* out);
  // Frames the URL folding, the fast paths and the date folding.
  // Writes the normal form from (*out)[at] on; returns its size.
  template <bool kReference>
  size_t NormalizeLine(std::string_view line, std::string* out, size_t at);
  void AppendCodePoints(const int32_t* cps, std::ptrdiff_t n, std::string* out);
  // Folds the normal form [d, d + size) in place; returns its new size.
  size_t FoldDates(char* d, size_t size);

  NormalizeOptions options_;
  const text_internal::NormTable* table_;  // NormTable::Get()
  std::vector<int32_t> codepoints_;  // utf8proc decomposition buffer
  std::vector<Token> tokens_;        // FoldDates() scratch
  std::string url_scratch_;          // the line with its URLs folded
  std::string stretch_;              // NormalizeStretch() output
  std::string reference_;            // NormalizeUtf8() output (reference path)
  bool wide_ascii_ = false;  // options_.wide_ascii and the CPU has it
  // Emitter state of the Unicode path.
  bool pending_space_ = false;
  bool in_digits_ = false;
};

// A byte hash of a word's first 4 bytes (of the whole word if shorter).
// Two words of which one begins the other and that have 4 bytes or more in
// common, or two equal words, have the same hash.
inline uint8_t WordPrefixHash(std::string_view word) {
  uint32_t v = 0;
  for (size_t i = 0; i < word.size() && i < 4; ++i)
    v |= uint32_t{static_cast<unsigned char>(word[i])} << (8 * i);
  return static_cast<uint8_t>(((v ^ static_cast<uint32_t>(word.size() < 4 ? word.size() : 4)) *
                               0x9E3779B1u) >> 24);
}

// A summary of a normal form's words, for checking titles without the normal
// form (policy/document_judge.cc): its number of words (numbers and folded
// dates included, so at least as many as DocumentJudge::LooksLikeTitle()
// counts), up to kMaxSketchWords, and the WordPrefixHash() of its first (up
// to) 4 words that are not numbers ("0") or folded dates ("<...>").
inline constexpr uint8_t kMaxSketchWords = 16;
struct WordSketch {
  bool three_words = false;  // 3 words or more
  uint8_t words = 0;
  uint8_t hashed = 0;        // prefix hashes filled
  uint8_t prefix_hash[4] = {0, 0, 0, 0};
};
WordSketch SketchWords(std::string_view norm);

}  // namespace dechrome

#endif  // DECHROME_TEXT_NORMALIZE_H_
