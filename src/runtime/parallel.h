// -----------------------------------------------------------------------------
// File: parallel.h
// -----------------------------------------------------------------------------
//
// Small fork-join helpers for the work between the passes (table build,
// near-duplicate collapse), which runs on as many threads as the passes.
//
// ParallelFor(n, fn) calls fn(0) .. fn(n - 1) at once, fn(0) on the calling
// thread, and returns when all have returned.
//
// ParallelSort() sorts a vector on `threads` threads: contiguous parts are
// sorted at once, then merged pairwise, each round of merges in parallel.
// With a strict weak order under which no two distinct elements are
// equivalent (the keys of a table), the result is the one std::sort gives,
// whatever the number of threads.
//
// ParallelSortByKey() sorts a vector by a 64-bit key (a hash: the top bits
// spread the elements evenly): one counting pass on the top bits, a scatter
// into that many buckets, then each bucket sorted on its own, in cache; all
// three steps split over `threads`. Several times faster than a comparison
// sort for the table's keys. Elements with equal keys must be
// interchangeable (equal, or in an order nobody looks at): their order
// among themselves is unspecified.
//
// Thread safety: `fn`, the vector and the comparator are used by the threads
// they start; nothing else may touch the vector meanwhile.

#ifndef DECHROME_RUNTIME_PARALLEL_H_
#define DECHROME_RUNTIME_PARALLEL_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <type_traits>
#include <vector>

namespace dechrome {

template <typename Fn>
void ParallelFor(size_t n, const Fn& fn) {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < n; ++i) threads.emplace_back([&fn, i] { fn(i); });
  if (n > 0) fn(0);
  for (std::thread& t : threads) t.join();
}

template <typename T, typename Less>
void ParallelSort(std::vector<T>* v, int threads, Less less) {
  // Below this many elements a part is not worth a thread.
  constexpr size_t kMinPart = size_t{1} << 14;
  size_t parts = threads > 1 ? static_cast<size_t>(threads) : 1;
  parts = std::min(parts, std::max<size_t>(1, v->size() / kMinPart));
  if (parts <= 1) {
    std::sort(v->begin(), v->end(), less);
    return;
  }
  std::vector<size_t> bounds(parts + 1);
  for (size_t i = 0; i <= parts; ++i) bounds[i] = v->size() * i / parts;
  auto at = [&](size_t i) { return v->begin() + static_cast<std::ptrdiff_t>(i); };
  {
    std::vector<std::thread> sorters;
    for (size_t p = 1; p < parts; ++p)
      sorters.emplace_back([&, p] { std::sort(at(bounds[p]), at(bounds[p + 1]), less); });
    std::sort(at(bounds[0]), at(bounds[1]), less);
    for (std::thread& t : sorters) t.join();
  }
  while (bounds.size() > 2) {
    std::vector<size_t> next;
    std::vector<std::thread> mergers;
    for (size_t i = 0; i + 1 < bounds.size(); i += 2) {
      next.push_back(bounds[i]);
      if (i + 2 < bounds.size()) {
        const size_t b = bounds[i], m = bounds[i + 1], e = bounds[i + 2];
        mergers.emplace_back([&, b, m, e] { std::inplace_merge(at(b), at(m), at(e), less); });
      }
    }
    next.push_back(bounds.back());
    for (std::thread& t : mergers) t.join();
    bounds.swap(next);
  }
}

template <typename T, typename KeyOf>
void ParallelSortByKey(std::vector<T>* v, int threads, KeyOf key_of) {
  static_assert(std::is_same_v<decltype(key_of(v->front())), uint64_t>,
                "ParallelSortByKey sorts by a uint64_t key");
  const size_t n = v->size();
  if (n < 2) return;
  // About 64 elements a bucket: a bucket's sort stays in L1.
  int bits = 1;
  while (bits < 16 && (n >> (bits + 6)) > 0) ++bits;
  const size_t buckets = size_t{1} << bits;
  const int shift = 64 - bits;
  auto bucket_of = [&](const T& x) { return static_cast<size_t>(key_of(x) >> shift); };
  constexpr size_t kMinPart = size_t{1} << 14;
  size_t parts = threads > 1 ? static_cast<size_t>(threads) : 1;
  parts = std::min(parts, std::max<size_t>(1, n / kMinPart));
  std::vector<size_t> bounds(parts + 1);
  for (size_t p = 0; p <= parts; ++p) bounds[p] = n * p / parts;

  // counts[p][b]: elements of part p in bucket b; then where part p's first
  // element of bucket b goes.
  std::vector<std::vector<size_t>> counts(parts, std::vector<size_t>(buckets, 0));
  ParallelFor(parts, [&](size_t p) {
    for (size_t i = bounds[p]; i < bounds[p + 1]; ++i) ++counts[p][bucket_of((*v)[i])];
  });
  std::vector<size_t> bucket_begin(buckets + 1);
  size_t at = 0;
  for (size_t b = 0; b < buckets; ++b) {
    bucket_begin[b] = at;
    for (size_t p = 0; p < parts; ++p) {
      const size_t c = counts[p][b];
      counts[p][b] = at;
      at += c;
    }
  }
  bucket_begin[buckets] = n;
  std::vector<T> out(n);
  ParallelFor(parts, [&](size_t p) {
    std::vector<size_t>& next = counts[p];
    for (size_t i = bounds[p]; i < bounds[p + 1]; ++i) {
      const T& x = (*v)[i];
      out[next[bucket_of(x)]++] = x;
    }
  });
  auto key_less = [&](const T& a, const T& b) { return key_of(a) < key_of(b); };
  ParallelFor(parts, [&](size_t p) {
    for (size_t b = buckets * p / parts; b < buckets * (p + 1) / parts; ++b) {
      auto first = out.begin() + static_cast<std::ptrdiff_t>(bucket_begin[b]);
      auto last = out.begin() + static_cast<std::ptrdiff_t>(bucket_begin[b + 1]);
      if (last - first > 1) std::sort(first, last, key_less);
    }
  });
  v->swap(out);
}

}  // namespace dechrome

#endif  // DECHROME_RUNTIME_PARALLEL_H_
