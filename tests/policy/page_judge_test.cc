// Unit tests of PageJudge: the second look at an HTML page's lines, by its
// structure (LineFacts) and the site's containers (element paths counted
// per site under PathKey()). Pages go through the real extractor, so the
// facts are those of a real run.

#include "policy/page_judge.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/table.h"
#include "gtest/gtest.h"
#include "hash/line_hash.h"
#include "html/html_text.h"
#include "policy/decider.h"
#include "policy/document_judge.h"
#include "record/record.h"

namespace dechrome {
namespace {

constexpr char kSite[] = "news.example";

// An HTML document as WarcFormat makes it.
void MakePage(const std::string& html, const std::string& url, ParsedRecord* page) {
  static HtmlTextExtractor extractor;
  HtmlText text;
  extractor.Extract(html, &text);
  page->Clear();
  page->kind = ParsedRecord::Kind::kDocument;
  page->html = true;
  page->url = url;
  page->title = text.title;
  page->scratch = text.text;
  page->text = page->scratch;
  for (const HtmlLine& h : text.lines) {
    Line l;
    l.text_begin = l.raw_begin = h.begin;
    l.text_end = l.raw_end = h.end;
    page->lines.push_back(l);
    page->facts.push_back(h.facts);
  }
}

std::string LineText(const ParsedRecord& page, size_t i) {
  return std::string(page.text.substr(page.lines[i].text_begin, page.lines[i].text_end - page.lines[i].text_begin));
}

// The rule of the line whose text starts with `prefix`.
LineRule RuleOf(const ParsedRecord& page, const std::vector<LineRule>& rules, const std::string& prefix) {
  for (size_t i = 0; i < page.lines.size(); ++i)
    if (LineText(page, i).rfind(prefix, 0) == 0) return rules[i];
  ADD_FAILURE() << "no line " << prefix;
  return LineRule::kBlank;
}

const std::string kProse =
    "The council said on Tuesday that the new bridge would open in the spring, two years later than planned, "
    "after engineers found that the river bed was softer than the surveys had shown.";

std::string Page(const std::string& related_items) {
  return "<html><head><title>Bridge to open in spring | News Example</title></head><body>"
         "<nav class=\"main-nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li>"
         "<li><a href=\"/sport\">Sport</a></li></ul></nav>"
         "<div class=\"story\"><h1>Bridge to open in spring</h1>"
         "<p>" + kProse + "</p><p>Yes.</p><p>" + kProse + " Local traders welcomed the news.</p></div>"
         "<div class=\"more-stories\"><ul>" + related_items + "</ul></div>"
         "<div id=\"comments\"><div class=\"comment-body\"><p>I have waited for this bridge for ten years and "
         "I still do not believe a word the council says about when it will finally be finished.</p></div></div>"
         "<footer><p>Copyright News Example</p></footer></body></html>";
}

const std::string kRelated =
    "<li><a href=\"/a\">Mayor opens new library</a></li><li><a href=\"/b\">Storm closes coast road</a></li>";

// A table of one site of 10 pages whose "more-stories" list is a list of
// links on `link_pages` of them.
ChromeTable MakeTable(const ParsedRecord& page, uint32_t link_pages, const PolicyOptions& policy) {
  const uint64_t seed = SiteSeed(kSite);
  std::vector<ChromeTable::Entry> entries;
  for (size_t i = 0; i < page.lines.size(); ++i) {
    if (LineText(page, i) != "Mayor opens new library") continue;
    const uint64_t path = page.facts[i].path;
    entries.push_back({PathKey(path, seed, 0), PathKey(path, seed, 0), 10, 0});
    if (link_pages > 0) entries.push_back({PathKey(path, seed, 1), PathKey(path, seed, 1), link_pages, 0});
  }
  std::sort(entries.begin(), entries.end(),
            [](const ChromeTable::Entry& a, const ChromeTable::Entry& b) { return a.key < b.key; });
  return ChromeTable({{kSite, 10}}, entries, policy, /*site_by_domain=*/true);
}

TEST(PageJudgeTest, KeepsTheArticleAndDropsWhatIsAroundIt) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions policy;
  const ChromeTable table = MakeTable(page, 10, policy);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  const size_t removed = judge.Judge(page, 0, SiteSeed(kSite), &rules);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open"), LineRule::kProtectedHeadline);
  EXPECT_EQ(RuleOf(page, rules, "The council said"), LineRule::kUnique);
  EXPECT_EQ(RuleOf(page, rules, "Yes."), LineRule::kUnique);  // inside the article
  EXPECT_EQ(RuleOf(page, rules, "Home"), LineRule::kOutsideArticle);
  EXPECT_EQ(RuleOf(page, rules, "Mayor opens"), LineRule::kLinkBox);
  EXPECT_EQ(RuleOf(page, rules, "I have waited"), LineRule::kOutsideArticle);  // a comment
  EXPECT_EQ(RuleOf(page, rules, "Copyright"), LineRule::kOutsideArticle);
  size_t counted = 0;
  for (LineRule r : rules) counted += IsRemoved(r);
  EXPECT_EQ(removed, counted);
}

TEST(PageJudgeTest, LinkBoxNeedsTheSiteToSaySo) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions policy;
  // The list is mostly links on 2 of its 10 pages: not a link box (the
  // line still goes, outside the article).
  const ChromeTable table = MakeTable(page, 2, policy);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  judge.Judge(page, 0, SiteSeed(kSite), &rules);
  EXPECT_EQ(RuleOf(page, rules, "Mayor opens"), LineRule::kOutsideArticle);
  // Without a site (or a small one) there is no link-box either.
  std::vector<LineRule> no_site(page.lines.size(), LineRule::kUnique);
  const ChromeTable big = MakeTable(page, 10, policy);
  const ChromeDecider big_decider(big);
  PageJudge big_judge(big_decider);
  big_judge.Judge(page, -1, SiteSeed(kSite), &no_site);
  EXPECT_EQ(RuleOf(page, no_site, "Mayor opens"), LineRule::kOutsideArticle);
}

