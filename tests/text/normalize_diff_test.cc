// Differential tests of LineNormalizer's table-driven path (normalize_table.h)
// against the utf8proc path it replaced (NormalizeReference()): every code
// point alone and in contexts that compose, reorder or cut, and a few
// hundred thousand random lines of mixed scripts, combining sequences,
// invalid UTF-8, dates and URLs. The outputs must be byte-identical.

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "text/normalize.h"
#include "text/normalize_table.h"

namespace dechrome {
namespace {

std::string Utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

std::string Hex(std::string_view s) {
  std::string h;
  char buf[4];
  for (unsigned char c : s) {
    std::snprintf(buf, sizeof(buf), "%02x ", c);
    h += buf;
  }
  return h;
}

// Normalises `line` both ways; returns false (with a failure) on a
// difference. Also checks NormalizeInto(): into a buffer shared by every
// call (so it holds earlier lines' output and scratch past its end), at an
// offset that moves from call to call; it must give the same bytes and
// leave those before the offset alone.
bool Same(LineNormalizer* n, std::string_view line) {
  std::string fast, ref;
  const bool a = n->Normalize(line, &fast);
  const bool b = n->NormalizeReference(line, &ref);
  EXPECT_EQ(a, b) << "line: " << Hex(line);
  EXPECT_EQ(fast, ref) << "line: " << Hex(line) << "\nfast: " << Hex(fast)
                       << "\nref:  " << Hex(ref);
  static std::string shared("prefix");
  static size_t calls = 0;
  const size_t at = (++calls * 7919) % (shared.size() + 1) % 4096;
  const std::string before = shared.substr(0, at);
  const size_t size = n->NormalizeInto(line, &shared, at);
  const bool into_ok = shared.size() >= at + size && std::string_view(shared).substr(at, size) == fast &&
                       std::string_view(shared).substr(0, at) == before;
  EXPECT_TRUE(into_ok) << "line: " << Hex(line) << "\nat " << at << ": "
                       << Hex(std::string_view(shared).substr(at, size)) << "\nfast: " << Hex(fast);
  return a == b && fast == ref && into_ok;
}

TEST(NormTableTest, BuildsOnceAndSmall) {
  const auto start = std::chrono::steady_clock::now();
  const text_internal::NormTable& t = text_internal::NormTable::Get();
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(&t, &text_internal::NormTable::Get());
  std::printf("NormTable: %zu distinct blocks, %zu KiB, built in %.1f ms (or earlier)\n",
              t.num_blocks(), t.MemoryUsage() / 1024, ms);
  EXPECT_LT(t.MemoryUsage(), size_t{2} << 20);
  using namespace text_internal;  // NOLINT(build/namespaces)
  EXPECT_EQ(NormKindOf(t.Lookup('a')), kNormSelf);
  EXPECT_EQ(NormKindOf(t.Lookup(0x4E2D)), kNormSelf);    // 中
  EXPECT_EQ(NormKindOf(t.Lookup(0x0410)), kNormLetters);  // А -> а
  EXPECT_EQ(NormKindOf(t.Lookup(0x201C)), kNormSep);      // “
  EXPECT_EQ(NormKindOf(t.Lookup(0x0663)), kNormDigit);    // ٣
  EXPECT_EQ(NormKindOf(t.Lookup(0x00AD)), kNormIgnore);   // soft hyphen
  EXPECT_EQ(NormKindOf(t.Lookup(0x0301)), kNormSlow);     // composes
  EXPECT_EQ(NormKindOf(t.Lookup(0x1161)), kNormSlow);     // Hangul V jamo
  EXPECT_EQ(NormKindOf(t.Lookup(0x094D)), kNormMark);     // Devanagari virama
  EXPECT_EQ(NormKindOf(t.Lookup(0x2474)), kNormMixed);    // ⑴ -> "(1)"
}

// Options with ASCII runs 64 bytes at a time (where the CPU has it) or 16.
NormalizeOptions WithWidth(bool wide) {
  NormalizeOptions options;
  options.wide_ascii = wide;
  return options;
}

// Runs `check` with both widths.
void ForBothWidths(void (*check)(bool wide)) {
  for (bool wide : {true, false}) {
    SCOPED_TRACE(wide ? "64-byte ASCII blocks" : "16-byte ASCII blocks");
    check(wide);
  }
}

// Every code point alone and in contexts: after a composing starter, before
// marks that reorder or compose, between jamo, next to ignorables, digits,
// spaces and invalid bytes. Split in shards so that ctest runs them in
// parallel.
void CheckCodePoints(uint32_t from, uint32_t to, bool wide) {
  static const std::string kBefore[] = {
      "",           "a",          "1",        "x ",     "e",        "<",
      "\xc3\xa9",   /* é */       "\xe1\x84\x80" /* L jamo */,     "\xea\xb0\x80" /* 가 LV */,
      "\xcc\x81",   /* acute */   "\xe0\xa5\x8d" /* virama */,     "\xff",
      "\xe2\x80\x8d" /* ZWJ */,   "\xd9\xa3" /* ٣ */};
  static const std::string kAfter[] = {
      "",           "b",          "2",        " y",     "\xcc\x81", "\xcc\xa3\xcc\x81",
      "\xe1\x85\xa1" /* V */,     "\xe1\x86\xa8" /* T */,          "\xcc\xb8" /* long solidus */,
      "\xe2\x80\x8d\xcc\x81",     "\xe0\xa5\x8d", "\xff",          "\xe3\x82\x99" /* kana voiced */,
      "\xd9\xa3"};
  NormalizeOptions options;
  options.fold_dates = false;  // the same FoldDates() runs on both outputs
  options.wide_ascii = wide;
  LineNormalizer n(options);
  size_t failures = 0;
  for (uint32_t cp = from; cp < to && failures < 10; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string c = Utf8(cp);
    // Alone, doubled, and around ASCII.
    failures += !Same(&n, c);
    failures += !Same(&n, c + c);
    for (const std::string& b : kBefore) failures += !Same(&n, b + c + "z");
    for (const std::string& a : kAfter) failures += !Same(&n, "q" + c + a);
  }
  EXPECT_EQ(failures, 0u);
}

TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp0) { CheckCodePoints(0, 0x4000, true); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp1) { CheckCodePoints(0x4000, 0xA000, true); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp2) { CheckCodePoints(0xA000, 0x10000, true); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Plane1) { CheckCodePoints(0x10000, 0x20000, true); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Plane2) { CheckCodePoints(0x20000, 0x30000, true); }
// The BMP again with ASCII runs 16 bytes at a time, the path of CPUs
// without AVX-512 (above: 64 at a time where this CPU has them). These
// lines are shorter than a block: the byte loop takes their ASCII bytes.
TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp0_NarrowAscii) { CheckCodePoints(0, 0x4000, false); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp1_NarrowAscii) { CheckCodePoints(0x4000, 0xA000, false); }
TEST(NormalizeDiffTest, EveryCodePointInContext_Bmp2_NarrowAscii) { CheckCodePoints(0xA000, 0x10000, false); }

