#include "io/byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "io/compress.h"
#include "testing/io_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using ::dechrome::testing::DecompressAll;
using ::dechrome::testing::GzipCompress;
using ::dechrome::testing::ReadAll;
using ::dechrome::testing::TestText;
using ::dechrome::testing::ZstdCompress;
using ::testing::HasSubstr;

constexpr size_t kReadSizes[] = {1, 7, 4096, 65536, 1 << 20};

std::string ZstdFrame(std::string_view data, bool checksum, const std::string* dict = nullptr) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum ? 1 : 0);
  if (dict != nullptr) ZSTD_CCtx_loadDictionary(c, dict->data(), dict->size());
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t n = ZSTD_compress2(c, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(c);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string SkippableFrame(uint32_t magic, std::string_view payload) {
  std::string out;
  for (uint32_t v : {magic, static_cast<uint32_t>(payload.size())}) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  out.append(payload.data(), payload.size());
  return out;
}

TEST(CodecNameTest, Names) {
  EXPECT_STREQ(CodecName(Codec::kNone), "none");
  EXPECT_STREQ(CodecName(Codec::kGzip), "gzip");
  EXPECT_STREQ(CodecName(Codec::kZstd), "zstd");
}

// ---------------------------------------------------------------------------
// Files

TEST(FileSourceTest, ReadsWholeFile) {
  testing::TempDir dir;
  std::string data = TestText(3 << 20, 7);
  testing::WriteFile(dir.File("a"), data);
  auto src = OpenFileSource(dir.File("a"));
  ASSERT_TRUE(src.ok()) << src.status();
  auto got = ReadAll(src->get(), 1 << 20);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, data);
  EXPECT_EQ((*src)->raw_offset(), data.size());
}

TEST(FileSourceTest, MissingFileIsNotFoundNamingPath) {
  testing::TempDir dir;
  auto src = OpenFileSource(dir.File("missing.warc.gz"));
  ASSERT_FALSE(src.ok());
  EXPECT_TRUE(absl::IsNotFound(src.status())) << src.status();
  EXPECT_THAT(std::string(src.status().message()), HasSubstr("missing.warc.gz"));
}

TEST(FileSourceTest, DirectoryIsAnError) {
  testing::TempDir dir;
  auto src = OpenFileSource(dir.path());
  ASSERT_FALSE(src.ok());
  EXPECT_THAT(std::string(src.status().message()), HasSubstr(dir.path()));
}

TEST(FileSourceTest, UnreadableFileIsPermissionDenied) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads everything";
  testing::TempDir dir;
  testing::WriteFile(dir.File("secret"), "x");
  chmod(dir.File("secret").c_str(), 0);
  auto src = OpenFileSource(dir.File("secret"));
  ASSERT_FALSE(src.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(src.status())) << src.status();
  EXPECT_THAT(std::string(src.status().message()), HasSubstr("secret"));
}

TEST(OpenInputTest, FileThroughCodecs) {
  testing::TempDir dir;
  std::string data = TestText(100000, 3);
  testing::WriteFile(dir.File("a.gz"), GzipCompress(data));
  testing::WriteFile(dir.File("a.zst"), ZstdCompress(data));
  testing::WriteFile(dir.File("a.txt"), data);
  for (auto [name, want] : {std::pair<const char*, Codec>{"a.gz", Codec::kGzip},
                            {"a.zst", Codec::kZstd},
                            {"a.txt", Codec::kNone}}) {
    Codec codec = Codec::kNone;
    auto src = OpenInput(dir.File(name), &codec);
    ASSERT_TRUE(src.ok()) << src.status();
    EXPECT_EQ(codec, want) << name;
    auto got = ReadAll(src->get());
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data) << name;
  }
  EXPECT_TRUE(absl::IsNotFound(OpenInput(dir.File("nope"), nullptr).status()));
}

// ---------------------------------------------------------------------------
// Pass-through