TEST(PageJudgeTest, HeadlineAndProseOverruleCounts) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions policy;
  const ChromeTable table = MakeTable(page, 10, policy);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  for (size_t i = 0; i < page.lines.size(); ++i) {
    // Other pages list the headline (site rule); the second paragraph is
    // also on many other sites (cross-site rule).
    if (LineText(page, i) == "Bridge to open in spring") rules[i] = LineRule::kSite;
    if (LineText(page, i).rfind(kProse + " Local", 0) == 0) rules[i] = LineRule::kCrossSite;
    if (LineText(page, i) == "World") rules[i] = LineRule::kSite;
  }
  judge.Judge(page, 0, SiteSeed(kSite), &rules);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open"), LineRule::kProtectedHeadline);
  EXPECT_EQ(RuleOf(page, rules, kProse + " Local"), LineRule::kProtectedProse);
  EXPECT_FALSE(IsRemoved(RuleOf(page, rules, kProse + " Local")));
  EXPECT_EQ(RuleOf(page, rules, "World"), LineRule::kSite);  // count decisions stay
}

TEST(PageJudgeTest, HiddenByStyleAndFormsAreChrome) {
  ParsedRecord page;
  const std::string html =
      "<html><body><textarea id=\"tpl\" style=\"display: none\">" + kProse + kProse +
      "</textarea><div class=\"story\"><p>" + kProse + "</p></div><form><label>" + kProse +
      "</label></form></body></html>";
  MakePage(html, "https://news.example/x", &page);
  ASSERT_EQ(page.lines.size(), 3u);
  EXPECT_TRUE(page.facts[0].landmarks & kLandmarkInvisible);
  PolicyOptions policy;
  const ChromeTable table({{kSite, 10}}, {}, policy, true);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  judge.Judge(page, 0, SiteSeed(kSite), &rules);
  EXPECT_EQ(rules[0], LineRule::kOutsideArticle);
  EXPECT_EQ(rules[1], LineRule::kUnique);
  EXPECT_EQ(rules[2], LineRule::kOutsideArticle);
}

