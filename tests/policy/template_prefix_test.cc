// TemplatePrefix() against a plain byte-by-byte reference of the same rule
// (the implementation before its SIMD word scan and its early rejections),
// on lines made of the pieces that decide it: lead-in words, separators
// (ASCII and the two non-ASCII ones, and bytes that begin like them),
// non-ASCII words long enough for 16-byte blocks, URLs, digits, spaces.

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "policy/headline.h"

namespace dechrome {
namespace {

size_t ReferenceSeparatorAt(std::string_view s, size_t p) {
  if (p >= s.size()) return 0;
  if (s[p] == ':' || s[p] == '|') return 1;
  if (s.substr(p, 3) == "\xe2\x80\xba") return 3;
  if (s.substr(p, 2) == "\xc2\xbb") return 2;
  return 0;
}

bool ReferenceWordByte(unsigned char c) { return absl::ascii_isalpha(c) || c == '\'' || c >= 0x80; }

bool ReferencePageFact(std::string_view prefix) {
  constexpr std::string_view kFacts[] = {
      "posted by", "written by", "posted on", "author", "authors", "photo", "photos", "image", "images",
      "credit",    "credits",    "photo credit", "photograph", "published", "updated", "date",
      "category",  "categories"};
  if (prefix == "by" || prefix.substr(0, 3) == "by ") return true;
  for (std::string_view f : kFacts)
    if (prefix == f) return true;
  return false;
}

constexpr std::string_view kReferenceLeadIns[] = {
    "posted in", "filed under", "filed in", "printed from", "tags", "tagged",
    "more from", "related",     "see also"};

bool ReferenceTemplatePrefix(std::string_view s, std::string* prefix) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  prefix->clear();
  if (s.size() < 4) return false;
  size_t p = 0;
  for (int words = 0; words < 3; ++words) {
    const size_t b = p;
    while (p < s.size() && ReferenceSeparatorAt(s, p) == 0 &&
           ReferenceWordByte(static_cast<unsigned char>(s[p])))
      ++p;
    if (p == b) break;
    if (!prefix->empty()) prefix->push_back(' ');
    for (size_t i = b; i < p; ++i) prefix->push_back(absl::ascii_tolower(static_cast<unsigned char>(s[i])));
    size_t q = p;
    while (q < s.size() && s[q] == ' ') ++q;
    if (const size_t sep = ReferenceSeparatorAt(s, q)) {
      if (s[q] == ':' && q + 1 < s.size() && s[q + 1] == '/') return false;
      size_t t = q + sep;
      while (t < s.size() && s[t] == ' ') ++t;
      if (t >= s.size() || prefix->size() < 2) return false;
      for (std::string_view lead : kReferenceLeadIns) {
        if (prefix->size() > lead.size() && prefix->compare(0, lead.size(), lead) == 0 &&
            (*prefix)[lead.size()] == ' ') {
          prefix->resize(lead.size());
          break;
        }
      }
      return !ReferencePageFact(*prefix);
    }
    if (q == p || q >= s.size()) break;
    p = q;
  }
  if (s.size() >= 120 || s.back() == '.' || s.back() == '!' || s.back() == '?') return false;
  for (std::string_view lead : kReferenceLeadIns) {
    if (prefix->size() < lead.size() || prefix->compare(0, lead.size(), lead) != 0) continue;
    if (prefix->size() > lead.size() && (*prefix)[lead.size()] != ' ') continue;
    if (s.size() <= lead.size() + 1) continue;
    prefix->resize(lead.size());
    return true;
  }
  return false;
}

TEST(TemplatePrefixTest, SameAsTheByteByByteRuleOnMixedLines) {
  const std::string pieces[] = {
      "Posted", "posted", "in", "Filed", "FILED", "under", "Tags", "tagged", "More", "from",
      "Related", "See", "also", "Printed", "By", "by", "Photo", "Credit", "Category", "Read", "MORE",
      "the", "council", "o'neil", "x", "Home", "News",
      // Non-ASCII words: Cyrillic, CJK (one long word), accented Latin.
      "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8",
      "\xe6\x96\xb0\xe9\x97\xbb\xe6\x96\xb0\xe9\x97\xbb\xe6\x96\xb0\xe9\x97\xbb\xe6\x96\xb0\xe9\x97\xbb"
      "\xe6\x96\xb0\xe9\x97\xbb\xe6\x96\xb0\xe9\x97\xbb",
      "caf\xc3\xa9",
      // Separators, and bytes that begin like them: U+203A, U+00BB, U+201C,
      // U+2014, U+00A0, U+00AB, a lone 0xe2 and 0xc2.
      ":", "|", " : ", " | ", "\xe2\x80\xba", "\xc2\xbb", "\xe2\x80\x9c", "\xe2\x80\x94", "\xc2\xa0",
      "\xc2\xab", "\xe2", "\xc2", "\xe2\x80",
      "http://example.com/a", "://", " ", " ", " ", "  ", "\t", "2024", "12", ",", ".", "!", "?", "-",
      "'", "\r"};
  constexpr size_t kPieces = sizeof(pieces) / sizeof(pieces[0]);
  std::mt19937 rng(20261202);
  std::string line, got, want;
  size_t templated = 0;
  for (int iter = 0; iter < 300000; ++iter) {
    line.clear();
    const size_t n = 1 + rng() % 14;
    for (size_t i = 0; i < n; ++i) line += pieces[rng() % kPieces];
    const bool g = TemplatePrefix(line, &got);
    const bool w = ReferenceTemplatePrefix(line, &want);
    ASSERT_EQ(g, w) << "line: '" << line << "'";
    if (g) {
      ASSERT_EQ(got, want) << "line: '" << line << "'";
      ++templated;
    }
  }
  // The mix reaches both answers often.
  EXPECT_GT(templated, 10000u);
  EXPECT_LT(templated, 290000u);
}


// HeadlineListSegments() (its 16-byte scan) against the byte-by-byte cut.
size_t ReferenceHeadlineListSegments(std::string_view s, std::vector<std::string_view>* segments) {
  segments->clear();
  auto push = [&](size_t b, size_t e) {
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    if (e > b) segments->push_back(s.substr(b, e - b));
  };
  size_t begin = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    size_t sep = 0;
    if (s[i] == '|') sep = 1;
    else if (s.compare(i, 3, "\xe2\x80\xa2") == 0) sep = 3;
    else if (s.compare(i, 2, "\xc2\xb7") == 0) sep = 2;
    if (sep > 0) {
      push(begin, i);
      begin = i + sep;
      i += sep - 1;
      continue;
    }
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const unsigned char p = static_cast<unsigned char>(s[i - 1]);
    if (!absl::ascii_isupper(c)) continue;
    if (absl::ascii_islower(p) || absl::ascii_isdigit(p) || p == '.' || p == '?' || p == '!' ||
        p == '\'' || p == '"' || p == ')') {
      push(begin, i);
      begin = i;
    }
  }
  push(begin, s.size());
  return segments->size();
}