// Whether the tests above ran the 64-byte path: only where the build and
// the CPU have it (skipped, and said so, elsewhere: there every width is
// the 16-byte path). Where it runs, turning it off takes it away, and both
// give the same normal form of a long mixed line.
TEST(NormalizeDiffTest, WideAsciiPathIsTakenWhereAvailable) {
  LineNormalizer wide;
  NormalizeOptions narrow_options;
  narrow_options.wide_ascii = false;
  LineNormalizer narrow(narrow_options);
  EXPECT_FALSE(narrow.wide_ascii_active());
  if (!wide.wide_ascii_active())
    GTEST_SKIP() << "no AVX-512 BW + VBMI2 here: only 16-byte ASCII blocks are tested";
  std::string line;
  for (int i = 0; i < 20; ++i) line += "Word, 42 more -- \xc3\xa9t\xc3\xa9 Stra\xc3\x9f" "e \xe4\xb8\xad ";
  std::string a, b;
  EXPECT_TRUE(wide.Normalize(line, &a));
  EXPECT_TRUE(narrow.Normalize(line, &b));
  EXPECT_EQ(a, b);
  EXPECT_GT(a.size(), 300u);
}

// Planes 3 to 16 hold few assigned code points; each is checked alone and
// between ASCII letters, the rest of CheckCodePoints()'s contexts on a
// sample.
TEST(NormalizeDiffTest, EveryCodePointInContext_Planes3To16) {
  NormalizeOptions options;
  options.fold_dates = false;
  LineNormalizer n(options);
  size_t failures = 0;
  for (uint32_t cp = 0x30000; cp <= 0x10FFFF && failures < 10; ++cp) {
    const std::string c = Utf8(cp);
    failures += !Same(&n, c);
    failures += !Same(&n, "a" + c + "b");
    if (cp % 61 == 0) failures += !Same(&n, "e" + c + "\xcc\x81 1" + c + "2");
  }
  EXPECT_EQ(failures, 0u);
}