TEST(PageJudgeTest, TheSitesArticleContainerProtectsItsParagraphs) {
  // A paragraph cut off from the article by a long chrome box: outside the
  // run, unless its container holds prose on most of the site's pages.
  std::string box;
  for (int i = 0; i < 12; ++i) box += "<li><a href=\"/x" + std::to_string(i) + "\">Another story on the site</a></li>";
  const std::string html = "<html><body><div class=\"lead\"><p>" + kProse +
                           "</p></div><div class=\"promo-list\"><ul>" + box + "</ul></div><div class=\"story\"><p>" +
                           kProse + "</p><p>" + kProse + " More.</p><p>" + kProse + " Again.</p></div></body></html>";
  ParsedRecord page;
  MakePage(html, "https://news.example/a", &page);
  uint64_t lead = 0;
  for (size_t i = 0; i < page.lines.size(); ++i)
    if (LineText(page, i) == kProse && lead == 0) lead = page.facts[i].path;
  ASSERT_NE(lead, 0u);
  const uint64_t seed = SiteSeed(kSite);
  for (uint32_t prose_pages : {0u, 8u}) {
    PolicyOptions policy;
    std::vector<ChromeTable::Entry> entries = {{PathKey(lead, seed, 0), PathKey(lead, seed, 0), 10, 0}};
    if (prose_pages) entries.push_back({PathKey(lead, seed, 2), PathKey(lead, seed, 2), prose_pages, 0});
    std::sort(entries.begin(), entries.end(),
              [](const ChromeTable::Entry& a, const ChromeTable::Entry& b) { return a.key < b.key; });
    const ChromeTable table({{kSite, 10}}, entries, policy, true);
    const ChromeDecider decider(table);
    PageJudge judge(decider);
    std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
    judge.Judge(page, 0, seed, &rules);
    EXPECT_EQ(rules[0], prose_pages ? LineRule::kProtectedArticlePath : LineRule::kOutsideArticle) << prose_pages;
  }
}

TEST(PageJudgeTest, OffForTextDocumentsAndWhenDisabled) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions off;
  off.page_structure = false;
  const ChromeTable table = MakeTable(page, 10, off);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  EXPECT_EQ(judge.Judge(page, 0, SiteSeed(kSite), &rules), 0u);
  for (LineRule r : rules) EXPECT_EQ(r, LineRule::kUnique);

  PolicyOptions on;
  const ChromeTable table_on = MakeTable(page, 10, on);
  const ChromeDecider decider_on(table_on);
  PageJudge judge_on(decider_on);
  page.html = false;  // a text document
  EXPECT_EQ(judge_on.Judge(page, 0, SiteSeed(kSite), &rules), 0u);
  for (LineRule r : rules) EXPECT_EQ(r, LineRule::kUnique);
}

TEST(PageJudgeTest, PathKeysOncePerPathWithLinkKind) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/a", &page);
  std::vector<uint64_t> keys;
  PagePathKeys(page, SiteSeed(kSite), &keys);
  std::vector<uint64_t> sorted = keys;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());  // distinct
  uint64_t related = 0, story = 0;
  for (size_t i = 0; i < page.lines.size(); ++i) {
    if (LineText(page, i) == "Mayor opens new library") related = page.facts[i].path;
    if (LineText(page, i).rfind("The council", 0) == 0) story = page.facts[i].path;
  }
  auto has = [&](uint64_t k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); };
  EXPECT_TRUE(has(PathKey(related, SiteSeed(kSite), 0)));
  EXPECT_TRUE(has(PathKey(related, SiteSeed(kSite), 1)));  // mostly links
  EXPECT_TRUE(has(PathKey(story, SiteSeed(kSite), 0)));
  EXPECT_FALSE(has(PathKey(story, SiteSeed(kSite), 1)));
  EXPECT_TRUE(has(PathKey(story, SiteSeed(kSite), 2)));    // prose
  EXPECT_FALSE(has(PathKey(related, SiteSeed(kSite), 2)));
}

