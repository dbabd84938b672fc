#include "hash/line_hash.h"

#include <random>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(LineHashTest, GlobalOfSiteLineKeyInvertsSiteLineKey) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> seeds = {0, 1, ~uint64_t{0}, SiteSeed(""), SiteSeed("example.com"),
                                 SiteSeed("xn--bcher-kva.example")};
  for (int i = 0; i < 64; ++i) seeds.push_back(rng());
  std::vector<uint64_t> globals = {0, 1, ~uint64_t{0}, uint64_t{1} << 63, 0x00000000ffffffffULL,
                                   GlobalLineKey("Home"), GlobalLineKey("")};
  for (int i = 0; i < 2000; ++i) globals.push_back(rng());
  for (uint64_t seed : seeds) {
    for (uint64_t g : globals) {
      const uint64_t key = SiteLineKey(g, seed);
      ASSERT_EQ(key, XXH3_64bits_withSeed(&g, sizeof(g), seed));
      ASSERT_EQ(GlobalOfSiteLineKey(key, seed), g) << "seed " << seed << " global " << g;
    }
  }
}

TEST(LineHashTest, SiteLineKeyDependsOnTheSite) {
  const uint64_t g = GlobalLineKey("Subscribe to our newsletter");
  EXPECT_NE(SiteLineKey(g, SiteSeed("a.example")), SiteLineKey(g, SiteSeed("b.example")));
  // The wrong seed does not give the global key back.
  EXPECT_NE(GlobalOfSiteLineKey(SiteLineKey(g, SiteSeed("a.example")), SiteSeed("b.example")), g);
}

}  // namespace
}  // namespace dechrome
