// -----------------------------------------------------------------------------
// File: mutex.h
// -----------------------------------------------------------------------------
//
// Mutex and MutexLock: std::mutex with Clang thread-safety annotations.
//
// Why not absl::Mutex: Debian's Abseil is a prebuilt shared library without
// ThreadSanitizer instrumentation, so TSan cannot see the ordering that
// absl::Mutex establishes and reports false races on everything it guards.
// std::mutex goes through pthread, which TSan intercepts. The annotations
// keep -Wthread-safety (clang) checking ABSL_GUARDED_BY members.
//
// Thread safety: a Mutex is, by definition, shared between threads.

#ifndef DECHROME_RUNTIME_MUTEX_H_
#define DECHROME_RUNTIME_MUTEX_H_

#include <mutex>

#include "absl/base/thread_annotations.h"

namespace dechrome {

class ABSL_LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ABSL_EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() ABSL_UNLOCK_FUNCTION() { mu_.unlock(); }
  std::mutex& native() { return mu_; }

 private:
  std::mutex mu_;
};

class ABSL_SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) ABSL_EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() ABSL_UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

}  // namespace dechrome

#endif  // DECHROME_RUNTIME_MUTEX_H_
