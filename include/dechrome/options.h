// -----------------------------------------------------------------------------
// File: options.h
// -----------------------------------------------------------------------------
//
// Every knob of the library, with its default and its trade-off. The CLI maps
// its flags onto these structs one to one.
//
// Thread safety: plain data.

#ifndef DECHROME_OPTIONS_H_
#define DECHROME_OPTIONS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dechrome {

// How records are read.
struct InputOptions {
  // Dotted path of the JSONL text field.
  std::string text_field = "text";
  // Dotted paths tried in order for a JSONL record's URL.
  std::vector<std::string> url_fields = {"url", "metadata.url", "metadata.warc_url"};
  // Dotted path of a JSONL record's id (attributes output, explain).
  std::string id_field = "id";
  // Site key: the registrable domain (true: www., m. and news. of a site
  // share counts) or the full host (false).
  bool site_by_domain = true;
  // Malformed records and bad WARC framing: pass through and count (false)
  // or fail the file (true).
  bool strict = false;
  // WARC `response` and `resource` records whose payload is an HTML page
  // (HTTP 200, text/html or application/xhtml+xml, or untyped bytes that
  // look like HTML) become documents: their visible text, one line per
  // block, with the page's structure (false: they pass through untouched).
  bool html = true;
  // Bytes of one HTML payload decoded at most (after de-chunking and
  // decompression); the rest of a larger page is ignored.
  uint64_t max_html_bytes = uint64_t{32} << 20;
  // Bytes of one record (a JSONL line with its '\n'; a WARC record from its
  // version line through its block) read as a record at most. A larger one
  // is not parsed and not counted for chrome: it is copied to an output of
  // its own format untouched, in pieces, never held in memory whole, and
  // left out of outputs of another format (JSONL or WET of a WARC); either
  // way it is counted in Summary::oversized. Memory per record is about
  // three to four times this (the record, its decoded text, its rewritten
  // form); a JSONL line may be buffered up to this size before it is known
  // to be too long. Lower: less memory, more records left unfiltered.
  uint64_t max_record_bytes = uint64_t{256} << 20;
};

// What FilterInputs() writes for each input.
enum class OutputFormat {
  // From the output's name: ".jsonl" or ".json" in it: kJsonl; ".wet" in
  // it: kWet; anything else (and standard output): kSame.
  kAuto,
  // The input's own format: JSONL records rewritten, WARC records
  // rewritten; an HTML response passes through untouched, followed by a
  // `conversion` record with its article text.
  kSame,
  // One JSON object per document, Dolma's layout: {"id", "url", "date",
  // "title", "text", "metadata": {...}} (JSONL inputs keep their own
  // records). Records that are not documents are left out and counted.
  kJsonl,
  // WET: a `warcinfo` record (the input's first record when it is one, as
  // in a WET input; else one of dechrome's), then one `conversion` record
  // per document (an HTML page's: text/plain, WARC-Refers-To its source
  // record). Other records are left out and counted.
  kWet,
};

