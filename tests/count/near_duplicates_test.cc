#include "count/near_duplicates.h"

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

}  // namespace
}  // namespace dechrome
