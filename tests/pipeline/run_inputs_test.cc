// RunInputs() (pass 1 keeps each line's key for pass 2: pipeline/line_hints.h)
// against CountInputs() then FilterInputs(), which normalise every line in
// both passes: the outputs, tables, summaries and audits must be the same,
// with any hint memory (none, part of the input, all of it) and any number of
// threads; on HTML WARC input, with pages rebuilt from pass 1's extraction.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "gtest/gtest.h"
#include "pipeline/html_page_hint.h"
#include "pipeline/input.h"
#include "pipeline/line_hints.h"
#include "pipeline/passes.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::Quote;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

// A generated corpus (JSONL.zst and WET.zst of the same documents, 2 parts
// each) plus a plain JSONL file with the cases the generator lacks:
// documents without a URL, malformed records, blank and '\r' lines, URLs
// with escapes, and a line shared by many sites.
std::vector<std::string> MakeInputs(const TempDir& dir) {
  const std::string corpus = dir.File("corpus");
  const std::string cmd =
      absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_corpus.py --out ",
                   Quote(corpus), " --docs 400 --sites 10 --parts 2 --format both");
  EXPECT_EQ(RunCommand(cmd), 0) << cmd;
  std::string extra;
  for (int d = 0; d < 60; ++d) {
    const std::string site = absl::StrCat("site", d % 12, ".example.org");
    std::string text = absl::StrCat("Header of ", site, "\\r\\nMenu\\n\\n");
    absl::StrAppend(&text, "Unique body line ", d, " of document ", d * 7919, " here.\\n");
    absl::StrAppend(&text, "Powered by the same content management system everywhere\\n");
    absl::StrAppend(&text, "Footer of ", site);
    if (d % 10 == 3) {
      absl::StrAppend(&extra, "{\"id\": \"n", d, "\", \"text\": \"", text, "\"}\n");
    } else if (d % 10 == 7) {  // escaped slashes, the text before the URL
      absl::StrAppend(&extra, "{\"id\": \"e", d, "\", \"text\": \"", text,
                      "\", \"url\": \"https:\\/\\/", site, "\\/b\\/", d, "\"}\n");
    } else {
      absl::StrAppend(&extra, "{\"id\": \"d", d, "\", \"url\": \"https://", site, "/a/", d,
                      "\", \"text\": \"", text, "\"}\n");
    }
    if (d % 17 == 5) absl::StrAppend(&extra, "{\"id\": broken\n");
  }
  const std::string extra_path = dir.File("extra.jsonl");
  WriteFile(extra_path, extra);
  return {corpus + "/part-0.jsonl.zst", corpus + "/part-1.warc.wet.zst",
          corpus + "/part-1.jsonl.zst", extra_path};
}

struct Result {
  std::vector<std::string> outputs;
  std::string summary;  // Summary::ToJson() without timings or memory
  std::string table;    // the table file's bytes
  std::string audit;    // the audit folder's chrome_lines.tsv
};

Result Collect(const TempDir& dir, const std::string& name, const std::vector<std::string>& outs,
               const ChromeTable& table, const Summary& summary) {
  Result r;
  for (const std::string& o : outs) r.outputs.push_back(ReadFile(o));
  r.summary = summary.ToJson(/*with_timings=*/false);
  const std::string table_path = dir.File(name + ".table");
  EXPECT_TRUE(table.Save(table_path).ok());
  r.table = ReadFile(table_path);
  const std::string audit = dir.File(name + ".audit");
  EXPECT_TRUE(WriteAudit(audit, table, summary).ok());
  r.audit = ReadFile(audit + "/chrome_lines.tsv");
  return r;
}

RunOptions Options(int threads, uint64_t hint_memory) {
  RunOptions o;
  o.threads = threads;
  o.hint_memory = hint_memory;
  o.collect_audit = true;
  o.chunk_bytes = 16 << 10;  // many chunks, so that a small limit cuts between them
  return o;
}

std::vector<std::string> Outputs(const TempDir& dir, const std::string& name,
                                 const std::vector<std::string>& inputs) {
  absl::StatusOr<std::vector<std::string>> outs = PlanOutputs(inputs, dir.File(name));
  EXPECT_TRUE(outs.ok()) << outs.status();
  return outs.ok() ? *outs : std::vector<std::string>();
}

