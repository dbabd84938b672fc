#include "pipeline/resume.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "dechrome/pipeline.h"
#include "hash/line_hash.h"
#include "io/output_file.h"

namespace dechrome {
namespace {

constexpr char kMagic[] = "dechrome-resume 1";
constexpr char kSuffix[] = ".dechrome-resume";

uint64_t MtimeNs(const struct stat& st) {
  return static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u +
         static_cast<uint64_t>(st.st_mtim.tv_nsec);
}

// One manifest value on one line.
std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out;
}

bool Unescape(std::string_view v, std::string* out) {
  out->clear();
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '\\') {
      *out += v[i];
      continue;
    }
    if (++i == v.size()) return false;
    switch (v[i]) {
      case '\\': *out += '\\'; break;
      case 't': *out += '\t'; break;
      case 'n': *out += '\n'; break;
      case 'r': *out += '\r'; break;
      default: return false;
    }
  }
  return true;
}

// The manifest at `path` as key -> value; false if it is missing or not a
// whole manifest of this version.
bool ReadManifest(const std::string& path, std::map<std::string, std::string>* fields) {
  FILE* f = std::fopen(path.c_str(), "rbe");
  if (f == nullptr) return false;
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0 && text.size() < (size_t{1} << 20))
    text.append(buf, n);
  std::fclose(f);
  if (text.empty() || text.back() != '\n') return false;
  text.pop_back();
  std::string_view rest(text);
  bool first = true;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (first) {
      if (line != kMagic) return false;
      first = false;
      continue;
    }
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return false;
    std::string value;
    if (!Unescape(line.substr(tab + 1), &value)) return false;
    (*fields)[std::string(line.substr(0, tab))] = std::move(value);
  }
  return !first;
}

// The running executable's size and mtime ("" if unknown).
const std::string& ExecutableId() {
  static const std::string* id = [] {
    struct stat st;
    if (stat("/proc/self/exe", &st) != 0) return new std::string();
    return new std::string(absl::StrCat(st.st_size, ":", MtimeNs(st)));
  }();
  return *id;
}

std::string Double(double d) { return absl::StrFormat("%.17g", d); }

}  // namespace

std::string ManifestPath(const std::string& output) {
  const size_t slash = output.rfind('/');
  const std::string name = slash == std::string::npos ? output : output.substr(slash + 1);
  const std::string folder = FolderOf(output);
  return absl::StrCat(folder, folder == "/" ? "" : "/", ".", name, kSuffix);
}

void RemoveManifest(const std::string& output) { ::unlink(ManifestPath(output).c_str()); }

absl::Status CheckResumeOutputs(const std::vector<std::string>& outputs) {
  for (const std::string& out : outputs)
    if (out == "-")
      return absl::InvalidArgumentError(
          "resume needs file outputs (an output folder or file), not standard output");
  return absl::OkStatus();
}

uint64_t TableFingerprint(const ChromeTable& table) {
  // Entries are four plain integers with no padding: hashed as they lie.
  static_assert(sizeof(ChromeTable::Entry) == 24, "ChromeTable::Entry has padding");
  uint64_t h = Checksum64(kMagic, sizeof(kMagic), table.site_by_domain() ? 1 : 2);
  for (const ChromeTable::Site& s : table.sites()) {
    h = Checksum64(s.name.data(), s.name.size(), h);
    h = Checksum64(&s.documents, sizeof(s.documents), h);
  }
  const std::vector<ChromeTable::Entry>& e = table.entries();
  const uint64_t counts[2] = {table.sites().size(), e.size()};
  h = Checksum64(counts, sizeof(counts), h);
  return Checksum64(e.data(), e.size() * sizeof(ChromeTable::Entry), h);
}

std::string OutputOptionsKey(const ChromeTable& table, const RunOptions& options) {
  const PolicyOptions& p = table.policy();
  const InputOptions& in = options.input;
  std::string urls;
  for (const std::string& u : in.url_fields) absl::StrAppend(&urls, urls.empty() ? "" : ",", Escape(u));
  // Keys in a fixed order; a new option that changes the output belongs here.
  return absl::StrCat(
      "build=", Version(), "/", ExecutableId(),
      " site_by_domain=", table.site_by_domain(),
      " min_count=", p.min_count, " long_line_length=", p.long_line_length,
      " long_min_count=", p.long_min_count, " min_fraction=", Double(p.min_fraction),
      " min_site_docs=", p.min_site_docs, " min_sites=", p.min_sites,
      " cross_site_min_length=", p.cross_site_min_length,
      " collapse_near_duplicates=", p.collapse_near_duplicates, " own_text_apart=", p.own_text_apart,
      " fold_dates=", p.fold_dates,
      " protect_isolated=", p.protect_isolated,
      " isolated_max_fraction=", Double(p.isolated_max_fraction),
      " isolated_max_run=", p.isolated_max_run, " protect_title=", p.protect_title,
      " protect_lead=", p.protect_lead, " protect_interview=", p.protect_interview,
      " remove_labels=", p.remove_labels,
      " label_min_count=", p.label_min_count, " label_fraction=", Double(p.label_fraction),
      " other_headline=", p.other_headline, " headline_list=", p.headline_list, " other_headline_max_length=", p.other_headline_max_length,
      " templated=", p.templated, " templated_fraction=", Double(p.templated_fraction),
      " page_structure=", p.page_structure, " article_head=", p.article_head, " page_date=", p.page_date,
      " own_story=", p.own_story, " protect_dateline=", p.protect_dateline,
      " comment_region=", p.comment_region, " signed_comments=", p.signed_comments,
      " dated_bylines=", p.dated_bylines, " headline_tail=", p.headline_tail,
      " text_field=", Escape(in.text_field), " url_fields=", urls, " id_field=", Escape(in.id_field),
      " input_site_by_domain=", in.site_by_domain, " strict=", in.strict, " html=", in.html,
      " max_html_bytes=", in.max_html_bytes, " max_record_bytes=", in.max_record_bytes,
      " level=", options.level, " drop_empty=", options.drop_empty,
      " emit_attributes=", options.emit_attributes,
      " output_format=", static_cast<int>(options.output_format),
      " extract_only=", options.extract_only, " chunk_bytes=", options.chunk_bytes);
}