// chrome_keys counts (site, line) keys only: element path entries, which
// share the table, are counted apart (issue 9: they inflated the summary's
// chrome_keys).
TEST(PageJudgeTest, ChromeKeysCountLinesNotPaths) {
  ParsedRecord page;
  MakePage(Page(kRelated), "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions policy;
  policy.min_site_docs = 1;
  const uint64_t seed = SiteSeed(kSite);
  ChromeTable paths_only = MakeTable(page, 10, policy);  // two path entries (kinds 0 and 1), 10 pages each
  std::vector<ChromeTable::Entry> entries = paths_only.entries();
  ASSERT_EQ(entries.size(), 2u);
  for (const char* line : {"Home", "Copyright News Example"})
    entries.push_back({LineKey(line, seed), GlobalLineKey(line), 10, 0});
  entries.push_back({LineKey("once", seed), GlobalLineKey("once"), 1, 0});  // not chrome
  std::sort(entries.begin(), entries.end(),
            [](const ChromeTable::Entry& a, const ChromeTable::Entry& b) { return a.key < b.key; });
  const ChromeTable table({{kSite, 10}}, entries, policy, /*site_by_domain=*/true);
  const ChromeDecider decider(table);
  EXPECT_EQ(decider.chrome_keys(), 2u);
  EXPECT_EQ(decider.chrome_path_keys(), 2u);
  for (const ChromeTable::Entry& e : entries) {
    const bool path = e.key != LineKey("Home", seed) && e.key != LineKey("Copyright News Example", seed) &&
                      e.key != LineKey("once", seed);
    EXPECT_EQ(DecisionEntries::IsPathEntry(e), path);
  }
}

// Judges `page` of a site of 10 pages (no counts) with `policy`, after
// `preset` has set the counting rules (DocumentJudge's) of some lines.
std::vector<LineRule> JudgeWith(const ParsedRecord& page, const PolicyOptions& policy,
                                const std::vector<std::pair<std::string, LineRule>>& preset) {
  const ChromeTable table({{kSite, 10}}, {}, policy, true);
  const ChromeDecider decider(table);
  PageJudge judge(decider);
  std::vector<LineRule> rules(page.lines.size(), LineRule::kUnique);
  for (size_t i = 0; i < page.lines.size(); ++i)
    for (const auto& [prefix, rule] : preset)
      if (LineText(page, i).rfind(prefix, 0) == 0) rules[i] = rule;
  judge.Judge(page, 0, SiteSeed(kSite), &rules);
  return rules;
}

// Share buttons that the site repeats on every page (removed by counts):
// a box that cuts the article's head off its run of prose.
const std::string kShareBox =
    "<ul class=\"tools\"><li>Share this story on Facebook</li><li>Share this story on Twitter</li>"
    "<li>Email this story to a friend</li><li>Print this story</li><li>Save this story for later</li>"
    "<li>Read the comments on this story</li></ul>";
const std::vector<std::pair<std::string, LineRule>> kShareRemoved = {
    {"Share this story", LineRule::kSite}, {"Email this story", LineRule::kSite},
    {"Print this story", LineRule::kSite}, {"Save this story", LineRule::kSite},
    {"Read the comments", LineRule::kSite}};

const std::string kLead =
    "Engineers found that the river bed was softer than expected, so the bridge opens two years late.";

TEST(PageJudgeTest, TheHeadlineIsThePagesNotTheSitesName) {
  // The site's name is a heading too, and in the <title>; it is on every
  // page of the site (removed by counts), the headline is not.
  const std::string html =
      "<html><head><title>News Example: Bridge to open in spring</title></head><body>"
      "<h2 class=\"site-name\">News Example</h2><h1>Bridge to open in spring</h1>" + kShareBox +
      "<div class=\"story\"><p>" + kProse + "</p><p>" + kProse + " Again.</p></div></body></html>";
  ParsedRecord page;
  MakePage(html, "https://news.example/a/123", &page);
  PolicyOptions policy;
  std::vector<std::pair<std::string, LineRule>> preset = kShareRemoved;
  preset.push_back({"News Example", LineRule::kSite});
  const std::vector<LineRule> rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open"), LineRule::kProtectedHeadline);
  EXPECT_EQ(RuleOf(page, rules, "News Example"), LineRule::kSite);
  // With no other candidate, a site-frequent line can still be the
  // headline (other pages list this page's headline).
  std::vector<std::pair<std::string, LineRule>> all = preset;
  all.push_back({"Bridge to open", LineRule::kSite});
  const std::vector<LineRule> listed = JudgeWith(page, policy, all);
  EXPECT_EQ(RuleOf(page, listed, "News Example"), LineRule::kProtectedHeadline);
}

std::string HeadPage(const std::string& head) {
  return "<html><head><title>Bridge to open in spring | News Example</title></head><body>"
         "<h1>Bridge to open in spring</h1>" + head + kShareBox + "<div class=\"story\"><p>" + kProse +
         "</p><p>" + kProse + " Again.</p><p>" + kProse + " Once more.</p></div>"
         "<footer><p>" + kLead + " Footer.</p></footer></body></html>";
}

TEST(PageJudgeTest, TheArticleHeadAboveABoxStays) {
  // The lead as one link (other sites show it as a teaser: cross-site), a
  // standfirst that the run of prose does not reach, and an aside.
  const std::string head = "<p class=\"standfirst\"><a href=\"/2024/bridge\">" + kLead +
                           "</a></p><p>The mayor welcomed the news at a meeting on Monday evening.</p>"
                           "<aside><p>Read our guide to every bridge that has opened in the region.</p></aside>";
  ParsedRecord page;
  MakePage(HeadPage(head), "https://news.example/2024/bridge-to-open-in-spring", &page);
  std::vector<std::pair<std::string, LineRule>> preset = kShareRemoved;
  preset.push_back({kLead, LineRule::kCrossSite});
  PolicyOptions policy;
  std::vector<LineRule> rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open"), LineRule::kProtectedHeadline);
  EXPECT_EQ(RuleOf(page, rules, kLead), LineRule::kProtectedArticleHead);
  EXPECT_EQ(RuleOf(page, rules, "The mayor welcomed"), LineRule::kProtectedArticleHead);
  EXPECT_EQ(RuleOf(page, rules, "Read our guide"), LineRule::kOutsideArticle);  // an aside is chrome
  EXPECT_EQ(RuleOf(page, rules, "Share this story on Facebook"), LineRule::kSite);
  EXPECT_EQ(RuleOf(page, rules, kProse), LineRule::kUnique);
  EXPECT_EQ(RuleOf(page, rules, kLead + " Footer"), LineRule::kOutsideArticle);  // not in the head

  policy.article_head = false;
  rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, kLead), LineRule::kCrossSite);
  EXPECT_EQ(RuleOf(page, rules, "The mayor welcomed"), LineRule::kOutsideArticle);

  // A headline far above the run (more than 25 lines of other things in
  // between) has no head.
  std::string far;
  for (int i = 0; i < 30; ++i) far += "<p>Line " + std::to_string(i) + " of something else</p>";
  MakePage(HeadPage("<p>The mayor welcomed the news at a meeting on Monday evening.</p>" + far),
           "https://news.example/2024/bridge-to-open-in-spring", &page);
  std::vector<std::pair<std::string, LineRule>> far_preset = kShareRemoved;
  far_preset.push_back({"Line ", LineRule::kSite});
  rules = JudgeWith(page, PolicyOptions(), far_preset);
  EXPECT_EQ(RuleOf(page, rules, "The mayor welcomed"), LineRule::kOutsideArticle);
}

