#include "mpi/distributed.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "mpi/wire.h"
#include "pipeline/stats.h"

namespace dechrome {
namespace mpi {

std::vector<uint64_t> SplitBySize(const std::vector<uint64_t>& sizes, int parts) {
  uint64_t total = 0;
  for (uint64_t s : sizes) total += s;
  std::vector<uint64_t> starts(static_cast<size_t>(parts) + 1, sizes.size());
  starts[0] = 0;
  if (total == 0) {  // no sizes known: by count
    for (int r = 1; r < parts; ++r) starts[r] = sizes.size() * r / parts;
    return starts;
  }
  uint64_t running = 0;
  size_t i = 0;
  for (int r = 1; r < parts; ++r) {
    // Block r - 1 takes inputs while the running total stays below its
    // share's end (and at least the input that crosses it).
    const unsigned __int128 goal = static_cast<unsigned __int128>(total) * r;
    while (i < sizes.size() && static_cast<unsigned __int128>(running) * parts < goal) running += sizes[i++];
    starts[r] = i;
  }
  return starts;
}

// Every field of Summary, in declaration order. A field added to Summary
// must be added here, in DecodeSummary() and in MergeSummaries(): the
// static_assert below fails until the size is updated.
static_assert(sizeof(Summary) == 568, "Summary changed: update src/mpi/distributed.cc (encode, decode, merge)");

namespace {

// The u64 counters, summed by MergeSummaries().
std::vector<uint64_t Summary::*> SummedFields() {
  return {&Summary::files, &Summary::inputs_resumed, &Summary::records, &Summary::documents,
          &Summary::passthrough, &Summary::malformed, &Summary::html_documents, &Summary::html_not_decoded,
          &Summary::records_left_out, &Summary::skipped_bytes, &Summary::skipped_bytes_left_out,
          &Summary::oversized, &Summary::oversized_bytes, &Summary::warc_repairs, &Summary::made_up_ids,
          &Summary::documents_without_site, &Summary::lines, &Summary::lines_removed, &Summary::text_bytes,
          &Summary::text_bytes_removed, &Summary::documents_emptied, &Summary::documents_dropped,
          &Summary::raw_bytes_in, &Summary::bytes_in, &Summary::bytes_out, &Summary::hinted_documents,
          &Summary::documents_from_spans, &Summary::html_from_hints, &Summary::spill_runs,
          &Summary::spill_bytes, &Summary::sketch_spill_runs, &Summary::sketch_spill_bytes};
}
// Taken from the table (the same on every process).
std::vector<uint64_t Summary::*> TableFields() {
  return {&Summary::sites, &Summary::table_entries, &Summary::counter_keys, &Summary::near_duplicate_documents,
          &Summary::chrome_keys, &Summary::chrome_path_keys, &Summary::cross_site_keys};
}
// Measurements: the largest.
std::vector<uint64_t Summary::*> MaxFields() {
  return {&Summary::table_memory, &Summary::counter_memory, &Summary::partition_keys_max,
          &Summary::exchange_bytes_max};
}

void PutStrings(std::string* out, const std::vector<std::string>& v) {
  Put<uint64_t>(out, v.size());
  for (const std::string& s : v) PutString(out, s);
}
std::vector<std::string> GetStrings(Reader* in) {
  std::vector<std::string> v(in->Get<uint64_t>());
  for (std::string& s : v) {
    if (!in->ok()) break;
    s = in->GetString();
  }
  return v;
}

// CPU seconds: summed over the processes (their times: the longest).
constexpr double Summary::*kCpuFields[] = {
    &Summary::count_worker_cpu_seconds, &Summary::count_reader_cpu_seconds,
    &Summary::filter_worker_cpu_seconds, &Summary::filter_reader_cpu_seconds};

}  // namespace

std::string EncodeSummary(const Summary& s) {
  std::string out;
  for (auto f : SummedFields()) Put<uint64_t>(&out, s.*f);
  for (auto f : TableFields()) Put<uint64_t>(&out, s.*f);
  for (auto f : MaxFields()) Put<uint64_t>(&out, s.*f);
  Put<uint8_t>(&out, s.table_built ? 1 : 0);
  Put<double>(&out, s.count_seconds);
  Put<double>(&out, s.filter_seconds);
  for (double Summary::*f : kCpuFields) Put<double>(&out, s.*f);
  Put<uint64_t>(&out, s.passthrough_types.size());
  for (const auto& [type, n] : s.passthrough_types) {
    PutString(&out, type);
    Put<uint64_t>(&out, n);
  }
  PutStrings(&out, s.warnings);
  PutStrings(&out, s.file_errors);
  Put<uint64_t>(&out, s.per_site.size());
  for (const Summary::SiteStats& st : s.per_site) {
    Put<uint64_t>(&out, st.documents);
    Put<uint64_t>(&out, st.lines);
    Put<uint64_t>(&out, st.lines_removed);
    Put<uint64_t>(&out, st.bytes_removed);
  }
  Put<uint64_t>(&out, s.chrome_lines.size());
  for (const Summary::ChromeLine& cl : s.chrome_lines) {
    Put<int32_t>(&out, cl.site);
    Put<uint64_t>(&out, cl.key);
    PutString(&out, cl.text);
    Put<uint64_t>(&out, cl.removed);
    Put<uint32_t>(&out, cl.count);
    Put<uint32_t>(&out, cl.threshold);
    Put<uint32_t>(&out, cl.sites);
    PutString(&out, cl.rule);
  }
  Put<uint64_t>(&out, s.chrome_paths.size());
  for (const Summary::ChromePath& cp : s.chrome_paths) {
    Put<int32_t>(&out, cp.site);
    Put<uint64_t>(&out, cp.path);
    PutString(&out, cp.rule);
    PutString(&out, cp.example);
    Put<uint64_t>(&out, cp.removed);
    Put<uint64_t>(&out, cp.bytes);
  }
  return out;
}

bool DecodeSummary(const std::string& bytes, Summary* s) {
  *s = Summary();
  Reader in(bytes);
  for (auto f : SummedFields()) s->*f = in.Get<uint64_t>();
  for (auto f : TableFields()) s->*f = in.Get<uint64_t>();
  for (auto f : MaxFields()) s->*f = in.Get<uint64_t>();
  s->table_built = in.Get<uint8_t>() != 0;
  s->count_seconds = in.Get<double>();
  s->filter_seconds = in.Get<double>();
  for (double Summary::*f : kCpuFields) s->*f = in.Get<double>();
  for (uint64_t n = in.Get<uint64_t>(); n > 0 && in.ok(); --n) {
    std::string type = in.GetString();
    s->passthrough_types[type] = in.Get<uint64_t>();
  }
  s->warnings = GetStrings(&in);
  s->file_errors = GetStrings(&in);
  for (uint64_t n = in.Get<uint64_t>(); n > 0 && in.ok(); --n) {
    Summary::SiteStats st;
    st.documents = in.Get<uint64_t>();
    st.lines = in.Get<uint64_t>();
    st.lines_removed = in.Get<uint64_t>();
    st.bytes_removed = in.Get<uint64_t>();
    s->per_site.push_back(st);
  }
  for (uint64_t n = in.Get<uint64_t>(); n > 0 && in.ok(); --n) {
    Summary::ChromeLine cl;
    cl.site = in.Get<int32_t>();
    cl.key = in.Get<uint64_t>();
    cl.text = in.GetString();
    cl.removed = in.Get<uint64_t>();
    cl.count = in.Get<uint32_t>();
    cl.threshold = in.Get<uint32_t>();
    cl.sites = in.Get<uint32_t>();
    cl.rule = in.GetString();
    s->chrome_lines.push_back(std::move(cl));
  }
  for (uint64_t n = in.Get<uint64_t>(); n > 0 && in.ok(); --n) {
    Summary::ChromePath cp;
    cp.site = in.Get<int32_t>();
    cp.path = in.Get<uint64_t>();
    cp.rule = in.GetString();
    cp.example = in.GetString();
    cp.removed = in.Get<uint64_t>();
    cp.bytes = in.Get<uint64_t>();
    s->chrome_paths.push_back(std::move(cp));
  }
  return in.ok() && in.empty();
}

Summary MergeSummaries(const std::vector<Summary>& parts) {
  Summary m;
  if (parts.empty()) return m;
  for (auto f : TableFields()) m.*f = parts[0].*f;
  m.table_built = true;
  std::map<std::pair<int, uint64_t>, size_t> line_index;
  std::map<std::tuple<int, uint64_t, std::string>, size_t> path_index;
  for (const Summary& p : parts) {
    for (auto f : SummedFields()) m.*f += p.*f;
    for (auto f : MaxFields()) m.*f = std::max(m.*f, p.*f);
    m.table_built = m.table_built && p.table_built;
    m.count_seconds = std::max(m.count_seconds, p.count_seconds);
    m.filter_seconds = std::max(m.filter_seconds, p.filter_seconds);
    for (double Summary::*f : kCpuFields) m.*f += p.*f;
    for (const auto& [type, n] : p.passthrough_types) m.passthrough_types[type] += n;
    for (const std::string& w : p.warnings)
      if (m.warnings.size() < kMaxWarnings) m.warnings.push_back(w);
    m.file_errors.insert(m.file_errors.end(), p.file_errors.begin(), p.file_errors.end());
    if (m.per_site.size() < p.per_site.size()) m.per_site.resize(p.per_site.size());
    for (size_t s = 0; s < p.per_site.size(); ++s) {
      m.per_site[s].documents += p.per_site[s].documents;
      m.per_site[s].lines += p.per_site[s].lines;
      m.per_site[s].lines_removed += p.per_site[s].lines_removed;
      m.per_site[s].bytes_removed += p.per_site[s].bytes_removed;
    }
    for (const Summary::ChromeLine& cl : p.chrome_lines) {
      auto [it, inserted] = line_index.try_emplace({cl.site, cl.key}, m.chrome_lines.size());
      if (inserted) {
        m.chrome_lines.push_back(cl);
      } else {
        m.chrome_lines[it->second].removed += cl.removed;
      }
    }
    for (const Summary::ChromePath& cp : p.chrome_paths) {
      auto [it, inserted] = path_index.try_emplace({cp.site, cp.path, cp.rule}, m.chrome_paths.size());
      if (inserted) {
        m.chrome_paths.push_back(cp);
      } else {
        m.chrome_paths[it->second].removed += cp.removed;
        m.chrome_paths[it->second].bytes += cp.bytes;
      }
    }
  }
  return m;
}

}  // namespace mpi
}  // namespace dechrome