// A summary file is told from other files by its first bytes (the CLI
// replaces an earlier summary only): every ToJson() begins with them, and
// the first field's value follows.
TEST(SummaryTest, JsonBeginsWithItsPrefix) {
  Summary summary;
  summary.files = 3;
  summary.documents = 7;
  for (bool with_timings : {false, true}) {
    const std::string json = summary.ToJson(with_timings);
    ASSERT_EQ(json.compare(0, Summary::JsonPrefix().size(), Summary::JsonPrefix()), 0) << json;
    EXPECT_EQ(json.substr(Summary::JsonPrefix().size(), 3), "3, ") << json;
  }
  // Summaries of earlier builds begin so too: they stay replaceable.
  EXPECT_EQ(Summary::JsonPrefix(), "{\"files\": ");
}

TEST(RunInputsTest, SameAsCountThenFilterWithAnyHintMemory) {
  TempDir dir;
  const std::vector<std::string> inputs = MakeInputs(dir);

  // Reference: the two public passes, no hints.
  const RunOptions ref_options = Options(2, 0);
  ChromeTable ref_table;
  Summary count, ref_summary;
  ASSERT_TRUE(CountInputs(inputs, ref_options, &ref_table, &count).ok());
  ref_summary.AddCountPass(count);
  const std::vector<std::string> ref_outs = Outputs(dir, "ref", inputs);
  ASSERT_TRUE(FilterInputs(ref_table, inputs, ref_outs, ref_options, &ref_summary).ok());
  const Result ref = Collect(dir, "ref", ref_outs, ref_table, ref_summary);
  ASSERT_GT(ref_summary.lines_removed, 0u);
  ASSERT_GT(ref_summary.malformed, 0u);
  ASSERT_GT(ref_summary.documents_without_site, 0u);
  ASSERT_GT(ref_summary.cross_site_keys, 0u);

  // No hints, hints for about a third of the input, hints for all of it.
  for (uint64_t hint_memory : {uint64_t{0}, uint64_t{300} << 10, uint64_t{1} << 30}) {
    for (int threads : {1, 3}) {
      SCOPED_TRACE(absl::StrCat("hint_memory ", hint_memory, ", threads ", threads));
      const std::string name = absl::StrCat("run-", hint_memory, "-", threads);
      ChromeTable table;
      Summary summary;
      const std::vector<std::string> outs = Outputs(dir, name, inputs);
      ASSERT_TRUE(RunInputs(inputs, outs, Options(threads, hint_memory), &table, &summary).ok());
      const Result got = Collect(dir, name, outs, table, summary);
      EXPECT_EQ(got.summary, ref.summary);
      // The hints were used, as far as the memory allowed; with all of them,
      // every JSONL document with a site was read from its spans.
      if (hint_memory == 0) {
        EXPECT_EQ(summary.hinted_documents, 0u);
      } else {
        EXPECT_GT(summary.hinted_documents, 0u);
        EXPECT_GT(summary.documents_from_spans, 0u);
        EXPECT_LE(summary.documents_from_spans, summary.hinted_documents);
      }
      if (hint_memory == uint64_t{1} << 30) {
        EXPECT_EQ(summary.hinted_documents, summary.documents - summary.documents_without_site);
      } else {
        EXPECT_LT(summary.hinted_documents, summary.documents - summary.documents_without_site);
      }
      EXPECT_EQ(ref_summary.hinted_documents, 0u);  // FilterInputs() has no hints
      EXPECT_TRUE(got.table == ref.table);
      EXPECT_EQ(got.audit, ref.audit);
      ASSERT_EQ(got.outputs.size(), ref.outputs.size());
      for (size_t i = 0; i < got.outputs.size(); ++i)
        EXPECT_TRUE(got.outputs[i] == ref.outputs[i]) << outs[i];
    }
  }
}