TEST(PassThroughTest, SmallAndTinyInputs) {
  for (std::string data : {std::string(), std::string("a"), std::string("\x1f"),
                           std::string("\x28\xb5\x2f"), std::string("WARC/1.0\r\n"),
                           TestText(200000, 5)}) {
    for (size_t rs : kReadSizes) {
      Codec codec = Codec::kGzip;
      auto got = DecompressAll(data, rs, &codec);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(codec, Codec::kNone);
      EXPECT_EQ(*got, data);
    }
  }
}

TEST(PassThroughTest, PipeLikeSourceStillSniffs) {
  std::string data = TestText(50000, 9);
  Codec codec;
  auto got = DecompressAll(GzipCompress(data), 4096, &codec, /*max_chunk=*/1);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(codec, Codec::kGzip);
  EXPECT_EQ(*got, data);
  got = DecompressAll(data, 4096, &codec, /*max_chunk=*/3);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(codec, Codec::kNone);
  EXPECT_EQ(*got, data);
}

TEST(PassThroughTest, EmptyFile) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("empty"), "");
  Codec codec = Codec::kZstd;
  auto src = OpenInput(dir.File("empty"), &codec);
  ASSERT_TRUE(src.ok());
  EXPECT_EQ(codec, Codec::kNone);
  auto got = ReadAll(src->get());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "");
}

// ---------------------------------------------------------------------------
// gzip

TEST(GzipSourceTest, RoundTripSmallAndLarge) {
  for (size_t size : {size_t{1}, size_t{1000}, size_t{300000}, size_t{5} << 20}) {
    std::string data = TestText(size, size);
    std::string gz = GzipCompress(data);
    for (size_t rs : kReadSizes) {
      if (rs == 1 && size > 300000) continue;
      Codec codec;
      auto got = DecompressAll(gz, rs, &codec);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(codec, Codec::kGzip);
      EXPECT_EQ(*got, data) << "size " << size << " read size " << rs;
    }
  }
}

TEST(GzipSourceTest, RawOffsetCountsCompressedBytes) {
  std::string data = TestText(2 << 20, 4);
  std::string gz = GzipCompress(data);
  auto src = OpenDecompressed(testing::MakeStringSource(gz), nullptr);
  ASSERT_TRUE(src.ok());
  auto got = ReadAll(src->get());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ((*src)->raw_offset(), gz.size());
}

TEST(GzipSourceTest, ManyMembersIncludingEmptyOnes) {
  std::string data, gz;
  for (int i = 0; i < 5000; ++i) {
    std::string rec = (i % 7 == 0) ? std::string() : TestText(i % 300 + 1, i);
    data += rec;
    gz += GzipCompress(rec);
  }
  for (size_t rs : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    for (size_t chunk : {size_t{0}, size_t{5}}) {
      auto got = DecompressAll(gz, rs, nullptr, chunk);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(*got, data);
    }
  }
}

TEST(GzipSourceTest, MembersFromIsalCompressor) {
  auto comp = BlockCompressor::Create(Codec::kGzip, 1);
  std::string data, gz;
  for (int i = 0; i < 300; ++i) {
    std::string rec = TestText(i * 97 + 1, i + 100);
    data += rec;
    ASSERT_TRUE(comp->CompressAppend(rec, &gz).ok());
  }
  auto got = DecompressAll(gz, 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, data);
}

TEST(GzipSourceTest, HeaderWithNameFromGzipTool) {
  testing::TempDir dir;
  std::string data = TestText(100000, 6);
  testing::WriteFile(dir.File("some-name.txt"), data);
  // gzip stores the file name (FNAME) in the header; two members back to back.
  ASSERT_EQ(testing::RunCommand("cd '" + dir.path() + "' && gzip -N -c some-name.txt > one.gz"
                                " && cat one.gz one.gz > two.gz"),
            0);
  auto got = DecompressAll(testing::ReadFile(dir.File("two.gz")), 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, data + data);
}

TEST(GzipSourceTest, TrailingZeroPaddingIsTolerated) {
  std::string data = TestText(10000, 2);
  std::string gz = GzipCompress(data) + GzipCompress(data) + std::string(3000000, '\0');
  auto got = DecompressAll(gz, 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, data + data);
}

