// `dechrome run`: both passes in one process, with line hints between them.

#include "dechrome/pipeline.h"
#include "pipeline/input.h"
#include "pipeline/line_hints.h"
#include "pipeline/passes.h"

namespace dechrome {

absl::Status RunInputs(const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary) {
  if (options.extract_only) {
    // No counting: an empty table removes nothing.
    PolicyOptions policy = options.policy;
    policy.page_structure = false;
    *table = ChromeTable({}, {}, policy, options.input.site_by_domain);
    *summary = Summary();
    return FilterPass(*table, inputs, outputs, options, summary, nullptr);
  }
  LineHints hints(options.hint_memory);
  // (Lengths are kept up to kMaxHintLength: longer policy limits, which the
  // CLI never sets, get no hints.)
  const bool lengths_fit = options.policy.long_line_length < kMaxHintLength &&
                           options.policy.cross_site_min_length < kMaxHintLength;
  LineHints* h = options.hint_memory > 0 && lengths_fit ? &hints : nullptr;
  Summary count;
  absl::Status s = CountPass(inputs, options, table, &count, h);
  // Inputs that failed to count fail again in the filtering pass and get no
  // output; the others are still filtered. A run that stopped early has no
  // table to filter with.
  if (!s.ok() && !count.table_built) {
    *summary = std::move(count);
    return s;
  }
  *summary = Summary();
  summary->AddCountPass(count);
  return FilterPass(*table, inputs, outputs, options, summary, h);
}

}  // namespace dechrome
