// Lean tables (ChromeTable::LoadMode::kForFilter / kForAudit): filtering
// with one gives the bytes that filtering with the whole table gives --
// outputs, audit files, and the summary's decision fields -- on generated
// JSONL, WET and HTML WARC corpora, with thresholds low and high and the
// rules toggled. The decider built on a lean table answers every question
// as the one built on the whole table does.

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "dechrome/table.h"
#include "gtest/gtest.h"
#include "policy/decider.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::ListDir;
using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;

struct Corpus {
  const char* name;
  const char* make;  // the generator's command line after "python3 SRC/scripts/"
};

const Corpus kCorpora[] = {
    {"jsonl", "make_corpus.py --docs 600 --sites 12 --parts 2 --labels --out"},
    {"wet", "make_corpus.py --format wet --compress gz --docs 400 --sites 10 --parts 1 --seed 3 --out"},
    {"html", "make_html_corpus.py --mib 1.5 --sites 8 --parts 1 --quiet --out"},
};

struct Variant {
  const char* name;
  void (*adjust)(PolicyOptions*);
};

const Variant kVariants[] = {
    {"table's", [](PolicyOptions*) {}},
    {"low thresholds", [](PolicyOptions* p) {
       p->min_count = 1;
       p->long_min_count = 1;
       p->min_fraction = 0;
       p->min_site_docs = 1;
     }},
    {"high thresholds", [](PolicyOptions* p) {
       p->min_count = 6;
       p->long_min_count = 9;
       p->min_fraction = 0.2;
     }},
    {"min-sites 2", [](PolicyOptions* p) {
       p->min_sites = 2;
       p->cross_site_min_length = 0;
     }},
    {"min-sites 0", [](PolicyOptions* p) { p->min_sites = 0; }},
    {"no long lines", [](PolicyOptions* p) { p->long_line_length = 0; }},
    {"rules off", [](PolicyOptions* p) {
       p->other_headline = false;
       p->templated = false;
       p->protect_lead = false;
       p->protect_isolated = false;
       p->protect_title = false;
       p->page_structure = false;
     }},
    {"no-other-headline, remove-labels", [](PolicyOptions* p) {
       p->other_headline = false;
       p->remove_labels = true;
     }},
    {"no-templated, no-protect-lead", [](PolicyOptions* p) {
       p->templated = false;
       p->protect_lead = false;
     }},
};

ChromeTable MustLoad(const std::string& path, ChromeTable::LoadMode mode, void (*adjust)(PolicyOptions*)) {
  ChromeTable::LoadOptions o;
  o.mode = mode;
  o.adjust_policy = adjust;
  absl::StatusOr<ChromeTable> t = ChromeTable::Load(path, o);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? std::move(*t) : ChromeTable();
}

// Filters `inputs` into folder `dir` with `table`; with `audit`, writes the
// audit into dir/audit. Returns the summary's JSON without timings and
// memory.
std::string Filter(const ChromeTable& table, const std::vector<std::string>& inputs, const std::string& dir,
                   bool audit) {
  RunOptions options;
  options.threads = 2;
  options.collect_audit = audit;
  std::filesystem::create_directories(dir);
  absl::StatusOr<std::vector<std::string>> outputs = PlanOutputs(inputs, dir, OutputFormat::kAuto);
  EXPECT_TRUE(outputs.ok()) << outputs.status();
  if (!outputs.ok()) return "";
  Summary summary;
  absl::Status s = FilterInputs(table, inputs, *outputs, options, &summary);
  EXPECT_TRUE(s.ok()) << s;
  if (audit) {
    s = WriteAudit(dir + "/audit", table, summary);
    EXPECT_TRUE(s.ok()) << s;
  }
  return summary.ToJson(false);
}

// Every file of folder `a` (and a/audit) has the bytes of the same file in `b`.
void ExpectSameFiles(const std::string& a, const std::string& b, const std::string& what) {
  std::vector<std::string> names = ListDir(a);
  ASSERT_FALSE(names.empty()) << a;
  EXPECT_EQ(names.size(), ListDir(b).size()) << what;
  for (const std::string& n : names) {
    if (n == "audit") {
      ExpectSameFiles(a + "/audit", b + "/audit", what + " audit");
      continue;
    }
    EXPECT_TRUE(ReadFile(a + "/" + n) == ReadFile(b + "/" + n)) << what << ": " << n;
  }
}

