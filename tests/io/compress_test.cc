#include "io/compress.h"

#include <zstd.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/io_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using ::dechrome::testing::DecompressAll;
using ::dechrome::testing::TestText;

TEST(CodecForOutputNameTest, Suffixes) {
  EXPECT_EQ(CodecForOutputName("out.jsonl.zst"), Codec::kZstd);
  EXPECT_EQ(CodecForOutputName("out.warc.gz"), Codec::kGzip);
  EXPECT_EQ(CodecForOutputName("out.jsonl"), Codec::kNone);
  EXPECT_EQ(CodecForOutputName("-"), Codec::kNone);
  EXPECT_EQ(CodecForOutputName("gz"), Codec::kNone);
  EXPECT_EQ(CodecForOutputName("a.zst.txt"), Codec::kNone);
}

TEST(BlockCompressorTest, NoneAppendsInput) {
  auto c = BlockCompressor::Create(Codec::kNone, 0);
  std::string out = "x";
  ASSERT_TRUE(c->CompressAppend("abc", &out).ok());
  ASSERT_TRUE(c->CompressAppend("", &out).ok());
  EXPECT_EQ(out, "xabc");
}

TEST(BlockCompressorTest, EmptyInputAppendsNothing) {
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    auto c = BlockCompressor::Create(codec, 1);
    std::string out = "prefix";
    ASSERT_TRUE(c->CompressAppend("", &out).ok());
    EXPECT_EQ(out, "prefix");
  }
}

TEST(BlockCompressorTest, ZstdBlocksAreFramesWithContentSize) {
  for (int level : {1, 3, 19}) {
    auto c = BlockCompressor::Create(Codec::kZstd, level);
    std::string data, out;
    for (int i = 0; i < 200; ++i) {
      std::string block = TestText(i * 131 + 1, i);
      size_t before = out.size();
      ASSERT_TRUE(c->CompressAppend(block, &out).ok());
      EXPECT_EQ(ZSTD_getFrameContentSize(out.data() + before, out.size() - before),
                block.size());
      EXPECT_EQ(ZSTD_findFrameCompressedSize(out.data() + before, out.size() - before),
                out.size() - before);
      data += block;
    }
    EXPECT_EQ(testing::ZstdDecompress(out), data) << "level " << level;
    auto got = DecompressAll(out, 4096);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data);
  }
}

TEST(BlockCompressorTest, GzipBlocksAreMembersAtEveryLevel) {
  for (int level : {0, 1, 2, 3, 9, -1}) {
    auto c = BlockCompressor::Create(Codec::kGzip, level);
    std::string data, out;
    for (int i = 0; i < 200; ++i) {
      std::string block = TestText(i * 131 + 1, i);
      size_t before = out.size();
      ASSERT_TRUE(c->CompressAppend(block, &out).ok());
      ASSERT_GE(out.size() - before, 18u);
      EXPECT_EQ(static_cast<unsigned char>(out[before]), 0x1f);
      EXPECT_EQ(static_cast<unsigned char>(out[before + 1]), 0x8b);
      // Each member decodes on its own.
      EXPECT_EQ(testing::GzipDecompress(out.substr(before)), block);
      data += block;
    }
    EXPECT_EQ(testing::GzipDecompress(out), data) << "level " << level;
    auto got = DecompressAll(out, 7);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data);
  }
}

TEST(BlockCompressorTest, LargeAndIncompressibleBlocks) {
  for (Codec codec : {Codec::kGzip, Codec::kZstd}) {
    auto c = BlockCompressor::Create(codec, codec == Codec::kGzip ? 1 : 3);
    std::string text = TestText(8 << 20, 3);
    std::string noise = TestText(3 << 20, 4, /*random_bytes=*/true);
    std::string out;
    ASSERT_TRUE(c->CompressAppend(text, &out).ok());
    EXPECT_LT(out.size(), text.size() / 2);
    ASSERT_TRUE(c->CompressAppend(noise, &out).ok());
    auto got = DecompressAll(out, 1 << 20);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_TRUE(*got == text + noise) << CodecName(codec);
  }
}

TEST(BlockCompressorTest, CommandLineToolsReadTheOutput) {
  testing::TempDir dir;
  std::string data;
  std::string gz, zst;
  auto cg = BlockCompressor::Create(Codec::kGzip, 1);
  auto cz = BlockCompressor::Create(Codec::kZstd, 3);
  for (int i = 0; i < 50; ++i) {
    std::string block = TestText(i * 1000 + 5, i);
    data += block;
    ASSERT_TRUE(cg->CompressAppend(block, &gz).ok());
    ASSERT_TRUE(cz->CompressAppend(block, &zst).ok());
  }
  testing::WriteFile(dir.File("data"), data);
  testing::WriteFile(dir.File("a.gz"), gz);
  testing::WriteFile(dir.File("a.zst"), zst);
  EXPECT_EQ(testing::RunCommand("gzip -dc '" + dir.File("a.gz") + "' | cmp - '" +
                                dir.File("data") + "'"),
            0);
  if (testing::RunCommand("command -v zstd") == 0) {
    EXPECT_EQ(testing::RunCommand("zstd -dcq '" + dir.File("a.zst") + "' | cmp - '" +
                                  dir.File("data") + "'"),
              0);
  }
}

}  // namespace
}  // namespace dechrome
