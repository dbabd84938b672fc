#include "pipeline/producer.h"

namespace dechrome {

InputProducer::InputProducer(const std::vector<std::string>& inputs, size_t chunk_bytes,
                             bool strict)
    : inputs_(inputs), chunk_bytes_(chunk_bytes), strict_(strict) {}

absl::StatusOr<bool> InputProducer::Next(PassTask* task) {
  if (file_ >= inputs_.size()) return false;
  task->file = file_;
  task->chunk.Clear();
  if (current_ == nullptr) {
    absl::StatusOr<OpenedInput> opened = OpenRecordInput(inputs_[file_], chunk_bytes_, strict_);
    if (!opened.ok()) {
      task->kind = PassTask::Kind::kFileEnd;
      task->status = opened.status();
      ++file_;
      return true;
    }
    current_ = std::make_unique<OpenedInput>(std::move(*opened));
  }
  task->format = current_->format;
  task->input_codec = current_->codec;
  absl::StatusOr<bool> more = current_->chunker->Next(&task->chunk);
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
