// The command line (tools/flags.cc): values that must be refused (issue 13
// item 9), the options each command has, and each command's own help (item
// 12). ParseFlags() and HelpText() are tested directly; a few cases also run
// the binary, for the exit status and the message.

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "flags.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using cli::CliArgs;
using cli::Command;
using testing::Dechrome;
using testing::FileExists;
using testing::TempDir;
using testing::WriteFile;

// ParseFlags() on "dechrome" + `args`; the error in *error.
bool Parse(const std::vector<std::string>& args, CliArgs* out, std::string* error) {
  std::vector<std::string> storage = {"dechrome"};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  *out = CliArgs();
  error->clear();
  return cli::ParseFlags(static_cast<int>(argv.size()), argv.data(), out, error);
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& a : v) absl::StrAppend(&s, s.empty() ? "" : " ", "'", a, "'");
  return s;
}

// Refused, with every one of `want` in the message.
void ExpectRefused(const std::vector<std::string>& args, const std::vector<std::string>& want = {}) {
  CliArgs a;
  std::string error;
  EXPECT_FALSE(Parse(args, &a, &error)) << Join(args);
  EXPECT_FALSE(error.empty()) << Join(args);
  for (const std::string& w : want) EXPECT_NE(error.find(w), std::string::npos) << Join(args) << ": " << error;
}

void ExpectAccepted(const std::vector<std::string>& args, CliArgs* out = nullptr) {
  CliArgs a;
  std::string error;
  EXPECT_TRUE(Parse(args, &a, &error)) << Join(args) << ": " << error;
  if (out != nullptr) *out = a;
}

TEST(FlagsTest, NonFiniteAndOutOfRangeFractionsAreRefused) {
  for (const char* flag : {"--min-fraction", "--isolated-max-fraction"}) {
    for (const char* v : {"nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e400", "1.5", "-0.1", "0.5x",
                          " 0.5", "0.5 ", "", "+0.5", "0x0.1p0", "."}) {
      ExpectRefused({"run", "in.jsonl", flag, v}, {flag, absl::StrCat("'", v, "'"), "from 0 to 1"});
      ExpectRefused({"run", "in.jsonl", absl::StrCat(flag, "=", v)}, {flag});
    }
    CliArgs a;
    for (const char* v : {"0", "1", "0.05", "1e-2", "0.5"}) ExpectAccepted({"run", "in.jsonl", flag, v}, &a);
  }
  CliArgs a;
  ExpectAccepted({"run", "in.jsonl", "--min-fraction", "2e-2"}, &a);
  EXPECT_DOUBLE_EQ(a.options.policy.min_fraction, 0.02);
}

TEST(FlagsTest, IntegersWantDigitsInRange) {
  const std::vector<std::pair<const char*, std::vector<const char*>>> cases = {
      {"--threads", {"2x", "-1", " 2", "2 ", "1025", "99999999999999999999", "", "+2", "0x10", "2.0"}},
      {"--min-count", {"0", "-1", "4294967296", "2x", "-4294967295", "1e3"}},
      {"--long-min-count", {"0", "-3", "4294967296"}},
      {"--min-site-docs", {"0", "-3", "18446744073709551617"}},
      {"--min-sites", {"-1", "4294967296", "x"}},
      {"--long-line-length", {"-1", "1048577", "60x"}},
      {"--cross-site-min-length", {"-1", "1048577"}},
      {"--isolated-max-run", {"-1", "1001", "6x"}},
      {"--level", {"-1", "20", "22", "3x"}},
  };
  for (const auto& [flag, values] : cases) {
    for (const char* v : values) ExpectRefused({"run", "in.jsonl", flag, v}, {flag, absl::StrCat("'", v, "'")});
  }
  CliArgs a;
  ExpectAccepted({"run", "in.jsonl", "-j4", "--min-count=4294967295", "--min-sites", "0"}, &a);
  EXPECT_EQ(a.options.threads, 4);
  EXPECT_EQ(a.options.policy.min_count, 4294967295u);
  EXPECT_EQ(a.options.policy.min_sites, 0u);
}