TEST(HeadlineListSegmentsTest, SameAsTheByteByByteCut) {
  const std::string pieces[] = {"Brown hits back", "rowChildren", "vote Shrek 2", "A", "b", "Z", "z", "9",
                                ".", "?", "!", "'", "\"", ")", " ", "  ", "\t", "|", "\xe2\x80\xa2",
                                "\xc2\xb7", "\xe2\x80\x94", "\xc2\xa0", "\xe2", "\xc2", "\xe2\x80",
                                "\xd0\x9d\xd0\xbe\xd0\xb2", "News in brief and more", "\r"};
  constexpr size_t kPieces = sizeof(pieces) / sizeof(pieces[0]);
  std::mt19937 rng(42);
  std::string line;
  std::vector<std::string_view> got, want;
  size_t several = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    line.clear();
    const size_t n = 1 + rng() % 24;
    for (size_t i = 0; i < n; ++i) line += pieces[rng() % kPieces];
    const size_t g = HeadlineListSegments(line, &got);
    const size_t w = ReferenceHeadlineListSegments(line, &want);
    ASSERT_EQ(g, w) << "line: '" << line << "'";
    ASSERT_EQ(got, want) << "line: '" << line << "'";
    several += g >= 2 ? 1 : 0;
  }
  EXPECT_GT(several, 10000u);
}

