// Unit tests of HtmlTokenizer: one group per tokenizer state that decides
// where text is, and character references (every named one against a table
// that Python emits at test time).

#include "html/html_tokenizer.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "html/html_entities.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

// The tokens of `html` as a compact string: T(text) S(name a=v /) E(name)
// C(comment) D(doctype).
std::string Tokens(std::string_view html) {
  HtmlTokenizer t;
  t.Reset(html);
  HtmlToken tok;
  std::string out;
  std::string text;
  auto flush = [&] {
    if (!text.empty()) out += "T(" + text + ")";
    text.clear();
  };
  while (t.Next(&tok)) {
    switch (tok.kind) {
      case HtmlToken::Kind::kText:
        text.append(tok.text);
        break;
      case HtmlToken::Kind::kStartTag:
        flush();
        out += "S(" + std::string(tok.name);
        for (size_t i = 0; i < tok.num_attrs; ++i) {
          out += " " + std::string(tok.attrs[i].name) + "=" + std::string(tok.attrs[i].value);
        }
        out += tok.self_closing ? " /)" : ")";
        break;
      case HtmlToken::Kind::kEndTag:
        flush();
        out += "E(" + std::string(tok.name) + ")";
        break;
      case HtmlToken::Kind::kComment:
        flush();
        out += "C(" + std::string(tok.text) + ")";
        break;
      case HtmlToken::Kind::kDoctype:
        flush();
        out += "D(" + std::string(tok.text) + ")";
        break;
    }
  }
  flush();
  return out;
}

TEST(HtmlTokenizerTest, DataAndTags) {
  EXPECT_EQ(Tokens("a<b>c</b>d"), "T(a)S(b)T(c)E(b)T(d)");
  EXPECT_EQ(Tokens("<DIV Class=X>"), "S(div class=X)");
  EXPECT_EQ(Tokens("<br/>"), "S(br /)");
  EXPECT_EQ(Tokens("a < b <3 <"), "T(a < b <3 <)");
  EXPECT_EQ(Tokens("</>x"), "T(x)");
  EXPECT_EQ(Tokens("</"), "T(</)");
  EXPECT_EQ(Tokens("<div class=\"x"), "");  // EOF in a tag drops it
  EXPECT_EQ(Tokens("<p\nid=a>"), "S(p id=a)");
}

TEST(HtmlTokenizerTest, Attributes) {
  EXPECT_EQ(Tokens("<a href='x y' b=\"c>d\" e=f/g h>"), "S(a href=x y b=c>d e=f/g h=)");
  EXPECT_EQ(Tokens("<p class=a class=b>"), "S(p class=a)");  // first wins
  EXPECT_EQ(Tokens("<p CLASS=a Class=b>"), "S(p class=a)");
  EXPECT_EQ(Tokens("<p =x>"), "S(p =x=)");  // the name is "=x"
  EXPECT_EQ(Tokens("<p a=\"1\"b=2>"), "S(p a=1 b=2)");
  EXPECT_EQ(Tokens("<p a = 1 >"), "S(p a=1)");
  EXPECT_EQ(Tokens("<p a=>"), "S(p a=)");
  EXPECT_EQ(Tokens("<p / a>"), "S(p a=)");
  // Character references in values; the attribute rule for legacy names.
  EXPECT_EQ(Tokens("<a href=\"?a=1&copy=2&amp;b&copy;&copyx\">"),
            "S(a href=?a=1&copy=2&b\xC2\xA9&copyx)");
  EXPECT_EQ(Tokens("<a t='&not;&not &notit'>"), "S(a t=\xC2\xAC\xC2\xAC &notit)");
  EXPECT_EQ(Tokens("</p class=x>"), "E(p)");
}