TEST(FlagsTest, SizesWantASuffixOrDigits) {
  for (const char* v : {"-1", "1.5G", "2T", "1KB", "", "G", " 1M", "1M ", "99999999999999"})
    ExpectRefused({"run", "in.jsonl", "--hint-memory", v}, {"--hint-memory"});
  for (const char* v : {"1K", "2G", "0"}) ExpectRefused({"run", "in.jsonl", "--chunk-size", v}, {"--chunk-size"});
  for (const char* v : {"0", "1000", "-1K"})
    ExpectRefused({"run", "in.jsonl", "--max-html-size", v}, {"--max-html-size"});
  CliArgs a;
  ExpectAccepted({"run", "in.jsonl", "--hint-memory", "512M", "--chunk-size=64k"}, &a);
  EXPECT_EQ(a.options.hint_memory, uint64_t{512} << 20);
  EXPECT_EQ(a.options.chunk_bytes, size_t{64} << 10);
}

TEST(FlagsTest, EmptyNamesAndPathsAreRefused) {
  // Issue 13: "--text-field=" made every record malformed, with exit 0.
  ExpectRefused({"run", "in.jsonl", "--text-field="}, {"--text-field", "''"});
  ExpectRefused({"run", "in.jsonl", "--text-field", ""}, {"--text-field"});
  for (const char* v : {".", "a.", ".a", "a..b"}) ExpectRefused({"run", "in.jsonl", "--text-field", v}, {v});
  ExpectRefused({"run", "in.jsonl", "--id-field="}, {"--id-field"});
  ExpectRefused({"run", "in.jsonl", "--id-field", "meta..id"}, {"--id-field"});
  for (const char* v : {"", ",", "url,", ",url", "url,,metadata.url", "url,metadata."})
    ExpectRefused({"run", "in.jsonl", "--url-field", v}, {"--url-field"});
  ExpectRefused({"run", "in.jsonl", "-o", ""}, {"--output"});
  ExpectRefused({"run", "in.jsonl", "--output="}, {"--output"});
  ExpectRefused({"run", "in.jsonl", "--stats="}, {"--stats"});
  ExpectRefused({"run", "in.jsonl", "--audit="}, {"--audit"});
  ExpectRefused({"filter", "in.jsonl", "--table="}, {"--table"});
  ExpectRefused({"explain", "in.jsonl", "--id="}, {"--id"});
  ExpectRefused({"explain", "in.jsonl", "--url", ""}, {"--url"});
  ExpectRefused({"run", "in.jsonl", "--site="}, {"--site"});
  ExpectRefused({"run", "in.jsonl", "--emit="}, {"--emit"});
  ExpectRefused({"run", "in.jsonl", "--output-format="}, {"--output-format"});
  ExpectRefused({"run", ""}, {"empty"});

  CliArgs a;
  ExpectAccepted({"run", "in.jsonl", "--text-field", "metadata.text", "--url-field", "u,metadata.url",
                  "--id-field=doc_id"},
                 &a);
  EXPECT_EQ(a.options.input.text_field, "metadata.text");
  EXPECT_EQ(a.options.input.url_fields, (std::vector<std::string>{"u", "metadata.url"}));
  EXPECT_EQ(a.options.input.id_field, "doc_id");
  ExpectAccepted({"run", "in.jsonl", "-o", "-"}, &a);
  EXPECT_EQ(a.output, "-");
}

TEST(FlagsTest, LevelIsCheckedAgainstTheOutputCodec) {
  TempDir tmp;
  // The codec is known from the output's name: no input needs to exist.
  ExpectRefused({"run", "in.jsonl", "-L", "9", "-o", "out.jsonl.gz"}, {"--level 9", "gzip", "0 to 3"});
  ExpectRefused({"filter", "--table", "t", "in.jsonl", "-L4", "-o", "out.warc.gz"}, {"gzip"});
  ExpectAccepted({"run", "in.jsonl", "-L", "0", "-o", "out.jsonl.zst"});  // 0: the codec's default
  ExpectAccepted({"run", "in.jsonl", "-L", "3", "-o", "out.jsonl.gz"});
  ExpectAccepted({"run", "in.jsonl", "-L", "0", "-o", "out.jsonl.gz"});
  ExpectAccepted({"run", "in.jsonl", "-L", "19", "-o", "out.jsonl.zst"});
  ExpectAccepted({"run", "in.jsonl", "-L", "9", "-o", "out.jsonl"});  // not compressed: no range
  // A folder: each output is named after its input (or --output-format's).
  ExpectRefused({"run", "a.warc.gz", "b.warc.gz", "-L", "9", "-o", tmp.File("outs")}, {"gzip"});
  ExpectAccepted({"run", "a.warc.gz", "b.warc.gz", "-L", "9", "--output-format", "jsonl", "-o", tmp.File("outs")});
  ExpectRefused({"run", "a.jsonl.zst", "-L", "9", "--output-format", "wet", "-o", tmp.path()}, {"gzip"});
  // Standard output follows the input's codec, read from its first bytes.
  WriteFile(tmp.File("in.jsonl.gz"), std::string("\x1f\x8b\x08\x00", 4));
  WriteFile(tmp.File("in.jsonl"), "{}\n");
  ExpectRefused({"run", tmp.File("in.jsonl.gz"), "-L", "9"}, {"gzip", "standard output"});
  ExpectRefused({"run", tmp.File("in.jsonl.gz"), "-L", "9", "-o", "-"}, {"gzip"});
  ExpectAccepted({"run", tmp.File("in.jsonl"), "-L", "9", "-o", "-"});
  ExpectAccepted({"run", "-", "-L", "9"});  // unknown until it is read
  // Not given: nothing to check.
  ExpectAccepted({"run", "in.jsonl", "-o", "out.jsonl.gz"});
}

