// Unit tests of HtmlTextExtractor: lines, title, skipped content, implicit
// closes, line facts, limits and bounded behaviour on hostile input.

#include "html/html_text.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

std::vector<std::string> Lines(const HtmlText& t) {
  std::vector<std::string> out;
  for (const HtmlLine& l : t.lines) out.push_back(t.text.substr(l.begin, l.end - l.begin));
  return out;
}

std::vector<std::string> Lines(std::string_view html) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract(html, &t);
  return Lines(t);
}

using V = std::vector<std::string>;

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
    if (n == 9 || i + n >= s.size() + (n == 0)) {
      if (n != 0) return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

TEST(HtmlTextTest, BlocksAndWhitespace) {
  EXPECT_EQ(Lines("<p>a  b\n c</p><div> d<br>e </div>f"), (V{"a b c", "d", "e", "f"}));
  EXPECT_EQ(Lines("a<span>b</span><b>c</b>"), (V{"abc"}));
  EXPECT_EQ(Lines("x&nbsp;&nbsp;y\xC2\xA0z"), (V{"x y z"}));
  EXPECT_EQ(Lines("<div>a<div>b</div>c</div>"), (V{"a", "b", "c"}));
  EXPECT_EQ(Lines(""), V{});
  EXPECT_EQ(Lines("<p> </p><p>\t</p>"), V{});
}

TEST(HtmlTextTest, TextJoinedByNewlines) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<p>one</p><p>two</p>", &t);
  EXPECT_EQ(t.text, "one\ntwo");
}

TEST(HtmlTextTest, Title) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<title> A  &amp;\nB </title><title>second</title><p>body", &t);
  EXPECT_EQ(t.title, "A & B");
  EXPECT_EQ(Lines(t), V{"body"});
}

TEST(HtmlTextTest, SkippedContent) {
  EXPECT_EQ(Lines("a<script>x</script>b<style>y</style>c<noscript><p>z</p></noscript>d"
                  "<template><p>t</p></template>e"),
            (V{"abcde"}));
  EXPECT_EQ(Lines("<div>a<span hidden>b<div>c</div></span>d</div>"), (V{"ad"}));
  // <div> closes the <p>, and the hidden <span> with it (as in HTML).
  EXPECT_EQ(Lines("<p>a<span hidden>b<div>c</div></span>d</p>"), (V{"a", "c", "d"}));
  EXPECT_EQ(Lines("<p>a<span aria-hidden=\"true\">b</span></p>"), (V{"ab"}));
  EXPECT_EQ(Lines("<div hidden><p>x</p></div><p>y</p>"), (V{"y"}));
}

TEST(HtmlTextTest, ImplicitCloses) {
  EXPECT_EQ(Lines("<p>a<p>b<div>c</div>"), (V{"a", "b", "c"}));
  EXPECT_EQ(Lines("<ul><li>a<li>b</ul>"), (V{"a", "b"}));
  EXPECT_EQ(Lines("<dl><dt>a<dd>b</dl>"), (V{"a", "b"}));
  EXPECT_EQ(Lines("<select><option>a<option>b</select>"), (V{"a", "b"}));
  EXPECT_EQ(Lines("<table><tr><td>a<td>b<tr><td>c</table>d"), (V{"a", "b", "c", "d"}));
  EXPECT_EQ(Lines("<b>a</i>b</b>c"), (V{"abc"}));     // stray end tag ignored
  EXPECT_EQ(Lines("a</p>b"), (V{"a", "b"}));          // </p> inserts a <p>
  EXPECT_EQ(Lines("a</br>b"), (V{"a", "b"}));
  EXPECT_EQ(Lines("<div>a</body>b</div>c"), (V{"a", "b", "c"}));
}

TEST(HtmlTextTest, ForeignContent) {
  EXPECT_EQ(Lines("<p>a<svg><![CDATA[b]]><style>c</style></svg>d"), (V{"abd"}));
  EXPECT_EQ(Lines("x<![CDATA[y]]>z"), (V{"xz"}));
  EXPECT_EQ(Lines("<svg><p>a</p></svg>"), (V{"a"}));  // <p> breaks out
}