TEST(GzipSourceTest, TrailingGarbageIsDataLoss) {
  std::string data = TestText(10000, 2);
  auto got = DecompressAll(GzipCompress(data) + "garbage", 4096);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsDataLoss(got.status()));
  EXPECT_THAT(std::string(got.status().message()), HasSubstr("trailing garbage"));
}

TEST(GzipSourceTest, TruncatedAtEveryPointIsDataLoss) {
  std::string data = TestText(3000, 11);
  std::string gz = GzipCompress(data);
  for (size_t cut = 2; cut < gz.size(); ++cut) {
    std::string partial;
    auto got = DecompressAll(gz.substr(0, cut), 7, nullptr, 0, &partial);
    ASSERT_FALSE(got.ok()) << "cut " << cut;
    EXPECT_TRUE(absl::IsDataLoss(got.status())) << got.status();
    EXPECT_THAT(std::string(got.status().message()), HasSubstr("truncated gzip stream"))
        << "cut " << cut;
    EXPECT_THAT(std::string(got.status().message()), HasSubstr("compressed byte"));
    EXPECT_EQ(partial, data.substr(0, partial.size())) << "cut " << cut;
  }
}

TEST(GzipSourceTest, TruncatedSecondMemberDeliversFirstThenFails) {
  std::string a = TestText(100000, 1), b = TestText(100000, 2);
  std::string gb = GzipCompress(b);
  std::string gz = GzipCompress(a) + gb.substr(0, gb.size() / 2);
  std::string partial;
  auto got = DecompressAll(gz, 1 << 20, nullptr, 0, &partial);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(std::string(got.status().message()), HasSubstr("truncated gzip stream"));
  ASSERT_GE(partial.size(), a.size());
  EXPECT_EQ(partial, (a + b).substr(0, partial.size()));
}

TEST(GzipSourceTest, CorruptBytesGiveErrorOrSameOutput) {
  std::string data = TestText(20000, 13);
  std::string gz = GzipCompress(data);
  int errors = 0;
  for (size_t pos = 10; pos < gz.size(); pos += 3) {
    std::string bad = gz;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x5a);
    auto got = DecompressAll(bad, 4096);
    if (got.ok()) {
      EXPECT_EQ(*got, data) << "undetected corruption at " << pos;
    } else {
      ++errors;
      EXPECT_TRUE(absl::IsDataLoss(got.status())) << got.status();
      EXPECT_THAT(std::string(got.status().message()), HasSubstr("compressed byte"));
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(GzipSourceTest, CorruptHeaderIsDataLoss) {
  std::string gz = GzipCompress("hello");
  gz[2] = 7;  // compression method other than deflate
  auto got = DecompressAll(gz, 4096);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsDataLoss(got.status()));
}

// ---------------------------------------------------------------------------
// zstd

TEST(ZstdSourceTest, RoundTripSmallAndLarge) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{1000}, size_t{300000}, size_t{6} << 20}) {
    std::string data = TestText(size, size + 1);
    std::string zst = ZstdCompress(data);
    for (size_t rs : kReadSizes) {
      if (rs == 1 && size > 300000) continue;
      Codec codec;
      auto got = DecompressAll(zst, rs, &codec);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(codec, Codec::kZstd);
      EXPECT_EQ(*got, data) << "size " << size << " read size " << rs;
    }
  }
}

TEST(ZstdSourceTest, MultiFrameAndSkippableFrames) {
  std::string data, zst = SkippableFrame(0x184D2A50, "leading metadata");
  for (int i = 0; i < 2000; ++i) {
    std::string rec = (i % 5 == 0) ? std::string() : TestText(i % 500 + 1, i);
    data += rec;
    zst += ZstdFrame(rec, i % 2 == 0);
    if (i % 100 == 3) zst += SkippableFrame(0x184D2A50 + (i % 16), TestText(i, i));
  }
  zst += SkippableFrame(0x184D2A5F, "");
  for (size_t rs : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    for (size_t chunk : {size_t{0}, size_t{3}}) {
      Codec codec;
      auto got = DecompressAll(zst, rs, &codec, chunk);
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(codec, Codec::kZstd);
      EXPECT_EQ(*got, data);
    }
  }
}