// An input that fails in pass 1 is not read again in pass 2: it fails with
// pass 1's status and gets no output, the others are filtered as count then
// filter would (without hints, which may stop short of the failed file).
TEST(RunInputsTest, AnInputThatFailedToCountIsNotReadAgain) {
  TempDir dir;
  std::vector<std::string> inputs = MakeInputs(dir);
  const std::string whole = ReadFile(inputs[0]);
  const std::string cut = dir.File("cut.jsonl.zst");
  WriteFile(cut, whole.substr(0, whole.size() / 2));  // a truncated zstd frame
  inputs.insert(inputs.begin() + 1, cut);

  const RunOptions options = Options(2, uint64_t{1} << 30);
  ChromeTable ref_table;
  Summary count, ref_summary;
  ASSERT_TRUE(OnlyInputsFailed(CountInputs(inputs, options, &ref_table, &count)));
  ASSERT_EQ(count.file_errors.size(), 1u);
  ASSERT_EQ(count.file_errors[0].rfind(cut + ": ", 0), 0u) << count.file_errors[0];
  const std::vector<std::string> ref_outs = Outputs(dir, "ref", inputs);
  ASSERT_TRUE(OnlyInputsFailed(FilterInputs(ref_table, inputs, ref_outs, options, &ref_summary)));

  for (int threads : {1, 3}) {
    SCOPED_TRACE(absl::StrCat("threads ", threads));
    const std::string name = absl::StrCat("run-", threads);
    RunOptions o = options;
    o.threads = threads;
    ChromeTable table;
    Summary summary;
    const std::vector<std::string> outs = Outputs(dir, name, inputs);
    ASSERT_TRUE(OnlyInputsFailed(RunInputs(inputs, outs, o, &table, &summary)));
    EXPECT_EQ(summary.file_errors, count.file_errors);
    EXPECT_EQ(summary.hinted_documents, 0u);
    EXPECT_FALSE(testing::FileExists(outs[1]));
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (i == 1) continue;
      EXPECT_TRUE(ReadFile(outs[i]) == ReadFile(ref_outs[i])) << outs[i];
    }
  }

  // FilterPass() with pass 1's statuses: an input marked failed is not
  // opened, even though it could be read now.
  inputs.erase(inputs.begin() + 1);
  ChromeTable table;
  Summary counted;
  ASSERT_TRUE(CountInputs(inputs, options, &table, &counted).ok());
  std::vector<absl::Status> status(inputs.size());
  status[2] = absl::UnavailableError("changed while counting");
  const std::vector<std::string> outs = Outputs(dir, "skip", inputs);
  const std::vector<std::string> all_outs = Outputs(dir, "all", inputs);
  Summary skip_summary, all_summary;
  ASSERT_TRUE(OnlyInputsFailed(FilterPass(table, inputs, outs, options, &skip_summary, nullptr, &status)));
  ASSERT_TRUE(FilterInputs(table, inputs, all_outs, options, &all_summary).ok());
  EXPECT_EQ(skip_summary.file_errors,
            std::vector<std::string>{inputs[2] + ": changed while counting"});
  EXPECT_FALSE(testing::FileExists(outs[2]));
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (i == 2) continue;
    EXPECT_TRUE(ReadFile(outs[i]) == ReadFile(all_outs[i])) << outs[i];
  }
}

