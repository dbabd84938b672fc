// Pass 1: count, per site, the documents containing each normalised line.

#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdio>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "runtime/mutex.h"
#include "absl/time/clock.h"
#include "count/distinct_keys.h"
#include "count/near_duplicates.h"
#include "count/sharded_counter.h"
#include "pipeline/count_exchange.h"
#include "dechrome/pipeline.h"
#include "hash/line_hash.h"
#include "hash/line_keys.h"
#include "jsonl/jsonl.h"
#include "pipeline/input.h"
#include "pipeline/passes.h"
#include "pipeline/producer.h"
#include "pipeline/stats.h"
#include "policy/headline.h"
#include "policy/page_judge.h"
#include "runtime/ordered_pipeline.h"
#include "runtime/parallel.h"
#include "text/site.h"
#include "warc/warc.h"

namespace dechrome {

// Gives `freed` bytes of heap memory back to the system when they are a
// fair share of the memory budget (glibc keeps large freed blocks for reuse
// otherwise, and the peak RSS of the next phase stacks on them). Far below
// the budget they are better kept: trimming costs a TLB flush on every core
// and the next phase faults the pages in again (2-3% of a count pass).
static void ReleaseFreedMemory(uint64_t freed, uint64_t budget) {
#ifdef __GLIBC__
  if (freed >= budget / 8) malloc_trim(0);
#else
  (void)freed;
  (void)budget;
#endif
}

int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

// A cgroup memory limit file's number, or 0 ("max", absent, unreadable).
static uint64_t ReadMemoryLimit(const std::string& path) {
  unsigned long long limit = 0;
  if (FILE* f = std::fopen(path.c_str(), "r")) {
    if (std::fscanf(f, "%llu", &limit) != 1) limit = 0;
    std::fclose(f);
  }
  return limit;
}

// The memory this process may use: physical memory, or the lowest memory
// limit of its cgroup and the cgroup's ancestors (a container, a batch
// job's allocation under Slurm or systemd) when that is lower. cgroup v2
// ("0::/path" in /proc/self/cgroup: memory.max) and v1 (the "memory"
// controller: memory.limit_in_bytes).
static uint64_t UsableMemory() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  uint64_t bytes = pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page)
                                         : uint64_t{8} << 30;
  FILE* f = std::fopen("/proc/self/cgroup", "r");
  if (f == nullptr) return bytes;
  char buf[4096];
  while (std::fgets(buf, sizeof(buf), f) != nullptr) {
    std::string line(buf);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    const size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string id = line.substr(0, a), controllers = line.substr(a + 1, b - a - 1);
    std::string path = line.substr(b + 1);
    std::string base, file;
    if (id == "0" && controllers.empty()) {
      base = "/sys/fs/cgroup", file = "memory.max";
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      base = "/sys/fs/cgroup/memory", file = "memory.limit_in_bytes";
    } else {
      continue;
    }
    for (;;) {  // the cgroup, then each ancestor up to the root
      const uint64_t limit = ReadMemoryLimit(base + (path == "/" ? "" : path) + "/" + file);
      if (limit > 0) bytes = std::min(bytes, limit);
      if (path.empty() || path == "/") break;
      const size_t slash = path.rfind('/');
      path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
    }
  }
  std::fclose(f);
  return bytes;
}

MemoryPlan PlanMemory(const RunOptions& options, int threads, bool with_hints) {
  MemoryPlan p;
  p.budget = options.memory != 0 ? options.memory : UsableMemory() / 2;
  // As many chunks as the ordered pipeline holds at most (README, Memory).
  const uint64_t t = static_cast<uint64_t>(threads);
  p.chunks = (6 * t + 2 * std::min<uint64_t>(2 * t, 8) + 2) * options.chunk_bytes;
  p.hints = with_hints ? std::min<uint64_t>(options.hint_memory, p.budget / 4) : 0;
  // (At least 256 KiB, as the counting table: spilling far below that is
  // all overhead.)
  p.sketches = options.policy.collapse_near_duplicates ? std::max<uint64_t>(p.budget / 4, uint64_t{256} << 10) : 0;
  const uint64_t taken = p.chunks + p.hints + p.sketches;
  p.counter = std::max<uint64_t>(taken < p.budget ? p.budget - taken : 0, uint64_t{256} << 10);
  return p;
}

