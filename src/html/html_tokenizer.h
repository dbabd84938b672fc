// -----------------------------------------------------------------------------
// File: html_tokenizer.h
// -----------------------------------------------------------------------------
//
// An HTML tokenizer that follows the WHATWG tokenizer (HTML Living Standard
// 13.2.5) wherever the visible text depends on it: the data state, tags with
// attributes, comments (including `<!-->`, `--!>` and the bogus comments
// `<?...>` and `</ ...>`), DOCTYPE, RCDATA (title, textarea), RAWTEXT (style,
// xmp, iframe, noembed, noframes), script data with its escaped and
// double-escaped states, PLAINTEXT, CDATA sections in foreign content, and
// character references (all named ones, legacy names without ';', the
// attribute-value rule, numeric references with the spec's replacements).
//
// One call of Next() produces one token, in a single forward pass over a
// buffer that holds the whole page (the extractor has whole pages; a page is
// never re-read).
//
// Simplified, on purpose, because the visible text does not change:
// - Input preprocessing is not done: CR and CRLF stay as they are (they are
//   whitespace, and every consumer of text collapses whitespace), and text
//   tokens are the input's bytes as they are: NUL bytes and invalid UTF-8
//   are left to the consumer (HtmlTextExtractor turns them into U+FFFD).
//   Character references always come decoded, as valid UTF-8.
// - DOCTYPE tokens carry their raw bytes; name, public and system ids are not
//   split out (quirks mode is not decided: no consumer needs it).
// - Parse errors are not reported.
// - A tag keeps at most kMaxAttributes attributes (later ones are dropped,
//   which keeps duplicate detection linear); duplicates: the first wins.
// - The switch to RCDATA / RAWTEXT / script data / PLAINTEXT after a start
//   tag is made here, by tag name, as the tree builder would, except in
//   foreign content (set_foreign(true)), where those tags are ordinary.
//   A consumer that knows better can call SwitchTo().
//
// Thread safety: an HtmlTokenizer is used by one thread at a time. Tokens
// borrow from the input and from the tokenizer: valid until the next call to
// Next() or Reset().

#ifndef DECHROME_HTML_HTML_TOKENIZER_H_
#define DECHROME_HTML_HTML_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dechrome {

struct HtmlAttribute {
  std::string_view name;   // lower-case
  std::string_view value;  // character references decoded
};

struct HtmlToken {
  enum class Kind : uint8_t { kText, kStartTag, kEndTag, kComment, kDoctype };
  Kind kind = Kind::kText;
  // kText: text bytes (see the header comment); kComment: the comment's data;
  // kDoctype: the bytes between "<!DOCTYPE" and '>'.
  std::string_view text;
  std::string_view name;      // tags: lower-case tag name
  bool self_closing = false;  // tags: "/>"
  // kText: from RAWTEXT, script data, PLAINTEXT or CDATA (never decoded).
  bool raw = false;
  const HtmlAttribute* attrs = nullptr;  // start tags only (end tags: none)
  size_t num_attrs = 0;

  // The value of attribute `name` (lower-case), or nullptr.
  const HtmlAttribute* Find(std::string_view attr_name) const {
    for (size_t i = 0; i < num_attrs; ++i) {
      if (attrs[i].name == attr_name) return &attrs[i];
    }
    return nullptr;
  }
};

class HtmlTokenizer {
 public:
  // The content models of 13.2.5.1-5.
  enum class State : uint8_t { kData, kRcdata, kRawtext, kScriptData, kPlaintext };
  static constexpr size_t kMaxAttributes = 256;

  HtmlTokenizer() = default;
  HtmlTokenizer(const HtmlTokenizer&) = delete;
  HtmlTokenizer& operator=(const HtmlTokenizer&) = delete;

  // Starts over on `input` (borrowed: it must outlive the tokens) in the
  // data state, not in foreign content.
  void Reset(std::string_view input);

  // Produces the next token; false at the end of the input.
  bool Next(HtmlToken* token);

  // Whether the adjusted current node is not an HTML element (SVG, MathML):
  // CDATA sections are recognised, and start tags do not change the state.
  void set_foreign(bool foreign) { foreign_ = foreign; }

  // Switches to `state`; RCDATA, RAWTEXT and script data end at the end tag
  // `end_tag_name` (lower-case).
  void SwitchTo(State state, std::string_view end_tag_name);

  // Bytes held by the reused buffers (a tag's decoded names and values).
  size_t retained_bytes() const {
    return buf_.capacity() + end_tag_.capacity() + pending_.capacity() * sizeof(PendingAttr) +
           attrs_.capacity() * sizeof(HtmlAttribute);
  }
  // Gives back the buffers that grew past `keep` bytes (a page with a huge
  // tag). REQUIRES: no token of this input is read any more.
  void ReleaseLarge(size_t keep) {
    if (buf_.capacity() > keep) std::string().swap(buf_);
    if (end_tag_.capacity() > keep) std::string().swap(end_tag_);
  }

  State state() const { return state_; }
  size_t position() const { return static_cast<size_t>(pos_ - begin_); }

 private:
  struct PendingAttr {
    const char* name;  // in the input, or nullptr: at name_off in buf_
    uint32_t name_off, name_len;
    const char* value;
    uint32_t value_off, value_len;
  };

  bool Data(HtmlToken* t);
  bool TagOpen(HtmlToken* t);
  bool Tag(const char* p, bool end_tag, HtmlToken* t);
  bool MarkupDeclarationOpen(const char* p, HtmlToken* t);
  bool Comment(const char* p, HtmlToken* t);
  bool BogusComment(const char* p, HtmlToken* t);
  bool Rcdata(HtmlToken* t);
  bool Rawtext(HtmlToken* t);
  bool ScriptData(HtmlToken* t);
  bool CharacterReference(HtmlToken* t);
  bool IsAppropriateEndTag(const char* lt) const;
  void Text(HtmlToken* t, const char* b, const char* e, bool raw);
  std::string_view AttrName(const PendingAttr& a) const;
  void AfterStartTag(std::string_view name);

  const char* begin_ = nullptr;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  State state_ = State::kData;
  bool foreign_ = false;
  // (Script data's escape states, 13.2.5.20-31, live inside ScriptData():
  // a script's text is one token.)
  std::string end_tag_;  // RCDATA/RAWTEXT/script: the name that ends it
  char ref_[8];          // a decoded character reference
  std::string buf_;      // lower-cased names and decoded values of a tag
  std::vector<PendingAttr> pending_;
  std::vector<HtmlAttribute> attrs_;
};

}  // namespace dechrome

#endif  // DECHROME_HTML_HTML_TOKENIZER_H_
