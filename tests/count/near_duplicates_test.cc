#include "count/near_duplicates.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

// Adds a document (its keys, all "long") to the counter and the sketches.
void AddDoc(ShardedLineCounter* counter, DocumentSketches* sketches, uint32_t site,
            const std::vector<uint64_t>& keys) {
  for (uint64_t k : keys) {
    KeyedLine l(k, site, KeyKind::kLine);
    counter->AddBatch(counter->ShardOf(k), {&l, 1});
  }
  sketches->Add(site, keys, std::vector<bool>(keys.size(), true));
}

TEST(NearDuplicatesTest, CopiesOfOneArticleCountOnce) {
  ShardedLineCounter counter(2);
  std::vector<DocumentSketches> sketches(2);
  // Site 0: 20 documents sharing chrome keys 1..3; article A (keys 100..105)
  // appears as 4 copies, each copy with one chrome variant of its own.
  std::vector<uint64_t> docs_per_site = {20};
  for (int d = 0; d < 16; ++d) {
    AddDoc(&counter, &sketches[d % 2], 0, {1, 2, 3, static_cast<uint64_t>(1000 + d), static_cast<uint64_t>(2000 + d)});
  }
  for (int c = 0; c < 4; ++c) {
    AddDoc(&counter, &sketches[c % 2], 0, {1, 2, 3, 100, 101, 102, 103, 104, 105, static_cast<uint64_t>(50 + c)});
  }
  ASSERT_EQ(counter.Find(100)->count, 4u);
  uint64_t collapsed = CollapseNearDuplicates(sketches, docs_per_site, &counter);
  EXPECT_EQ(collapsed, 4u);
  for (uint64_t k = 100; k <= 105; ++k) EXPECT_EQ(counter.Find(k)->count, 1u) << k;
  // Chrome shared by the copies is lowered by 3 (20 -> 17), still common.
  EXPECT_EQ(counter.Find(1)->count, 17u);
  // Keys unique to one copy are untouched.
  EXPECT_EQ(counter.Find(50)->count, 1u);
}

TEST(NearDuplicatesTest, CopyWithoutTheOriginalsTeasersJoinsIt) {
  // A print copy has the article's 10 body lines; the original also has 4
  // long teaser lines of its own (each on it alone). 10 of the original's 14
  // is under 80%, but all of the copy's 10: they are one article.
  ShardedLineCounter counter(1);
  std::vector<DocumentSketches> sketches(1);
  std::vector<uint64_t> docs_per_site = {12};
  std::vector<uint64_t> original = {1, 2}, print = {3};
  for (uint64_t k = 0; k < 10; ++k) {
    original.push_back(100 + k);
    print.push_back(100 + k);
  }
  for (uint64_t k = 0; k < 4; ++k) original.push_back(500 + k);
  AddDoc(&counter, &sketches[0], 0, original);
  AddDoc(&counter, &sketches[0], 0, print);
  for (int d = 0; d < 10; ++d) AddDoc(&counter, &sketches[0], 0, {1, 2, static_cast<uint64_t>(300 + d)});
  ASSERT_EQ(counter.Find(100)->count, 2u);
  EXPECT_EQ(CollapseNearDuplicates(sketches, docs_per_site, &counter), 2u);
  for (uint64_t k = 100; k < 110; ++k) EXPECT_EQ(counter.Find(k)->count, 1u) << k;
  EXPECT_EQ(counter.Find(1)->count, 11u);  // chrome, common: lowered by one
}