std::string MemoryPlanWarning(const RunOptions& options, const MemoryPlan& plan, int threads) {
  if (options.memory == 0 || plan.chunks + plan.hints + plan.sketches + plan.counter <= plan.budget) return "";
  return absl::StrFormat(
      "--memory %.0f MiB leaves the counting table only %.2f MiB after %.0f MiB of chunks in flight "
      "(-j%d x --chunk-size), hints and sketches: it will spill often; give more memory or fewer threads",
      plan.budget / 1048576.0, plan.counter / 1048576.0, plan.chunks / 1048576.0, threads);
}

std::string SpillFolder(const RunOptions& options) {
  if (!options.temp_dir.empty()) return options.temp_dir;
  const char* tmpdir = getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir ? tmpdir : "/tmp";
}

std::string RecordWhere(const std::string& path, const Chunk& chunk, size_t i) {
  return absl::StrCat(path, ": record ", chunk.first_record + i + 1, " (byte ",
                      chunk.stream_offset + chunk.records[i].begin, ")");
}

absl::Status OutOfMemoryError(const std::string& path, const Chunk& chunk, size_t i) {
  const std::string where = i < chunk.records.size()
                                ? RecordWhere(path, chunk, i)
                                : absl::StrCat(path, ": record ", chunk.first_record + i + 1, " (near byte ",
                                               chunk.stream_offset, ")");
  return absl::ResourceExhaustedError(absl::StrCat(
      where, ": out of memory; a lower --max-record-size bounds what one record may take"));
}

namespace {

// Site name -> dense index, shared by the workers.
class SiteRegistry {
 public:
  uint32_t Index(const std::string& name) {
    MutexLock lock(&mu_);
    auto it = index_.find(name);
    if (it != index_.end()) return it->second;
    // The counter holds 30-bit site indexes: a billion sites per process.
    if (names_.size() > kMaxCounterSite) return kTooMany;
    index_.emplace(name, static_cast<uint32_t>(names_.size()));
    names_.push_back(name);
    return static_cast<uint32_t>(names_.size() - 1);
  }
  static constexpr uint32_t kTooMany = ~uint32_t{0};
  // REQUIRES: no concurrent Index().
  const std::vector<std::string>& names() const { return names_; }

 private:
  Mutex mu_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<std::string> names_;
};

// The global key of a counted key (see KeyKind): what the table stores
// beside it, and what the cross-site rule groups lines by.
uint64_t GlobalOf(uint64_t key, KeyKind kind, uint64_t site_seed) {
  switch (kind) {
    case KeyKind::kLine: return GlobalOfSiteLineKey(key, site_seed);
    case KeyKind::kHeadline: return HeadlineGlobal(key);
    case KeyKind::kTemplate: return TemplateGlobal(key);
    case KeyKind::kPath: return key;
  }
  return key;
}

struct CountWorker {
  CountWorker(ShardedLineCounter* counter, bool fold_dates, const SiteResolver* resolver,
              SketchSpillOptions sketch_spill)
      : hasher(fold_dates), writer(counter), sites(resolver), sketches(std::move(sketch_spill)) {}
  DocumentHasher hasher;
  BatchedCounterWriter writer;
  SiteCache sites;
  ParsedRecord parsed;
  std::vector<LineKeys> keys;
  DistinctKeys distinct;
  std::vector<uint64_t> sketch_keys;
  std::vector<uint64_t> path_keys;
  std::vector<uint64_t> headline_keys;
  std::vector<WordSketch> line_sketches;  // with hints: HintSketch() of each line
  UrlTitle url_title;
  std::string template_prefix;
  std::vector<bool> sketch_long;
  std::vector<uint64_t> site_docs;  // by site index
  // Hint words per input byte in this worker's last chunk: the next blob is
  // reserved from it, so that it seldom grows (each growth copies it and
  // pages in new memory).
  double hint_words_per_byte = 0;
  DocumentSketches sketches;
};

struct CountResult {
  ChunkStats stats;
  std::vector<uint32_t> hints;  // with LineHints: this chunk's blob
  absl::Status error;           // the chunk ran out of memory: its file fails
};

}  // namespace

