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

bool World::ExchangeRound(const std::vector<std::string>& to, bool last, std::vector<std::string>* received) {
  DECHROME_CHECK(to.size() == static_cast<size_t>(g_size));
  const size_t n = static_cast<size_t>(g_size);
  std::vector<uint64_t> mine(2 * n), theirs(2 * n);
  for (size_t r = 0; r < n; ++r) {
    mine[2 * r] = static_cast<int>(r) == g_rank ? 0 : to[r].size();
    mine[2 * r + 1] = last ? 1 : 0;
  }
  DECHROME_CHECK(MPI_Alltoall(mine.data(), 2, MPI_UINT64_T, theirs.data(), 2, MPI_UINT64_T, MPI_COMM_WORLD) ==
                 MPI_SUCCESS);
  std::vector<int> send_counts(n), send_displs(n), recv_counts(n), recv_displs(n);
  std::string out;
  size_t total = 0;
  bool all_last = true;
  for (size_t r = 0; r < n; ++r) {
    send_counts[r] = static_cast<int>(mine[2 * r]);
    send_displs[r] = static_cast<int>(out.size());
    if (mine[2 * r] > 0) out += to[r];
    recv_counts[r] = static_cast<int>(theirs[2 * r]);
    recv_displs[r] = static_cast<int>(total);
    total += theirs[2 * r];
    all_last = all_last && theirs[2 * r + 1] != 0;
  }
  DECHROME_CHECK(out.size() < (size_t{1} << 31) && total < (size_t{1} << 31));
  std::string buffer(total, '\0');
  DECHROME_CHECK(MPI_Alltoallv(out.data(), send_counts.data(), send_displs.data(), MPI_BYTE, buffer.data(),
                               recv_counts.data(), recv_displs.data(), MPI_BYTE, MPI_COMM_WORLD) == MPI_SUCCESS);
  received->assign(n, std::string());
  for (size_t r = 0; r < n; ++r) (*received)[r].assign(buffer, recv_displs[r], recv_counts[r]);
  g_sent += out.size();
  g_received += total;
  return all_last;
}

std::vector<uint64_t> World::SumAll(std::vector<uint64_t> values) {
  std::vector<uint64_t> sums(values.size());
  if (!values.empty())
    DECHROME_CHECK(MPI_Allreduce(values.data(), sums.data(), static_cast<int>(values.size()), MPI_UINT64_T, MPI_SUM,
                                 MPI_COMM_WORLD) == MPI_SUCCESS);
  return sums;
}

namespace {
constexpr int kStreamTag = 11;
}  // namespace

void World::SendTo(int to, std::string_view bytes) {
  DECHROME_CHECK(bytes.size() < (size_t{1} << 31));
  DECHROME_CHECK(MPI_Ssend(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, kStreamTag,
                           MPI_COMM_WORLD) == MPI_SUCCESS);
  g_sent += bytes.size();
}

std::string World::ReceiveFrom(int from) {
  MPI_Status status;
  DECHROME_CHECK(MPI_Probe(from, kStreamTag, MPI_COMM_WORLD, &status) == MPI_SUCCESS);
  int count = 0;
  DECHROME_CHECK(MPI_Get_count(&status, MPI_BYTE, &count) == MPI_SUCCESS);
  std::string bytes(static_cast<size_t>(count), '\0');
  DECHROME_CHECK(MPI_Recv(bytes.data(), count, MPI_BYTE, from, kStreamTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE) ==
                 MPI_SUCCESS);
  g_received += bytes.size();
  return bytes;
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