TEST(NearDuplicatesTest, PrintCopiesJoinTheirOriginalsDespiteTheirTemplate) {
  // A site of 40 pages with two articles, each with a print copy. The two
  // print pages share their template's long line (key 900, on 2 pages: the
  // body's count), so a print copy's rarest shared line is either a body
  // line or 900; the originals carry 8 lines of a rotating list, each on 10
  // of the site's pages (uncommon, and not in the print copies). Each copy
  // must still join its own original, and the template line stay counted
  // twice (it is on two different articles' pages).
  ShardedLineCounter counter(1);
  std::vector<DocumentSketches> sketches(2);
  std::vector<uint64_t> docs_per_site = {40};
  for (int article = 0; article < 2; ++article) {
    std::vector<uint64_t> original = {1, 2}, print = {900};
    // Keys above and below 900: whichever is the smallest or largest key
    // among the rarest lines, the template line is one of them in one of
    // the two articles.
    const uint64_t base = article == 0 ? 100 : 2000;
    for (uint64_t k = 0; k < 5; ++k) original.push_back(base + k), print.push_back(base + k);
    for (uint64_t k = 0; k < 8; ++k) original.push_back(5000 + 8 * article + k);
    AddDoc(&counter, &sketches[article], 0, original);
    AddDoc(&counter, &sketches[article], 0, print);
  }
  // The rest of the site: the chrome, articles of their own, and the
  // rotating list's other pages.
  for (int d = 0; d < 36; ++d) {
    std::vector<uint64_t> doc = {1, 2};
    for (uint64_t j = 0; j < 6; ++j) doc.push_back(10000 + 10 * static_cast<uint64_t>(d) + j);
    for (uint64_t k = 0; k < 16; ++k)
      if ((static_cast<uint64_t>(d) + k) % 4 == 0) doc.push_back(5000 + k);
    AddDoc(&counter, &sketches[d % 2], 0, doc);
  }
  ASSERT_EQ(counter.Find(100)->count, 2u);
  ASSERT_EQ(counter.Find(900)->count, 2u);
  ASSERT_GE(counter.Find(5000)->count, 9u);
  EXPECT_EQ(CollapseNearDuplicates(sketches, docs_per_site, &counter), 4u);
  for (uint64_t k = 0; k < 5; ++k) {
    EXPECT_EQ(counter.Find(100 + k)->count, 1u) << k;
    EXPECT_EQ(counter.Find(2000 + k)->count, 1u) << k;
  }
  EXPECT_EQ(counter.Find(900)->count, 2u);
}

TEST(NearDuplicatesTest, TwoPostsUnderOneLargeSidebarStayApart) {
  // Two posts of a blog whose 30-line sidebar (titles of other posts, on
  // these two pages alone) is nearly all of each page's long lines: 30 of
  // 34 and 30 of 35 is over 80% of either. But each post has text of its own
  // (4 and 5 long lines on no other page): two articles, not a copy, and
  // the sidebar counts on both.
  auto run = [](uint32_t own_text_lines) {
    ShardedLineCounter counter(1);
    std::vector<DocumentSketches> sketches(1);
    std::vector<uint64_t> docs_per_site = {7};
    std::vector<uint64_t> a, b;
    for (uint64_t k = 0; k < 30; ++k) {
      a.push_back(100 + k);
      b.push_back(100 + k);
    }
    for (uint64_t k = 0; k < 4; ++k) a.push_back(500 + k);
    for (uint64_t k = 0; k < 5; ++k) b.push_back(600 + k);
    AddDoc(&counter, &sketches[0], 0, a);
    AddDoc(&counter, &sketches[0], 0, b);
    for (int d = 0; d < 5; ++d) AddDoc(&counter, &sketches[0], 0, {static_cast<uint64_t>(300 + d)});
    const uint64_t collapsed = CollapseNearDuplicates(sketches, docs_per_site, &counter, own_text_lines);
    return std::make_pair(collapsed, counter.Find(100)->count);
  };
  EXPECT_EQ(run(kOwnTextLines), std::make_pair(uint64_t{0}, 2u));
  // Without the test (--no-own-text-apart) they join and the sidebar counts once.
  EXPECT_EQ(run(0), std::make_pair(uint64_t{2}, 1u));
}

