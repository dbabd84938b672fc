// -----------------------------------------------------------------------------
// File: producer.h
// -----------------------------------------------------------------------------
//
// The reading side of both passes: walks the inputs in order, opens each
// (sniffing codec and format), and cuts it into chunks of whole records. A
// file's chunks are followed by one kFileEnd task that carries the file's
// final status (OK, or why reading it failed) and any trailing framing
// issues, so that the consumer commits or discards the file's output.
// A record longer than the record limit comes as pieces (Chunk::piece).
//
// Thread safety: one thread (the pipeline's producer).

#ifndef DECHROME_PIPELINE_PRODUCER_H_
#define DECHROME_PIPELINE_PRODUCER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/input.h"
#include "record/record.h"

namespace dechrome {

struct PassTask {
  enum class Kind { kChunk, kFileEnd };
  Kind kind = Kind::kChunk;
  size_t file = 0;
  RecordFormatKind format = RecordFormatKind::kJsonl;
  Codec input_codec = Codec::kNone;
  Chunk chunk;              // kChunk: records; kFileEnd: trailing issues only
  absl::Status status;      // kFileEnd: how reading the file ended
  bool empty_input = false; // kFileEnd: the file had no bytes at all
  uint64_t raw_offset = 0;  // compressed bytes of this file consumed so far
  std::vector<uint32_t> hints;  // pass 2 of a run, kChunk: pass 1's blob (line_hints.h)
};

class InputProducer {
 public:
  // Records longer than `max_record_bytes` come as pieces (Chunk::piece).
  InputProducer(const std::vector<std::string>& inputs, size_t chunk_bytes, bool strict,
                uint64_t max_record_bytes = UINT64_MAX);
  // Inputs whose status in `*skip` (one per input; null: none) is not OK
  // are not opened: each comes as one kFileEnd task with that status.
  // `*skip` must outlive the producer.
  void set_skip(const std::vector<absl::Status>* skip) { skip_ = skip; }

  // Fills `task`; false when every input is done. A file that cannot be
  // read, including one whose reading runs out of memory (std::bad_alloc),
  // ends with a kFileEnd task whose status says why.
  absl::StatusOr<bool> Next(PassTask* task);

 private:
  const std::vector<std::string>& inputs_;
  const size_t chunk_bytes_;
  const bool strict_;
  const uint64_t max_record_bytes_;
  const std::vector<absl::Status>* skip_ = nullptr;
  size_t file_ = 0;
  std::unique_ptr<OpenedInput> current_;
};

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_PRODUCER_H_
