#include <sys/stat.h>
#include <cerrno>
#include <cstring>
#include <set>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "io/output_file.h"
#include "pipeline/doc_output.h"
#include "pipeline/input.h"

namespace dechrome {
namespace {

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool SameFile(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  if (stat(a.c_str(), &sa) != 0 || stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

std::string BaseName(const std::string& path) {
  if (path == "-") return "stdin";
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// JSONL has no place in WET output: refused now, before the counting pass,
// for every input whose format its first bytes tell (see SniffInputFormat();
// the others, such as standard input, are refused when pass 2 reaches them).
absl::Status CheckWriteFormats(const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs, OutputFormat format) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (ResolveWriteFormat(format, outputs[i]) != WriteFormat::kWet) continue;
    RecordFormatKind kind;
    if (!SniffInputFormat(inputs[i], &kind) || kind == RecordFormatKind::kWarc) continue;
    return JsonlToWetError(inputs[i], outputs[i]);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> PlanOutputs(const std::vector<std::string>& inputs,
                                                     const std::string& output,
                                                     OutputFormat format) {
  std::vector<std::string> outputs;
  if (output.empty() || output == "-") {
    outputs.assign(inputs.size(), "-");
    DECHROME_RETURN_IF_ERROR(CheckWriteFormats(inputs, outputs, format));
    return outputs;
  }
  bool to_folder = inputs.size() > 1 || IsDirectory(output);
  std::set<std::string> seen;
  for (const std::string& in : inputs) {
    std::string out = to_folder ? absl::StrCat(output, "/", OutputNameFor(BaseName(in), format)) : output;
    if (!seen.insert(out).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("two inputs would both be written to ", out, "; give them different names"));
    }
    if (in != "-" && SameFile(in, out)) {
      return absl::InvalidArgumentError(
          absl::StrCat(out, ": output is the same file as its input; choose another -o"));
    }
    outputs.push_back(out);
  }
  DECHROME_RETURN_IF_ERROR(CheckWriteFormats(inputs, outputs, format));
  if (to_folder && !IsDirectory(output)) {
    // (Another process of the same job may have just made it: mpirun.)
    if (mkdir(output.c_str(), 0777) != 0 && !(errno == EEXIST && IsDirectory(output))) {
      return absl::PermissionDeniedError(
          absl::StrCat(output, ": cannot create output folder: ", std::strerror(errno)));
    }
  }
  // Fail now, not after the counting pass, if an output cannot be made.
  std::set<std::string> folders;
  for (const std::string& out : outputs) {
    if (out == "-") continue;
    const std::string folder = FolderOf(out);
    if (folders.insert(folder).second) RemoveStaleTempFiles(folder);
    DECHROME_RETURN_IF_ERROR(CheckOutputFolder(out));
  }
  return outputs;
}

}  // namespace dechrome