TEST(HtmlTokenizerTest, Comments) {
  EXPECT_EQ(Tokens("a<!-- b -->c"), "T(a)C( b )T(c)");
  EXPECT_EQ(Tokens("a<!-->c"), "T(a)C()T(c)");
  EXPECT_EQ(Tokens("a<!--->c"), "T(a)C()T(c)");
  EXPECT_EQ(Tokens("a<!-- b --!>c"), "T(a)C( b )T(c)");
  EXPECT_EQ(Tokens("a<!-- b ---->c"), "T(a)C( b --)T(c)");
  EXPECT_EQ(Tokens("a<!-- b -- c -->d"), "T(a)C( b -- c )T(d)");
  EXPECT_EQ(Tokens("a<!-- b --!-->c"), "T(a)C( b --!)T(c)");
  EXPECT_EQ(Tokens("a<!-- b"), "T(a)C( b)");
  EXPECT_EQ(Tokens("a<?php x ?>b"), "T(a)C(?php x ?)T(b)");
  EXPECT_EQ(Tokens("a</ x>b"), "T(a)C( x)T(b)");
  EXPECT_EQ(Tokens("a<!x>b"), "T(a)C(x)T(b)");
  EXPECT_EQ(Tokens("a<![CDATA[x]]>b"), "T(a)C([CDATA[x]])T(b)");  // not foreign
}

TEST(HtmlTokenizerTest, Doctype) {
  EXPECT_EQ(Tokens("<!DOCTYPE html>x"), "D( html)T(x)");
  EXPECT_EQ(Tokens("<!doctype x \">\">"), "D( x \")T(\">)");
}

TEST(HtmlTokenizerTest, RawtextAndRcdata) {
  EXPECT_EQ(Tokens("<style>p>a{}</p></style>x"), "S(style)T(p>a{}</p>)E(style)T(x)");
  EXPECT_EQ(Tokens("<style></STYLE >x"), "S(style)E(style)T(x)");
  EXPECT_EQ(Tokens("<style></stylex></style>"), "S(style)T(</stylex>)E(style)");
  EXPECT_EQ(Tokens("<xmp><b>&amp;</xmp>"), "S(xmp)T(<b>&amp;)E(xmp)");
  EXPECT_EQ(Tokens("<iframe><p>x</iframe>"), "S(iframe)T(<p>x)E(iframe)");
  EXPECT_EQ(Tokens("<noembed><p></noembed>"), "S(noembed)T(<p>)E(noembed)");
  EXPECT_EQ(Tokens("<noframes><p></noframes>"), "S(noframes)T(<p>)E(noframes)");
  EXPECT_EQ(Tokens("<title>a<b>&amp;</title>"), "S(title)T(a<b>&)E(title)");
  EXPECT_EQ(Tokens("<textarea>&lt;/textarea&gt;</textarea>"),
            "S(textarea)T(</textarea>)E(textarea)");
  EXPECT_EQ(Tokens("<style>unclosed"), "S(style)T(unclosed)");
  EXPECT_EQ(Tokens("<plaintext><p>&amp;</plaintext>"), "S(plaintext)T(<p>&amp;</plaintext>)");
}

TEST(HtmlTokenizerTest, ScriptData) {
  EXPECT_EQ(Tokens("<script>a<b</script>x"), "S(script)T(a<b)E(script)T(x)");
  EXPECT_EQ(Tokens("<script>'</scripty>'</script>"), "S(script)T('</scripty>')E(script)");
  // Escaped: "</script>" still ends the script.
  EXPECT_EQ(Tokens("<script><!-- a </script>x"), "S(script)T(<!-- a )E(script)T(x)");
  // Double-escaped: "<!-- <script>" hides one "</script>".
  EXPECT_EQ(Tokens("<script><!--<script></script>--></script>x"),
            "S(script)T(<!--<script></script>-->)E(script)T(x)");
  EXPECT_EQ(Tokens("<script><!-- document.write('<script>x</script>'); --></script>y"),
            "S(script)T(<!-- document.write('<script>x</script>'); -->)E(script)T(y)");
  // "-->" leaves the escape; "<!-->" never enters it.
  EXPECT_EQ(Tokens("<script><!--<script>--></script>x"), "S(script)T(<!--<script>-->)E(script)T(x)");
  EXPECT_EQ(Tokens("<script><!--><script></script>x"),
            "S(script)T(<!--><script>)E(script)T(x)");
  // Double-escaped until its "</script>", then escaped.
  EXPECT_EQ(Tokens("<script><!--<script>a</script>b</script>c"),
            "S(script)T(<!--<script>a</script>b)E(script)T(c)");
  EXPECT_EQ(Tokens("<script>unclosed <!-- <script>"), "S(script)T(unclosed <!-- <script>)");
  EXPECT_EQ(Tokens("<script/>x</script>"), "S(script /)T(x)E(script)");
}

