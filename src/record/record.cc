#include "record/record.h"

namespace dechrome {

const char* RecordFormatName(RecordFormatKind kind) {
  switch (kind) {
    case RecordFormatKind::kJsonl:
      return "jsonl";
    case RecordFormatKind::kWarc:
      return "warc";
  }
  return "unknown";
}

RecordFormatKind SniffRecordFormat(std::string_view first_bytes) {
  // Tolerate a UTF-8 byte order mark or leading blank lines before "WARC/".
  size_t i = 0;
  if (first_bytes.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < first_bytes.size() && (first_bytes[i] == '\r' || first_bytes[i] == '\n')) ++i;
  return first_bytes.substr(i, 5) == "WARC/" ? RecordFormatKind::kWarc
                                             : RecordFormatKind::kJsonl;
}

}  // namespace dechrome
