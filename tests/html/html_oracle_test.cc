// Differential test of HtmlTextExtractor against gumbo (an independent
// HTML5 parser, with full tree construction): gumbo's tree is walked with
// the same line rules (block elements, skipped elements, `hidden`,
// whitespace) and the two line lists are compared. Agreement is the number
// of our lines that appear in gumbo's, in order (LCS), over the longer list.
//
// Corpora: generated adversarial HTML (seeded), and every HTML response of
// ../shared/eval/data/{real-dev,news-dev} when that folder exists.

#include <iconv.h>
#include <strings.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "hash/line_hash.h"
#include "html/html_text.h"
#include "testing/temp_dir.h"

#if defined(DECHROME_HAVE_GUMBO)
#include <gumbo.h>
#endif

namespace dechrome {
namespace {

bool IsWs(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Collapses ASCII whitespace and U+00A0, strips; drops U+FFFD and C0
// controls when asked (gumbo drops NULs in body text where we write U+FFFD,
// and drops controls that the spec keeps).
std::string Collapse(std::string_view s, bool drop_fffd) {
  std::string out;
  bool pending = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (IsWs(c)) {
      pending = true;
    } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      pending = true;
      ++i;
    } else if (drop_fffd && s.compare(i, 3, "\xEF\xBF\xBD") == 0) {
      i += 2;
    } else if (drop_fffd && c < 0x20) {  // gumbo 0.10 drops C0 controls
    
    } else {
      if (pending && !out.empty()) out.push_back(' ');
      pending = false;
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::vector<std::string> SplitLines(const std::string& text, bool drop_fffd) {
  std::vector<std::string> lines;
  size_t b = 0;
  for (;;) {
    size_t e = text.find('\n', b);
    std::string line = Collapse(std::string_view(text).substr(b, e == std::string::npos ? std::string::npos : e - b), drop_fffd);
    if (!line.empty()) lines.push_back(std::move(line));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return lines;
}

// Length of the longest common subsequence (Myers' O((N+M)D) algorithm).
size_t Lcs(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = n + m;
  if (max == 0) return 0;
  std::vector<long> v(2 * max + 2, 0);
  const long off = max;
  for (long d = 0; d <= max; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                       : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) return static_cast<size_t>((n + m - d) / 2);
    }
  }
  return 0;
}

std::vector<uint64_t> Hashes(const std::vector<std::string>& lines) {
  std::vector<uint64_t> h;
  for (const std::string& l : lines) h.push_back(GlobalLineKey(l));
  return h;
}

#if defined(DECHROME_HAVE_GUMBO)

bool Skipped(const GumboElement& e) {
  switch (e.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
      return true;
    default:
      return gumbo_get_attribute(&e.attributes, "hidden") != nullptr;
  }
}

bool Block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_BR: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_HR: case GUMBO_TAG_HTML: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_LEGEND: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_OL: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_TR: case GUMBO_TAG_UL:
    case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
      return true;
    default:
      return false;
  }
}

// gumbo's tree to text, with an explicit stack (no recursion).
std::string GumboText(const std::string& html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text;
  struct Item {
    const GumboNode* node;
    bool close;  // after the children of a block element
  };
  std::vector<Item> todo{{output->root, false}};
  while (!todo.empty()) {
    Item it = todo.back();
    todo.pop_back();
    const GumboNode* n = it.node;
    if (it.close) {
      text.push_back('\n');
      continue;
    }
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        // Newlines in text are whitespace; '\n' in `text` marks breaks.
        for (const char* c = n->v.text.text; *c; ++c) text.push_back(IsWs(*c) ? ' ' : *c);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& e = n->v.element;
        if (e.tag == GUMBO_TAG_TITLE && e.tag_namespace == GUMBO_NAMESPACE_HTML) {
          text.push_back('\n');
          break;
        }
        if (Skipped(e)) break;
        bool block = Block(e.tag);
        if (e.tag == GUMBO_TAG_UNKNOWN && e.original_tag.length > 0) {
          // gumbo 0.10 has no <dialog>.
          GumboStringPiece name = e.original_tag;
          gumbo_tag_from_original_text(&name);
          block = name.length == 6 && strncasecmp(name.data, "dialog", 6) == 0;
        }
        if (block) {
          text.push_back('\n');
          todo.push_back({n, true});
        }
        for (unsigned i = e.children.length; i-- > 0;) {
          todo.push_back({static_cast<const GumboNode*>(e.children.data[i]), false});
        }
        break;
      }
      default:  // comments, template contents, the document
        if (n->type == GUMBO_NODE_DOCUMENT) {
          for (unsigned i = n->v.document.children.length; i-- > 0;) {
            todo.push_back({static_cast<const GumboNode*>(n->v.document.children.data[i]), false});
          }
        }
        break;
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return text;
}

struct Agreement {
  size_t pages = 0, same_pages = 0;
  size_t ours = 0, theirs = 0, common = 0, max_lines = 0;
  double Ratio() const { return max_lines ? static_cast<double>(common) / max_lines : 1.0; }
};

void Compare(const std::string& html, bool drop_fffd, Agreement* a, HtmlTextExtractor* x,
             HtmlText* ht, std::string* example = nullptr) {
  x->Extract(html, ht);
  std::vector<std::string> ours = SplitLines(ht->text, drop_fffd);
  std::vector<std::string> theirs = SplitLines(GumboText(html), drop_fffd);
  size_t common = Lcs(Hashes(ours), Hashes(theirs));
  a->pages++;
  a->ours += ours.size();
  a->theirs += theirs.size();
  a->common += common;
  a->max_lines += std::max(ours.size(), theirs.size());
  if (common == ours.size() && common == theirs.size()) {
    a->same_pages++;
  } else if (example && example->empty() &&
             (!std::getenv("DECHROME_ORACLE_SKIP") ||
              a->pages - a->same_pages > std::stoul(std::getenv("DECHROME_ORACLE_SKIP")))) {
    if (const char* dump = std::getenv("DECHROME_ORACLE_DUMP")) {  // for debugging
      testing::WriteFile(dump, html);
      testing::WriteFile(std::string(dump) + ".ours", [&] { std::string s; for (auto& l : ours) s += l + "\n"; return s; }());
      testing::WriteFile(std::string(dump) + ".gumbo", [&] { std::string s; for (auto& l : theirs) s += l + "\n"; return s; }());
    }
    // The first differing lines, for the log.
    size_t i = 0;
    while (i < ours.size() && i < theirs.size() && ours[i] == theirs[i]) ++i;
    *example = "ours:  " + (i < ours.size() ? ours[i].substr(0, 160) : "<end>") +
               "\ngumbo: " + (i < theirs.size() ? theirs[i].substr(0, 160) : "<end>");
  }
}

// ------------------------------------------------------------ adversarial

std::string Adversarial(std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char* kWords[] = {
      "news", "Politik", "café", "naïve", "Привет", "мир", "新闻", "東京", "ação", "x<y",
      "a&b", "&amp;", "&amp", "&notit;", "&copy", "&#x41;", "&#128;", "&#0;", "&#xD800;",
      "&#1114112;", "&bogus;", "&", "&#", "&#x;", "&nbsp;", "&NotEqualTilde;", "\xC2\xA0",
      "tab\there", "line\nbreak", "cr\r\nlf", "\xFF", "\xC3", "\xED\xA0\x80", "\xF0\x9F\x98\x80",
      "\x01", "<", "< b", "a > b", "--", "]]>", "</>", "&lt;p&gt;"};
  static const char* kFragments[] = {
      "<!-- c -->", "<!-->", "<!--->", "<!-- a -- b --!>", "<!-- x --!-->", "<?php echo 1 ?>",
      "</ bogus>", "<![CDATA[bogus cdata]]>", "<!DOCTYPE html>", "<!doctype x \">\">",
      "<svg><![CDATA[svg cdata]]><text>in svg</text></svg>",
      "<math><mi>m&lt;i</mi><mtext><b>t</b></mtext></math>",
      "<svg><title>svg title</title><desc><p>desc p</p></desc></svg>",
      "<script>var a = '<p>not text</p>';</script>",
      "<script><!-- document.write('<script>x</script>'); --></script>",
      "<script>if (a<!--b) { c = '<script>'; }</script>after",
      "<script><!--<script></script>--></script>",
      "<SCRIPT type=text/javascript>x</SCRIPT >",
      "<style>p { content: '</p>' }</style>", // (A <noscript> in <head> would end the head in gumbo, which parses
      // with scripting disabled.)
      "<div><noscript><p>noscript p</p></noscript></div>",
      "<template><p>template</p></template>", "<div hidden>hidden div</div>",
      "<span aria-hidden=\"true\">aria hidden</span>", "<p hidden=hidden>hidden p</p>",
      "<textarea>a <b>textarea</b> &amp; c</textarea>", "<xmp><p>xmp</p></xmp>",
      "<iframe><p>iframe</p></iframe>", "<title>a title</title>",
      "<br>", "</br>", "</p>", "<hr>", "<hr/>", "<img src=x alt=y>", "<wbr>",
      "<table><tr><td>c1<td>c2<tr><th>h1</table>",
      "<ul><li>one<li>two<li><p>three</ul>", "<ol><li>a<ul><li>b</ul>c</ol>",
      "<dl><dt>term<dd>def<dt>t2</dl>", "<select><option>o1<option>o2</select>",
      "<a href=\"?a=1&copy=2&amp;b\">link</a>", "<a href=x>one<a href=y>two</a>",
      "<div class=\"a b\" id='c' data-x=\"y>z\">attrs</div>", "<p title=a/b>unquoted</p>",
      "<p class=x class=y>dup</p>", "<div\tclass\n=\n\"q\">ws</div>", "<p/>self", "<div/>sc",
      "<h1>h1<h2>h2</h1>", "<p>para<div>div in p</div>", "<center>c</center>",
      "<blockquote>q</blockquote>", "<pre>  pre\n text</pre>", "<label>lab</label>",
      "<button>btn<p>in button</p></button>", "<details><summary>s</summary>d</details>",
      // No text right before "</form>": gumbo 0.10 inserts it after the form.
      "<form><label>lab</label> <input name=q></form>",
      "<custom-el>custom</custom-el>", "<font color=red>font</font>", "<nav><a href=/>home</a></nav>",
      "<\x00p>nul tag", "a\x00b", "<p\x00>x</p>", "<a b=\x00>c</a>", "<div x='\xFF'>inv</div>",
  };
  static const char* kOpen[] = {"<div>", "<p>", "<span>", "<b>", "<i>", "<section>",
                                "<article>", "<li>", "<h3>", "<em>", "<a href=#>", "<u>",
                                "<header>", "<footer>", "<aside>", "<main>", "<nav>"};
  static const char* kClose[] = {"</div>", "</p>", "</span>", "</b>", "</i>", "</section>",
                                 "</article>", "</li>", "</h3>", "</em>", "</a>", "</u>",
                                 "</header>", "</footer>", "</aside>", "</main>", "</nav>",
                                 "</x>", "</td>"};
  std::string html = pick(2) ? "<!DOCTYPE html><html><head><title>T</title></head><body>" : "";
  const size_t n = 20 + pick(200);
  std::vector<size_t> open;  // indexes into kOpen (kClose matches them)
  for (size_t i = 0; i < n; ++i) {
    switch (pick(8)) {
      case 0:
      case 1:
      case 2:
        html += kWords[pick(sizeof(kWords) / sizeof(kWords[0]))];
        html += pick(3) ? " " : "";
        break;
      case 3:
        html += kFragments[pick(sizeof(kFragments) / sizeof(kFragments[0]))];
        break;
      case 4: {
        size_t k = pick(sizeof(kOpen) / sizeof(kOpen[0]));
        html += kOpen[k];
        open.push_back(k);
        break;
      }
      case 5:
        // Mostly the last open tag; sometimes any (misnesting, stray).
        if (!open.empty() && pick(4) != 0) {
          html += kClose[open.back()];
          open.pop_back();
        } else {
          html += kClose[pick(sizeof(kClose) / sizeof(kClose[0]))];
        }
        break;
      case 6:
        if (pick(20) == 0) {  // deep nesting
          size_t d = 50 + pick(250);
          for (size_t k = 0; k < d; ++k) html += pick(2) ? "<div>" : "<span>";
          html += "deep";
          for (size_t k = 0; k < d; ++k) html += pick(2) ? "</div>" : "</span>";
        }
        break;
      default:
        html += "word";
        html.push_back(static_cast<char>('a' + pick(26)));
        html += ' ';
        break;
    }
  }
  if (pick(30) == 0) html += "<plaintext><p>plain &amp; text";
  if (pick(10) == 0) html += pick(2) ? "<script>unclosed" : "<!-- unclosed";
  return html;
}

TEST(HtmlOracleTest, AdversarialAgreesWithGumbo) {
  std::mt19937_64 rng(20240611);
  Agreement a;
  HtmlTextExtractor x;
  HtmlText ht;
  std::string example;
  for (int i = 0; i < 2000; ++i) {
    Compare(Adversarial(rng), /*drop_fffd=*/true, &a, &x, &ht, &example);
  }
  std::printf("adversarial: %zu pages (%zu identical), lines ours %zu gumbo %zu common %zu: "
              "%.3f%%\n", a.pages, a.same_pages, a.ours, a.theirs, a.common, 100 * a.Ratio());
  if (!example.empty()) std::printf("first difference:\n%s\n", example.c_str());
  EXPECT_GE(a.Ratio(), 0.995);
}

// ------------------------------------------------------------ real pages

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
    if (need == 9 || i + need >= n + 0) {
      if (need == 9 || i + need > n - 1 + 1) return false;
    }
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    for (size_t k = 1; k <= need; ++k) {
      if (i + k >= n) return false;
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if (d < lo || d > hi) return false;
      lo = 0x80, hi = 0xBF;
    }
    i += need + 1;
  }
  return true;
}

