// Which encoding a page is in, as a browser decides it: WHATWG Encoding
// section 4.2 (labels), section 6 "BOM sniff", and HTML 13.2.3.2 "Prescan a
// byte stream to determine its encoding". The label table holds every label
// of the Encoding standard (section 4.2), grouped by encoding.

#include <algorithm>
#include <array>
#include <cstring>

#include "http/http_internal.h"

namespace dechrome {
namespace http_internal {
namespace {

struct EncodingRow {
  const char* name;   // WHATWG name
  const char* iconv;  // glibc iconv name; nullptr: decoded by hand
};

// Indexed by Encoding.
constexpr EncodingRow kEncodings[kNumEncodings] = {
    {"utf-8", nullptr},
    {"ibm866", "IBM866"},
    {"iso-8859-2", "ISO-8859-2"},
    {"iso-8859-3", "ISO-8859-3"},
    {"iso-8859-4", "ISO-8859-4"},
    {"iso-8859-5", "ISO-8859-5"},
    {"iso-8859-6", "ISO-8859-6"},
    {"iso-8859-7", "ISO-8859-7"},
    {"iso-8859-8", "ISO-8859-8"},
    {"iso-8859-8-i", "ISO-8859-8"},  // logical order: same bytes to code points
    {"iso-8859-10", "ISO-8859-10"},
    {"iso-8859-13", "ISO-8859-13"},
    {"iso-8859-14", "ISO-8859-14"},
    {"iso-8859-15", "ISO-8859-15"},
    {"iso-8859-16", "ISO-8859-16"},
    {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-RU"},  // the WHATWG index is KOI8-RU (0xAE, 0xBE)
    {"macintosh", "MACINTOSH"},
    {"windows-874", "WINDOWS-874"},
    {"windows-1250", "WINDOWS-1250"},
    {"windows-1251", "WINDOWS-1251"},
    {"windows-1252", nullptr},  // by hand: glibc rejects 0x81, 0x8D, ...
    {"windows-1253", "WINDOWS-1253"},
    {"windows-1254", "WINDOWS-1254"},
    {"windows-1255", "WINDOWS-1255"},
    {"windows-1256", "WINDOWS-1256"},
    {"windows-1257", "WINDOWS-1257"},
    {"windows-1258", "WINDOWS-1258"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"gbk", "GB18030"},  // the WHATWG gbk decoder is the gb18030 decoder
    {"gb18030", "GB18030"},
    {"big5", "BIG5-HKSCS"},  // WHATWG big5 includes the HKSCS extensions
    {"euc-jp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"shift_jis", "CP932"},  // Windows-31J: the WHATWG Shift_JIS index
    {"euc-kr", "CP949"},     // Unified Hangul Code: the WHATWG euc-kr index
    {"replacement", nullptr},
    {"utf-16be", "UTF-16BE"},
    {"utf-16le", "UTF-16LE"},
    {"x-user-defined", nullptr},
};

struct Label {
  const char* label;
  Encoding encoding;
};

// WHATWG Encoding, section 4.2 (all labels).
constexpr Label kLabels[] = {
    // utf-8
    {"unicode-1-1-utf-8", Encoding::kUtf8}, {"unicode11utf8", Encoding::kUtf8},
    {"unicode20utf8", Encoding::kUtf8}, {"utf-8", Encoding::kUtf8}, {"utf8", Encoding::kUtf8},
    {"x-unicode20utf8", Encoding::kUtf8},
    // ibm866
    {"866", Encoding::kIbm866}, {"cp866", Encoding::kIbm866}, {"csibm866", Encoding::kIbm866},
    {"ibm866", Encoding::kIbm866},
    // iso-8859-2
    {"csisolatin2", Encoding::kIso8859_2}, {"iso-8859-2", Encoding::kIso8859_2},
    {"iso-ir-101", Encoding::kIso8859_2}, {"iso8859-2", Encoding::kIso8859_2},
    {"iso88592", Encoding::kIso8859_2}, {"iso_8859-2", Encoding::kIso8859_2},
    {"iso_8859-2:1987", Encoding::kIso8859_2}, {"l2", Encoding::kIso8859_2},
    {"latin2", Encoding::kIso8859_2},
    // iso-8859-3
    {"csisolatin3", Encoding::kIso8859_3}, {"iso-8859-3", Encoding::kIso8859_3},
    {"iso-ir-109", Encoding::kIso8859_3}, {"iso8859-3", Encoding::kIso8859_3},
    {"iso88593", Encoding::kIso8859_3}, {"iso_8859-3", Encoding::kIso8859_3},
    {"iso_8859-3:1988", Encoding::kIso8859_3}, {"l3", Encoding::kIso8859_3},
    {"latin3", Encoding::kIso8859_3},
    // iso-8859-4
    {"csisolatin4", Encoding::kIso8859_4}, {"iso-8859-4", Encoding::kIso8859_4},
    {"iso-ir-110", Encoding::kIso8859_4}, {"iso8859-4", Encoding::kIso8859_4},
    {"iso88594", Encoding::kIso8859_4}, {"iso_8859-4", Encoding::kIso8859_4},
    {"iso_8859-4:1988", Encoding::kIso8859_4}, {"l4", Encoding::kIso8859_4},
    {"latin4", Encoding::kIso8859_4},
    // iso-8859-5
    {"csisolatincyrillic", Encoding::kIso8859_5}, {"cyrillic", Encoding::kIso8859_5},
    {"iso-8859-5", Encoding::kIso8859_5}, {"iso-ir-144", Encoding::kIso8859_5},
    {"iso8859-5", Encoding::kIso8859_5}, {"iso88595", Encoding::kIso8859_5},
    {"iso_8859-5", Encoding::kIso8859_5}, {"iso_8859-5:1988", Encoding::kIso8859_5},
    // iso-8859-6
    {"arabic", Encoding::kIso8859_6}, {"asmo-708", Encoding::kIso8859_6},
    {"csiso88596e", Encoding::kIso8859_6}, {"csiso88596i", Encoding::kIso8859_6},
    {"csisolatinarabic", Encoding::kIso8859_6}, {"ecma-114", Encoding::kIso8859_6},
    {"iso-8859-6", Encoding::kIso8859_6}, {"iso-8859-6-e", Encoding::kIso8859_6},
    {"iso-8859-6-i", Encoding::kIso8859_6}, {"iso-ir-127", Encoding::kIso8859_6},
    {"iso8859-6", Encoding::kIso8859_6}, {"iso88596", Encoding::kIso8859_6},
    {"iso_8859-6", Encoding::kIso8859_6}, {"iso_8859-6:1987", Encoding::kIso8859_6},
    // iso-8859-7
    {"csisolatingreek", Encoding::kIso8859_7}, {"ecma-118", Encoding::kIso8859_7},
    {"elot_928", Encoding::kIso8859_7}, {"greek", Encoding::kIso8859_7},
    {"greek8", Encoding::kIso8859_7}, {"iso-8859-7", Encoding::kIso8859_7},
    {"iso-ir-126", Encoding::kIso8859_7}, {"iso8859-7", Encoding::kIso8859_7},
    {"iso88597", Encoding::kIso8859_7}, {"iso_8859-7", Encoding::kIso8859_7},
    {"iso_8859-7:1987", Encoding::kIso8859_7}, {"sun_eu_greek", Encoding::kIso8859_7},
    // iso-8859-8
    {"csiso88598e", Encoding::kIso8859_8}, {"csisolatinhebrew", Encoding::kIso8859_8},
    {"hebrew", Encoding::kIso8859_8}, {"iso-8859-8", Encoding::kIso8859_8},
    {"iso-8859-8-e", Encoding::kIso8859_8}, {"iso-ir-138", Encoding::kIso8859_8},
    {"iso8859-8", Encoding::kIso8859_8}, {"iso88598", Encoding::kIso8859_8},
    {"iso_8859-8", Encoding::kIso8859_8}, {"iso_8859-8:1988", Encoding::kIso8859_8},
    {"visual", Encoding::kIso8859_8},
    // iso-8859-8-i
    {"csiso88598i", Encoding::kIso8859_8I}, {"iso-8859-8-i", Encoding::kIso8859_8I},
    {"logical", Encoding::kIso8859_8I},
    // iso-8859-10
    {"csisolatin6", Encoding::kIso8859_10}, {"iso-8859-10", Encoding::kIso8859_10},
    {"iso-ir-157", Encoding::kIso8859_10}, {"iso8859-10", Encoding::kIso8859_10},
    {"iso885910", Encoding::kIso8859_10}, {"l6", Encoding::kIso8859_10},
    {"latin6", Encoding::kIso8859_10},
    // iso-8859-13
    {"iso-8859-13", Encoding::kIso8859_13}, {"iso8859-13", Encoding::kIso8859_13},
    {"iso885913", Encoding::kIso8859_13},
    // iso-8859-14
    {"iso-8859-14", Encoding::kIso8859_14}, {"iso8859-14", Encoding::kIso8859_14},
    {"iso885914", Encoding::kIso8859_14},
    // iso-8859-15
    {"csisolatin9", Encoding::kIso8859_15}, {"iso-8859-15", Encoding::kIso8859_15},
    {"iso8859-15", Encoding::kIso8859_15}, {"iso885915", Encoding::kIso8859_15},
    {"iso_8859-15", Encoding::kIso8859_15}, {"l9", Encoding::kIso8859_15},
    // iso-8859-16
    {"iso-8859-16", Encoding::kIso8859_16},
    // koi8-r
    {"cskoi8r", Encoding::kKoi8R}, {"koi", Encoding::kKoi8R}, {"koi8", Encoding::kKoi8R},
    {"koi8-r", Encoding::kKoi8R}, {"koi8_r", Encoding::kKoi8R},
    // koi8-u
    {"koi8-ru", Encoding::kKoi8U}, {"koi8-u", Encoding::kKoi8U},
    // macintosh
    {"csmacintosh", Encoding::kMacintosh}, {"mac", Encoding::kMacintosh},
    {"macintosh", Encoding::kMacintosh}, {"x-mac-roman", Encoding::kMacintosh},
    // windows-874
    {"dos-874", Encoding::kWindows874}, {"iso-8859-11", Encoding::kWindows874},
    {"iso8859-11", Encoding::kWindows874}, {"iso885911", Encoding::kWindows874},
    {"tis-620", Encoding::kWindows874}, {"windows-874", Encoding::kWindows874},
    // windows-1250 .. windows-1258
    {"cp1250", Encoding::kWindows1250}, {"windows-1250", Encoding::kWindows1250},
    {"x-cp1250", Encoding::kWindows1250},
    {"cp1251", Encoding::kWindows1251}, {"windows-1251", Encoding::kWindows1251},
    {"x-cp1251", Encoding::kWindows1251},
    {"ansi_x3.4-1968", Encoding::kWindows1252}, {"ascii", Encoding::kWindows1252},
    {"cp1252", Encoding::kWindows1252}, {"cp819", Encoding::kWindows1252},
    {"csisolatin1", Encoding::kWindows1252}, {"ibm819", Encoding::kWindows1252},
    {"iso-8859-1", Encoding::kWindows1252}, {"iso-ir-100", Encoding::kWindows1252},
    {"iso8859-1", Encoding::kWindows1252}, {"iso88591", Encoding::kWindows1252},
    {"iso_8859-1", Encoding::kWindows1252}, {"iso_8859-1:1987", Encoding::kWindows1252},
    {"l1", Encoding::kWindows1252}, {"latin1", Encoding::kWindows1252},
    {"us-ascii", Encoding::kWindows1252}, {"windows-1252", Encoding::kWindows1252},
    {"x-cp1252", Encoding::kWindows1252},
    {"cp1253", Encoding::kWindows1253}, {"windows-1253", Encoding::kWindows1253},
    {"x-cp1253", Encoding::kWindows1253},
    {"cp1254", Encoding::kWindows1254}, {"csisolatin5", Encoding::kWindows1254},
    {"iso-8859-9", Encoding::kWindows1254}, {"iso-ir-148", Encoding::kWindows1254},
    {"iso8859-9", Encoding::kWindows1254}, {"iso88599", Encoding::kWindows1254},
    {"iso_8859-9", Encoding::kWindows1254}, {"iso_8859-9:1989", Encoding::kWindows1254},
    {"l5", Encoding::kWindows1254}, {"latin5", Encoding::kWindows1254},
    {"windows-1254", Encoding::kWindows1254}, {"x-cp1254", Encoding::kWindows1254},
    {"cp1255", Encoding::kWindows1255}, {"windows-1255", Encoding::kWindows1255},
    {"x-cp1255", Encoding::kWindows1255},
    {"cp1256", Encoding::kWindows1256}, {"windows-1256", Encoding::kWindows1256},
    {"x-cp1256", Encoding::kWindows1256},
    {"cp1257", Encoding::kWindows1257}, {"windows-1257", Encoding::kWindows1257},
    {"x-cp1257", Encoding::kWindows1257},
    {"cp1258", Encoding::kWindows1258}, {"windows-1258", Encoding::kWindows1258},
    {"x-cp1258", Encoding::kWindows1258},
    // x-mac-cyrillic
    {"x-mac-cyrillic", Encoding::kXMacCyrillic}, {"x-mac-ukrainian", Encoding::kXMacCyrillic},
    // gbk, gb18030
    {"chinese", Encoding::kGbk}, {"csgb2312", Encoding::kGbk},
    {"csiso58gb231280", Encoding::kGbk}, {"gb2312", Encoding::kGbk},
    {"gb_2312", Encoding::kGbk}, {"gb_2312-80", Encoding::kGbk}, {"gbk", Encoding::kGbk},
    {"iso-ir-58", Encoding::kGbk}, {"x-gbk", Encoding::kGbk},
    {"gb18030", Encoding::kGb18030},
    // big5
    {"big5", Encoding::kBig5}, {"big5-hkscs", Encoding::kBig5}, {"cn-big5", Encoding::kBig5},
    {"csbig5", Encoding::kBig5}, {"x-x-big5", Encoding::kBig5},
    // euc-jp, iso-2022-jp, shift_jis
    {"cseucpkdfmtjapanese", Encoding::kEucJp}, {"euc-jp", Encoding::kEucJp},
    {"x-euc-jp", Encoding::kEucJp},
    {"csiso2022jp", Encoding::kIso2022Jp}, {"iso-2022-jp", Encoding::kIso2022Jp},
    {"csshiftjis", Encoding::kShiftJis}, {"ms932", Encoding::kShiftJis},
    {"ms_kanji", Encoding::kShiftJis}, {"shift-jis", Encoding::kShiftJis},
    {"shift_jis", Encoding::kShiftJis}, {"sjis", Encoding::kShiftJis},
    {"windows-31j", Encoding::kShiftJis}, {"x-sjis", Encoding::kShiftJis},
    // euc-kr
    {"cseuckr", Encoding::kEucKr}, {"csksc56011987", Encoding::kEucKr},
    {"euc-kr", Encoding::kEucKr}, {"iso-ir-149", Encoding::kEucKr},
    {"korean", Encoding::kEucKr}, {"ks_c_5601-1987", Encoding::kEucKr},
    {"ks_c_5601-1989", Encoding::kEucKr}, {"ksc5601", Encoding::kEucKr},
    {"ksc_5601", Encoding::kEucKr}, {"windows-949", Encoding::kEucKr},
    // replacement
    {"csiso2022kr", Encoding::kReplacement}, {"hz-gb-2312", Encoding::kReplacement},
    {"iso-2022-cn", Encoding::kReplacement}, {"iso-2022-cn-ext", Encoding::kReplacement},
    {"iso-2022-kr", Encoding::kReplacement}, {"replacement", Encoding::kReplacement},
    // utf-16be, utf-16le
    {"unicodefffe", Encoding::kUtf16Be}, {"utf-16be", Encoding::kUtf16Be},
    {"csunicode", Encoding::kUtf16Le}, {"iso-10646-ucs-2", Encoding::kUtf16Le},
    {"ucs-2", Encoding::kUtf16Le}, {"unicode", Encoding::kUtf16Le},
    {"unicodefeff", Encoding::kUtf16Le}, {"utf-16", Encoding::kUtf16Le},
    {"utf-16le", Encoding::kUtf16Le},
    // x-user-defined
    {"x-user-defined", Encoding::kXUserDefined},
};
constexpr size_t kNumLabels = sizeof(kLabels) / sizeof(kLabels[0]);
constexpr size_t kMaxLabelLength = 19;  // "cseucpkdfmtjapanese"

// The labels sorted once, for a binary search.
const std::array<Label, kNumLabels>& SortedLabels() {
  static const std::array<Label, kNumLabels> sorted = [] {
    std::array<Label, kNumLabels> a;
    std::copy(std::begin(kLabels), std::end(kLabels), a.begin());
    std::sort(a.begin(), a.end(),
              [](const Label& x, const Label& y) { return std::strcmp(x.label, y.label) < 0; });
    return a;
  }();
  return sorted;
}

bool IsAsciiWhitespace(uint8_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

uint8_t Lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// ---- HTML 13.2.3.2 prescan -------------------------------------------------
//
// The algorithm works on the bytes as they are and lower-cases attribute
// names and values as it collects them. Attribute names and values longer
// than kMaxAttr bytes are cut (no allocation): only names up to 10 bytes
// ("http-equiv") and values holding a label or "...charset=label" matter.

constexpr size_t kMaxAttr = 128;

struct Attr {
  char name[kMaxAttr];
  size_t name_len = 0;
  char value[kMaxAttr];
  size_t value_len = 0;
  std::string_view Name() const { return {name, name_len}; }
  std::string_view Value() const { return {value, value_len}; }
  void AddName(uint8_t c) {
    if (name_len < kMaxAttr) name[name_len++] = static_cast<char>(Lower(c));
  }
  void AddValue(uint8_t c) {
    if (value_len < kMaxAttr) value[value_len++] = static_cast<char>(Lower(c));
  }
};

class Prescanner {
 public:
  explicit Prescanner(std::string_view bytes)
      : p_(reinterpret_cast<const uint8_t*>(bytes.data())), n_(bytes.size()) {}

  PrescanResult Run();

 private:
  bool AtEnd() const { return pos_ >= n_; }
  bool Match(const char* lower_pattern) const;  // case-insensitive at pos_
  // "Get an attribute": false when there is none (a '>' or the end).
  bool GetAttribute(Attr* attr);
  // Handles <meta ...> with pos_ just after "<meta" and the space/slash.
  // True when it found an encoding (stored in result_).
  bool Meta();

  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
  PrescanResult result_;
};

bool Prescanner::Match(const char* lower_pattern) const {
  size_t len = std::strlen(lower_pattern);
  if (n_ - pos_ < len) return false;
  for (size_t i = 0; i < len; ++i) {
    if (Lower(p_[pos_ + i]) != static_cast<uint8_t>(lower_pattern[i])) return false;
  }
  return true;
}

// HTML 13.2.3.2, "get an attribute". Runs off the end -> false.
bool Prescanner::GetAttribute(Attr* attr) {
  attr->name_len = attr->value_len = 0;
  // 1. Skip white space and '/'.
  while (!AtEnd() && (IsAsciiWhitespace(p_[pos_]) || p_[pos_] == '/')) ++pos_;
  if (AtEnd()) return false;
  // 2. '>' ends the tag: no attribute.
  if (p_[pos_] == '>') return false;
  // 4. Attribute name.
  for (;;) {
    if (AtEnd()) return false;
    uint8_t c = p_[pos_];
    if (c == '=' && attr->name_len > 0) {
      ++pos_;
      goto value;
    }
    if (IsAsciiWhitespace(c)) break;  // 5. spaces
    if (c == '/' || c == '>') return true;  // name, empty value
    attr->AddName(c);
    ++pos_;
  }
  // 5. Spaces after the name.
  while (!AtEnd() && IsAsciiWhitespace(p_[pos_])) ++pos_;
  if (AtEnd()) return false;
  // 6. No '=': an attribute without value (position stays).
  if (p_[pos_] != '=') return true;
  // 7. Skip the '='.
  ++pos_;
value:
  // 8. Spaces before the value.
  while (!AtEnd() && IsAsciiWhitespace(p_[pos_])) ++pos_;
  if (AtEnd()) return false;
  // 9. Quoted value, '>' or the first byte of an unquoted value.
  {
    uint8_t c = p_[pos_];
    if (c == '"' || c == '\'') {
      uint8_t quote = c;
      for (;;) {
        ++pos_;
        if (AtEnd()) return false;
        if (p_[pos_] == quote) {
          ++pos_;
          return true;
        }
        attr->AddValue(p_[pos_]);
      }
    }
    if (c == '>') return true;
    attr->AddValue(c);
    ++pos_;
  }
  // 10. The rest of an unquoted value.
  for (;;) {
    if (AtEnd()) return false;
    uint8_t c = p_[pos_];
    if (IsAsciiWhitespace(c) || c == '>') return true;
    attr->AddValue(c);
    ++pos_;
  }
}

// HTML "algorithm for extracting a character encoding from a meta element" on the
// (already lower-case) content attribute. Returns true with *e set, or false
// (with *unknown set when a label was there but named no encoding).
bool ExtractEncodingFromContent(std::string_view s, Encoding* e, bool* unknown) {
  size_t pos = 0;
  for (;;) {
    size_t at = s.find("charset", pos);
    if (at == std::string_view::npos) return false;
    size_t i = at + 7;
    while (i < s.size() && IsAsciiWhitespace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      pos = i;  // "the position immediately before" the byte: loop again
      continue;
    }
    ++i;
    while (i < s.size() && IsAsciiWhitespace(s[i])) ++i;
    if (i >= s.size()) return false;
    std::string_view label;
    if (s[i] == '"' || s[i] == '\'') {
      size_t close = s.find(s[i], i + 1);
      if (close == std::string_view::npos) return false;
      label = s.substr(i + 1, close - i - 1);
    } else {
      size_t end = i;
      while (end < s.size() && !IsAsciiWhitespace(s[end]) && s[end] != ';') ++end;
      label = s.substr(i, end - i);
    }
    if (LookupEncodingLabel(label, e)) return true;
    *unknown = true;
    return false;
  }
}

bool Prescanner::Meta() {
  // Attribute names seen (only the three that matter need remembering).
  bool seen_http_equiv = false, seen_content = false, seen_charset = false;
  bool got_pragma = false;
  enum class NeedPragma { kNull, kTrue, kFalse } need_pragma = NeedPragma::kNull;
  bool have_charset = false;  // "charset" is not null / failure
  Encoding charset = Encoding::kUtf8;
  Attr attr;
  while (GetAttribute(&attr)) {
    std::string_view name = attr.Name();
    if (name == "http-equiv") {
      if (seen_http_equiv) continue;
      seen_http_equiv = true;
      if (attr.Value() == "content-type") got_pragma = true;
    } else if (name == "content") {
      if (seen_content) continue;
      seen_content = true;
      Encoding e;
      if (ExtractEncodingFromContent(attr.Value(), &e, &result_.unknown_label) &&
          !have_charset && need_pragma == NeedPragma::kNull) {
        // The spec: "if charset is still set to null" (no charset attribute
        // yet; a failed charset attribute counts as set).
        charset = e;
        have_charset = true;
        need_pragma = NeedPragma::kTrue;
      }
    } else if (name == "charset") {
      if (seen_charset) continue;
      seen_charset = true;
      have_charset = LookupEncodingLabel(attr.Value(), &charset);
      if (!have_charset) result_.unknown_label = true;
      need_pragma = NeedPragma::kFalse;
    }
  }
  if (AtEnd()) return false;  // ran out of bytes inside the tag: abort
  // Processing.
  if (need_pragma == NeedPragma::kNull) return false;
  if (need_pragma == NeedPragma::kTrue && !got_pragma) return false;
  if (!have_charset) return false;
  if (charset == Encoding::kUtf16Be || charset == Encoding::kUtf16Le) charset = Encoding::kUtf8;
  if (charset == Encoding::kXUserDefined) charset = Encoding::kWindows1252;
  result_.found = true;
  result_.encoding = charset;
  return true;
}

PrescanResult Prescanner::Run() {
  while (!AtEnd()) {
    if (p_[pos_] != '<') {
      ++pos_;
      continue;
    }
    if (Match("<!--")) {
      // To the first '>' preceded by "--" after the '<' ("<!-->" ends here).
      size_t i = pos_ + 4;
      while (i < n_ && !(p_[i] == '>' && p_[i - 1] == '-' && p_[i - 2] == '-')) ++i;
      if (i >= n_) break;
      pos_ = i + 1;
      continue;
    }
    if (Match("<meta") && n_ - pos_ > 5 &&
        (IsAsciiWhitespace(p_[pos_ + 5]) || p_[pos_ + 5] == '/')) {
      pos_ += 5;  // at the white space or '/' (GetAttribute skips it)
      if (Meta()) return result_;
      if (AtEnd()) break;
      ++pos_;  // "next byte": past the '>' where GetAttribute stopped
      continue;
    }
    bool end_tag = pos_ + 1 < n_ && p_[pos_ + 1] == '/';
    size_t letter = pos_ + (end_tag ? 2 : 1);
    if (letter < n_ && ((p_[letter] | 0x20) >= 'a' && (p_[letter] | 0x20) <= 'z')) {
      // Any other start or end tag: to the first white space or '>', then
      // skip its attributes.
      pos_ = letter;
      while (!AtEnd() && !IsAsciiWhitespace(p_[pos_]) && p_[pos_] != '>') ++pos_;
      Attr attr;
      while (GetAttribute(&attr)) {
      }
      if (AtEnd()) break;
      ++pos_;  // the '>'
      continue;
    }
    if (Match("<!") || Match("</") || Match("<?")) {
      size_t gt = pos_ + 2;
      while (gt < n_ && p_[gt] != '>') ++gt;
      if (gt >= n_) break;
      pos_ = gt + 1;
      continue;
    }
    ++pos_;
  }
  return result_;
}

}  // namespace

const char* EncodingName(Encoding e) { return kEncodings[static_cast<int>(e)].name; }

const char* IconvName(Encoding e) { return kEncodings[static_cast<int>(e)].iconv; }

bool LookupEncodingLabel(std::string_view label, Encoding* e) {
  while (!label.empty() && IsAsciiWhitespace(static_cast<uint8_t>(label.front()))) {
    label.remove_prefix(1);
  }
  while (!label.empty() && IsAsciiWhitespace(static_cast<uint8_t>(label.back()))) {
    label.remove_suffix(1);
  }
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  char lower[kMaxLabelLength + 1];
  for (size_t i = 0; i < label.size(); ++i) lower[i] = static_cast<char>(Lower(label[i]));
  lower[label.size()] = '\0';
  const auto& labels = SortedLabels();
  auto it = std::lower_bound(labels.begin(), labels.end(), lower, [](const Label& l, const char* k) {
    return std::strcmp(l.label, k) < 0;
  });
  if (it == labels.end() || std::strcmp(it->label, lower) != 0) return false;
  *e = it->encoding;
  return true;
}

size_t SniffBom(std::string_view body, Encoding* e) {
  const auto* b = reinterpret_cast<const uint8_t*>(body.data());
  if (body.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
    *e = Encoding::kUtf8;
    return 3;
  }
  if (body.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
    *e = Encoding::kUtf16Be;
    return 2;
  }
  if (body.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
    *e = Encoding::kUtf16Le;
    return 2;
  }
  return 0;
}

PrescanResult PrescanMeta(std::string_view body) {
  return Prescanner(body.substr(0, 1024)).Run();
}

}  // namespace http_internal
}  // namespace dechrome