// TitlePart() (one backward scan) against the rfind() of each separator.
std::string_view ReferenceTitlePart(std::string_view line) {
  static constexpr std::string_view kSeparators[] = {" - ", " | ", " \xe2\x80\x94 ", " \xe2\x80\x93 ",
                                                     " :: ", " \xc2\xb7 ", " \xc2\xbb "};
  size_t best = std::string_view::npos;
  for (std::string_view sep : kSeparators) {
    const size_t at = line.rfind(sep);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) best = at;
  }
  return best == std::string_view::npos ? std::string_view() : line.substr(0, best);
}

TEST(TitlePartTest, SameAsTheLastSeparatorByRfind) {
  const std::string pieces[] = {"Bridge vote", "News", " ", "  ", "-", " - ", "|", " | ", ":", "::", " :: ",
                                "\xe2\x80\x94", "\xe2\x80\x93", "\xc2\xb7", "\xc2\xbb", "\xe2\x80",
                                "\xc2", "\xd0\x9d\xd0\xbe\xd0\xb2", "x"};
  constexpr size_t kPieces = sizeof(pieces) / sizeof(pieces[0]);
  std::mt19937 rng(7);
  std::string line;
  size_t found = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    line.clear();
    const size_t n = rng() % 16;
    for (size_t i = 0; i < n; ++i) line += pieces[rng() % kPieces];
    const std::string_view got = TitlePart(line), want = ReferenceTitlePart(line);
    ASSERT_EQ(got.data() == nullptr || got.empty(), want.data() == nullptr || want.empty()) << line;
    ASSERT_EQ(got, want) << "line: '" << line << "'";
    if (!want.empty() || ReferenceTitlePart(line).data() != nullptr) ++found;
  }
  EXPECT_GT(found, 50000u);
  EXPECT_EQ(TitlePart("Bridge vote - News Example | Home"), "Bridge vote - News Example");
  EXPECT_EQ(TitlePart(" - x"), "");
  EXPECT_TRUE(TitlePart("no separator").empty());
}

// LooksLikeTitle() counts a line's words (its spaces, 16 bytes at a time):
// 3/4 of them must be URL words. At the boundary, one word more or less
// changes the answer, in short lines and in lines of more than 255 blocks
// of 16 bytes.
TEST(UrlTitleTest, WordCountAtTheThreeQuartersBoundary) {
  for (size_t url_words : {size_t{4}, size_t{12}, size_t{1100}}) {
    std::string url = "https://news.example/", title;
    for (size_t i = 0; i < url_words; ++i) {
      std::string w = {static_cast<char>('a' + i % 16), static_cast<char>('a' + i / 16 % 16),
                       static_cast<char>('a' + i / 256)};
      url += (i ? "-" : "") + w;
      title += (i ? " " : "") + w;
    }
    // found * 4 >= total * 3 while extra words <= url_words / 3.
    const size_t max_extra = url_words / 3;
    std::string line = title;
    for (size_t e = 0; e < max_extra; ++e) line += " qqq";
    UrlTitle t;
    EXPECT_TRUE(t.LooksLikeTitle(line, url)) << url_words << " words, " << line.size() << " bytes";
    EXPECT_FALSE(t.LooksLikeTitle(line + " qqq", url)) << url_words << " words, " << line.size() << " bytes";
  }
}

// LooksLikeTitleOfLastUrl() answers as LooksLikeTitle() for the URL last
// given to Words(), on lines made of URL words and others.
TEST(UrlTitleTest, OfLastUrlAnswersAsLooksLikeTitle) {
  const std::string urls[] = {"https://x.example/bridge-vote-splits-the-valley-0", "https://x.example/a/b",
                              "https://x.example/", "https://x.example/news/2024/council-budget-cuts"};
  const std::string words[] = {"bridge", "vote", "splits", "the", "valley", "0", "<m>", "council", "budget",
                               "cuts", "news", "a", "b", "home", "\xd0\x9d\xd0\xbe\xd0\xb2"};
  std::mt19937 rng(3);
  UrlTitle t, reference;
  size_t titles = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string& url = urls[rng() % 4];
    std::string line;
    for (size_t i = 0, n = rng() % 9; i < n; ++i) line += (i ? " " : "") + words[rng() % 15];
    t.Words(url);
    const bool want = reference.LooksLikeTitle(line, url);
    ASSERT_EQ(t.LooksLikeTitleOfLastUrl(line), want) << url << " / " << line;
    titles += want ? 1 : 0;
  }
  EXPECT_GT(titles, 200u);
}

