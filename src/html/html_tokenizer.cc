// The HTML tokenizer: one function per group of states, each naming its
// section of the WHATWG HTML standard (13.2.5.x). Tags, comments and
// character references are consumed whole within one Next() call, so their
// states are positions in these functions rather than values of state_.

#include "html/html_tokenizer.h"

#include <algorithm>
#include <cstring>

#include "html/html_entities.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dechrome {
namespace {

using html_internal::EncodeUtf8;
using html_internal::HtmlEntity;
using html_internal::MatchNamedReference;
using html_internal::NumericReferenceCodePoint;

inline bool IsSpace(unsigned char c) {  // ASCII whitespace of the tokenizer
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
inline bool IsAlpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsAlnum(unsigned char c) { return IsAlpha(c) || IsDigit(c); }
inline bool IsUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline char Lower(char c) { return IsUpper(static_cast<unsigned char>(c)) ? static_cast<char>(c | 0x20) : c; }

// First '<' or '&' in [p, end), or end.
inline const char* FindLtAmp(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp)));
    if (m != 0) return p + __builtin_ctz(static_cast<unsigned>(m));
    p += 16;
  }
#endif
  while (p < end && *p != '<' && *p != '&') ++p;
  return p;
}

// First '<' or '-' in [p, end), or end.
inline const char* FindLtDash(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<'), dash = _mm_set1_epi8('-');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, dash)));
    if (m != 0) return p + __builtin_ctz(static_cast<unsigned>(m));
    p += 16;
  }
#endif
  while (p < end && *p != '<' && *p != '-') ++p;
  return p;
}

inline const char* FindChar(const char* p, const char* end, char c) {
  const void* r = std::memchr(p, c, static_cast<size_t>(end - p));
  return r ? static_cast<const char*>(r) : end;
}

// Whether [p, end) starts with `word` (lower-case), ASCII case-insensitively.
inline bool StartsWithNoCase(const char* p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(p[i]) != word[i]) return false;
  }
  return true;
}

// 13.2.5.72-80 Character reference states, from the '&' at `p`. Returns the
// bytes consumed (0: not a reference; the '&' is literal) and writes the
// decoded bytes to out[0..*out_len).
size_t DecodeReference(const char* p, const char* end, bool in_attribute, char* out,
                       size_t* out_len) {
  const char* q = p + 1;
  if (q < end && *q == '#') {
    // 13.2.5.75 Numeric character reference state.
    ++q;
    const bool hex = q < end && (*q | 0x20) == 'x';
    if (hex) ++q;
    const char* digits = q;
    uint32_t value = 0;
    for (; q < end; ++q) {
      unsigned char c = static_cast<unsigned char>(*q);
      uint32_t d;
      if (IsDigit(c)) {
        d = c - '0';
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = (c | 0x20) - 'a' + 10;
      } else {
        break;
      }
      value = std::min<uint32_t>(value * (hex ? 16 : 10) + d, 0x110000);
    }
    if (q == digits) return 0;  // 13.2.5.76/77: absence of digits
    if (q < end && *q == ';') ++q;
    *out_len = EncodeUtf8(NumericReferenceCodePoint(value), out);
    return static_cast<size_t>(q - p);
  }
  // 13.2.5.73 Named character reference state.
  if (q >= end || !IsAlnum(static_cast<unsigned char>(*q))) return 0;
  const HtmlEntity* e = MatchNamedReference(std::string_view(q, static_cast<size_t>(end - q)));
  if (e == nullptr) return 0;  // 13.2.5.74 Ambiguous ampersand: all literal
  const char* after = q + e->name_len;
  if (in_attribute && e->name[e->name_len - 1] != ';' && after < end &&
      (*after == '=' || IsAlnum(static_cast<unsigned char>(*after)))) {
    return 0;  // for historical reasons, flushed as they are
  }
  std::memcpy(out, e->value, e->value_len);
  *out_len = e->value_len;
  return static_cast<size_t>(after - p);
}

// Appends [p, end) to *out with character references decoded (attribute
// value rules).
void AppendAttributeValue(const char* p, const char* end, std::string* out) {
  while (p < end) {
    const char* amp = FindChar(p, end, '&');
    out->append(p, static_cast<size_t>(amp - p));
    if (amp == end) break;
    char ref[8];
    size_t len = 0;
    size_t used = DecodeReference(amp, end, /*in_attribute=*/true, ref, &len);
    if (used == 0) {
      out->push_back('&');
      p = amp + 1;
    } else {
      out->append(ref, len);
      p = amp + used;
    }
  }
}

}  // namespace