TEST(PageJudgeTest, ThePagesDateNextToItsHeadlineStays) {
  // Date lines fold to one normal form on every page ("<m> 0 0"): removed
  // by counts. The one next to the headline is this page's date.
  const std::string html =
      "<html><head><title>Bridge to open in spring</title></head><body>"
      "<div class=\"date\">July 21, 2012</div><h1>Bridge to open in spring</h1>"
      "<p class=\"byline\">by Jane Smith on 2012-07-21</p>" + kShareBox + "<div class=\"story\"><p>" + kProse +
      "</p><p>" + kProse + " Again.</p></div><div class=\"updated\"><span>Updated July 22, 2012</span></div>"
      "<p>Site map 2012</p></body></html>";
  ParsedRecord page;
  MakePage(html, "https://news.example/2024/bridge-to-open-in-spring", &page);
  std::vector<std::pair<std::string, LineRule>> preset = kShareRemoved;
  preset.push_back({"July 21, 2012", LineRule::kSite});
  preset.push_back({"by Jane Smith", LineRule::kSite});
  preset.push_back({"Updated July", LineRule::kSite});
  PolicyOptions policy;
  std::vector<LineRule> rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "July 21, 2012"), LineRule::kProtectedPageDate);
  EXPECT_EQ(RuleOf(page, rules, "by Jane Smith"), LineRule::kProtectedPageDate);
  EXPECT_EQ(RuleOf(page, rules, "Updated July"), LineRule::kSite);  // far from the headline
  EXPECT_EQ(RuleOf(page, rules, "Share this story on Facebook"), LineRule::kSite);  // no date
  policy.page_date = false;
  rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "July 21, 2012"), LineRule::kSite);
  EXPECT_EQ(RuleOf(page, rules, "by Jane Smith"), LineRule::kSite);
}

