#include "record/record.h"

#include <string>

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

std::string LandmarkNames(uint32_t landmarks) {
  static const char* const kNames[32] = {
      "nav", "header", "footer", "aside", "form", "main", "heading", "list-item",
      "caption", "table", "paragraph", "time", "address", "pre", "invisible", nullptr,
      "word:menu", "word:sidebar", "word:related", "word:comment", "word:share", "word:cookie",
      "word:newsletter", "word:breadcrumb", "word:widget", "word:ad", "word:footer", "word:tags",
      "word:byline", "word:content", nullptr, nullptr};
  std::string out;
  for (int b = 0; b < 32; ++b) {
    if (!(landmarks >> b & 1) || kNames[b] == nullptr) continue;
    if (!out.empty()) out.push_back(',');
    out.append(kNames[b]);
  }
  return out;
}

}  // namespace dechrome