// A cut in each of a long line's last bytes (HeadlineListSegments() reads
// the line's end as one block of its last 16 bytes), and a separator that
// ends the line, or has its last byte there.
TEST(HeadlineListSegmentsTest, CutsInTheLastBytesOfALongLine) {
  const std::string cuts[] = {"aB", "9B", ".B", "\"B", ")B", "|", "\xe2\x80\xa2", "\xc2\xb7", " B", "\xe2\x80\x94"};
  std::vector<std::string_view> got, want;
  for (size_t length = 14; length < 60; ++length) {
    for (const std::string& cut : cuts) {
      for (size_t at = 0; at + cut.size() <= length; ++at) {
        std::string line(length, 'x');
        line.replace(at, cut.size(), cut);
        const size_t g = HeadlineListSegments(line, &got);
        ASSERT_EQ(g, ReferenceHeadlineListSegments(line, &want)) << "line: '" << line << "'";
        ASSERT_EQ(got, want) << "line: '" << line << "'";
      }
    }
  }
  std::vector<std::string_view> segments;
  EXPECT_EQ(HeadlineListSegments("Politics and the state of the nation todayCricket", &segments), 2u);
  EXPECT_EQ(segments[1], "Cricket");
  EXPECT_EQ(HeadlineListSegments("Politics and the state of the nation today \xe2\x80\xa2", &segments), 1u);
  EXPECT_EQ(HeadlineListSegments("Politics and the state of the nation today | x", &segments), 2u);
  EXPECT_EQ(segments[1], "x");
}

// A line whose only non-ASCII bytes begin other characters than the
// separators (typographic quotes, dashes, no-break spaces) is ruled out
// as a label's line, and still read as a lead-in's.
TEST(TemplatePrefixTest, QuotesAndDashesAreNoSeparators) {
  std::string prefix;
  EXPECT_FALSE(TemplatePrefix("\xe2\x80\x9cWe will vote\xe2\x80\x9d \xe2\x80\x94 the council", &prefix));
  EXPECT_FALSE(TemplatePrefix("Council \xe2\x80\x94 Bridge vote", &prefix));
  EXPECT_TRUE(TemplatePrefix("Filed under \xe2\x80\x9c" "Bridge\xe2\x80\x9d", &prefix));
  EXPECT_EQ(prefix, "filed under");
  EXPECT_TRUE(TemplatePrefix("Council news \xe2\x80\xba Bridge vote", &prefix));
  EXPECT_EQ(prefix, "council news");
  // (A no-break space is a word's byte, as any non-ASCII byte.)
  EXPECT_TRUE(TemplatePrefix("Council \xc2\xa0news \xc2\xbb Bridge vote", &prefix));
  EXPECT_EQ(prefix, "council \xc2\xa0news");
  // A separator in a long line's first or last 16 bytes.
  EXPECT_TRUE(TemplatePrefix("Politics | the state of the nation and the council vote on the bridge", &prefix));
  EXPECT_EQ(prefix, "politics");
  EXPECT_FALSE(TemplatePrefix("The state of the nation and the council vote on the bridge today x:", &prefix));
}

// Month names and their abbreviations, as normal-form words (lower case):
// each is one, and words that share a size or first letter with one are
// not.
TEST(IsMonthWordTest, NamesAndAbbreviationsOnly) {
  for (std::string_view m : {"january", "february", "march", "april", "may", "june", "july", "august",
                             "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                             "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}) {
    EXPECT_TRUE(IsMonthWord(m)) << m;
  }
  for (std::string_view w : {"", "j", "ja", "jam", "man", "mat", "sea", "nor", "den", "janu", "mayo", "junes",
                             "decembers", "octobers", "septembe", "apri", "jax", "Jan", "feb.", "0"}) {
    EXPECT_FALSE(IsMonthWord(w)) << w;
  }
}

}  // namespace
}  // namespace dechrome