// Random lines from pieces of many scripts.
class LineGenerator {
 public:
  explicit LineGenerator(uint32_t seed) : rng_(seed) {}

  std::string Line() {
    std::string s;
    const int mode = Uniform(10);
    const int pieces = mode == 0 ? Uniform(200) : Uniform(30);
    const int script = Uniform(static_cast<int>(kScripts.size()));
    for (int i = 0; i < pieces; ++i) {
      // Mostly one script per line, as on real pages, with other pieces
      // mixed in.
      const int which = Uniform(4) == 0 ? Uniform(static_cast<int>(kScripts.size())) : script;
      AppendPiece(which, &s);
      if (Uniform(3) == 0) s += Uniform(8) == 0 ? ", " : " ";
    }
    if (Uniform(10) == 0) s.push_back('\r');
    return s;
  }

 private:
  int Uniform(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  uint32_t Range(uint32_t lo, uint32_t hi) { return lo + rng_() % (hi - lo + 1); }

  void Marks(uint32_t lo, uint32_t hi, int max, std::string* s) {
    for (int k = Uniform(max + 1); k > 0; --k) *s += Utf8(Range(lo, hi));
  }

  void AppendPiece(int script, std::string* s) {
    switch (script) {
      case 0: {  // ASCII words, digits, punctuation
        static const char* const kWords[] = {"the", "Home", "NEWS", "ago", "3", "2024", "-",
                                             "(", ")", "...", "a", "e", "<", "=", ">", "Z"};
        *s += kWords[Uniform(16)];
        break;
      }
      case 1:  // Latin letters with combining marks (NFD text), some precomposed
        *s += Uniform(3) == 0 ? Utf8(Range(0xC0, 0x24F)) : std::string(1, "aeiouAEIOUnczs"[Uniform(14)]);
        Marks(0x300, 0x36F, 3, s);
        break;
      case 2:  // Greek, polytonic too
        *s += Utf8(Uniform(2) ? Range(0x391, 0x3C9) : Range(0x1F00, 0x1FFE));
        if (Uniform(3) == 0) *s += Utf8(Uniform(2) ? 0x345 : Range(0x300, 0x314));
        break;
      case 3:  // Cyrillic
        *s += Utf8(Range(0x400, 0x4FF));
        if (Uniform(10) == 0) *s += Utf8(0x306);  // breve: й = и + U+0306
        break;
      case 4:  // Arabic with harakat, Arabic-Indic digits, presentation forms
        *s += Utf8(Uniform(6) ? Range(0x621, 0x64A) : Uniform(2) ? Range(0x660, 0x669) : Range(0xFE70, 0xFEFC));
        Marks(0x64B, 0x655, 2, s);
        break;
      case 5:  // Hebrew with points
        *s += Utf8(Range(0x5D0, 0x5EA));
        Marks(0x5B0, 0x5C2, 3, s);
        break;
      case 6:  // Devanagari: nukta, virama, vowel signs; Bengali AU parts
        *s += Utf8(Uniform(4) ? Range(0x900, 0x97F) : Range(0x980, 0x9FF));
        if (Uniform(3) == 0) *s += Utf8(Uniform(3) ? 0x94D : 0x93C);
        if (Uniform(8) == 0) *s += Utf8(Uniform(2) ? 0x9BE : 0x9D7);
        break;
      case 7:  // Thai with tone marks
        *s += Utf8(Range(0xE01, 0xE2E));
        Marks(0xE31, 0xE4E, 2, s);
        break;
      case 8:  // Hangul syllables and jamo (L, V, T, including U+11A7)
        switch (Uniform(4)) {
          case 0: *s += Utf8(Range(0xAC00, 0xD7A3)); break;
          case 1: *s += Utf8(Range(0x1100, 0x1112)); break;
          case 2: *s += Utf8(Range(0x1161, 0x1175)); break;
          default: *s += Utf8(Range(0x11A7, 0x11C2)); break;
        }
        break;
      case 9:  // CJK, kana with voiced marks, halfwidth katakana
        switch (Uniform(5)) {
          case 0: *s += Utf8(Range(0x4E00, 0x9FFF)); break;
          case 1: *s += Utf8(Range(0x3041, 0x30FF)); break;
          case 2: *s += Utf8(Range(0x3099, 0x309C)); break;
          case 3: *s += Utf8(Range(0xFF61, 0xFF9F)); break;
          default: *s += Utf8(Range(0x20000, 0x2A6DF)); break;
        }
        break;
      case 10:  // fullwidth forms, ligatures, compatibility characters
        switch (Uniform(5)) {
          case 0: *s += Utf8(Range(0xFF01, 0xFF5E)); break;
          case 1: *s += Utf8(Range(0xFB00, 0xFB06)); break;
          case 2: *s += Utf8(Range(0x2150, 0x24FF)); break;  // ½ ⅷ ① ⑴ ⒜
          case 3: *s += Utf8(Range(0x3300, 0x33FF)); break;  // ㎏ ㍿
          default: *s += Utf8(Uniform(2) ? 0xFDFA : Range(0x1D400, 0x1D7FF)); break;
        }
        break;
      case 11:  // emoji: ZWJ sequences, variation selectors, skin tones, flags
        *s += Utf8(Range(0x1F300, 0x1FAFF));
        if (Uniform(2)) *s += Utf8(Uniform(2) ? 0xFE0F : Range(0x1F3FB, 0x1F3FF));
        if (Uniform(3) == 0) *s += Utf8(0x200D) + Utf8(Range(0x1F466, 0x1F469));
        if (Uniform(5) == 0) *s += Utf8(Range(0x1F1E6, 0x1F1FF)) + Utf8(Range(0x1F1E6, 0x1F1FF));
        break;
      case 12: {  // digits of many scripts
        static const uint32_t kZeros[] = {0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE};
        *s += Utf8(kZeros[Uniform(8)] + static_cast<uint32_t>(Uniform(10)));
        break;
      }
      case 13:  // invalid UTF-8: stray bytes, truncated sequences, surrogates, overlongs
        switch (Uniform(5)) {
          case 0: s->push_back(static_cast<char>(Range(0x80, 0xFF))); break;
          case 1: *s += Utf8(Range(0x800, 0xFFFF)).substr(0, 2); break;
          case 2: *s += "\xed\xa0\x80"; break;
          case 3: *s += "\xc0\xaf"; break;
          default: *s += "\xf4\x90\x80\x80"; break;
        }
        break;
      case 14:  // ignorables and typographic punctuation
        *s += Utf8(Uniform(2) ? Range(0x2000, 0x206F) : Uniform(2) ? 0xAD : 0xFEFF);
        break;
      case 15: {  // dates and URLs
        static const char* const kDates[] = {
            "http://example.com/a", "https://b\xc3\xbc.de/x?y=1", "Posted 3 hours ago",
            "Monday, 5 May 2019", "just now", "7th", "5pm", "yesterday", " ://", "sun",
            "\xe2\x80\x9chttp://x.y\xe2\x80\x9d", "Mar\xcc\x81"};
        *s += kDates[Uniform(12)];
        break;
      }
      case 16:  // ccc-0 seconds (Indic AU/AI parts) and non-starter decompositions
        *s += Utf8(Uniform(2) ? Range(0xB00, 0xDFF) : Range(0xF40, 0xF84));
        if (Uniform(3) == 0) *s += Utf8(Uniform(2) ? 0x344 : 0xF73);
        break;
      default:  // any code point
        *s += Utf8(Uniform(2) ? Range(0x80, 0xFFFF) : Range(0x80, 0x10FFFF));
        if (s->size() >= 3 && static_cast<unsigned char>((*s)[s->size() - 3]) == 0xED &&
            static_cast<unsigned char>((*s)[s->size() - 2]) >= 0xA0) {
          s->push_back('s');  // a surrogate (invalid bytes): fine too
        }
        break;
    }
  }

  static constexpr std::array<int, 18> kScripts = {0, 1, 2,  3,  4,  5,  6,  7,  8,
                                                   9, 10, 11, 12, 13, 14, 15, 16, 17};
  std::mt19937 rng_;
};

void CheckRandomLines(uint32_t seed, int lines, bool wide = true) {
  LineGenerator gen(seed);
  NormalizeOptions dates;
  dates.wide_ascii = wide;
  NormalizeOptions no_dates = dates;
  no_dates.fold_dates = false;
  LineNormalizer with_dates(dates);
  LineNormalizer without_dates(no_dates);
  size_t failures = 0;
  for (int i = 0; i < lines && failures < 10; ++i) {
    const std::string line = gen.Line();
    failures += !Same(i % 2 ? &with_dates : &without_dates, line);
  }
  EXPECT_EQ(failures, 0u);
}

TEST(NormalizeDiffTest, RandomScriptMixes_Seed1) { CheckRandomLines(1, 100000); }
TEST(NormalizeDiffTest, RandomScriptMixes_Seed2) { CheckRandomLines(2, 100000); }
TEST(NormalizeDiffTest, RandomScriptMixes_Seed3) { CheckRandomLines(3, 100000); }
TEST(NormalizeDiffTest, RandomScriptMixes_NarrowAscii) { CheckRandomLines(4, 100000, false); }

// Lines whose normal form is many times longer than they are (U+FDFA is 3
// bytes and 33 bytes normalised) grow the output buffer on the way.
void ExpandingLinesWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  for (int count : {1, 7, 8, 9, 50, 1000}) {
    std::string s;
    for (int i = 0; i < count; ++i) s += "\xef\xb7\xba";
    EXPECT_TRUE(Same(&n, s));
    EXPECT_TRUE(Same(&n, "x\xcc\x81" + s + "e\xcc\x81"));
    EXPECT_TRUE(Same(&n, s + "\xe2\x91\xb4\xc2\xbd"));
  }
}
TEST(NormalizeDiffTest, ExpandingLines) { ForBothWidths(ExpandingLinesWith); }

