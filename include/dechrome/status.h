// -----------------------------------------------------------------------------
// File: status.h
// -----------------------------------------------------------------------------
//
// dechrome reports every failure through absl::Status / absl::StatusOr; no
// exception is thrown or caught by the library. Debian 12's Abseil
// (20220623) has no status macros, so we define our own.
//
//   DataLossError        corrupt or truncated input
//   InvalidArgumentError bad options, malformed records in strict mode
//   NotFoundError, PermissionDeniedError  open failures (from errno)
//
// Thread safety: the macros have no state.

#ifndef DECHROME_STATUS_H_
#define DECHROME_STATUS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DECHROME_STATUS_CONCAT_INNER_(a, b) a##b
#define DECHROME_STATUS_CONCAT_(a, b) DECHROME_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function when `expr` is not OK.
#define DECHROME_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::absl::Status dechrome_status_ = (expr);            \
    if (!dechrome_status_.ok()) return dechrome_status_; \
  } while (0)

// `lhs = value of expr` or return its status. `lhs` may declare a variable:
//   DECHROME_ASSIGN_OR_RETURN(auto file, OpenFile(path));
#define DECHROME_ASSIGN_OR_RETURN(lhs, expr)                                   \
  DECHROME_ASSIGN_OR_RETURN_IMPL_(                                             \
      DECHROME_STATUS_CONCAT_(dechrome_statusor_, __LINE__), lhs, expr)
#define DECHROME_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                    \
  if (!tmp.ok()) return std::move(tmp).status();        \
  lhs = std::move(tmp).value()

// Aborts with a message when an invariant that must never fail does.
#define DECHROME_CHECK(cond)                                               \
  do {                                                                     \
    if (!(cond)) ::dechrome::internal::CheckFailed(__FILE__, __LINE__, #cond); \
  } while (0)

namespace dechrome {
namespace internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* cond);
}  // namespace internal
}  // namespace dechrome

#endif  // DECHROME_STATUS_H_