std::string FindCharset(std::string_view s) {
  std::string lower(s.substr(0, 8192));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t p = lower.find("charset");
  while (p != std::string::npos) {
    size_t q = p + 7;
    while (q < lower.size() && (lower[q] == ' ' || lower[q] == '=' || lower[q] == '"' || lower[q] == '\''))
      ++q;
    size_t e = q;
    while (e < lower.size() && (std::isalnum(static_cast<unsigned char>(lower[e])) ||
                                std::strchr("_.:-", lower[e])))
      ++e;
    if (e > q) return lower.substr(q, e - q);
    p = lower.find("charset", p + 7);
  }
  return "";
}

// bytes to UTF-8: as they are when valid, else the declared charset (HTTP
// header, then <meta>), else windows-1252; undecodable bytes become U+FFFD.
std::string ToUtf8(const std::string& body, const std::string& http_charset) {
  if (ValidUtf8(body)) return body;
  std::string cs = http_charset.empty() ? FindCharset(body) : http_charset;
  if (cs.empty() || cs == "utf-8" || cs == "utf8") cs = "windows-1252";
  iconv_t cd = iconv_open("UTF-8", cs.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "WINDOWS-1252");
  std::string out(body.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(body.data());
  size_t in_left = body.size();
  char* o = &out[0];
  size_t o_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &o_left) == static_cast<size_t>(-1)) {
      if (errno == E2BIG || o_left < 3) break;
      std::memcpy(o, "\xEF\xBF\xBD", 3);
      o += 3;
      o_left -= 3;
      ++in;
      --in_left;
    }
  }
  iconv_close(cd);
  out.resize(out.size() - o_left);
  return out;
}