// ASCII runs of every length 0..16 ending at a block's first non-ASCII
// byte (NormalizeMixed() emits runs of 4 or more from a 16-byte block),
// and of lengths around the 64-byte blocks' ends (31..33, 63..65,
// 127..129), of letters, digits, separators and their mixes, after a line
// start or a non-ASCII character, before characters that combine with the
// run's last byte, replace it, or are invalid.
void AsciiRunsBeforeNonAsciiWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  const std::string runs[] = {"abcdefghijklmnop", "ABCDEFGHIJKLMNOP", "0123456789012345", "a1 b2  c3, d4-e5f",
                              "   ,,..  --!!??  ", "Ab1 ,cD2 .eF3 -gH", "x  y  z  w  v  u ", "9a9a9a9a9a9a9a9a"};
  const std::string after[] = {"\xcc\x81",     "\xc3\xa9",         "\xe4\xb8\xad", "\xef\xb7\xba",
                               "\xe2\x80\x94", "\xd9\xa3",         "\x80",         "\xe1\x85\xa1",
                               "\xcc\xb8",     "\xe2\x80\x8b",     "\xc2\xa0",     "\xef\xbc\x91"};
  const std::string before[] = {"", "\xd0\x96", "\xe4\xb8\xad ", "x\xcc\x81", "12"};
  std::vector<size_t> sizes;
  for (size_t k = 0; k <= 16; ++k) sizes.push_back(k);
  for (size_t k : {31, 32, 33, 63, 64, 65, 127, 128, 129}) sizes.push_back(k);
  size_t lines = 0;
  for (const std::string& b : before) {
    for (const std::string& run16 : runs) {
      std::string run;
      while (run.size() < 129) run += run16;
      for (size_t k : sizes) {
        for (const std::string& a : after) {
          const std::string line = b + run.substr(0, k) + a + "tail of the line, 42 more bytes " + a;
          EXPECT_TRUE(Same(&n, line));
          ++lines;
        }
      }
    }
  }
  EXPECT_EQ(lines, 5u * 8u * 26u * 12u);
}
TEST(NormalizeDiffTest, AsciiRunsBeforeNonAscii) { ForBothWidths(AsciiRunsBeforeNonAsciiWith); }