TEST(HtmlTextTest, Facts) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<body class=\"post-123\"><nav class=\"main-nav\"><ul><li><a href=/>Home</a>"
            "<li><a href=/x>News</a> more</ul></nav>"
            "<article><h1>Title</h1><p>Text <a href=#>link</a> <time>today</time></p>"
            "<p class=\"p-1 a1b2c3d4e5\">Two</p><p class=\"p-22\">Three</p></article>"
            "<footer id=footer-9>(c) <a>x</a></footer>",
            &t);
  ASSERT_EQ(Lines(t), (V{"Home", "News more", "Title", "Text link today", "Two", "Three", "(c) x"}));
  const auto& l = t.lines;
  EXPECT_EQ(l[0].facts.path, l[1].facts.path);  // list items share a path
  EXPECT_NE(l[0].facts.path, l[2].facts.path);
  EXPECT_EQ(l[4].facts.path, l[5].facts.path);  // digits folded, unique ids dropped
  EXPECT_NE(l[3].facts.path, l[4].facts.path);  // class words differ
  EXPECT_EQ(l[0].facts.landmarks & (kLandmarkNav | kLandmarkListItem | kWordMenu | kWordContent),
            kLandmarkNav | kLandmarkListItem | kWordMenu | kWordContent);
  EXPECT_EQ(l[0].facts.link_bytes, 4u);
  EXPECT_EQ(l[1].facts.link_bytes, 4u);
  EXPECT_TRUE(l[2].facts.landmarks & kLandmarkHeading);
  EXPECT_TRUE(l[2].facts.landmarks & kLandmarkMain);
  EXPECT_FALSE(l[2].facts.landmarks & kLandmarkParagraph);
  EXPECT_TRUE(l[3].facts.landmarks & kLandmarkParagraph);
  EXPECT_TRUE(l[3].facts.landmarks & kLandmarkTime);  // OR over the line
  EXPECT_EQ(l[3].facts.link_bytes, 4u);
  EXPECT_TRUE(l[6].facts.landmarks & kLandmarkFooter);
  EXPECT_TRUE(l[6].facts.landmarks & kWordFooter);
  EXPECT_EQ(l[6].facts.link_bytes, 0u);  // <a> without href
}

TEST(HtmlTextTest, RolesAndWords) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<div role=navigation><p>a</p></div><div id=cookie_consent><p>b</p></div>"
            "<div class=\"share-buttons twitter\"><p>c</p></div><div class=\"navbar\">d</div>",
            &t);
  ASSERT_EQ(t.lines.size(), 4u);
  EXPECT_TRUE(t.lines[0].facts.landmarks & kLandmarkNav);
  EXPECT_TRUE(t.lines[1].facts.landmarks & kWordCookie);
  EXPECT_TRUE(t.lines[2].facts.landmarks & kWordShare);
  EXPECT_TRUE(t.lines[3].facts.landmarks & kWordMenu);
}

TEST(HtmlTextTest, InvalidUtf8AndNul) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract(std::string("a\0b\xFF" "c\xC3(d\xED\xA0\x80" "e\xF0\x9F\x98\x80", 16), &t);
  // A surrogate's encoding is three errors (WHATWG UTF-8 decoder).
  EXPECT_EQ(t.text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD(d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                    "e\xF0\x9F\x98\x80");
  EXPECT_TRUE(ValidUtf8(t.text));
}

TEST(HtmlTextTest, BinaryGarbage) {
  std::string junk;
  uint64_t s = 12345;
  for (int i = 0; i < 1 << 20; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    junk.push_back(static_cast<char>(s >> 56));
  }
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract(junk, &t);
  EXPECT_TRUE(ValidUtf8(t.text));
  for (const HtmlLine& l : t.lines) ASSERT_LE(l.end, t.text.size());
}

TEST(HtmlTextTest, HugeLine) {
  std::string page = "<p>";
  while (page.size() < (5u << 20)) page += "word &amp; more ";
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract(page, &t);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_GT(t.text.size(), 3u << 20);  // "&amp;" is one byte
  EXPECT_FALSE(t.text_limited);
}

TEST(HtmlTextTest, TextLimit) {
  HtmlLimits limits;
  limits.max_text_bytes = 1000;
  HtmlTextExtractor x(limits);
  HtmlText t;
  std::string page;
  for (int i = 0; i < 1000; ++i) page += "<p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 line</p>";
  x.Extract(page, &t);
  EXPECT_TRUE(t.text_limited);
  EXPECT_LE(t.text.size(), 1000u);
  EXPECT_TRUE(ValidUtf8(t.text));
  for (const HtmlLine& l : t.lines) ASSERT_LE(l.end, t.text.size());
}

