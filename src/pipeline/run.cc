// `dechrome run`: both passes in one process, with line hints between them.

#include <memory>
#include <utility>
#include <vector>

#include "dechrome/pipeline.h"
#include "pipeline/input.h"
#include "pipeline/line_hints.h"
#include "pipeline/passes.h"
#include "pipeline/resume.h"

namespace dechrome {

absl::Status RunInputs(const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary) {
  // With resume, each input's identity is taken now, before pass 1 reads
  // it: a file that changes during the run gets no manifest.
  std::unique_ptr<ResumeState> resume;
  if (options.resume) {
    DECHROME_RETURN_IF_ERROR(CheckResumeOutputs(outputs));
    if (inputs.size() != outputs.size())
      return absl::InvalidArgumentError("RunInputs: one output per input is required");
    resume = std::make_unique<ResumeState>(inputs, outputs);
  }
  if (options.extract_only) {
    // No counting: an empty table removes nothing.
    PolicyOptions policy = options.policy;
    policy.page_structure = false;
    *table = ChromeTable({}, {}, policy, options.input.site_by_domain);
    *summary = Summary();
    if (resume != nullptr) resume->SetTable(*table, options);
    return FilterPass(*table, inputs, outputs, options, summary, nullptr, nullptr, resume.get());
  }
  auto hints = std::make_unique<LineHints>(
      PlanMemory(options, ResolveThreads(options.threads), /*with_hints=*/true).hints);
  // (Lengths are kept up to kMaxHintLength: longer policy limits, which the
  // CLI never sets, get no hints.)
  const bool lengths_fit = options.policy.long_line_length < kMaxHintLength &&
                           options.policy.cross_site_min_length < kMaxHintLength;
  LineHints* h = options.hint_memory > 0 && lengths_fit ? hints.get() : nullptr;
  // Pass 2 uses hints only up to the first input it skips: when the first
  // output looks complete already (its table is not known yet), the hints
  // would serve nothing and are not made.
  if (resume != nullptr && !inputs.empty() && resume->Complete(0)) {
    h = nullptr;
    hints.reset();
  }
  Summary count;
  std::vector<absl::Status> counted;  // how counting each input ended
  const bool counted_with_hints = h != nullptr;
  absl::Status s = CountPass(inputs, options, table, &count, h, &counted);
  // A run that stopped early has no table to filter with.
  if (!s.ok() && !count.table_built) {
    *summary = std::move(count);
    return s;
  }
  // Inputs that failed to count are not read again: they fail with pass 1's
  // status and get no output, even where pass 2 could read them (memory
  // that ran out in pass 1, a file that changed). The others are filtered.
  // Their hints may stop short of the chunks that pass 2 would read, so a
  // run with a failed input filters without hints (normalising again).
  if (!count.file_errors.empty()) {
    h = nullptr;
    hints.reset();
  }
  *summary = Summary();
  summary->AddCountPass(count);
  // (The count pass's record warnings come again from pass 2; this one not.)
  const int threads = ResolveThreads(options.threads);
  if (std::string w = MemoryPlanWarning(options, PlanMemory(options, threads, counted_with_hints), threads);
      !w.empty())
    summary->warnings.push_back(w);
  if (resume != nullptr) resume->SetTable(*table, options);
  return FilterPass(*table, inputs, outputs, options, summary, h, &counted, resume.get());
}

}  // namespace dechrome
