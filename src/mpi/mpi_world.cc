#include "mpi/mpi_world.h"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>

#include "dechrome/status.h"

namespace dechrome {
namespace mpi {
namespace {

bool g_initialized = false;
int g_rank = 0;
int g_size = 1;
uint64_t g_sent = 0;
uint64_t g_received = 0;

}  // namespace

bool World::Init(int* argc, char*** argv) {
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return false;
  // Errors return codes (checked with DECHROME_CHECK) rather than aborting
  // inside the library without a word.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  g_initialized = true;
  return true;
}

void World::Finalize() {
  if (g_initialized) MPI_Finalize();
  g_initialized = false;
}

bool World::initialized() { return g_initialized; }
int World::rank() { return g_rank; }
int World::size() { return g_size; }

void World::Abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

void World::Barrier() { DECHROME_CHECK(MPI_Barrier(MPI_COMM_WORLD) == MPI_SUCCESS); }

bool World::AllGatherRound(std::string_view chunk, bool last, std::vector<std::string>* received) {
  DECHROME_CHECK(chunk.size() < (size_t{1} << 30));
  const uint64_t mine[2] = {chunk.size(), last ? 1u : 0u};
  std::vector<uint64_t> all(2 * static_cast<size_t>(g_size));
  DECHROME_CHECK(MPI_Allgather(mine, 2, MPI_UINT64_T, all.data(), 2, MPI_UINT64_T, MPI_COMM_WORLD) ==
                 MPI_SUCCESS);
  std::vector<int> counts(g_size), displs(g_size);
  size_t total = 0;
  bool all_last = true;
  for (int r = 0; r < g_size; ++r) {
    counts[r] = static_cast<int>(all[2 * r]);
    displs[r] = static_cast<int>(total);
    total += all[2 * r];
    all_last = all_last && all[2 * r + 1] != 0;
  }
  DECHROME_CHECK(total < (size_t{1} << 31));
  std::string buffer(total, '\0');
  if (total > 0) {
    DECHROME_CHECK(MPI_Allgatherv(chunk.data(), static_cast<int>(chunk.size()), MPI_BYTE, buffer.data(),
                                  counts.data(), displs.data(), MPI_BYTE, MPI_COMM_WORLD) == MPI_SUCCESS);
  }
  received->assign(g_size, std::string());
  for (int r = 0; r < g_size; ++r) {
    if (r == g_rank) continue;
    (*received)[r].assign(buffer, displs[r], counts[r]);
    g_received += counts[r];
  }
  g_sent += chunk.size() * static_cast<uint64_t>(g_size - 1);
  return all_last;
}

std::vector<std::string> World::AllGather(const std::string& mine) {
  std::vector<std::string> all(g_size);
  all[g_rank] = mine;
  const size_t limit = std::max<size_t>(1, kRoundBytes / g_size);
  size_t off = 0;
  std::vector<std::string> received;
  for (;;) {
    const size_t n = std::min(limit, mine.size() - off);
    const bool done = AllGatherRound(std::string_view(mine).substr(off, n), off + n == mine.size(), &received);
    off += n;
    for (int r = 0; r < g_size; ++r)
      if (r != g_rank) all[r] += received[r];
    if (done) break;
  }
  return all;
}

std::vector<std::string> World::GatherToRoot(const std::string& mine) {
  constexpr int kTag = 7;
  if (g_rank != 0) {
    const uint64_t size = mine.size();
    DECHROME_CHECK(MPI_Send(&size, 1, MPI_UINT64_T, 0, kTag, MPI_COMM_WORLD) == MPI_SUCCESS);
    for (size_t off = 0; off < mine.size(); off += kRoundBytes) {
      const size_t n = std::min(kRoundBytes, mine.size() - off);
      DECHROME_CHECK(MPI_Send(mine.data() + off, static_cast<int>(n), MPI_BYTE, 0, kTag, MPI_COMM_WORLD) ==
                     MPI_SUCCESS);
    }
    g_sent += mine.size();
    return {};
  }
  std::vector<std::string> all(g_size);
  all[0] = mine;
  for (int r = 1; r < g_size; ++r) {
    uint64_t size = 0;
    DECHROME_CHECK(MPI_Recv(&size, 1, MPI_UINT64_T, r, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE) ==
                   MPI_SUCCESS);
    all[r].resize(size);
    for (size_t off = 0; off < size; off += kRoundBytes) {
      const size_t n = std::min<size_t>(kRoundBytes, size - off);
      DECHROME_CHECK(MPI_Recv(all[r].data() + off, static_cast<int>(n), MPI_BYTE, r, kTag, MPI_COMM_WORLD,
                              MPI_STATUS_IGNORE) == MPI_SUCCESS);
    }
    g_received += size;
  }
  return all;
}

uint64_t World::Broadcast(uint64_t value) {
  DECHROME_CHECK(MPI_Bcast(&value, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD) == MPI_SUCCESS);
  return value;
}

std::vector<uint64_t> World::Broadcast(std::vector<uint64_t> values) {
  uint64_t n = Broadcast(static_cast<uint64_t>(values.size()));
  values.resize(n);
  if (n > 0)
    DECHROME_CHECK(MPI_Bcast(values.data(), static_cast<int>(n), MPI_UINT64_T, 0, MPI_COMM_WORLD) ==
                   MPI_SUCCESS);
  return values;
}

uint64_t World::bytes_sent() { return g_sent; }
uint64_t World::bytes_received() { return g_received; }

}  // namespace mpi
}  // namespace dechrome
