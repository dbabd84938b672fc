// Test helpers: a temporary folder removed at the end of the test, and small
// file utilities.
#ifndef DECHROME_TESTING_TEMP_DIR_H_
#define DECHROME_TESTING_TEMP_DIR_H_

#include <string>
#include <string_view>
#include <vector>

namespace dechrome {
namespace testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, std::string_view data);
std::string ReadFile(const std::string& path);
bool FileExists(const std::string& path);
// The names in `dir` (not "." and ".."), in no set order; empty if unreadable.
std::vector<std::string> ListDir(const std::string& dir);

// Compresses with the zstd / gzip command-line tools' formats, through the
// libraries (zstd: one frame; gzip: one member, zlib).
std::string ZstdCompress(std::string_view data, int level = 3);
std::string GzipCompress(std::string_view data);
// Decompresses any concatenation of members / frames.
std::string ZstdDecompress(std::string_view data);
std::string GzipDecompress(std::string_view data);
// Decompresses gzip members for as long as the data allows; *complete is
// false when the data ends inside a member (a truncated file).
std::string GzipDecompressPrefix(std::string_view data, bool* complete);

// "../shared" beside the source tree, or "" when it does not exist.
std::string SharedDir();

// Runs a shell command; returns its exit status, stdout in *out (if given),
// stderr in *err (if given).
int RunCommand(const std::string& command, std::string* out = nullptr,
               std::string* err = nullptr);

}  // namespace testing
}  // namespace dechrome

#endif  // DECHROME_TESTING_TEMP_DIR_H_
