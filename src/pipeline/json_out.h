// -----------------------------------------------------------------------------
// File: json_out.h
// -----------------------------------------------------------------------------
//
// Writing JSON: a string value with the escapes JSON requires (the bytes are
// otherwise copied; UTF-8 stays UTF-8).
//
// Thread safety: pure function.

#ifndef DECHROME_PIPELINE_JSON_OUT_H_
#define DECHROME_PIPELINE_JSON_OUT_H_

#include <string>
#include <string_view>

namespace dechrome {

inline void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_JSON_OUT_H_
