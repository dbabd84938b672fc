// dechrome: the command. Parses flags, calls the library, prints the summary
// and maps the outcome to an exit code (0 ok, 1 data/runtime error, 2 usage).

#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/str_format.h"
#include "dechrome/pipeline.h"
#include "dechrome/table.h"
#include "flags.h"
#include "io/byte_source.h"
#include "io/compress.h"
#include "io/output_file.h"
#ifdef DECHROME_HAVE_MPI
#include "mpi/distributed.h"
#include "mpi/mpi_count_exchange.h"
#include "mpi/mpi_world.h"
#include "mpi/wire.h"
#include "pipeline/passes.h"
#endif

namespace dechrome {
namespace {

// The number of processes that mpirun (or another MPI launcher) started
// with this one, read from the environment it sets; 0 when not started by
// one. `rank` receives this process's rank (0 if unknown).
int LaunchedWorldSize(int* rank) {
  *rank = 0;
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == '\0') continue;
    for (const char* r : {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "MV2_COMM_WORLD_RANK"}) {
      const char* rv = std::getenv(r);
      if (rv != nullptr && *rv != '\0') {
        *rank = std::atoi(rv);
        break;
      }
    }
    return std::atoi(v);
  }
  return 0;
}

// Under mpirun (size > 1): set when this process reached the end of the
// job with the others (the exit status agreed); a process that leaves
// Main() before that aborts the job, since the others may wait for it.
bool g_mpi = false;
[[maybe_unused]] bool g_mpi_agreed = false;

int UsageError(const std::string& msg) {
  std::fprintf(stderr, "dechrome: %s\n%s\n", msg.c_str(), cli::UsageLine().c_str());
  return 2;
}

int Fail(const absl::Status& s) {
  if (absl::IsCancelled(s)) return 0;  // broken pipe: the reader went away
  std::fprintf(stderr, "dechrome: %s\n", std::string(s.message()).c_str());
  return 1;
}

void PrintProgress(const Progress& p) {
  if (p.raw_bytes_total > 0) {
    std::fprintf(stderr, "\rdechrome: pass %d/2 %5.1f%% %8.1f MB %10llu docs ", p.pass,
                 100.0 * static_cast<double>(p.raw_bytes_done) / static_cast<double>(p.raw_bytes_total),
                 static_cast<double>(p.raw_bytes_done) / 1e6,
                 static_cast<unsigned long long>(p.documents));
  } else {
    std::fprintf(stderr, "\rdechrome: pass %d/2 %8.1f MB %10llu docs ", p.pass,
                 static_cast<double>(p.raw_bytes_done) / 1e6,
                 static_cast<unsigned long long>(p.documents));
  }
  std::fflush(stderr);
}

absl::Status WriteStats(const std::string& path, const Summary& summary) {
  DECHROME_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path));
  DECHROME_RETURN_IF_ERROR(out->Write(summary.ToJson()));
  return out->Commit();
}

// `error_lines` (mpirun): printed instead of summary.file_errors (the same
// errors, each with the rank that read its input).
int Report(const cli::CliArgs& args, const Summary& summary, const absl::Status& status,
           bool progress_shown, const std::vector<std::string>* error_lines = nullptr) {
  if (progress_shown) std::fprintf(stderr, "\r\033[K");
  if (!args.quiet) std::fputs(summary.ToText().c_str(), stderr);
  if (args.verbose > 0)
    for (const std::string& w : summary.warnings) std::fprintf(stderr, "dechrome: warning: %s\n", w.c_str());
  else if (!summary.warnings.empty() && !args.quiet)
    std::fprintf(stderr, "dechrome: %zu warning(s), e.g. %s (-v lists them)\n", summary.warnings.size(),
                 summary.warnings[0].c_str());
  for (const std::string& e : error_lines != nullptr ? *error_lines : summary.file_errors)
    std::fprintf(stderr, "dechrome: %s\n", e.c_str());
  if (!args.stats_path.empty()) {
    absl::Status s = WriteStats(args.stats_path, summary);
    if (!s.ok()) return Fail(s);
  }
  // A status that only sums up the file errors printed above is not printed
  // again; any other error (one that stopped the run) is.
  if (!status.ok()) return OnlyInputsFailed(status) ? 1 : Fail(status);
  return 0;
}

