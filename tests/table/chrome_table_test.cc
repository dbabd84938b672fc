#include "dechrome/table.h"

#include <random>

#include "gtest/gtest.h"
#include "hash/line_hash.h"
#include "policy/decider.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

ChromeTable MakeTable(uint32_t seed, size_t n) {
  std::mt19937_64 rng(seed);
  std::vector<ChromeTable::Site> sites = {{"a.com", 100}, {"b.org", 10}, {"c.net", 2}};
  std::vector<ChromeTable::Entry> entries;
  for (size_t i = 0; i < n; ++i)
    entries.push_back({rng(), rng() % 50, static_cast<uint32_t>(rng() % 100 + 1),
                       static_cast<uint32_t>(rng() % 3)});
  std::sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.key < b.key; });
  PolicyOptions p;
  p.min_count = 4;
  p.min_fraction = 0.125;
  return ChromeTable(sites, entries, p, true);
}

TEST(ChromeTableTest, SaveLoadRoundTrip) {
  testing::TempDir tmp;
  ChromeTable t = MakeTable(1, 1000);
  ASSERT_TRUE(t.Save(tmp.File("t.dct")).ok());
  auto loaded = ChromeTable::Load(tmp.File("t.dct"));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->Serialize(), t.Serialize());
  EXPECT_EQ(loaded->sites().size(), 3u);
  EXPECT_EQ(loaded->entries().size(), 1000u);
  EXPECT_EQ(loaded->policy().min_count, 4u);
  EXPECT_DOUBLE_EQ(loaded->policy().min_fraction, 0.125);
  const ChromeTable::Entry& e = t.entries()[123];
  ASSERT_NE(loaded->Find(e.key), nullptr);
  EXPECT_EQ(loaded->Find(e.key)->count, e.count);
  EXPECT_EQ(loaded->FindSite("b.org"), 1);
  EXPECT_EQ(loaded->FindSite("zzz"), -1);
}

TEST(ChromeTableTest, CorruptAndForeignFilesAreRefused) {
  std::string bytes = MakeTable(2, 100).Serialize();
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  auto s1 = ChromeTable::Deserialize(flipped, "x.dct");
  ASSERT_FALSE(s1.ok());
  EXPECT_NE(s1.status().message().find("checksum"), std::string::npos);
  EXPECT_NE(s1.status().message().find("x.dct"), std::string::npos);
  auto s2 = ChromeTable::Deserialize("{\"not\": \"a table\"}\n", "y.json");
  ASSERT_FALSE(s2.ok());
  EXPECT_NE(s2.status().message().find("not a dechrome table"), std::string::npos);
  auto s3 = ChromeTable::Deserialize(bytes.substr(0, bytes.size() - 30), "z.dct");
  EXPECT_FALSE(s3.ok());
  std::string future = bytes;
  future[8] = 9;  // version 9
  auto s4 = ChromeTable::Deserialize(future, "f.dct");
  ASSERT_FALSE(s4.ok());
  EXPECT_NE(s4.status().message().find("version"), std::string::npos);
  EXPECT_FALSE(ChromeTable::Load("/nonexistent/t.dct").ok());
}

// Rewrites a serialised table as format version `version` (fixing the
// checksum).
std::string AsVersion(std::string bytes, uint32_t version) {
  for (int i = 0; i < 4; ++i) bytes[8 + i] = static_cast<char>((version >> (8 * i)) & 0xff);
  const uint64_t sum = Checksum64(bytes.data(), bytes.size() - 8);
  for (int i = 0; i < 8; ++i) bytes[bytes.size() - 8 + i] = static_cast<char>((sum >> (8 * i)) & 0xff);
  return bytes;
}

// A table with a flag bit this build does not know (a newer build's rule)
// is refused, not read with the rule silently off.
TEST(ChromeTableTest, UnknownFlagBitsAreRefused) {
  std::string bytes = MakeTable(2, 100).Serialize();
  bytes[14] = static_cast<char>(bytes[14] | 0x40);  // flag bit 22 (bits 0-21 are known)
  auto t = ChromeTable::Deserialize(AsVersion(bytes, 2), "new.dct");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("new.dct: uses options this build does not know"), std::string::npos)
      << t.status();
}