TEST(HtmlTokenizerTest, ForeignContentCdata) {
  HtmlTokenizer t;
  t.Reset("<![CDATA[a<b>]]>c<style><p></style>");
  t.set_foreign(true);
  HtmlToken tok;
  ASSERT_TRUE(t.Next(&tok));
  EXPECT_EQ(tok.kind, HtmlToken::Kind::kText);
  EXPECT_EQ(tok.text, "a<b>");
  ASSERT_TRUE(t.Next(&tok));
  EXPECT_EQ(tok.text, "c");
  ASSERT_TRUE(t.Next(&tok));
  EXPECT_EQ(tok.name, "style");
  ASSERT_TRUE(t.Next(&tok));  // <p> is a tag: no RAWTEXT in foreign content
  EXPECT_EQ(tok.kind, HtmlToken::Kind::kStartTag);
  EXPECT_EQ(tok.name, "p");
}

TEST(HtmlTokenizerTest, CharacterReferences) {
  EXPECT_EQ(Tokens("&amp;&lt;&gt;&quot;&apos;"), "T(&<>\"')");
  EXPECT_EQ(Tokens("&amp &copy x&notit; &notin;"), "T(& \xC2\xA9 x\xC2\xACit; \xE2\x88\x89)");
  EXPECT_EQ(Tokens("&bogus; & &# &#x; &;"), "T(&bogus; & &# &#x; &;)");
  EXPECT_EQ(Tokens("&#65;&#x41;&#X41&#0065x"), "T(AAAAx)");
  EXPECT_EQ(Tokens("&#0;"), "T(\xEF\xBF\xBD)");
  EXPECT_EQ(Tokens("&#xD800;&#xDFFF;"), "T(\xEF\xBF\xBD\xEF\xBF\xBD)");
  EXPECT_EQ(Tokens("&#x110000;&#99999999999999999999;"), "T(\xEF\xBF\xBD\xEF\xBF\xBD)");
  EXPECT_EQ(Tokens("&#128;&#x9F;&#x81;"), "T(\xE2\x82\xAC\xC5\xB8\xC2\x81)");
  EXPECT_EQ(Tokens("&#x1F600;"), "T(\xF0\x9F\x98\x80)");
  EXPECT_EQ(Tokens("&NotEqualTilde;"), "T(\xE2\x89\x82\xCC\xB8)");
  EXPECT_EQ(Tokens("&CounterClockwiseContourIntegral;"), "T(\xE2\x88\xB3)");
}

// Every named reference decodes to what Python's html.entities.html5 says
// (an independent copy of the table, emitted at test time).
TEST(HtmlTokenizerTest, AllNamedReferencesRoundTrip) {
  std::string table;
  int rc = testing::RunCommand(
      std::string(DECHROME_PYTHON) +
          " -c \"import html.entities as e\nfor k,v in sorted(e.html5.items()): "
          "print(k, v.encode('utf-8').hex())\"",
      &table);
  if (rc != 0) GTEST_SKIP() << "no python3";
  size_t count = 0;
  const html_internal::HtmlEntity* entities = html_internal::NamedReferences(&count);
  EXPECT_EQ(count, 2231u);
  size_t checked = 0, pos = 0;
  std::vector<std::string> names;
  while (pos < table.size()) {
    size_t nl = table.find('\n', pos);
    std::string line = table.substr(pos, nl - pos);
    pos = nl == std::string::npos ? table.size() : nl + 1;
    size_t sp = line.find(' ');
    if (sp == std::string::npos) continue;
    std::string name = line.substr(0, sp), hex = line.substr(sp + 1), want;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      want.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    // In text, "&name" followed by a space (legacy names decode without ';').
    EXPECT_EQ(Tokens("&" + name + " "), "T(" + want + " )") << name;
    ++checked;
  }
  EXPECT_EQ(checked, count);
  // And every entry of our table is decoded as itself.
  for (size_t i = 0; i < count; ++i) {
    std::string name(entities[i].Name());
    EXPECT_EQ(Tokens("&" + name + "!"), "T(" + std::string(entities[i].Value()) + "!)") << name;
  }
}

}  // namespace
}  // namespace dechrome
