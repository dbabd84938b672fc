#include "runtime/ordered_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(OrderedPipelineTest, ResultsComeInProductionOrder) {
  for (int threads : {1, 2, 4, 8}) {
    int next = 0;
    std::vector<int> seen;
    auto produce = [&](int* t) -> absl::StatusOr<bool> {
      if (next == 500) return false;
      *t = next++;
      return true;
    };
    auto work = [&](int, int& t, long* r) -> absl::Status {
      if (t % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
      *r = static_cast<long>(t) * t;
      return absl::OkStatus();
    };
    auto consume = [&](int& t, long& r) -> absl::Status {
      EXPECT_EQ(r, static_cast<long>(t) * t);
      seen.push_back(t);
      return absl::OkStatus();
    };
    ASSERT_TRUE((RunOrdered<int, long>(threads, produce, work, consume)).ok());
    ASSERT_EQ(seen.size(), 500u);
    for (int i = 0; i < 500; ++i) ASSERT_EQ(seen[i], i);
  }
}

// Burns about `seconds` of this thread's CPU.
void Spin(double seconds) {
  const double until = ThreadCpuSeconds() + seconds;
  volatile uint64_t x = 0;
  while (ThreadCpuSeconds() < until) x = x + 1;
}

TEST(OrderedPipelineTest, ReportsWhatEachSideUsed) {
  for (int threads : {0, 1, 3}) {
    int next = 0;
    auto produce = [&](int* t) -> absl::StatusOr<bool> {
      if (next == 20) return false;
      *t = next++;
      return true;
    };
    auto work = [&](int, int& t, int* r) -> absl::Status {
      Spin(0.005);  // 20 tasks: 0.1 s of CPU in all
      *r = t;
      return absl::OkStatus();
    };
    auto consume = [&](int&, int&) -> absl::Status { return absl::OkStatus(); };
    PipelineCpu cpu;
    ASSERT_TRUE((RunOrdered<int, int>(threads, produce, work, consume, &cpu)).ok());
    // The workers' CPU is what the work burnt (the clocks count whole
    // ticks: a little either way); the other sides did next to nothing.
    EXPECT_GE(cpu.workers, 0.09) << threads;
    EXPECT_LT(cpu.producer, cpu.workers) << threads;
    EXPECT_LT(cpu.consumer, cpu.workers) << threads;
  }
}

TEST(OrderedPipelineTest, ProducerStaysWithinTheMemoryBound) {
  for (int threads : {1, 2, 5}) {
    std::atomic<int> next{0};
    std::atomic<int> consumed{0};
    size_t most = 0;
    auto produce = [&](int* t) -> absl::StatusOr<bool> {
      most = std::max(most, static_cast<size_t>(next.load() - consumed.load()));
      if (next.load() == 300) return false;
      *t = next++;
      return true;
    };
    auto work = [&](int, int& t, long* r) -> absl::Status {
      // Task 0 holds the consumer back until the producer is as far ahead as
      // it may go (or a few seconds have passed): everything piles up.
      if (t == 0) {
        const int ahead = static_cast<int>(OrderedQueueLimit(threads));
        for (int i = 0; i < 5000 && next.load() < ahead + 1; ++i)
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      *r = t;
      return absl::OkStatus();
    };
    auto consume = [&](int&, long&) -> absl::Status {
      if (consumed.load() < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ++consumed;
      return absl::OkStatus();
    };
    ASSERT_TRUE((RunOrdered<int, long>(threads, produce, work, consume)).ok());
    EXPECT_EQ(consumed.load(), 300);
    EXPECT_LT(most, MaxTasksInFlight(threads)) << threads << " threads";
    // It did run ahead: the bound is what held it.
    EXPECT_GE(most, OrderedQueueLimit(threads)) << threads << " threads";
  }
}

TEST(OrderedPipelineTest, FirstErrorStopsEverything) {
  for (int threads : {1, 3}) {
    int next = 0;
    std::atomic<int> worked{0};
    auto produce = [&](int* t) -> absl::StatusOr<bool> {
      *t = next++;
      return true;  // endless: the error must stop it
    };
    auto work = [&](int, int& t, int* r) -> absl::Status {
      ++worked;
      if (t == 40) return absl::DataLossError("bad chunk 40");
      *r = t;
      return absl::OkStatus();
    };
    int consumed = 0;
    auto consume = [&](int&, int&) -> absl::Status {
      ++consumed;
      return absl::OkStatus();
    };
    absl::Status s = RunOrdered<int, int>(threads, produce, work, consume);
    EXPECT_TRUE(absl::IsDataLoss(s));
    EXPECT_EQ(consumed, 40);
  }
}

TEST(OrderedPipelineTest, ProducerAndConsumerErrorsAreReturned) {
  int next = 0;
  auto produce = [&](int* t) -> absl::StatusOr<bool> {
    if (next == 10) return absl::NotFoundError("gone");
    *t = next++;
    return true;
  };
  auto work = [](int, int&, int*) { return absl::OkStatus(); };
  auto consume = [](int&, int&) { return absl::OkStatus(); };
  EXPECT_TRUE(absl::IsNotFound((RunOrdered<int, int>(2, produce, work, consume))));
  next = 0;
  auto produce2 = [&](int* t) -> absl::StatusOr<bool> {
    if (next == 100) return false;
    *t = next++;
    return true;
  };
  auto consume2 = [](int& t, int&) {
    return t == 5 ? absl::CancelledError("pipe") : absl::OkStatus();
  };
  EXPECT_TRUE(absl::IsCancelled((RunOrdered<int, int>(2, produce2, work, consume2))));
}

}  // namespace
}  // namespace dechrome