// `mode`: filter loads what its decisions read (and, with --audit, what the
// audit's counts read); explain, which prints the counts of any line, loads
// every entry.
absl::StatusOr<ChromeTable> LoadTable(const cli::CliArgs& args, ChromeTable::LoadMode mode) {
  ChromeTable::LoadOptions load;
  load.mode = mode;
  // Policy flags given on this command line override the table's (before a
  // lean load, which keeps what the final policy decides with).
  load.adjust_policy = [&args](PolicyOptions* table_policy) {
    PolicyOptions& p = *table_policy;
    const PolicyOptions& given = args.options.policy;
    for (const std::string& f : args.policy_flags_given) {
      if (f == "--min-count") p.min_count = given.min_count;
      if (f == "--long-line-length") p.long_line_length = given.long_line_length;
      if (f == "--long-min-count") p.long_min_count = given.long_min_count;
      if (f == "--min-fraction") p.min_fraction = given.min_fraction;
      if (f == "--min-site-docs") p.min_site_docs = given.min_site_docs;
      if (f == "--min-sites") p.min_sites = given.min_sites;
      if (f == "--cross-site-min-length") p.cross_site_min_length = given.cross_site_min_length;
      if (f == "--isolated-max-fraction") p.isolated_max_fraction = given.isolated_max_fraction;
      if (f == "--isolated-max-run") p.isolated_max_run = given.isolated_max_run;
      if (f == "--no-protect-isolated") p.protect_isolated = false;
      if (f == "--no-protect-title") p.protect_title = false;
      if (f == "--no-page-structure") p.page_structure = false;
      if (f == "--no-protect-lead") p.protect_lead = false;
      if (f == "--no-protect-interview") p.protect_interview = false;
      if (f == "--no-protect-dateline") p.protect_dateline = false;
      if (f == "--comment-region") p.comment_region = true;
      if (f == "--no-signed-comments") p.signed_comments = false;
      if (f == "--no-dated-bylines") p.dated_bylines = false;
      if (f == "--no-headline-tail") p.headline_tail = false;
      // (Only off, as other-headline.)
      if (f == "--no-headline-list") p.headline_list = false;
      if (f == "--remove-labels") p.remove_labels = true;
      // (Only off: a table counted without headline keys cannot turn it on.)
      if (f == "--no-other-headline") p.other_headline = false;
      if (f == "--no-templated") p.templated = false;
      if (f == "--no-article-head") p.article_head = false;
      if (f == "--no-page-date") p.page_date = false;
      if (f == "--no-own-story") p.own_story = false;
    }
  };
  return ChromeTable::Load(args.table, load);
}

// Standard output on a terminal takes no compressed data: its codec is the
// --stdout-codec one, or else the input's (sniffed here; a spooled input is
// spooled now, once, as it would be anyway).
absl::Status RefuseCompressedTerminal(const cli::CliArgs& args, const std::vector<std::string>& outputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (outputs[i] != "-") continue;
    Codec codec = Codec::kNone;
    const std::string& forced = args.options.stdout_codec;
    if (forced == "gzip") codec = Codec::kGzip;
    if (forced == "zstd") codec = Codec::kZstd;
    if (forced.empty() && !OpenInput(args.inputs[i], &codec).ok()) continue;  // it fails later, alone
    if (codec != Codec::kNone) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "will not write %s-compressed output of %s to a terminal (use -f to force, or redirect it)",
          CodecName(codec), args.inputs[i] == "-" ? "stdin" : args.inputs[i]));
    }
  }
  return absl::OkStatus();
}

std::string ThresholdText(uint32_t t) { return t == UINT32_MAX ? "-" : std::to_string(t); }