// HTML WARC input: pass 2 rebuilds the pages that pass 1 extracted
// (html_page_hint.h) instead of decoding them again, as far as the hint
// memory goes; the outputs (Dolma JSONL and WARC), tables, summaries and
// audits are those of count then filter.
TEST(RunInputsTest, HtmlPagesFromHintsSameAsParsedAgain) {
  TempDir dir;
  const std::string corpus = dir.File("html");
  const std::string cmd =
      absl::StrCat("python3 ", testing::SourceDir(), "/scripts/make_html_corpus.py --out ",
                   Quote(corpus), " --mib 3 --sites 6 --parts 2 --seed 11 >/dev/null");
  ASSERT_EQ(RunCommand(cmd), 0) << cmd;
  const std::vector<std::string> inputs = {corpus + "/part-0.warc.gz", corpus + "/part-1.warc.gz"};
  for (OutputFormat format : {OutputFormat::kJsonl, OutputFormat::kSame}) {
    SCOPED_TRACE(format == OutputFormat::kJsonl ? "jsonl" : "warc");
    const std::string tag = format == OutputFormat::kJsonl ? "jsonl" : "warc";
    RunOptions ref_options = Options(2, 0);
    ref_options.output_format = format;
    ChromeTable ref_table;
    Summary count, ref_summary;
    ASSERT_TRUE(CountInputs(inputs, ref_options, &ref_table, &count).ok());
    ref_summary.AddCountPass(count);
    const std::string ref_name = "html-ref-" + tag;
    const std::vector<std::string> ref_outs = Outputs(dir, ref_name, inputs);
    ASSERT_TRUE(FilterInputs(ref_table, inputs, ref_outs, ref_options, &ref_summary).ok());
    const Result ref = Collect(dir, ref_name, ref_outs, ref_table, ref_summary);
    const std::string ref_paths = ReadFile(dir.File(ref_name + ".audit") + "/chrome_paths.tsv");
    ASSERT_GT(ref_summary.html_documents, 20u);
    ASSERT_GT(ref_summary.lines_removed, 0u);
    EXPECT_EQ(ref_summary.html_from_hints, 0u);
    const uint64_t pages = ref_summary.html_documents - ref_summary.documents_without_site;

    // No hints, hints for part of the pages, hints for all of them.
    for (uint64_t hint_memory : {uint64_t{0}, uint64_t{400} << 10, uint64_t{1} << 30}) {
      for (int threads : {1, 2}) {
        SCOPED_TRACE(absl::StrCat("hint_memory ", hint_memory, ", threads ", threads));
        const std::string name = absl::StrCat("html-", tag, "-", hint_memory, "-", threads);
        RunOptions options = Options(threads, hint_memory);
        options.output_format = format;
        ChromeTable table;
        Summary summary;
        const std::vector<std::string> outs = Outputs(dir, name, inputs);
        ASSERT_TRUE(RunInputs(inputs, outs, options, &table, &summary).ok());
        const Result got = Collect(dir, name, outs, table, summary);
        EXPECT_EQ(got.summary, ref.summary);
        EXPECT_TRUE(got.table == ref.table);
        EXPECT_EQ(got.audit, ref.audit);
        EXPECT_EQ(ReadFile(dir.File(name + ".audit") + "/chrome_paths.tsv"), ref_paths);
        ASSERT_EQ(got.outputs.size(), ref.outputs.size());
        for (size_t i = 0; i < got.outputs.size(); ++i)
          EXPECT_TRUE(got.outputs[i] == ref.outputs[i]) << outs[i];
        // How many pages came from their hint depends on memory; pages give
        // way to line hints, which then still reach every page.
        EXPECT_LE(summary.html_from_hints, summary.hinted_documents);
        if (hint_memory == 0) {
          EXPECT_EQ(summary.html_from_hints, 0u);
        } else if (hint_memory == uint64_t{1} << 30) {
          EXPECT_EQ(summary.html_from_hints, pages);
        } else {
          EXPECT_GT(summary.html_from_hints, 0u);
          EXPECT_LT(summary.html_from_hints, pages);
          EXPECT_EQ(summary.hinted_documents, pages);
        }
      }
    }
  }
}

// A page whose lines are its text cut at '\n', and one whose are not (kept
// with their offsets), come back as they were; words that do not hold the
// page give nothing.
TEST(HtmlPageHintTest, RoundTrip) {
  ParsedRecord page;
  page.kind = ParsedRecord::Kind::kDocument;
  page.html = true;
  page.type = "response";
  page.url = "https://a.example.com/x";
  page.id = "<urn:uuid:1>";
  page.date = "2024-01-01T00:00:00Z";
  page.title = "A title";
  page.content_type = "text/html";
  page.charset = "windows-1252";
  page.charset_source = "meta";
  page.scratch = "Menu\nHeadline here\n\nBody text.";
  page.text = page.scratch;
  const uint32_t begins[] = {0, 5, 19, 20}, ends[] = {4, 18, 19, 30};
  for (size_t k = 0; k < 4; ++k) {
    Line l;
    l.text_begin = l.raw_begin = begins[k];
    l.text_end = l.raw_end = ends[k];
    page.lines.push_back(l);
    LineFacts f;
    f.path = 0x123456789abcdef0ULL + k;
    f.landmarks = kLandmarkNav | (k << 20);
    f.link_bytes = static_cast<uint32_t>(k);
    f.links = static_cast<uint32_t>(2 * k);
    page.facts.push_back(f);
  }
  auto same = [](const ParsedRecord& a, const ParsedRecord& b) {
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.html, b.html);
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.url, b.url);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.date, b.date);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.content_type, b.content_type);
    EXPECT_EQ(a.charset, b.charset);
    EXPECT_STREQ(a.charset_source, b.charset_source);
    EXPECT_EQ(a.text, b.text);
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (size_t k = 0; k < a.lines.size(); ++k) {
      EXPECT_EQ(a.lines[k].text_begin, b.lines[k].text_begin);
      EXPECT_EQ(a.lines[k].text_end, b.lines[k].text_end);
      EXPECT_EQ(a.lines[k].raw_begin, b.lines[k].raw_begin);
      EXPECT_EQ(a.lines[k].raw_end, b.lines[k].raw_end);
      EXPECT_EQ(a.facts[k].path, b.facts[k].path);
      EXPECT_EQ(a.facts[k].landmarks, b.facts[k].landmarks);
      EXPECT_EQ(a.facts[k].link_bytes, b.facts[k].link_bytes);
      EXPECT_EQ(a.facts[k].links, b.facts[k].links);
    }
  };
  for (bool split : {true, false}) {
    SCOPED_TRACE(split ? "split" : "offsets");
    ParsedRecord doc = page;
    doc.text = page.scratch;  // (the copy's scratch moved: view the original)
    if (!split) doc.lines[1].text_end = doc.lines[1].raw_end = 10;  // not the whole line
    std::vector<uint32_t> blob = {7, 7};
    const size_t words = AppendHtmlPageHint(doc, &blob);
    ASSERT_GT(words, 0u);
    ASSERT_EQ(blob.size(), 2 + words);
    ParsedRecord got;
    ASSERT_TRUE(ReadHtmlPageHint(blob.data() + 2, words, doc.lines.size(), &got));
    same(doc, got);
    EXPECT_FALSE(ReadHtmlPageHint(blob.data() + 2, words, doc.lines.size() + 1, &got));
    EXPECT_TRUE(got.lines.empty());
    EXPECT_FALSE(ReadHtmlPageHint(blob.data() + 2, words - 1, doc.lines.size(), &got));
  }
  // No text at all.
  ParsedRecord empty = page;
  empty.scratch.clear();
  empty.text = {};
  empty.lines.clear();
  empty.facts.clear();
  std::vector<uint32_t> blob;
  const size_t words = AppendHtmlPageHint(empty, &blob);
  ASSERT_GT(words, 0u);
  ParsedRecord got;
  ASSERT_TRUE(ReadHtmlPageHint(blob.data(), words, 0, &got));
  same(empty, got);
  // Text records are not kept.
  ParsedRecord text = page;
  text.html = false;
  EXPECT_EQ(AppendHtmlPageHint(text, &blob), 0u);
}

