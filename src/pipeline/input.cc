#include "pipeline/input.h"

#include <sys/stat.h>


#include "absl/strings/str_cat.h"
#include "jsonl/jsonl.h"
#include "warc/warc.h"

namespace dechrome {
namespace {

// The first (up to) 4096 decompressed bytes of `source`, which sniff the
// record format.
absl::StatusOr<std::string> ReadHead(ByteSource* source) {
  std::string head(4096, '\0');
  size_t got = 0;
  while (got < head.size()) {
    DECHROME_ASSIGN_OR_RETURN(size_t n, source->Read(head.data() + got, head.size() - got));
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  return head;
}

}  // namespace

absl::StatusOr<OpenedInput> OpenRecordInput(const std::string& path, size_t chunk_bytes,
                                            bool strict) {
  OpenedInput in;
  in.path = path;
  DECHROME_ASSIGN_OR_RETURN(in.source, OpenInput(path, &in.codec));
  DECHROME_ASSIGN_OR_RETURN(std::string head, ReadHead(in.source.get()));
  in.empty = head.empty();
  in.format = SniffRecordFormat(head);
  if (in.format == RecordFormatKind::kWarc) {
    in.chunker = NewWarcChunker(in.source.get(), std::move(head), chunk_bytes, strict);
  } else {
    in.chunker = NewJsonlChunker(in.source.get(), std::move(head), chunk_bytes);
  }
  return in;
}

bool SniffInputFormat(const std::string& path, RecordFormatKind* format) {
  if (NeedsSpool(path)) return false;
  Codec codec;
  absl::StatusOr<std::unique_ptr<ByteSource>> source = OpenInput(path, &codec);
  if (!source.ok()) return false;
  absl::StatusOr<std::string> head = ReadHead(source->get());
  if (!head.ok() || head->empty()) return false;
  *format = SniffRecordFormat(*head);
  return true;
}

RecordFormats::RecordFormats(const InputOptions& options) {
  JsonlOptions jsonl;
  jsonl.text_field = options.text_field;
  jsonl.url_fields = options.url_fields;
  jsonl.id_field = options.id_field;
  jsonl_ = NewJsonlFormat(jsonl);
  WarcOptions warc;
  warc.html = options.html;
  warc.max_html_bytes = options.max_html_bytes;
  warc_ = NewWarcFormat(warc);
}

uint64_t InputFileSize(const std::string& path) {
  if (path == "-") return 0;
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<uint64_t>(st.st_size);
}

}  // namespace dechrome