// The HTML bodies of the response records of a WARC file.
std::vector<std::string> WarcHtmlPages(const std::string& path) {
  std::vector<std::string> pages;
  std::string data = testing::GzipDecompress(testing::ReadFile(path));
  size_t pos = 0;
  while ((pos = data.find("WARC/", pos)) != std::string::npos) {
    size_t he = data.find("\r\n\r\n", pos);
    if (he == std::string::npos) break;
    std::string head = data.substr(pos, he - pos);
    size_t cl = head.find("Content-Length:");
    if (cl == std::string::npos) break;
    size_t length = std::stoul(head.substr(cl + 15));
    size_t block = he + 4;
    if (block + length > data.size()) break;
    if (head.find("WARC-Type: response") != std::string::npos) {
      std::string rec = data.substr(block, length);
      size_t hb = rec.find("\r\n\r\n");
      if (hb != std::string::npos) {
        std::string http = rec.substr(0, hb);
        std::string lower = http;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        size_t ct = lower.find("content-type:");
        std::string ctype = ct == std::string::npos ? "" : lower.substr(ct, lower.find('\n', ct) - ct);
        if (ctype.empty() || ctype.find("html") != std::string::npos) {
          pages.push_back(ToUtf8(rec.substr(hb + 4), FindCharset(ctype)));
        }
      }
    }
    pos = block + length;
  }
  return pages;
}

