// -----------------------------------------------------------------------------
// File: mpi_world.h
// -----------------------------------------------------------------------------
//
// The processes of an mpirun job (MPI_COMM_WORLD) and the few collectives
// dechrome needs, all on byte strings and all in bounded rounds: no message
// is larger than kRoundBytes (a round of an all-gather receives at most
// kRoundBytes in all, plus one record per process), so memory per process is
// bounded whatever the data, and MPI's int counts never overflow.
//
// Only this folder includes <mpi.h>; it is built when CMake finds MPI
// (DECHROME_HAVE_MPI) and linked into the command alone.
//
// Thread safety: MPI is initialised with MPI_THREAD_FUNNELED: call these
// from the main thread only.

#ifndef DECHROME_MPI_MPI_WORLD_H_
#define DECHROME_MPI_MPI_WORLD_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dechrome {
namespace mpi {

// A round's bytes received per process, at most (records never straddle
// rounds: a round may exceed it by one record per sender).
inline constexpr size_t kRoundBytes = size_t{64} << 20;

class World {
 public:
  // MPI_Init (once per process). Returns false if MPI could not start.
  static bool Init(int* argc, char*** argv);
  static void Finalize();
  static bool initialized();
  static int rank();
  static int size();
  // MPI_Abort of the whole job with `code` (after the caller printed why).
  [[noreturn]] static void Abort(int code);
  static void Barrier();

  // One round of an all-gather: every process gives `chunk` (its next bytes,
  // whole records, at most about kRoundBytes / size()) and whether it has
  // nothing more after it. Sets received[r] to process r's chunk (empty for
  // this process) and returns whether every process said `last`.
  static bool AllGatherRound(std::string_view chunk, bool last, std::vector<std::string>* received);
  // Every process's `mine`, by rank (in rounds).
  static std::vector<std::string> AllGather(const std::string& mine);
  // Process 0 gets every process's `mine` by rank (the others an empty
  // list); point to point, in messages of at most kRoundBytes.
  static std::vector<std::string> GatherToRoot(const std::string& mine);
  // One round of an all-to-all: `to[r]` (whole records, at most about
  // kRoundBytes / size() bytes) goes to process r (to[rank()] is not sent),
  // and whether this process has nothing more after it. Sets received[r] to
  // what process r sent this one and returns whether every process said
  // `last`. So a process receives at most about kRoundBytes a round.
  static bool ExchangeRound(const std::vector<std::string>& to, bool last, std::vector<std::string>* received);
  // The sums over the processes of each of `values` (the same length on
  // every process), on every process.
  static std::vector<uint64_t> SumAll(std::vector<uint64_t> values);
  // Point to point, for streams that process 0 reads at its own pace: a
  // synchronous send (it returns once process `to` received it, so a sender
  // never has more than one message in flight), and its receive.
  static void SendTo(int to, std::string_view bytes);
  static std::string ReceiveFrom(int from);
  // Process 0's `value` on every process.
  static uint64_t Broadcast(uint64_t value);
  static std::vector<uint64_t> Broadcast(std::vector<uint64_t> values);

  // Bytes this process sent and received through the calls above.
  static uint64_t bytes_sent();
  static uint64_t bytes_received();
};

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_MPI_WORLD_H_