// Blob of one chunk: a JSONL document with spans and 1 line, an HTML page
// of 1 line and 3 page words, a text document of 2 lines.
std::vector<uint32_t> BlobWithPages() {
  std::vector<uint32_t> blob = {0, 3};
  RecordSpans spans;
  spans.valid = true;
  spans.text_begin = 10, spans.text_end = 20, spans.url_begin = 30, spans.url_end = 40;
  AppendDocHint(0, 100, 1, spans, &blob);
  blob.insert(blob.end(), {1, 2, 3, 4});
  AppendDocHint(1, 200, 1, RecordSpans(), &blob);
  blob.insert(blob.end(), {5, 6, 7, 8});
  blob[blob.size() - kHintWords - kDocHintWords + 4] = 3;
  blob.insert(blob.end(), {9, 9, 9});
  AppendDocHint(2, 300, 2, RecordSpans(), &blob);
  blob.insert(blob.end(), {1, 1, 1, 1, 2, 2, 2, 2});
  return blob;
}

TEST(LineHintsTest, PagesGiveWayToLineHints) {
  std::vector<uint32_t> blob = BlobWithPages();
  const size_t with_pages = blob.size();
  {
    HintCursor cursor(blob, 0, 3);
    size_t lines = 0, words = 0;
    EXPECT_EQ(cursor.Page(0, 100, &lines, &words), nullptr);
    EXPECT_TRUE(cursor.Spans(0, 100, &lines).valid);
    ASSERT_NE(cursor.Next(0, 100, 1), nullptr);
    const uint32_t* page = cursor.Page(1, 200, &lines, &words);
    ASSERT_NE(page, nullptr);
    EXPECT_EQ(lines, 1u);
    EXPECT_EQ(words, 3u);
    EXPECT_EQ(page[0], 9u);
    ASSERT_NE(cursor.Next(1, 200, 1), nullptr);
    const uint32_t* last = cursor.Next(2, 300, 2);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last[4], 2u);
  }
  EXPECT_TRUE(StripPageHints(&blob));
  EXPECT_EQ(blob.size(), with_pages - 3);
  EXPECT_FALSE(StripPageHints(&blob));
  {
    HintCursor cursor(blob, 0, 3);
    size_t lines = 0, words = 0;
    ASSERT_NE(cursor.Next(0, 100, 1), nullptr);
    EXPECT_EQ(cursor.Page(1, 200, &lines, &words), nullptr);
    ASSERT_NE(cursor.Next(1, 200, 1), nullptr);
    const uint32_t* last = cursor.Next(2, 300, 2);
    ASSERT_NE(last, nullptr);
    EXPECT_EQ(last[0], 1u);
  }
  // A limit that holds two blobs' line hints but not their pages: the first
  // blob's pages go when the second comes, and pages stop.
  const uint64_t line_bytes = blob.size() * sizeof(uint32_t);
  LineHints hints(2 * line_bytes + 4);
  hints.Add(BlobWithPages());
  EXPECT_TRUE(hints.keep_pages());
  hints.Add(BlobWithPages());
  EXPECT_FALSE(hints.keep_pages());
  EXPECT_FALSE(hints.full());
  EXPECT_EQ(hints.Take(), blob);
  EXPECT_EQ(hints.Take(), blob);
}