// Found by fuzz/fuzz_html: a cut at the text limit could end a line in the
// space owed before the next word ("\xEF\xBF\xBD\xEF\xBF\xBD "), and text
// read after a cut could still be appended where it fitted, so the text was
// not a prefix; link bytes could exceed the cut line's bytes.
TEST(HtmlTextTest, TextLimitCutsCleanly) {
  HtmlLimits limits;
  limits.max_text_bytes = 7;
  HtmlTextExtractor x(limits);
  HtmlText t;
  // Two U+FFFD, then a third that does not fit, then " x": the cut falls in
  // the third character, the later space and 'x' would have fitted after it.
  x.Extract("\xE0\xC3\xDE<!-- --> x y z<p>next", &t);
  EXPECT_TRUE(t.text_limited);
  EXPECT_EQ(t.text, "\xEF\xBF\xBD\xEF\xBF\xBD");
  ASSERT_EQ(t.lines.size(), 1u);

  x.Extract("<p>abcdef ghi</p>", &t);  // the limit falls after the space
  EXPECT_EQ(t.text, "abcdef");
  x.Extract("<p><a href=/>abcdef</a> more</p>", &t);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.text, "abcdef");
  EXPECT_EQ(t.lines[0].facts.link_bytes, 6u);
  x.Extract("<p><a href=/>abcdefghij</a></p>", &t);
  ASSERT_EQ(t.lines.size(), 1u);
  EXPECT_EQ(t.text, "abcdefg");
  EXPECT_LE(t.lines[0].facts.link_bytes, 7u);
}

TEST(HtmlTextTest, UnclosedScriptAndComment) {
  EXPECT_EQ(Lines("a<script>b<p>c"), V{"a"});
  EXPECT_EQ(Lines("a<!-- b<p>c"), V{"a"});
  EXPECT_EQ(Lines("a<style>"), V{"a"});
}

TEST(HtmlTextTest, DeepNesting) {
  std::string page;
  for (int i = 0; i < 100000; ++i) page += "<div>";
  page += "deep";
  for (int i = 0; i < 100000; ++i) page += "</div>";
  page += "after";
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract(page, &t);
  EXPECT_TRUE(t.depth_limited);
  EXPECT_EQ(Lines(t), (V{"deep", "after"}));
  // Unclosed deep inline nesting, too.
  page.clear();
  for (int i = 0; i < 100000; ++i) page += "<span><b>";
  page += "x";
  x.Extract(page, &t);
  EXPECT_EQ(Lines(t), V{"x"});
}

TEST(HtmlTextTest, ReuseAcrossCalls) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<title>T</title><p>a<div hidden>", &t);
  x.Extract("<p>b", &t);
  EXPECT_EQ(Lines(t), V{"b"});
  EXPECT_EQ(t.title, "");
  EXPECT_FALSE(t.depth_limited);
}

// Buffers reused between pages are given back after a page that grew them
// past kKeepBytes (issue 9): a run's one huge page does not keep its memory.
TEST(HtmlTextTest, BuffersShrinkAfterAHugePage) {
  HtmlTextExtractor x;
  HtmlText t;
  x.Extract("<p>small page</p>", &t);
  const size_t small = x.retained_bytes();
  EXPECT_LT(small, HtmlTextExtractor::kKeepBytes);
  // A 20 MB text run (cut at max_text_bytes, but the text buffer is sized
  // for the run), a 20 MB title, and a tag with a 20 MB attribute name and
  // value full of character references.
  const size_t n = 20 << 20;
  std::string huge = "<html><head><title>" + std::string(n, 't') + "</title></head><body><div " +
                     std::string(n / 4, 'A') + "=\"";
  for (size_t i = 0; i < n / 5; ++i) huge += "&amp;";
  huge += "\"><p>" + std::string(n, 'x') + "</p><p>tail</p></body></html>";
  x.Extract(huge, &t);
  EXPECT_TRUE(t.text_limited);
  EXPECT_EQ(t.title.size(), n);
  EXPECT_LT(x.retained_bytes(), HtmlTextExtractor::kKeepBytes);
  // And the extractor still works.
  x.Extract("<p>small page</p>", &t);
  EXPECT_EQ(Lines(t), V{"small page"});
  EXPECT_LT(x.retained_bytes(), HtmlTextExtractor::kKeepBytes);
}

}  // namespace
}  // namespace dechrome