// The decider on `lean` answers as the one on `full`, for every key of the
// full table and for keys it never saw. With `audit`, Explain() too, for
// line keys (what it is asked about: not headline or template keys).
void ExpectSameDecider(const ChromeTable& full, const ChromeTable& lean, bool audit, const std::string& what) {
  const ChromeDecider a(full), b(lean);
  EXPECT_EQ(a.chrome_keys(), b.chrome_keys()) << what;
  EXPECT_EQ(a.cross_site_keys(), b.cross_site_keys()) << what;
  std::mt19937_64 rng(7);
  size_t checked = 0;
  for (const ChromeTable::Entry& e : full.entries()) {
    const int site = static_cast<int>(e.site);
    for (uint64_t key : {e.key, rng()}) {
      for (size_t len : {size_t{5}, size_t{30}, size_t{90}}) {
        uint32_t ca = 0, cb = 0;
        ASSERT_EQ(a.IsChrome(site, key, e.global, len, &ca), b.IsChrome(site, key, e.global, len, &cb)) << what;
        ASSERT_EQ(ca, cb) << what;
        const ChromeDecider::Counted la = a.LookupCounted(site, key, len), lb = b.LookupCounted(site, key, len);
        ASSERT_EQ(la.site_chrome, lb.site_chrome) << what;
        ASSERT_EQ(la.cross_chrome, lb.cross_chrome) << what;
        ASSERT_EQ(la.repeated, lb.repeated) << what;
        ASSERT_EQ(la.count, lb.count) << what;
        if (audit && !DecisionEntries::IsHeadlineEntry(e) && !DecisionEntries::IsTemplateEntry(e)) {
          const Verdict va = a.Explain(site, key, e.global, len), vb = b.Explain(site, key, e.global, len);
          ASSERT_EQ(va.chrome, vb.chrome) << what;
          ASSERT_STREQ(va.rule, vb.rule) << what;
          ASSERT_EQ(va.count, vb.count) << what;
          ASSERT_EQ(va.sites, vb.sites) << what;
          ASSERT_EQ(va.threshold, vb.threshold) << what;
        }
      }
      ASSERT_EQ(a.IsRepeated(key), b.IsRepeated(key)) << what;
      ASSERT_EQ(a.HeadlineCount(key), b.HeadlineCount(key)) << what;
      ++checked;
    }
  }
  EXPECT_GT(checked, 1000u) << what;
}

TEST(LeanTableTest, FilterAuditAndStatsAreThoseOfTheFullTable) {
  TempDir tmp;
  for (const Corpus& corpus : kCorpora) {
    const std::string dir = tmp.File(corpus.name);
    const std::string cmd =
        absl::StrCat("python3 ", testing::SourceDir(), "/scripts/", corpus.make, " ", Quote(dir + "/in"));
    ASSERT_EQ(RunCommand(cmd), 0) << cmd;
    std::vector<std::string> inputs;
    for (const std::string& n : ListDir(dir + "/in"))
      if (n.rfind("part-", 0) == 0) inputs.push_back(dir + "/in/" + n);
    std::sort(inputs.begin(), inputs.end());
    ASSERT_FALSE(inputs.empty()) << cmd;
    ChromeTable counted;
    Summary count;
    RunOptions count_options;
    count_options.threads = 2;
    ASSERT_TRUE(CountInputs(inputs, count_options, &counted, &count).ok()) << corpus.name;
    const std::string table = dir + "/t.dct";
    ASSERT_TRUE(counted.Save(table).ok());
    for (const Variant& v : kVariants) {
      const std::string what = absl::StrCat(corpus.name, ", ", v.name);
      SCOPED_TRACE(what);
      const ChromeTable full = MustLoad(table, ChromeTable::LoadMode::kFull, v.adjust);
      const ChromeTable lean = MustLoad(table, ChromeTable::LoadMode::kForFilter, v.adjust);
      const ChromeTable lean_audit = MustLoad(table, ChromeTable::LoadMode::kForAudit, v.adjust);
      EXPECT_EQ(lean.file_entries(), full.entries().size());
      EXPECT_LE(lean.entries().size(), lean_audit.entries().size());
      EXPECT_LE(lean.MemoryUsage(), lean_audit.MemoryUsage());
      EXPECT_LE(lean_audit.MemoryUsage(), full.MemoryUsage());
      ExpectSameDecider(full, lean, false, what);
      ExpectSameDecider(full, lean_audit, true, what);

      const std::string out = absl::StrCat(dir, "/", &v - kVariants);
      const std::string json_full = Filter(full, inputs, out + "-full", true);
      const std::string json_audit = Filter(lean_audit, inputs, out + "-lean-audit", true);
      const std::string json_lean = Filter(lean, inputs, out + "-lean", false);
      EXPECT_EQ(json_full, json_audit);
      EXPECT_EQ(json_full, json_lean);
      ExpectSameFiles(out + "-full", out + "-lean-audit", what);
      for (const std::string& in : inputs) {
        const std::string name = in.substr(in.rfind('/') + 1);
        EXPECT_TRUE(ReadFile(out + "-full/" + name) == ReadFile(out + "-lean/" + name)) << name;
      }
    }
    // The default policy leaves most entries out (content lines seen once;
    // the small HTML corpus repeats its element paths).
    const ChromeTable lean = MustLoad(table, ChromeTable::LoadMode::kForFilter, kVariants[0].adjust);
    EXPECT_LT(lean.entries().size() * (std::string(corpus.name) == "html" ? 1 : 2), lean.file_entries())
        << corpus.name;
  }
}

