// Fuzz target: the HTML tokenizer and text extractor (src/html) and the
// charset steps (src/http: BOM sniffing, <meta> prescan, encoding labels,
// transcoding to UTF-8).
//
// Input: one control byte, then the page's bytes.
// Invariants:
// - Tokenizer: terminates in a bounded number of tokens, its position only
//   moves forward and stays in the input, tag and attribute names are lower
//   case and never empty, at most kMaxAttributes attributes, no duplicate
//   attribute names; text outside raw text is valid UTF-8 where the input is.
// - Extractor: text is valid UTF-8 and is the lines joined by '\n'; no line
//   is empty, starts or ends with a space or holds a '\n'; link_bytes <= the
//   line's bytes; the title is valid UTF-8 and trimmed; extracting again
//   with the same (reused) extractor gives the same result; with small
//   limits that the page does not reach, the result is the same.
// - Charsets: every decoder gives valid UTF-8 (RepairUtf8 leaves valid UTF-8
//   unchanged and counts no replacement; windows-1252 and x-user-defined map
//   ASCII to itself); the prescan and BOM sniffing stay in bounds; every
//   label that is found names an encoding whose name is found again.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "html/html_text.h"
#include "html/html_tokenizer.h"
#include "http/http_internal.h"

namespace dechrome {
namespace {

namespace hi = http_internal;

bool IsLowerName(std::string_view s) {
  for (const char c : s) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

void CheckTokenizer(std::string_view html) {
  static HtmlTokenizer* tok = new HtmlTokenizer;
  tok->Reset(html);
  HtmlToken t;
  size_t tokens = 0;
  size_t last = 0;
  const bool utf8_input = fuzz::IsUtf8(html);
  while (tok->Next(&t)) {
    ++tokens;
    FUZZ_CHECK(tokens <= 2 * html.size() + 2);
    FUZZ_CHECK(tok->position() >= last && tok->position() <= html.size());
    last = tok->position();
    switch (t.kind) {
      case HtmlToken::Kind::kStartTag:
      case HtmlToken::Kind::kEndTag: {
        FUZZ_CHECK(!t.name.empty() && IsLowerName(t.name));
        FUZZ_CHECK(t.num_attrs <= HtmlTokenizer::kMaxAttributes);
        if (t.kind == HtmlToken::Kind::kEndTag) FUZZ_CHECK(t.num_attrs == 0);
        for (size_t i = 0; i < t.num_attrs; ++i) {
          FUZZ_CHECK(!t.attrs[i].name.empty() && IsLowerName(t.attrs[i].name));
          if (utf8_input) FUZZ_CHECK(fuzz::IsUtf8(t.attrs[i].value));
          for (size_t j = 0; j < i; ++j) FUZZ_CHECK(t.attrs[j].name != t.attrs[i].name);
        }
        break;
      }
      case HtmlToken::Kind::kText:
        if (utf8_input) FUZZ_CHECK(fuzz::IsUtf8(t.text));
        break;
      default:
        break;
    }
  }
  FUZZ_CHECK(tok->position() == html.size());
}

void CheckText(const HtmlText& out) {
  FUZZ_CHECK(fuzz::IsUtf8(out.text));
  FUZZ_CHECK(fuzz::IsUtf8(out.title));
  if (!out.title.empty()) {
    FUZZ_CHECK(out.title.front() != ' ' && out.title.back() != ' ');
  }
  std::string joined;
  for (size_t i = 0; i < out.lines.size(); ++i) {
    const HtmlLine& l = out.lines[i];
    FUZZ_CHECK(l.begin < l.end && l.end <= out.text.size());
    const std::string_view line(out.text.data() + l.begin, l.end - l.begin);
    FUZZ_CHECK(line.find('\n') == std::string_view::npos);
    FUZZ_CHECK(line.front() != ' ' && line.back() != ' ');
    FUZZ_CHECK(l.facts.link_bytes <= line.size());
    if (i > 0) joined += '\n';
    FUZZ_CHECK(l.begin == joined.size());
    joined.append(line);
  }
  FUZZ_CHECK(joined == out.text);
}

bool SameText(const HtmlText& a, const HtmlText& b) {
  if (a.text != b.text || a.title != b.title || a.lines.size() != b.lines.size()) return false;
  for (size_t i = 0; i < a.lines.size(); ++i) {
    const HtmlLine& x = a.lines[i];
    const HtmlLine& y = b.lines[i];
    if (x.begin != y.begin || x.end != y.end || x.facts.path != y.facts.path ||
        x.facts.landmarks != y.facts.landmarks || x.facts.link_bytes != y.facts.link_bytes ||
        x.facts.links != y.facts.links) {
      return false;
    }
  }
  return true;
}

void CheckCharsets(std::string_view body, uint8_t c) {
  hi::Encoding e;
  const size_t bom = hi::SniffBom(body, &e);
  FUZZ_CHECK(bom == 0 || bom == 2 || bom == 3);
  FUZZ_CHECK(bom <= body.size());
  hi::PrescanResult pre = hi::PrescanMeta(body);
  if (pre.found) {
    FUZZ_CHECK(pre.encoding != hi::Encoding::kUtf16Be && pre.encoding != hi::Encoding::kUtf16Le &&
               pre.encoding != hi::Encoding::kXUserDefined);
  }
  // A label (the first line of the input) that names an encoding names it
  // again by its own name.
  const std::string_view label = body.substr(0, std::min<size_t>(body.find('\n'), 40));
  if (hi::LookupEncodingLabel(label, &e)) {
    hi::Encoding again;
    FUZZ_CHECK(hi::LookupEncodingLabel(hi::EncodingName(e), &again) && again == e);
  }

  std::string out;
  const size_t replaced = hi::RepairUtf8(body, &out);
  FUZZ_CHECK(fuzz::IsUtf8(out));
  FUZZ_CHECK(hi::IsValidUtf8(body) == fuzz::IsUtf8(body));
  if (fuzz::IsUtf8(body)) FUZZ_CHECK(out == body && replaced == 0);
  else FUZZ_CHECK(replaced > 0);
  const size_t tail = hi::WithoutPartialUtf8Tail(body);
  FUZZ_CHECK(tail <= body.size() && body.size() - tail <= 3);
  out.clear();
  hi::DecodeWindows1252(body, &out);
  FUZZ_CHECK(fuzz::IsUtf8(out));
  if (hi::IsAscii(body)) FUZZ_CHECK(out == body);
  out.clear();
  hi::DecodeXUserDefined(body, &out);
  FUZZ_CHECK(fuzz::IsUtf8(out));

  // One iconv-decoded encoding per input, picked by the control byte.
  const auto enc = static_cast<hi::Encoding>(c % hi::kNumEncodings);
  if (hi::IconvName(enc) != nullptr) {
    out.clear();
    size_t n = 0;
    if (hi::DecodeWithIconv(enc, body, &out, &n) == hi::IconvResult::kOk) {
      FUZZ_CHECK(fuzz::IsUtf8(out));
    }
  }
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  fuzz::Control ctl(data, size);
  const uint8_t c = ctl.Byte();
  const std::string_view html = ctl.rest();

  CheckTokenizer(html);

  static HtmlTextExtractor* extractor = new HtmlTextExtractor;
  static HtmlText* first = new HtmlText;
  static HtmlText* second = new HtmlText;
  extractor->Extract(html, first);
  CheckText(*first);
  extractor->Extract(html, second);
  FUZZ_CHECK(SameText(*first, *second));

  // Small limits: still well formed, and the same as without them when
  // neither limit was reached.
  HtmlLimits limits;
  limits.max_depth = 1 + c % 8;
  limits.max_text_bytes = 1 + c;
  HtmlTextExtractor small(limits);
  HtmlText limited;
  small.Extract(html, &limited);
  CheckText(limited);
  if (!limited.text_limited && !limited.depth_limited) FUZZ_CHECK(SameText(limited, *first));

  CheckCharsets(html, c);
  return 0;
}
