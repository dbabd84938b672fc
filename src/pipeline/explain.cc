// `dechrome explain`: the decision for every line of one document.

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "hash/line_hash.h"
#include "hash/line_keys.h"
#include "jsonl/jsonl.h"
#include "pipeline/input.h"
#include "pipeline/producer.h"
#include "policy/decider.h"
#include "policy/document_judge.h"
#include "policy/page_judge.h"
#include "text/site.h"
#include "warc/warc.h"

namespace dechrome {

absl::Status ExplainDocument(const ChromeTable& table, const std::vector<std::string>& inputs,
                             const RunOptions& options, const std::string& id,
                             const std::string& url, Explanation* out) {
  if (id.empty() == url.empty()) return absl::InvalidArgumentError("explain needs an id or a URL");
  const ChromeDecider decider(table);
  DocumentJudge judge(decider);
  PageJudge page_judge(decider);
  DocumentHasher hasher(table.policy().fold_dates);
  SiteResolver resolver(table.site_by_domain() ? SiteMode::kDomain : SiteMode::kHost);
  const RecordFormats formats(options.input);
  InputProducer producer(inputs, options.chunk_bytes, /*strict=*/false, options.input.max_record_bytes);
  PassTask task;
  ParsedRecord parsed;
  std::vector<LineKeys> keys;
  std::vector<LineRule> rules;
  while (true) {
    DECHROME_ASSIGN_OR_RETURN(bool more, producer.Next(&task));
    if (!more) break;
    if (task.kind == PassTask::Kind::kFileEnd) {
      if (!task.status.ok())
        return absl::Status(task.status.code(), absl::StrCat(inputs[task.file], ": ", task.status.message()));
      continue;
    }
    const RecordFormat& format = formats.For(task.format);
    for (size_t i = 0; i < task.chunk.records.size(); ++i) {
      const RecordSpan& span = task.chunk.records[i];
      std::string_view rec(task.chunk.data.data() + span.begin, span.end - span.begin);
      parsed.Clear();
      format.Parse(rec, &parsed);
      if (parsed.kind != ParsedRecord::Kind::kDocument) continue;
      if (!id.empty() ? parsed.id != id : parsed.url != url) continue;
      out->input = inputs[task.file];
      out->record = task.chunk.first_record + i + 1;
      out->id = parsed.id;
      out->url = parsed.url;
      out->site = resolver.SiteOf(parsed.url);
      int site = out->site.empty() ? -1 : table.FindSite(out->site);
      out->site_documents = site >= 0 ? table.sites()[site].documents : 0;
      const uint64_t seed = SiteSeed(out->site);
      hasher.Hash(parsed, seed, &keys);
      out->lines.clear();
      for (size_t k = 0; k < parsed.lines.size(); ++k) {
        const Line& l = parsed.lines[k];
        LineExplanation e;
        e.text = std::string(parsed.text.substr(l.text_begin, l.text_end - l.text_begin));
        e.normalized = std::string(keys[k].normalized);
        out->lines.push_back(std::move(e));
      }
      judge.Judge(parsed, keys, site, parsed.url, &rules);
      if (parsed.html) page_judge.Judge(parsed, site, seed, &rules);
      for (size_t k = 0; k < keys.size(); ++k) {
        LineExplanation& e = out->lines[k];
        e.rule = LineRuleName(rules[k]);
        e.removed = IsRemoved(rules[k]);
        if (parsed.html && k < parsed.facts.size()) {
          const LineFacts& f = parsed.facts[k];
          e.path = absl::StrCat(absl::Hex(f.path, absl::kZeroPad16));
          e.landmarks = LandmarkNames(f.landmarks);
          e.link_bytes = f.link_bytes;
        }
        if (keys[k].blank) continue;
        Verdict v = decider.Explain(site, keys[k].key, keys[k].global, keys[k].norm_length);
        e.count = v.count;
        e.threshold = v.threshold;
        e.sites = v.sites;
      }
      return absl::OkStatus();
    }
  }
  return absl::NotFoundError(!id.empty() ? absl::StrCat("no document with id '", id, "' in the inputs")
                                         : absl::StrCat("no document with URL '", url, "' in the inputs"));
}

}  // namespace dechrome
