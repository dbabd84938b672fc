// Benchmarks of the text stage: line normalisation (ASCII fast path, the
// table-driven path, and the utf8proc path as NormalizeReference()) and the
// split + normalise + hash loop of the counting pass, on mostly-ASCII and on
// multilingual text. Each benchmark first checks its results against a
// reference and stops with SkipWithError on a mismatch.

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "hash/line_hash.h"
#include "text/normalize.h"
#include "utf8proc.h"

namespace dechrome {
namespace {

// ---------------------------------------------------------------------------
// Deterministic synthetic web text.

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Uniform(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

constexpr std::string_view kAsciiWords[] = {
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was",
    "with", "be", "by", "on", "not", "he", "this", "are", "or", "his", "from",
    "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
    "one", "all", "we", "can", "her", "has", "there", "been", "if", "more",
    "when", "will", "would", "who", "so", "no", "government", "information",
    "development", "community", "university", "International", "Company",
    "Sunday", "March", "may", "sun", "Posted", "hours", "ago", "Comments",
    "Privacy", "Policy", "Terms", "Service", "Copyright", "Home", "About",
    "people", "time", "year", "way", "day", "man", "thing", "woman", "life",
    "child", "world", "school", "state", "family", "student", "group",
    "country", "problem", "hand", "part", "place", "case", "week", "system",
    "program", "question", "work", "number", "night", "point", "water",
    "room", "mother", "area", "money", "story", "fact", "right", "study",
    "book", "eye", "job", "word", "business", "issue", "side", "kind", "head",
    "house", "friend", "father", "power", "hour", "game", "line", "end",
    "member", "law", "car", "city", "name", "president", "team", "minute",
    "idea", "kid", "body", "back", "parent", "face", "others", "level",
    "office", "door", "health", "person", "art", "war", "history", "party",
    "result", "change", "morning", "reason", "research", "girl", "guy",
    "moment", "air", "teacher", "force", "education"};

constexpr std::string_view kUnicodeWords[] = {
    "\xc3\xa9t\xc3\xa9", "\xc3\x89" "cole", "Stra\xc3\x9f" "e", "na\xc3\xafve",
    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\xbc\xd0\xb8\xd1\x80",
    "\xe4\xb8\xad\xe6\x96\x87", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
    "\xd9\xa1\xd9\xa2\xd9\xa3", "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3",
    "\xef\xac\x81" "le", "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1",
    "\xe2\x80\x94", "\xc2\xab", "\xc2\xbb", "\xe2\x82\xac", "caf\xc3\xa9", "the",
    "and", "of", "Prix", "Seite", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9"};

constexpr std::string_view kChromeLines[] = {
    "Home | About Us | Contact | Privacy Policy",
    "Copyright (c) 2024 Example Media Inc. All rights reserved.",
    "Posted 3 hours ago by admin",
    "Last Updated : GMT 06:49:16",
    "Share on Facebook  Share on Twitter  Email",
    "Friday, 07 September 2018 18:05",
    "Comments (12)",
    "Sign in / Register",
    "Sun, 5 May 2019 10:30 PM"};

template <size_t N>
void AppendLine(Rng* rng, const std::string_view (&words)[N], std::string* text) {
  if (rng->Uniform(4) == 0) {
    *text += kChromeLines[rng->Uniform(sizeof(kChromeLines) / sizeof(kChromeLines[0]))];
    text->push_back('\n');
    return;
  }
  const size_t n = 3 + rng->Uniform(rng->Uniform(3) == 0 ? 80 : 15);
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) *text += rng->Uniform(12) == 0 ? ", " : " ";
    if (rng->Uniform(15) == 0) {
      *text += std::to_string(rng->Uniform(10000));
    } else {
      *text += words[rng->Uniform(N)];
    }
  }
  *text += rng->Uniform(3) == 0 ? ".\r\n" : ".\n";
}

// About `bytes` of text; `unicode_percent` of the lines use non-ASCII words.
std::string MakeText(size_t bytes, int unicode_percent, uint64_t seed) {
  Rng rng(seed);
  std::string text;
  text.reserve(bytes + 1024);
  while (text.size() < bytes) {
    if (static_cast<int>(rng.Uniform(100)) < unicode_percent) {
      AppendLine(&rng, kUnicodeWords, &text);
    } else {
      AppendLine(&rng, kAsciiWords, &text);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------
// Multilingual web text: about half of the lines hold non-ASCII characters,
// as on real Common Crawl pages -- English with typographic quotes and
// dashes, accented Latin (NFC, as pages are), Cyrillic, Greek, Arabic,
// Chinese, Japanese, Korean, some Hindi (virama and vowel signs: combining
// marks), emoji (with variation selectors and ZWJ sequences), fullwidth
// and Arabic-Indic digits now and then. Paragraphs and short chrome lines.

struct Language {
  int weight;            // share of lines, in percent
  bool spaces;           // words separated by spaces (not CJK)
  std::vector<std::string_view> words;
  std::vector<std::string_view> chrome;  // short navigation lines
};

const std::vector<Language>& Languages() {
  static const std::vector<Language>* const kLanguages = new std::vector<Language>{
      {45, true, {}, {}},  // plain ASCII English: kAsciiWords, kChromeLines
      {13, true,  // English with typographic punctuation
       {"\xe2\x80\x9cthe", "people\xe2\x80\x9d", "it\xe2\x80\x99s", "don\xe2\x80\x99t",
        "\xe2\x80\x94", "\xe2\x80\x93", "world\xe2\x80\xa6", "\xe2\x80\x98one\xe2\x80\x99",
        "caf\xc3\xa9", "\xc2\xa9", "r\xc3\xa9sum\xc3\xa9", "na\xc3\xafve", "The", "and",
        "of", "to", "government", "Company", "information", "said", "year"},
       {"\xc2\xa9 2024 Example Media \xe2\x80\x94 All rights reserved",
        "Read more \xc2\xbb", "\xe2\x80\xb9 Previous | Next \xe2\x80\xba"}},
      {12, true,  // French, German, Spanish, Polish, Vietnamese
       {"\xc3\xa9t\xc3\xa9", "\xc3\x89" "cole", "Stra\xc3\x9f" "e", "\xc3\xbc" "ber",
        "Z\xc3\xbcrich", "ni\xc3\xb1o", "a\xc3\xb1o", "b\xc4\x99" "dzie",
        "\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87", "Vi\xe1\xbb\x87t", "ti\xe1\xba\xbfng", "la",
        "le", "de", "und", "der", "die", "que", "el", "les", "pour", "M\xc3\xbcnchen",
        "fran\xc3\xa7" "ais", "\xc2\xab", "\xc2\xbb", "n\xc3\xa4" "chste", "sch\xc3\xb6n"},
       {"Accueil | Actualit\xc3\xa9s | Contact", "Datenschutzerkl\xc3\xa4rung",
        "P\xc3\xa1gina principal", "Mentions l\xc3\xa9gales"}},
      {8, true,  // Russian
       {"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "\xd0\xbc\xd0\xb8\xd1\x80",
        "\xd0\xbd\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8",
        "\xd0\x93\xd0\xbb\xd0\xb0\xd0\xb2\xd0\xbd\xd0\xb0\xd1\x8f",
        "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", "\xd0\xb3\xd0\xbe\xd0\xb4\xd0\xb0",
        "\xd0\xb8", "\xd0\xb2", "\xd0\xbd\xd0\xb0", "\xd1\x87\xd1\x82\xd0\xbe",
        "\xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb8\xd1\x82\xd0\xb5\xd0\xbb\xd1\x8c\xd1\x81\xd1\x82\xd0\xb2\xd0\xbe",
        "\xd1\x91\xd0\xbb\xd0\xba\xd0\xb0", "\xc2\xab\xd0\xa0\xd0\xbe\xd1\x81\xd1\x81\xd0\xb8\xd1\x8f\xc2\xbb"},
       {"\xd0\x93\xd0\xbb\xd0\xb0\xd0\xb2\xd0\xbd\xd0\xb0\xd1\x8f | \xd0\x9a\xd0\xbe\xd0\xbd\xd1\x82\xd0\xb0\xd0\xba\xd1\x82\xd1\x8b",
        "\xd0\x92\xd1\x81\xd0\xb5 \xd0\xbf\xd1\x80\xd0\xb0\xd0\xb2\xd0\xb0 \xd0\xb7\xd0\xb0\xd1\x89\xd0\xb8\xd1\x89\xd0\xb5\xd0\xbd\xd1\x8b \xc2\xa9 2024"}},
      {3, true,  // Greek
       {"\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1",
        "\xce\xb5\xce\xb9\xce\xb4\xce\xae\xcf\x83\xce\xb5\xce\xb9\xcf\x82",
        "\xce\x91\xce\xb8\xce\xae\xce\xbd\xce\xb1", "\xce\xba\xce\xb1\xce\xb9",
        "\xcf\x84\xce\xbf\xcf\x85", "\xcf\x84\xce\xb7\xcf\x82"},
       {"\xce\x91\xcf\x81\xcf\x87\xce\xb9\xce\xba\xce\xae \xc2\xb7 \xce\x95\xcf\x80\xce\xb9\xce\xba\xce\xbf\xce\xb9\xce\xbd\xcf\x89\xce\xbd\xce\xaf\xce\xb1"}},
      {4, true,  // Arabic (unvocalised, as most pages are)
       {"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
        "\xd8\xa3\xd8\xae\xd8\xa8\xd8\xa7\xd8\xb1",
        "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa6\xd9\x8a\xd8\xb3\xd9\x8a\xd8\xa9",
        "\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "\xd9\x81\xd9\x8a", "\xd9\x85\xd9\x86",
        "\xd8\xb9\xd9\x84\xd9\x89", "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa4", "\xd8\x8c"},
       {"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa6\xd9\x8a\xd8\xb3\xd9\x8a\xd8\xa9 | \xd8\xa7\xd8\xaa\xd8\xb5\xd9\x84 \xd8\xa8\xd9\x86\xd8\xa7"}},
      {6, false,  // Chinese and Japanese: no spaces
       {"\xe4\xb8\xad\xe6\x96\x87", "\xe6\x96\xb0\xe9\x97\xbb", "\xe9\xa6\x96\xe9\xa1\xb5",
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xe6\x9d\xb1\xe4\xba\xac",
        "\xe3\x83\x8b\xe3\x83\xa5\xe3\x83\xbc\xe3\x82\xb9", "\xe3\x81\xae",
        "\xe3\x81\xa7\xe3\x81\x99", "\xe7\x9a\x84", "\xe6\x88\x91\xe4\xbb\xac",
        "\xe4\xb8\x80\xe4\xb8\xaa", "\xe3\x80\x82", "\xef\xbc\x8c", "\xef\xbc\x91\xef\xbc\x92",
        "\xe3\x80\x8c", "\xe3\x80\x8d"},
       {"\xe9\xa6\x96\xe9\xa1\xb5 > \xe6\x96\xb0\xe9\x97\xbb > \xe6\xad\xa3\xe6\x96\x87",
        "\xe3\x83\x9b\xe3\x83\xbc\xe3\x83\xa0 | \xe3\x81\x8a\xe5\x95\x8f\xe3\x81\x84\xe5\x90\x88\xe3\x82\x8f\xe3\x81\x9b"}},
      {2, true,  // Korean
       {"\xed\x95\x9c\xea\xb5\xad\xec\x96\xb4", "\xeb\x89\xb4\xec\x8a\xa4",
        "\xec\x84\x9c\xec\x9a\xb8", "\xec\x9e\x88\xeb\x8b\xa4", "\xea\xb7\xb8\xeb\xa6\xac\xea\xb3\xa0"},
       {"\xed\x99\x88 | \xeb\xa1\x9c\xea\xb7\xb8\xec\x9d\xb8"}},
      {2, true,  // Hindi: virama and vowel signs
       {"\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80",
        "\xe0\xa4\xb8\xe0\xa4\xae\xe0\xa4\xbe\xe0\xa4\x9a\xe0\xa4\xbe\xe0\xa4\xb0",
        "\xe0\xa4\x94\xe0\xa4\xb0", "\xe0\xa4\x95\xe0\xa5\x87", "\xe0\xa4\xae\xe0\xa5\x87\xe0\xa4\x82",
        "\xe0\xa4\xad\xe0\xa4\xbe\xe0\xa4\xb0\xe0\xa4\xa4", "\xe0\xa4\xb6\xe0\xa4\xbf\xe0\xa4\x95\xe0\xa5\x8d\xe0\xa4\xb7\xe0\xa4\xbe"},
       {"\xe0\xa4\xae\xe0\xa5\x81\xe0\xa4\x96\xe0\xa4\xaa\xe0\xa5\x83\xe0\xa4\xb7\xe0\xa5\x8d\xe0\xa4\xa0 | \xe0\xa4\xb8\xe0\xa4\x82\xe0\xa4\xaa\xe0\xa4\xb0\xe0\xa5\x8d\xe0\xa4\x95"}},
      {5, true,  // English with emoji (presentation selectors, ZWJ, flags)
       {"\xf0\x9f\x98\x80", "\xf0\x9f\x91\x8d", "\xe2\x9d\xa4\xef\xb8\x8f",
        "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7",
        "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7", "\xf0\x9f\x94\xa5", "love", "this", "so", "good",
        "thanks", "for", "sharing", "the", "new", "video"},
       {"Follow us \xf0\x9f\x91\x89 Facebook \xc2\xb7 Instagram"}},
  };
  return *kLanguages;
}

// One line of language `lang`: a short chrome line (a quarter), or a
// sentence of 3 to 17 words, or (one in three of those) a paragraph of up
// to 90 words.
void AppendMultilingualLine(Rng* rng, const Language& lang, std::string* text) {
  const bool ascii = lang.words.empty();
  const size_t nchrome = ascii ? sizeof(kChromeLines) / sizeof(kChromeLines[0]) : lang.chrome.size();
  if (rng->Uniform(4) == 0) {
    const size_t i = rng->Uniform(nchrome);
    *text += ascii ? kChromeLines[i] : lang.chrome[i];
    text->push_back('\n');
    return;
  }
  const size_t n = 3 + rng->Uniform(rng->Uniform(3) == 0 ? 88 : 15);
  const size_t nwords = ascii ? sizeof(kAsciiWords) / sizeof(kAsciiWords[0]) : lang.words.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && lang.spaces) *text += rng->Uniform(12) == 0 ? ", " : " ";
    if (rng->Uniform(15) == 0) {
      *text += std::to_string(rng->Uniform(10000));
    } else {
      *text += ascii ? kAsciiWords[rng->Uniform(nwords)] : lang.words[rng->Uniform(nwords)];
    }
  }
  *text += lang.spaces ? "." : "\xe3\x80\x82";
  *text += rng->Uniform(3) == 0 ? "\r\n" : "\n";
}

// About `bytes` of multilingual text. A document (of 5 to 40 lines) keeps
// one language, as a page does.
std::string MakeMultilingualText(size_t bytes, uint64_t seed) {
  Rng rng(seed);
  std::string text;
  text.reserve(bytes + 4096);
  const std::vector<Language>& langs = Languages();
  while (text.size() < bytes) {
    size_t pick = rng.Uniform(100);
    size_t l = 0;
    while (l + 1 < langs.size() && pick >= static_cast<size_t>(langs[l].weight)) {
      pick -= static_cast<size_t>(langs[l].weight);
      ++l;
    }
    const size_t lines = 5 + rng.Uniform(36);
    for (size_t i = 0; i < lines; ++i) AppendMultilingualLine(&rng, langs[l], &text);
  }
  return text;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t stop = text.find('\n', start);
    if (stop == std::string_view::npos) stop = text.size();
    lines.push_back(text.substr(start, stop - start));
    start = stop + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------
// Reference: the normal form without date folding, written the obvious way
// on top of utf8proc_map (valid UTF-8 only).

std::string ReferenceNormalize(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(line.data()),
      static_cast<utf8proc_ssize_t>(line.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  if (n < 0) return "<invalid>";
  std::vector<std::string> words;
  std::string word;
  bool digits = false;
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
    const auto cat = utf8proc_category(cp);
    const bool sep = (cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_ZP) ||
                     cat == UTF8PROC_CATEGORY_CC;
    if (sep) {
      if (!word.empty()) words.push_back(word);
      word.clear();
      digits = false;
    } else if (cat == UTF8PROC_CATEGORY_ND) {
      if (!digits) word.push_back('0');
      digits = true;
    } else {
      word.append(reinterpret_cast<const char*>(mapped + i), static_cast<size_t>(len));
      digits = false;
    }
    i += len;
  }
  if (!word.empty()) words.push_back(word);
  std::free(mapped);
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

// Checks a no-date-folding normaliser against the reference on every line.
bool MatchesReference(const std::vector<std::string_view>& lines) {
  NormalizeOptions options;
  options.fold_dates = false;
  LineNormalizer normalizer(options);
  std::string out;
  for (std::string_view line : lines) {
    normalizer.Normalize(line, &out);
    if (out != ReferenceNormalize(line)) return false;
  }
  return true;
}

size_t TotalBytes(const std::vector<std::string_view>& lines) {
  size_t bytes = 0;
  for (std::string_view line : lines) bytes += line.size() + 1;
  return bytes;
}

// Which path a benchmark times: Normalize() (the table-driven path) or
// NormalizeReference() (utf8proc for every line with a non-ASCII byte, the
// normaliser before the table; for before/after comparisons).
// kInto: NormalizeInto() one document buffer, lines one after another (as
// DocumentHasher::Hash() in the count pass; a "document" every ~4 kB).
enum class Path { kNormalize, kReference, kInto };

bool NormalizeBy(Path path, LineNormalizer* normalizer, std::string_view line, std::string* out) {
  return path == Path::kNormalize ? normalizer->Normalize(line, out)
                                  : normalizer->NormalizeReference(line, out);
}

void RunNormalizeOn(benchmark::State& state, const std::string& text,
                    Path path = Path::kNormalize) {
  const std::vector<std::string_view> lines = SplitLines(text);
  if (!MatchesReference(lines)) {
    state.SkipWithError("normal form differs from the utf8proc_map reference");
    return;
  }
  NormalizeOptions options;
  options.fold_dates = state.range(0) != 0;
  LineNormalizer normalizer(options);
  std::string out;
  for (auto _ : state) {
    size_t nonblank = 0;
    for (std::string_view line : lines) nonblank += NormalizeBy(path, &normalizer, line, &out);
    benchmark::DoNotOptimize(nonblank);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(TotalBytes(lines)));
  size_t non_ascii = 0;
  for (std::string_view line : lines) {
    for (char c : line) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ++non_ascii;
        break;
      }
    }
  }
  state.counters["non_ascii_lines_pct"] =
      100.0 * static_cast<double>(non_ascii) / static_cast<double>(lines.size());
}

void BM_Normalize_Ascii(benchmark::State& state) {
  RunNormalizeOn(state, MakeText(1 << 20, 0, 42));
}
BENCHMARK(BM_Normalize_Ascii)->ArgName("fold_dates")->Arg(0)->Arg(1);

void BM_Normalize_Unicode(benchmark::State& state) {
  RunNormalizeOn(state, MakeText(1 << 20, 100, 42));
}
BENCHMARK(BM_Normalize_Unicode)->ArgName("fold_dates")->Arg(0)->Arg(1);

// The multilingual mix (MakeMultilingualText): about half of its lines hold
// non-ASCII characters.
void BM_Normalize_Multilingual(benchmark::State& state) {
  RunNormalizeOn(state, MakeMultilingualText(4 << 20, 42));
}
BENCHMARK(BM_Normalize_Multilingual)->ArgName("fold_dates")->Arg(0)->Arg(1);

void BM_NormalizeReference_Multilingual(benchmark::State& state) {
  RunNormalizeOn(state, MakeMultilingualText(4 << 20, 42), Path::kReference);
}
BENCHMARK(BM_NormalizeReference_Multilingual)->ArgName("fold_dates")->Arg(0)->Arg(1);

// The inner loop of the counting pass: split a buffer on '\n', normalise
// each line, hash it with its site's seed. BM_LineSplitAndHash: 5% of
// lines are non-ASCII; BM_LineSplitAndHash_Multilingual: the multilingual
// mix.
uint64_t SplitAndHash(std::string_view text, uint64_t seed, LineNormalizer* normalizer,
                      std::string* scratch, Path path) {
  uint64_t acc = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  size_t used = 0;  // kInto
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (nl == nullptr) nl = end;
    if (path == Path::kInto) {
      const size_t n = normalizer->NormalizeInto(std::string_view(p, static_cast<size_t>(nl - p)), scratch, used);
      if (n != 0) {
        acc = acc * 31 + LineKey(std::string_view(scratch->data() + used, n), seed);
        used = used + n > 4096 ? 0 : used + n;
      }
    } else if (NormalizeBy(path, normalizer, std::string_view(p, static_cast<size_t>(nl - p)),
                           scratch)) {
      acc = acc * 31 + LineKey(*scratch, seed);
    }
    p = nl + 1;
  }
  return acc;
}

void RunLineSplitAndHash(benchmark::State& state, const std::string& text,
                         Path path = Path::kNormalize) {
  const uint64_t seed = SiteSeed("example.com");
  // Reference: another splitter and the utf8proc path for every line.
  uint64_t want = 0;
  {
    LineNormalizer slow;
    std::string out;
    for (std::string_view line : SplitLines(text)) {
      if (slow.NormalizeUnicode(line, &out)) want = want * 31 + LineKey(out, seed);
    }
  }
  LineNormalizer normalizer;
  std::string scratch;
  if (SplitAndHash(text, seed, &normalizer, &scratch, path) != want) {
    state.SkipWithError("keys differ from the reference");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(SplitAndHash(text, seed, &normalizer, &scratch, path));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

void BM_LineSplitAndHash(benchmark::State& state) {
  RunLineSplitAndHash(state, MakeText(8 << 20, 5, 7));
}
BENCHMARK(BM_LineSplitAndHash)->Unit(benchmark::kMillisecond);

// The same on the multilingual mix.
void BM_LineSplitAndHash_Multilingual(benchmark::State& state) {
  RunLineSplitAndHash(state, MakeMultilingualText(8 << 20, 7));
}
BENCHMARK(BM_LineSplitAndHash_Multilingual)->Unit(benchmark::kMillisecond);

// The same, each line normalised into one document buffer (the count
// pass's DocumentHasher::Hash(): no string per line).
void BM_LineSplitAndHashInto_Multilingual(benchmark::State& state) {
  RunLineSplitAndHash(state, MakeMultilingualText(8 << 20, 7), Path::kInto);
}
BENCHMARK(BM_LineSplitAndHashInto_Multilingual)->Unit(benchmark::kMillisecond);

void BM_LineSplitAndHashReference_Multilingual(benchmark::State& state) {
  RunLineSplitAndHash(state, MakeMultilingualText(8 << 20, 7), Path::kReference);
}
BENCHMARK(BM_LineSplitAndHashReference_Multilingual)->Unit(benchmark::kMillisecond);

// The same on the lines of a text file named by DECHROME_BENCH_TEXT (one
// document's text after another, '\n' between lines; skipped when unset),
// for measuring on a real corpus's character mix, e.g. the bench corpus's
// texts: zstd -dc bench-data/mjsonl-*/part-0.jsonl.zst | head -c 17000000 | sed '$d' |
// python3 -c 'import sys,json; [print(json.loads(l)["text"]) for l in sys.stdin]'
void BM_LineSplitAndHashInto_File(benchmark::State& state) {
  const char* path = std::getenv("DECHROME_BENCH_TEXT");
  if (path == nullptr) {
    state.SkipWithError("DECHROME_BENCH_TEXT is not set");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    state.SkipWithError("cannot read DECHROME_BENCH_TEXT");
    return;
  }
  RunLineSplitAndHash(state, text.str(), Path::kInto);
}
BENCHMARK(BM_LineSplitAndHashInto_File)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dechrome