TEST(FlagsTest, OptionsOfOtherCommandsAreRefused) {
  ExpectRefused({"count", "in.jsonl", "-o", "t", "--drop-empty"}, {"'--drop-empty' is not an option of 'dechrome count'",
                                                                   "dechrome count --help"});
  ExpectRefused({"count", "in.jsonl", "-o", "t", "--emit", "attributes"}, {"--emit"});
  ExpectRefused({"count", "in.jsonl", "-o", "t", "--audit", "a"}, {"--audit"});
  ExpectRefused({"count", "in.jsonl", "-o", "t", "-L", "3"}, {"'-L'"});
  ExpectRefused({"filter", "--table", "t", "in.jsonl", "--hint-memory", "1G"}, {"--hint-memory"});
  ExpectRefused({"filter", "--table", "t", "in.jsonl", "--site", "host"}, {"--site"});
  ExpectRefused({"filter", "--table", "t", "in.jsonl", "--no-fold-dates"}, {"--no-fold-dates"});
  ExpectRefused({"filter", "--table", "t", "in.jsonl", "--extract-only"}, {"--extract-only"});
  ExpectRefused({"run", "--table", "t", "in.jsonl"}, {"--table"});
  ExpectRefused({"explain", "--url", "u", "in.jsonl", "-o", "x"}, {"-o"});
  ExpectRefused({"explain", "--url", "u", "in.jsonl", "--stats", "s.json"}, {"--stats"});
  ExpectRefused({"run", "in.jsonl", "--id", "x"}, {"--id"});
  // With a table, explain uses the table's site mode and folding.
  ExpectRefused({"explain", "--table", "t", "--url", "u", "in.jsonl", "--site", "host"}, {"--site", "table"});
  ExpectAccepted({"explain", "--url", "u", "in.jsonl", "--site", "host"});
  // Policy options everywhere (filter: they override the table's).
  for (const char* cmd : {"run", "count", "filter", "explain"}) {
    std::vector<std::string> args = {cmd, "in.jsonl", "--min-count", "3", "--no-protect-title", "-j2"};
    if (std::string(cmd) != "explain") args.insert(args.end(), {"-o", "out.jsonl"});
    if (std::string(cmd) == "filter") args.insert(args.end(), {"--table", "t"});
    if (std::string(cmd) == "explain") args.insert(args.end(), {"--id", "x"});
    ExpectAccepted(args);
  }
}

