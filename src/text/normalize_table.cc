// Builds LineNormalizer's per-code-point table (normalize_table.h) from
// utf8proc, once per process.
//
// Why at start-up and not at build time: the table must agree with the
// utf8proc the binary runs with, since the slow path (and the reference
// the tests compare with) calls that library. A table generated at build
// time would silently disagree with a newer shared libutf8proc (a new
// Unicode version) installed later; one built from the library at hand
// cannot. Building it costs a few milliseconds, once, on the first
// LineNormalizer (see NormTableTest in tests/text/normalize_diff_test.cc).

#include "text/normalize_table.h"

#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>

#include "utf8proc.h"

namespace dechrome {
namespace text_internal {
namespace {

// The options of the utf8proc path (normalize.cc); they must stay equal.
constexpr utf8proc_option_t kDecomposeOptions = static_cast<utf8proc_option_t>(
    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
    UTF8PROC_IGNORE);
constexpr utf8proc_option_t kComposeOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE);

constexpr int32_t kHangulVBase = 0x1161, kHangulVCount = 21;
constexpr int32_t kHangulTBase = 0x11A7, kHangulTCount = 28;

// Whether utf8proc's composition may combine `cp` with a starter before it
// (as the second code point of a pair, or as a Hangul V or T jamo).
bool MayComposeBackwards(int32_t cp) {
  const utf8proc_property_t* p = utf8proc_get_property(cp);
  if (p->comb_index != UINT16_MAX && p->comb_index >= 0x8000) return true;
  if (cp >= kHangulVBase && cp < kHangulVBase + kHangulVCount) return true;
  return cp >= kHangulTBase && cp < kHangulTBase + kHangulTCount;
}

int Ccc(int32_t cp) { return utf8proc_get_property(cp)->combining_class; }

enum EmitClass { kEmitSep, kEmitDigit, kEmitLetter };

// How the emitter (LineNormalizer::AppendCodePoints) treats a code point of
// the utf8proc path's output. A copy of its rule, checked against it code
// point by code point by normalize_diff_test.
EmitClass ClassOf(int32_t cp) {
  if (cp < 0x80) {
    if (cp >= '0' && cp <= '9') return kEmitDigit;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return kEmitLetter;
    return kEmitSep;
  }
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ND:
      return kEmitDigit;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return kEmitSep;
    default:
      return kEmitLetter;  // a letter, mark, or other code point: copied
  }
}

// Appends what the emitter makes of `cp` alone: ' ' for a separator, '0'
// for a digit, else its bytes (ASCII letters lower-cased).
void Render(int32_t cp, std::string* out) {
  switch (ClassOf(cp)) {
    case kEmitSep:
      out->push_back(' ');
      return;
    case kEmitDigit:
      out->push_back('0');
      return;
    case kEmitLetter:
      if (cp < 0x80) {
        out->push_back(static_cast<char>(cp | 0x20));
        return;
      }
      utf8proc_uint8_t buf[4];
      const utf8proc_ssize_t len = utf8proc_encode_char(cp, buf);
      out->append(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
      return;
  }
}

// Whether utf8proc_decompose_char() leaves `cp` as it is with our options.
bool IsTrivial(int32_t cp, const utf8proc_property_t* prop) {
  return !(cp >= 0xAC00 && cp <= 0xD7A3) && !prop->ignorable &&
         prop->casefold_seqindex == UINT16_MAX && prop->decomp_seqindex == UINT16_MAX;
}

// The entry of a code point that utf8proc_decompose_char() leaves as it is
// (no Hangul syllable, not ignorable, no case folding, no decomposition):
// D(cp) = C(cp) = cp. Nine code points in ten; this shortcut makes
// building the table several times faster.
uint32_t MakeTrivialEntry(int32_t cp) {
  const EmitClass k = ClassOf(cp);
  const int ccc = Ccc(cp);
  if (ccc != 0 || MayComposeBackwards(cp)) {
    // A lone mark that composes with nothing (see the header), if the
    // emitter copies it.
    return ccc > 0 && !MayComposeBackwards(cp) && k == kEmitLetter
               ? kNormMark | (static_cast<uint32_t>(ccc) << 4)
               : kNormSlow;
  }
  // Upper-case ASCII letters have a case folding, so are not trivial.
  return k == kEmitSep ? kNormSep : k == kEmitDigit ? kNormDigit : kNormSelf;
}

// The table entry of `cp`; appends pool bytes to *pool.
uint32_t MakeEntry(int32_t cp, std::string* pool) {
  if (cp >= 0xD800 && cp <= 0xDFFF) return kNormSlow;  // never decoded
  if (IsTrivial(cp, utf8proc_get_property(cp))) return MakeTrivialEntry(cp);
  utf8proc_uint8_t utf8[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, utf8);
  constexpr utf8proc_ssize_t kMax = 64;
  utf8proc_int32_t d[kMax];
  // The same call as the utf8proc path (decomposition and canonical order).
  const utf8proc_ssize_t m = utf8proc_decompose(utf8, n, d, kMax, kDecomposeOptions);
  if (m < 0 || m > kMax) return kNormSlow;
  if (m == 0) return kNormIgnore;
  const std::string_view self(reinterpret_cast<const char*>(utf8), static_cast<size_t>(n));

  if (Ccc(d[0]) != 0 || MayComposeBackwards(d[0])) {
    // No boundary before it. A lone non-composing mark may still be
    // emitted as it is (see the header).
    const int ccc = Ccc(cp);
    if (m == 1 && d[0] == cp && ccc > 0 && !MayComposeBackwards(cp)) {
      std::string r;
      Render(cp, &r);
      if (r == self) return kNormMark | (static_cast<uint32_t>(ccc) << 4);
    }
    return kNormSlow;
  }

  const uint32_t trail = Ccc(d[m - 1]) != 0 ? kNormTrailMark : 0;
  utf8proc_int32_t c[kMax];
  std::memcpy(c, d, sizeof(c[0]) * static_cast<size_t>(m));
  const utf8proc_ssize_t k = utf8proc_normalize_utf32(c, m, kComposeOptions);
  if (k <= 0) return kNormSlow;

  // The rendered output; runs of separators or digits collapse, as the
  // emitter collapses them.
  std::string r;
  for (utf8proc_ssize_t i = 0; i < k; ++i) {
    std::string one;
    Render(c[i], &one);
    if ((one == " " || one == "0") && !r.empty() && r.back() == one[0]) continue;
    r += one;
  }
  if (r == " ") return kNormSep | trail;
  if (r == "0") return kNormDigit | trail;
  const bool plain = r.find_first_of(" 0") == std::string::npos;
  if (plain && r == self) return kNormSelf | trail;
  if (r.size() > kNormMaxOutput || pool->size() + r.size() > (size_t{1} << 20)) return kNormSlow;
  const uint32_t entry = (plain ? kNormLetters : kNormMixed) | trail |
                         (static_cast<uint32_t>(r.size()) << 4) |
                         (static_cast<uint32_t>(pool->size()) << 12);
  pool->append(r);
  return entry;
}

}  // namespace

NormTable::NormTable() {
  // Blocks of 256 entries; equal blocks (unassigned planes, CJK, private
  // use, ...) are stored once.
  std::unordered_map<std::string, uint16_t> seen;
  uint32_t block[256];
  // Past the ASCII letters and the Hangul jamo, a trivial entry depends on
  // the code point's properties only: runs of code points sharing them
  // (unassigned planes, CJK, private use) take the entry before.
  const utf8proc_property_t* last_prop = nullptr;
  uint32_t last_entry = 0;
  for (uint32_t b = 0; b < (0x110000 >> 8); ++b) {
    for (uint32_t i = 0; i < 256; ++i) {
      const int32_t cp = static_cast<int32_t>((b << 8) | i);
      const utf8proc_property_t* prop = utf8proc_get_property(cp);
      if (prop == last_prop && cp >= 0x1200 && !(cp >= 0xAC00 && cp <= 0xD7A3) &&
          !(cp >= 0xD800 && cp <= 0xDFFF)) {
        block[i] = last_entry;
        continue;
      }
      block[i] = MakeEntry(cp, &pool_);
      const bool trivial = NormKindOf(block[i]) != kNormLetters &&
                           NormKindOf(block[i]) != kNormMixed && IsTrivial(cp, prop);
      last_prop = trivial ? prop : nullptr;
      last_entry = block[i];
    }
    std::string key(reinterpret_cast<const char*>(block), sizeof(block));
    auto it = seen.find(key);
    if (it == seen.end()) {
      it = seen.emplace(std::move(key), static_cast<uint16_t>(entries_.size() / 256)).first;
      entries_.insert(entries_.end(), block, block + 256);
    }
    index_[b] = it->second;
  }
  entries_.shrink_to_fit();
  pool_.shrink_to_fit();
}

const NormTable& NormTable::Get() {
  static const NormTable* const kTable = new NormTable();
  return *kTable;
}

size_t NormTable::MemoryUsage() const {
  return sizeof(*this) + entries_.capacity() * sizeof(entries_[0]) + pool_.capacity();
}

}  // namespace text_internal
}  // namespace dechrome