int Explain(const cli::CliArgs& args) {
  ChromeTable table;
  if (!args.table.empty()) {
    absl::StatusOr<ChromeTable> loaded = LoadTable(args, ChromeTable::LoadMode::kFull);
    if (!loaded.ok()) return Fail(loaded.status());
    table = std::move(*loaded);
  } else {
    Summary count;
    absl::Status s = CountInputs(args.inputs, args.options, &table, &count);
    if (!s.ok()) return Fail(s);
  }
  Explanation ex;
  absl::Status s = ExplainDocument(table, args.inputs, args.options, args.explain_id, args.explain_url, &ex);
  if (!s.ok()) return Fail(s);
  std::printf("document: %s record %llu\nid: %s\nurl: %s\nsite: %s (%llu documents)\n\n", ex.input.c_str(),
              static_cast<unsigned long long>(ex.record), ex.id.c_str(), ex.url.c_str(),
              ex.site.empty() ? "(none)" : ex.site.c_str(), static_cast<unsigned long long>(ex.site_documents));
  std::printf("%-4s %-6s %-19s %6s %6s %5s  %s\n", "line", "action", "rule", "count", "thresh", "sites",
              "text  ->  normal form");
  for (size_t i = 0; i < ex.lines.size(); ++i) {
    const LineExplanation& l = ex.lines[i];
    std::printf("%-4zu %-6s %-19s %6u %6s %5u  %s", i + 1, l.removed ? "DROP" : "keep", l.rule.c_str(), l.count,
                ThresholdText(l.threshold).c_str(), l.sites, l.text.c_str());
    if (!l.normalized.empty()) std::printf("  ->  %s", l.normalized.c_str());
    std::printf("\n");
    if (!l.path.empty())
      std::printf("%-31s path %s, links %u bytes%s%s\n", "", l.path.c_str(), l.link_bytes,
                  l.landmarks.empty() ? "" : ", in ", l.landmarks.c_str());
  }
  return 0;
}

// "dechrome merge T1 T2 ... -o OUT": the tables in the order given, merged
// into one (ChromeTable::Merge) and saved as Save() saves (a temporary name,
// renamed when complete): on any error nothing is written.
int Merge(const cli::CliArgs& args) {
  ChromeTable merged;
  for (size_t i = 0; i < args.inputs.size(); ++i) {
    absl::StatusOr<ChromeTable> t = ChromeTable::Load(args.inputs[i]);
    if (!t.ok()) return Fail(t.status());
    if (i == 0) {
      merged = std::move(*t);
      continue;
    }
    absl::Status s = merged.Merge(*t);
    if (!s.ok())
      return Fail(absl::Status(s.code(), absl::StrFormat("%s: %s (merging into %s)", args.inputs[i], s.message(),
                                                         args.inputs[0])));
  }
  absl::Status saved = merged.Save(args.output);
  if (!saved.ok()) return Fail(saved);
  if (!args.quiet)
    std::fprintf(stderr, "dechrome: merged %zu table(s) into %s: %zu sites, %zu line keys, memory %.1f MiB\n",
                 args.inputs.size(), args.output.c_str(), merged.sites().size(), merged.entries().size(),
                 static_cast<double>(merged.MemoryUsage()) / (1 << 20));
  if (!args.stats_path.empty()) {
    Summary summary;
    summary.files = args.inputs.size();
    summary.sites = merged.sites().size();
    summary.table_entries = merged.entries().size();
    summary.table_memory = merged.MemoryUsage();
    absl::Status s = WriteStats(args.stats_path, summary);
    if (!s.ok()) return Fail(s);
  }
  return 0;
}

#ifdef DECHROME_HAVE_MPI
// ---- mpirun (src/mpi/) -------------------------------------------------------
// Each process takes a block of the inputs (mpi::SplitBySize, decided by
// rank 0), counts it, exchanges its counts by site partition
// (mpi::MpiCountExchange: every process then has the same lean table, what
// decisions read), filters its block into its outputs
// (named from the whole input list, as one process names them), and sends
// its summary and status to rank 0, which writes the table, the audit and
// the statistics and prints the summary, as one process would. Every
// process exits with the same status.

