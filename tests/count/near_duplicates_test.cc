#include "count/near_duplicates.h"

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

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

}  // namespace
}  // namespace dechrome
