// The audit folder: what was removed, per site, and the top chrome lines.

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "dechrome/pipeline.h"
#include "io/output_file.h"
#include "pipeline/json_out.h"

namespace dechrome {
namespace {

std::string TsvField(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

absl::Status WriteFile(const std::string& path, std::string_view data) {
  DECHROME_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path));
  DECHROME_RETURN_IF_ERROR(out->Write(data));
  return out->Commit();
}

std::string Percent(uint64_t part, uint64_t whole) {
  return absl::StrFormat("%.2f", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
}

}  // namespace

absl::Status WriteAudit(const std::string& dir, const ChromeTable& table, const Summary& summary,
                        size_t top_lines) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    if (mkdir(dir.c_str(), 0777) != 0)
      return absl::PermissionDeniedError(
          absl::StrCat(dir, ": cannot create audit folder: ", std::strerror(errno)));
  } else if (!S_ISDIR(st.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(dir, ": audit path exists and is not a folder"));
  }
  // Top chrome lines per site: by lines removed, then text, then key.
  const size_t num_sites = table.sites().size();
  std::vector<std::vector<const Summary::ChromeLine*>> by_site(num_sites + 1);  // last: no site
  for (const Summary::ChromeLine& cl : summary.chrome_lines)
    by_site[cl.site >= 0 ? static_cast<size_t>(cl.site) : num_sites].push_back(&cl);
  for (auto& lines : by_site) {
    std::sort(lines.begin(), lines.end(), [](const Summary::ChromeLine* a, const Summary::ChromeLine* b) {
      if (a->removed != b->removed) return a->removed > b->removed;
      if (a->text != b->text) return a->text < b->text;
      return a->key < b->key;
    });
    if (lines.size() > top_lines) lines.resize(top_lines);
  }
  // Top element paths per site: by lines removed, then path, then rule.
  std::vector<std::vector<const Summary::ChromePath*>> paths_by_site(num_sites + 1);
  for (const Summary::ChromePath& cp : summary.chrome_paths)
    paths_by_site[cp.site >= 0 ? static_cast<size_t>(cp.site) : num_sites].push_back(&cp);
  for (auto& paths : paths_by_site) {
    std::sort(paths.begin(), paths.end(), [](const Summary::ChromePath* a, const Summary::ChromePath* b) {
      if (a->removed != b->removed) return a->removed > b->removed;
      if (a->path != b->path) return a->path < b->path;
      return a->rule < b->rule;
    });
    if (paths.size() > top_lines) paths.resize(top_lines);
  }
  auto site_name = [&](size_t s) { return s < num_sites ? table.sites()[s].name : std::string("(no site)"); };
  std::string paths_tsv = "site\trank\tremoved\tbytes\trule\tpath\texample\n";

  std::string sites_tsv = "site\tdocuments\tlines\tlines_removed\tbytes_removed\tremoved_percent\n";
  std::string lines_tsv = "site\trank\tremoved\tcount\tthreshold\tsites\trule\ttext\n";
  std::string json = "{\"summary\": ";
  std::string summary_json = summary.ToJson(/*with_timings=*/false);
  while (!summary_json.empty() && summary_json.back() == '\n') summary_json.pop_back();
  json += summary_json;
  json += ", \"sites\": [";
  bool first_site = true;
  for (size_t s = 0; s <= num_sites; ++s) {
    Summary::SiteStats st_site;
    if (s < num_sites && s < summary.per_site.size()) st_site = summary.per_site[s];
    if (s == num_sites && by_site[s].empty() && paths_by_site[s].empty()) continue;
    const std::string name = site_name(s);
    absl::StrAppend(&sites_tsv, TsvField(name), "\t", st_site.documents, "\t", st_site.lines, "\t",
                    st_site.lines_removed, "\t", st_site.bytes_removed, "\t",
                    Percent(st_site.lines_removed, st_site.lines), "\n");
    if (!first_site) json += ", ";
    first_site = false;
    json += "{\"site\": ";
    AppendJsonString(name, &json);
    absl::StrAppend(&json, ", \"documents\": ", st_site.documents, ", \"lines\": ", st_site.lines,
                    ", \"lines_removed\": ", st_site.lines_removed, ", \"bytes_removed\": ",
                    st_site.bytes_removed, ", \"top_chrome_lines\": [");
    for (size_t r = 0; r < by_site[s].size(); ++r) {
      const Summary::ChromeLine& cl = *by_site[s][r];
      absl::StrAppend(&lines_tsv, TsvField(name), "\t", r + 1, "\t", cl.removed, "\t", cl.count, "\t",
                      cl.threshold, "\t", cl.sites, "\t", cl.rule, "\t", TsvField(cl.text), "\n");
      if (r) json += ", ";
      json += "{\"text\": ";
      AppendJsonString(cl.text, &json);
      absl::StrAppend(&json, ", \"removed\": ", cl.removed, ", \"count\": ", cl.count, ", \"threshold\": ",
                      cl.threshold, ", \"sites\": ", cl.sites, ", \"rule\": ");
      AppendJsonString(cl.rule, &json);
      json += "}";
    }
    json += "], \"top_chrome_paths\": [";
    for (size_t r = 0; r < paths_by_site[s].size(); ++r) {
      const Summary::ChromePath& cp = *paths_by_site[s][r];
      const std::string path = absl::StrCat(absl::Hex(cp.path, absl::kZeroPad16));
      absl::StrAppend(&paths_tsv, TsvField(name), "\t", r + 1, "\t", cp.removed, "\t", cp.bytes, "\t", cp.rule,
                      "\t", path, "\t", TsvField(cp.example), "\n");
      if (r) json += ", ";
      absl::StrAppend(&json, "{\"path\": \"", path, "\", \"rule\": ");
      AppendJsonString(cp.rule, &json);
      absl::StrAppend(&json, ", \"removed\": ", cp.removed, ", \"bytes\": ", cp.bytes, ", \"example\": ");
      AppendJsonString(cp.example, &json);
      json += "}";
    }
    json += "]}";
  }
  json += "]}\n";
  DECHROME_RETURN_IF_ERROR(WriteFile(dir + "/summary.json", summary.ToJson(/*with_timings=*/false)));
  DECHROME_RETURN_IF_ERROR(WriteFile(dir + "/sites.tsv", sites_tsv));
  DECHROME_RETURN_IF_ERROR(WriteFile(dir + "/chrome_lines.tsv", lines_tsv));
  DECHROME_RETURN_IF_ERROR(WriteFile(dir + "/chrome_paths.tsv", paths_tsv));
  return WriteFile(dir + "/audit.json", json);
}

}  // namespace dechrome
