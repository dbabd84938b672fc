// `dechrome run`: both passes in one process, with line hints between them.

#include "dechrome/pipeline.h"
#include "pipeline/line_hints.h"
#include "pipeline/passes.h"

namespace dechrome {

absl::Status RunInputs(const std::vector<std::string>& inputs,
                       const std::vector<std::string>& outputs, const RunOptions& options,
                       ChromeTable* table, Summary* summary) {
  LineHints hints(options.hint_memory);
  LineHints* h = options.hint_memory > 0 ? &hints : nullptr;
  Summary count;
  absl::Status s = CountPass(inputs, options, table, &count, h);
  // Inputs that failed to count fail again in the filtering pass and get no
  // output; the others are still filtered.
  if (!s.ok() && count.file_errors.empty()) {
    *summary = std::move(count);
    return s;
  }
  *summary = Summary();
  summary->AddCountPass(count);
  return FilterPass(*table, inputs, outputs, options, summary, h);
}

}  // namespace dechrome
