// dechrome: the command. Parses flags, calls the library, prints the summary
// and maps the outcome to an exit code (0 ok, 1 data/runtime error, 2 usage).

#include <malloc.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

namespace dechrome {
namespace {

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

int Report(const cli::CliArgs& args, const Summary& summary, const absl::Status& status,
           bool progress_shown) {
  if (progress_shown) std::fprintf(stderr, "\r\033[K");
  if (!args.quiet) std::fputs(summary.ToText().c_str(), stderr);
  if (args.verbose > 0)
    for (const std::string& w : summary.warnings) std::fprintf(stderr, "dechrome: warning: %s\n", w.c_str());
  else if (!summary.warnings.empty() && !args.quiet)
    std::fprintf(stderr, "dechrome: %zu warning(s), e.g. %s (-v lists them)\n", summary.warnings.size(),
                 summary.warnings[0].c_str());
  for (const std::string& e : summary.file_errors) std::fprintf(stderr, "dechrome: %s\n", e.c_str());
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
      if (f == "--remove-labels") p.remove_labels = true;
      // (Only off: a table counted without headline keys cannot turn it on.)
      if (f == "--no-other-headline") p.other_headline = false;
      if (f == "--no-templated") p.templated = false;
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
    if (!s.ok()) return Fail(s);
  }
  bool progress = args.progress == 1 || (args.progress == -1 && isatty(STDERR_FILENO));
  if (progress) args.options.on_progress = PrintProgress;

  Summary summary;
  if (args.command == cli::Command::kExplain) return Explain(args);
  if (args.command == cli::Command::kMerge) return Merge(args);
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
    if (stat(args.audit_dir.c_str(), &st) != 0 && mkdir(args.audit_dir.c_str(), 0777) != 0)
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
  return dechrome::Main(argc, argv);
}
