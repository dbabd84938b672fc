#include "runtime/block_list.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(BlockListTest, HoldsWhatWasAppendedAcrossBlocks) {
  BlockList<uint64_t, 4> list;  // blocks of 16
  EXPECT_EQ(list.size(), 0u);
  EXPECT_EQ(list.MemoryUsage(), 0u);
  std::vector<uint64_t> want;
  for (uint64_t i = 0; i < 100; ++i) {
    list.push_back(i * 7919);
    want.push_back(i * 7919);
  }
  ASSERT_EQ(list.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(list[i], want[i]) << i;
  // 7 blocks of 16 values, plus the block pointers.
  EXPECT_GE(list.MemoryUsage(), 7 * 16 * sizeof(uint64_t));
}

TEST(BlockListTest, ElementsNeverMove) {
  BlockList<uint8_t, 3> list;
  list.push_back(1);
  const uint8_t* first = &list[0];
  for (int i = 0; i < 1000; ++i) list.push_back(static_cast<uint8_t>(i));
  EXPECT_EQ(first, &list[0]);
  EXPECT_EQ(list[0], 1);
  EXPECT_EQ(list[1000], static_cast<uint8_t>(999));
}

TEST(BlockListTest, MovesWithItsContents) {
  BlockList<uint32_t, 2> a;
  for (uint32_t i = 0; i < 10; ++i) a.push_back(i);
  BlockList<uint32_t, 2> b = std::move(a);
  ASSERT_EQ(b.size(), 10u);
  EXPECT_EQ(b[9], 9u);
}

// clear() keeps the blocks: refilled past the first block, every value
// reads back and no memory is added.
TEST(BlockListTest, ClearKeepsTheBlocksForWhatComesNext) {
  BlockList<uint64_t, 2> list;
  for (uint64_t i = 0; i < 20; ++i) list.push_back(i);
  const size_t memory = list.MemoryUsage();
  list.clear();
  EXPECT_EQ(list.size(), 0u);
  for (uint64_t i = 0; i < 20; ++i) list.push_back(100 + i);
  ASSERT_EQ(list.size(), 20u);
  for (uint64_t i = 0; i < 20; ++i) EXPECT_EQ(list[i], 100 + i) << i;
  EXPECT_EQ(list.MemoryUsage(), memory);
  list.push_back(7);  // a new block
  EXPECT_EQ(list[20], 7u);
  EXPECT_GT(list.MemoryUsage(), memory);
}

}  // namespace
}  // namespace dechrome
