#include "runtime/parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(ParallelForTest, CallsEachIndexOnce) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{5}}) {
    std::vector<std::atomic<int>> calls(n);
    ParallelFor(n, [&](size_t i) { calls[i].fetch_add(1); });
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(calls[i].load(), 1) << i;
  }
}

TEST(ParallelSortTest, SameAsStdSortForAnyThreadCount) {
  std::mt19937_64 rng(7);
  for (size_t n : {size_t{0}, size_t{1}, size_t{1000}, size_t{100000}, size_t{250001}}) {
    std::vector<uint64_t> input(n);
    for (uint64_t& x : input) x = rng() % (n + 1);  // with repeats
    std::vector<uint64_t> want = input;
    std::sort(want.begin(), want.end());
    for (int threads : {1, 2, 3, 5, 8}) {
      std::vector<uint64_t> got = input;
      ParallelSort(&got, threads, [](uint64_t a, uint64_t b) { return a < b; });
      EXPECT_EQ(got, want) << "n " << n << ", threads " << threads;
    }
  }
}

TEST(ParallelSortTest, SortsByTheGivenOrder) {
  std::vector<int> v(100000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<int>(i);
  ParallelSort(&v, 4, [](int a, int b) { return a > b; });
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end(), [](int a, int b) { return a > b; }));
  EXPECT_EQ(v.front(), 99999);
}

}  // namespace
}  // namespace dechrome
