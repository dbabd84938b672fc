// -----------------------------------------------------------------------------
// File: normalize.h
// -----------------------------------------------------------------------------
//
// The normal form of a line, which decides which lines are "the same" when
// counting. The original bytes are never changed; only the key is computed
// from this form.
//
//   1. a trailing '\r' is dropped;
//   2. Unicode NFKC with case folding (utf8proc) -- with an ASCII fast path
//      that gives the same result for ASCII input;
//   3. every run of digits (any Unicode Nd) becomes one '0', so
//      "GMT 06:49:16" and "GMT 18:05:02" match, and "Comments (12)" matches
//      "Comments (3)";
//   4. (NormalizeOptions::fold_dates) month and weekday names (English, full
//      and abbreviated) become "<m>" / "<d>", and relative times
//      ("3 hours ago", "yesterday") fold likewise;
//   5. punctuation and symbols (Unicode P* and S*) separate words; runs of
//      white space collapse to one ' '; leading and trailing space go.
//
// A line whose normal form is empty (blank, or punctuation only) is "blank":
// never counted and never removed.
//
// Invalid UTF-8 bytes are kept as they are (each as its own symbol); they
// never make normalisation fail.
//
// Thread safety: a LineNormalizer keeps scratch buffers; use one per thread.

#ifndef DECHROME_TEXT_NORMALIZE_H_
#define DECHROME_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>

namespace dechrome {

struct NormalizeOptions {
  // Fold month and weekday names and relative times ("3 hours ago") to
  // placeholders. Default on: date lines differ only in those words.
  bool fold_dates = true;
};

class LineNormalizer {
 public:
  explicit LineNormalizer(const NormalizeOptions& options = NormalizeOptions());

  // Sets `*out` to the normal form of `line`. Returns false when it is empty
  // (the line is blank).
  bool Normalize(std::string_view line, std::string* out);

 private:
  NormalizeOptions options_;
  std::string scratch_;
};

}  // namespace dechrome

#endif  // DECHROME_TEXT_NORMALIZE_H_
