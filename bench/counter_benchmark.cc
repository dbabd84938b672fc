// Benchmark of the counting pass's shared state: ShardedLineCounter fed
// through one BatchedCounterWriter per thread, as src/pipeline/count_pass.cc
// does.
//
//   BM_CounterInsert/shard_bits:B/threads:T
//       T threads each insert the same deterministic stream of 2^17 KeyedLine
//       per iteration into a fresh counter with 2^B shards (the pipeline uses
//       B = 6 with one thread and B = 8 with several). About 85% of a
//       stream's keys are unique to it (the content lines of a corpus); the
//       rest come from a pool of per-site chrome keys shared by all threads,
//       so those shards' locks are contended. items/s is lines per second of
//       wall time over all threads (UseRealTime), i.e. what the pass sees.
//
//   BM_CounterBytesPerKey/keys:N/shard_bits:B
//       One thread adds N distinct keys (and as many repeats) to a counter
//       with 2^B shards and reports its memory: bytes_per_key is
//       MemoryUsage() / size() at the end, the counting peak (the issue's
//       bound is 24), slots_per_key the reciprocal of the load.
//
// Before timing, a 4-thread run is compared entry by entry with a
// single-threaded absl::flat_hash_map reference; on a mismatch every thread
// stops with SkipWithError.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "benchmark/benchmark.h"
#include "count/sharded_counter.h"

namespace dechrome {
namespace {

constexpr size_t kLinesPerThread = size_t{1} << 17;
constexpr uint32_t kSites = 400;
constexpr uint32_t kChromePerSite = 30;
constexpr int kUniquePercent = 85;

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The stream of thread `thread`: deterministic, independent of the thread
// count, with a chrome key's site and global key fixed by the key.
std::vector<KeyedLine> MakeStream(int thread) {
  std::vector<KeyedLine> lines;
  lines.reserve(kLinesPerThread);
  uint64_t rng = Mix(0x5eed0000ULL + static_cast<uint64_t>(thread));
  for (size_t j = 0; j < kLinesPerThread; ++j) {
    rng = Mix(rng);
    if (static_cast<int>(rng % 100) < kUniquePercent) {
      const uint64_t id = (uint64_t{static_cast<uint32_t>(thread)} << 40) | j;
      const uint64_t key = Mix(id ^ 0xc0ffee);
      lines.push_back(KeyedLine(key, static_cast<uint32_t>((rng >> 8) % kSites), KeyKind::kLine));
    } else {
      const uint32_t site = static_cast<uint32_t>((rng >> 8) % kSites);
      const uint32_t chrome = static_cast<uint32_t>((rng >> 24) % kChromePerSite);
      const uint64_t key = Mix((uint64_t{site} << 32) | chrome);
      lines.push_back(KeyedLine(key, site, chrome % 2 ? KeyKind::kLine : KeyKind::kHeadline));
    }
  }
  return lines;
}

const std::vector<KeyedLine>& Stream(int thread) {
  static constexpr int kMaxCached = 64;
  static absl::Mutex mu;
  static auto* streams = new std::vector<std::unique_ptr<std::vector<KeyedLine>>>(kMaxCached);
  absl::MutexLock lock(&mu);
  auto& slot = (*streams)[static_cast<size_t>(thread % kMaxCached)];
  if (slot == nullptr) slot = std::make_unique<std::vector<KeyedLine>>(MakeStream(thread));
  return *slot;
}

// Runs `threads` writers into one counter and compares the result with a
// single-threaded map. Returns "" when they agree, else what differs.
std::string Verify(int threads, int shard_bits, size_t batch_size) {
  std::vector<const std::vector<KeyedLine>*> streams;
  for (int t = 0; t < threads; ++t) streams.push_back(&Stream(t));

  absl::flat_hash_map<uint64_t, LineEntry> reference;
  for (const auto* stream : streams) {
    for (const KeyedLine& l : *stream) {
      LineEntry& e = reference[l.key];
      if (e.count == 0) e.tag = l.tag;
      e.count += l.count;
    }
  }

  ShardedLineCounter counter(shard_bits);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&counter, stream = streams[t], batch_size] {
      BatchedCounterWriter writer(&counter, batch_size);
      for (const KeyedLine& l : *stream) writer.Add(l);
    });
  }
  for (auto& w : workers) w.join();

  if (counter.size() != reference.size()) {
    return absl::StrCat("counter holds ", counter.size(), " keys, reference ", reference.size());
  }
  std::string error;
  counter.ForEach([&](uint64_t key, const LineEntry& e) {
    if (!error.empty()) return;
    auto it = reference.find(key);
    if (it == reference.end()) {
      error = absl::StrCat("key ", key, " is not in the reference");
    } else if (it->second.count != e.count || it->second.tag != e.tag) {
      error = absl::StrCat("key ", key, ": count ", e.count, " tag ", e.tag, ", reference count ",
                           it->second.count, " tag ", it->second.tag);
    }
  });
  return error;
}