// Which lines are chrome. A line is chrome on its site when
//   site documents >= min_site_docs, and
//   count >= max(min_count, ceil(min_fraction * site documents)),
// where count is the number of the site's documents containing the line, with
// near-duplicate documents (copies of one article) counted once. Separately,
// a line found on at least min_sites different sites is chrome everywhere
// (CMS and vendor chrome), if it is not protected as short content.
// Defaults were chosen on the dev corpora; see the README's quality table.
struct PolicyOptions {
  // Lower: removes chrome of small sites, but also repeated quotes and
  // headlines listed in sidebars. Higher: keeps more content, more chrome.
  uint32_t min_count = 2;
  // Lines whose normal form has at least long_line_length bytes need
  // long_min_count documents instead: a long line repeated on a few pages is
  // more often shared content (boilerplate paragraphs, syndicated text) than
  // navigation. 0 turns the distinction off.
  uint32_t long_line_length = 60;
  uint32_t long_min_count = 3;
  // Fraction of the site's documents. Higher protects content that recurs on
  // a few pages of a big site (sidebar headlines) at the price of rotating
  // chrome that appears on only part of the pages.
  double min_fraction = 0.02;
  // Sites with fewer documents are never filtered: a handful of pages cannot
  // tell chrome from content.
  uint32_t min_site_docs = 3;
  // Distinct sites for the cross-site rule; 0 turns it off.
  uint32_t min_sites = 4;
  // Lines shorter than this (in normalised bytes) never go by the cross-site
  // rule alone ("Yes.", "Reuters" are content on many sites).
  uint32_t cross_site_min_length = 12;
  // Count near-duplicate documents of a site (same article under several
  // URLs: print, AMP, mobile, syndicated copies) once.
  bool collapse_near_duplicates = true;
  // ... but two pages that each have text of their own (3 or more long
  // lines that no other page of the site has: count/near_duplicates.h) are
  // two articles, not copies, however large a block they share (a blog's
  // sidebar of post titles): their shared lines count on both. A copy adds
  // a line or two to its original at most. Measured (off -> on): real-dev
  // 0.47% -> 0.47% loss, 57.79% -> 58.18% removed; synth-dev, news-dev and
  // the variety corpus unchanged (README). A table written by a build
  // without it (flag bit 19 clear) reads with it off.
  bool own_text_apart = true;
  // Normalisation: fold month and weekday names and relative times.
  bool fold_dates = true;
  // Keep a run of weak candidates (each on at most isolated_max_fraction of
  // the site's documents; blank lines aside, at most isolated_max_run lines)
  // whose neighbours above and below are lines found nowhere else on the
  // site: it sits inside running text (an interview's Q/A, a quote repeated
  // in a few articles, a dateline under the headline). With such a line on
  // one side only, a single candidate on at most a fifth of that fraction is
  // kept (the last answer before the footer). A run that reaches the first or
  // last line of the document is never kept: that is where chrome lives.
  bool protect_isolated = true;
  double isolated_max_fraction = 0.5;
  // The longest run of such candidates (blank lines aside) that counts as
  // inside running text.
  uint32_t isolated_max_run = 6;
  // Keep a chrome candidate of at least 3 words that are nearly all words
  // of the document's URL: the page's own headline, which other pages of
  // the site list in their sidebars.
  bool protect_title = true;
  // Keep the lead paragraph of the page's own story: the first candidate of
  // 60 normalised bytes or more after the page's own headline (a line whose
  // words are nearly all words of the URL), within 25 non-blank lines and
  // before the article's own unique text has begun, if it is on at most
  // isolated_max_fraction of the site's documents. Other pages of the site
  // (and other sites) show the same paragraph as a teaser under a link to
  // this page; there it follows another page's headline and goes.
  bool protect_lead = true;
  // Keep the lines of an interview ("protected-interview"): a question line
  // (its raw text ends with '?') and the short answer (under 60 normalised
  // bytes, not itself a question, ending like a sentence: '.', '!' or an
  // ellipsis) on the next non-blank line, when each is
  // kept or a weak candidate (on at most isolated_max_fraction of the site's
  // documents: not the site's template), the document has two such
  // exchanges or more, and lines of the article's own text (kept, found
  // nowhere else on the site, 40 normalised bytes or more) come before and
  // after the exchange. An answer follows a question of the same document;
  // chrome does not ask and answer. Unlike "isolated" it does not need the
  // exchange's neighbours to be unique text (answers repeat: "No.", "Not
  // yet."), nor does it stop at a run's length. Needs the raw lines (Judge()
  // without a record skips it). A table written by a build without it reads
  // with it off.
  bool protect_interview = true;
  // In-body labels ("Advertisement", "Story continues below"): a short line
  // (under 60 normalised bytes) on at least label_min_count documents and at
  // least label_fraction of its site's documents is chrome wherever it sits;
  // the isolated protection does not keep it. A quote repeats in a few
  // articles of a site; a label is on a large share of its pages. Off by
  // default: on a site of interviews, short answers ("Yes.", "No comment.")
  // are on a large share of the pages too, and counts cannot tell them from
  // labels (tests/cli/quality_cli_test.cc ShortInterviewAnswersKept).
  bool remove_labels = false;
  // (Not stored in a table file, nor is other_headline_max_length: a loaded
  // table has the defaults.)
  uint32_t label_min_count = 5;
  double label_fraction = 0.25;
  // Rotating related-headline lists ("other-headline"): pass 1 counts, per
  // site, each document's own headline (a line whose words are nearly all
  // words of its URL, or its title line without the " - Site name" part;
  // src/policy/headline.h). In pass 2 a line shorter than
  // other_headline_max_length normalised bytes that is another document's
  // headline on the site, and not this page's own, is a link to that
  // document: chrome, if a nearest non-blank neighbour is chrome or another
  // such line (a list, not a sentence that happens to read like a
  // headline). Each item of a rotating list is on a few pages only, below
  // the count threshold; what makes it chrome is what it is, not how often
  // it shows. Its own page keeps it.
  bool other_headline = true;
  uint32_t other_headline_max_length = 150;
  // Lists of headlines run together ("headline-list"): a kept line (not the
  // page's first) that cuts into two segments or more that are some page's
  // own headline anywhere in the input (pass 1's headline counts, of any
  // site: a link list names other sites' stories too), not this page's own,
  // and those segments make up at least half of the line (normalised
  // bytes), is a list of links: "Blair rejects Tory terror offerChildren vote
  // Shrek 2 best film", "Politics | <headline> | Cricket | <headline>". Cuts
  // are where one item's text runs into the next (a lower-case letter,
  // digit or closing punctuation directly before an upper-case letter) and
  // at '|', U+2022, U+00B7 (src/policy/headline.h HeadlineListSegments()).
  // Needs the raw lines and the headline counts: a table written by a
  // build without it (or without headline keys) reads with it off.
  bool headline_list = true;
  // Templated lines ("templated"): a site-frequent label with a changing
  // tail ("Filed under: a, b", "READ MORE: <headline>", "Tags: x",
  // "Posted in <category>"): no two are the same line, so line counts miss
  // them. Pass 1 counts, per site, the label of each line shorter than 100
  // normalised bytes (its first 1-3 words followed by ':', '|', U+203A or
  // U+00BB, or a known lead-in such as "Filed under" in a line that does
  // not end like a sentence; src/policy/headline.h TemplatePrefix()). In
  // pass 2 a kept line (not a candidate) whose label is on at least
  // max(the site threshold, templated_fraction of the site's documents) is
  // chrome if a nearest non-blank neighbour is chrome (or another such
  // line, or none). Kept: the page's first line (its title); its own
  // headline, with or without the label; a label with a word of the URL (the
  // story's kicker); a line with a digit (a date, a phone number); facts
  // about the page (bylines "By"/"Posted by"/"Author", credits "Photo",
  // dates "Published"/"Updated", sections "Category"), which the real-dev
  // gold standard counts as content. A table counted with it off has no
  // label counts and reads with it off.
  bool templated = true;
  // (Not stored in a table file: a loaded table has the default.)
  double templated_fraction = 0.25;
  // The page's own date line in text documents ("protected-dateline"): a
  // chrome candidate (site or cross-site) that reads as a date (under 100
  // bytes, a digit, and an English month name, a numeric date "11.06.2012"
  // or a clock time "4:54 PM"; src/policy/headline.h ReadsAsDate()) that is
  // the nearest non-blank line above or below the page's own headline (a
  // line below the first whose words are nearly all words of the URL, or a
  // word prefix of the first line: IsOwnHeadline()). With dates folded
  // its normal form is on every page of the site; the date is this page's,
  // a fact about the article ("by John on July 21, 2012", "Posted by X on
  // October 29, 2012 at 6:48 pm"). Not a date with another date beyond it
  // (away from the headline; a clock time alone does not count): a run of
  // dates is the template's stamp block ("Posted: ..." over "Updated:
  // ...", a time stamp over a wire dateline). Needs the raw lines. A table
  // written by a build without it (flag bit 16 clear) reads with it off.
  bool protect_dateline = true;
  // Reader comments in a text document ("comment-region", opt-in): a
  // removed line below the page's own headline that is a comments heading
  // ("12 Comments", "Comments (3)", "Responses to <title>", "Join the
  // discussion"; English words; not the form's "Leave a Reply", which
  // follows the thread; src/policy/headline.h IsCommentsHeading()), once
  // in the page, with at least 1000 normalised bytes of kept prose (lines
  // of 40 bytes or more) between the headline and it, and at least three
  // comment marks below it, each within 40 non-blank lines of the last (a
  // line ending in "says:" / "wrote:", or a removed line that is a
  // timestamp, ReadsAsTimestamp(), or a button, "Reply", "Report abuse",
  // "Permalink"), one of them at least a byline or a button (dates alone
  // also mark a list of dated teasers). The kept lines from the heading
  // through the last mark and the kept lines right after it (the last
  // comment's body) are removed, but for the page's own headline and lines
  // that begin with it: comments are unique text, which counts never see.
  // Off by default: the dev gold counts the comments of some pages as
  // content (real-dev: 0.08 points of loss for 8.4 points of removal;
  // news-dev, whose articles took those pages' places: 0.21 points for
  // 0.05), see the README. A table written by a build without it (flag
  // bit 17 clear) reads with it off.
  bool comment_region = false;
  // The same rule for signed threads only ("comment-region" too; on by
  // default): a thread whose marks include a commenter's byline ("Mike
  // says:", "Dale wrote:"; IsCommentByline()), the mark that only a reader
  // comment has. Buttons ("Report", "Reply") also stand under threads whose
  // comments a page's own text quotes or continues (a "Your views" story),
  // and dates under lists of dated teasers. Measured (off -> on): real-dev
  // 0.41% -> 0.47% loss, 53.72% -> 57.79% removed; news-dev and synth-dev
  // unchanged (README). comment_region, when on, takes every thread. A table written
  // by a build without it (flag bit 18 clear) reads with it off.
  bool signed_comments = true;
  // A commenter's byline may also be a name and the comment's time, a dash
  // or a bar between them ("J. Roto — July 6th, 2012, 4:08 am", "Posted by:
  // Kevin Daly | Mar 27, 2007 9:18:36 PM"): a name with the time it wrote
  // is what only a reader's comment carries, as "Mike says:" is. Measured
  // (off -> on): real-dev 0.47% -> 0.48% loss, 58.18% -> 61.06% removed;
  // synth-dev, news-dev and the variety corpus unchanged (README). A table
  // written by a build without it (flag bit 20 clear) reads with it off.
  bool dated_bylines = true;
  // The comment rules read prose below the page's own headline; a line that
  // begins with the page's first line (its title, 3 words or more) and goes
  // on is that headline too, with the comment count or a date run on to it
  // ("<title> 385 Comments"; IsOwnHeadline() takes word prefixes of the
  // first line, not lines longer than it). Measured (off -> on): real-dev
  // 0.48% -> 0.49% loss, 61.06% -> 68.73% removed (three pages of one
  // blog); synth-dev, news-dev and the variety corpus unchanged (README). A
  // table written by a build without it (flag bit 21 clear) reads with it
  // off.
  bool headline_tail = true;
  // HTML pages: judge lines by the page's structure and the site's
  // containers as well as by counts (src/policy/page_judge.h):
  //   "link-box"           short mostly-link lines in a container that is a
  //                        list of links on most of the site's pages where it
  //                        appears (menus, rotating "related stories");
  //   "outside-article"    lines outside the page's article, the run of lines
  //                        with the most prose in it (comments, teasers,
  //                        sidebars that do not repeat line for line);
  //   "protected-article-path" a paragraph in the site's article container
  //                        (a path holding prose on most of its pages) stays;
  //   "protected-headline" the page's headline (its words in the <title> or
  //                        the URL) is kept whatever its counts;
  //   "protected-prose"    prose is not removed by the cross-site rule alone.
  // Text documents are not affected.
  bool page_structure = true;
  // HTML pages, with page_structure: the lines between the page's headline
  // and its article's run of prose ("protected-article-head"): the lead or
  // standfirst that a box (share buttons, a picture, "Story highlights")
  // separates from the rest of the article. Kept when they are prose (40
  // bytes or more, not in a chrome container) with few links or one link
  // around all of it (a lead shown as a link), however often other pages or
  // sites show them as teasers, if the headline is at most 25 non-blank
  // lines above the run.
  bool article_head = true;
  // HTML pages, with page_structure: the page's own date line
  // ("protected-page-date"): a short line (under 100 bytes) with a date in
  // it, in a <time> or date/byline element or reading as one ("July 21,
  // 2012", "by John on July 21, 2012", "2012-10-30"), within two non-blank
  // lines of the page's headline or between it and the article. Its normal
  // form (dates folded) is on every page of the site; its date is this
  // page's, a fact about the article.
  bool page_date = true;
  // HTML pages, with page_structure: a long line (150 bytes or more, not in
  // a chrome container) that begins with the page's headline (3 words or
  // more) and goes on ("protected-own-story"): this page's story with its
  // headline run into its text, kept where the run of prose did not reach
  // it. Other stories' teasers begin with their own headlines.
  bool own_story = true;
};

