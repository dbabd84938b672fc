// A program outside the project that uses the installed library through
// find_package(dechrome): scripts/test.sh builds it against `cmake --install`
// output and runs it on a generated corpus.
#include <cstdio>
#include <string>
#include <vector>

#include "dechrome/pipeline.h"

int main(int argc, char** argv) {
  dechrome::ChromeTable table;
  dechrome::Summary summary;
  dechrome::RunOptions options;
  std::vector<std::string> inputs(argv + 1, argv + argc);
  absl::Status s = dechrome::CountInputs(inputs, options, &table, &summary);
  if (!s.ok()) {
    std::fprintf(stderr, "consumer: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("consumer: dechrome %s counted %zu sites, %zu line keys\n", dechrome::Version(),
              table.sites().size(), table.entries().size());
  return table.sites().empty() ? 1 : 0;
}
