#include "pipeline/producer.h"

#include <new>

#include "absl/strings/str_cat.h"

namespace dechrome {

InputProducer::InputProducer(const std::vector<std::string>& inputs, size_t chunk_bytes,
                             bool strict, uint64_t max_record_bytes)
    : inputs_(inputs),
      chunk_bytes_(chunk_bytes),
      strict_(strict),
      max_record_bytes_(max_record_bytes) {}

absl::StatusOr<bool> InputProducer::Next(PassTask* task) {
  if (file_ >= inputs_.size()) return false;
  task->file = file_;
  task->chunk.Clear();
  task->raw_offset = 0;
  task->empty_input = false;
  if (current_ == nullptr && skip_ != nullptr && !(*skip_)[file_].ok()) {
    task->kind = PassTask::Kind::kFileEnd;
    task->status = (*skip_)[file_];
    ++file_;
    return true;
  }
  if (current_ == nullptr) {
    absl::StatusOr<OpenedInput> opened;
    try {
      opened = OpenRecordInput(inputs_[file_], chunk_bytes_, strict_);
    } catch (const std::bad_alloc&) {
      opened = absl::ResourceExhaustedError("out of memory opening the input");
    }
    if (!opened.ok()) {
      task->kind = PassTask::Kind::kFileEnd;
      task->status = opened.status();
      ++file_;
      return true;
    }
    current_ = std::make_unique<OpenedInput>(std::move(*opened));
    current_->chunker->set_max_record_bytes(max_record_bytes_);
  }
  task->format = current_->format;
  task->input_codec = current_->codec;
  absl::StatusOr<bool> more;
  try {
    more = current_->chunker->Next(&task->chunk);
  } catch (const std::bad_alloc&) {
    // A record too big for the memory there is (see --max-record-size):
    // this input fails, the others go on.
    const Chunk& c = task->chunk;
    more = absl::ResourceExhaustedError(absl::StrCat(
        "out of memory reading record ", c.first_record + 1, " (near byte ",
        c.stream_offset, "); a lower --max-record-size bounds what one record may take"));
    task->chunk.Clear();
    std::string().swap(task->chunk.data);
  }
  task->raw_offset = current_->source->raw_offset();
  if (more.ok() && *more) {
    task->kind = PassTask::Kind::kChunk;
    return true;
  }
  task->kind = PassTask::Kind::kFileEnd;
  task->status = more.ok() ? absl::OkStatus() : more.status();
  task->empty_input = current_->empty;
  current_.reset();
  ++file_;
  return true;
}

}  // namespace dechrome