TEST(LineHintsTest, StopsAtTheMemoryLimitAndKeepsOrder) {
  LineHints hints(/*memory_limit=*/30);
  hints.Add({1, 2, 3});        // 12 bytes
  hints.Add({4, 5, 6, 7});     // 16: 28 in all
  hints.Add({8, 9});           // 36 > limit: dropped, and so is every later blob,
  hints.Add({});               // even one that would fit
  EXPECT_EQ(hints.dropped_chunks(), 2u);
  EXPECT_EQ(hints.peak_memory(), 28u);
  EXPECT_EQ(hints.Take(), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(hints.Take(), (std::vector<uint32_t>{4, 5, 6, 7}));
  EXPECT_TRUE(hints.Take().empty());
  EXPECT_TRUE(hints.Take().empty());
}

TEST(LineHintsTest, CursorRefusesABlobOfAnotherChunkOrRecord) {
  std::vector<uint32_t> blob;
  BeginHintBlob(/*first_record=*/7, /*records=*/3, &blob);
  // Record 1 of the chunk: 500 bytes, 2 lines of kHintWords words, 10..
  // and 20...
  RecordSpans spans;
  spans.valid = true;
  spans.text_begin = 40;
  spans.text_end = 480;
  spans.url_begin = 10;
  spans.url_end = 30;
  AppendDocHint(1, 500, 2, spans, &blob);
  for (uint32_t line : {10u, 20u})
    for (uint32_t w = 0; w < kHintWords; ++w) blob.push_back(line + w);
  {
    HintCursor c(blob, 7, 3);
    size_t lines = 0;
    EXPECT_FALSE(c.Spans(0, 500, &lines).valid);  // not the next document
    EXPECT_FALSE(c.Spans(1, 499, &lines).valid);  // the record changed
    const RecordSpans got = c.Spans(1, 500, &lines);
    ASSERT_TRUE(got.valid);
    EXPECT_EQ(lines, 2u);
    EXPECT_EQ(got.text_begin, 40u);
    EXPECT_EQ(got.text_end, 480u);
    EXPECT_EQ(got.url_begin, 10u);
    EXPECT_EQ(got.url_end, 30u);
    const uint32_t* h = c.Next(1, 500, 2);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h[0], 10u);
    EXPECT_EQ(h[kHintWords], 20u);
    EXPECT_EQ(c.Next(2, 500, 1), nullptr);  // no more documents
  }
  EXPECT_EQ(HintCursor(blob, 8, 3).Next(1, 500, 2), nullptr);  // another chunk
  EXPECT_EQ(HintCursor(blob, 7, 4).Next(1, 500, 2), nullptr);
  EXPECT_EQ(HintCursor(blob, 7, 3).Next(1, 501, 2), nullptr);  // the record changed
  {
    HintCursor c(blob, 7, 3);
    EXPECT_EQ(c.Next(1, 500, 3), nullptr);  // the record has another number of lines
    EXPECT_EQ(c.Next(1, 500, 2), nullptr);  // and the rest of the chunk gets none
  }
  EXPECT_EQ(HintCursor({}, 7, 3).Next(1, 500, 2), nullptr);  // no hints
  // A document without spans (WARC): its lines only.
  std::vector<uint32_t> warc;
  BeginHintBlob(0, 1, &warc);
  AppendDocHint(0, 90, 1, RecordSpans(), &warc);
  for (uint32_t w = 0; w < kHintWords; ++w) warc.push_back(w);
  HintCursor c(warc, 0, 1);
  size_t lines = 9;
  EXPECT_FALSE(c.Spans(0, 90, &lines).valid);
  EXPECT_NE(c.Next(0, 90, 1), nullptr);
}

}  // namespace
}  // namespace dechrome