TEST(LeanTableTest, ALeanTableIsNotACountingTable) {
  TempDir tmp;
  std::vector<ChromeTable::Site> sites = {{"a.com", 100}, {"b.org", 10}};
  std::vector<ChromeTable::Entry> entries;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 500; ++i)
    entries.push_back({rng(), rng() % 300, static_cast<uint32_t>(i % 3 == 0 ? 5 : 1), static_cast<uint32_t>(i % 2)});
  std::sort(entries.begin(), entries.end(), [](auto& x, auto& y) { return x.key < y.key; });
  PolicyOptions p;
  p.min_count = 3;
  p.min_fraction = 0;
  const ChromeTable whole(sites, entries, p, true);
  ASSERT_TRUE(whole.Save(tmp.File("t.dct")).ok());
  ChromeTable::LoadOptions o;
  o.mode = ChromeTable::LoadMode::kForFilter;
  absl::StatusOr<ChromeTable> lean = ChromeTable::Load(tmp.File("t.dct"), o);
  ASSERT_TRUE(lean.ok()) << lean.status();
  EXPECT_TRUE(lean->lean());
  EXPECT_EQ(lean->file_entries(), 500u);
  EXPECT_LT(lean->entries().size(), 500u);
  EXPECT_LT(lean->MemoryUsage(), whole.MemoryUsage());
  absl::Status saved = lean->Save(tmp.File("again.dct"));
  EXPECT_EQ(saved.code(), absl::StatusCode::kFailedPrecondition) << saved;
  EXPECT_FALSE(testing::FileExists(tmp.File("again.dct")));
  ChromeTable copy = whole;
  EXPECT_EQ(copy.Merge(*lean).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(lean->Merge(whole).code(), absl::StatusCode::kFailedPrecondition);
  // adjust_policy decides what is kept: a threshold of 1 keeps every line.
  o.adjust_policy = [](PolicyOptions* q) { q->min_count = 1; };
  absl::StatusOr<ChromeTable> all = ChromeTable::Load(tmp.File("t.dct"), o);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->entries().size(), 500u);
  EXPECT_EQ(all->policy().min_count, 1u);
  // kForAudit knows the keys it dropped (count 1).
  o.mode = ChromeTable::LoadMode::kForAudit;
  o.adjust_policy = nullptr;
  absl::StatusOr<ChromeTable> audit = ChromeTable::Load(tmp.File("t.dct"), o);
  ASSERT_TRUE(audit.ok());
  for (const ChromeTable::Entry& e : entries) {
    uint32_t count = 0;
    EXPECT_TRUE(audit->Lookup(e.key, &count));
    EXPECT_EQ(count, e.count);
  }
  uint32_t count = 7;
  EXPECT_FALSE(audit->Lookup(12345, &count));
  EXPECT_EQ(count, 0u);
}

// A lean load refuses what a full load refuses, with the same message.
TEST(LeanTableTest, BadFilesGiveTheFullLoadsErrors) {
  TempDir tmp;
  std::vector<ChromeTable::Site> sites = {{"a.com", 100}};
  std::vector<ChromeTable::Entry> entries;
  for (uint64_t i = 1; i <= 300; ++i) entries.push_back({i * 977, i % 40, static_cast<uint32_t>(i % 4), 0});
  const std::string bytes = ChromeTable(sites, entries, PolicyOptions(), true).Serialize();
  std::vector<std::pair<std::string, std::string>> files = {
      {"short", bytes.substr(0, 15)},
      {"magic", "not a table at all, but long enough to have a header\n"},
      {"truncated", bytes.substr(0, bytes.size() - 30)},
      {"longer", bytes + "x"},
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  files.push_back({"flipped", flipped});
  std::string version = bytes;
  version[8] = 9;
  files.push_back({"version", version});
  for (const auto& [name, data] : files) {
    testing::WriteFile(tmp.File(name), data);
    absl::StatusOr<ChromeTable> full = ChromeTable::Load(tmp.File(name));
    ASSERT_FALSE(full.ok()) << name;
    for (auto mode : {ChromeTable::LoadMode::kForFilter, ChromeTable::LoadMode::kForAudit}) {
      ChromeTable::LoadOptions o;
      o.mode = mode;
      absl::StatusOr<ChromeTable> lean = ChromeTable::Load(tmp.File(name), o);
      ASSERT_FALSE(lean.ok()) << name;
      EXPECT_EQ(lean.status(), full.status()) << name;
    }
  }
  ChromeTable::LoadOptions o;
  o.mode = ChromeTable::LoadMode::kForFilter;
  EXPECT_EQ(ChromeTable::Load(tmp.File("missing"), o).status(), ChromeTable::Load(tmp.File("missing")).status());
}

}  // namespace
}  // namespace dechrome