TEST(NearDuplicatesTest, CopyWithALineOrTwoOfItsOwnStillJoins) {
  // The original has 4 teasers of its own, the print copy 2 lines of its
  // own (its URL line, its print date): fewer than kOwnTextLines, a copy.
  ShardedLineCounter counter(1);
  std::vector<DocumentSketches> sketches(1);
  std::vector<uint64_t> docs_per_site = {12};
  std::vector<uint64_t> original = {1, 2}, print = {1, 2, 700, 701};
  for (uint64_t k = 0; k < 10; ++k) {
    original.push_back(100 + k);
    print.push_back(100 + k);
  }
  for (uint64_t k = 0; k < 4; ++k) original.push_back(500 + k);
  AddDoc(&counter, &sketches[0], 0, original);
  AddDoc(&counter, &sketches[0], 0, print);
  for (int d = 0; d < 10; ++d) AddDoc(&counter, &sketches[0], 0, {1, 2, static_cast<uint64_t>(300 + d)});
  ASSERT_LT(2u, kOwnTextLines);
  EXPECT_EQ(CollapseNearDuplicates(sketches, docs_per_site, &counter), 2u);
  for (uint64_t k = 100; k < 110; ++k) EXPECT_EQ(counter.Find(k)->count, 1u) << k;
}

TEST(NearDuplicatesTest, FewLinesInsideALongDocumentStayApart) {
  // A brief of 4 long lines, all of them inside a roundup of 12: the brief
  // is all inside, but that is a third of the roundup, not a copy of it.
  ShardedLineCounter counter(1);
  std::vector<DocumentSketches> sketches(1);
  std::vector<uint64_t> docs_per_site = {12};
  std::vector<uint64_t> brief, roundup;
  for (uint64_t k = 0; k < 12; ++k) roundup.push_back(100 + k);
  for (uint64_t k = 0; k < 4; ++k) brief.push_back(100 + k);
  AddDoc(&counter, &sketches[0], 0, roundup);
  AddDoc(&counter, &sketches[0], 0, brief);
  for (int d = 0; d < 10; ++d) AddDoc(&counter, &sketches[0], 0, {static_cast<uint64_t>(300 + d)});
  EXPECT_EQ(CollapseNearDuplicates(sketches, docs_per_site, &counter), 0u);
  EXPECT_EQ(counter.Find(100)->count, 2u);
}

TEST(NearDuplicatesTest, UnrelatedDocumentsSharingOneLineStayApart) {
  ShardedLineCounter counter(0);
  std::vector<DocumentSketches> sketches(1);
  std::vector<uint64_t> docs_per_site = {10};
  // Two long articles share only one quote (key 7).
  std::vector<uint64_t> a = {7}, b = {7};
  for (uint64_t k = 0; k < 10; ++k) {
    a.push_back(100 + k);
    b.push_back(200 + k);
  }
  AddDoc(&counter, &sketches[0], 0, a);
  AddDoc(&counter, &sketches[0], 0, b);
  for (int d = 0; d < 8; ++d) AddDoc(&counter, &sketches[0], 0, {static_cast<uint64_t>(300 + d)});
  EXPECT_EQ(CollapseNearDuplicates(sketches, docs_per_site, &counter), 0u);
  EXPECT_EQ(counter.Find(7)->count, 2u);
}

TEST(NearDuplicatesTest, ResultDoesNotDependOnDocumentOrder) {
  auto run = [](bool reversed) {
    ShardedLineCounter counter(1);
    std::vector<DocumentSketches> sketches(3);
    std::vector<std::vector<uint64_t>> docs;
    for (int c = 0; c < 3; ++c) docs.push_back({1, 2, 10, 11, 12, static_cast<uint64_t>(90 + c)});
    for (int c = 0; c < 2; ++c) docs.push_back({1, 3, 20, 21, 22});
    for (int d = 0; d < 10; ++d) docs.push_back({1, 2, static_cast<uint64_t>(500 + d)});
    std::vector<uint64_t> docs_per_site = {docs.size()};
    for (size_t i = 0; i < docs.size(); ++i) {
      size_t j = reversed ? docs.size() - 1 - i : i;
      AddDoc(&counter, &sketches[i % 3], 0, docs[j]);
    }
    CollapseNearDuplicates(sketches, docs_per_site, &counter);
    std::vector<std::pair<uint64_t, uint32_t>> out;
    counter.ForEachSorted([&](uint64_t k, const LineEntry& e) { out.emplace_back(k, e.count); });
    return out;
  };
  EXPECT_EQ(run(false), run(true));
}