void HtmlTokenizer::Reset(std::string_view input) {
  begin_ = pos_ = input.data();
  end_ = input.data() + input.size();
  state_ = State::kData;
  foreign_ = false;
  end_tag_.clear();
}

void HtmlTokenizer::SwitchTo(State state, std::string_view end_tag_name) {
  state_ = state;
  end_tag_.assign(end_tag_name.data(), end_tag_name.size());
}

void HtmlTokenizer::Text(HtmlToken* t, const char* b, const char* e, bool raw) {
  t->kind = HtmlToken::Kind::kText;
  t->text = std::string_view(b, static_cast<size_t>(e - b));
  t->name = {};
  t->self_closing = false;
  t->raw = raw;
  t->attrs = nullptr;
  t->num_attrs = 0;
}

bool HtmlTokenizer::Next(HtmlToken* t) {
  while (pos_ < end_) {
    bool produced = false;
    switch (state_) {
      case State::kData:
        produced = Data(t);
        break;
      case State::kRcdata:
        produced = Rcdata(t);
        break;
      case State::kRawtext:
        produced = Rawtext(t);
        break;
      case State::kScriptData:
        produced = ScriptData(t);
        break;
      case State::kPlaintext:  // 13.2.5.5 PLAINTEXT state: the rest is text
        Text(t, pos_, end_, /*raw=*/true);
        pos_ = end_;
        produced = true;
        break;
    }
    if (produced) return true;
  }
  return false;
}

// 13.2.5.1 Data state.
bool HtmlTokenizer::Data(HtmlToken* t) {
  const char c = *pos_;
  if (c == '<') return TagOpen(t);
  if (c == '&') return CharacterReference(t);
  const char* e = FindLtAmp(pos_ + 1, end_);
  Text(t, pos_, e, /*raw=*/false);
  pos_ = e;
  return true;
}

// 13.2.5.72 Character reference state (data and RCDATA).
bool HtmlTokenizer::CharacterReference(HtmlToken* t) {
  size_t len = 0;
  size_t used = DecodeReference(pos_, end_, /*in_attribute=*/false, ref_, &len);
  if (used == 0) {
    Text(t, pos_, pos_ + 1, /*raw=*/false);
    ++pos_;
    return true;
  }
  Text(t, ref_, ref_ + len, /*raw=*/false);
  pos_ += used;
  return true;
}

// 13.2.5.6 Tag open state.
bool HtmlTokenizer::TagOpen(HtmlToken* t) {
  const char* p = pos_ + 1;
  if (p == end_) {  // EOF: '<' is text
    Text(t, pos_, end_, false);
    pos_ = end_;
    return true;
  }
  const unsigned char c = static_cast<unsigned char>(*p);
  if (IsAlpha(c)) return Tag(p, /*end_tag=*/false, t);
  if (c == '!') return MarkupDeclarationOpen(p + 1, t);
  if (c == '?') return BogusComment(p, t);  // the '?' is part of the data
  if (c == '/') {
    // 13.2.5.7 End tag open state.
    const char* q = p + 1;
    if (q == end_) {  // EOF: "</" is text
      Text(t, pos_, end_, false);
      pos_ = end_;
      return true;
    }
    if (IsAlpha(static_cast<unsigned char>(*q))) return Tag(q, /*end_tag=*/true, t);
    if (*q == '>') {  // "</>": nothing
      pos_ = q + 1;
      return false;
    }
    return BogusComment(q, t);
  }
  // Anything else: '<' is text.
  Text(t, pos_, p, false);
  pos_ = p;
  return true;
}

std::string_view HtmlTokenizer::AttrName(const PendingAttr& a) const {
  return a.name ? std::string_view(a.name, a.name_len)
                : std::string_view(buf_.data() + a.name_off, a.name_len);
}