absl::Status CountInputs(const std::vector<std::string>& inputs, const RunOptions& options,
                         ChromeTable* table, Summary* summary) {
  return CountPass(inputs, options, table, summary, nullptr);
}

absl::Status CountPass(const std::vector<std::string>& inputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary, LineHints* hints,
                       std::vector<absl::Status>* input_status) {
  if (input_status != nullptr) input_status->assign(inputs.size(), absl::OkStatus());
  const absl::Time start = absl::Now();
  const int threads = ResolveThreads(options.threads);
  const PolicyOptions& policy = options.policy;
  const MemoryPlan plan = PlanMemory(options, threads, hints != nullptr);
  if (options.memory > 0) {
    // A budget may spill: the folder must take files, known before any work.
    absl::StatusOr<std::unique_ptr<SpillFile>> probe = SpillFile::Create(SpillFolder(options));
    if (!probe.ok()) return probe.status();
    if (std::string w = MemoryPlanWarning(options, plan, threads); !w.empty()) summary->warnings.push_back(w);
  }
  // Held by pointer: freed as soon as the table's entries are out of it.
  auto counter_holder = std::make_unique<ShardedLineCounter>(
      threads > 1 ? 8 : 6, SpillOptions{plan.counter, SpillFolder(options)});
  ShardedLineCounter& counter = *counter_holder;
  SiteRegistry registry;
  SiteResolver resolver(options.input.site_by_domain ? SiteMode::kDomain : SiteMode::kHost);
  const RecordFormats formats(options.input);

  std::vector<std::unique_ptr<CountWorker>> workers;
  // Each worker's sketches spill past their share of the sketches' budget.
  const SketchSpillOptions sketch_spill{plan.sketches / static_cast<uint64_t>(threads), SpillFolder(options)};
  for (int i = 0; i < threads; ++i)
    workers.push_back(std::make_unique<CountWorker>(&counter, policy.fold_dates, &resolver, sketch_spill));

  InputProducer producer(inputs, options.chunk_bytes, options.input.strict,
                         options.input.max_record_bytes);
  uint64_t raw_total = 0;
  for (const std::string& in : inputs) raw_total += InputFileSize(in);
  uint64_t raw_done = 0, raw_done_files = 0;
  absl::Time last_progress = absl::InfinitePast();

  auto produce = [&](PassTask* t) { return producer.Next(t); };
  // `*at`: the record being worked on (for an out-of-memory message).
  auto work_chunk = [&](int w, PassTask& task, CountResult* result, size_t* at) -> absl::Status {
    if (task.kind != PassTask::Kind::kChunk) return absl::OkStatus();
    CountWorker& cw = *workers[w];
    const RecordFormat& format = formats.For(task.format);
    const Chunk& chunk = task.chunk;
    ChunkStats* stats = &result->stats;
    // Once the hints are full, later chunks get none: no need to make them.
    const bool make_hints = hints != nullptr && !hints->full();
    const bool keep_pages = make_hints && hints->keep_pages();
    for (const auto& issue : chunk.issues) stats->AddIssue(inputs[task.file], issue.issue);
    if (chunk.piece) {  // part of an oversized record: not counted for chrome
      if (make_hints) BeginHintBlob(chunk.first_record, 0, &result->hints);
      stats->AddPiece(inputs[task.file], chunk, options.input.max_record_bytes);
      return absl::OkStatus();
    }
    if (make_hints) {
      BeginHintBlob(chunk.first_record, chunk.records.size(), &result->hints);
      result->hints.reserve(static_cast<size_t>(cw.hint_words_per_byte * 1.05 *
                                                static_cast<double>(chunk.data.size())));
    }
    stats->bytes_in += chunk.data.size();
    for (size_t i = 0; i < chunk.records.size(); ++i) {
      *at = i;
      const RecordSpan& span = chunk.records[i];
      std::string_view rec(chunk.data.data() + span.begin, span.end - span.begin);
      cw.parsed.Clear();
      format.Parse(rec, &cw.parsed);
      ++stats->records;
      if (cw.parsed.kind == ParsedRecord::Kind::kMalformed) {
        ++stats->malformed;
        std::string msg = absl::StrCat(RecordWhere(inputs[task.file], chunk, i), ": ",
                                       cw.parsed.error);
        if (options.input.strict) return absl::DataLossError(msg);
        if (stats->warnings.size() < kMaxWarnings) stats->warnings.push_back(std::move(msg));
        continue;
      }
      if (cw.parsed.kind == ParsedRecord::Kind::kPassThrough) {
        ++stats->passthrough;
        ++stats->passthrough_types[cw.parsed.type];
        if (!cw.parsed.warning.empty()) {
          ++stats->html_not_decoded;
          if (stats->warnings.size() < kMaxWarnings)
            stats->warnings.push_back(
                absl::StrCat(RecordWhere(inputs[task.file], chunk, i), ": ", cw.parsed.warning));
        }
        continue;
      }
      ++stats->documents;
      if (cw.parsed.html) ++stats->html_documents;
      stats->text_bytes += cw.parsed.text.size();
      SiteCache::Entry& site_entry = cw.sites.Lookup(cw.parsed.url);
      const std::string& site = site_entry.site;
      if (site.empty()) {
        ++stats->documents_without_site;
        continue;
      }
      if (site_entry.index == SiteCache::kNoIndex) {
        const uint32_t index = registry.Index(site);
        if (index == SiteRegistry::kTooMany) {
          return absl::ResourceExhaustedError(absl::StrCat(
              inputs[task.file], ": more than 2^30 sites in one count: count parts of the input apart "
              "and merge the tables (dechrome merge)"));
        }
        site_entry.index = index;
      }
      const uint32_t site_index = static_cast<uint32_t>(site_entry.index);
      if (cw.site_docs.size() <= site_index) cw.site_docs.resize(site_index + 1);
      ++cw.site_docs[site_index];
      cw.hasher.Hash(cw.parsed, SiteSeed(site), &cw.keys);
      if (make_hints) {
        const size_t need = result->hints.size() + kDocHintWords + kHintWords * cw.keys.size();
        if (result->hints.capacity() < need)
          result->hints.reserve(std::max(need, 2 * result->hints.capacity()));
        const size_t doc_hint = result->hints.size();
        AppendDocHint(i, rec.size(), cw.keys.size(), cw.parsed.spans, &result->hints);
        // (The sketches serve the own-headline search below too.)
        cw.line_sketches.resize(cw.keys.size());
        for (size_t l = 0; l < cw.keys.size(); ++l) {
          cw.line_sketches[l] = HintSketch(cw.keys[l]);
          AppendLineHint(cw.keys[l], cw.line_sketches[l], &result->hints);
        }
        // An HTML page as extracted here: pass 2 need not decode it again.
        if (cw.parsed.html && keep_pages) AppendPageHint(doc_hint, cw.parsed, &result->hints);
      }
      // A line counts at most once per document.
      cw.distinct.Reset(cw.keys.size());
      cw.sketch_keys.clear();
      cw.sketch_long.clear();
      for (const LineKeys& k : cw.keys) {
        if (k.blank) continue;
        ++stats->lines;
        if (!cw.distinct.Insert(k.key)) continue;
        cw.writer.Add(KeyedLine(k.key, site_index, KeyKind::kLine));
        if (policy.collapse_near_duplicates) {
          cw.sketch_keys.push_back(k.key);
          cw.sketch_long.push_back(k.norm_length >= kLongLine);
        }
      }
      if (policy.collapse_near_duplicates) cw.sketches.Add(site_index, cw.sketch_keys, cw.sketch_long);
      // The document's own headlines (policy/headline.h), counted per site
      // apart from its lines (global = HeadlineGlobal(key): no cross-site
      // rule, and the decider tells them from lines). "other-headline",
      // "headline-list" and "templated" (a label before another page's
      // headline) read them.
      if (policy.other_headline || policy.headline_list || policy.templated) {
        cw.headline_keys.clear();
        OwnHeadlineKeys(cw.parsed, cw.keys, SiteSeed(site), &cw.hasher, &cw.url_title, &cw.headline_keys,
                        make_hints ? &cw.line_sketches : nullptr);
        for (uint64_t key : cw.headline_keys) cw.writer.Add(KeyedLine(key, site_index, KeyKind::kHeadline));
      }
      // The labels of its templated lines (policy/headline.h), likewise.
      if (policy.templated) {
        cw.headline_keys.clear();
        OwnTemplateKeys(cw.parsed, cw.keys, SiteSeed(site), &cw.template_prefix, &cw.headline_keys);
        for (uint64_t key : cw.headline_keys) cw.writer.Add(KeyedLine(key, site_index, KeyKind::kTemplate));
      }
      // An HTML page's element paths, counted per site like lines (their
      // keys are seeded apart; global = key keeps them out of the
      // cross-site rule).
      if (cw.parsed.html && policy.page_structure) {
        cw.path_keys.clear();
        PagePathKeys(cw.parsed, SiteSeed(site), &cw.path_keys);
        for (uint64_t key : cw.path_keys) cw.writer.Add(KeyedLine(key, site_index, KeyKind::kPath));
      }
    }
    // Held until pass 2: little room to spare (LineHints counts capacity).
    if (make_hints) {
      std::vector<uint32_t>& blob = result->hints;
      // (A file's last few bytes are no guide for the next full chunk.)
      if (chunk.data.size() >= (size_t{64} << 10))
        cw.hint_words_per_byte = static_cast<double>(blob.size()) / static_cast<double>(chunk.data.size());
      if (blob.capacity() > blob.size() + blob.size() / 8) blob.shrink_to_fit();
    }
    return absl::OkStatus();
  };
  // Running out of memory fails the chunk's file alone, never the process:
  // the file's status says so at its end. (Its chunks around the one that
  // failed may still be counted, as far as the other threads got with them.)
  auto work = [&](int w, PassTask& task, CountResult* result) -> absl::Status {
    size_t at = 0;
    try {
      return work_chunk(w, task, result, &at);
    } catch (const std::bad_alloc&) {
      *result = CountResult();
      workers[w]->parsed = ParsedRecord();
      workers[w]->keys = std::vector<LineKeys>();
      result->error = OutOfMemoryError(inputs[task.file], task.chunk, at);
      return absl::OkStatus();
    }
  };
  size_t failed_file = SIZE_MAX;  // the file whose chunk ran out of memory
  absl::Status failed_status;
  auto consume = [&](PassTask& task, CountResult& result) -> absl::Status {
    if (!result.error.ok() && failed_file != task.file) {
      failed_file = task.file;
      failed_status = result.error;
    }
    result.stats.AddTo(summary);
    if (hints != nullptr && task.kind == PassTask::Kind::kChunk) hints->Add(std::move(result.hints));
    if (task.kind == PassTask::Kind::kFileEnd) {
      ++summary->files;
      raw_done_files += InputFileSize(inputs[task.file]);
      raw_done = raw_done_files;
      summary->raw_bytes_in += InputFileSize(inputs[task.file]);
      ChunkStats trailing;
      for (const auto& issue : task.chunk.issues) trailing.AddIssue(inputs[task.file], issue.issue);
      trailing.AddTo(summary);
      if (task.file == failed_file) task.status = failed_status;
      if (!task.status.ok()) {
        summary->file_errors.push_back(absl::StrCat(inputs[task.file], ": ", task.status.message()));
        if (input_status != nullptr) (*input_status)[task.file] = task.status;
      } else if (task.empty_input) {
        std::string msg = absl::StrCat(inputs[task.file], ": empty input");
        if (options.input.strict) return absl::DataLossError(msg);
        if (summary->warnings.size() < kMaxWarnings) summary->warnings.push_back(msg);
      }
    } else {
      raw_done = raw_done_files + task.raw_offset;
    }
    if (options.on_progress && absl::Now() - last_progress > absl::Milliseconds(160)) {
      last_progress = absl::Now();
      options.on_progress(Progress{1, raw_done, raw_total, summary->documents});
    }
    return absl::OkStatus();
  };
  PipelineCpu cpu;
  absl::Status status = RunOrdered<PassTask, CountResult>(threads, produce, work, consume, &cpu);
  summary->count_worker_cpu_seconds += cpu.workers;
  summary->count_reader_cpu_seconds += cpu.producer;
  for (auto& w : workers) w->writer.Flush();
  // ---- Scale-out hook (pipeline/count_exchange.h) --------------------------
  // Under mpirun, the other processes' sites, counts and sketches join this
  // one's here, before the collapse; a failure in any fails every one. The
  // site documents are gathered in worker 0's (docs below sums them all).
  if (options.count_exchange != nullptr) {
    std::vector<uint64_t>& site_docs = workers[0]->site_docs;
    for (size_t w = 1; w < workers.size(); ++w) {
      std::vector<uint64_t>& from = workers[w]->site_docs;
      if (site_docs.size() < from.size()) site_docs.resize(from.size());
      for (size_t s = 0; s < from.size(); ++s) site_docs[s] += from[s];
      from.clear();
    }
    CountExchange::CountState state;
    state.counter = &counter;
    state.site_names = &registry.names();
    state.site_index = [&registry](const std::string& name) { return registry.Index(name); };
    state.site_documents = &site_docs;
    for (auto& w : workers) state.sketches.push_back(&w->sketches);
    if (status.ok()) status = counter.status();  // a spill that failed: this process failed
    for (auto& w : workers)
      if (status.ok()) status = w->sketches.status();
    status = options.count_exchange->Exchange(status, state);
  }
  // ---- end of the scale-out hook -----------------------------------------
  if (!status.ok()) return status;
  counter.Seal();

  // Sites, sorted by name for a deterministic table.
  const std::vector<std::string>& names = registry.names();
  std::vector<uint64_t> docs(names.size(), 0);
  for (auto& w : workers)
    for (size_t s = 0; s < w->site_docs.size(); ++s) docs[s] += w->site_docs[s];
  summary->counter_memory = counter.MemoryUsage();
  summary->spill_runs = counter.spill_runs();
  summary->spill_bytes = counter.spill_bytes();
  summary->table_memory = std::max<uint64_t>(summary->table_memory, summary->counter_memory);
  if (hints != nullptr) summary->table_memory += hints->peak_memory();
  // (A partitioned exchange's processes make the table together: they all
  // go on to Decide(), which fails every one if this one failed.)
  const bool partitioned = options.count_exchange != nullptr && options.count_exchange->partitioned();
  uint64_t collapsed = 0;  // documents
  absl::Status collapse_status;
  if (policy.collapse_near_duplicates) {
    std::vector<DocumentSketches> sketches;
    for (auto& w : workers) sketches.push_back(std::move(w->sketches));
    // Spilled sketches: all go to disk and their memory back to the system
    // (the collapse's memory comes from elsewhere), then they come back a
    // run of partitions at a time, an eighth of their share a run (each is
    // read once however many runs: smaller runs cost only the runs'
    // thread starts).
    bool spilled = false;
    for (const DocumentSketches& s : sketches) spilled = spilled || s.spilled();
    if (spilled) {
      uint64_t held = 0;
      for (const DocumentSketches& s : sketches) held += s.MemoryUsage();
      // (An error stays in the sketches' status(): the collapse returns it.)
      ParallelFor(sketches.size(), [&](size_t w) { (void)sketches[w].SpillAll(); });
      ReleaseFreedMemory(held, plan.budget);
    }
    SketchCollapseStats collapse_stats;
    absl::StatusOr<uint64_t> c =
        CollapseNearDuplicatesInParts(sketches, docs, &counter, plan.sketches / 8, &collapse_stats,
                                      policy.own_text_apart ? kOwnTextLines : 0);
    const uint64_t sketch_memory = collapse_stats.memory_peak;
    if (c.ok()) {
      collapsed = *c;
    } else {
      collapse_status = c.status();
    }
    summary->table_memory += sketch_memory;
    summary->near_duplicate_documents += collapsed;
    for (const DocumentSketches& s : sketches) {
      summary->sketch_spill_runs += s.spill_runs();
      summary->sketch_spill_bytes += s.spill_bytes();
    }
    std::vector<DocumentSketches>().swap(sketches);  // before the table is built
    ReleaseFreedMemory(sketch_memory, plan.budget);
  }
  if (!collapse_status.ok() && !partitioned) return collapse_status;
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  std::vector<uint32_t> remap(names.size());
  std::vector<ChromeTable::Site> sites(names.size());
  for (uint32_t pos = 0; pos < order.size(); ++pos) {
    remap[order[pos]] = pos;
    sites[pos] = ChromeTable::Site{names[order[pos]], docs[order[pos]]};
  }
  // The entries, gathered shard by shard on the counting threads, sorted.
  // The counter keeps no global keys: each is derived from its entry's key.
  std::vector<uint64_t> seeds(names.size());
  for (size_t s = 0; s < names.size(); ++s) seeds[s] = SiteSeed(names[s]);
  // Each shard's entries go to their place in one array (no second copy):
  // shard s's first entry comes after the entries of shards 0 .. s-1.
  const size_t shards = counter.num_shards();
  std::vector<size_t> first(shards + 1, 0);
  for (size_t shard = 0; shard < shards; ++shard) first[shard + 1] = first[shard] + counter.ShardSize(shard);
  summary->counter_keys = first[shards];
  std::vector<ChromeTable::Entry> entries(first[shards]);
  const size_t parts = std::min<size_t>(static_cast<size_t>(threads), shards);
  std::vector<char> short_walk(shards, 0);  // a walk that gave other than ShardSize() entries
  ParallelFor(parts, [&](size_t t) {
    for (size_t shard = t; shard < shards; shard += parts) {
      ChromeTable::Entry* out = entries.data() + first[shard];
      ChromeTable::Entry* const end = entries.data() + first[shard + 1];
      bool over = false;
      counter.ForEachInShard(shard, [&](uint64_t key, const LineEntry& e) {
        const uint32_t site = e.site();
        if (out == end) {
          over = true;
          return;
        }
        *out++ = ChromeTable::Entry{key, GlobalOf(key, e.kind(), seeds[site]), e.count, remap[site]};
      });
      short_walk[shard] = over || out != end;
    }
  });
  // Reading spilled runs back can fail (a disk error): then the counts are
  // incomplete and no table is made.
  absl::Status built = collapse_status.ok() ? counter.status() : collapse_status;
  for (size_t shard = 0; shard < shards && built.ok(); ++shard) {
    if (short_walk[shard]) {
      built = absl::InternalError(absl::StrCat("counting table shard ", shard,
                                               ": its walk disagrees with its size; no table made"));
    }
  }
  if (!built.ok() && !partitioned) return built;
  workers.clear();  // their writers point at the counter
  counter_holder.reset();
  ReleaseFreedMemory(summary->counter_memory, plan.budget);
  // Shards are increasing key ranges (ShardOf() is the top bits): each
  // shard's entries sorted are all of them sorted. Keys are distinct (one
  // entry per (site, line)): sorted by them alone.
  ParallelFor(parts, [&](size_t t) {
    for (size_t shard = t; shard < shards; shard += parts) {
      std::sort(entries.begin() + static_cast<ptrdiff_t>(first[shard]),
                entries.begin() + static_cast<ptrdiff_t>(first[shard + 1]),
                [](const ChromeTable::Entry& a, const ChromeTable::Entry& b) { return a.key < b.key; });
    }
  });
  if (partitioned) {
    // The entries of this process's sites: the table every process filters
    // with is made with the others' (and the job's totals).
    summary->near_duplicate_documents -= collapsed;
    DECHROME_RETURN_IF_ERROR(options.count_exchange->Decide(built, std::move(sites), std::move(entries), collapsed,
                                                            policy, options.input.site_by_domain, table, summary));
  } else {
    *table = ChromeTable(std::move(sites), std::move(entries), policy, options.input.site_by_domain, threads);
    summary->table_entries = table->entries().size();
  }
  summary->table_built = true;
  summary->sites = table->sites().size();
  summary->count_seconds += absl::ToDoubleSeconds(absl::Now() - start);
  if (!summary->file_errors.empty()) {
    return InputsFailedError(summary->file_errors.size());
  }
  return absl::OkStatus();
}

}  // namespace dechrome