// Merging a table without headline counts (an older build's) turns
// other-headline off: its counts would cover part of the data only.
TEST(ChromeTableTest, MergeKeepsOtherHeadlineOnlyIfBothHaveIt) {
  PolicyOptions on, off;
  off.other_headline = false;
  ChromeTable a({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true);
  ChromeTable b({{"b.org", 3}}, {{20, 2, 3, 0}}, off, true);
  ChromeTable c({{"c.net", 3}}, {{30, 3, 3, 0}}, on, true);
  ASSERT_TRUE(a.Merge(c).ok());
  EXPECT_TRUE(a.policy().other_headline);
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_FALSE(a.policy().other_headline);
}

// Element paths are counted only with page_structure, and near-duplicates
// collapsed only with collapse_near_duplicates: merged, both must have it.
TEST(ChromeTableTest, MergeKeepsPageStructureAndCollapseOnlyIfBothHaveThem) {
  PolicyOptions on, no_paths, no_collapse;
  no_paths.page_structure = false;
  no_collapse.collapse_near_duplicates = false;
  ChromeTable a({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true);
  ChromeTable b({{"b.org", 3}}, {{20, 2, 3, 0}}, no_paths, true);
  ChromeTable c({{"c.net", 3}}, {{30, 3, 3, 0}}, no_collapse, true);
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_FALSE(a.policy().page_structure);
  EXPECT_TRUE(a.policy().collapse_near_duplicates);
  ASSERT_TRUE(a.Merge(c).ok());
  EXPECT_FALSE(a.policy().collapse_near_duplicates);
}

// Flag bit 10: pass 1 counted template keys ("templated"). A table
// without it (an older build's, or counted with the rule off) reads with the
// rule off; merging with such a table turns it off.
TEST(ChromeTableTest, TemplatedIsReadFromBitTen) {
  PolicyOptions on, off;
  off.templated = false;
  ChromeTable a({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true);
  ChromeTable b({{"b.org", 3}}, {{20, 2, 3, 0}}, off, true);
  auto ra = ChromeTable::Deserialize(a.Serialize(), "a.dct");
  ASSERT_TRUE(ra.ok()) << ra.status();
  EXPECT_TRUE(ra->policy().templated);
  auto rb = ChromeTable::Deserialize(b.Serialize(), "b.dct");
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_FALSE(rb->policy().templated);
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_FALSE(a.policy().templated);
}

// Flag bit 11: protect_interview. A table without it (an older build's, or
// written with the rule off) reads with the rule off.
TEST(ChromeTableTest, ProtectInterviewIsReadFromBitEleven) {
  PolicyOptions on, off;
  off.protect_interview = false;
  ASSERT_TRUE(on.protect_interview);
  const std::string with = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true).Serialize();
  const std::string without = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, off, true).Serialize();
  EXPECT_EQ(static_cast<unsigned char>(with[13]) & 0x08, 0x08);  // bit 11
  EXPECT_EQ(static_cast<unsigned char>(without[13]) & 0x08, 0);
  auto ra = ChromeTable::Deserialize(with, "a.dct");
  ASSERT_TRUE(ra.ok()) << ra.status();
  EXPECT_TRUE(ra->policy().protect_interview);
  auto rb = ChromeTable::Deserialize(without, "b.dct");
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_FALSE(rb->policy().protect_interview);
}

// Flag bit 12: headline_list (with bit 9, headline keys counted). A table
// without it reads with the rule off; merging with such a table turns it
// off.
TEST(ChromeTableTest, HeadlineListIsReadFromBitTwelve) {
  PolicyOptions on, off;
  off.headline_list = false;
  ASSERT_TRUE(on.headline_list);
  ChromeTable a({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true);
  ChromeTable b({{"b.org", 3}}, {{20, 2, 3, 0}}, off, true);
  const std::string with = a.Serialize(), without = b.Serialize();
  EXPECT_EQ(static_cast<unsigned char>(with[13]) & 0x10, 0x10);  // bit 12
  EXPECT_EQ(static_cast<unsigned char>(without[13]) & 0x10, 0);
  auto ra = ChromeTable::Deserialize(with, "a.dct");
  ASSERT_TRUE(ra.ok()) << ra.status();
  EXPECT_TRUE(ra->policy().headline_list);
  auto rb = ChromeTable::Deserialize(without, "b.dct");
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_FALSE(rb->policy().headline_list);
  ASSERT_TRUE(a.Merge(b).ok());
  EXPECT_FALSE(a.policy().headline_list);
}

// Flag bits 13-15: the HTML rules article_head, page_date and own_story,
// stored as "off" bits, so that a table of an older build (bits clear)
// reads with them on; each one survives the round trip alone.
TEST(ChromeTableTest, HtmlHeadRulesAreReadFromOffBits) {
  PolicyOptions on;
  auto r = ChromeTable::Deserialize(ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true).Serialize(), "a.dct");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->policy().article_head);
  EXPECT_TRUE(r->policy().page_date);
  EXPECT_TRUE(r->policy().own_story);
  for (int off = 0; off < 3; ++off) {
    PolicyOptions p;
    if (off == 0) p.article_head = false;
    if (off == 1) p.page_date = false;
    if (off == 2) p.own_story = false;
    auto t = ChromeTable::Deserialize(ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, p, true).Serialize(), "t.dct");
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->policy().article_head, off != 0) << off;
    EXPECT_EQ(t->policy().page_date, off != 1) << off;
    EXPECT_EQ(t->policy().own_story, off != 2) << off;
  }
}

