// PlanOutputs() refuses WET output of JSONL input before any work (issue
// 9): the input's format comes from its first decompressed bytes, never its
// name; inputs read only once (standard input) are left to the filtering
// pass.

#include <string>
#include <vector>

#include "dechrome/pipeline.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using ::testing::HasSubstr;
using testing::FileExists;
using testing::TempDir;
using testing::WriteFile;
using testing::ZstdCompress;

constexpr char kJsonl[] = "{\"url\": \"https://a.example/\", \"text\": \"one\\ntwo\"}\n";
constexpr char kWet[] =
    "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://a.example/\r\n"
    "Content-Length: 7\r\n\r\none\ntwo\r\n\r\n";

TEST(PlanOutputsTest, RefusesJsonlInputWrittenAsWet) {
  TempDir dir;
  const std::string jsonl = dir.File("in.jsonl.zst");
  WriteFile(jsonl, ZstdCompress(kJsonl));
  // By the output's name.
  absl::StatusOr<std::vector<std::string>> planned =
      PlanOutputs({jsonl}, dir.File("out.warc.wet.gz"), OutputFormat::kAuto);
  ASSERT_FALSE(planned.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(planned.status()));
  EXPECT_THAT(planned.status().message(), HasSubstr(jsonl + ": JSONL input cannot be written as WET"));
  EXPECT_THAT(planned.status().message(), HasSubstr(dir.File("out.warc.wet.gz")));
  // By --format wet, to a file, to standard output, and to a folder (which
  // is not made).
  planned = PlanOutputs({jsonl}, dir.File("out"), OutputFormat::kWet);
  EXPECT_FALSE(planned.ok());
  planned = PlanOutputs({jsonl}, "-", OutputFormat::kWet);
  ASSERT_FALSE(planned.ok());
  EXPECT_THAT(planned.status().message(), HasSubstr("standard output"));
  const std::string wet = dir.File("other.warc.wet.zst");
  WriteFile(wet, ZstdCompress(kWet));
  planned = PlanOutputs({wet, jsonl}, dir.File("folder"), OutputFormat::kWet);
  ASSERT_FALSE(planned.ok());
  EXPECT_THAT(planned.status().message(), HasSubstr(jsonl + ": "));
  EXPECT_FALSE(FileExists(dir.File("folder")));
  // The first bytes decide, not the name: JSONL named like a WET file.
  const std::string disguised = dir.File("disguised.warc.wet.gz");
  WriteFile(disguised, kJsonl);
  EXPECT_FALSE(PlanOutputs({disguised}, dir.File("o.warc.wet.gz"), OutputFormat::kAuto).ok());
}

TEST(PlanOutputsTest, AllowsWhatCanBeWritten) {
  TempDir dir;
  const std::string jsonl = dir.File("in.jsonl.zst"), wet = dir.File("in.warc.wet.zst");
  WriteFile(jsonl, ZstdCompress(kJsonl));
  WriteFile(wet, ZstdCompress(kWet));
  EXPECT_TRUE(PlanOutputs({wet}, dir.File("o.warc.wet.gz"), OutputFormat::kAuto).ok());
  EXPECT_TRUE(PlanOutputs({wet}, "-", OutputFormat::kWet).ok());
  EXPECT_TRUE(PlanOutputs({jsonl}, dir.File("o.jsonl.zst"), OutputFormat::kAuto).ok());
  EXPECT_TRUE(PlanOutputs({jsonl}, "-", OutputFormat::kAuto).ok());
  EXPECT_TRUE(PlanOutputs({jsonl}, dir.File("o.warc.gz"), OutputFormat::kSame).ok());
  // Unknown before reading: standard input, a missing input (it fails on
  // its own later), an empty one.
  EXPECT_TRUE(PlanOutputs({"-"}, dir.File("o.warc.wet.gz"), OutputFormat::kAuto).ok());
  EXPECT_TRUE(PlanOutputs({dir.File("missing.jsonl")}, dir.File("o.warc.wet.gz"), OutputFormat::kAuto).ok());
  WriteFile(dir.File("empty"), "");
  EXPECT_TRUE(PlanOutputs({dir.File("empty")}, dir.File("o.warc.wet.gz"), OutputFormat::kAuto).ok());
}

}  // namespace
}  // namespace dechrome