// 13.2.5.8 Tag name state through 13.2.5.40 Self-closing start tag state,
// from the first letter of the name at `p`. EOF inside the tag drops it.
bool HtmlTokenizer::Tag(const char* p, bool end_tag, HtmlToken* t) {
  buf_.clear();
  pending_.clear();
  // 13.2.5.8 Tag name state.
  const char* q = p;
  bool upper = false;
  while (q < end_) {
    unsigned char c = static_cast<unsigned char>(*q);
    if (IsSpace(c) || c == '/' || c == '>') break;
    upper |= IsUpper(c);
    ++q;
  }
  if (q == end_) {
    pos_ = end_;
    return false;
  }
  PendingAttr name{p, 0, static_cast<uint32_t>(q - p), nullptr, 0, 0};
  if (upper) {
    name.name = nullptr;
    name.name_off = 0;
    for (const char* r = p; r < q; ++r) buf_.push_back(Lower(*r));
  }
  bool self_closing = false;
  for (;;) {
    // 13.2.5.32 Before attribute name state.
    while (q < end_ && IsSpace(static_cast<unsigned char>(*q))) ++q;
    if (q == end_) {
      pos_ = end_;
      return false;
    }
    if (*q == '>') {
      ++q;
      break;
    }
    if (*q == '/') {
      // 13.2.5.40 Self-closing start tag state.
      ++q;
      if (q == end_) {
        pos_ = end_;
        return false;
      }
      if (*q == '>') {
        self_closing = true;
        ++q;
        break;
      }
      continue;  // reconsume in the before attribute name state
    }
    // 13.2.5.33 Attribute name state (a leading '=' is part of the name).
    const char* ns = q++;
    upper = IsUpper(static_cast<unsigned char>(*ns));
    while (q < end_) {
      unsigned char c = static_cast<unsigned char>(*q);
      if (IsSpace(c) || c == '/' || c == '>' || c == '=') break;
      upper |= IsUpper(c);
      ++q;
    }
    PendingAttr a{ns, 0, static_cast<uint32_t>(q - ns), nullptr, 0, 0};
    // 13.2.5.34 After attribute name state.
    while (q < end_ && IsSpace(static_cast<unsigned char>(*q))) ++q;
    if (q == end_) {
      pos_ = end_;
      return false;
    }
    if (*q == '=') {
      // 13.2.5.35 Before attribute value state.
      ++q;
      while (q < end_ && IsSpace(static_cast<unsigned char>(*q))) ++q;
      if (q == end_) {
        pos_ = end_;
        return false;
      }
      const char* vb;
      const char* ve;
      if (*q == '"' || *q == '\'') {
        // 13.2.5.36/37 Attribute value (double-/single-quoted) state.
        vb = q + 1;
        ve = FindChar(vb, end_, *q);
        if (ve == end_) {
          pos_ = end_;
          return false;
        }
        q = ve + 1;
        // 13.2.5.39 After attribute value (quoted): anything but whitespace,
        // '/' or '>' starts the next attribute (parse error).
      } else if (*q == '>') {
        vb = ve = q;  // missing value
      } else {
        // 13.2.5.38 Attribute value (unquoted) state.
        vb = q;
        while (q < end_ && !IsSpace(static_cast<unsigned char>(*q)) && *q != '>') ++q;
        if (q == end_) {
          pos_ = end_;
          return false;
        }
        ve = q;
      }
      if (!end_tag) {
        if (std::memchr(vb, '&', static_cast<size_t>(ve - vb)) == nullptr) {
          a.value = vb;
          a.value_len = static_cast<uint32_t>(ve - vb);
        } else {
          a.value = nullptr;
          a.value_off = static_cast<uint32_t>(buf_.size());
          AppendAttributeValue(vb, ve, &buf_);
          a.value_len = static_cast<uint32_t>(buf_.size() - a.value_off);
        }
      }
    } else {
      a.value = q;  // no value: empty
    }
    if (end_tag || pending_.size() >= kMaxAttributes) continue;
    if (upper) {
      a.name = nullptr;
      a.name_off = static_cast<uint32_t>(buf_.size());
      for (const char* r = ns; r < ns + a.name_len; ++r) buf_.push_back(Lower(*r));
    }
    // Duplicate attributes: the first one wins.
    std::string_view an = AttrName(a);
    bool duplicate = false;
    for (const PendingAttr& b : pending_) {
      if (AttrName(b) == an) {
        duplicate = true;
        break;
      }
    }
    if (!duplicate) pending_.push_back(a);
  }
  pos_ = q;
  // Emit: buf_ no longer grows, so views into it are stable now.
  attrs_.clear();
  for (const PendingAttr& a : pending_) {
    std::string_view v = a.value ? std::string_view(a.value, a.value_len)
                                 : std::string_view(buf_.data() + a.value_off, a.value_len);
    attrs_.push_back(HtmlAttribute{AttrName(a), v});
  }
  t->kind = end_tag ? HtmlToken::Kind::kEndTag : HtmlToken::Kind::kStartTag;
  t->name = AttrName(name);
  t->text = {};
  t->self_closing = self_closing;
  t->raw = false;
  t->attrs = attrs_.data();
  t->num_attrs = attrs_.size();
  if (!end_tag && !foreign_) AfterStartTag(t->name);
  return true;
}