// Flag bits 16 and 17: protect_dateline and comment_region. A table
// without them (an older build's) reads with both rules off; each bit reads
// back as written.
TEST(ChromeTableTest, DatelineAndCommentRegionAreReadFromBitsSixteenAndSeventeen) {
  PolicyOptions both, neither;
  both.protect_dateline = true;
  both.comment_region = true;
  neither.protect_dateline = false;
  neither.comment_region = false;
  const std::string with = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, both, true).Serialize();
  const std::string without = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, neither, true).Serialize();
  EXPECT_EQ(static_cast<unsigned char>(with[14]) & 0x03, 0x03);  // bits 16, 17
  EXPECT_EQ(static_cast<unsigned char>(without[14]) & 0x03, 0);
  auto ra = ChromeTable::Deserialize(with, "a.dct");
  ASSERT_TRUE(ra.ok()) << ra.status();
  EXPECT_TRUE(ra->policy().protect_dateline);
  EXPECT_TRUE(ra->policy().comment_region);
  auto rb = ChromeTable::Deserialize(without, "b.dct");
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_FALSE(rb->policy().protect_dateline);
  EXPECT_FALSE(rb->policy().comment_region);
  // The defaults: dateline on, comment-region off.
  auto rd = ChromeTable::Deserialize(ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, PolicyOptions(), true).Serialize(),
                                     "d.dct");
  ASSERT_TRUE(rd.ok()) << rd.status();
  EXPECT_TRUE(rd->policy().protect_dateline);
  EXPECT_FALSE(rd->policy().comment_region);
}