TEST(ZstdSourceTest, OnlySkippableFrameIsEmpty) {
  Codec codec;
  auto got = DecompressAll(SkippableFrame(0x184D2A53, "abc"), 4096, &codec);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(codec, Codec::kZstd);
  EXPECT_EQ(*got, "");
}

TEST(ZstdSourceTest, DictionaryFrameRawContent) {
  std::string dict = TestText(50000, 77);
  std::string data, zst = SkippableFrame(0x184D2A5D, dict);
  for (int i = 0; i < 200; ++i) {
    std::string rec = dict.substr(i * 100, 2000) + std::to_string(i);
    data += rec;
    zst += ZstdFrame(rec, true, &dict);
  }
  // Frames made with the dictionary are much smaller than 2000 bytes each.
  EXPECT_LT(zst.size(), dict.size() + 200 * 200);
  auto got = DecompressAll(zst, 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, data);
  // Without the dictionary frame the same frames do not decode correctly.
  auto without = DecompressAll(zst.substr(8 + dict.size()), 4096);
  EXPECT_TRUE(!without.ok() || *without != data);
}

TEST(ZstdSourceTest, DictionaryFrameCompressedDictionary) {
  std::string dict = TestText(80000, 78);
  std::string data, zst = SkippableFrame(0x184D2A5D, ZstdCompress(dict, 19));
  for (int i = 0; i < 100; ++i) {
    std::string rec = dict.substr(i * 500, 3000);
    data += rec;
    zst += ZstdFrame(rec, true, &dict);
  }
  for (size_t chunk : {size_t{0}, size_t{11}}) {
    auto got = DecompressAll(zst, 65536, nullptr, chunk);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data);
  }
}

TEST(ZstdSourceTest, TruncatedDictionaryFrameIsDataLoss) {
  std::string zst = SkippableFrame(0x184D2A5D, TestText(5000, 1));
  auto got = DecompressAll(zst.substr(0, 3000), 4096);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsDataLoss(got.status()));
  EXPECT_THAT(std::string(got.status().message()), HasSubstr("truncated zstd stream"));
}

TEST(ZstdSourceTest, TruncatedAtEveryPointIsDataLoss) {
  std::string data = TestText(5000, 12);
  std::string zst = ZstdFrame(data, true);
  for (size_t cut = 4; cut < zst.size(); ++cut) {
    std::string partial;
    auto got = DecompressAll(zst.substr(0, cut), 7, nullptr, 0, &partial);
    ASSERT_FALSE(got.ok()) << "cut " << cut;
    EXPECT_TRUE(absl::IsDataLoss(got.status()));
    EXPECT_THAT(std::string(got.status().message()), HasSubstr("truncated zstd stream"))
        << "cut " << cut << ": " << got.status();
    EXPECT_EQ(partial, data.substr(0, partial.size()));
  }
}

TEST(ZstdSourceTest, CorruptBytesGiveErrorOrSameOutput) {
  std::string data = TestText(30000, 14);
  std::string zst = ZstdFrame(data, /*checksum=*/true);
  int errors = 0;
  for (size_t pos = 4; pos < zst.size(); pos += 3) {
    std::string bad = zst;
    bad[pos] = static_cast<char>(bad[pos] ^ 0xa5);
    auto got = DecompressAll(bad, 4096);
    if (got.ok()) {
      EXPECT_EQ(*got, data) << "undetected corruption at " << pos;
    } else {
      ++errors;
      EXPECT_TRUE(absl::IsDataLoss(got.status())) << got.status();
    }
  }
  EXPECT_GT(errors, 0);
}

TEST(ZstdSourceTest, GarbageAfterFrameIsDataLoss) {
  auto got = DecompressAll(ZstdCompress("hello") + "not a frame", 4096);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsDataLoss(got.status()));
}

