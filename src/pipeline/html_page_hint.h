// -----------------------------------------------------------------------------
// File: html_page_hint.h
// -----------------------------------------------------------------------------
//
// An HTML page as pass 1 of `dechrome run` extracted it, kept in the line
// hints (line_hints.h) so that pass 2 rebuilds its ParsedRecord without
// decoding the payload and extracting the text again.
//
// Everything that the filter pass and the document outputs read of an HTML
// document is kept: type, url, id, date, title, content_type, charset,
// charset_source, the text, its lines and their LineFacts. The rebuilt
// record is the one that RecordFormat::Parse() gives for the same bytes,
// except that its `text` views the hint (`scratch` stays empty).
//
// Layout (uint32 words, after the document's line hints): a flags word
// (bit 0: the lines are the text cut at each '\n', so no offsets follow;
// bits 8-15: charset_source as a CharsetSource value), the byte sizes of
// type, url, id, date, title, content_type, charset and text (8 words);
// without bit 0, each line's (begin, end); each line's facts (path low,
// path high, landmarks, link_bytes, links); then the bytes of the eight
// strings in that order, padded to a whole word.
//
// Thread safety: pure functions.

#ifndef DECHROME_PIPELINE_HTML_PAGE_HINT_H_
#define DECHROME_PIPELINE_HTML_PAGE_HINT_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "record/record.h"

namespace dechrome {

// Pass 1: appends `doc` (an HTML document) to `blob`. Returns the number of
// words appended; 0 (nothing appended) when it cannot be kept.
size_t AppendHtmlPageHint(const ParsedRecord& doc, std::vector<uint32_t>* blob);

// Pass 2: rebuilds into `*out` (cleared first) the page of `lines` lines
// kept in `words[0, size)`. Returns false (and `*out` cleared) when the
// words do not hold such a page; the caller then parses the record.
// `out->text` views `words`: valid while they are.
bool ReadHtmlPageHint(const uint32_t* words, size_t size, size_t lines, ParsedRecord* out);

}  // namespace dechrome

#endif  // DECHROME_PIPELINE_HTML_PAGE_HINT_H_