// Flag bits 18 (signed_comments), 20 (dated_bylines) and 21
// (headline_tail): each on by default; a table without its bit (an older
// build's, which had no such rule) reads with it off; each reads back as
// written. (Bits 16-23 are byte 14 of the file.)
TEST(ChromeTableTest, CommentRuleFlagsAreReadFromTheirBits) {
  const struct {
    bool PolicyOptions::*rule;
    unsigned char mask;
  } kBits[] = {{&PolicyOptions::signed_comments, 0x04},
               {&PolicyOptions::dated_bylines, 0x10},
               {&PolicyOptions::headline_tail, 0x20}};
  for (const auto& bit : kBits) {
    PolicyOptions on, off;
    off.*bit.rule = false;
    ASSERT_TRUE(on.*bit.rule);  // the default
    const std::string with = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true).Serialize();
    const std::string without = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, off, true).Serialize();
    EXPECT_EQ(static_cast<unsigned char>(with[14]) & bit.mask, bit.mask) << int{bit.mask};
    EXPECT_EQ(static_cast<unsigned char>(without[14]) & bit.mask, 0) << int{bit.mask};
    auto ra = ChromeTable::Deserialize(with, "a.dct");
    ASSERT_TRUE(ra.ok()) << ra.status();
    EXPECT_TRUE(ra->policy().*bit.rule) << int{bit.mask};
    auto rb = ChromeTable::Deserialize(without, "b.dct");
    ASSERT_TRUE(rb.ok()) << rb.status();
    EXPECT_FALSE(rb->policy().*bit.rule) << int{bit.mask};
  }
}

// Flag bit 19: own_text_apart (near-duplicates counted with it), on by
// default. A table without it (an older build's) reads with it off, and so
// does one counted with no near-duplicate collapse; merged, both must have it.
TEST(ChromeTableTest, OwnTextApartIsReadFromBitNineteen) {
  PolicyOptions on, off, no_collapse;
  off.own_text_apart = false;
  no_collapse.collapse_near_duplicates = false;
  ASSERT_TRUE(on.own_text_apart);  // the default
  const std::string with = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, on, true).Serialize();
  const std::string without = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, off, true).Serialize();
  const std::string uncollapsed = ChromeTable({{"a.com", 5}}, {{10, 1, 2, 0}}, no_collapse, true).Serialize();
  EXPECT_EQ(static_cast<unsigned char>(with[14]) & 0x08, 0x08);  // bit 19
  EXPECT_EQ(static_cast<unsigned char>(without[14]) & 0x08, 0);
  EXPECT_EQ(static_cast<unsigned char>(uncollapsed[14]) & 0x08, 0);
  auto ra = ChromeTable::Deserialize(with, "a.dct");
  ASSERT_TRUE(ra.ok()) << ra.status();
  EXPECT_TRUE(ra->policy().own_text_apart);
  auto rb = ChromeTable::Deserialize(without, "b.dct");
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_FALSE(rb->policy().own_text_apart);
  ASSERT_TRUE(ra->Merge(*rb).ok());
  EXPECT_FALSE(ra->policy().own_text_apart);
}

// Version 1 tables (before IDN hosts were named in ASCII) are read, unless
// a site name is in a form that this build no longer gives: their keys
// would silently match nothing, so the table is refused with a clear way on.
TEST(ChromeTableTest, VersionOneTablesAreReadUnlessTheyNameIdnSitesTheOldWay) {
  const std::string v2 = MakeTable(2, 100).Serialize();
  ASSERT_EQ(v2[8], 2);
  auto ascii = ChromeTable::Deserialize(AsVersion(v2, 1), "old.dct");
  ASSERT_TRUE(ascii.ok()) << ascii.status();
  EXPECT_EQ(ascii->Serialize(), v2);  // written again as version 2

  for (std::string site : {"b\xC3\xBC" "cher.de", "[::1]", "a%62c.org"}) {
    SCOPED_TRACE(site);
    ChromeTable idn({{site, 3}}, {{10, 1, 2, 0}}, PolicyOptions(), true);
    const std::string bytes = idn.Serialize();
    EXPECT_TRUE(ChromeTable::Deserialize(bytes, "new.dct").ok());
    auto old = ChromeTable::Deserialize(AsVersion(bytes, 1), "old.dct");
    ASSERT_FALSE(old.ok());
    EXPECT_NE(old.status().message().find("old.dct: made by an earlier dechrome"), std::string::npos)
        << old.status();
    EXPECT_NE(old.status().message().find("dechrome count"), std::string::npos);
  }
}