const std::string& VerificationError() {
  static const std::string* error = [] {
    std::string e;
    for (int shard_bits : {0, 3, 6, 8}) {
      // Small batches so that many flushes interleave between threads.
      e = Verify(4, shard_bits, 37);
      if (!e.empty()) {
        e = absl::StrCat("shard_bits ", shard_bits, ": ", e);
        break;
      }
    }
    return new std::string(e);
  }();
  return *error;
}

// A reusable barrier (absl::Barrier is single-use).
class Barrier {
 public:
  explicit Barrier(int n) : n_(n) {}
  void Wait() {
    absl::MutexLock lock(&mu_);
    const uint64_t generation = generation_;
    if (++arrived_ == n_) {
      arrived_ = 0;
      ++generation_;
      return;
    }
    auto passed = [this, generation]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return generation_ != generation;
    };
    mu_.Await(absl::Condition(&passed));
  }

 private:
  absl::Mutex mu_;
  const int n_;
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

// Shared by the threads of one benchmark run; set up by thread 0 before the
// loop (the loop's start is a barrier of the benchmark library).
struct SharedRun {
  explicit SharedRun(int threads) : barrier(threads) {}
  Barrier barrier;
  std::unique_ptr<ShardedLineCounter> counter;
};
SharedRun* g_run = nullptr;

void BM_CounterInsert(benchmark::State& state) {
  const int shard_bits = static_cast<int>(state.range(0));
  const std::string& error = VerificationError();
  if (!error.empty()) state.SkipWithError(error.c_str());
  const std::vector<KeyedLine>& stream = Stream(state.thread_index());
  if (state.thread_index() == 0) g_run = new SharedRun(state.threads());
  for (auto _ : state) {
    SharedRun& run = *g_run;
    // A fresh counter per iteration, so every iteration does the same work
    // (new keys, table growth) as a real counting pass.
    if (state.thread_index() == 0) run.counter = std::make_unique<ShardedLineCounter>(shard_bits);
    run.barrier.Wait();
    {
      BatchedCounterWriter writer(run.counter.get());
      for (const KeyedLine& l : stream) writer.Add(l);
    }  // flushes
    run.barrier.Wait();
  }
  // The loop's end is a barrier too: no thread uses g_run any more.
  if (state.thread_index() == 0) {
    delete g_run;
    g_run = nullptr;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(kLinesPerThread));
}

int NumCpus() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

BENCHMARK(BM_CounterInsert)
    ->ArgName("shard_bits")
    ->Arg(0)
    ->Arg(6)
    ->Arg(8)
    ->ThreadRange(1, NumCpus())
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_CounterBytesPerKey(benchmark::State& state) {
  const uint64_t keys = static_cast<uint64_t>(state.range(0));
  const int shard_bits = static_cast<int>(state.range(1));
  double bytes_per_key = 0, slots = 0;
  for (auto _ : state) {
    ShardedLineCounter counter(shard_bits);
    {
      BatchedCounterWriter writer(&counter);
      for (uint64_t i = 0; i < 2 * keys; ++i) {
        const uint64_t id = i % keys;  // every key twice
        writer.Add(KeyedLine(Mix(id), static_cast<uint32_t>(id % kSites), KeyKind::kLine));
      }
    }
    if (counter.size() != keys) state.SkipWithError("wrong number of keys");
    bytes_per_key = static_cast<double>(counter.MemoryUsage()) / static_cast<double>(counter.size());
    slots = bytes_per_key / 16;
  }
  state.counters["bytes_per_key"] = bytes_per_key;
  state.counters["slots_per_key"] = slots;
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 2 * keys));
}

BENCHMARK(BM_CounterBytesPerKey)
    ->ArgNames({"keys", "shard_bits"})
    ->Args({1 << 20, 6})
    ->Args({1 << 20, 8})
    ->Args({3 << 20, 6})
    ->Args({10 << 20, 6})
    ->Args({10 << 20, 8})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dechrome