// ASCII lines take the table path too (NormalizeMixed(), with its 16- or
// 64-byte blocks and the bytes after the last block), the reference the
// ASCII pass: random lines of every length up to 200 bytes of letters,
// digits, separator runs (including controls and DEL), and blocks that drop
// several bytes.
void AsciiLinesWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  std::mt19937 rng(11);
  const std::string pieces[] = {"The", "word", "CAPS", "x", "42", "7", "2024", " ", "  ", ", ",
                                ". ", "-", "(3)", "\t", "\x01", "\x7f", "://", "a1b2", "...", "\r"};
  size_t lines = 0;
  for (size_t size = 0; size <= 200; ++size) {
    for (int rep = 0; rep < 40; ++rep) {
      std::string line;
      while (line.size() < size) line += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
      line.resize(size);
      EXPECT_TRUE(Same(&n, line));
      // And against utf8proc itself (NormalizeReference() takes the ASCII
      // path, which shares its block code with the path under test).
      std::string fast, unicode;
      EXPECT_EQ(n.Normalize(line, &fast), n.NormalizeUnicode(line, &unicode)) << Hex(line);
      EXPECT_EQ(fast, unicode) << Hex(line);
      ++lines;
    }
  }
  EXPECT_EQ(lines, 201u * 40u);
}
TEST(NormalizeDiffTest, AsciiLines) { ForBothWidths(AsciiLinesWith); }