struct Share {
  std::vector<std::string> inputs, outputs;
  std::vector<int> owner;  // rank of each input of the whole list
};

Share ShareOf(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs) {
  std::vector<uint64_t> starts;
  if (mpi::World::rank() == 0) {
    std::vector<uint64_t> sizes;
    for (const std::string& in : inputs) {
      struct stat st;
      sizes.push_back(stat(in.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0);
    }
    starts = mpi::SplitBySize(sizes, mpi::World::size());
  }
  starts = mpi::World::Broadcast(std::move(starts));
  Share share;
  const int me = mpi::World::rank();
  share.owner.assign(inputs.size(), 0);
  for (int r = 0; r < mpi::World::size(); ++r) {
    for (uint64_t i = starts[r]; i < starts[r + 1]; ++i) {
      share.owner[i] = r;
      if (r != me) continue;
      share.inputs.push_back(inputs[i]);
      if (!outputs.empty()) share.outputs.push_back(outputs[i]);
    }
  }
  return share;
}

// Rank 0 merges every process's summary and status, writes the audit and
// the statistics and prints; every process returns the exit status.
// `saved`: how writing count's table ended (mpi::MpiCountExchange::SaveTable:
// process 0 writes it).
int FinishDistributed(const cli::CliArgs& args, const Share& share, const ChromeTable& table,
                      Summary summary, const absl::Status& status, bool progress,
                      const absl::Status& saved = absl::OkStatus()) {
  std::string mine;
  mpi::PutString(&mine, mpi::EncodeSummary(summary));
  mpi::Put<uint32_t>(&mine, static_cast<uint32_t>(status.code()));
  // 1: only inputs failed; 2: stopped because another process did.
  mpi::Put<uint8_t>(&mine, OnlyInputsFailed(status) ? 1 : mpi::PeerFailed(status) ? 2 : 0);
  mpi::PutString(&mine, std::string(status.message()));
  mpi::Put<uint64_t>(&mine, mpi::World::bytes_sent());
  const std::vector<std::string> all = mpi::World::GatherToRoot(mine);
  int rc = 0;
  if (mpi::World::rank() == 0) {
    std::vector<Summary> parts(all.size());
    absl::Status merged_status;  // the first error that stopped a process
    size_t inputs_failed = 0;
    std::vector<std::string> rank_errors;
    uint64_t total_sent = 0;
    for (size_t r = 0; r < all.size(); ++r) {
      mpi::Reader in(all[r]);
      DECHROME_CHECK(mpi::DecodeSummary(in.GetString(), &parts[r]));
      const auto code = static_cast<absl::StatusCode>(in.Get<uint32_t>());
      const uint8_t kind = in.Get<uint8_t>();
      const std::string message = in.GetString();
      total_sent += in.Get<uint64_t>();
      DECHROME_CHECK(in.ok());
      if (code == absl::StatusCode::kOk) continue;
      const absl::Status rank_status(code, absl::StrFormat("rank %d: %s", r, message));
      if (kind == 1) {
        inputs_failed += parts[r].file_errors.size();
      } else if (kind == 0) {
        rank_errors.push_back(std::string(rank_status.message()));
        if (merged_status.ok()) merged_status = rank_status;
      }
    }
    Summary merged = mpi::MergeSummaries(parts);
    absl::Status s = merged_status;
    if (s.ok() && inputs_failed > 0) s = InputsFailedError(inputs_failed);
    // Each input's error names the rank that read it.
    std::vector<std::string> error_lines;
    for (const std::string& e : merged.file_errors) {
      int owner = -1;
      size_t best = 0;
      for (size_t i = 0; i < args.inputs.size(); ++i) {
        const std::string& in = args.inputs[i];
        if (in.size() >= best && e.size() > in.size() + 1 && e.compare(0, in.size(), in) == 0 &&
            e.compare(in.size(), 2, ": ") == 0) {
          best = in.size();
          owner = share.owner[i];
        }
      }
      error_lines.push_back(owner >= 0 ? absl::StrFormat("rank %d: %s", owner, e) : e);
    }
    if (!saved.ok() && s.ok()) s = saved;
    if (s.ok() && args.command != cli::Command::kCount && !args.audit_dir.empty())
      s = WriteAudit(args.audit_dir, table, merged);
    if (args.verbose > 0)
      std::fprintf(stderr, "dechrome: mpirun: %d processes; counts exchanged: %.1f MiB sent in all\n",
                   mpi::World::size(), static_cast<double>(total_sent) / (1 << 20));
    // Errors that stopped a process are printed by Report() as its status
    // (the first), the others here.
    for (size_t i = 1; i < rank_errors.size(); ++i)
      std::fprintf(stderr, "dechrome: %s\n", rank_errors[i].c_str());
    rc = Report(args, merged, s, progress, &error_lines);
  }
  rc = static_cast<int>(mpi::World::Broadcast(static_cast<uint64_t>(rc)));
  g_mpi_agreed = true;
  return rc;
}

int CountDistributed(cli::CliArgs& args, bool progress) {
  const Share share = ShareOf(args.inputs, {});
  mpi::MpiCountExchange exchange(/*audit=*/false, /*keep_entries=*/true);
  args.options.count_exchange = &exchange;
  ChromeTable table;
  Summary summary;
  absl::Status s = CountInputs(share.inputs, args.options, &table, &summary);
  if (!exchange.entered()) {
    // It stopped before the exchange (a spill folder that takes no files),
    // where the others wait for it.
    std::fprintf(stderr, "dechrome: rank %d: %s\n", mpi::World::rank(), std::string(s.message()).c_str());
    mpi::World::Abort(1);
  }
  // No process holds the table's entries: process 0 writes them as the
  // others stream them (every process takes part).
  const absl::Status saved = exchange.SaveTable(args.output, table, summary.table_built);
  return FinishDistributed(args, share, table, std::move(summary), s, progress, saved);
}

int PassDistributed(cli::CliArgs& args, const std::vector<std::string>& outputs, bool progress) {
  const Share share = ShareOf(args.inputs, outputs);
  // (With the audit, the table kept is the one filter --audit loads.)
  mpi::MpiCountExchange exchange(/*audit=*/!args.audit_dir.empty(), /*keep_entries=*/false);
  args.options.count_exchange = &exchange;
  ChromeTable table;
  Summary summary;
  absl::Status s;
  if (args.command == cli::Command::kFilter) {
    absl::StatusOr<ChromeTable> loaded = LoadTable(
        args, args.audit_dir.empty() ? ChromeTable::LoadMode::kForFilter : ChromeTable::LoadMode::kForAudit);
    if (!loaded.ok()) return Fail(loaded.status());  // (the same on every process)
    table = std::move(*loaded);
    summary.sites = table.sites().size();
    summary.table_entries = table.file_entries();
    summary.table_memory = table.MemoryUsage();
    s = FilterInputs(table, share.inputs, share.outputs, args.options, &summary);
  } else {
    s = RunInputs(share.inputs, share.outputs, args.options, &table, &summary);
    if (!exchange.entered() && !args.options.extract_only) {
      // It stopped before the exchange, where the others wait for it.
      std::fprintf(stderr, "dechrome: rank %d: %s\n", mpi::World::rank(), std::string(s.message()).c_str());
      mpi::World::Abort(1);
    }
  }
  return FinishDistributed(args, share, table, std::move(summary), s, progress);
}
#endif  // DECHROME_HAVE_MPI

int Main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  cli::CliArgs args;
  std::string error;
  if (!cli::ParseFlags(argc, argv, &args, &error)) return UsageError(error);
  if (args.command == cli::Command::kHelp) {
    std::fputs(cli::HelpText(args.long_help, args.help_command).c_str(), stdout);
    return 0;
  }
  if (args.command == cli::Command::kVersion) {
    std::printf("dechrome %s\n", Version());
    return 0;
  }
  // Under mpirun with several processes: run, count and filter split their
  // inputs over the processes (FinishDistributed() above); explain and merge
  // are one process's work and refuse. A build without MPI refuses too:
  // every process would do the whole job and write the same outputs.
  int launch_rank = 0;
  const int launched = LaunchedWorldSize(&launch_rank);
  if (launched > 1) {
    auto refuse = [&](const std::string& why) {
      if (launch_rank == 0) std::fprintf(stderr, "dechrome: %s\n", why.c_str());
      return 2;
    };
#ifndef DECHROME_HAVE_MPI
    return refuse(absl::StrFormat(
        "started by mpirun with %d processes, but this dechrome was built without MPI (install "
        "libopenmpi-dev and rebuild); refusing, since every process would do the whole job",
        launched));
#else
    if (args.command != cli::Command::kRun && args.command != cli::Command::kCount &&
        args.command != cli::Command::kFilter)
      return refuse("under mpirun with several processes only run, count and filter work (run this command without mpirun)");
    for (const std::string& in : args.inputs)
      if (in == "-") return refuse("under mpirun, inputs are files (not standard input)");
    if (args.command != cli::Command::kCount && (args.output.empty() || args.output == "-"))
      return refuse("under mpirun, outputs are files: give -o FILE or -o FOLDER");
    if (args.command == cli::Command::kCount && args.output == "-")
      return refuse("under mpirun, count writes its table to a file: give -o FILE");
    if (!mpi::World::Init(&argc, &argv)) {
      std::fprintf(stderr, "dechrome: under mpirun, but MPI could not start\n");
      return 1;
    }
    g_mpi = true;
    // Only rank 0 prints the summary and progress (of its own share).
    if (mpi::World::rank() != 0) args.quiet = true;
#endif
  }
  // Each input that cannot be read fails on its own when its turn comes (the
  // others are still processed). Inputs that give their bytes once (stdin,
  // pipes, FIFOs) are spooled: fail now if they cannot be.
  for (const std::string& in : args.inputs) {
    if (NeedsSpool(in)) {
      absl::Status s = CheckSpoolFolder();
      if (!s.ok()) return Fail(s);
      break;
    }
  }
  // Fail before the work, not after it, if a file it ends with cannot be
  // written; clear what an interrupted earlier run left behind.
  InstallTempFileCleanup();
  const bool writes_table = args.command == cli::Command::kCount || args.command == cli::Command::kMerge;
  for (const std::string* path : {&args.stats_path, writes_table ? &args.output : nullptr}) {
    if (path == nullptr || path->empty() || *path == "-") continue;
    RemoveStaleTempFiles(FolderOf(*path));
    absl::Status s = CheckOutputFolder(*path);
    // An earlier run's summary or table is replaced; a file of another kind
    // is not ("--stats OUT.json" is "--stats=OUT.json", but a forgotten name
    // makes "--stats IN1 IN2" take the first input for it).
    // (A JSONL input begins with "{" too, but not with the summary's first field.)
    if (s.ok() && path == &args.stats_path) s = CheckReplaceable(*path, Summary::JsonPrefix(), "a JSON summary");
    if (s.ok() && path != &args.stats_path) s = CheckReplaceable(*path, ChromeTable::FileMagic(), "a dechrome table");
    if (!s.ok()) return Fail(s);
  }
  bool progress = args.progress == 1 || (args.progress == -1 && isatty(STDERR_FILENO));
  if (g_mpi && launch_rank != 0) progress = false;
  if (progress) args.options.on_progress = PrintProgress;

  Summary summary;
  if (args.command == cli::Command::kExplain) return Explain(args);
  if (args.command == cli::Command::kMerge) return Merge(args);
#ifdef DECHROME_HAVE_MPI
  if (g_mpi && args.command == cli::Command::kCount) return CountDistributed(args, progress);
#endif
  if (args.command == cli::Command::kCount) {
    ChromeTable table;
    absl::Status s = CountInputs(args.inputs, args.options, &table, &summary);
    if (summary.table_built) {
      absl::Status saved = table.Save(args.output);
      if (!saved.ok()) return Fail(saved);
    }
    return Report(args, summary, s, progress);
  }

  if (!args.audit_dir.empty()) {
    // Fail now, not after the work, if the audit folder cannot be made.
    struct stat st;
    if (stat(args.audit_dir.c_str(), &st) != 0 && mkdir(args.audit_dir.c_str(), 0777) != 0 && errno != EEXIST)
      return Fail(absl::PermissionDeniedError(
          absl::StrFormat("%s: cannot create audit folder: %s", args.audit_dir, std::strerror(errno))));
    if (stat(args.audit_dir.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
      return Fail(absl::FailedPreconditionError(absl::StrFormat("%s: --audit wants a folder", args.audit_dir)));
    RemoveStaleTempFiles(args.audit_dir);
    absl::Status writable = CheckOutputFolder(args.audit_dir + "/summary.tsv");
    if (!writable.ok()) return Fail(writable);
  }
  absl::StatusOr<std::vector<std::string>> outputs = PlanOutputs(args.inputs, args.output, args.options.output_format);
  if (!outputs.ok()) return Fail(outputs.status());
  if (!args.force && isatty(STDOUT_FILENO)) {
    absl::Status s = RefuseCompressedTerminal(args, *outputs);
    if (!s.ok()) return UsageError(std::string(s.message()));
  }

#ifdef DECHROME_HAVE_MPI
  if (g_mpi) return PassDistributed(args, *outputs, progress);
#endif
  ChromeTable table;
  absl::Status s;
  if (args.command == cli::Command::kFilter) {
    absl::StatusOr<ChromeTable> loaded = LoadTable(
        args, args.audit_dir.empty() ? ChromeTable::LoadMode::kForFilter : ChromeTable::LoadMode::kForAudit);
    if (!loaded.ok()) return Fail(loaded.status());
    table = std::move(*loaded);
    summary.sites = table.sites().size();
    summary.table_entries = table.file_entries();  // (as in the file: the same lean or not)
    summary.table_memory = table.MemoryUsage();
    if (args.verbose > 0)
      std::fprintf(stderr, "dechrome: %s: kept %zu of %llu entries for filtering, %zu cross-site keys; memory %.1f MiB\n",
                   args.table.c_str(), table.entries().size(), static_cast<unsigned long long>(table.file_entries()),
                   table.cross_sites().size(), static_cast<double>(table.MemoryUsage()) / (1 << 20));
    s = FilterInputs(table, args.inputs, *outputs, args.options, &summary);
  } else {
    s = RunInputs(args.inputs, *outputs, args.options, &table, &summary);
  }
  if (s.ok() && !args.audit_dir.empty()) s = WriteAudit(args.audit_dir, table, summary);
  return Report(args, summary, s, progress);
}

}  // namespace
}  // namespace dechrome

int main(int argc, char** argv) {
  // The passes allocate and free buffers of a few MiB per chunk. glibc would
  // map and unmap each one (page faults on every chunk); keep them in the
  // heap instead. Memory use stays bounded by the pipeline's queues.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  const int rc = dechrome::Main(argc, argv);
#ifdef DECHROME_HAVE_MPI
  if (dechrome::g_mpi) {
    // A process that stopped before the end of the job (an error before or
    // outside the exchange) takes the job down: the others wait for it.
    if (!dechrome::g_mpi_agreed) {
      std::fprintf(stderr, "dechrome: rank %d stopped early (exit status %d): aborting the job\n",
                   dechrome::mpi::World::rank(), rc);
      dechrome::mpi::World::Abort(rc == 0 ? 1 : rc);
    }
    dechrome::mpi::World::Finalize();
  }
#endif
  return rc;
}