// What the tree builder does to the tokenizer after these start tags (13.2.6.4.7
// "in body": title/textarea RCDATA; style, xmp, iframe, noembed, noframes
// RAWTEXT; script; plaintext). noscript is parsed as markup (scripting
// disabled, as gumbo and Common Crawl's extractor do).
void HtmlTokenizer::AfterStartTag(std::string_view name) {
  switch (name.size()) {
    case 3:
      if (name == "xmp") SwitchTo(State::kRawtext, name);
      break;
    case 5:
      if (name == "title") SwitchTo(State::kRcdata, name);
      else if (name == "style") SwitchTo(State::kRawtext, name);
      break;
    case 6:
      if (name == "script") SwitchTo(State::kScriptData, name);
      else if (name == "iframe") SwitchTo(State::kRawtext, name);
      break;
    case 7:
      if (name == "noembed") SwitchTo(State::kRawtext, name);
      break;
    case 8:
      if (name == "textarea") SwitchTo(State::kRcdata, name);
      else if (name == "noframes") SwitchTo(State::kRawtext, name);
      break;
    case 9:
      if (name == "plaintext") SwitchTo(State::kPlaintext, name);
      break;
    default:
      break;
  }
}

// 13.2.5.42 Markup declaration open state, after "<!" at `p`.
bool HtmlTokenizer::MarkupDeclarationOpen(const char* p, HtmlToken* t) {
  if (end_ - p >= 2 && p[0] == '-' && p[1] == '-') return Comment(p + 2, t);
  if (StartsWithNoCase(p, end_, "doctype")) {
    // 13.2.5.53 DOCTYPE state and the rest: a '>' ends it wherever it is.
    const char* b = p + 7;
    const char* e = FindChar(b, end_, '>');
    t->kind = HtmlToken::Kind::kDoctype;
    t->text = std::string_view(b, static_cast<size_t>(e - b));
    t->name = {};
    t->attrs = nullptr;
    t->num_attrs = 0;
    pos_ = e == end_ ? e : e + 1;
    return true;
  }
  if (foreign_ && end_ - p >= 7 && std::memcmp(p, "[CDATA[", 7) == 0) {
    // 13.2.5.69 CDATA section state: text up to "]]>".
    const char* b = p + 7;
    const char* e = b;
    for (;;) {
      e = FindChar(e, end_, ']');
      if (e == end_ || (end_ - e >= 3 && e[1] == ']' && e[2] == '>')) break;
      ++e;
    }
    Text(t, b, e, /*raw=*/true);
    pos_ = e == end_ ? e : e + 3;
    return true;
  }
  return BogusComment(p, t);
}

// 13.2.5.43 Comment start state through 13.2.5.52 Comment end bang state,
// from just after "<!--" at `p`.
bool HtmlTokenizer::Comment(const char* p, HtmlToken* t) {
  t->kind = HtmlToken::Kind::kComment;
  t->name = {};
  t->attrs = nullptr;
  t->num_attrs = 0;
  // "<!-->" and "<!--->" are (empty) comments.
  if (p < end_ && *p == '>') {
    t->text = {};
    pos_ = p + 1;
    return true;
  }
  if (end_ - p >= 2 && p[0] == '-' && p[1] == '>') {
    t->text = {};
    pos_ = p + 2;
    return true;
  }
  const char* q = p;
  for (;;) {
    q = FindChar(q, end_, '-');
    if (q == end_) break;  // EOF in comment: the comment runs to the end
    if (end_ - q >= 2 && q[1] == '-') {
      const char* r = q + 2;
      while (r < end_ && *r == '-') ++r;  // 13.2.5.50: more dashes stay
      if (r < end_ && *r == '>') {
        t->text = std::string_view(p, static_cast<size_t>(r - 2 - p));
        pos_ = r + 1;
        return true;
      }
      if (end_ - r >= 2 && r[0] == '!' && r[1] == '>') {  // "--!>"
        t->text = std::string_view(p, static_cast<size_t>(r - 2 - p));
        pos_ = r + 2;
        return true;
      }
      q = r;
    } else {
      ++q;
    }
  }
  t->text = std::string_view(p, static_cast<size_t>(end_ - p));
  pos_ = end_;
  return true;
}

// 13.2.5.41 Bogus comment state: up to the next '>'.
bool HtmlTokenizer::BogusComment(const char* p, HtmlToken* t) {
  const char* e = FindChar(p, end_, '>');
  t->kind = HtmlToken::Kind::kComment;
  t->text = std::string_view(p, static_cast<size_t>(e - p));
  t->name = {};
  t->attrs = nullptr;
  t->num_attrs = 0;
  pos_ = e == end_ ? e : e + 1;
  return true;
}

