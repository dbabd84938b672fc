#include "text/normalize.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "utf8proc.h"

namespace dechrome {
namespace {

std::string Norm(std::string_view line, bool fold_dates = true) {
  NormalizeOptions options;
  options.fold_dates = fold_dates;
  LineNormalizer normalizer(options);
  std::string out = "garbage from before";
  normalizer.Normalize(line, &out);
  return out;
}

TEST(NormalizeTest, BasicForm) {
  EXPECT_EQ(Norm("  Hello,   World!  "), "hello world");
  EXPECT_EQ(Norm("a\tb\x0b" "c\x01" "d"), "a b c d");
  EXPECT_EQ(Norm("snake_case-name"), "snake case name");
  EXPECT_EQ(Norm("abc123def 45.6"), "abc0def 0 0");
  EXPECT_EQ(Norm("0007"), "0");
}

TEST(NormalizeTest, ReturnValueAndBlankLines) {
  LineNormalizer n;
  std::string out;
  EXPECT_TRUE(n.Normalize("x", &out));
  EXPECT_FALSE(n.Normalize("", &out));
  EXPECT_EQ(out, "");
  EXPECT_FALSE(n.Normalize("   \t  ", &out));
  EXPECT_FALSE(n.Normalize("--- *** ||| !!!", &out));
  EXPECT_FALSE(n.Normalize("\r", &out));
  EXPECT_FALSE(n.Normalize("\xc2\xa0\xe2\x80\x94\xe3\x80\x80", &out));  // NBSP, em dash, ideographic space
  EXPECT_FALSE(n.Normalize("\xe2\x80\x8b", &out));  // zero-width space (ignorable)
  EXPECT_EQ(out, "");
}

TEST(NormalizeTest, TrailingCarriageReturnIgnored) {
  EXPECT_EQ(Norm("Home | About\r"), Norm("Home | About"));
  EXPECT_EQ(Norm("Caf\xc3\xa9\r"), Norm("Caf\xc3\xa9"));
}

TEST(NormalizeTest, DigitRunsAndClockTimes) {
  EXPECT_EQ(Norm("Last Updated : GMT 06:49:16"), Norm("Last updated: GMT 18:05:02"));
  EXPECT_EQ(Norm("Last Updated : GMT 06:49:16"), "last updated gmt 0 0 0");
  EXPECT_EQ(Norm("Comments (12)"), Norm("Comments (3)"));
  EXPECT_EQ(Norm("Comments (12)"), "comments 0");
}

TEST(NormalizeTest, DatesFold) {
  EXPECT_EQ(Norm("GMT 18:05 2018 Friday ,07 September"),
            Norm("GMT 09:11 2019 Monday ,21 March"));
  EXPECT_EQ(Norm("GMT 18:05 2018 Friday ,07 September"), "gmt 0 0 0 <d> 0 <m>");
  EXPECT_EQ(Norm("Sun, 5 May 2019 10:30 PM"), "<d> 0 <m> 0 0 0");
  EXPECT_EQ(Norm("Sun, 5 May 2019 10:30 PM"), Norm("Thu, 12 Dec 2020 22:01"));
  EXPECT_EQ(Norm("May 2019"), "<m> 0");
  EXPECT_EQ(Norm("Sat Jan 3"), "<d> <m> 0");
  EXPECT_EQ(Norm("1st March"), Norm("23rd July"));
  EXPECT_EQ(Norm("at 5pm"), "at 0");
  EXPECT_EQ(Norm("10:30 a.m."), "0 0");
  EXPECT_EQ(Norm("Posted on Wednesday"), "posted on <d>");
}

TEST(NormalizeTest, RelativeTimesFold) {
  EXPECT_EQ(Norm("Posted 3 hours ago"), Norm("Posted 25 minutes ago"));
  EXPECT_EQ(Norm("Posted 3 hours ago"), "posted <ago>");
  EXPECT_EQ(Norm("Posted an hour ago"), "posted <ago>");
  EXPECT_EQ(Norm("Posted 1 day ago"), "posted <ago>");
  EXPECT_EQ(Norm("updated 5h ago"), "updated <ago>");
  EXPECT_EQ(Norm("updated 10 mins ago"), "updated <ago>");
  EXPECT_EQ(Norm("Posted yesterday"), "posted <ago>");
  EXPECT_EQ(Norm("Posted today"), "posted <ago>");
  EXPECT_EQ(Norm("Posted just now"), "posted <ago>");
  // "ago" without a time before it stays.
  EXPECT_EQ(Norm("long ago"), "long ago");
}

TEST(NormalizeTest, CommonWordsAreNotDates) {
  EXPECT_EQ(Norm("The sun rose"), "the sun rose");
  EXPECT_EQ(Norm("you may go"), "you may go");
  EXPECT_EQ(Norm("I am here"), "i am here");
  EXPECT_EQ(Norm("Wed and sat down"), "wed and sat down");
  EXPECT_EQ(Norm("a man"), "a man");
  EXPECT_EQ(Norm("just now and then"), "<ago> and then");
}

TEST(NormalizeTest, DateFoldingCanBeTurnedOff) {
  EXPECT_EQ(Norm("GMT 18:05 Friday ,07 September", false), "gmt 0 0 friday 0 september");
  EXPECT_EQ(Norm("Posted 3 hours ago", false), "posted 0 hours ago");
  EXPECT_NE(Norm("Friday", false), Norm("Monday", false));
}

TEST(NormalizeTest, UnicodeCaseFolding) {
  EXPECT_EQ(Norm("\xc3\x89" "COLE"), Norm("\xc3\xa9" "cole"));           // ÉCOLE / école
  EXPECT_EQ(Norm("\xc3\xa9" "cole"), "\xc3\xa9" "cole");
  EXPECT_EQ(Norm("e\xcc\x81" "cole"), "\xc3\xa9" "cole");                // combining acute composes
  EXPECT_EQ(Norm("Stra\xc3\x9f" "e"), Norm("STRASSE"));                  // Straße
  EXPECT_EQ(Norm("\xce\xa3\xce\x99\xce\xa3\xce\xa5\xce\xa6"), Norm("\xcf\x83\xce\xb9\xcf\x83\xcf\x85\xcf\x86"));  // Greek
}

TEST(NormalizeTest, UnicodeCompatibility) {
  EXPECT_EQ(Norm("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3"), "abc");  // fullwidth ＡＢＣ
  EXPECT_EQ(Norm("\xef\xac\x81" "le"), "file");                    // ﬁ ligature
  EXPECT_EQ(Norm("\xef\xbc\x91\xef\xbc\x92"), "0");                 // fullwidth digits
  EXPECT_EQ(Norm("x\xc2\xb2"), "x0");                               // superscript two
  EXPECT_EQ(Norm("soft\xc2\xad" "hyphen"), "softhyphen");           // soft hyphen ignored
}

TEST(NormalizeTest, UnicodeDigitsAndSeparators) {
  // Arabic-Indic digits.
  EXPECT_EQ(Norm("\xd9\xa1\xd9\xa2\xd9\xa3"), "0");
  EXPECT_EQ(Norm("page \xd9\xa1\xd9\xa2"), Norm("page 7"));
  // Devanagari digits.
  EXPECT_EQ(Norm("\xe0\xa5\xa7\xe0\xa5\xa8"), "0");
  // Guillemets, em dash, no-break space, CJK full stop separate words.
  EXPECT_EQ(Norm("\xc2\xab" "a\xe2\x80\x94" "b\xc2\xa0" "c\xe3\x80\x82\xc2\xbb"), "a b c");
  // Symbols: euro sign, copyright.
  EXPECT_EQ(Norm("\xc2\xa9 2024 \xe2\x82\xac" "5"), "0 0");
  // Letters of other scripts are copied.
  EXPECT_EQ(Norm("\xe4\xb8\xad\xe6\x96\x87 \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"),
            "\xe4\xb8\xad\xe6\x96\x87 \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
}

TEST(NormalizeTest, UnicodeLinesFoldDatesToo) {
  EXPECT_EQ(Norm("\xc3\x89" "t\xc3\xa9 \xe2\x80\x94 Friday, 7 September 2018"),
            Norm("\xc3\x89" "t\xc3\xa9 \xe2\x80\x94 Monday, 21 March 2019"));
}

TEST(NormalizeTest, InvalidUtf8NeverFails) {
  LineNormalizer n;
  std::string out;
  EXPECT_TRUE(n.Normalize("caf\xe9 au lait", &out));  // Latin-1
  EXPECT_EQ(out, "caf\xe9 au lait");
  EXPECT_NE(out, Norm("caf\xc3\xa9 au lait"));
  EXPECT_NE(Norm("caf\xe9"), Norm("caf"));
  EXPECT_NE(Norm("caf\xe9"), Norm("caf\xe8"));
  // Stray continuation bytes, truncated sequences, surrogates, overlongs.
  for (std::string_view bad : {std::string_view("\x80"), std::string_view("ab\xc3"),
                               std::string_view("\xed\xa0\x80 x"),
                               std::string_view("\xc0\xaf"), std::string_view("\xff\xfe"),
                               std::string_view("\xf4\x90\x80\x80")}) {
    EXPECT_TRUE(n.Normalize(bad, &out)) << bad;
  }
  // Valid text around an invalid byte is still normalised.
  EXPECT_EQ(Norm("\xc3\x89T\xc3\x89 \xff 12 Mai"), "\xc3\xa9t\xc3\xa9 \xff 0 mai");
}

TEST(NormalizeTest, EmbeddedNulIsASeparator) {
  EXPECT_EQ(Norm(std::string_view("a\0b", 3)), "a b");
}

std::string RandomAscii(std::mt19937* rng, size_t max_size) {
  static constexpr std::string_view kWords[] = {
      "may", "sun", "Sunday", "ago", "hours", "3", "12:30", "pm", "a", "m", "p",
      "Jan", "just", "now", "today", "1st", "5h", "one", "an", "the", "Friday"};
  std::uniform_int_distribution<int> byte(0, 127);
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<size_t> size(0, max_size);
  std::uniform_int_distribution<size_t> word(0, sizeof(kWords) / sizeof(kWords[0]) - 1);
  std::string s;
  const size_t n = size(*rng);
  while (s.size() < n) {
    if (pick(*rng) == 0) {
      s += kWords[word(*rng)];
      s += ' ';
    } else {
      s.push_back(static_cast<char>(byte(*rng)));
    }
  }
  return s;
}

TEST(NormalizeTest, AsciiFastPathMatchesUnicodePath) {
  std::mt19937 rng(12345);
  LineNormalizer fast;
  LineNormalizer slow;
  NormalizeOptions no_dates;
  no_dates.fold_dates = false;
  LineNormalizer fast_nd(no_dates);
  LineNormalizer slow_nd(no_dates);
  std::string a, b;
  for (int i = 0; i < 20000; ++i) {
    const std::string s = RandomAscii(&rng, i % 10 == 0 ? 300 : 80);
    const bool ra = fast.Normalize(s, &a);
    const bool rb = slow.NormalizeUnicode(s, &b);
    ASSERT_EQ(a, b) << "input: " << s;
    ASSERT_EQ(ra, rb);
    fast_nd.Normalize(s, &a);
    slow_nd.NormalizeUnicode(s, &b);
    ASSERT_EQ(a, b) << "input: " << s;
  }
  // Every single ASCII byte.
  for (int c = 0; c < 128; ++c) {
    const std::string s = std::string("x") + static_cast<char>(c) + "y";
    fast.Normalize(s, &a);
    slow.NormalizeUnicode(s, &b);
    EXPECT_EQ(a, b) << "byte " << c;
  }
}

TEST(NormalizeTest, DateWordsFoldAtAnyPosition) {
  // Words crossing the 16- and 64-byte blocks of the fast paths.
  for (size_t pad = 0; pad < 140; ++pad) {
    std::string padding;
    for (size_t i = 0; i < pad; ++i) padding += (i % 7 == 6) ? ' ' : 'x';
    const std::string line = padding + " Friday, 7 September (12 comments) 3 hours ago";
    std::string want = Norm(padding, false);
    if (!want.empty()) want += ' ';
    want += "<d> 0 <m> 0 comments <ago>";
    if (Norm(line, false).size() > kMaxFoldLength) {
      // Long lines are text: never folded (see kMaxFoldLength).
      EXPECT_EQ(Norm(line), Norm(line, false)) << pad;
    } else {
      EXPECT_EQ(Norm(line), want) << pad;
    }
    EXPECT_EQ(Norm("The sun " + padding + " may rise"), Norm("The sun " + padding + " may rise", false));
  }
}

TEST(NormalizeTest, EachDateTriggerFoldsAtAnyPosition) {
  // The date screen looks at 16 start positions at a time and at the last
  // few one by one: every trigger must be seen at every offset, the end of
  // the line included.
  for (const std::string phrase : {"3 pm", "today", "yesterday", "2 days ago", "tomorrow",
                                   "just now", "7 September 2018", "September 2018"}) {
    ASSERT_NE(Norm(phrase), Norm(phrase, false)) << phrase << " folds";
    for (size_t pad = 0; pad < 100; ++pad) {
      std::string padding;
      for (size_t i = 0; i < pad; ++i) padding += (i % 5 == 4) ? ' ' : 'q';
      const std::string line = padding + " " + phrase;
      if (Norm(line, false).size() > kMaxFoldLength) break;
      std::string want = Norm(padding, false);
      if (!want.empty()) want += ' ';
      want += Norm(phrase);
      EXPECT_EQ(Norm(line), want) << phrase << ", pad " << pad;
      // And at the start, before the padding.
      std::string want_first = Norm(phrase);
      if (!Norm(padding, false).empty()) want_first += ' ' + Norm(padding, false);
      EXPECT_EQ(Norm(phrase + " " + padding), want_first) << phrase << ", pad " << pad;
    }
  }
}

// SketchWords(), the obvious way.
WordSketch ReferenceSketch(const std::string& norm) {
  WordSketch want;
  std::vector<std::string> words;
  size_t start = 0;
  for (size_t i = 0; i <= norm.size(); ++i) {
    if (i == norm.size() || norm[i] == ' ') {
      if (i > start || i < norm.size()) words.push_back(norm.substr(start, i - start));
      start = i + 1;
    }
  }
  if (norm.empty()) words.clear();
  want.words = static_cast<uint8_t>(std::min<size_t>(words.size(), kMaxSketchWords));
  if (words.size() < 3) return want;
  want.three_words = true;
  for (const std::string& w : words) {
    if (want.hashed == 4) break;
    if (w == "0" || (!w.empty() && w[0] == '<')) continue;
    want.prefix_hash[want.hashed++] = WordPrefixHash(w);
  }
  return want;
}

TEST(NormalizeTest, SketchWordsMatchesReference) {
  const std::vector<std::string> vocab = {"a", "0", "<d>", "<m>", "to", "news", "river",
                                          "bridges", "governments", "x0y", "it's"};
  std::mt19937 rng(9);
  for (int round = 0; round < 3000; ++round) {
    std::string norm;
    const size_t target = rng() % 200;
    while (norm.size() < target) {
      if (!norm.empty()) norm += ' ';
      norm += vocab[rng() % vocab.size()];
    }
    if (round % 10 == 0 && norm.size() > 4) norm[norm.size() / 2] = ' ';  // an empty word, maybe
    const WordSketch got = SketchWords(norm);
    const WordSketch want = ReferenceSketch(norm);
    ASSERT_EQ(got.words, want.words) << norm;
    ASSERT_EQ(got.three_words, want.three_words) << norm;
    ASSERT_EQ(got.hashed, want.hashed) << norm;
    for (int h = 0; h < 4; ++h) ASSERT_EQ(got.prefix_hash[h], want.prefix_hash[h]) << norm;
  }
}

// The normal form without date folding, the obvious way: utf8proc_map on the
// whole line, then one pass over its code points.
std::string ReferenceNormalize(std::string_view line) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(line.data()),
      static_cast<utf8proc_ssize_t>(line.size()), &mapped,
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                     UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
  if (n < 0) return "<invalid>";
  std::string out;
  bool pending = false, digits = false;
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    const utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
    const auto cat = utf8proc_category(cp);
    if ((cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_ZP) ||
        cat == UTF8PROC_CATEGORY_CC) {
      pending = !out.empty();
      digits = false;
    } else {
      if (pending) out.push_back(' ');
      pending = false;
      if (cat == UTF8PROC_CATEGORY_ND) {
        if (!digits) out.push_back('0');
        digits = true;
      } else {
        out.append(reinterpret_cast<const char*>(mapped + i), static_cast<size_t>(len));
        digits = false;
      }
    }
    i += len;
  }
  std::free(mapped);
  return out;
}

TEST(NormalizeTest, UnicodePathMatchesWholeLineUtf8procReference) {
  static constexpr std::string_view kPieces[] = {
      "a", "E", "e", "z", " ", ".", "1", "\xcc\x81", "\xcc\xa3", "\xcc\x88",  // combining marks
      "\xc3\xa9", "\xc3\x89", "\xc3\x9f", "\xef\xac\x81", "\xef\xbc\xa1", "\xd9\xa3",
      "\xe2\x80\x94", "\xc2\xa0", "\xc2\xad", "\xe1\x84\x80", "\xe1\x85\xa1",  // Hangul jamo
      "\xe4\xb8\xad", "\xce\xa3", "\xe2\x84\xab", "\xe2\x91\xa0", "\xf0\x9f\x98\x80"};
  std::mt19937 rng(7);
  std::uniform_int_distribution<size_t> pick(0, sizeof(kPieces) / sizeof(kPieces[0]) - 1);
  std::uniform_int_distribution<int> size(0, 30);
  NormalizeOptions options;
  options.fold_dates = false;
  LineNormalizer n(options);
  std::string out;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (int k = size(rng); k > 0; --k) s += kPieces[pick(rng)];
    n.Normalize(s, &out);
    ASSERT_EQ(out, ReferenceNormalize(s)) << "input: " << s;
  }
}

TEST(NormalizeTest, ReusedNormalizerGivesSameResults) {
  LineNormalizer n;
  std::string out;
  const std::string lines[] = {"Friday, 7 September", "\xc3\x89" "COLE", "x", "",
                               "Posted 3 hours ago", "caf\xe9", "The sun rose"};
  for (int round = 0; round < 3; ++round) {
    for (const std::string& line : lines) {
      n.Normalize(line, &out);
      EXPECT_EQ(out, Norm(line)) << line;
    }
  }
}

}  // namespace
}  // namespace dechrome