TEST(OpenDecompressedTest, NestedCodecsSniffAgain) {
  std::string data = TestText(200000, 21);
  std::string gz = GzipCompress(data);
  Codec outer, inner;
  auto src = OpenDecompressed(testing::MakeStringSource(ZstdCompress(gz, 1)), &outer);
  ASSERT_TRUE(src.ok());
  auto src2 = OpenDecompressed(std::move(src).value(), &inner);
  ASSERT_TRUE(src2.ok());
  EXPECT_EQ(outer, Codec::kZstd);
  EXPECT_EQ(inner, Codec::kGzip);
  auto got = ReadAll(src2->get(), 7);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, data);
  EXPECT_EQ((*src2)->raw_offset(), gz.size());
}

// ---------------------------------------------------------------------------
// stdin

// Points fd 0 at a file for the life of the object.
class StdinFromFile {
 public:
  explicit StdinFromFile(const std::string& path) : saved_(dup(0)) {
    int fd = open(path.c_str(), O_RDONLY);
    EXPECT_GE(fd, 0);
    dup2(fd, 0);
    close(fd);
  }
  ~StdinFromFile() {
    dup2(saved_, 0);
    close(saved_);
  }

 private:
  const int saved_;
};

TEST(SpooledStdinTest, ReopenGivesTheSameBytesEachTime) {
  testing::TempDir dir;
  std::string data = TestText(3 << 20, 31);
  std::string gz = GzipCompress(data);
  testing::WriteFile(dir.File("in"), gz);
  std::unique_ptr<SpooledStdin> spool;
  {
    StdinFromFile redirect(dir.File("in"));
    auto s = SpooledStdin::Create();
    ASSERT_TRUE(s.ok()) << s.status();
    spool = std::move(s).value();
  }
  EXPECT_EQ(spool->size(), gz.size());
  auto first = spool->Reopen();
  auto second = spool->Reopen();
  ASSERT_TRUE(first.ok() && second.ok());
  for (auto* raw : {&first.value(), &second.value()}) {
    Codec codec;
    auto src = OpenDecompressed(std::move(*raw), &codec);
    ASSERT_TRUE(src.ok());
    EXPECT_EQ(codec, Codec::kZstd);  // the spool itself
    auto got = ReadAll(src->get(), 4096);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, gz);
  }
  // A reader outlives the spool.
  auto late = spool->Reopen();
  ASSERT_TRUE(late.ok());
  spool.reset();
  auto src = OpenDecompressed(std::move(late).value(), nullptr);
  ASSERT_TRUE(src.ok());
  auto got = ReadAll(src->get());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, gz);
}

TEST(SpooledStdinTest, EmptyStdin) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("in"), "");
  StdinFromFile redirect(dir.File("in"));
  auto spool = SpooledStdin::Create();
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->size(), 0u);
  auto raw = (*spool)->Reopen();
  ASSERT_TRUE(raw.ok());
  auto src = OpenDecompressed(std::move(raw).value(), nullptr);
  ASSERT_TRUE(src.ok());
  auto got = ReadAll(src->get());
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, "");
}

// The only test that uses the process-wide spool of OpenInput("-").
TEST(OpenInputTest, StdinTwiceDecodesInnerCodec) {
  testing::TempDir dir;
  std::string data = TestText(1 << 20, 41);
  testing::WriteFile(dir.File("in"), GzipCompress(data) + GzipCompress(data));
  StdinFromFile redirect(dir.File("in"));
  for (int pass = 0; pass < 2; ++pass) {
    Codec codec = Codec::kNone;
    auto src = OpenInput("-", &codec);
    ASSERT_TRUE(src.ok()) << src.status();
    EXPECT_EQ(codec, Codec::kGzip);
    auto got = ReadAll(src->get(), 65536);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data + data) << "pass " << pass;
  }
}

// ---------------------------------------------------------------------------
// Shared fixtures (never copied into the repository).

TEST(SharedFixturesTest, ClippedWarcGzIsDataLoss) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "no shared fixtures";
  std::string path = shared + "/fixtures/resiliparse-warc/clipped.warc.gz";
  if (!testing::FileExists(path)) GTEST_SKIP() << "missing " << path;
  Codec codec;
  auto src = OpenInput(path, &codec);
  ASSERT_TRUE(src.ok()) << src.status();
  EXPECT_EQ(codec, Codec::kGzip);
  std::string partial;
  auto got = ReadAll(src->get(), 65536, &partial);
  ASSERT_FALSE(got.ok());
  EXPECT_TRUE(absl::IsDataLoss(got.status())) << got.status();
  EXPECT_GT(partial.size(), 0u);
}