TEST(ChromeTableTest, MergeOfDisjointHalvesEqualsWhole) {
  std::vector<ChromeTable::Site> sites_a = {{"a.com", 5}, {"b.org", 3}};
  std::vector<ChromeTable::Site> sites_b = {{"b.org", 4}, {"c.net", 7}};
  std::vector<ChromeTable::Entry> ea = {{10, 1, 2, 0}, {20, 2, 3, 1}};
  std::vector<ChromeTable::Entry> eb = {{20, 2, 4, 0}, {30, 3, 1, 1}};
  ChromeTable a(sites_a, ea, PolicyOptions(), true);
  ChromeTable b(sites_b, eb, PolicyOptions(), true);
  ASSERT_TRUE(a.Merge(b).ok());
  ASSERT_EQ(a.sites().size(), 3u);
  EXPECT_EQ(a.sites()[1].name, "b.org");
  EXPECT_EQ(a.sites()[1].documents, 7u);
  ASSERT_EQ(a.entries().size(), 3u);
  EXPECT_EQ(a.Find(20)->count, 7u);
  EXPECT_EQ(a.Find(20)->site, 1u);
  EXPECT_EQ(a.Find(30)->site, 2u);
  ChromeTable host(sites_b, eb, PolicyOptions(), false);
  EXPECT_FALSE(a.Merge(host).ok());
}

TEST(ChromeDeciderTest, ThresholdsAndRules) {
  PolicyOptions p;
  p.min_count = 3;
  p.min_fraction = 0.1;
  p.min_site_docs = 3;
  p.min_sites = 2;
  p.cross_site_min_length = 5;
  p.long_line_length = 30;
  p.long_min_count = 12;
  std::vector<ChromeTable::Site> sites = {{"big.com", 100}, {"mid.com", 10}, {"tiny.com", 2}};
  std::vector<ChromeTable::Entry> entries = {
      {1, 100, 10, 0},  // big.com: 10 >= max(3, 10): chrome
      {2, 101, 9, 0},   // 9 < 10: kept
      {3, 102, 3, 1},   // mid.com: 3 >= max(3, 1): chrome
      {4, 103, 2, 2},   // tiny.com: too small
      {5, 200, 1, 0},   // global 200 on two sites: cross-site
      {6, 200, 1, 1},
  };
  ChromeTable t(sites, entries, p, true);
  ChromeDecider d(t);
  EXPECT_EQ(d.Threshold(0), 10u);
  EXPECT_EQ(d.Threshold(1), 3u);
  EXPECT_EQ(d.Threshold(2), UINT32_MAX);
  EXPECT_TRUE(d.IsChrome(0, 1, 100, 20));
  EXPECT_FALSE(d.IsChrome(0, 2, 101, 20));
  EXPECT_TRUE(d.IsChrome(1, 3, 102, 20));
  EXPECT_FALSE(d.IsChrome(2, 4, 103, 20));
  EXPECT_TRUE(d.IsChrome(0, 5, 200, 20));
  EXPECT_FALSE(d.IsChrome(0, 5, 200, 4));  // too short for the cross-site rule
  // Long lines need long_min_count on big.com: 12 > 10.
  EXPECT_EQ(d.Threshold(0, 40), 12u);
  EXPECT_FALSE(d.IsChrome(0, 1, 100, 40));
  EXPECT_EQ(d.Threshold(1, 40), 12u);
  EXPECT_FALSE(d.IsChrome(-1, 1, 100, 20));  // no site: only the cross-site rule
  EXPECT_TRUE(d.IsChrome(-1, 5, 200, 20));
  Verdict v = d.Explain(0, 1, 100, 20);
  EXPECT_TRUE(v.chrome);
  EXPECT_STREQ(v.rule, "site");
  EXPECT_EQ(v.count, 10u);
  EXPECT_EQ(v.threshold, 10u);
  v = d.Explain(0, 5, 200, 20);
  EXPECT_STREQ(v.rule, "cross-site");
  EXPECT_EQ(v.sites, 2u);
  v = d.Explain(2, 4, 103, 20);
  EXPECT_FALSE(v.chrome);
  EXPECT_STREQ(v.rule, "small-site");
}

}  // namespace
}  // namespace dechrome