// Progress of a running pass, for a progress meter (called from the thread
// that drives the pass, at most a few times a second).
struct Progress {
  int pass = 1;                 // 1 = counting, 2 = filtering
  uint64_t raw_bytes_done = 0;  // compressed bytes read in this pass
  uint64_t raw_bytes_total = 0; // sum of input file sizes (0 if unknown)
  uint64_t documents = 0;
};

// Internal (src/pipeline/count_exchange.h): how the counting pass of one
// process meets those of others under mpirun.
class CountExchange;

struct RunOptions {
  InputOptions input;
  PolicyOptions policy;
  // Worker threads; 0 = all cores. The output does not depend on it.
  int threads = 0;
  // Output compression level: zstd 1..19, gzip (ISA-L) 0..3; 0 = the codec's
  // default (zstd 3; gzip 0, ISA-L's fastest).
  int level = 0;
  // Drop documents whose text became empty (counted in the summary) instead
  // of writing them with empty text.
  bool drop_empty = false;
  // What FilterInputs() writes: the documents with chrome lines removed
  // (false), or, per document, one row of Dolma's attribute layout
  // {"id": ..., "attributes": {"dechrome__chrome": [[start, end, 1.0], ...]}}
  // whose spans (Unicode code point offsets into the text, end exclusive, as
  // Python's text[start:end]) cover the removed lines with their newline, so
  // that deleting the spans gives exactly the filtered text (true). Every
  // JSONL record must then have an id.
  bool emit_attributes = false;
  // The output format (see OutputFormat).
  OutputFormat output_format = OutputFormat::kAuto;
  // Write every document's lines without removing any: HTML pages become
  // their visible text (no counting pass is needed).
  bool extract_only = false;
  // Collect, per site, the chrome lines removed (Summary::chrome_lines) for
  // an audit (WriteAudit()).
  bool collect_audit = false;
  // Output codec when writing to "-" (stdout): "none", "gzip", "zstd", or
  // "" = same as the input.
  std::string stdout_codec;
  // Target size of a unit of parallel work (bytes of decompressed input).
  size_t chunk_bytes = size_t{1} << 20;
  // RunInputs(): at most this many bytes of line hints (16 bytes per line, 28
  // per document) carried from pass 1 to pass 2, so that pass 2 does not
  // parse, normalise and hash the documents again. Beyond it, pass 2 does so
  // for the remaining input (slower, same output). 0 = no hints.
  uint64_t hint_memory = uint64_t{1} << 30;
  // A byte budget for the run's memory (--memory): read-ahead and output
  // chunks, pass 1's hints (at most a quarter of it, and at most
  // hint_memory), the near-duplicate sketches (a quarter, not enforced)
  // and the counting table, which spills to temp_dir when it would pass
  // the rest (ShardedLineCounter; the outputs and table are the same as
  // without a budget). 0: half of the machine's physical memory, or of the
  // cgroup's memory limit when that is lower (a container, a batch job).
  uint64_t memory = 0;
  // Where the counting table spills ("" = $TMPDIR, else /tmp). The files
  // are unlinked as soon as they are created.
  std::string temp_dir;
  // FilterInputs() and RunInputs() into files (not standard output): make
  // the run resumable and resume an earlier one. Each complete output gets a
  // small hidden manifest beside it (".NAME.dechrome-resume": the input's
  // path, size and mtime, the table's fingerprint, the options that change
  // the output bytes, the output's size and mtime); an input whose output
  // and manifest match all of these is not read again (Summary::
  // inputs_resumed), any mismatch redoes it. `run` still counts every input
  // (the table must be the same), so only pass 2 work is saved. Off: none
  // is read or written, and an output written removes the manifest that an
  // earlier run left beside it. See src/pipeline/resume.h.
  bool resume = false;
  // Called with progress updates; may be empty.
  std::function<void(const Progress&)> on_progress;
  // Scale-out (the dechrome command sets it under mpirun; library users
  // leave it null): the counting pass hands its counts to it before the
  // table is built, and gets every process's back (count_exchange.h).
  // Not owned.
  CountExchange* count_exchange = nullptr;
};

}  // namespace dechrome

#endif  // DECHROME_OPTIONS_H_