TEST(SharedFixturesTest, WhirlwindWetMatchesGzip) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) GTEST_SKIP() << "no shared fixtures";
  std::string path = shared + "/fixtures/cc-whirlwind/whirlwind.warc.wet.gz";
  if (!testing::FileExists(path)) GTEST_SKIP() << "missing " << path;
  std::string count;
  ASSERT_EQ(testing::RunCommand("gzip -dc '" + path + "' | wc -c", &count), 0);
  auto src = OpenInput(path, nullptr);
  ASSERT_TRUE(src.ok()) << src.status();
  auto got = ReadAll(src->get(), 4096);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->size(), std::stoull(count));
  EXPECT_THAT(*got, HasSubstr("WARC-Type: conversion"));
}

// ---------------------------------------------------------------------------
// Inputs that give their bytes once: pipes and FIFOs are spooled on the first
// open, and every later open reads the spool.

TEST(SpoolTest, NeedsSpoolTellsPipesFromFiles) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("f"), "x");
  ASSERT_EQ(mkfifo(dir.File("fifo").c_str(), 0600), 0);
  EXPECT_FALSE(NeedsSpool(dir.File("f")));
  EXPECT_FALSE(NeedsSpool(dir.path()));
  EXPECT_FALSE(NeedsSpool(dir.File("missing")));  // opening it says why
  EXPECT_TRUE(NeedsSpool("-"));
  EXPECT_TRUE(NeedsSpool(dir.File("fifo")));
  EXPECT_TRUE(NeedsSpool("/dev/null"));
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_TRUE(NeedsSpool("/proc/self/fd/" + std::to_string(fds[0])));
  close(fds[0]);
  close(fds[1]);
}

TEST(SpoolTest, FifoIsReadOnceAndReopenedFromTheSpool) {
  testing::TempDir dir;
  const std::string fifo = dir.File("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string data = TestText(2 << 20, 7);
  const std::string gz = GzipCompress(data);
  std::thread writer([&] {
    int fd = open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    for (size_t p = 0; p < gz.size();) {
      ssize_t w = write(fd, gz.data() + p, gz.size() - p);
      ASSERT_GT(w, 0);
      p += static_cast<size_t>(w);
    }
    close(fd);
  });
  for (int pass = 0; pass < 3; ++pass) {  // the writer is gone after the first
    Codec codec = Codec::kNone;
    auto src = OpenInput(fifo, &codec);
    ASSERT_TRUE(src.ok()) << src.status();
    EXPECT_EQ(codec, Codec::kGzip);
    auto got = ReadAll(src->get(), 65536);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data) << "pass " << pass;
    if (pass == 0) writer.join();
  }
}

TEST(SpoolTest, PipePathIsSpooled) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const std::string data = "{\"text\": \"a\\nb\", \"url\": \"http://x.org/\"}\n";
  ASSERT_EQ(write(fds[1], data.data(), data.size()), static_cast<ssize_t>(data.size()));
  close(fds[1]);
  const std::string path = "/proc/self/fd/" + std::to_string(fds[0]);
  for (int pass = 0; pass < 2; ++pass) {
    auto src = OpenInput(path, nullptr);
    ASSERT_TRUE(src.ok()) << src.status();
    auto got = ReadAll(src->get());
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, data) << "pass " << pass;
  }
  close(fds[0]);
}

TEST(SpoolTest, UnwritableSpoolFolderIsReportedUpFront) {
  const char* old = getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent-dechrome-folder", 1);
  absl::Status s = CheckSpoolFolder();
  if (old) setenv("TMPDIR", saved.c_str(), 1); else unsetenv("TMPDIR");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(std::string(s.message()).find("/nonexistent-dechrome-folder"), std::string::npos) << s;
  EXPECT_NE(std::string(s.message()).find("TMPDIR"), std::string::npos) << s;
  EXPECT_TRUE(CheckSpoolFolder().ok());
}

}  // namespace
}  // namespace dechrome