ResumeState::FileId ResumeState::Identify(const std::string& path) {
  FileId id;
  struct stat st;
  if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return id;
  char real[PATH_MAX];
  if (realpath(path.c_str(), real) == nullptr) return id;
  id.ok = true;
  id.real_path = real;
  id.size = static_cast<uint64_t>(st.st_size);
  id.mtime_ns = MtimeNs(st);
  return id;
}

ResumeState::ResumeState(const std::vector<std::string>& inputs,
                         const std::vector<std::string>& outputs)
    : inputs_(inputs), outputs_(outputs) {
  for (const std::string& in : inputs_) ids_.push_back(Identify(in));
}

void ResumeState::SetTable(const ChromeTable& table, const RunOptions& options) {
  have_table_ = true;
  table_ = absl::StrFormat("%016x", TableFingerprint(table));
  options_ = OutputOptionsKey(table, options);
}

bool ResumeState::Complete(size_t i, std::string* why) const {
  std::string ignored;
  if (why == nullptr) why = &ignored;
  why->clear();
  const FileId& in = ids_[i];
  if (!in.ok) return false;  // standard input, a pipe, a missing file
  std::map<std::string, std::string> m;
  const std::string manifest = ManifestPath(outputs_[i]);
  struct stat st;
  if (stat(manifest.c_str(), &st) != 0) return false;  // none: never completed
  if (!ReadManifest(manifest, &m)) {
    *why = "its resume manifest cannot be read";
    return false;
  }
  const auto field = [&](const char* key) -> const std::string& {
    static const std::string* none = new std::string("\x01(none)");
    auto it = m.find(key);
    return it == m.end() ? *none : it->second;
  };
  if (field("input") != in.real_path) {
    *why = absl::StrCat("it was made from ", field("input"));
    return false;
  }
  if (field("input_size") != absl::StrCat(in.size) ||
      field("input_mtime_ns") != absl::StrCat(in.mtime_ns)) {
    *why = "the input changed since it was made";
    return false;
  }
  if (have_table_ && field("table") != table_) {
    *why = "the table is not the one it was made with";
    return false;
  }
  if (have_table_ && field("options") != options_) {
    *why = "the options (or the dechrome build) are not those it was made with";
    return false;
  }
  if (stat(outputs_[i].c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      field("output_size") != absl::StrCat(st.st_size) ||
      field("output_mtime_ns") != absl::StrCat(MtimeNs(st))) {
    *why = "the output is missing or changed since it was made";
    return false;
  }
  return true;
}


absl::Status ResumeState::Record(size_t i) const {
  const FileId& was = ids_[i];
  if (!was.ok) return absl::OkStatus();  // standard input or a pipe: never resumed
  const FileId now = Identify(inputs_[i]);
  if (!now.ok || now.real_path != was.real_path || now.size != was.size ||
      now.mtime_ns != was.mtime_ns) {
    return absl::FailedPreconditionError(
        absl::StrCat(inputs_[i], ": changed while it was read; ", outputs_[i],
                     " gets no resume manifest (a run with --resume filters it again)"));
  }
  struct stat st;
  if (stat(outputs_[i].c_str(), &st) != 0)
    return absl::NotFoundError(absl::StrCat(outputs_[i], ": ", std::strerror(errno)));
  std::string text = absl::StrCat(kMagic, "\n");
  absl::StrAppend(&text, "input\t", Escape(was.real_path), "\n");
  absl::StrAppend(&text, "input_size\t", was.size, "\n");
  absl::StrAppend(&text, "input_mtime_ns\t", was.mtime_ns, "\n");
  absl::StrAppend(&text, "table\t", table_, "\n");
  absl::StrAppend(&text, "options\t", Escape(options_), "\n");
  absl::StrAppend(&text, "output_size\t", st.st_size, "\n");
  absl::StrAppend(&text, "output_mtime_ns\t", MtimeNs(st), "\n");
  DECHROME_ASSIGN_OR_RETURN(std::unique_ptr<OutputFile> out, OutputFile::Create(ManifestPath(outputs_[i])));
  DECHROME_RETURN_IF_ERROR(out->Write(text));
  return out->Commit();
}

}  // namespace dechrome