TEST(PageJudgeTest, ALongLineThatBeginsWithTheHeadlineIsTheStory) {
  // The page's story in a list of links further down, its headline run into
  // its text; another story's teaser and a reader's comment that quotes the
  // headline go.
  std::string box;
  for (int i = 0; i < 12; ++i) box += "<li><a href=\"/x" + std::to_string(i) + "\">Another story on the site</a></li>";
  const std::string html =
      "<html><head><title>Bridge to open in spring</title></head><body><h1>Bridge to open in spring</h1>"
      "<div class=\"story\"><p>" + kProse + "</p><p>" + kProse + " Again.</p></div>"
      "<ul class=\"more\">" + box + "</ul><ul class=\"more\">"
      "<li><a href=\"/2024/bridge-to-open-in-spring\">Bridge to open in spring " + kLead + " " + kLead + "</a></li>"
      "<li><a href=\"/2024/mayor\">Mayor opens new library " + kLead + " " + kLead + "</a></li></ul>"
      "<div class=\"comments\"><p>Bridge to open in spring? " + kLead + " I do not believe it.</p></div>"
      "</body></html>";
  ParsedRecord page;
  MakePage(html, "https://news.example/2024/bridge-to-open-in-spring", &page);
  PolicyOptions policy;
  const std::vector<std::pair<std::string, LineRule>> preset = {{"Another story", LineRule::kSite}};
  std::vector<LineRule> rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open in spring Engineers"), LineRule::kProtectedOwnStory);
  EXPECT_EQ(RuleOf(page, rules, "Mayor opens"), LineRule::kOutsideArticle);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open in spring?"), LineRule::kOutsideArticle);
  policy.own_story = false;
  rules = JudgeWith(page, policy, preset);
  EXPECT_EQ(RuleOf(page, rules, "Bridge to open in spring Engineers"), LineRule::kOutsideArticle);
}

}  // namespace
}  // namespace dechrome
