// DocumentHasher::Hash() normalises a document's lines into one buffer
// (LineNormalizer::NormalizeInto()); it must give each line exactly what
// hashing the line alone gives (HashLine(), LineNormalizer::Normalize()).

#include "hash/line_keys.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "hash/line_hash.h"
#include "record/record.h"
#include "text/normalize.h"

namespace dechrome {
namespace {

// A record whose text is `lines` joined with '\n'.
ParsedRecord MakeRecord(const std::vector<std::string>& lines) {
  ParsedRecord r;
  r.kind = ParsedRecord::Kind::kDocument;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) r.scratch.push_back('\n');
    Line l;
    l.text_begin = l.raw_begin = static_cast<uint32_t>(r.scratch.size());
    r.scratch += lines[i];
    l.text_end = l.raw_end = static_cast<uint32_t>(r.scratch.size());
    r.lines.push_back(l);
  }
  r.text = r.scratch;
  return r;
}

void ExpectSameAsLineByLine(const std::vector<std::string>& lines, bool fold_dates, uint64_t seed,
                            DocumentHasher* hasher) {
  const ParsedRecord record = MakeRecord(lines);
  std::vector<LineKeys> keys(3);  // stale entries: Hash() must reset them
  keys[0].blank = false;
  keys[0].key = 1;
  hasher->Hash(record, seed, &keys);
  ASSERT_EQ(keys.size(), lines.size());
  DocumentHasher alone(fold_dates);
  LineNormalizer normalizer([&] {
    NormalizeOptions o;
    o.fold_dates = fold_dates;
    return o;
  }());
  for (size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i) + ": " + lines[i]);
    const LineKeys want = alone.HashLine(lines[i], seed);
    std::string norm;
    const bool nonblank = normalizer.Normalize(lines[i], &norm);
    EXPECT_EQ(keys[i].blank, want.blank);
    EXPECT_EQ(keys[i].blank, !nonblank);
    EXPECT_EQ(keys[i].key, want.key);
    EXPECT_EQ(keys[i].global, want.global);
    EXPECT_EQ(keys[i].norm_length, want.norm_length);
    EXPECT_EQ(keys[i].normalized, norm);
    if (nonblank) {
      EXPECT_EQ(keys[i].global, GlobalLineKey(norm));
      EXPECT_EQ(keys[i].key, SiteLineKey(GlobalLineKey(norm), seed));
    }
  }
}

TEST(DocumentHasherTest, HashGivesWhatEachLineAloneGives) {
  const std::vector<std::string> lines = {
      "Home | News | Sport",
      "",
      "   ",
      "--- * ---",
      "Posted 3 hours ago by Jane",
      "Monday, 5 May 2019 07:30 PM",
      "Read more: https://example.com/a/b?c=1 now",
      "https://example.com/only-a-url",
      "Stra\xc3\x9f" "e \xc3\x9c" "BER Caf\xc3\xa9 e\xcc\x81",          // ß, Ü, é, e + U+0301
      "\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xbe\xd1\x81\xd1\x82\xd0\xb8 2024",  // Новости 2024
      "\xe6\x96\xb0\xe9\x97\xbb\xe3\x80\x81\xe4\xbd\x93\xe8\x82\xb2",  // 新闻、体育
      "\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba\xef\xb7\xba",              // U+FDFA x4: grows 11-fold
      "\xe2\x80\x9cQuoted\xe2\x80\x9d \xe2\x80\x94 dash \xf0\x9f\x98\x80",
      "trailing cr\r",
      "\xff\xfe invalid bytes",
      std::string(500, 'a') + " " + std::string(300, 'B'),
  };
  for (bool fold_dates : {true, false}) {
    DocumentHasher hasher(fold_dates);
    ExpectSameAsLineByLine(lines, fold_dates, SiteSeed("example.com"), &hasher);
    // Again with the same hasher: a shorter document over the longer one's
    // buffer, then the first again.
    ExpectSameAsLineByLine({"Home", "\xef\xb7\xba", "", "Sport 7th"}, fold_dates, SiteSeed("b.example"),
                           &hasher);
    ExpectSameAsLineByLine(lines, fold_dates, SiteSeed("example.com"), &hasher);
    ExpectSameAsLineByLine({}, fold_dates, 0, &hasher);
  }
}

TEST(DocumentHasherTest, RandomDocumentsMatchLineByLine) {
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {
      "a", "Menu", " ", "  ", "|", "3", "2019", "ago", "hours", "\xc3\xa9", "e\xcc\x81", "\xd0\x96",
      "\xe4\xb8\xad", "\xef\xb7\xba", "\xe2\x80\x94", "http://x.y/z", "\xf0\x9f\x98\x80", "\x80", "May",
      "Mon", "\r"};
  DocumentHasher hasher(true);
  for (int doc = 0; doc < 300; ++doc) {
    std::vector<std::string> lines(rng() % 40);
    for (std::string& line : lines) {
      const size_t n = rng() % 30;
      for (size_t i = 0; i < n; ++i) line += pieces[rng() % pieces.size()];
    }
    ExpectSameAsLineByLine(lines, true, rng(), &hasher);
    if (HasFailure()) return;
  }
}

// NormalForm() keeps each line's form for the rest of the document: asked
// again, the same view; the next document's line at the same index gets its
// own form, also when that document has more lines, and also when its
// line has the key of an earlier document's line (the cache by key).
TEST(DocumentHasherTest, NormalFormPerDocumentAndLine) {
  DocumentHasher hasher(/*fold_dates=*/true);
  DocumentHasher reference(/*fold_dates=*/true);
  const std::vector<std::vector<std::string>> docs = {
      {"Bridge Vote Today", "The council voted 5-2.", "Home"},
      {"Other Story", "Home"},
      {"Third Story Here", "The council voted 5-2.", "More news", "Bridge Vote Today", "Contact us"}};
  for (const std::vector<std::string>& lines : docs) {
    const ParsedRecord record = MakeRecord(lines);
    std::vector<LineKeys> keys;
    reference.Hash(record, 7, &keys);
    for (LineKeys& k : keys) {
      k.counted = true;
      k.normalized = std::string_view();
    }
    hasher.UseKeys(&keys);
    std::vector<std::string_view> first(lines.size());
    for (size_t round = 0; round < 2; ++round) {
      for (size_t i = lines.size(); i-- > 0;) {
        const std::string_view form = hasher.NormalForm(record, i);
        std::string want;
        LineNormalizer([] {
          NormalizeOptions o;
          o.fold_dates = true;
          return o;
        }()).Normalize(lines[i], &want);
        EXPECT_EQ(form, want) << lines[i];
        if (round == 0) first[i] = form;
        EXPECT_EQ(form.data(), first[i].data()) << lines[i];  // the same view
      }
    }
  }
}

}  // namespace
}  // namespace dechrome