// What an MPI rank sees after the exchange (src/mpi/): the same documents
// in other sketches objects, in another order, with the sites numbered in
// another order, some copied through Get()/Add(). The collapse must give
// the same counts per (site name, key) and the same number of documents.
TEST(NearDuplicatesTest, ResultDoesNotDependOnGroupingOrderOrSiteNumbering) {
  struct Doc {
    int site;
    std::vector<uint64_t> keys;
    std::vector<bool> is_long;
  };
  std::vector<Doc> corpus;
  std::mt19937_64 rng(7);
  for (int site = 0; site < 3; ++site) {
    const uint64_t base = 100000 * (site + 1);
    for (int article = 0; article < 6; ++article) {  // 1-3 copies each
      const int copies = 1 + article % 3;
      for (int c = 0; c < copies; ++c) {
        Doc d{site, {base + 1, base + 2, base + 3}, {true, false, true}};  // chrome
        for (uint64_t k = 0; k < 8; ++k) {
          d.keys.push_back(base + 1000 * (article + 1) + k);
          d.is_long.push_back(k != 3);
        }
        d.keys.push_back(base + 50000 + rng() % 1000000);  // a variant of its own
        d.is_long.push_back(true);
        corpus.push_back(d);
      }
    }
    for (int d = 0; d < 12; ++d) corpus.push_back(Doc{site, {base + 1, base + 2, base + 90000 + d}, {true, true, true}});
  }
  const std::vector<std::string> names = {"a.example", "b.example", "c.example"};
  // `numbering[s]`: site s's index; `ways`: how many sketches objects.
  auto run = [&](const std::vector<uint32_t>& numbering, size_t ways, uint64_t seed, bool copy) {
    std::vector<size_t> order(corpus.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
    ShardedLineCounter counter(3);
    std::vector<DocumentSketches> sketches(ways);
    std::vector<uint64_t> site_docs(names.size(), 0);
    for (size_t n = 0; n < order.size(); ++n) {
      const Doc& d = corpus[order[n]];
      const uint32_t site = numbering[d.site];
      ++site_docs[site];
      for (uint64_t k : d.keys) {
        KeyedLine l(k, site, KeyKind::kLine);
        counter.AddBatch(counter.ShardOf(k), {&l, 1});
      }
      DocumentSketches& into = sketches[n % ways];
      if (!copy) {
        into.Add(site, d.keys, d.is_long);
        continue;
      }
      DocumentSketches one;  // through Get(), as the exchange sends it
      one.Add(site, d.keys, d.is_long);
      std::vector<uint64_t> keys;
      std::vector<bool> is_long;
      const uint32_t got = one.Get(0, &keys, &is_long);
      EXPECT_EQ(got, site);
      EXPECT_EQ(keys, d.keys);
      EXPECT_EQ(is_long, d.is_long);
      into.Add(got, keys, is_long);
    }
    const uint64_t collapsed = CollapseNearDuplicates(sketches, site_docs, &counter);
    std::vector<std::tuple<std::string, uint64_t, uint32_t>> out;
    std::vector<std::string> name_of(names.size());
    for (size_t s = 0; s < names.size(); ++s) name_of[numbering[s]] = names[s];
    counter.ForEach([&](uint64_t k, const LineEntry& e) { out.emplace_back(name_of[e.site()], k, e.count); });
    std::sort(out.begin(), out.end());
    return std::make_pair(collapsed, out);
  };
  const auto reference = run({0, 1, 2}, 1, 1, false);
  EXPECT_GT(reference.first, 0u);
  EXPECT_EQ(run({2, 0, 1}, 2, 2, true), reference);
  EXPECT_EQ(run({1, 2, 0}, 3, 3, false), reference);
  EXPECT_EQ(run({0, 2, 1}, 5, 4, true), reference);
}

// Sketches spilled by site partition and brought back a run of partitions
// at a time collapse exactly as those held in memory: the same corrections
// (every key's count) and the same number of documents clustered. Many
// spills of each sketches object, a budget at collapse time that takes a
// few partitions a run, sites in every partition and beyond.
struct SpillCorpusDoc {
  uint32_t site;
  std::vector<uint64_t> keys;
  std::vector<bool> is_long;
};

std::vector<SpillCorpusDoc> SpillCorpus() {
  std::vector<SpillCorpusDoc> corpus;
  std::mt19937_64 rng(11);
  for (uint32_t site = 0; site < 700; ++site) {  // sites 256 .. 699 share partitions with others
    const uint64_t base = uint64_t{1000000} * (site + 1);
    for (int article = 0; article < 5; ++article) {
      const int copies = 1 + (site + article) % 4;
      for (int c = 0; c < copies; ++c) {
        SpillCorpusDoc d{site, {base + 1, base + 2, base + 3}, {true, false, true}};  // chrome
        for (uint64_t k = 0; k < 9; ++k) {
          d.keys.push_back(base + 1000 * (article + 1) + k);
          d.is_long.push_back(k != 4);
        }
        if (c == 3) {  // a shorter copy
          d.keys.resize(d.keys.size() - 3);
          d.is_long.resize(d.keys.size());
        }
        d.keys.push_back(base + 500000 + rng() % 100000);  // a variant of its own
        d.is_long.push_back(true);
        corpus.push_back(d);
      }
    }
    for (int d = 0; d < 6; ++d) {
      corpus.push_back(SpillCorpusDoc{site, {base + 1, base + 2, base + 900000 + static_cast<uint64_t>(d)},
                                      {true, true, true}});
    }
  }
  std::shuffle(corpus.begin(), corpus.end(), rng);
  return corpus;
}

struct Collapsed {
  uint64_t documents = 0;
  std::vector<std::pair<uint64_t, uint32_t>> counts;  // every key's
  uint64_t spill_runs = 0;
  SketchCollapseStats stats;
};

// `sketch_memory`: each sketches object's budget (0: held); `collapse_memory`:
// the collapse's.
Collapsed CollapseCorpus(const std::vector<SpillCorpusDoc>& corpus, size_t ways, uint64_t sketch_memory,
                         uint64_t collapse_memory, const std::string& dir) {
  ShardedLineCounter counter(3);
  std::vector<DocumentSketches> sketches;
  for (size_t w = 0; w < ways; ++w) sketches.emplace_back(SketchSpillOptions{sketch_memory, dir});
  std::vector<uint64_t> site_docs(700, 0);
  for (size_t n = 0; n < corpus.size(); ++n) {
    const SpillCorpusDoc& d = corpus[n];
    ++site_docs[d.site];
    for (uint64_t k : d.keys) {
      KeyedLine l(k, d.site, KeyKind::kLine);
      counter.AddBatch(counter.ShardOf(k), {&l, 1});
    }
    sketches[n % ways].Add(d.site, d.keys, d.is_long);
  }
  Collapsed out;
  for (const DocumentSketches& s : sketches) {
    EXPECT_TRUE(s.status().ok()) << s.status();
    EXPECT_EQ(s.spilled(), sketch_memory > 0);
  }
  // (Nothing spilled: as CollapseNearDuplicates().)
  absl::StatusOr<uint64_t> c =
      CollapseNearDuplicatesInParts(sketches, site_docs, &counter, collapse_memory, &out.stats);
  EXPECT_TRUE(c.ok()) << c.status();
  out.documents = c.value_or(0);
  for (const DocumentSketches& s : sketches) out.spill_runs += s.spill_runs();
  counter.ForEachSorted([&](uint64_t k, const LineEntry& e) { out.counts.emplace_back(k, e.count); });
  return out;
}

TEST(NearDuplicatesTest, SpilledSketchesCollapseAsHeldOnes) {
  const std::vector<SpillCorpusDoc> corpus = SpillCorpus();
  testing::TempDir dir;
  const Collapsed held = CollapseCorpus(corpus, 3, 0, 0, "");
  ASSERT_GT(held.documents, 1000u);
  // Held, the collapse has every document at once.
  uint64_t all_bytes = 0;
  for (const SpillCorpusDoc& d : corpus) all_bytes += 16 + 9 * d.keys.size();
  EXPECT_EQ(held.stats.runs, 0u);
  EXPECT_EQ(held.stats.bytes_peak, all_bytes);
  // 32 KiB an object: dozens of spills; 64 KiB at collapse time: a few
  // partitions a run.
  for (size_t ways : {1, 3}) {
    SCOPED_TRACE(ways);
    const Collapsed spilled = CollapseCorpus(corpus, ways, 32 << 10, 64 << 10, dir.path());
    EXPECT_GE(spilled.spill_runs, 40u);
    EXPECT_EQ(spilled.documents, held.documents);
    EXPECT_TRUE(spilled.counts == held.counts);
    // A run of partitions at a time, within the collapse's budget.
    EXPECT_GE(spilled.stats.runs, 10u);
    EXPECT_GT(spilled.stats.bytes_peak, 0u);
    // (The peak also counts what the objects held when counting ended,
    // before everything went to disk: at most their 32 KiB each.)
    EXPECT_LE(spilled.stats.bytes_peak, std::max<uint64_t>(uint64_t{64} << 10, ways * (uint64_t{32} << 10)));
    EXPECT_TRUE(testing::ListDir(dir.path()).empty());  // unlinked
  }
  // A budget below one partition's documents: one partition a run.
  const Collapsed one = CollapseCorpus(corpus, 2, 8 << 10, 1, dir.path());
  EXPECT_EQ(one.documents, held.documents);
  EXPECT_TRUE(one.counts == held.counts);
  EXPECT_EQ(one.stats.runs, kSketchPartitions);  // 700 sites: every partition has some
  EXPECT_LT(one.stats.bytes_peak * 64, all_bytes);
}

// The exchange between processes reads spilled sketches back with Reader:
// every document, spilled or held, once, as Add() got it.
TEST(NearDuplicatesTest, ReaderGivesSpilledAndHeldDocuments) {
  const std::vector<SpillCorpusDoc> corpus = SpillCorpus();
  testing::TempDir dir;
  DocumentSketches sketches(SketchSpillOptions{4 << 10, dir.path()});
  std::map<std::tuple<uint32_t, std::vector<uint64_t>, std::vector<bool>>, int> want, got;
  for (const SpillCorpusDoc& d : corpus) {
    sketches.Add(d.site, d.keys, d.is_long);
    ++want[std::make_tuple(d.site, d.keys, d.is_long)];
  }
  sketches.Add(3, {}, {});  // a document without lines, held
  ++want[std::make_tuple(3u, std::vector<uint64_t>{}, std::vector<bool>{})];
  ASSERT_TRUE(sketches.status().ok()) << sketches.status();
  EXPECT_TRUE(sketches.spilled());
  EXPECT_GT(sketches.spill_bytes(), 0u);
  EXPECT_EQ(sketches.documents(), corpus.size() + 1);
  DocumentSketches::Reader reader(sketches);
  uint32_t site = 0;
  std::vector<uint64_t> keys;
  std::vector<bool> is_long;
  size_t n = 0;
  while (reader.Next(&site, &keys, &is_long)) ++got[std::make_tuple(site, keys, is_long)], ++n;
  EXPECT_TRUE(reader.status().ok()) << reader.status();
  EXPECT_EQ(n, corpus.size() + 1);
  EXPECT_TRUE(got == want);
}

// A folder that takes no files: the error names it, and the collapse
// returns it.
TEST(NearDuplicatesTest, ASpillThatFailsFailsTheCollapse) {
  testing::TempDir dir;
  const std::string missing = dir.File("no/such");
  std::vector<DocumentSketches> sketches;
  sketches.emplace_back(SketchSpillOptions{64, missing});
  ShardedLineCounter counter(0);
  for (uint64_t d = 0; d < 4; ++d) {
    std::vector<uint64_t> keys = {1, 2, 3, 100 + d};
    AddDoc(&counter, &sketches[0], 0, keys);
  }
  ASSERT_FALSE(sketches[0].status().ok());
  EXPECT_NE(std::string(sketches[0].status().message()).find(missing), std::string::npos) << sketches[0].status();
  absl::StatusOr<uint64_t> c = CollapseNearDuplicatesInParts(sketches, {4}, &counter, 1 << 20);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(std::string(c.status().message()).find("near-duplicate sketches"), std::string::npos) << c.status();
}

}  // namespace
}  // namespace dechrome