void RunCorpus(const char* name) {
  std::string dir = testing::SharedDir();
  if (dir.empty()) GTEST_SKIP() << "no ../shared";
  Agreement a;
  HtmlTextExtractor x;
  HtmlText ht;
  std::string example;
  for (int part = 0; part < 16; ++part) {
    std::string path = dir + "/eval/data/" + name + "/part-" + std::to_string(part) + ".warc.gz";
    if (!testing::FileExists(path)) continue;
    for (const std::string& page : WarcHtmlPages(path)) {
      Compare(page, /*drop_fffd=*/false, &a, &x, &ht, &example);
    }
  }
  if (a.pages == 0) GTEST_SKIP() << "no WARC files for " << name;
  std::printf("%s: %zu pages (%zu identical), lines ours %zu gumbo %zu common %zu: %.3f%%\n",
              name, a.pages, a.same_pages, a.ours, a.theirs, a.common, 100 * a.Ratio());
  if (!example.empty()) std::printf("first difference:\n%s\n", example.c_str());
  EXPECT_GE(a.Ratio(), 0.995);
}

TEST(HtmlOracleTest, RealDevAgreesWithGumbo) { RunCorpus("real-dev"); }
TEST(HtmlOracleTest, NewsDevAgreesWithGumbo) { RunCorpus("news-dev"); }

#else

TEST(HtmlOracleTest, AdversarialAgreesWithGumbo) { GTEST_SKIP() << "gumbo not found"; }

#endif  // DECHROME_HAVE_GUMBO

}  // namespace
}  // namespace dechrome
