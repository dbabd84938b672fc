// The partition of an mpirun job's count exchange (src/mpi/partition.h), and
// the table-layer pieces that its processes decide and write with
// (ChromeTable::Lean(), LeanKeepOf(), SerializeTable()), without MPI: a
// counted table cut into the partitions that P processes own is put back
// together as mpi_count_exchange.cc does it, and gives the lean tables that
// Load() keeps of the file and the file's bytes. (tests/cli/mpi_cli_test.cc
// runs the exchange itself under mpirun.)

#include "mpi/partition.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "dechrome/table.h"
#include "gtest/gtest.h"
#include "table/decision_entries.h"
#include "table/table_file.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace mpi {
namespace {

using testing::ListDir;
using testing::Quote;
using testing::RunCommand;
using testing::TempDir;

TEST(PartitionTest, OwnersAreInRangeStableAndSpread) {
  std::vector<std::string> sites;
  for (int i = 0; i < 4000; ++i) sites.push_back(absl::StrCat("site-", i, ".example"));
  std::mt19937_64 rng(5);
  std::vector<uint64_t> globals(4000);
  for (uint64_t& g : globals) g = rng();
  for (int n = 1; n <= 8; ++n) {
    SCOPED_TRACE(n);
    std::vector<int> per_site(n, 0), per_global(n, 0);
    for (const std::string& s : sites) {
      const int o = SiteOwner(s, n);
      ASSERT_GE(o, 0);
      ASSERT_LT(o, n);
      EXPECT_EQ(o, SiteOwner(std::string(s), n));  // the name alone decides
      ++per_site[o];
    }
    for (uint64_t g : globals) {
      const int o = GlobalOwner(g, n);
      ASSERT_GE(o, 0);
      ASSERT_LT(o, n);
      ++per_global[o];
    }
    // Each process gets its share within a fifth (4000 / n >= 500 each).
    for (int r = 0; r < n; ++r) {
      EXPECT_NEAR(per_site[r], 4000.0 / n, 800.0 / n) << r;
      EXPECT_NEAR(per_global[r], 4000.0 / n, 800.0 / n) << r;
    }
  }
  // Global keys whose top bits agree (one counter shard) still spread.
  std::vector<int> spread(4, 0);
  for (uint64_t i = 0; i < 1000; ++i) ++spread[GlobalOwner((uint64_t{0xab} << 56) | i, 4)];
  for (int r = 0; r < 4; ++r) EXPECT_GT(spread[r], 150) << r;
}

TEST(PartitionTest, KeyMergerGivesAllRunsInKeyOrder) {
  std::mt19937_64 rng(11);
  for (size_t runs : {1, 2, 3, 5}) {
    SCOPED_TRACE(runs);
    std::vector<std::vector<ChromeTable::Entry>> parts(runs);
    std::vector<uint64_t> all;
    for (int i = 0; i < 3000; ++i) {
      ChromeTable::Entry e;
      e.key = rng();
      e.count = static_cast<uint32_t>(i);
      all.push_back(e.key);
      parts[rng() % runs].push_back(e);
    }
    if (runs > 2) parts[1].clear();  // a process without entries
    for (auto& p : parts)
      std::sort(p.begin(), p.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    std::vector<size_t> at(runs, 0);
    std::vector<int> calls(runs, 0);
    // Chunks of 1..7 entries, with an empty chunk now and then.
    KeyMerger merger(runs, [&](size_t r, std::vector<ChromeTable::Entry>* chunk) {
      if (at[r] == parts[r].size()) return false;
      if (++calls[r] % 4 == 0) return true;
      const size_t end = std::min(parts[r].size(), at[r] + 1 + rng() % 7);
      chunk->assign(parts[r].begin() + at[r], parts[r].begin() + end);
      at[r] = end;
      return true;
    });
    std::vector<uint64_t> got;
    ChromeTable::Entry e;
    while (merger.Next(&e)) got.push_back(e.key);
    EXPECT_FALSE(merger.Next(&e));
    std::vector<uint64_t> want;
    for (const auto& p : parts)
      for (const auto& x : p) want.push_back(x.key);
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want);
  }
}

// What process `me` of `n` does with its partition (mpi_count_exchange.cc,
// Decide() and SaveTable()), all processes simulated in turn.
struct Job {
  std::vector<std::vector<ChromeTable::Entry>> parts;  // by owner, sorted by key
};

Job Partition(const ChromeTable& full, int n) {
  Job job;
  job.parts.resize(n);
  for (const ChromeTable::Entry& e : full.entries())
    job.parts[SiteOwner(full.sites()[e.site].name, n)].push_back(e);
  return job;
}

ChromeTable Decide(const Job& job, const ChromeTable& full, const PolicyOptions& policy, bool audit) {
  const int n = static_cast<int>(job.parts.size());
  // Global keys to their owners; each owner counts its keys' sites.
  std::vector<std::vector<uint64_t>> globals(n);
  for (const auto& part : job.parts)
    for (const ChromeTable::Entry& e : part) globals[GlobalOwner(e.global, n)].push_back(e.global);
  std::vector<std::pair<uint64_t, uint32_t>> cross;
  for (auto& g : globals) {
    std::sort(g.begin(), g.end());
    for (size_t a = 0; a < g.size();) {
      size_t b = a;
      while (b < g.size() && g[b] == g[a]) ++b;
      if (b - a >= 2 && LeanKeepsCross(policy.min_sites, static_cast<uint32_t>(b - a), audit))
        cross.emplace_back(g[a], static_cast<uint32_t>(b - a));
      a = b;
    }
  }
  std::sort(cross.begin(), cross.end());
  std::map<uint64_t, uint32_t> cross_map(cross.begin(), cross.end());
  const DecisionEntries needs(policy, full.sites());
  std::vector<ChromeTable::Entry> kept;
  std::vector<uint64_t> keys;
  for (const auto& part : job.parts) {
    for (const ChromeTable::Entry& e : part) {
      auto it = cross_map.find(e.global);
      const bool in_set = policy.min_sites > 0 && it != cross_map.end() && it->second >= policy.min_sites;
      switch (LeanKeepOf(needs, e, in_set, audit)) {
        case LeanKeep::kEntry: kept.push_back(e); break;
        case LeanKeep::kKeyOnly: keys.push_back(e.key); break;
        case LeanKeep::kNothing: break;
      }
    }
  }
  std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  std::sort(keys.begin(), keys.end());
  return ChromeTable::Lean(audit ? ChromeTable::LoadMode::kForAudit : ChromeTable::LoadMode::kForFilter,
                           full.sites(), std::move(kept), std::move(cross), std::move(keys), policy,
                           full.site_by_domain(), full.entries().size());
}

void ExpectSameLean(const ChromeTable& a, const ChromeTable& b, const ChromeTable& full) {
  EXPECT_EQ(a.mode(), b.mode());
  EXPECT_EQ(a.file_entries(), b.file_entries());
  ASSERT_EQ(a.sites().size(), b.sites().size());
  ASSERT_EQ(a.entries().size(), b.entries().size());
  for (size_t i = 0; i < a.entries().size(); ++i) {
    ASSERT_EQ(a.entries()[i].key, b.entries()[i].key) << i;
    ASSERT_EQ(a.entries()[i].global, b.entries()[i].global) << i;
    ASSERT_EQ(a.entries()[i].count, b.entries()[i].count) << i;
    ASSERT_EQ(a.entries()[i].site, b.entries()[i].site) << i;
  }
  EXPECT_EQ(a.cross_sites(), b.cross_sites());
  for (const ChromeTable::Entry& e : full.entries()) {
    uint32_t ca = 0, cb = 0;
    ASSERT_EQ(a.Lookup(e.key, &ca), b.Lookup(e.key, &cb)) << e.key;
    ASSERT_EQ(ca, cb) << e.key;
    ASSERT_EQ(a.CrossSites(e.global), b.CrossSites(e.global)) << e.global;
  }
}

TEST(PartitionTest, PartitionsGiveTheLeanLoadsAndTheTableFile) {
  TempDir tmp;
  const std::string cmd = absl::StrCat("python3 ", testing::SourceDir(),
                                       "/scripts/make_corpus.py --docs 800 --sites 14 --parts 2 --labels --out ",
                                       Quote(tmp.File("in")));
  ASSERT_EQ(RunCommand(cmd), 0) << cmd;
  std::vector<std::string> inputs;
  for (const std::string& name : ListDir(tmp.File("in")))
    if (name.rfind("part-", 0) == 0) inputs.push_back(tmp.File("in/" + name));
  std::sort(inputs.begin(), inputs.end());
  ASSERT_FALSE(inputs.empty());
  ChromeTable full;
  Summary summary;
  RunOptions options;
  options.threads = 2;
  ASSERT_TRUE(CountInputs(inputs, options, &full, &summary).ok());
  ASSERT_GT(full.entries().size(), 1000u);
  const std::string path = tmp.File("t.dct");
  ASSERT_TRUE(full.Save(path).ok());
  const std::string bytes = full.Serialize();
  for (uint32_t min_sites : {0u, 2u, 3u}) {
    PolicyOptions policy = full.policy();
    policy.min_sites = min_sites;
    ChromeTable::LoadOptions load;
    load.adjust_policy = [&](PolicyOptions* p) { p->min_sites = min_sites; };
    for (int n = 1; n <= 4; ++n) {
      SCOPED_TRACE(absl::StrCat("min_sites ", min_sites, ", ", n, " processes"));
      const Job job = Partition(full, n);
      if (n > 1) {
        for (const auto& part : job.parts) EXPECT_LT(part.size(), full.entries().size());
      }
      for (bool audit : {false, true}) {
        load.mode = audit ? ChromeTable::LoadMode::kForAudit : ChromeTable::LoadMode::kForFilter;
        absl::StatusOr<ChromeTable> loaded = ChromeTable::Load(path, load);
        ASSERT_TRUE(loaded.ok()) << loaded.status();
        ExpectSameLean(Decide(job, full, policy, audit), *loaded, full);
      }
      // The file, from the partitions merged by key.
      std::vector<size_t> at(n, 0);
      KeyMerger merger(n, [&](size_t r, std::vector<ChromeTable::Entry>* chunk) {
        if (at[r] == job.parts[r].size()) return false;
        const size_t end = std::min(job.parts[r].size(), at[r] + 100);
        chunk->assign(job.parts[r].begin() + at[r], job.parts[r].begin() + end);
        at[r] = end;
        return true;
      });
      std::string got;
      ASSERT_TRUE(SerializeTable(full.policy(), full.site_by_domain(), full.sites(), full.entries().size(),
                                 [&](ChromeTable::Entry* e) { return merger.Next(e); },
                                 [&](std::string_view piece) {
                                   got.append(piece.data(), piece.size());
                                   return absl::OkStatus();
                                 })
                      .ok());
      EXPECT_TRUE(got == bytes) << "table file differs";
    }
  }
  // Another number of entries than announced: an error, not a file.
  std::string ignored;
  size_t i = 0;
  const absl::Status short_of_one = SerializeTable(
      full.policy(), full.site_by_domain(), full.sites(), full.entries().size() + 1,
      [&](ChromeTable::Entry* e) {
        if (i == full.entries().size()) return false;
        *e = full.entries()[i++];
        return true;
      },
      [&](std::string_view piece) {
        ignored.append(piece.data(), piece.size());
        return absl::OkStatus();
      });
  EXPECT_EQ(short_of_one.code(), absl::StatusCode::kInternal) << short_of_one;
}

}  // namespace
}  // namespace mpi
}  // namespace dechrome
