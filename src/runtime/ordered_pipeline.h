// -----------------------------------------------------------------------------
// File: ordered_pipeline.h
// -----------------------------------------------------------------------------
//
// RunOrdered() drives the shape every pass has: one producer (reading and
// decompressing, on its own thread), `threads` workers (parsing, hashing,
// filtering, compressing), and one consumer (writing, on the calling
// thread) that sees results in production order.
//
// Memory is bounded: at most OrderedQueueLimit() tasks (2 * threads + up to
// 8 more) wait for a worker, workers take no task more than OrderedWindow()
// ahead of the consumer, and so fewer than MaxTasksInFlight() tasks are
// between the producer and the consumer; a producer that runs ahead blocks
// (backpressure), like zstd's POOL_add. The extra room in the queue lets a
// producer that shares a core with the workers (-jN on N cores) run ahead
// while it has the core: with 2 * threads, the workers at -j2 on 2 cores
// waited for chunks a fifth of the time.
//
// With threads >= 1 the producer has its own thread even when there is one
// worker, as zstd -T1 reads and writes beside its one compression thread:
// decompressing the next chunk overlaps the work on this one. With
// threads == 0 everything runs inline on the calling thread, one task at a
// time (strictly one core).
//
// With `cpu` set, RunOrdered() reports the CPU time its threads used (the
// workers' together, the producer's, and the consumer's from the calling
// thread), as each thread's CPU clock reads when it leaves: what the
// reading, the per-task work and the writing each cost, whatever else the
// machine ran meanwhile.
//
// The first error (from produce, work or consume) stops the pipeline: no
// further task is produced, pending ones are dropped, and that error is
// returned once every thread has joined.
//
// Thread safety: `produce` runs on one thread, `consume` on the calling
// thread, `work` concurrently on all workers (worker index 0..threads-1 is
// passed so that it can use per-worker state without locks).

#ifndef DECHROME_RUNTIME_ORDERED_PIPELINE_H_
#define DECHROME_RUNTIME_ORDERED_PIPELINE_H_

#include <time.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include <condition_variable>
#include <mutex>
#include "dechrome/status.h"