// 13.2.5.11/14/17 (RCDATA / RAWTEXT / script data) end tag name states: the
// '<' at `lt` starts "</" + the name that opened this text, followed by
// whitespace, '/' or '>'.
bool HtmlTokenizer::IsAppropriateEndTag(const char* lt) const {
  const size_t n = end_tag_.size();
  if (static_cast<size_t>(end_ - lt) < n + 3 || lt[1] != '/') return false;
  if (!StartsWithNoCase(lt + 2, end_, end_tag_)) return false;
  const unsigned char c = static_cast<unsigned char>(lt[2 + n]);
  return IsSpace(c) || c == '/' || c == '>';
}

// 13.2.5.2 RCDATA state.
bool HtmlTokenizer::Rcdata(HtmlToken* t) {
  const char c = *pos_;
  if (c == '&') return CharacterReference(t);
  if (c == '<' && IsAppropriateEndTag(pos_)) {
    state_ = State::kData;  // the end tag is tokenized in the data state
    return TagOpen(t);
  }
  const char* e = FindLtAmp(pos_ + 1, end_);
  Text(t, pos_, e, /*raw=*/false);
  pos_ = e;
  return true;
}

// 13.2.5.3 RAWTEXT state: one text token up to the end tag.
bool HtmlTokenizer::Rawtext(HtmlToken* t) {
  const char* q = pos_;
  for (;;) {
    q = FindChar(q, end_, '<');
    if (q == end_ || IsAppropriateEndTag(q)) break;
    ++q;
  }
  if (q == pos_) {
    state_ = State::kData;
    return TagOpen(t);
  }
  Text(t, pos_, q, /*raw=*/true);
  pos_ = q;
  if (q != end_) state_ = State::kData;
  return true;
}

// 13.2.5.4 Script data state and 13.2.5.15-31, the script data escaped and
// double-escaped states: "<!--" escapes, "<script" inside an escape double-
// escapes (where "</script" only returns to escaped), "-->" ends both.
bool HtmlTokenizer::ScriptData(HtmlToken* t) {
  enum { kPlain, kEscaped, kDoubleEscaped } mode = kPlain;
  const char* q = pos_;
  const char* end_of_text = end_;
  while (q < end_) {
    if (mode == kPlain) {
      q = FindChar(q, end_, '<');
      if (q == end_) break;
      if (IsAppropriateEndTag(q)) {
        end_of_text = q;
        break;
      }
      if (end_ - q >= 4 && q[1] == '!' && q[2] == '-' && q[3] == '-') {
        // 13.2.5.21-22 Script data escape start (dash) states; then the
        // escaped dash dash state, where more dashes stay and '>' returns.
        q += 4;
        while (q < end_ && *q == '-') ++q;
        if (q < end_ && *q == '>') {
          ++q;
        } else {
          mode = kEscaped;
        }
        continue;
      }
      ++q;
      continue;
    }
    // 13.2.5.23 Script data escaped state / 13.2.5.29 double escaped state.
    q = FindLtDash(q, end_);
    if (q == end_) break;
    if (*q == '-') {
      // 13.2.5.24-25 (double) escaped dash (dash) states.
      const char* r = q;
      while (r < end_ && *r == '-') ++r;
      if (r - q >= 2 && r < end_ && *r == '>') {
        mode = kPlain;
        q = r + 1;
      } else {
        q = r;
      }
      continue;
    }
    // '<': 13.2.5.26 escaped less-than sign / 13.2.5.31 double escaped
    // less-than sign state.
    if (end_ - q >= 2 && q[1] == '/') {
      if (mode == kEscaped) {
        if (IsAppropriateEndTag(q)) {
          end_of_text = q;
          break;
        }
      } else if (StartsWithNoCase(q + 2, end_, "script") && end_ - q > 8) {
        // 13.2.5.32 Script data double escape end state.
        const unsigned char c = static_cast<unsigned char>(q[8]);
        if (IsSpace(c) || c == '/' || c == '>') {
          mode = kEscaped;
          q += 8;
          continue;
        }
      }
    } else if (mode == kEscaped && StartsWithNoCase(q + 1, end_, "script") && end_ - q > 7) {
      // 13.2.5.28 Script data double escape start state.
      const unsigned char c = static_cast<unsigned char>(q[7]);
      if (IsSpace(c) || c == '/' || c == '>') {
        mode = kDoubleEscaped;
        q += 7;
        continue;
      }
    }
    ++q;
  }
  if (end_of_text == pos_) {
    state_ = State::kData;
    return TagOpen(t);
  }
  Text(t, pos_, end_of_text, /*raw=*/true);
  pos_ = end_of_text;
  if (end_of_text != end_) state_ = State::kData;
  return true;
}

}  // namespace dechrome
