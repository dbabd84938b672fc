#include <cstdio>
#include <cstdlib>

#include "dechrome/status.h"

namespace dechrome {
namespace internal {

void CheckFailed(const char* file, int line, const char* cond) {
  std::fprintf(stderr, "dechrome: internal error: %s:%d: check failed: %s\n",
               file, line, cond);
  std::abort();
}

}  // namespace internal
}  // namespace dechrome