namespace dechrome {

// CPU seconds the calling thread has used so far (0 where unknown).
inline double ThreadCpuSeconds() {
  timespec t;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// What RunOrdered()'s threads used (see above).
struct PipelineCpu {
  double workers = 0;   // seconds, all workers together (threads <= 0: the work calls)
  double producer = 0;  // the producer's thread (threads <= 0: the produce calls)
  double consumer = 0;  // the consume calls, on the calling thread
};

// Tasks that wait for a worker, at most, with `threads` workers.
inline size_t OrderedQueueLimit(int threads) {
  const size_t t = static_cast<size_t>(std::max(threads, 1));
  return 2 * t + std::min<size_t>(2 * t, 8);
}
// How far (in tasks) a worker may run ahead of the consumer.
inline size_t OrderedWindow(int threads) {
  return OrderedQueueLimit(threads) + 2 * static_cast<size_t>(std::max(threads, 1)) + 2;
}
// When `produce` is called, fewer than this many tasks have been produced
// and not yet consumed: the memory bound, in tasks.
inline size_t MaxTasksInFlight(int threads) {
  return OrderedQueueLimit(threads) + OrderedWindow(threads);
}

template <typename Task, typename Result>
absl::Status RunOrdered(int threads,
                        const std::function<absl::StatusOr<bool>(Task*)>& produce,
                        const std::function<absl::Status(int, Task&, Result*)>& work,
                        const std::function<absl::Status(Task&, Result&)>& consume,
                        PipelineCpu* cpu = nullptr) {
  if (threads <= 0) {
    // (Each call timed apart: all run on this thread.)
    auto timed = [cpu](double PipelineCpu::*of, auto&& call) {
      if (cpu == nullptr) return call();
      const double start = ThreadCpuSeconds();
      auto r = call();
      cpu->*of += ThreadCpuSeconds() - start;
      return r;
    };
    while (true) {
      Task task;
      DECHROME_ASSIGN_OR_RETURN(bool more, timed(&PipelineCpu::producer, [&] { return produce(&task); }));
      if (!more) return absl::OkStatus();
      Result result;
      DECHROME_RETURN_IF_ERROR(timed(&PipelineCpu::workers, [&] { return work(0, task, &result); }));
      DECHROME_RETURN_IF_ERROR(timed(&PipelineCpu::consumer, [&] { return consume(task, result); }));
    }
  }

  struct Item {
    Task task;
    Result result;
    absl::Status status;
  };
  // std::mutex rather than absl::Mutex: see runtime/mutex.h (TSan).
  std::mutex mu;
  std::condition_variable room;          // the producer waits for room in the queue
  std::condition_variable work_ready;    // workers wait for a task they may take
  std::condition_variable result_ready;  // the consumer waits for the next result
  std::deque<std::pair<uint64_t, std::unique_ptr<Item>>> queue;  // waiting for a worker
  std::map<uint64_t, std::unique_ptr<Item>> done;                // waiting for the consumer
  uint64_t produced = 0;         // tasks produced so far
  uint64_t next_to_consume = 0;  // sequence number the consumer waits for
  bool producer_finished = false;
  bool stop = false;
  absl::Status error;
  const size_t max_queue = OrderedQueueLimit(threads);
  const uint64_t max_window = OrderedWindow(threads);
  // Each thread adds its CPU time as it leaves (under mu).
  double worker_cpu = 0, producer_cpu = 0;
  const double consumer_start = cpu != nullptr ? ThreadCpuSeconds() : 0;

  // One condition variable per kind of waiter, each notified only when its
  // condition may have become true (one shared variable woke every thread
  // at every step).
  auto worker_may_take = [&] {  // REQUIRES: mu held
    return !queue.empty() && queue.front().first < next_to_consume + max_window;
  };
  auto fail = [&](absl::Status s) {  // REQUIRES: mu held
    if (error.ok()) error = std::move(s);
    stop = true;
    room.notify_all();
    work_ready.notify_all();
    result_ready.notify_all();
  };

  std::thread producer([&] {
    while (true) {
      auto item = std::make_unique<Item>();
      absl::StatusOr<bool> more = produce(&item->task);
      std::unique_lock<std::mutex> lock(mu);
      if (!more.ok()) {
        fail(more.status());
        break;
      }
      if (!*more || stop) break;
      queue.emplace_back(produced++, std::move(item));
      if (worker_may_take()) work_ready.notify_one();
      room.wait(lock, [&] { return queue.size() < max_queue || stop; });
    }
    std::lock_guard<std::mutex> lock(mu);
    producer_finished = true;
    if (cpu != nullptr) producer_cpu = ThreadCpuSeconds();
    work_ready.notify_all();  // idle workers may leave
    result_ready.notify_all();
  });

  std::vector<std::thread> workers;
  for (int w = 0; w < threads; ++w) {
    workers.emplace_back([&, w] {
      struct AddCpu {  // on every way out
        double* sum;
        std::mutex* mu;
        bool on;
        ~AddCpu() {
          if (!on) return;
          const double used = ThreadCpuSeconds();
          std::lock_guard<std::mutex> lock(*mu);
          *sum += used;
        }
      } add_cpu{&worker_cpu, &mu, cpu != nullptr};
      while (true) {
        uint64_t seq;
        std::unique_ptr<Item> item;
        {
          std::unique_lock<std::mutex> lock(mu);
          work_ready.wait(lock, [&] {
            return stop || worker_may_take() || (queue.empty() && producer_finished);
          });
          if (stop || queue.empty()) return;
          seq = queue.front().first;
          item = std::move(queue.front().second);
          queue.pop_front();
          room.notify_one();
          if (worker_may_take()) work_ready.notify_one();  // more for another worker
        }
        item->status = work(w, item->task, &item->result);
        std::lock_guard<std::mutex> lock(mu);
        const bool next = seq == next_to_consume;
        done.emplace(seq, std::move(item));
        if (next) result_ready.notify_one();
      }
    });
  }

  // Consumer: this thread.
  while (true) {
    std::unique_ptr<Item> item;
    {
      std::unique_lock<std::mutex> lock(mu);
      result_ready.wait(lock, [&] {
        return stop || done.count(next_to_consume) > 0 ||
               (producer_finished && next_to_consume == produced);
      });
      if (stop) break;
      auto it = done.find(next_to_consume);
      if (it == done.end()) break;  // all consumed
      item = std::move(it->second);
      done.erase(it);
    }
    absl::Status s = item->status;
    if (s.ok()) s = consume(item->task, item->result);
    std::lock_guard<std::mutex> lock(mu);
    ++next_to_consume;
    if (worker_may_take()) work_ready.notify_one();  // the window moved
    if (!s.ok()) {
      fail(std::move(s));
      break;
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    stop = true;
    room.notify_all();
    work_ready.notify_all();
    result_ready.notify_all();
  }
  const double consumer_end = cpu != nullptr ? ThreadCpuSeconds() : 0;
  producer.join();
  for (auto& t : workers) t.join();
  if (cpu != nullptr) {
    cpu->workers += worker_cpu;
    cpu->producer += producer_cpu;
    cpu->consumer += consumer_end - consumer_start;
  }
  return error;
}

}  // namespace dechrome

#endif  // DECHROME_RUNTIME_ORDERED_PIPELINE_H_
