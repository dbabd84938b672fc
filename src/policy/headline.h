// -----------------------------------------------------------------------------
// File: headline.h
// -----------------------------------------------------------------------------
//
// A page's own headline, as both passes find it, and the per-site "headline
// keys" that pass 1 counts beside the line keys.
//
// A related-headline list links to other pages of the site by their
// headlines. Its items rotate, so each is on a few pages only, below the
// count threshold; but pass 1 sees every page, and so every page's own
// headline. Pass 1 counts, per site, HeadlineKey(line key) of each line that
// is the document's own headline (OwnHeadlineKeys()); in pass 2 a short line
// whose headline key was counted, and that is not this page's own headline
// (IsOwnHeadline()), is another page's headline: a link to it
// (DocumentJudge, rule "other-headline").
//
// A document's own headlines are
//   - lines whose words are nearly all words of the URL (LooksLikeTitle());
//   - the part of its first line before a title separator
//     ("Headline - Site name", " | ", " — ", " – ", " :: ", " · ");
//   - its first line, when the URL has no words to find the headline by.
// Each of 3 words or more, but a line that begins with the URL's slug in
// another script (UrlTitle::MatchesSlug()): CJK headlines have no spaces.
// Pass 2 has normal forms only (no raw lines), so IsOwnHeadline() holds for
// a superset of them: any word prefix of the first line's normal form.
//
// Thread safety: a UrlTitle keeps scratch buffers; use one per thread.

#ifndef DECHROME_POLICY_HEADLINE_H_
#define DECHROME_POLICY_HEADLINE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hash/line_hash.h"
#include "hash/line_keys.h"
#include "record/record.h"
#include "text/normalize.h"

namespace dechrome {

// The words of a URL's path, and whether a line is made of them.
class UrlTitle {
 public:
  // Splits `url`'s path into words (unless it is the last URL seen):
  // percent-decoded, ASCII letters lower-cased, a word with letters of
  // other scripts replaced by its normal form's words; returns their
  // number.
  size_t Words(std::string_view url);
  // Whether the normal form `norm` is nearly all words of `url`: 3 words or
  // more, at least 3/4 of them words of the URL (or begun by a URL word of 4
  // letters or more; dates and numbers neither match nor miss).
  bool LooksLikeTitle(std::string_view norm, std::string_view url);
  // LooksLikeTitle(norm, url) for the URL last given to Words() (without
  // comparing the URL again: a document's lines are checked one by one).
  bool LooksLikeTitleOfLastUrl(std::string_view norm);
  // False when a line with this sketch cannot LooksLikeTitle() for the last
  // URL given to Words() (too few words, or more of its first four words
  // than a quarter of its words begin like no URL word; a sketch that
  // counted kMaxSketchWords words has at least that many).
  bool MayMatch(const WordSketch& sketch) const;

  // The last URL's slug in another script: the normal form of the path's
  // last segment with letters, when that segment has non-ASCII characters
  // (percent-decoded; leading and trailing numbers, a file extension and a
  // code point cut short dropped), and 24 bytes or more; else empty. Such a
  // slug is often the headline itself cut short (percent-encoding makes a
  // character 6 to 12 bytes, and sites cap slugs in bytes), or one word
  // (Chinese and Japanese have no spaces), so the word test above fails it.
  bool HasSlug() const { return !slug_.empty(); }
  // False when a line whose normal form has `norm_length` bytes cannot
  // MatchesSlug() (MayMatch() screens the word test only).
  bool MaySlugMatch(size_t norm_length) const {
    return !slug_.empty() && norm_length >= kMinSlugBytes && norm_length * 4 >= slug_.size() * 3;
  }
  // Whether the normal form `norm` begins with the slug, or is at least 24
  // bytes and 3/4 of the slug's beginning: the same characters in the same
  // order, evidence no bag of words gives.
  bool MatchesSlug(std::string_view norm) const;

 private:
  // The rest of LooksLikeTitle(), for a line with `spaces` spaces (2 or
  // more) and the words of the last URL (3 or more).
  bool MatchesUrlWords(std::string_view norm, size_t spaces) const;
  // Sets slug_ from path_ (see HasSlug()).
  void SetSlug();
  static constexpr size_t kMinSlugBytes = 24;

