// Helpers of the end-to-end tests of the dechrome command (tests/cli).
#ifndef DECHROME_TESTING_CLI_TESTING_H_
#define DECHROME_TESTING_CLI_TESTING_H_

#include <string>

#include "testing/temp_dir.h"

namespace dechrome {
namespace testing {

inline const std::string& DechromeBinary() {
  static const std::string* bin = new std::string(DECHROME_BINARY);
  return *bin;
}
inline const std::string& SourceDir() {
  static const std::string* src = new std::string(DECHROME_SOURCE_DIR);
  return *src;
}

// `s` in single quotes for the shell (paths from TempDir have none).
inline std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Runs `dechrome ARGS`; returns the exit status.
inline int Dechrome(const std::string& args, std::string* out = nullptr, std::string* err = nullptr) {
  return RunCommand(DechromeBinary() + " " + args, out, err);
}

// The integer value of "key": in a --stats / summary JSON object (-1 if absent).
inline long JsonInt(const std::string& json, const std::string& key) {
  size_t p = json.find("\"" + key + "\": ");
  if (p == std::string::npos) return -1;
  return std::stol(json.substr(p + key.size() + 4));
}

}  // namespace testing
}  // namespace dechrome

#endif  // DECHROME_TESTING_CLI_TESTING_H_