// The date screen of short normal forms (under 18 bytes) reads the bytes
// after them in place: it must still see every cue in the form (a cue it
// saw past the form would only cost a needless fold, which the output
// cannot show). Short lines with a date cue at each place (after a word of 0 to 16
// letters), and without one, normalised into a buffer full of cues,
// against the utf8proc path (which screens a copy).
void ShortLinesDateScreenWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  const std::string cues[] = {"7", "today", "1h ago", "just now", "tomorrow", "5pm", "a day ago", "x", "may"};
  std::string stale;
  for (int i = 0; i < 64; ++i) stale += "0 day ago tomorrow just now ";
  size_t lines = 0, folded = 0;
  for (size_t k = 0; k <= 16; ++k) {
    const std::string word = k == 0 ? "" : std::string(k, 'q') + " ";
    for (const std::string& cue : cues) {
      const std::string line = word + cue;
      for (const std::string& l : {line, "\xc3\xa9" + line}) {
        std::string want;
        const bool nonblank = n.NormalizeUnicode(l, &want);
        std::string buf = stale;
        const size_t got = n.NormalizeInto(l, &buf, 5);
        EXPECT_EQ(nonblank, got != 0);
        EXPECT_EQ(std::string_view(buf).substr(5, got), want) << "line: " << Hex(l);
        ++lines;
        folded += want.find('<') != std::string::npos || want.find('0') != std::string::npos;
      }
    }
  }
  EXPECT_EQ(lines, 17u * 9u * 2u);
  EXPECT_GT(folded, 17u * 5u);  // the cues fold (or are numbers)
}
TEST(NormalizeDiffTest, ShortLinesDateScreen) { ForBothWidths(ShortLinesDateScreenWith); }