  uint64_t prefix_hashes_[4] = {0, 0, 0, 0};  // WordPrefixHash() of words_
  std::vector<uint8_t> word_hashes_;           // the same, one for each word
  std::string path_;      // url_'s path, percent-decoded
  std::string norm_word_;  // the normal form of a word with non-ASCII bytes
  // Normal forms of such words (dates not folded: a month name in a slug
  // is a word).
  LineNormalizer normalizer_{[] {
    NormalizeOptions o;
    o.fold_dates = false;
    return o;
  }()};
  std::string word_buf_;  // the words of url_, one after another
  std::vector<std::pair<uint32_t, uint32_t>> words_;  // (offset, size) in it
  std::string url_;
  std::string slug_;  // see HasSlug()
};

// The table key under which a line's headline count is kept: a rehash of
// its (site, line) key, so pass 2 finds it from the line key alone (line
// hints carry no normal forms). Its entry's global key is
// HeadlineGlobal(key): never another entry's, so the cross-site rule never
// counts it, and the decider tells headline entries from line entries.
inline uint64_t HeadlineKey(uint64_t line_key) {
  uint64_t x = line_key ^ 0x6c8e9cf570932bd5ull;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}
// HeadlineGlobal(): hash/line_hash.h (the table layer tells entries apart by it).

// The inverse of HeadlineKey(): HeadlineLineKey(HeadlineKey(k)) == k for
// every k (each step of HeadlineKey() is invertible: an XOR with a constant,
// x ^= x >> 33, and a product with an odd constant). The decider derives a
// headline's global key from its entry with it ("headline-list").
uint64_t HeadlineLineKey(uint64_t headline_key);

// --- Lists of headlines run together ("headline-list", DocumentJudge) -------
//
// Text extracted from a page runs the items of a list of links together when
// no block element separates them: "Blair rejects Tory terror offerChildren
// vote Shrek 2 best filmFockers keeps US box office lead", "Politics | <a
// headline> | Cricket | <another>". No two such lines are equal; each item
// is a page's headline. HeadlineListSegments() cuts a raw line where one
// item ends and the next begins: where a lower-case letter, a digit or a
// closing '.', '?', '!', quote or bracket is directly followed by an
// upper-case ASCII letter (no space between: the items were separate
// elements), and at the separators '|', U+2022 (bullet), U+00B7 (middle
// dot). Segments are trimmed of spaces; empty ones are dropped. Returns
// their number (0 or 1: nothing to cut).
size_t HeadlineListSegments(std::string_view raw_line, std::vector<std::string_view>* segments);

// The part of a title line before its last title separator, or "" if it has
// none.
std::string_view TitlePart(std::string_view raw_line);

// Pass 1: the headline keys of the document's own headlines (see the top of
// this file), distinct, appended to *out. `keys` are the document's line
// keys (with normal forms); `hasher` normalises the title part.
// `sketches`, when given, holds a sketch of each line (SketchWords() of its
// normal form, or one that MayMatch() passes): lines that fail MayMatch()
// are not looked at further (the same keys, found faster).
void OwnHeadlineKeys(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                     uint64_t site_seed, DocumentHasher* hasher, UrlTitle* url_title,
                     std::vector<uint64_t>* out, const std::vector<WordSketch>* sketches = nullptr);

// Pass 2: whether the line with normal form `norm` may be one of the
// document's own headlines (`first_norm`: the normal form of its first
// non-blank line): a superset of what OwnHeadlineKeys() counted.
bool IsOwnHeadline(std::string_view norm, std::string_view first_norm, std::string_view url,
                   UrlTitle* url_title);

// --- Templated lines ("templated", DocumentJudge) -------------------------
//
// A line made of a site-frequent label and a changing tail ("Filed under:
// a, b", "READ MORE: <headline>", "Tags: x", "Posted in <category>",
// ...) is never twice the same line, so its line count
// stays low; its label is what the site repeats. TemplatePrefix() reads the
// label from the raw line (the normal form has no punctuation):
//   - 1 to 3 words (letters), then ':', '|', U+203A or U+00BB (not "://"),
//     then a tail; or
//   - a known lead-in ("Posted in", "Filed under", "Printed from", "Tags",
//     ...), then a tail, in a line of fewer than 120 bytes that does not end
//     like a sentence ('.', '!', '?').
// A label that begins with a lead-in is the lead-in. Labels of facts about
// the page (a byline "By ...", "Posted by", "Author", a credit "Photo", a
// date "Published", "Updated", a section "Category") are none. Pass 2
// (DocumentJudge) keeps more: see PolicyOptions::templated.
// Pass 1 counts, per site, TemplateKey(LineKey(prefix, site seed)) of the
// distinct prefixes of each document's lines shorter than
// kTemplateMaxLength normalised bytes; its global key is
// TemplateGlobal(key) (no cross-site rule, and the decider tells these
// entries from lines and headlines).

// Lines at least this long (normal form) are never templated lines.
inline constexpr uint32_t kTemplateMaxLength = 100;

// The lower-cased label of the raw line (words joined by one space), written
// to *prefix; false (and *prefix unspecified) when the line has none.
bool TemplatePrefix(std::string_view raw_line, std::string* prefix);

inline uint64_t TemplateKey(uint64_t prefix_line_key) {
  uint64_t x = prefix_line_key ^ 0x2545f4914f6cdd1dull;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 29;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 32;
  return x;
}
// TemplateGlobal(): hash/line_hash.h.

// Pass 1: the distinct template keys of the document's lines, appended to
// *out. `keys` are its line keys (for the lengths and blank lines).
void OwnTemplateKeys(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                     uint64_t site_seed, std::string* scratch, std::vector<uint64_t>* out);

// --- Dates and reader comments ("protected-dateline", "comment-region") ---
//
// Both read the raw line (the normal form folds dates and drops
// punctuation).

// Whether the raw line reads as a date line: under 100 bytes, with a digit,
// and an English month name or its abbreviation as a word ("July 21, 2012",
// "by John on Oct. 29"), a numeric date ("11.06.2012", "2012-10-30",
// "10/29/12") or a clock time ("4:54 PM", "03:06").
bool ReadsAsDate(std::string_view raw_line);

// Whether the raw line reads as a date with a day or month in it:
// ReadsAsDate() without a clock time alone ("July 21, 2012", "2012-10-30",
// "MUMBAI, Oct 21 (TT) -"; not "4:54 PM").
bool ReadsAsCalendarDate(std::string_view raw_line);

// Whether the raw line reads as a comment's timestamp: ReadsAsDate(), with
// a clock time ("at 3:04 pm", "14:56") or a day and a year of 4 digits
// ("August 15th, 2012"). A date without either ("Nov. 5") dates a list's
// items; a month and a year ("November 2012") an archive.
bool ReadsAsTimestamp(std::string_view raw_line);

// Whether the lower-case word `w` is an English month name or its three-
// or four-letter abbreviation. (Also the HTML page judge's "page-date".)
bool IsMonthWord(std::string_view w);

// Whether `s` holds a date written in numbers: 1-4 digits, '-', '/' or '.',
// 1-2 digits, the same separator, 1-4 digits ("2012-10-30", "11/05/2012",
// "11.05.2012"); with `clock_time`, also 1-2 digits, ':', 2 digits.
bool HasNumericDate(std::string_view s, bool clock_time);

// Whether the raw line is the heading of a comment thread (English):
// "Comments", "Comment:", "Comments (12)", "12 Comments", "1 Comment » |
// ...", "3 Responses to <title>", "11 comments to <title>", "Reader
// comments", "Discussion", "Join the discussion", "Comments are closed",
// "Show comments", "View comments", "N thoughts on <title>". Case does not
// matter. Not the comment form's heading ("Leave a Reply", "Post a
// Comment"): on most sites it follows the thread.
bool IsCommentsHeading(std::string_view raw_line);

// Whether the raw line (under 80 bytes) is a commenter's byline: it ends in
// "says", "said", "wrote" or "writes", with or without a ':' ("Mike says:",
// "Dale McNeill wrote:").
bool IsCommentByline(std::string_view raw_line);

// Whether the raw line is one of a comment's buttons: "Reply", "Report",
// "Report abuse", "Permalink", "Flag", "Like" (a ':' or '|' aside).
bool IsCommentAction(std::string_view raw_line);

}  // namespace dechrome

#endif  // DECHROME_POLICY_HEADLINE_H_
