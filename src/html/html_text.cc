// HtmlTextExtractor: a light tree builder over HtmlTokenizer's tokens. It
// keeps the stack of open elements (no DOM) with, per element, what its
// text needs: skipped or not, inside a link or not, the landmarks and the
// path hash of everything above. Implicit closes follow the HTML tree
// construction rules where they move line breaks (13.2.6.4.7 "in body": p,
// li, dd/dt, option, table cells and rows, headings, a); the adoption agency,
// foster parenting and the insertion modes are not modelled (rare effects on
// the text; see tests/html/html_oracle_test.cc for how rare).

#include "html/html_text.h"

#include <algorithm>
#include <cstring>

#include "hash/line_hash.h"
#include "html/html_tokenizer.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dechrome {
namespace {

// Tag behaviour flags.
enum : uint32_t {
  kBlock = 1u << 0,     // a line break at its start and end (wet_text.py BLOCK)
  kInline = 1u << 1,    // not part of the element path
  kVoid = 1u << 2,      // never on the stack
  kSkip = 1u << 3,      // nothing of its content is text
  kClosesP = 1u << 4,   // a start tag closes an open <p> (in button scope)
  kSpecial = 1u << 5,   // the spec's "special" category
  kScope = 1u << 6,     // a boundary of "has an element in scope"
  kBreakout = 1u << 7,  // leaves foreign content (13.2.6.5)
  kNoPath = 1u << 8,    // html, head, body: above the path's root
  kButtonScope = 1u << 9,  // a boundary of "in button scope" only
};

#define DECHROME_HTML_TAGS(X)                                       \
  X(a, kInline, 0)                                                  \
  X(abbr, kInline, 0)                                               \
  X(acronym, kInline, 0)                                            \
  X(address, kBlock | kClosesP | kSpecial, kLandmarkAddress)        \
  X(applet, kSpecial | kScope, 0)                                   \
  X(area, kVoid | kSpecial, 0)                                      \
  X(article, kBlock | kClosesP | kSpecial, kLandmarkMain)           \
  X(aside, kBlock | kClosesP | kSpecial, kLandmarkAside)            \
  X(audio, kBlock, 0)                                               \
  X(b, kInline | kBreakout, 0)                                      \
  X(base, kVoid | kSpecial, 0)                                      \
  X(basefont, kVoid | kSpecial, 0)                                  \
  X(bdi, kInline, 0)                                                \
  X(bdo, kInline, 0)                                                \
  X(bgsound, kVoid | kSpecial, 0)                                   \
  X(big, kInline | kBreakout, 0)                                    \
  X(blink, kInline, 0)                                              \
  X(blockquote, kBlock | kClosesP | kSpecial | kBreakout, 0)        \
  X(body, kBlock | kSpecial | kBreakout | kNoPath, 0)               \
  X(br, kBlock | kVoid | kInline | kSpecial | kBreakout, 0)         \
  X(button, kSpecial | kButtonScope, kLandmarkForm)                                \
  X(canvas, kBlock, 0)                                              \
  X(caption, kBlock | kSpecial | kScope, kLandmarkCaption)          \
  X(center, kBlock | kClosesP | kSpecial | kBreakout, 0)            \
  X(cite, kInline, 0)                                               \
  X(code, kInline | kBreakout, 0)                                   \
  X(col, kVoid | kSpecial, 0)                                       \
  X(colgroup, kSpecial, 0)                                          \
  X(data, kInline, 0)                                               \
  X(dd, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkListItem) \
  X(del, kInline, 0)                                                \
  X(desc, 0, 0)                                                     \
  X(details, kBlock | kClosesP | kSpecial, 0)                       \
  X(dfn, kInline, 0)                                                \
  X(dialog, kBlock | kClosesP | kSpecial, 0)                        \
  X(dir, kBlock | kClosesP | kSpecial, 0)                           \
  X(div, kBlock | kClosesP | kSpecial | kBreakout, 0)               \
  X(dl, kBlock | kClosesP | kSpecial | kBreakout, 0)                \
  X(dt, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkListItem) \
  X(em, kInline | kBreakout, 0)                                     \
  X(embed, kVoid | kSpecial | kBreakout, 0)                         \
  X(fieldset, kBlock | kClosesP | kSpecial, 0)                      \
  X(figcaption, kBlock | kClosesP | kSpecial, kLandmarkCaption)     \
  X(figure, kBlock | kClosesP | kSpecial, kLandmarkCaption)         \
  X(font, kInline, 0)                                               \
  X(footer, kBlock | kClosesP | kSpecial, kLandmarkFooter)          \
  X(foreignobject, 0, 0)                                            \
  X(form, kBlock | kClosesP | kSpecial, kLandmarkForm)              \
  X(frame, kBlock | kVoid | kSpecial, 0)                            \
  X(frameset, kBlock | kSpecial, 0)                                 \
  X(h1, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(h2, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(h3, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(h4, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(h5, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(h6, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkHeading) \
  X(head, kBlock | kSpecial | kBreakout | kNoPath, 0)               \
  X(header, kBlock | kClosesP | kSpecial, kLandmarkHeader)          \
  X(hgroup, kBlock | kClosesP | kSpecial, 0)                        \
  X(hr, kBlock | kVoid | kClosesP | kSpecial | kBreakout, 0)        \
  X(html, kBlock | kSpecial | kScope | kNoPath, 0)                  \
  X(i, kInline | kBreakout, 0)                                      \
  X(iframe, kBlock | kSkip | kSpecial, 0)                           \
  X(image, kVoid | kInline, 0)                                      \
  X(img, kVoid | kInline | kSpecial | kBreakout, 0)                 \
  X(input, kVoid | kSpecial, 0)                                     \
  X(ins, kInline, 0)                                                \
  X(kbd, kInline, 0)                                                \
  X(keygen, kVoid | kSpecial, 0)                                    \
  X(label, kInline, kLandmarkForm)                                  \
  X(legend, kBlock, 0)                                              \
  X(li, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkListItem) \
  X(link, kVoid | kSpecial, 0)                                      \
  X(listing, kClosesP | kSpecial | kBreakout, 0)                    \
  X(main, kBlock | kClosesP | kSpecial, kLandmarkMain)              \
  X(mark, kInline, 0)                                               \
  X(marquee, kSpecial | kScope, 0)                                  \
  X(math, 0, 0)                                                     \
  X(menu, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkNav)   \
  X(meta, kVoid | kSpecial | kBreakout, 0)                          \
  X(meter, kInline, 0)                                              \
  X(mi, 0, 0)                                                       \
  X(mn, 0, 0)                                                       \
  X(mo, 0, 0)                                                       \
  X(ms, 0, 0)                                                       \
  X(mtext, 0, 0)                                                    \
  X(nav, kBlock | kClosesP | kSpecial, kLandmarkNav)                \
  X(nobr, kInline | kBreakout, 0)                                   \
  X(noembed, kSkip | kSpecial, 0)                                   \
  X(noframes, kBlock | kSkip | kSpecial, 0)                         \
  X(noscript, kSkip | kSpecial, 0)                                  \
  X(object, kSpecial | kScope, 0)                                   \
  X(ol, kBlock | kClosesP | kSpecial | kBreakout, 0)                \
  X(optgroup, kBlock, 0)                                            \
  X(option, kBlock, 0)                                              \
  X(output, kInline, 0)                                             \
  X(p, kBlock | kClosesP | kSpecial | kBreakout, 0)                 \
  X(param, kVoid | kSpecial, 0)                                     \
  X(picture, kInline, 0)                                            \
  X(plaintext, kClosesP | kSpecial, 0)                              \
  X(pre, kBlock | kClosesP | kSpecial | kBreakout, kLandmarkPre)    \
  X(progress, kInline, 0)                                           \
  X(q, kInline, 0)                                                  \
  X(rp, kInline, 0)                                                 \
  X(rt, kInline, 0)                                                 \
  X(ruby, kInline | kBreakout, 0)                                   \
  X(s, kInline | kBreakout, 0)                                      \
  X(samp, kInline, 0)                                               \
  X(script, kSkip | kSpecial, 0)                                    \
  X(section, kBlock | kClosesP | kSpecial, 0)                       \
  X(select, kBlock | kSpecial, kLandmarkForm)                       \
  X(small, kInline | kBreakout, 0)                                  \
  X(source, kVoid | kSpecial, 0)                                    \
  X(span, kInline | kBreakout, 0)                                   \
  X(strike, kInline | kBreakout, 0)                                 \
  X(strong, kInline | kBreakout, 0)                                 \
  X(style, kSkip | kSpecial, 0)                                     \
  X(sub, kInline | kBreakout, 0)                                    \
  X(summary, kBlock | kClosesP | kSpecial, 0)                       \
  X(sup, kInline | kBreakout, 0)                                    \
  X(svg, 0, 0)                                                      \
  X(table, kBlock | kClosesP | kSpecial | kScope | kBreakout, 0)    \
  X(tbody, kBlock | kSpecial, 0)                                    \
  X(td, kBlock | kSpecial | kScope, kLandmarkTable)                 \
  X(template, kSkip | kSpecial | kScope, 0)                         \
  X(textarea, kBlock | kSpecial, kLandmarkForm)                     \
  X(tfoot, kBlock | kSpecial, 0)                                    \
  X(th, kBlock | kSpecial | kScope, kLandmarkTable)                 \
  X(thead, kBlock | kSpecial, 0)                                    \
  X(time, kInline, kLandmarkTime)                                   \
  X(title, kBlock | kSpecial, 0)                                    \
  X(tr, kBlock | kSpecial, 0)                                       \
  X(track, kVoid | kSpecial, 0)                                     \
  X(tt, kInline | kBreakout, 0)                                     \
  X(u, kInline | kBreakout, 0)                                      \
  X(ul, kBlock | kClosesP | kSpecial | kBreakout, 0)                \
  X(var, kInline | kBreakout, 0)                                    \
  X(video, kBlock, 0)                                               \
  X(wbr, kVoid | kInline | kSpecial, 0)                             \
  X(xmp, kClosesP | kSpecial, 0)

enum Tag : uint16_t {
  kTagUnknown = 0,
#define DECHROME_TAG_ENUM(name, flags, landmarks) kTag_##name,
  DECHROME_HTML_TAGS(DECHROME_TAG_ENUM)
#undef DECHROME_TAG_ENUM
  kNumTags
};

struct TagInfo {
  uint32_t flags;
  uint32_t landmarks;
};

constexpr TagInfo kTagInfo[kNumTags] = {
    {0, 0},
#define DECHROME_TAG_INFO(name, flags, landmarks) {flags, landmarks},
    DECHROME_HTML_TAGS(DECHROME_TAG_INFO)
#undef DECHROME_TAG_INFO
};

// A set of short ASCII keys (at most 16 bytes) with a value each: open
// addressing over the key's bytes loaded as two words, so that a lookup
// costs a multiply and one or two compares (tag names and class words are
// looked up once per start tag; absl's string hash dominated).
class ShortKeyTable {
 public:
  static constexpr size_t kMaxKey = 16;

  // The key's bytes, zero-padded, as two words.
  struct Key {
    uint64_t lo = 0, hi = 0;
    uint32_t len = 0;
  };
  // The key of s[0, n), 1 <= n <= kMaxKey: loads that stay within the
  // bytes (overlapping ones for odd sizes) rather than a copy to a padded
  // buffer, whose byte stores the word loads would wait for.
  static Key MakeKey(const char* s, size_t n) {
    Key k;
    k.len = static_cast<uint32_t>(n);
    if (n >= 8) {
      k.lo = Load64(s);
      if (n > 8) k.hi = Load64(s + n - 8) >> (8 * (16 - n));
    } else if (n >= 4) {
      k.lo = uint64_t{Load32(s)} | (uint64_t{Load32(s + n - 4)} << (8 * (n - 4)));
    } else {
      const auto* u = reinterpret_cast<const unsigned char*>(s);
      k.lo = uint64_t{u[0]} | (uint64_t{u[n / 2]} << (8 * (n / 2))) |
             (uint64_t{u[n - 1]} << (8 * (n - 1)));
    }
    return k;
  }

  // Sets the value of `key` to value | its old value (0 if absent).
  void Or(std::string_view key, uint32_t value) {
    const Key k = MakeKey(key.data(), key.size());
    for (size_t i = Slot(k);; i = (i + 1) & (kSlots - 1)) {
      Entry& e = slots_[i];
      if (e.key.len == 0) {
        e.key = k;
        e.value = value;
        return;
      }
      if (Same(e.key, k)) {
        e.value |= value;
        return;
      }
    }
  }

  // The value of a key of 1..kMaxKey bytes, or 0.
  uint32_t Get(const Key& k) const {
    for (size_t i = Slot(k);; i = (i + 1) & (kSlots - 1)) {
      const Entry& e = slots_[i];
      if (e.key.len == 0) return 0;
      if (Same(e.key, k)) return e.value;
    }
  }

 private:
  static constexpr size_t kBits = 9;
  static constexpr size_t kSlots = size_t{1} << kBits;  // < 1/3 full
  struct Entry {
    Key key;
    uint32_t value = 0;
  };
  static uint64_t Load64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static uint32_t Load32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  static bool Same(const Key& a, const Key& b) {
    return a.lo == b.lo && a.hi == b.hi && a.len == b.len;
  }
  static size_t Slot(const Key& k) {
    const uint64_t h = (k.lo ^ (k.hi * 0x9E3779B97F4A7C15ULL) ^ k.len) * 0xFF51AFD7ED558CCDULL;
    return static_cast<size_t>(h >> (64 - kBits));
  }
  Entry slots_[kSlots];
};

const ShortKeyTable& TagTable() {
  static const auto* table = [] {
    auto* t = new ShortKeyTable();
#define DECHROME_TAG_NAME(name, flags, landmarks) t->Or(#name, kTag_##name);
    DECHROME_HTML_TAGS(DECHROME_TAG_NAME)
#undef DECHROME_TAG_NAME
    return t;
  }();
  return *table;
}

Tag LookupTag(std::string_view name) {
  if (name.empty() || name.size() > ShortKeyTable::kMaxKey) return kTagUnknown;
  return static_cast<Tag>(TagTable().Get(ShortKeyTable::MakeKey(name.data(), name.size())));
}

const ShortKeyTable& WordTable() {
  static const auto* table = [] {
    auto* t = new ShortKeyTable();
    auto add = [t](uint32_t bit, std::initializer_list<std::string_view> words) {
      for (std::string_view w : words) t->Or(w, bit);
    };
    add(kWordMenu, {"menu", "nav", "navbar", "navigation", "topbar", "masthead", "header"});
    add(kWordSidebar, {"sidebar", "side", "rail", "aside"});
    add(kWordRelated, {"related", "more", "recommended", "popular", "trending", "most", "also",
                       "teaser", "latest", "headlines"});
    add(kWordComment, {"comment", "comments", "reply", "respond", "disqus", "discussion"});
    add(kWordShare, {"share", "social", "sharing", "follow", "facebook", "twitter"});
    add(kWordCookie, {"cookie", "consent", "gdpr", "privacy"});
    add(kWordNewsletter, {"newsletter", "subscribe", "signup", "subscription"});
    add(kWordBreadcrumb, {"breadcrumb", "breadcrumbs", "crumbs"});
    add(kWordWidget, {"widget", "module", "promo", "banner", "sponsor", "sponsored", "outbrain",
                      "taboola"});
    add(kWordAd, {"ad", "ads", "advert", "advertisement", "adsense", "dfp", "gpt"});
    add(kWordFooter, {"footer", "copyright", "legal", "bottom"});
    add(kWordTags, {"tags", "tag", "category", "categories", "topics", "keywords"});
    add(kWordByline, {"byline", "author", "meta", "dateline", "credit", "caption"});
    add(kWordContent, {"article", "content", "post", "entry", "story", "body", "text", "main"});
    add(kLandmarkTime, {"date", "time"});
    return t;
  }();
  return *table;
}

inline bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
inline bool IsLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsHex(unsigned char c) { return IsDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

// The LandmarkBit words among the letter runs of an id or class value.
uint32_t WordBits(std::string_view v) {
  const auto& words = WordTable();
  uint32_t bits = 0;
  size_t i = 0;
  while (i < v.size()) {
    if (!IsLetter(static_cast<unsigned char>(v[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < v.size() && IsLetter(static_cast<unsigned char>(v[j]))) ++j;
    if (j - i <= ShortKeyTable::kMaxKey) {
      // The lower-cased word's key, built in registers.
      ShortKeyTable::Key key;
      key.len = static_cast<uint32_t>(j - i);
      for (size_t k = i; k < j; ++k) {
        const uint64_t c = static_cast<unsigned char>(v[k] | 0x20);
        const size_t at = k - i;
        if (at < 8) {
          key.lo |= c << (8 * at);
        } else {
          key.hi |= c << (8 * (at - 8));
        }
      }
      bits |= words.Get(key);
    }
    i = j;
  }
  return bits;
}

// The ARIA landmark roles among the tokens of a role value.
// Whether an inline style hides the element ("display: none",
// "visibility:hidden"): its text is still extracted (as Common Crawl's WET
// text has it) but marked kLandmarkInvisible.
bool HidesElement(std::string_view style) {
  char compact[256];  // the style's first bytes, spaces out, lower-cased
  size_t n = 0;
  for (size_t i = 0; i < style.size() && n < sizeof(compact); ++i) {
    const char c = style[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    compact[n++] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  const std::string_view v(compact, n);
  return v.find("display:none") != std::string_view::npos ||
         v.find("visibility:hidden") != std::string_view::npos;
}

uint32_t RoleBits(std::string_view v) {
  uint32_t bits = 0;
  size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && IsAsciiSpace(static_cast<unsigned char>(v[i]))) ++i;
    size_t j = i;
    while (j < v.size() && !IsAsciiSpace(static_cast<unsigned char>(v[j]))) ++j;
    char w[16];
    if (j > i && j - i <= sizeof(w)) {
      for (size_t k = i; k < j; ++k) w[k - i] = static_cast<char>(v[k] | 0x20);
      std::string_view r(w, j - i);
      if (r == "navigation") bits |= kLandmarkNav;
      else if (r == "banner") bits |= kLandmarkHeader;
      else if (r == "contentinfo") bits |= kLandmarkFooter;
      else if (r == "complementary") bits |= kLandmarkAside;
      else if (r == "search" || r == "form") bits |= kLandmarkForm;
      else if (r == "main" || r == "article") bits |= kLandmarkMain;
    }
    i = j;
  }
  return bits;
}

// Appends the id or class tokens of `v` to a path descriptor: digit runs
// folded to '0', tokens that look like unique ids (a run of 8 or more hex
// digits with a digit in it) left out.
void AppendPathTokens(std::string_view v, std::string* out) {
  // Each token adds a space and at most its own bytes.
  const size_t old = out->size();
  out->resize(old + 2 * v.size() + 1);
  char* o = &(*out)[old];
  const char* s = v.data();
  const size_t n = v.size();
  size_t i = 0;
  while (i < n) {
    while (i < n && IsAsciiSpace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < n && !IsAsciiSpace(static_cast<unsigned char>(s[j]))) ++j;
    if (j == i) break;
    bool unique = false;
    size_t run = 0;
    bool run_digit = false;
    for (size_t k = i; k < j && !unique; ++k) {
      unsigned char c = static_cast<unsigned char>(s[k]);
      if (IsHex(c)) {
        ++run;
        run_digit |= IsDigit(c);
        unique = run >= 8 && run_digit;
      } else {
        run = 0;
        run_digit = false;
      }
    }
    if (!unique) {
      *o++ = ' ';
      for (size_t k = i; k < j; ++k) {
        if (IsDigit(static_cast<unsigned char>(s[k]))) {
          *o++ = '0';
          while (k + 1 < j && IsDigit(static_cast<unsigned char>(s[k + 1]))) ++k;
        } else {
          *o++ = s[k];
        }
      }
    }
    i = j;
  }
  out->resize(static_cast<size_t>(o - out->data()));
}

constexpr uint64_t kRootPath = 0x626f6479u;  // "body"

enum Namespace : uint8_t { kHtml = 0, kSvg = 1, kMathMl = 2 };

}  // namespace

struct HtmlTextExtractor::Impl {
  struct Open {
    Tag tag;
    uint8_t ns;
    bool skip;          // this element or one above is skipped
    bool link;          // inside <a href>
    uint32_t link_id;   // which <a href> (a serial number), 0 outside links
    bool paragraph;     // the innermost block is <p> or <blockquote>
    bool integration;   // an HTML integration point of foreign content
    uint32_t landmarks;   // LandmarkBit set of this element and those above
    uint64_t name_hash;   // unknown tags: hash of the name
    uint64_t path;        // path hash down to this element
    uint64_t block_path;  // path hash down to the innermost block
  };

  explicit Impl(HtmlLimits l) : limits(l) {}

  void Run(std::string_view html, HtmlText* out);
  void StartTag(const HtmlToken& t);
  void EndTag(const HtmlToken& t);
  void Push(const HtmlToken& t, Tag tag, uint8_t ns);
  void Pop();
  void PopThrough(size_t index);  // pops stack[index] and all above
  // The index of the nearest open `tag` (name hash for unknown ones) below
  // the first element with `stop_flags`, or -1.
  long Find(Tag tag, uint64_t hash, uint32_t stop_flags) const;
  void CloseP();
  void Break();
  void AppendText(const char* p, size_t n);
  void StartLine();
  void UpdateForeign();
  const Open& Top() const { return stack.empty() ? root : stack.back(); }

  inline void BeginChars() {
    if (!line_open) {
      StartLine();
    } else if (pending_space) {
      buf[len++] = ' ';
    }
    pending_space = false;
  }

  const HtmlLimits limits;
  HtmlTokenizer tokenizer;
  std::vector<Open> stack;
  Open root{};
  size_t overflow = 0;  // elements not pushed for max_depth, still open
  uint32_t open_count[kNumTags] = {};
  HtmlText* out = nullptr;
  // The text being built (buf[0, len)); buf.size() is its capacity.
  std::string buf;
  size_t len = 0;
  bool line_open = false;
  uint32_t next_link_id = 0;  // serial numbers of <a href> elements, this page
  uint32_t line_link_id = 0;  // the last link whose text is in the line
  bool pending_space = false;
  uint32_t line_begin = 0;
  HtmlLine line;
  bool in_title = false;
  bool have_title = false;
  bool capture_title = false;
  std::string title_raw;
  std::string desc;  // path descriptor scratch
};

HtmlTextExtractor::HtmlTextExtractor(HtmlLimits limits) : impl_(new Impl(limits)) {}
HtmlTextExtractor::~HtmlTextExtractor() { delete impl_; }

void HtmlTextExtractor::Extract(std::string_view html, HtmlText* out) {
  impl_->Run(html, out);
  // (The text is copied out and the tokens are done with: nothing refers to
  // these buffers any more.)
  Impl& m = *impl_;
  if (m.buf.capacity() > kKeepBytes) std::string().swap(m.buf);
  if (m.title_raw.capacity() > kKeepBytes) std::string().swap(m.title_raw);
  if (m.desc.capacity() > kKeepBytes) std::string().swap(m.desc);
  m.tokenizer.ReleaseLarge(kKeepBytes);
}

size_t HtmlTextExtractor::retained_bytes() const {
  const Impl& m = *impl_;
  return m.buf.capacity() + m.title_raw.capacity() + m.desc.capacity() +
         m.stack.capacity() * sizeof(Impl::Open) + m.tokenizer.retained_bytes();
}

namespace {

// Collapses ASCII whitespace and U+00A0 runs in valid-or-not UTF-8 `in`,
// strips, and replaces NUL and invalid sequences with U+FFFD (scalar; for
// the title).
void CollapseInto(std::string_view in, std::string* out);

// The length of the valid UTF-8 sequence at p (p[0] >= 0x80), or 0 with
// *bad set to the bytes of the maximal invalid subpart (WHATWG decoder).
inline size_t Utf8Sequence(const unsigned char* p, const unsigned char* end, size_t* bad) {
  const unsigned char c = p[0];
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    *bad = 1;
    return 0;
  }
  size_t i = 1;
  for (; i <= need; ++i) {
    if (p + i >= end) break;
    const unsigned char d = p[i];
    if (d < lo || d > hi) break;
    lo = 0x80;
    hi = 0xBF;
  }
  if (i == need + 1) return i;
  *bad = i;
  return 0;
}

void CollapseInto(std::string_view in, std::string* out) {
  out->clear();
  bool pending = false;
  const unsigned char* p = reinterpret_cast<const unsigned char*>(in.data());
  const unsigned char* end = p + in.size();
  auto emit = [&](const char* s, size_t n) {
    if (pending && !out->empty()) out->push_back(' ');
    pending = false;
    out->append(s, n);
  };
  while (p < end) {
    const unsigned char c = *p;
    if (IsAsciiSpace(c)) {
      pending = true;
      ++p;
    } else if (c == 0) {
      emit("\xEF\xBF\xBD", 3);
      ++p;
    } else if (c < 0x80) {
      emit(reinterpret_cast<const char*>(p), 1);
      ++p;
    } else if (c == 0xC2 && p + 1 < end && p[1] == 0xA0) {
      pending = true;
      p += 2;
    } else {
      size_t bad = 0;
      size_t n = Utf8Sequence(p, end, &bad);
      if (n) {
        emit(reinterpret_cast<const char*>(p), n);
        p += n;
      } else {
        emit("\xEF\xBF\xBD", 3);
        p += bad;
      }
    }
  }
}

}  // namespace

void HtmlTextExtractor::Impl::Run(std::string_view html, HtmlText* o) {
  out = o;
  out->Clear();
  stack.clear();
  overflow = 0;
  std::fill(std::begin(open_count), std::end(open_count), 0);
  root = Open{};
  root.path = root.block_path = kRootPath;
  len = 0;
  line_open = pending_space = false;
  next_link_id = line_link_id = 0;
  in_title = have_title = false;
  title_raw.clear();
  if (buf.size() < 4096) buf.resize(4096);

  tokenizer.Reset(html);
  HtmlToken t;
  while (tokenizer.Next(&t)) {
    switch (t.kind) {
      case HtmlToken::Kind::kText:
        if (in_title) {
          if (capture_title) title_raw.append(t.text.data(), t.text.size());
        } else if (!Top().skip) {
          AppendText(t.text.data(), t.text.size());
        }
        break;
      case HtmlToken::Kind::kStartTag:
        in_title = false;
        StartTag(t);
        break;
      case HtmlToken::Kind::kEndTag:
        in_title = false;
        EndTag(t);
        break;
      default:
        break;
    }
  }
  Break();
  out->text.assign(buf.data(), len);
  if (have_title) CollapseInto(title_raw, &out->title);
}

void HtmlTextExtractor::Impl::UpdateForeign() {
  const Open& top = Top();
  tokenizer.set_foreign(top.ns != kHtml && !top.integration);
}

long HtmlTextExtractor::Impl::Find(Tag tag, uint64_t hash, uint32_t stop_flags) const {
  for (size_t i = stack.size(); i-- > 0;) {
    const Open& e = stack[i];
    if (e.tag == tag && (tag != kTagUnknown || e.name_hash == hash) && e.ns == kHtml) {
      return static_cast<long>(i);
    }
    if ((kTagInfo[e.tag].flags & stop_flags) || e.integration) return -1;
  }
  return -1;
}

void HtmlTextExtractor::Impl::Pop() {
  const Open& e = stack.back();
  --open_count[e.tag];
  const bool brk = (kTagInfo[e.tag].flags & kBlock) && !e.skip;
  stack.pop_back();
  if (brk) Break();
}

void HtmlTextExtractor::Impl::PopThrough(size_t index) {
  while (stack.size() > index) Pop();
  UpdateForeign();
}

void HtmlTextExtractor::Impl::CloseP() {
  if (open_count[kTag_p] == 0) return;
  long i = Find(kTag_p, 0, kScope | kButtonScope);
  if (i >= 0) PopThrough(static_cast<size_t>(i));
}

void HtmlTextExtractor::Impl::StartTag(const HtmlToken& t) {
  Tag tag = LookupTag(t.name);
  uint32_t flags = kTagInfo[tag].flags;
  const Open& top = Top();
  // 13.2.6.5 Foreign content.
  if (top.ns != kHtml && !top.integration) {
    bool breakout = (flags & kBreakout) != 0;
    if (tag == kTag_font) {
      breakout = t.Find("color") || t.Find("face") || t.Find("size");
    }
    if (!breakout) {
      if (!t.self_closing) Push(t, tag, top.ns);
      return;
    }
    while (!stack.empty() && stack.back().ns != kHtml && !stack.back().integration) Pop();
    UpdateForeign();
  }
  switch (tag) {
    case kTag_html:
    case kTag_head:
    case kTag_body:
      if (!Top().skip) Break();
      return;
    case kTag_title:
      if (!Top().skip) Break();
      // RCDATA: the text tokens up to "</title>" are the title's.
      in_title = true;
      capture_title = !have_title;
      have_title = true;
      return;
    case kTag_svg:
    case kTag_math:
      if (!t.self_closing) Push(t, tag, tag == kTag_svg ? kSvg : kMathMl);
      return;
    case kTag_li:
      if (open_count[kTag_li]) {
        for (size_t i = stack.size(); i-- > 0;) {
          Tag s = stack[i].tag;
          if (s == kTag_li) {
            PopThrough(i);
            break;
          }
          if ((kTagInfo[s].flags & kSpecial) && s != kTag_address && s != kTag_div && s != kTag_p) {
            break;
          }
        }
      }
      break;
    case kTag_dd:
    case kTag_dt:
      if (open_count[kTag_dd] || open_count[kTag_dt]) {
        for (size_t i = stack.size(); i-- > 0;) {
          Tag s = stack[i].tag;
          if (s == kTag_dd || s == kTag_dt) {
            PopThrough(i);
            break;
          }
          if ((kTagInfo[s].flags & kSpecial) && s != kTag_address && s != kTag_div && s != kTag_p) {
            break;
          }
        }
      }
      break;
    case kTag_option:
    case kTag_optgroup:
      if (!stack.empty() && stack.back().tag == kTag_option) PopThrough(stack.size() - 1);
      break;
    case kTag_caption:
    case kTag_col:
    case kTag_colgroup:
      if (open_count[kTag_table] == 0) return;  // "in body": ignored
      break;
    case kTag_td:
    case kTag_th:
    case kTag_tr:
    case kTag_tbody:
    case kTag_thead:
    case kTag_tfoot:
      if (open_count[kTag_table] == 0) return;  // "in body": ignored
      // 13.2.6.4.13-15: a new cell closes the open cell, a new row the open
      // row (and its cells), a new section the open section (in table scope).
      for (size_t i = stack.size(); i-- > 0;) {
        const Tag s = stack[i].tag;
        if (s == kTag_table || s == kTag_html || s == kTag_template) break;
        const bool match = (tag == kTag_td || tag == kTag_th)
                               ? (s == kTag_td || s == kTag_th)
                               : tag == kTag_tr ? s == kTag_tr
                                                : (s == kTag_tbody || s == kTag_thead ||
                                                   s == kTag_tfoot);
        if (match) {
          PopThrough(i);
          break;
        }
      }
      break;
    case kTag_a:
      // An open <a> ends at the next <a> (the adoption agency), when no
      // block stands between them.
      if (open_count[kTag_a]) {
        long i = Find(kTag_a, 0, kSpecial);
        if (i >= 0) PopThrough(static_cast<size_t>(i));
      }
      break;
    default:
      break;
  }
  if (flags & kClosesP) CloseP();
  if (tag >= kTag_h1 && tag <= kTag_h6 && !stack.empty() && stack.back().tag >= kTag_h1 &&
      stack.back().tag <= kTag_h6) {
    PopThrough(stack.size() - 1);
  }
  if (flags & kVoid) {
    if ((flags & kBlock) && !Top().skip && !t.Find("hidden")) Break();
    return;
  }
  Push(t, tag, kHtml);
}

void HtmlTextExtractor::Impl::Push(const HtmlToken& t, Tag tag, uint8_t ns) {
  const uint32_t flags = kTagInfo[tag].flags;
  if (stack.size() >= limits.max_depth) {
    ++overflow;
    out->depth_limited = true;
    if ((flags & kBlock) && !Top().skip) Break();
    return;
  }
  const Open& parent = Top();
  Open e;
  e.tag = tag;
  e.ns = ns;
  e.name_hash = tag == kTagUnknown ? GlobalLineKey(t.name) : 0;
  e.integration = (ns == kSvg && (tag == kTag_foreignobject || tag == kTag_desc ||
                                  tag == kTag_title)) ||
                  (ns == kMathMl && (tag == kTag_mi || tag == kTag_mo || tag == kTag_mn ||
                                     tag == kTag_ms || tag == kTag_mtext));
  e.skip = parent.skip || (flags & kSkip) != 0;
  const HtmlAttribute* id = nullptr;
  const HtmlAttribute* cls = nullptr;
  const HtmlAttribute* role = nullptr;
  bool href = false;
  bool invisible = false;
  for (size_t i = 0; i < t.num_attrs; ++i) {
    const HtmlAttribute& a = t.attrs[i];
    switch (a.name.size()) {
      case 2:
        if (a.name == "id") id = &a;
        break;
      case 4:
        if (a.name == "href") href = true;
        else if (a.name == "role") role = &a;
        break;
      case 5:
        if (a.name == "class") {
          cls = &a;
        } else if (a.name == "style" && HidesElement(a.value)) {
          invisible = true;
        }
        break;
      case 6:
        if (a.name == "hidden") e.skip = true;
        break;
      default:
        break;
    }
  }
  e.link = parent.link || (tag == kTag_a && href);
  e.link_id = parent.link ? parent.link_id : e.link ? ++next_link_id : 0;
  if (e.skip) {
    e.landmarks = parent.landmarks;
    e.paragraph = parent.paragraph;
    e.path = parent.path;
    e.block_path = parent.block_path;
  } else {
    uint32_t own = kTagInfo[tag].landmarks;
    if (role) own |= RoleBits(role->value);
    if (invisible) own |= kLandmarkInvisible;
    // Elements and roles add up; id and class words are those of the
    // nearest element that has any: wrappers high up the page carry words
    // for everything in them ("category-news", "has-sidebar"), so the
    // innermost words say what a line is.
    uint32_t words = 0;
    if (id) words |= WordBits(id->value);
    if (cls) words |= WordBits(cls->value);
    if (words == 0) words = parent.landmarks & kWordBits;
    e.landmarks = (parent.landmarks & ~kWordBits) | own | words;
    if (flags & (kInline | kNoPath)) {
      e.path = parent.path;
    } else {
      desc.assign(t.name.data(), t.name.size());
      if (id) {
        desc.push_back('#');
        AppendPathTokens(id->value, &desc);
      }
      if (cls) {
        desc.push_back('.');
        AppendPathTokens(cls->value, &desc);
      }
      e.path = LineKey(desc, parent.path);
    }
    if (flags & kBlock) {
      e.block_path = e.path;
      e.paragraph = tag == kTag_p || tag == kTag_blockquote;
    } else {
      e.block_path = parent.block_path;
      e.paragraph = parent.paragraph;
    }
  }
  const bool brk = (flags & kBlock) && !e.skip;
  if (brk) Break();
  stack.push_back(e);
  ++open_count[tag];
  UpdateForeign();
}

void HtmlTextExtractor::Impl::EndTag(const HtmlToken& t) {
  Tag tag = LookupTag(t.name);
  const uint32_t flags = kTagInfo[tag].flags;
  switch (tag) {
    case kTag_html:
    case kTag_body:
      // 13.2.6.4.7: "</body>" and "</html>" only change the insertion mode;
      // what follows still goes into the open elements.
      if (!Top().skip) Break();
      return;
    case kTag_head:
      return;
    case kTag_title:
      if (!Top().skip) Break();
      return;
    case kTag_br:  // "</br>" is "<br>"
      if (!Top().skip) Break();
      return;
    default:
      break;
  }
  if (overflow > 0) {
    --overflow;
    if ((flags & kBlock) && !Top().skip) Break();
    return;
  }
  // Foreign content: the nearest element of this name, whatever its kind.
  if (Top().ns != kHtml) {
    const uint64_t hash = tag == kTagUnknown ? GlobalLineKey(t.name) : 0;
    for (size_t i = stack.size(); i-- > 0;) {
      const Open& e = stack[i];
      if (e.ns == kHtml) break;
      if (e.tag == tag && (tag != kTagUnknown || e.name_hash == hash)) {
        PopThrough(i);
        return;
      }
    }
  }
  long i;
  if (tag >= kTag_h1 && tag <= kTag_h6) {
    i = -1;
    for (size_t k = stack.size(); k-- > 0;) {
      const Open& e = stack[k];
      if (e.tag >= kTag_h1 && e.tag <= kTag_h6) {
        i = static_cast<long>(k);
        break;
      }
      if ((kTagInfo[e.tag].flags & kScope) || e.integration) break;
    }
  } else if (tag == kTag_table || tag == kTag_tbody || tag == kTag_thead ||
             tag == kTag_tfoot || tag == kTag_tr || tag == kTag_td || tag == kTag_th ||
             tag == kTag_caption) {
    // Table scope: only html, table and template bound it.
    i = -1;
    if (open_count[tag]) {
      for (size_t k = stack.size(); k-- > 0;) {
        const Tag s = stack[k].tag;
        if (s == tag && stack[k].ns == kHtml) {
          i = static_cast<long>(k);
          break;
        }
        if (s == kTag_table || s == kTag_html || s == kTag_template) break;
      }
    }
  } else if (flags & kSpecial) {
    i = open_count[tag] ? Find(tag, 0, kScope) : -1;
  } else {
    // "Any other end tag" (and, roughly, the adoption agency): the nearest
    // element of this name, unless a special element comes first.
    const uint64_t hash = tag == kTagUnknown ? GlobalLineKey(t.name) : 0;
    i = (tag == kTagUnknown || open_count[tag]) ? Find(tag, hash, kSpecial) : -1;
  }
  if (i >= 0) {
    PopThrough(static_cast<size_t>(i));
  } else if (tag == kTag_p && !Top().skip) {
    Break();  // "</p>" without <p>: an empty <p> is inserted
  }
}

void HtmlTextExtractor::Impl::Break() {
  if (!line_open) return;
  line.end = static_cast<uint32_t>(len);
  if (line.facts.link_bytes > line.end - line.begin) {
    line.facts.link_bytes = line.end - line.begin;
  }
  out->lines.push_back(line);
  line_open = false;
  pending_space = false;
}

void HtmlTextExtractor::Impl::StartLine() {
  if (!out->lines.empty()) buf[len++] = '\n';
  line_open = true;
  line.begin = static_cast<uint32_t>(len);
  const Open& top = Top();
  line.facts.path = top.block_path;
  line.facts.landmarks = top.landmarks | (top.paragraph ? uint32_t{kLandmarkParagraph} : 0u);
  line.facts.link_bytes = 0;
  line.facts.links = 0;
  line_link_id = 0;
}

void HtmlTextExtractor::Impl::AppendText(const char* s, size_t n) {
  // Once text was cut, nothing after it is kept (a later short piece could
  // fit where a longer one did not).
  if (len >= limits.max_text_bytes || out->text_limited) {
    if (n) out->text_limited = true;
    return;
  }
  // Room for the worst case: every byte to U+FFFD, a separator, and the
  // 16-byte stores of the fast path.
  if (buf.size() < len + 3 * n + 32) buf.resize(std::max(buf.size() * 2, len + 3 * n + 32));
  // A space owed from before this text is not part of it (link bytes).
  // Neither is the '\n' before a new line.
  const size_t start =
      len + (line_open ? (pending_space ? 1 : 0) : (out->lines.empty() ? 0 : 1));
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  const unsigned char* end = p + n;
  char* b = &buf[0];
  while (p < end) {
#if defined(__SSE2__)
    if (end - p >= 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Bytes below 0x21 or at or above 0x80 (signed compare) are special.
      const unsigned m =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x21))));
      // A space between two ordinary bytes is the one space the collapse
      // writes there, so it is copied too: the run ends at the first other
      // special byte or at a space followed by a special byte (or by the
      // unknown byte after the 16). The first byte must be ordinary.
      const unsigned sp =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
      const unsigned stop = (m & ~sp) | (sp & ((m >> 1) | 0x8000u));
      const unsigned k =
          (m & 1u) ? 0u : stop ? static_cast<unsigned>(__builtin_ctz(stop)) : 16u;
      if (k > 0) {
        BeginChars();
        _mm_storeu_si128(reinterpret_cast<__m128i*>(b + len), v);
        len += k;
        p += k;
        continue;
      }
    }
#endif
    const unsigned char c = *p;
    if (c > 0x20 && c < 0x80) {
      BeginChars();
      b[len++] = static_cast<char>(c);
      ++p;
    } else if (IsAsciiSpace(c)) {
      pending_space = true;
      ++p;
    } else if (c < 0x80) {  // NUL and other controls
      BeginChars();
      if (c == 0) {
        std::memcpy(b + len, "\xEF\xBF\xBD", 3);
        len += 3;
      } else {
        b[len++] = static_cast<char>(c);
      }
      ++p;
    } else if (c == 0xC2 && p + 1 < end && p[1] == 0xA0) {
      pending_space = true;
      p += 2;
    } else {
      size_t bad = 0;
      const size_t k = Utf8Sequence(p, end, &bad);
      BeginChars();
      if (k) {
        std::memcpy(b + len, p, k);
        len += k;
        p += k;
      } else {
        std::memcpy(b + len, "\xEF\xBF\xBD", 3);
        len += 3;
        p += bad;
      }
    }
  }
  if (line_open) {
    const Open& top = Top();
    line.facts.landmarks |= top.landmarks | (top.paragraph ? uint32_t{kLandmarkParagraph} : 0u);
    if (top.link && len > start) {
      line.facts.link_bytes += static_cast<uint32_t>(len - start);
      if (top.link_id != line_link_id) {
        line_link_id = top.link_id;
        ++line.facts.links;
      }
    }
  }
  if (len > limits.max_text_bytes) {
    // Cut at a character boundary.
    size_t cut = limits.max_text_bytes;
    while (cut > line.begin && (static_cast<unsigned char>(buf[cut]) & 0xC0) == 0x80) --cut;
    // Nor after the space before a word that did not fit: lines never end
    // in a space.
    while (cut > line.begin && buf[cut - 1] == ' ') --cut;
    len = cut;
    if (line_open && len > line.begin) {
      line.facts.link_bytes =
          std::min(line.facts.link_bytes, static_cast<uint32_t>(len - line.begin));
    }
    out->text_limited = true;
    if (len <= line.begin) {
      line_open = false;
      if (len > 0 && !out->lines.empty()) len = out->lines.back().end;
    }
  }
}

}  // namespace dechrome
