// Benchmarks of the text stage: line normalisation (ASCII fast path and
// the utf8proc path) and the split + normalise + hash loop of the counting
// pass. Each benchmark first checks its results against a reference and
// stops with SkipWithError on a mismatch.

#include <cstdint>
#include <cstdlib>
#include <cstring>
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

void RunNormalize(benchmark::State& state, int unicode_percent) {
  const std::string text = MakeText(1 << 20, unicode_percent, 42);
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
    for (std::string_view line : lines) nonblank += normalizer.Normalize(line, &out);
    benchmark::DoNotOptimize(nonblank);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(TotalBytes(lines)));
}

void BM_Normalize_Ascii(benchmark::State& state) { RunNormalize(state, 0); }
BENCHMARK(BM_Normalize_Ascii)->ArgName("fold_dates")->Arg(0)->Arg(1);

void BM_Normalize_Unicode(benchmark::State& state) { RunNormalize(state, 100); }
BENCHMARK(BM_Normalize_Unicode)->ArgName("fold_dates")->Arg(0)->Arg(1);

// The inner loop of the counting pass: split a buffer on '\n', normalise
// each line, hash it with its site's seed. 5% of lines are non-ASCII.
uint64_t SplitAndHash(std::string_view text, uint64_t seed, LineNormalizer* normalizer,
                      std::string* scratch) {
  uint64_t acc = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (nl == nullptr) nl = end;
    if (normalizer->Normalize(std::string_view(p, static_cast<size_t>(nl - p)), scratch)) {
      acc = acc * 31 + LineKey(*scratch, seed);
    }
    p = nl + 1;
  }
  return acc;
}

void BM_LineSplitAndHash(benchmark::State& state) {
  const std::string text = MakeText(8 << 20, 5, 7);
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
  if (SplitAndHash(text, seed, &normalizer, &scratch) != want) {
    state.SkipWithError("keys differ from the reference");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(SplitAndHash(text, seed, &normalizer, &scratch));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_LineSplitAndHash)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dechrome
