// Encoding detection and transcoding: the WHATWG order (BOM, HTTP, <meta>,
// valid UTF-8, windows-1252) as a table, the prescan's corner cases, label
// lookup, and round trips through the legacy CJK and Cyrillic encodings.

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_internal.h"
#include "http/http_payload.h"
#include "http_test_util.h"

namespace dechrome {
namespace {

using ::dechrome::http_testing::CountReplacements;
using ::dechrome::http_testing::Decode;
using ::dechrome::http_testing::EncodeAs;
using ::dechrome::http_testing::Response;
using ::testing::HasSubstr;
using http_internal::Encoding;
using Result = HtmlPayload::Result;

// "Привет" in UTF-8 and windows-1251.
constexpr char kRuUtf8[] = "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82";
constexpr char kRu1251[] = "\xCF\xF0\xE8\xE2\xE5\xF2";

struct CharsetCase {
  const char* name;
  const char* content_type;  // nullptr: no Content-Type field
  std::string body;
  const char* charset;
  CharsetSource source;
  std::string html;  // expected UTF-8
  bool fallback = false;
};

std::string Pad(size_t n) { return std::string(n, ' '); }

std::vector<CharsetCase> Cases() {
  const std::string ru_page = std::string("<html><p>") + kRu1251;
  const std::string ru_utf8 = std::string("<html><p>") + kRuUtf8;
  return {
      {"http utf-8", "text/html; charset=utf-8", ru_utf8, "utf-8", CharsetSource::kHttp, ru_utf8},
      {"http windows-1251", "text/html; charset=windows-1251", ru_page, "windows-1251",
       CharsetSource::kHttp, ru_utf8},
      {"http cp1251 label", "text/html; charset=CP1251", ru_page, "windows-1251",
       CharsetSource::kHttp, ru_utf8},
      {"utf-8 bom beats http", "text/html; charset=windows-1251", "\xEF\xBB\xBF" + ru_utf8,
       "utf-8", CharsetSource::kBom, ru_utf8},
      {"utf-16be bom beats meta", "text/html",
       "\xFE\xFF" + EncodeAs("<meta charset=gbk>x", "UTF-16BE"), "utf-16be", CharsetSource::kBom,
       "<meta charset=gbk>x"},
      {"http beats meta", "text/html; charset=windows-1251",
       "<meta charset=utf-8>" + std::string(kRu1251), "windows-1251", CharsetSource::kHttp,
       "<meta charset=utf-8>" + std::string(kRuUtf8)},
      // The server lies (UTF-8 bytes, latin1 label): a browser shows mojibake.
      {"lying http charset", "text/html; charset=iso-8859-1", "<p>caf\xC3\xA9", "windows-1252",
       CharsetSource::kHttp, "<p>caf\xC3\x83\xC2\xA9"},
      // The page lies (windows-1251 bytes, UTF-8 label): U+FFFD.
      {"lying meta charset", "text/html", "<meta charset=utf-8>" + std::string(kRu1251), "utf-8",
       CharsetSource::kMeta, "<meta charset=utf-8>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"meta charset", "text/html",
       "<head><meta charset=\"windows-1251\"><title>" + std::string(kRu1251), "windows-1251",
       CharsetSource::kMeta, "<head><meta charset=\"windows-1251\"><title>" + std::string(kRuUtf8)},
      {"meta http-equiv", nullptr,
       "<html><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=WINDOWS-1251'>" +
           std::string(kRu1251),
       "windows-1251", CharsetSource::kMeta,
       "<html><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=WINDOWS-1251'>" +
           std::string(kRuUtf8)},
      {"meta content without http-equiv is ignored", "text/html",
       "<meta content=\"text/html; charset=windows-1251\">" + std::string(kRu1251),
       "windows-1252", CharsetSource::kDefault,
       "<meta content=\"text/html; charset=windows-1251\">\xC3\x8F\xC3\xB0\xC3\xA8\xC3\xA2\xC3"
       "\xA5\xC3\xB2"},
      {"valid utf-8", "text/html", ru_utf8, "utf-8", CharsetSource::kUtf8, ru_utf8},
      {"ascii is utf-8", "text/html", "<p>plain", "utf-8", CharsetSource::kUtf8, "<p>plain"},
      {"fallback windows-1252", "text/html", "<p>caf\xE9 \x80", "windows-1252",
       CharsetSource::kDefault, "<p>caf\xC3\xA9 \xE2\x82\xAC"},
      {"unknown http label falls to meta", "text/html; charset=foo-8",
       "<meta charset=windows-1251>" + std::string(kRu1251), "windows-1251", CharsetSource::kMeta,
       "<meta charset=windows-1251>" + std::string(kRuUtf8), true},
      {"unknown http label falls to utf-8", "text/html; charset=nonsense", ru_utf8, "utf-8",
       CharsetSource::kUtf8, ru_utf8, true},
      {"unknown meta label falls to default", "text/html", "<meta charset=klingon><p>\xE9",
       "windows-1252", CharsetSource::kDefault, "<meta charset=klingon><p>\xC3\xA9", true},
      {"meta utf-16 means utf-8", "text/html", "<meta charset=utf-16>" + ru_utf8, "utf-8",
       CharsetSource::kMeta, "<meta charset=utf-16>" + ru_utf8},
      {"meta x-user-defined means windows-1252", "text/html",
       "<meta charset=x-user-defined>\x80", "windows-1252", CharsetSource::kMeta,
       "<meta charset=x-user-defined>\xE2\x82\xAC"},
      {"http x-user-defined", "text/html; charset=x-user-defined", "<p>\x80\xFF", "x-user-defined",
       CharsetSource::kHttp, "<p>\xEF\x9E\x80\xEF\x9F\xBF"},
      {"meta in a comment is skipped", "text/html",
       "<!-- <meta charset=gbk> --><meta charset=windows-1251>" + std::string(kRu1251),
       "windows-1251", CharsetSource::kMeta,
       "<!-- <meta charset=gbk> --><meta charset=windows-1251>" + std::string(kRuUtf8)},
      {"meta inside another tag's attribute is skipped", "text/html",
       "<a title=\"<meta charset=gbk>\"><meta charset=windows-1251>" + std::string(kRu1251),
       "windows-1251", CharsetSource::kMeta,
       "<a title=\"<meta charset=gbk>\"><meta charset=windows-1251>" + std::string(kRuUtf8)},
      {"meta after 1024 bytes is not seen", "text/html",
       "<html>" + Pad(1024) + "<meta charset=windows-1251>" + std::string(kRu1251),
       "windows-1252", CharsetSource::kDefault,
       "<html>" + Pad(1024) + "<meta charset=windows-1251>\xC3\x8F\xC3\xB0\xC3\xA8\xC3\xA2\xC3"
                              "\xA5\xC3\xB2"},
      {"quoted http charset", "text/html; charset=\"Shift_JIS\"",
       "<p>" + EncodeAs("\xE6\x97\xA5\xE6\x9C\xAC", "CP932"), "shift_jis", CharsetSource::kHttp,
       "<p>\xE6\x97\xA5\xE6\x9C\xAC"},
      {"us-ascii label is windows-1252", "text/html; charset=us-ascii", "<p>\x93q\x94",
       "windows-1252", CharsetSource::kHttp, "<p>\xE2\x80\x9Cq\xE2\x80\x9D"},
      {"windows-1252 0x81 is a C1 control", "text/html; charset=windows-1252", "a\x81z",
       "windows-1252", CharsetSource::kHttp, "a\xC2\x81z"},
      {"declared utf-8 with invalid bytes", "text/html; charset=utf-8", "<p>a\xFF" "b\xC3",
       "utf-8", CharsetSource::kHttp, "<p>a\xEF\xBF\xBD" "b\xEF\xBF\xBD"},
  };
}

TEST(CharsetTableTest, BrowserOrder) {
  for (const CharsetCase& c : Cases()) {
    std::vector<std::string> fields;
    if (c.content_type) fields.push_back(std::string("Content-Type: ") + c.content_type);
    auto p = Decode(Response(fields, c.body));
    ASSERT_EQ(p->result, Result::kHtml) << c.name << ": " << p->reason;
    EXPECT_EQ(p->charset, c.charset) << c.name;
    EXPECT_EQ(p->charset_source, c.source) << c.name;
    EXPECT_EQ(p->html, c.html) << c.name;
    EXPECT_EQ(p->charset_fallback, c.fallback) << c.name;
    // The same body as a resource record, typed by the WARC Content-Type.
    auto r = Decode(c.body, false, c.content_type ? c.content_type : "");
    EXPECT_EQ(r->html, c.html) << c.name << " (resource)";
  }
}

TEST(CharsetTest, ReplacementEncodingIsBroken) {
  for (const char* label : {"iso-2022-kr", "hz-gb-2312", "ISO-2022-CN", "csiso2022kr"}) {
    auto p =
        Decode(Response({std::string("Content-Type: text/html; charset=") + label}, "<p>x"));
    EXPECT_EQ(p->result, Result::kBroken) << label;
    EXPECT_THAT(p->reason, HasSubstr("replacement"));
  }
  auto p = Decode(Response({"Content-Type: text/html"}, "<meta charset=iso-2022-kr><p>"));
  EXPECT_EQ(p->result, Result::kBroken);
}

TEST(CharsetTest, InvalidUtf8WarnsAndCopies) {
  std::string block = Response({"Content-Type: text/html; charset=utf-8"}, "<p>\xC0\xAF");
  auto p = Decode(block);
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, "<p>\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(p->html.data(), p->convert_buffer.data());
  EXPECT_THAT(p->warning, HasSubstr("2 invalid UTF-8 sequences replaced"));
}

// Every encoding below, declared three ways, decodes back to the text.
struct RoundTrip {
  const char* label;    // as a page would declare it
  const char* iconv;    // to encode the test text
  const char* charset;  // WHATWG name expected
  const char* text;     // UTF-8
};

const RoundTrip kRoundTrips[] = {
    {"windows-1251", "WINDOWS-1251", "windows-1251",
     "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, \xD0\xBC\xD0\xB8\xD1\x80! \xE2\x84\x96 "
     "\xD0\x81\xD0\xB6 \xC2\xAB\xD1\x91\xC2\xBB \xE2\x80\x94 \xE2\x82\xAC"},
    {"gbk", "GBK", "gbk",
     "\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C\xEF\xBC\x81 "
     "\xE4\xB8\xAD\xE6\x96\x87\xE7\xBD\x91\xE9\xA1\xB5 \xE2\x80\x9C\xE5\xBC\x95\xE5\x8F\xB7"
     "\xE2\x80\x9D"},
    {"gb2312", "GB2312", "gbk", "\xE7\xAE\x80\xE4\xBD\x93\xE4\xB8\xAD\xE6\x96\x87"},
    {"GB18030", "GB18030", "gb18030", "\xF0\xA0\x80\x80 \xE4\xB8\xAD \xE2\x82\xAC"},
    {"shift_jis", "CP932", "shift_jis",
     "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE3\x83\x86\xE3\x82\xAD\xE3\x82\xB9\xE3"
     "\x83\x88 \xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85 \xE2\x91\xA0 \xEF\xBD\x9E"},
    {"x-sjis", "CP932", "shift_jis", "\xE3\x81\x82\xE3\x81\x84\xE3\x81\x86"},
    {"euc-kr", "CP949", "euc-kr",
     "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\xAC\xB8\xEC\x84\x9C \xEB\x98\xA0"},
    {"ks_c_5601-1987", "EUC-KR", "euc-kr", "\xEC\x95\x88\xEB\x85\x95\xED\x95\x98\xEC\x84\xB8\xEC\x9A\x94"},
    {"euc-jp", "EUC-JP", "euc-jp", "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xE3\x82\xAB\xE3\x83\x8A"},
    {"iso-2022-jp", "ISO-2022-JP", "iso-2022-jp",
     "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E abc \xE3\x81\x8B\xE3\x81\xAA"},
    {"big5", "BIG5", "big5", "\xE7\xB9\x81\xE9\xAB\x94\xE4\xB8\xAD\xE6\x96\x87"},
    {"koi8-r", "KOI8-R", "koi8-r", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"},
    {"iso-8859-2", "ISO-8859-2", "iso-8859-2", "\xC5\x81\xC3\xB3" "d\xC5\xBA \xC5\xBC\xC3\xB3\xC5\x82w"},
    {"windows-1256", "WINDOWS-1256", "windows-1256", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"},
    {"iso-8859-7", "ISO-8859-7", "iso-8859-7", "\xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD\xCE\xB9"},
    {"utf-16le", "UTF-16LE", "utf-16le", "\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80"},
    {"utf-16be", "UTF-16BE", "utf-16be", "\xE4\xBD\xA0\xE5\xA5\xBD"},
};

TEST(RoundTripTest, HttpMetaAndResource) {
  for (const RoundTrip& rt : kRoundTrips) {
    const std::string page = std::string("<html><title>") + rt.text + "</title><p>" + rt.text;
    const std::string encoded = EncodeAs(page, rt.iconv);
    // Declared in HTTP.
    auto p = Decode(
        Response({std::string("Content-Type: text/html; charset=") + rt.label}, encoded));
    ASSERT_EQ(p->result, Result::kHtml) << rt.label << ": " << p->reason;
    EXPECT_EQ(p->charset, rt.charset) << rt.label;
    EXPECT_EQ(p->charset_source, CharsetSource::kHttp);
    EXPECT_EQ(p->html, page) << rt.label;
    EXPECT_EQ(p->warning, "") << rt.label;
    // As a resource record.
    p = Decode(encoded, false, std::string("text/html;charset=") + rt.label);
    EXPECT_EQ(p->html, page) << rt.label << " (resource)";
    // Declared in <meta> (UTF-16 cannot be: the prescan turns it into UTF-8).
    if (std::string(rt.iconv).rfind("UTF-16", 0) == 0) continue;
    const std::string meta_page =
        std::string("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=") +
        rt.label + "\"><title>" + rt.text + "</title>";
    p = Decode(Response({"Content-Type: text/html"}, EncodeAs(meta_page, rt.iconv)));
    ASSERT_EQ(p->result, Result::kHtml) << rt.label << ": " << p->reason;
    EXPECT_EQ(p->charset, rt.charset) << rt.label;
    EXPECT_EQ(p->charset_source, CharsetSource::kMeta);
    EXPECT_EQ(p->html, meta_page) << rt.label;
  }
}

TEST(RoundTripTest, InvalidSequencesBecomeReplacementCharacters) {
  // GBK: a lead byte followed by '<' in the middle, a lone lead byte at the
  // end.
  std::string gbk = EncodeAs("\xE4\xBD\xA0\xE5\xA5\xBD", "GBK");
  std::string body = "<p>" + gbk + "\x81<b>" + gbk + "\x81";
  auto p = Decode(Response({"Content-Type: text/html; charset=gbk"}, body));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(CountReplacements(p->html), 2u) << p->html;
  EXPECT_THAT(std::string(p->html), HasSubstr("\xE4\xBD\xA0\xE5\xA5\xBD"));
  EXPECT_THAT(std::string(p->html), HasSubstr("<b>"));
  EXPECT_THAT(p->warning, HasSubstr("2 invalid gbk sequences replaced"));

  // Shift_JIS cut inside a character at the end.
  std::string sjis = EncodeAs("<p>\xE6\x97\xA5\xE6\x9C\xAC", "CP932");
  p = Decode(Response({"Content-Type: text/html; charset=sjis"}, sjis.substr(0, sjis.size() - 1)));
  ASSERT_EQ(p->result, Result::kHtml);
  EXPECT_EQ(p->html, "<p>\xE6\x97\xA5\xEF\xBF\xBD");

  // UTF-16 with an odd byte count and a lone surrogate.
  std::string u16("\xFF\xFE" "a\0\x00\xD8" "b\0c", 9);
  p = Decode(Response({"Content-Type: text/html"}, u16));
  ASSERT_EQ(p->result, Result::kHtml) << p->reason;
  EXPECT_EQ(p->html, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

// ---- Pieces -------------------------------------------------------------------

TEST(LabelTest, Lookup) {
  struct {
    const char* label;
    Encoding e;
  } cases[] = {
      {"utf-8", Encoding::kUtf8},          {" UTF8\t", Encoding::kUtf8},
      {"Latin1", Encoding::kWindows1252},  {"ascii", Encoding::kWindows1252},
      {"ISO-8859-1", Encoding::kWindows1252}, {"iso-8859-9", Encoding::kWindows1254},
      {"x-gbk", Encoding::kGbk},           {"GB2312", Encoding::kGbk},
      {"gb18030", Encoding::kGb18030},     {"Shift_JIS", Encoding::kShiftJis},
      {"windows-31j", Encoding::kShiftJis}, {"euc-kr", Encoding::kEucKr},
      {"cseucpkdfmtjapanese", Encoding::kEucJp}, {"utf-16", Encoding::kUtf16Le},
      {"unicodefffe", Encoding::kUtf16Be}, {"tis-620", Encoding::kWindows874},
      {"hz-gb-2312", Encoding::kReplacement}, {"koi8-u", Encoding::kKoi8U},
  };
  for (const auto& c : cases) {
    Encoding e;
    ASSERT_TRUE(http_internal::LookupEncodingLabel(c.label, &e)) << c.label;
    EXPECT_EQ(e, c.e) << c.label;
  }
  Encoding e;
  for (const char* bad : {"", "utf-9", "latin-1", "utf 8", "windows1251",
                          "a-label-longer-than-any-real-one"}) {
    EXPECT_FALSE(http_internal::LookupEncodingLabel(bad, &e)) << bad;
  }
}

TEST(LabelTest, EveryEncodingIsAvailableInIconv) {
  for (int i = 0; i < http_internal::kNumEncodings; ++i) {
    auto e = static_cast<Encoding>(i);
    const char* name = http_internal::IconvName(e);
    if (name == nullptr) continue;
    std::string out;
    size_t replaced;
    EXPECT_EQ(http_internal::DecodeWithIconv(e, "abc", &out, &replaced),
              http_internal::IconvResult::kOk)
        << http_internal::EncodingName(e);
  }
}

TEST(PrescanTest, Cases) {
  struct {
    const char* html;
    bool found;
    const char* charset;
  } cases[] = {
      {"<meta charset=utf-8>", true, "utf-8"},
      {"<META CHARSET='GBK'>", true, "gbk"},
      {"<meta/charset=euc-kr>", true, "euc-kr"},
      {"<meta charset = \"koi8-r\" >", true, "koi8-r"},
      {"<meta http-equiv=content-type content=\"text/html;charset=big5\">", true, "big5"},
      {"<meta content=\"text/html;charset=big5\" http-equiv=content-type>", true, "big5"},
      {"<meta content='charset=\"sjis\"' http-equiv=Content-Type>", true, "shift_jis"},
      {"<meta content=\"text/html; charset = euc-jp ; x\" http-equiv=content-type>", true,
       "euc-jp"},
      {"<meta content=\"text/html\" http-equiv=content-type>", false, ""},
      {"<meta http-equiv=refresh content=\"0;charset=gbk\">", false, ""},
      // The first http-equiv / content / charset attribute counts.
      {"<meta charset=gbk charset=big5>", true, "gbk"},
      // charset attribute wins over content (need pragma is false).
      {"<meta http-equiv=content-type content=\"charset=big5\" charset=gbk>", true, "gbk"},
      {"<meta charset=bogus><meta charset=gbk>", true, "gbk"},
      {"<metacharset=gbk>", false, ""},
      {"<meta charset=gbk", false, ""},  // runs off the end
      {"<!--><meta charset=gbk>", true, "gbk"},
      {"<!-- --!><meta charset=big5> --><meta charset=gbk>", true, "gbk"},
      {"<!doctype html><?php charset=big5 ?><meta charset=gbk>", true, "gbk"},
      {"<title><meta charset=gbk></title>", true, "gbk"},  // no RCDATA in the prescan
      {"<script>\"<meta charset=big5>\"</script>", true, "big5"},
      {"<div data-x='>'><meta charset=gbk>", true, "gbk"},
      {"<div data-x='<meta charset=big5>'><meta charset=gbk>", true, "gbk"},
      {"</p class=\"<meta charset=big5>\"><meta charset=gbk>", true, "gbk"},
      {"< meta charset=gbk>", false, ""},  // '<' then space is text
  };
  for (const auto& c : cases) {
    http_internal::PrescanResult r = http_internal::PrescanMeta(c.html);
    EXPECT_EQ(r.found, c.found) << c.html;
    if (r.found && c.found) {
      EXPECT_STREQ(http_internal::EncodingName(r.encoding), c.charset) << c.html;
    }
  }
}

TEST(Utf8Test, RepairFollowsWhatwg) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"abc", "abc"},
      {"\xF0\x9F\x98", "\xEF\xBF\xBD"},  // cut at the end: one U+FFFD
      {"\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // overlong
      {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // surrogate
      {"a\xC3(b", "a\xEF\xBF\xBD(b"},
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xE2\x82\xAC\xE2\x82", "\xE2\x82\xAC\xEF\xBF\xBD"},
      {"\x80\xBF", "\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
  };
  for (const auto& c : cases) {
    std::string out;
    http_internal::RepairUtf8(c.in, &out);
    EXPECT_EQ(out, c.out) << c.in;
    EXPECT_TRUE(http_internal::IsValidUtf8(out));
  }
}

TEST(Utf8Test, PartialTail) {
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail("ab"), 2u);
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail("a\xE2\x82"), 1u);
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail("a\xE2\x82\xAC"), 4u);
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail("a\xF0"), 1u);
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail("\xF0\x9F\x98"), 0u);
  EXPECT_EQ(http_internal::WithoutPartialUtf8Tail(""), 0u);
}

TEST(Windows1252Test, WholeRange) {
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  std::string out;
  http_internal::DecodeWindows1252(all, &out);
  EXPECT_TRUE(http_internal::IsValidUtf8(out));
  EXPECT_EQ(CountReplacements(out), 0u);
  // Agrees with glibc wherever glibc maps the byte.
  for (int c = 0x80; c < 256; ++c) {
    if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) continue;
    std::string one;
    http_internal::DecodeWindows1252(std::string(1, static_cast<char>(c)), &one);
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    char in = static_cast<char>(c);
    char* ip = &in;
    size_t il = 1;
    char buf[8];
    char* op = buf;
    size_t ol = sizeof(buf);
    ASSERT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<size_t>(-1));
    iconv_close(cd);
    EXPECT_EQ(one, std::string(buf, op - buf)) << c;
  }
}

}  // namespace
}  // namespace dechrome