// Single spaces between words of letters that stay as they are go through
// the letter loop of NormalizeMixed(); what follows such a space may be
// another word, or anything that ends the loop there: a separator, a
// digit, an upper-case letter, a mark (which must see the space as a
// starter), ASCII, an invalid byte, or the line's end.
void SpacesBetweenNonAsciiWordsWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  const std::string words[] = {"\xd1\x81\xd0\xbb\xd0\xbe\xd0\xb2\xd0\xbe",  // слово
                               "\xe4\xb8\xad\xe6\x96\x87",                  // 中文
                               "\xce\xb1",                                      // α
                               "\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a"};       // عربي
  const std::string next[] = {"\xd0\x9c\xd0\xb8\xd1\x80",  // Мир: upper case
                              "\xc2\xab",                      // «
                              "\xd9\xa3",                      // ٣
                              "\xcc\x81",                      // combining acute
                              "\xe1\x85\xa1",                 // a vowel jamo
                              "\xe2\x80\x8b",                 // zero-width space
                              "\x80",                           // invalid
                              " ", "x", "7", ""};
  size_t lines = 0;
  for (const std::string& a : words) {
    for (const std::string& b : words) {
      for (const std::string& c : next) {
        for (const char* tail : {"", " ", "  end", " \xd0\xb4\xd0\xb0"}) {
          EXPECT_TRUE(Same(&n, a + " " + b + " " + c + tail));
          EXPECT_TRUE(Same(&n, a + " " + c + " " + b + tail));
          lines += 2;
        }
      }
    }
  }
  EXPECT_EQ(lines, 4u * 4u * 11u * 4u * 2u);
}
TEST(NormalizeDiffTest, SpacesBetweenNonAsciiWords) { ForBothWidths(SpacesBetweenNonAsciiWordsWith); }

// Hand-picked lines: combining sequences, the ASCII character before a
// mark, marks across SIMD blocks, dates and URLs.
void HandPickedWith(bool wide) {
  LineNormalizer n(WithWidth(wide));
  const std::string lines[] = {
      "",
      "\xcc\x81",
      "e\xcc\x81",
      "0123456789abcde\xcc\x81",         // the mark right after a 16-byte block
      "0123456789abcdef\xcc\x81",
      "0123456789abcdefghijklmnopqrstu\xcc\x81 x",
      "ABCDEFGHIJKLMNO<\xcc\xb8 x",      // ≮
      "15 x\xe2\x80\x9d  \xe2\x91\xa0\xe1\x85\xa1z\xd9\xa3 1",
      "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8",  // L V T jamo
      "\xea\xb0\x80\xe1\x86\xa8",              // LV + T
      "\xea\xb0\x80\xe1\x86\xa7",              // LV + U+11A7
      "\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0\xa4\xbc",  // क्ष़
      "\xd8\xa8\xd9\x90\xd8\xb3\xd9\x92\xd9\x85\xd9\x90",   // بِسْمِ
      "\xe0\xb9\x80\xe0\xb8\x97\xe0\xb9\x88\xe0\xb8\xb2",   // Thai
      "\xe1\xbe\xb3\xcd\x85\xcc\x81",        // ᾳ + ypogegrammeni + acute
      "\xc3\xa9\xcc\xa3 \xc3\xa9\xe0\xa5\x8d",  // é + dot below, é + virama
      "\xe2\x80\x8d\xcc\x81 e\xe2\x80\x8d\xcc\x81 e\xc2\xad\xcc\x81",
      "Posted 3 hours ago \xe2\x80\x94 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0",
      "Article URL: https://example.com/\xc3\xbc \xe2\x80\x9cquote\xe2\x80\x9d\r",
      "https://example.com/\xc3\xbc",
      "\xff\xcc\x81 e\xff\xcc\x81 e\xcc\xff",
      "\xef\xbd\x8d\xef\xbd\x81\xef\xbd\x99 \xef\xbc\x95",  // ｍａｙ ５
  };
  for (const std::string& line : lines) EXPECT_TRUE(Same(&n, line)) << Hex(line);
}
TEST(NormalizeDiffTest, HandPicked) { ForBothWidths(HandPickedWith); }

}  // namespace
}  // namespace dechrome
