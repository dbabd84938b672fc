// -----------------------------------------------------------------------------
// File: html_text.h
// -----------------------------------------------------------------------------
//
// HTML to lines: the visible text of a page, one line per block, each line
// with the facts of its place in the page (LineFacts: element path,
// landmarks, link bytes), and the <title> apart.
//
//   UTF-8 HTML --tokenizer (WHATWG, streaming)--> tokens --HtmlTextExtractor-->
//   HtmlText { text, lines + facts, title }
//
// Lines follow Common Crawl's WET text (../shared/eval/wet_text.py): a line
// break at the start and end of every block-level element and at <br>;
// nothing from script, style, noscript, template, or an element with the
// `hidden` attribute (and what it contains); whitespace runs collapsed to one
// space; lines stripped; empty lines dropped; character references decoded.
// The <title> is not a line of the text: it is HtmlText::title.
// The raw text of iframe, noembed and noframes is skipped too (browsers
// never render it), and so is everything inside an element with `hidden`,
// its own line breaks included; `aria-hidden` is not looked at.
//
// Each line's LineFacts are those of the innermost block element open at
// its first byte (path; kLandmarkParagraph), with the landmarks of every
// element open at any of its text ORed in; link_bytes counts the line's
// bytes inside <a href> (not the space owed before a link). The path hash
// chains LineKey() over "tag#id.class" descriptors of the non-inline
// elements below <body> (html, head and body themselves are not in it).
//
// Thread safety: an HtmlTextExtractor is used by one thread at a time;
// ExtractHtmlText() keeps no state between calls apart from reused buffers.

#ifndef DECHROME_HTML_HTML_TEXT_H_
#define DECHROME_HTML_HTML_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "record/record.h"

namespace dechrome {

struct HtmlLine {
  uint32_t begin = 0, end = 0;  // byte offsets into HtmlText::text
  LineFacts facts;
};

struct HtmlText {
  // The lines joined by '\n' (no trailing newline), valid UTF-8 (invalid
  // input bytes and NULs become U+FFFD).
  std::string text;
  std::vector<HtmlLine> lines;
  std::string title;  // whitespace-collapsed, stripped; "" if none
  // The input was cut short of what the limits allow (elements nested
  // deeper than max_depth are flattened into their ancestor at that depth;
  // text beyond max_text_bytes is dropped).
  bool depth_limited = false;
  bool text_limited = false;

  void Clear() {
    text.clear();
    lines.clear();
    title.clear();
    depth_limited = text_limited = false;
  }
};

struct HtmlLimits {
  // Open elements tracked; deeper ones count as their ancestor at this depth.
  size_t max_depth = 256;
  // Bytes of text kept per page.
  size_t max_text_bytes = size_t{8} << 20;
};

class HtmlTextExtractor {
 public:
  explicit HtmlTextExtractor(HtmlLimits limits = HtmlLimits());
  ~HtmlTextExtractor();
  HtmlTextExtractor(const HtmlTextExtractor&) = delete;
  HtmlTextExtractor& operator=(const HtmlTextExtractor&) = delete;

  // Replaces *out with the text of `html` (UTF-8; any bytes are accepted).
  // Never fails; work and memory are linear in html.size().
  void Extract(std::string_view html, HtmlText* out);

  // Buffers reused from page to page grow to the largest page's needs; past
  // kKeepBytes each is given back after the page, so that one huge page
  // does not hold its memory for the rest of the run (as the JSONL parser
  // does). *out's buffers are the caller's.
  static constexpr size_t kKeepBytes = size_t{16} << 20;

  // Bytes held between pages by the reused buffers (for tests).
  size_t retained_bytes() const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace dechrome

#endif  // DECHROME_HTML_HTML_TEXT_H_