TEST(FlagsTest, MergeTakesTablesAndAnOutputFile) {
  CliArgs a;
  ExpectAccepted({"merge", "a.dct", "b.dct", "c.dct", "-o", "m.dct", "--stats", "s.json", "-q"}, &a);
  EXPECT_EQ(a.command, Command::kMerge);
  EXPECT_EQ(a.inputs, (std::vector<std::string>{"a.dct", "b.dct", "c.dct"}));
  EXPECT_EQ(a.output, "m.dct");
  EXPECT_EQ(a.stats_path, "s.json");
  EXPECT_TRUE(a.quiet);
  // One table is a copy (so that scripts can loop); options may come first.
  ExpectAccepted({"merge", "--output=m.dct", "a.dct"}, &a);
  EXPECT_EQ(a.inputs, std::vector<std::string>{"a.dct"});
  ExpectRefused({"merge", "-o", "m.dct"}, {"at least one table"});
  ExpectRefused({"merge", "a.dct", "b.dct"}, {"-o TABLE"});
  ExpectRefused({"merge", "a.dct", "-o", "-"}, {"-o TABLE", "binary"});
  ExpectRefused({"merge", "-", "-o", "m.dct"}, {"standard input"});
  ExpectRefused({"merge", "a.dct", "-o", ""}, {"--output"});
  // Options of the passes are not merge's.
  for (const char* o : {"-j2", "--min-count=3", "--table=t", "--site=host", "--no-fold-dates", "-v", "-f",
                        "--audit=d", "--strict", "--progress", "--level=3"})
    ExpectRefused({"merge", "a.dct", "-o", "m.dct", o}, {"is not an option of 'dechrome merge'"});
  std::string error;
  ASSERT_TRUE(Parse({"merge", "a.dct", "--help"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kMerge);
}

TEST(FlagsTest, HelpOfOneCommand) {
  CliArgs a;
  std::string error;
  ASSERT_TRUE(Parse({"run", "--help"}, &a, &error)) << error;
  EXPECT_EQ(a.command, Command::kHelp);
  EXPECT_EQ(a.help_command, Command::kRun);
  EXPECT_TRUE(a.long_help);
  ASSERT_TRUE(Parse({"count", "-h"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kCount);
  EXPECT_FALSE(a.long_help);
  // Help wins over the rest of the line, even over bad values.
  ASSERT_TRUE(Parse({"filter", "-j", "x", "--drop-empty", "--help"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kFilter);
  ASSERT_TRUE(Parse({"help", "explain"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kExplain);
  EXPECT_TRUE(a.long_help);
  ASSERT_TRUE(Parse({"help", "merge"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kMerge);
  ASSERT_TRUE(Parse({"merge", "-h"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kMerge);
  ASSERT_TRUE(Parse({"--help"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kNone);
  ASSERT_TRUE(Parse({"help"}, &a, &error)) << error;
  EXPECT_EQ(a.help_command, Command::kNone);
  EXPECT_FALSE(Parse({"help", "frobnicate"}, &a, &error));
  // After "--", "--help" is an input.
  ASSERT_TRUE(Parse({"run", "--", "--help"}, &a, &error)) << error;
  EXPECT_EQ(a.command, Command::kRun);
  EXPECT_EQ(a.inputs, std::vector<std::string>{"--help"});

  const std::string run = cli::HelpText(false, Command::kRun);
  EXPECT_EQ(run.rfind("usage: dechrome run ", 0), 0u) << run;
  for (const char* o : {"--hint-memory", "--extract-only", "--output", "--level", "--min-count", "--emit"})
    EXPECT_NE(run.find(o), std::string::npos) << o;
  for (const char* o : {"--table", "--id=", "--url=", "dechrome count "}) EXPECT_EQ(run.find(o), std::string::npos) << o;
  // "run: " is not repeated in run's own help.
  EXPECT_EQ(run.find("run: memory"), std::string::npos) << run;
  EXPECT_NE(run.find("memory for pass 1's line keys"), std::string::npos) << run;

  const std::string count = cli::HelpText(false, Command::kCount);
  EXPECT_EQ(count.rfind("usage: dechrome count ", 0), 0u) << count;
  for (const char* o : {"--output", "--min-count", "--site", "--no-fold-dates", "--stats"})
    EXPECT_NE(count.find(o), std::string::npos) << o;
  for (const char* o : {"--emit", "--level", "--audit", "--table", "--drop-empty", "--hint-memory"})
    EXPECT_EQ(count.find(o), std::string::npos) << o;
  EXPECT_NE(count.find("the chrome table to write"), std::string::npos) << count;

  const std::string filter = cli::HelpText(false, Command::kFilter);
  EXPECT_EQ(filter.rfind("usage: dechrome filter ", 0), 0u) << filter;
  for (const char* o : {"--table", "--emit", "--audit", "--min-count", "--level"})
    EXPECT_NE(filter.find(o), std::string::npos) << o;
  for (const char* o : {"--hint-memory", "--site=", "--no-fold-dates", "--extract-only", "--id="})
    EXPECT_EQ(filter.find(o), std::string::npos) << o;

  const std::string explain = cli::HelpText(false, Command::kExplain);
  EXPECT_EQ(explain.rfind("usage: dechrome explain ", 0), 0u) << explain;
  for (const char* o : {"--id=", "--url=", "--table", "--min-count", "--site"})
    EXPECT_NE(explain.find(o), std::string::npos) << o;
  for (const char* o : {"--output", "--level", "--emit", "--stats", "--quiet"})
    EXPECT_EQ(explain.find(o), std::string::npos) << o;

  const std::string merge = cli::HelpText(false, Command::kMerge);
  EXPECT_EQ(merge.rfind("usage: dechrome merge [OPTIONS] TABLE... -o TABLE\n", 0), 0u) << merge;
  for (const char* o : {"--output", "--stats", "--quiet", "the merged table to write", "--no-near-duplicates"})
    EXPECT_NE(merge.find(o), std::string::npos) << o;
  for (const char* o : {"--threads", "--table", "--min-count", "INPUT is", "--level"})
    EXPECT_EQ(merge.find(o), std::string::npos) << o;
  EXPECT_NE(cli::HelpText(false).find("dechrome merge "), std::string::npos);
  EXPECT_NE(cli::UsageLine().find("merge"), std::string::npos);

  // --help adds each option's detail and the exit status; -h does not.
  const std::string run_long = cli::HelpText(true, Command::kRun);
  EXPECT_NE(run_long.find("exit status"), std::string::npos);
  EXPECT_NE(run_long.find("Outputs are written under a"), std::string::npos);
  EXPECT_EQ(run.find("exit status"), std::string::npos);
  EXPECT_GT(run_long.size(), run.size());
}

// The general help lists every option; a command's help lists exactly those
// that the command takes.
TEST(FlagsTest, EachCommandsHelpListsTheOptionsItTakes) {
  const std::string general = cli::HelpText(false);
  EXPECT_NE(general.find("dechrome COMMAND --help"), std::string::npos);
  EXPECT_NE(cli::HelpText(true).find("exit status"), std::string::npos);
  const std::regex option_line("^  (-[A-Za-z], )?(-[A-Za-z]|--[a-z0-9-]+)");
  std::vector<std::string> options;
  for (absl::string_view line : absl::StrSplit(general, '\n')) {
    std::smatch m;
    const std::string l(line);
    if (std::regex_search(l, m, option_line)) options.push_back(m[2]);
  }
  ASSERT_GT(options.size(), 30u);
  for (Command c : {Command::kRun, Command::kCount, Command::kFilter, Command::kExplain, Command::kMerge}) {
    const std::string help = cli::HelpText(false, c);
    std::set<std::string> listed;
    for (absl::string_view line : absl::StrSplit(help, '\n')) {
      std::smatch m;
      const std::string l(line);
      if (std::regex_search(l, m, option_line)) listed.insert(m[2]);
    }
    const char* name = c == Command::kRun      ? "run"
                       : c == Command::kCount  ? "count"
                       : c == Command::kFilter ? "filter"
                       : c == Command::kMerge  ? "merge"
                                               : "explain";
    for (const std::string& o : options) {
      if (o == "-h" || o == "--help" || o == "--version") continue;
      CliArgs a;
      std::string error;
      Parse({name, o, "1"}, &a, &error);
      const bool refused_here = error.find("is not an option of") != std::string::npos;
      EXPECT_EQ(listed.count(o) == 1, !refused_here) << name << " " << o << ": " << error;
    }
  }
}

// --resume: run and filter into files only (a usage error with standard
// output, before any work); not an option of count, explain or merge.
TEST(FlagsTest, ResumeWantsFileOutputs) {
  CliArgs a;
  ExpectAccepted({"run", "a.jsonl", "b.jsonl", "--resume", "-o", "out"}, &a);
  EXPECT_TRUE(a.options.resume);
  ExpectAccepted({"filter", "--table", "t", "a.jsonl", "-o", "a.out.jsonl", "--resume"}, &a);
  EXPECT_TRUE(a.options.resume);
  ExpectAccepted({"run", "a.jsonl", "-o", "out"}, &a);
  EXPECT_FALSE(a.options.resume);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"run", "a.jsonl", "--resume"},
                                             {"run", "a.jsonl", "b.jsonl", "--resume", "-o", "-"},
                                             {"filter", "--table", "t", "--resume", "-"},
                                             {"run", "--resume", "-o", "-", "a.jsonl"}})
    ExpectRefused(args, {"--resume", "standard output"});
  ExpectRefused({"count", "a.jsonl", "-o", "t", "--resume"}, {"'--resume' is not an option of 'dechrome count'"});
  ExpectRefused({"explain", "a.jsonl", "--id", "x", "--resume"}, {"--resume"});
  ExpectRefused({"merge", "t1", "-o", "t", "--resume"}, {"--resume"});
  ExpectRefused({"run", "a.jsonl", "-o", "out", "--resume=yes"}, {"takes no value"});
  EXPECT_NE(cli::HelpText(false, Command::kRun).find("--resume"), std::string::npos);
  EXPECT_NE(cli::HelpText(false, Command::kFilter).find("--resume"), std::string::npos);
  EXPECT_EQ(cli::HelpText(false, Command::kCount).find("--resume"), std::string::npos);
  EXPECT_NE(cli::HelpText(true, Command::kRun).find("hidden manifest"), std::string::npos);

  // The binary: exit 2 and the usage line, nothing written.
  TempDir tmp;
  WriteFile(tmp.File("in.jsonl"), "{\"url\":\"http://a.example/\",\"text\":\"x\"}\n");
  std::string out, err;
  EXPECT_EQ(Dechrome("run --resume " + tmp.File("in.jsonl"), &out, &err), 2);
  EXPECT_NE(err.find("--resume needs file outputs"), std::string::npos) << err;
  EXPECT_NE(err.find("usage:"), std::string::npos) << err;
  EXPECT_TRUE(out.empty()) << out;
}

TEST(FlagsTest, TheBinaryRefusesBadValuesBeforeAnyWork) {
  TempDir tmp;
  WriteFile(tmp.File("in.jsonl"), "{\"url\":\"http://a.example/\",\"text\":\"x\"}\n");
  const std::string in = tmp.File("in.jsonl");
  std::string out, err;
  EXPECT_EQ(Dechrome("run --min-fraction nan " + in + " -o " + tmp.File("o1.jsonl"), &out, &err), 2);
  EXPECT_NE(err.find("--min-fraction wants a number from 0 to 1, not 'nan'"), std::string::npos) << err;
  EXPECT_NE(err.find("usage:"), std::string::npos) << err;
  EXPECT_EQ(Dechrome("run --text-field= " + in + " -o " + tmp.File("o2.jsonl"), &out, &err), 2);
  EXPECT_NE(err.find("--text-field"), std::string::npos) << err;
  EXPECT_EQ(Dechrome("run -L 9 " + in + " -o " + tmp.File("o3.jsonl.gz"), &out, &err), 2);
  EXPECT_NE(err.find("gzip"), std::string::npos) << err;
  EXPECT_EQ(Dechrome("run -j 2x " + in + " -o " + tmp.File("o4.jsonl"), &out, &err), 2);
  for (const char* o : {"o1.jsonl", "o2.jsonl", "o3.jsonl.gz", "o4.jsonl"}) EXPECT_FALSE(FileExists(tmp.File(o))) << o;
  EXPECT_EQ(Dechrome("count --drop-empty " + in + " -o " + tmp.File("t.dct"), &out, &err), 2);
  EXPECT_NE(err.find("not an option of 'dechrome count'"), std::string::npos) << err;
}

TEST(FlagsTest, TheBinaryPrintsEachCommandsHelp) {
  std::string general, out, err;
  ASSERT_EQ(Dechrome("--help", &general, &err), 0) << err;
  EXPECT_NE(general.find("dechrome explain"), std::string::npos);
  ASSERT_EQ(Dechrome("run --help", &out, &err), 0) << err;
  if (out == general) {
    GTEST_SKIP() << "tools/dechrome_main.cc does not pass args.help_command to cli::HelpText yet";
  }
  EXPECT_EQ(out, cli::HelpText(true, Command::kRun));
  for (const char* c : {"count", "filter", "explain", "merge"}) {
    ASSERT_EQ(Dechrome(absl::StrCat(c, " -h"), &out, &err), 0) << err;
    EXPECT_EQ(out.rfind(absl::StrCat("usage: dechrome ", c, " "), 0), 0u) << out;
    ASSERT_EQ(Dechrome(absl::StrCat(c, " --help"), &out, &err), 0) << err;
    EXPECT_NE(out.find("exit status"), std::string::npos) << out;
  }
  ASSERT_EQ(Dechrome("help filter", &out, &err), 0) << err;
  EXPECT_EQ(out, cli::HelpText(true, Command::kFilter));
}

}  // namespace
}  // namespace dechrome
