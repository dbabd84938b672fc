#include "count/distinct_keys.h"

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(DistinctKeysTest, FirstSightingOnlyWithinADocument) {
  DistinctKeys d;
  d.Reset(4);
  EXPECT_TRUE(d.Insert(7));
  EXPECT_TRUE(d.Insert(0));  // 0 is a key like any other
  EXPECT_FALSE(d.Insert(7));
  EXPECT_FALSE(d.Insert(0));
  EXPECT_TRUE(d.Insert(8));
  d.Reset(2);  // the next document starts empty
  EXPECT_TRUE(d.Insert(7));
  EXPECT_TRUE(d.Insert(0));
  EXPECT_FALSE(d.Insert(0));
}

TEST(DistinctKeysTest, SameAnswersAsASetOverManyDocuments) {
  std::mt19937_64 rng(1);
  DistinctKeys d;
  for (int doc = 0; doc < 2000; ++doc) {
    const size_t n = rng() % 300;
    d.Reset(n);
    std::set<uint64_t> seen;
    for (size_t i = 0; i < n; ++i) {
      // Repeats, small keys, and keys equal but for their high bits.
      const uint64_t key = rng() % 3 == 0 ? rng() % 20 : (rng() % 50) << 44;
      EXPECT_EQ(d.Insert(key), seen.insert(key).second) << "doc " << doc << ", key " << key;
    }
  }
}

}  // namespace
}  // namespace dechrome
