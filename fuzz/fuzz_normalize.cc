// Fuzz target: line normalisation (src/text/normalize.h).
//
// Input: one control byte (bit 0: fold_dates; bit 1: ASCII runs 16 bytes
// at a time even where the CPU has the 64-byte path, so that both are
// fuzzed), then lines separated by '\n'.
// Invariants, for each line:
// - Normalize() (the table-driven path) gives exactly what
//   NormalizeReference() (utf8proc on the whole line) gives: the same
//   answer and the same bytes.
// - The normal form is empty exactly when the answer is false (blank), has
//   no leading, trailing or doubled space, and is valid UTF-8 when the line
//   is.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "text/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  if (size == 0) return 0;
  // By control bits 0-1: fold_dates, narrow ASCII blocks.
  static LineNormalizer* const normalizers[4] = {
      [] {
        NormalizeOptions o;
        o.fold_dates = false;
        return new LineNormalizer(o);
      }(),
      new LineNormalizer(NormalizeOptions()),
      [] {
        NormalizeOptions o;
        o.fold_dates = false;
        o.wide_ascii = false;
        return new LineNormalizer(o);
      }(),
      [] {
        NormalizeOptions o;
        o.wide_ascii = false;
        return new LineNormalizer(o);
      }(),
  };
  LineNormalizer* normalizer = normalizers[data[0] & 3];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string fast, reference;
  for (;;) {
    const size_t nl = input.find('\n');
    const std::string_view line = input.substr(0, nl);
    const bool fast_ok = normalizer->Normalize(line, &fast);
    const bool reference_ok = normalizer->NormalizeReference(line, &reference);
    FUZZ_CHECK(fast_ok == reference_ok);
    FUZZ_CHECK(fast == reference);
    FUZZ_CHECK(fast_ok == !fast.empty());
    if (!fast.empty()) {
      FUZZ_CHECK(fast.front() != ' ' && fast.back() != ' ');
      FUZZ_CHECK(fast.find("  ") == std::string::npos);
    }
    if (fuzz::IsUtf8(line)) FUZZ_CHECK(fuzz::IsUtf8(fast));
    if (nl == std::string_view::npos) break;
    input.remove_prefix(nl + 1);
  }
  return 0;
}
