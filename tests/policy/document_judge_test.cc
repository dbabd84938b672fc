// Unit tests of DocumentJudge: the per-document decision that turns chrome
// candidates (by counts) into removed or protected lines. Tables are built by
// hand, with keys computed exactly as the pipeline computes them
// (DocumentHasher with the site's SiteSeed), so that the judge sees what it
// would see in a real run.

#include "policy/document_judge.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "dechrome/options.h"
#include "dechrome/table.h"
#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "hash/line_hash.h"
#include "hash/line_keys.h"
#include "pipeline/line_hints.h"
#include "policy/decider.h"
#include "policy/headline.h"
#include "record/record.h"

namespace dechrome {
namespace {

// Builds a ChromeTable from (site, line, count) triples.
class TableBuilder {
 public:
  TableBuilder& Site(const std::string& name, uint64_t documents) {
    sites_[name] = documents;
    return *this;
  }
  // The line's count of documents on `site` (which must have been added).
  TableBuilder& Add(const std::string& site, const std::string& line, uint32_t count) {
    lines_.push_back({site, line, count});
    return *this;
  }
  // Pass 1 counted `line` as the own headline of `count` documents of `site`
  // (policy/headline.h).
  TableBuilder& Headline(const std::string& site, const std::string& line, uint32_t count) {
    headlines_.push_back({site, line, count});
    return *this;
  }
  ChromeTable Build(const PolicyOptions& policy) const {
    std::vector<ChromeTable::Site> sites;
    std::map<std::string, uint32_t> index;
    for (const auto& [name, docs] : sites_) {
      index[name] = static_cast<uint32_t>(sites.size());
      sites.push_back({name, docs});
    }
    DocumentHasher hasher(policy.fold_dates);
    std::map<uint64_t, ChromeTable::Entry> entries;
    for (const Triple& t : lines_) {
      LineKeys k = hasher.HashLine(t.line, SiteSeed(t.site));
      EXPECT_FALSE(k.blank) << t.line;
      ChromeTable::Entry e;
      e.key = k.key;
      e.global = k.global;
      e.count = t.count;
      e.site = index.at(t.site);
      entries[e.key] = e;
    }
    for (const Triple& t : headlines_) {
      LineKeys k = hasher.HashLine(t.line, SiteSeed(t.site));
      ChromeTable::Entry e;
      e.key = HeadlineKey(k.key);
      e.global = HeadlineGlobal(e.key);
      e.count = t.count;
      e.site = index.at(t.site);
      entries[e.key] = e;
    }
    std::vector<ChromeTable::Entry> sorted;
    for (const auto& [key, e] : entries) sorted.push_back(e);
    return ChromeTable(std::move(sites), std::move(sorted), policy, /*site_by_domain=*/true);
  }

 private:
  struct Triple {
    std::string site, line;
    uint32_t count;
  };
  std::map<std::string, uint64_t> sites_;
  std::vector<Triple> lines_;
  std::vector<Triple> headlines_;
};

// A document's text split into lines, as the record formats split it.
void FillRecord(const std::string& text, ParsedRecord* r) {
  r->Clear();
  r->kind = ParsedRecord::Kind::kDocument;
  r->text = text;
  size_t begin = 0;
  while (true) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    Line l;
    l.text_begin = l.raw_begin = static_cast<uint32_t>(begin);
    l.text_end = l.raw_end = static_cast<uint32_t>(end);
    r->lines.push_back(l);
    if (end == text.size()) break;
    begin = end + 1;
  }
}

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) s += '\n';
    s += lines[i];
  }
  return s;
}

std::vector<std::string> RuleNames(const std::vector<LineRule>& rules) {
  std::vector<std::string> names;
  for (LineRule r : rules) names.push_back(LineRuleName(r));
  return names;
}

struct Judged {
  std::vector<LineRule> rules;
  size_t removed = 0;
};

// Judges `lines` as a document of `site` ("" = no site) at `url`.
Judged JudgeDocument(const ChromeTable& table, const std::string& site, const std::string& url,
                     const std::vector<std::string>& lines) {
  const ChromeDecider decider(table);
  DocumentJudge judge(decider);
  DocumentHasher hasher(table.policy().fold_dates);
  const std::string text = Join(lines);
  ParsedRecord record;
  FillRecord(text, &record);
  EXPECT_EQ(record.lines.size(), lines.size());
  std::vector<LineKeys> keys;
  hasher.Hash(record, SiteSeed(site), &keys);
  const int site_index = site.empty() ? -1 : table.FindSite(site);
  Judged j;
  j.removed = judge.Judge(record, keys, site_index, url, &j.rules);
  EXPECT_EQ(j.rules.size(), lines.size());
  // Pass 2 of a run judges from pass 1's hints (keys, lengths, word
  // sketches; normal forms on demand): it must decide the same. There every
  // line of the document has a table entry, so its cross-site rule is read
  // from its key; lines that this hand-made table lacks must not be
  // cross-site lines then.
  bool counted = site_index >= 0;
  for (const LineKeys& k : keys) {
    if (!k.blank && table.Find(k.key) == nullptr &&
        decider.IsChrome(-1, k.key, k.global, k.norm_length))
      counted = false;
  }
  if (counted) {
    std::vector<uint32_t> hints;
    for (const LineKeys& k : keys) AppendLineHint(k, &hints);
    DocumentHasher hinted(table.policy().fold_dates);
    std::vector<LineKeys> hint_keys;
    LineKeysFromHints(record, hints.data(), &hint_keys);
    hinted.UseKeys(&hint_keys);
    DocumentJudge hint_judge(decider);
    std::vector<LineRule> rules;
    const size_t removed = hint_judge.Judge(
        hint_keys, site_index, url, [&](size_t i) { return hinted.NormalForm(record, i); }, &rules,
        &record);
    EXPECT_EQ(RuleNames(rules), RuleNames(j.rules)) << "from hints, at " << url;
    EXPECT_EQ(removed, j.removed);
  }
  return j;
}


// The policy the tests are written against: the documented defaults at the
// time of writing, spelled out so that tuning a default does not change what
// these tests check (the rules, not the defaults).
PolicyOptions Policy() {
  PolicyOptions p;
  p.min_count = 2;
  p.long_line_length = 60;
  p.long_min_count = 3;
  p.min_fraction = 0.02;
  p.min_site_docs = 3;
  p.min_sites = 4;
  p.cross_site_min_length = 12;
  p.collapse_near_duplicates = true;
  p.fold_dates = true;
  p.protect_isolated = true;
  p.isolated_max_fraction = 0.3;
  p.isolated_max_run = 4;
  p.protect_title = true;
  return p;
}

// One news site of 100 documents with a header and footer on (nearly) every
// page; body lines are not in the table (seen once).
constexpr char kSite[] = "news.example";
constexpr char kUrl[] = "https://www.news.example/p/0001";  // fewer than 3 URL words

TableBuilder NewsSite() {
  TableBuilder b;
  b.Site(kSite, 100);
  b.Add(kSite, "News Example", 100)
      .Add(kSite, "Home", 100)
      .Add(kSite, "World", 98)
      .Add(kSite, "Sport", 90)
      .Add(kSite, "Privacy policy", 100)
      .Add(kSite, "Contact us", 95);
  return b;
}

const std::vector<std::string> kBody = {
    "Voters in the river valley went to the polls on a grey morning.",
    "The council had promised a new bridge for a decade.",
    "Farmers said the harbour road floods every spring.",
};

TEST(DocumentJudgeTest, TopAndBottomRunsAreRemoved) {
  ChromeTable table = NewsSite().Build(Policy());
  std::vector<std::string> doc = {"News Example", "Home", "World", "Sport", ""};
  doc.insert(doc.end(), kBody.begin(), kBody.end());
  doc.insert(doc.end(), {"", "Privacy policy", "Contact us"});
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"site", "site", "site", "site", "blank", "below-threshold",
                                      "below-threshold", "below-threshold", "blank", "site", "site"}));
  EXPECT_EQ(j.removed, 6u);
}

TEST(DocumentJudgeTest, ShortRunOfWeakCandidatesInsideTextIsProtected) {
  // "Yes." and "No comment." are on 20% and 15% of the site: candidates by
  // count, but inside running text.
  TableBuilder b = NewsSite();
  b.Add(kSite, "Yes.", 20).Add(kSite, "No comment.", 15);
  ChromeTable table = b.Build(Policy());
  std::vector<std::string> doc = {"Home", "World", kBody[0], "Yes.", "No comment.", kBody[1],
                                  kBody[2], "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.rules[3], LineRule::kProtectedIsolated);
  EXPECT_EQ(j.rules[4], LineRule::kProtectedIsolated);
  EXPECT_EQ(j.rules[0], LineRule::kSite);
  EXPECT_EQ(j.rules[1], LineRule::kSite);
  EXPECT_EQ(j.rules[7], LineRule::kSite);
  EXPECT_EQ(j.removed, 3u);
  // Blank lines inside the run do not break it.
  std::vector<std::string> spaced = {kBody[0], "", "Yes.", "", "No comment.", "", kBody[1]};
  j = JudgeDocument(table, kSite, kUrl, spaced);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "blank", "protected-isolated", "blank",
                                      "protected-isolated", "blank", "below-threshold"}));
  EXPECT_EQ(j.removed, 0u);
}

TEST(DocumentJudgeTest, SameRunAtThePageEdgeIsNotProtected) {
  TableBuilder b = NewsSite();
  b.Add(kSite, "Yes.", 20).Add(kSite, "No comment.", 15);
  ChromeTable table = b.Build(Policy());
  // At the top: nothing kept above.
  Judged j = JudgeDocument(table, kSite, kUrl, {"Yes.", "No comment.", kBody[0], kBody[1]});
  EXPECT_EQ(j.rules[0], LineRule::kSite);
  EXPECT_EQ(j.rules[1], LineRule::kSite);
  EXPECT_EQ(j.removed, 2u);
  // At the bottom, trailing blank lines aside.
  j = JudgeDocument(table, kSite, kUrl, {kBody[0], kBody[1], "Yes.", "No comment.", "", ""});
  EXPECT_EQ(j.rules[2], LineRule::kSite);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  EXPECT_EQ(j.rules[4], LineRule::kBlank);
  EXPECT_EQ(j.removed, 2u);
  // Next to other chrome (a run at the edge of the page).
  j = JudgeDocument(table, kSite, kUrl, {"Home", "World", "Yes.", kBody[0], kBody[1]});
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"site", "site", "site", "below-threshold", "below-threshold"}));
}

TEST(DocumentJudgeTest, StrongCandidateBetweenUniqueLinesIsRemoved) {
  // On 40% of the site (> isolated_max_fraction 0.3): chrome even inside text
  // (an ad line between paragraphs).
  TableBuilder b = NewsSite();
  b.Add(kSite, "Advertisement", 40).Add(kSite, "Yes.", 30).Add(kSite, "Maybe.", 31);
  // The isolated rule alone (the label rule would take all three).
  PolicyOptions p = Policy();
  p.remove_labels = false;
  ChromeTable table = b.Build(p);
  Judged j = JudgeDocument(table, kSite, kUrl, {kBody[0], "Advertisement", kBody[1]});
  EXPECT_EQ(j.rules[1], LineRule::kSite);
  EXPECT_EQ(j.removed, 1u);
  // The limit itself: 30% is protected, 31% is not.
  j = JudgeDocument(table, kSite, kUrl, {kBody[0], "Yes.", kBody[1], "Maybe.", kBody[2]});
  EXPECT_EQ(j.rules[1], LineRule::kProtectedIsolated);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
}

TEST(DocumentJudgeTest, LongRunInsideTextIsRemoved) {
  // Five weak candidates in a row (> isolated_max_run 4): a sidebar, not text.
  TableBuilder b = NewsSite();
  std::vector<std::string> run = {"Related stories", "Bridge plan delayed again",
                                  "Harbour road closed for works", "Festival returns to the village",
                                  "Museum opens new wing"};
  for (const std::string& l : run) b.Add(kSite, l, 5);
  ChromeTable table = b.Build(Policy());
  std::vector<std::string> doc = {kBody[0]};
  doc.insert(doc.end(), run.begin(), run.end());
  doc.push_back(kBody[1]);
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.removed, 5u);
  for (size_t i = 1; i <= 5; ++i) EXPECT_EQ(j.rules[i], LineRule::kSite) << i;
  // Four of them are a short run: protected.
  doc.erase(doc.begin() + 1);
  j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.removed, 0u);
  for (size_t i = 1; i <= 4; ++i) EXPECT_EQ(j.rules[i], LineRule::kProtectedIsolated) << i;
}

TEST(DocumentJudgeTest, QuotationBesideTheTextIsProtectedAsIfInsideIt) {
  // A quote the site repeats across its articles (on 15 of 100 pages), the
  // last line of the text or above an in-body label: kept text on one side
  // only, where a line must be on at most a tenth of the pages; a quotation
  // (it opens and closes with quotation marks) is speech, which a template
  // does not make: the limit of a line inside the text (half) is enough.
  const std::string quote = "\"We will not stop until the bridge is finished,\" said the mayor.";
  const std::string curly = "\xe2\x80\x9cWe will not stop until the bridge is finished,\xe2\x80\x9d said the mayor.";
  const std::string plain = "We will not stop until the bridge is finished, said the mayor.";
  TableBuilder b = NewsSite();
  b.Add(kSite, quote, 15).Add(kSite, curly, 15).Add(kSite, plain, 15).Add(kSite, "Sponsored content", 90);
  ChromeTable table = b.Build(Policy());
  for (const std::string& line : {quote, curly}) {
    Judged j = JudgeDocument(table, kSite, kUrl, {"Home", kBody[0], line, "Sponsored content", kBody[1], "Contact us"});
    EXPECT_EQ(j.rules[2], LineRule::kProtectedIsolated) << line;
    j = JudgeDocument(table, kSite, kUrl, {"Home", kBody[0], kBody[1], line, "Privacy policy", "Contact us"});
    EXPECT_EQ(j.rules[3], LineRule::kProtectedIsolated) << line;
    // Not at the page's edge, nor without kept text beside it.
    j = JudgeDocument(table, kSite, kUrl, {"Home", "Privacy policy", line, "Contact us", kBody[0]});
    EXPECT_EQ(j.rules[2], LineRule::kSite) << line;
  }
  // The same words without quotation marks: a line at the edge of the text
  // on 15% of the pages goes.
  Judged j = JudgeDocument(table, kSite, kUrl, {"Home", kBody[0], plain, "Sponsored content", kBody[1], "Contact us"});
  EXPECT_EQ(j.rules[2], LineRule::kSite);
}

TEST(DocumentJudgeTest, NeighboursThatRepeatAreNoEvidenceOfText) {
  // A site of 500 documents: threshold 10. "Read more" (on 5) is kept below
  // the threshold, but a line that repeats is not running text, so a weak
  // candidate between two such lines is not protected.
  TableBuilder b;
  b.Site(kSite, 500);
  b.Add(kSite, "Read more", 5).Add(kSite, "Subscribe now", 5).Add(kSite, "Newsletter", 50);
  ChromeTable table = b.Build(Policy());
  Judged j = JudgeDocument(table, kSite, kUrl, {"Read more", "Newsletter", "Subscribe now", kBody[0]});
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "below-threshold", "below-threshold"}));
  // Between unique lines it is protected (50/500 = 10%).
  j = JudgeDocument(table, kSite, kUrl, {kBody[0], "Newsletter", kBody[1]});
  EXPECT_EQ(j.rules[1], LineRule::kProtectedIsolated);
}

TEST(DocumentJudgeTest, HeadlineWhoseWordsAreInTheUrlIsProtected) {
  const std::string headline = "Council approves river bridge budget";
  TableBuilder b = NewsSite();
  b.Add(kSite, headline, 12);
  ChromeTable table = b.Build(Policy());
  const std::string own_url = "https://www.news.example/politics/council-approves-river-bridge-budget";
  // The headline right under the header, followed by the body: without
  // protection it would join the header run and go.
  std::vector<std::string> doc = {"News Example", "Home", "World", headline};
  doc.insert(doc.end(), kBody.begin(), kBody.end());
  Judged j = JudgeDocument(table, kSite, own_url, doc);
  EXPECT_EQ(j.rules[3], LineRule::kProtectedTitle);
  EXPECT_EQ(j.rules[0], LineRule::kSite);
  EXPECT_EQ(j.rules[2], LineRule::kSite);
  EXPECT_EQ(j.removed, 3u);
  // A truncated slug still matches (URL words of >= 4 letters begin line words).
  j = JudgeDocument(table, kSite, "https://www.news.example/politics/council-approv-river-bridge-budg", doc);
  EXPECT_EQ(j.rules[3], LineRule::kProtectedTitle);
  // The same line on another page (a sidebar at the bottom) goes.
  std::vector<std::string> other = {kBody[0], kBody[1], "Privacy policy", headline, "Contact us"};
  j = JudgeDocument(table, kSite, "https://www.news.example/sport/harbour-team-wins-final", other);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  // Turned off: it joins the header run.
  PolicyOptions off = Policy();
  off.protect_title = false;
  ChromeTable table_off = b.Build(off);
  j = JudgeDocument(table_off, kSite, own_url, doc);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  EXPECT_EQ(j.removed, 4u);
}

TEST(DocumentJudgeTest, HeadlineWithDateWordsInTheUrlIsProtected) {
  // Every word of the headline is a word of the URL, month and weekday names
  // included ("nearly all words of the document's URL", options.h): date
  // folding of the line's normal form must not hide them.
  const std::string headline = "Friday market returns in March";
  TableBuilder b = NewsSite();
  b.Add(kSite, headline, 12);
  ChromeTable table = b.Build(Policy());
  std::vector<std::string> doc = {"News Example", "Home", headline};
  doc.insert(doc.end(), kBody.begin(), kBody.end());
  Judged j = JudgeDocument(table, kSite, "https://www.news.example/local/friday-market-returns-in-march", doc);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedTitle) << LineRuleName(j.rules[2]);
  EXPECT_EQ(j.removed, 2u);
}

TEST(DocumentJudgeTest, HeadlineInTheTitleLineIsProtectedWhenRare) {
  const std::string rare = "Council approves river bridge budget";
  const std::string frequent = "Weather warning for the harbour";
  TableBuilder b = NewsSite();
  b.Add(kSite, rare, 12).Add(kSite, frequent, 45).Add(kSite, "Sport news", 12);
  ChromeTable table = b.Build(Policy());
  // The URL has no words: only the first line can tell.
  auto doc_for = [&](const std::string& headline) {
    std::vector<std::string> doc = {headline + " - News Example", "Home", "World", headline};
    doc.insert(doc.end(), kBody.begin(), kBody.end());
    return doc;
  };
  Judged j = JudgeDocument(table, kSite, kUrl, doc_for(rare));
  EXPECT_EQ(j.rules[0], LineRule::kUnique);
  EXPECT_EQ(j.rules[3], LineRule::kProtectedTitle);
  EXPECT_EQ(j.removed, 2u);
  // On 45% of the site's pages it is chrome, title or not.
  j = JudgeDocument(table, kSite, kUrl, doc_for(frequent));
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  EXPECT_EQ(j.removed, 3u);
  // A rare candidate that is itself the first line is the title line.
  j = JudgeDocument(table, kSite, kUrl, {rare, kBody[0], kBody[1]});
  EXPECT_EQ(j.rules[0], LineRule::kProtectedTitle);
  // A title line that holds only part of it: the candidate stays one (it
  // is longer than the title, which the judge sees without its normal form).
  j = JudgeDocument(table, kSite, kUrl, {"Council approves river", "Home", rare, kBody[0]});
  EXPECT_EQ(j.rules[2], LineRule::kSite);
  j = JudgeDocument(table, kSite, kUrl, {"Council approves river bridge budget!", "Home", rare, kBody[0]});
  EXPECT_EQ(j.rules[2], LineRule::kProtectedTitle);
  // Fewer than 3 words: not a headline.
  j = JudgeDocument(table, kSite, kUrl, doc_for("Sport news"));
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  // Leading blank lines: the first non-blank line is the title.
  std::vector<std::string> doc = doc_for(rare);
  doc.insert(doc.begin(), {"", "  "});
  j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.rules[5], LineRule::kProtectedTitle);
  // Turned off.
  PolicyOptions off = Policy();
  off.protect_title = false;
  ChromeTable table_off = b.Build(off);
  j = JudgeDocument(table_off, kSite, kUrl, doc_for(rare));
  EXPECT_EQ(j.rules[3], LineRule::kSite);
}

// A print copy's first line is its template's ("News Example - Print
// edition", on every print page: rare on the site, 12 of 100). It is in
// the title because it is the title: that vouches for it only where the URL
// finds no other line to be the headline.
TEST(DocumentJudgeTest, FirstLineVouchesForItselfOnlyWithoutAUrlHeadline) {
  const std::string print = "News Example - Print edition";
  const std::string headline = "Council approves river bridge budget";
  TableBuilder b = NewsSite();
  b.Add(kSite, print, 12).Add(kSite, headline, 12);
  ChromeTable table = b.Build(Policy());
  const std::vector<std::string> doc = {print, headline, kBody[0], kBody[1]};
  Judged j = JudgeDocument(table, kSite, "https://www.news.example/politics/council-approves-river-bridge-budget/print",
                           doc);
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"site", "protected-title", "below-threshold", "below-threshold"}));
  // A URL without words: the first line is the page's title, as before.
  j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.rules[0], LineRule::kProtectedTitle);
  // The URL's headline is the first line itself: protected by the URL.
  j = JudgeDocument(table, kSite, "https://www.news.example/politics/council-approves-river-bridge-budget",
                    {headline, kBody[0], kBody[1]});
  EXPECT_EQ(j.rules[0], LineRule::kProtectedTitle);
}

TEST(DocumentJudgeTest, SmallSiteKeepsEverything) {
  // Two documents (min_site_docs 3): nothing is judged by counts.
  TableBuilder b;
  b.Site("tiny.example", 2);
  b.Add("tiny.example", "Home", 2).Add("tiny.example", "About this blog", 2);
  ChromeTable table = b.Build(Policy());
  Judged j = JudgeDocument(table, "tiny.example", "https://tiny.example/a",
                           {"Home", "About this blog", "", kBody[0]});
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"small-site", "small-site", "blank", "small-site"}));
  EXPECT_EQ(j.removed, 0u);
  // Three documents are enough (threshold max(2, ceil(0.02 * 3)) = 2).
  b.Site("tiny.example", 3);
  ChromeTable three = b.Build(Policy());
  j = JudgeDocument(three, "tiny.example", "https://tiny.example/a", {"Home", "About this blog", "", kBody[0]});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"site", "site", "blank", "below-threshold"}));
}

// Four sites with "Powered by WordPress", five with "Reuters" (too short for
// the cross-site rule), plus a small site.
TableBuilder CrossSites() {
  TableBuilder b;
  for (const char* s : {"a.example", "b.example", "c.example", "d.example", "e.example"}) {
    b.Site(s, 1);
    b.Add(s, "Reuters", 1);
  }
  for (const char* s : {"a.example", "b.example", "c.example", "d.example"})
    b.Add(s, "Powered by WordPress", 1);
  b.Site("tiny.example", 2);
  b.Add("tiny.example", "Home", 2);
  return b;
}

TEST(DocumentJudgeTest, NoSiteOnlyTheCrossSiteRule) {
  ChromeTable table = CrossSites().Build(Policy());
  Judged j = JudgeDocument(table, "", "", {"Home", "Reuters", kBody[0], "", "Powered by WordPress"});
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"no-site", "no-site", "no-site", "blank", "cross-site"}));
  EXPECT_EQ(j.removed, 1u);
  // A site unknown to the table (index -1) is the same.
  j = JudgeDocument(table, "unknown.example", "https://unknown.example/x", {"Reuters", "Powered by WordPress"});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"no-site", "cross-site"}));
  // The cross-site rule applies on a small site too.
  j = JudgeDocument(table, "tiny.example", "https://tiny.example/x", {"Home", kBody[0], "Powered by WordPress"});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"small-site", "small-site", "cross-site"}));
  // Turned off (min_sites 0).
  PolicyOptions off = Policy();
  off.min_sites = 0;
  ChromeTable table_off = CrossSites().Build(off);
  j = JudgeDocument(table_off, "", "", {"Reuters", "Powered by WordPress"});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"no-site", "no-site"}));
}

TEST(DocumentJudgeTest, BlankLinesAreNeverRemoved) {
  ChromeTable table = NewsSite().Build(Policy());
  // Blank, whitespace-only, punctuation-only and CR-only lines inside and
  // around chrome runs.
  std::vector<std::string> doc = {"", "Home", "   ", "World", "---", "***", "\r", "Sport", "|", ""};
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  for (size_t i : {0, 2, 4, 5, 6, 8, 9}) EXPECT_EQ(j.rules[i], LineRule::kBlank) << i;
  for (size_t i : {1, 3, 7}) EXPECT_EQ(j.rules[i], LineRule::kSite) << i;
  EXPECT_EQ(j.removed, 3u);
  // A document of blank lines only.
  j = JudgeDocument(table, kSite, kUrl, {"", " ", "\t"});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"blank", "blank", "blank"}));
  EXPECT_EQ(j.removed, 0u);
}

TEST(DocumentJudgeTest, ProtectIsolatedOffRemovesRunsInsideText) {
  TableBuilder b = NewsSite();
  b.Add(kSite, "Yes.", 20).Add(kSite, "No comment.", 15);
  PolicyOptions off = Policy();
  off.protect_isolated = false;
  ChromeTable table = b.Build(off);
  Judged j = JudgeDocument(table, kSite, kUrl, {kBody[0], "Yes.", "No comment.", kBody[1]});
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "site", "below-threshold"}));
  EXPECT_EQ(j.removed, 2u);
}

TEST(DocumentJudgeTest, CrossSiteCandidateInsideTextIsProtected) {
  // A long line on four sites, once on a 100-document site, between
  // paragraphs: a syndicated sentence, not chrome.
  const std::string line = "This article was produced in partnership with the farmers union";
  TableBuilder b = NewsSite();
  for (const char* s : {"a.example", "b.example", "c.example"}) {
    b.Site(s, 50);
    b.Add(s, line, 1);
  }
  b.Add(kSite, line, 1);
  ChromeTable table = b.Build(Policy());
  Judged j = JudgeDocument(table, kSite, kUrl, {kBody[0], line, kBody[1]});
  EXPECT_EQ(j.rules[1], LineRule::kProtectedIsolated);
  // At the bottom of the page it goes.
  j = JudgeDocument(table, kSite, kUrl, {kBody[0], kBody[1], "Privacy policy", line});
  EXPECT_EQ(j.rules[3], LineRule::kCrossSite);
}

TEST(DocumentJudgeTest, JudgeIsRepeatable) {
  // One judge, many documents (scratch buffers reused): the same answers.
  TableBuilder b = NewsSite();
  b.Add(kSite, "Yes.", 20).Add(kSite, "Council approves river bridge budget", 12);
  ChromeTable table = b.Build(Policy());
  const ChromeDecider decider(table);
  DocumentJudge judge(decider);
  DocumentHasher hasher(true);
  const std::vector<std::vector<std::string>> docs = {
      {"Home", kBody[0], "Yes.", kBody[1]},
      {"Council approves river bridge budget - News", "Home", "Council approves river bridge budget", kBody[2]},
      {"", ""},
  };
  std::vector<std::vector<LineRule>> first;
  for (int round = 0; round < 2; ++round) {
    for (size_t d = 0; d < docs.size(); ++d) {
      const std::string text = Join(docs[d]);
      ParsedRecord record;
      FillRecord(text, &record);
      std::vector<LineKeys> keys;
      hasher.Hash(record, SiteSeed(kSite), &keys);
      std::vector<LineRule> rules;
      const std::string url = d == 1 ? "https://news.example/council-approves-river-bridge-budget" : kUrl;
      judge.Judge(record, keys, table.FindSite(kSite), url, &rules);
      if (round == 0) {
        first.push_back(rules);
      } else {
        EXPECT_EQ(rules, first[d]) << d;
      }
    }
  }
  EXPECT_EQ(RuleNames(first[0]),
            (std::vector<std::string>{"site", "below-threshold", "protected-isolated", "below-threshold"}));
  EXPECT_EQ(first[1][2], LineRule::kProtectedTitle);
}
// The judge's shortcuts from pass 1's hints (word sketches instead of normal
// forms) must never change a title decision: many random headlines against
// URLs made from them with words dropped, cut, added, numbered or dated
// (JudgeDocument() compares the two paths on every document).
TEST(DocumentJudgeTest, TitleChecksFromHintsDecideAsFromNormalForms) {
  const std::vector<std::string> vocab = {
      "council", "approves", "river", "bridge", "budget", "harbour", "team", "wins", "final",
      "minister", "says", "new", "rail", "line", "opens", "in", "march", "on", "friday",
      "schools", "close", "after", "storm", "a", "of", "to", "governments", "election",
      "results", "market", "prices", "rise", "fall", "2024", "10", "farmers", "protest"};
  uint64_t state = 12345;
  auto next = [&](uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  auto words = [&](size_t n) {
    std::vector<std::string> w;
    for (size_t i = 0; i < n; ++i) w.push_back(vocab[next(vocab.size())]);
    return w;
  };
  auto join = [](const std::vector<std::string>& w, const std::string& sep) {
    std::string s;
    for (size_t i = 0; i < w.size(); ++i) s += (i ? sep : "") + w[i];
    return s;
  };
  size_t titles = 0, candidates = 0;
  for (int round = 0; round < 300; ++round) {
    const std::vector<std::string> head = words(2 + next(7));
    std::string headline = join(head, " ");
    headline[0] = static_cast<char>(headline[0] - 'a' + 'A');
    // The slug: the headline's words, each perhaps dropped, cut to 4-6
    // letters, replaced or followed by another word or a number.
    std::vector<std::string> slug;
    for (const std::string& w : head) {
      switch (next(6)) {
        case 0: break;  // dropped
        case 1: slug.push_back(w.substr(0, 4 + next(3))); break;
        case 2: slug.push_back(vocab[next(vocab.size())]); break;
        case 3: slug.push_back(w); slug.push_back(std::to_string(next(2000))); break;
        default: slug.push_back(w);
      }
    }
    const std::string url = "https://www.news.example/" + join(words(next(2)), "/") + "/" + join(slug, "-");
    TableBuilder b = NewsSite();
    const uint32_t count = static_cast<uint32_t>(2 + next(60));  // rare or not
    b.Add(kSite, headline, count);
    const std::string other = join(words(3 + next(4)), " ");
    b.Add(kSite, other, 40);
    ChromeTable table = b.Build(Policy());
    std::vector<std::string> doc = {next(2) ? headline + " - News Example" : "News Example", "Home",
                                    headline};
    doc.insert(doc.end(), kBody.begin(), kBody.end());
    doc.push_back(other);
    Judged j = JudgeDocument(table, kSite, url, doc);
    if (j.rules[2] == LineRule::kProtectedTitle) ++titles;
    if (j.rules[2] == LineRule::kSite) ++candidates;
  }
  // Both outcomes occur, so both paths were exercised.
  EXPECT_GT(titles, 30u);
  EXPECT_GT(candidates, 30u);
}

}  // namespace
}  // namespace dechrome

namespace dechrome {
namespace {

// Issue 10: a page's own headline and lead, which other pages of the site and
// other sites show as teasers, stay on their own page; in-body labels on a
// large share of the site's pages go wherever they sit.

TEST(DocumentJudgeTest, OwnHeadlineOnOtherSitesIsProtected) {
  // A wire headline linked from three other sites: a cross-site candidate,
  // but on its own page (its words are the URL's) it is the headline.
  const std::string headline = "Council approves river bridge budget";
  TableBuilder b = NewsSite();
  for (const char* s : {"a.example", "b.example", "c.example"}) {
    b.Site(s, 50);
    b.Add(s, headline, 1);
  }
  b.Add(kSite, headline, 1);
  ChromeTable table = b.Build(Policy());
  std::vector<std::string> doc = {"News Example", "Home", headline};
  doc.insert(doc.end(), kBody.begin(), kBody.end());
  Judged j = JudgeDocument(table, kSite, "https://www.news.example/politics/council-approves-river-bridge-budget", doc);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedTitle);
  // On another page it is a link to that page: it goes.
  std::vector<std::string> other = {kBody[0], kBody[1], "Privacy policy", headline};
  j = JudgeDocument(table, kSite, "https://www.news.example/sport/harbour-team-wins-final", other);
  EXPECT_EQ(j.rules[3], LineRule::kCrossSite);
}

TEST(DocumentJudgeTest, LeadUnderOwnHeadlineIsProtected) {
  const std::string headline = "Council approves river bridge budget";
  const std::string lead =
      "The county council has approved the budget for the long-promised river bridge at last.";
  TableBuilder b = NewsSite();
  b.Add(kSite, "Share", 100).Add(kSite, headline, 12).Add(kSite, lead, 12);
  ChromeTable table = b.Build(Policy());
  const std::string own_url = "https://www.news.example/politics/council-approves-river-bridge-budget";
  // Headline, a share button, the lead, then the article's own text. Other
  // pages show headline and lead as a teaser, so both are candidates.
  std::vector<std::string> doc = {"Home", "World", headline, "Share", lead};
  doc.insert(doc.end(), kBody.begin(), kBody.end());
  doc.push_back("Privacy policy");
  Judged j = JudgeDocument(table, kSite, own_url, doc);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedTitle);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  EXPECT_EQ(j.rules[4], LineRule::kProtectedLead);
  EXPECT_STREQ(LineRuleName(j.rules[4]), "protected-lead");
  EXPECT_EQ(j.removed, 4u);
  // On another page the teaser (headline and lead) follows that page's own
  // text: both go.
  std::vector<std::string> other = {"Home", "Harbour team wins the final", kBody[0], kBody[1], kBody[2],
                                    "Share", headline, lead, "Privacy policy"};
  j = JudgeDocument(table, kSite, "https://www.news.example/sport/harbour-team-wins-final", other);
  EXPECT_EQ(j.rules[6], LineRule::kSite);
  EXPECT_EQ(j.rules[7], LineRule::kSite);
  // A paragraph after the article's own text has begun is no lead.
  std::vector<std::string> late = {"Home", headline, kBody[0], kBody[1], "Share", lead, kBody[2]};
  j = JudgeDocument(table, kSite, own_url, late);
  EXPECT_NE(j.rules[5], LineRule::kProtectedLead);
  // Turned off: the lead goes.
  PolicyOptions off = Policy();
  off.protect_lead = false;
  ChromeTable table_off = b.Build(off);
  j = JudgeDocument(table_off, kSite, own_url, doc);
  EXPECT_EQ(j.rules[4], LineRule::kSite);
  EXPECT_EQ(j.removed, 5u);
}

TEST(DocumentJudgeTest, LabelOnALargeShareOfPagesGoesInsideText) {
  // isolated_max_fraction 0.5 (the default): "Advertisement" on 40 of 100
  // pages would be protected between paragraphs; a label on a quarter of
  // the site's pages or more is chrome wherever it sits.
  PolicyOptions p = Policy();
  p.isolated_max_fraction = 0.5;
  p.remove_labels = true;
  // (The document's last line repeats its first, which a URL without words
  // makes the page's headline: "dateline" would keep the date above it
  // first. This test is about "isolated" and "label".)
  p.protect_dateline = false;
  TableBuilder b = NewsSite();
  b.Add(kSite, "Advertisement", 40)
      .Add(kSite, "Updated March 3, 2012", 40)  // a date: about this page
      .Add(kSite, "Yes.", 20);                   // below a quarter: an answer
  ChromeTable table = b.Build(p);
  std::vector<std::string> doc = {kBody[0], "Advertisement", kBody[1], "Yes.", kBody[2],
                                  "Updated April 9, 2012", kBody[0]};
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site-label", "below-threshold", "protected-isolated",
                                      "below-threshold", "protected-isolated", "below-threshold"}));
  EXPECT_EQ(j.removed, 1u);
  EXPECT_TRUE(IsRemoved(LineRule::kSiteLabel));
  // Off (the default): the isolated protection keeps it.
  p.remove_labels = false;
  ChromeTable table_off = b.Build(p);
  j = JudgeDocument(table_off, kSite, kUrl, doc);
  EXPECT_EQ(j.rules[1], LineRule::kProtectedIsolated);
  EXPECT_EQ(j.removed, 0u);
}

// --- "other-headline": rotating related-headline lists ---------------------

constexpr char kStoryUrl[] = "https://www.news.example/world/2024/bridge-vote-splits-valley.html";

// The site's related-headline box: each item is another page's headline,
// counted once or twice as a headline, and on one or two pages as a line
// (below the threshold).
TableBuilder SiteWithHeadlines() {
  TableBuilder b = NewsSite();
  b.Add(kSite, "Related stories", 60)
      .Headline(kSite, "Harbour road floods again in spring", 1)
      .Headline(kSite, "Farmers count the cost of the storm", 2)
      .Headline(kSite, "Council delays the bridge decision", 1)
      .Headline(kSite, "Bridge vote splits the valley", 3);  // the story's own (copies at 3 URLs)
  return b;
}

TEST(DocumentJudgeTest, OtherPagesHeadlinesInAListAreRemoved) {
  ChromeTable table = SiteWithHeadlines().Build(Policy());
  std::vector<std::string> lines = {"Home", "World", "Bridge vote splits the valley"};
  lines.insert(lines.end(), kBody.begin(), kBody.end());
  lines.insert(lines.end(), {"Related stories", "Harbour road floods again in spring",
                             "Farmers count the cost of the storm", "Privacy policy"});
  Judged j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"site", "site", "below-threshold", "below-threshold", "below-threshold",
                                      "below-threshold", "site", "other-headline", "other-headline", "site"}));
}

TEST(DocumentJudgeTest, OtherHeadlineIsKeptWithoutAListAroundIt) {
  // Between two paragraphs of the article: a sentence that reads like
  // another story's headline, not a link box.
  ChromeTable table = SiteWithHeadlines().Build(Policy());
  std::vector<std::string> lines = {kBody[0], "Council delays the bridge decision", kBody[1], kBody[2]};
  Judged j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(j.removed, 0u);
}

TEST(DocumentJudgeTest, OwnHeadlineCountedOnOtherCopiesIsKept) {
  // The story's own headline, counted for its copies at other URLs, next
  // to chrome: its URL says it is this page's own.
  ChromeTable table = SiteWithHeadlines().Build(Policy());
  std::vector<std::string> lines = {"Home", "Bridge vote splits the valley", "Related stories", kBody[0]};
  Judged j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[1], "below-threshold");
  // Without words in the URL, the title line vouches for it.
  lines = {"Bridge vote splits the valley - News Example", "Home", "Bridge vote splits the valley",
           "Related stories", kBody[0]};
  j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[2], "below-threshold");
}

// A headline without spaces (Chinese: counted by its slug) is no
// "other-headline" (3 words or more), from pass 1's hints as without them:
// a hint's sketch says "3 words" for every line longer than it sketches
// (45 characters, 135 bytes, here). JudgeDocument() checks both paths.
TEST(DocumentJudgeTest, OtherHeadlineWantsThreeWordsWithHintsAndWithout) {
  std::string cjk;
  for (int i = 0; i < 45; ++i) {
    const uint32_t cp = 0x4E00 + 37 * static_cast<uint32_t>(i);  // CJK ideographs
    cjk += static_cast<char>(0xE0 | (cp >> 12));
    cjk += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    cjk += static_cast<char>(0x80 | (cp & 0x3F));
  }
  TableBuilder b = SiteWithHeadlines();
  b.Headline(kSite, cjk, 2);
  ChromeTable table = b.Build(Policy());
  Judged j = JudgeDocument(table, kSite, "https://www.news.example/other-story",
                           {"Home", "World", kBody[0], "Related stories", cjk, "Privacy policy"});
  EXPECT_EQ(j.rules[4], LineRule::kUnique);
}

TEST(DocumentJudgeTest, OtherHeadlineOffKeepsThem) {
  PolicyOptions p = Policy();
  p.other_headline = false;
  ChromeTable table = SiteWithHeadlines().Build(p);
  std::vector<std::string> lines = {"Related stories", "Harbour road floods again in spring",
                                    "Farmers count the cost of the storm", kBody[0]};
  Judged j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(j.removed, 1u);
}

TEST(DocumentJudgeTest, UrlTitleReadsPercentEncodedSlugsOfOtherScripts) {
  UrlTitle url_title;
  DocumentHasher hasher(true);
  auto norm = [&](const std::string& line) { return hasher.HashLine(line, 0), hasher.normalized(); };
  // A Russian slug, written as crawlers write it (UTF-8 as %XX escapes).
  const std::string ru =
      "https://ria.example/politika/20240101-%D0%BF%D1%80%D0%B5%D0%BC%D1%8C%D0%B5%D1%80-%D0%BC%D0%B8%D0%BD%D0%B8"
      "%D1%81%D1%82%D1%80-%D0%BF%D0%BE%D1%81%D0%B5%D1%82%D0%B8%D0%BB-%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4/";
  EXPECT_EQ(url_title.Words(ru), 6u);  // politika, 0, and the four words of the slug
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("Премьер-министр посетил завод"), ru));
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("Новости дня в регионе"), ru));
  // Accented Latin; a typographic apostrophe (U+2019) breaks words, as in
  // normal forms.
  const std::string fr = "https://m.zuko.be/accueil/00042-anquies%C3%AA-d%C3%A9tjeau-sixbai-d%E2%80%99un-prutpl%C3%A9";
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("Anquiesê détjeau sixbai d’un prutplé"), fr));
  // Upper-case letters of other scripts are case-folded as in normal forms
  // ("Премьер" in the slug).
  const std::string upper =
      "https://ria.example/politika/%D0%9F%D1%80%D0%B5%D0%BC%D1%8C%D0%B5%D1%80-%D0%BC%D0%B8%D0%BD%D0%B8"
      "%D1%81%D1%82%D1%80-%D0%BF%D0%BE%D1%81%D0%B5%D1%82%D0%B8%D0%BB-%D0%B7%D0%B0%D0%B2%D0%BE%D0%B4";
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("премьер-министр посетил завод"), upper));
  // A stray '%' or a bad escape is a character like any other.
  EXPECT_EQ(url_title.Words("https://x.example/a-100%-sure-%zzthing"), 4u);  // a, 0, sure, zzthing
}

// A slug in another script is matched by its bytes: Chinese and Japanese
// have no spaces (one "word"), and percent-encoding (6 to 12 bytes a
// character) makes sites' byte caps cut a slug early, often mid-word.
TEST(DocumentJudgeTest, UrlTitleMatchesSlugsWithoutSpacesOrCutShort) {
  UrlTitle url_title;
  DocumentHasher hasher(true);
  auto norm = [&](const std::string& line) { return hasher.HashLine(line, 0), hasher.normalized(); };
  // /首页/00023-场间发展动受在算于多本有在一个 (one word, after the article id)
  const std::string zh =
      "https://news.cabo.hk/%E9%A6%96%E9%A1%B5/00023-%E5%9C%BA%E9%97%B4%E5%8F%91%E5%B1%95%E5%8A%A8%E5%8F%97"
      "%E5%9C%A8%E7%AE%97%E4%BA%8E%E5%A4%9A%E6%9C%AC%E6%9C%89%E5%9C%A8%E4%B8%80%E4%B8%AA";
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("场间发展动受在算于多本有在一个"), zh));
  EXPECT_TRUE(url_title.HasSlug());
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("相关新闻"), zh));
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("场间发展动受在算于多本"), zh)) << "under 3/4 of the slug";
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("在很出及进行甚队任报太门在很出及进行"), zh));
  // The same with a file extension and an id after it.
  const std::string zh_html =
      "https://news.cabo.hk/2024/05/%E5%9C%BA%E9%97%B4%E5%8F%91%E5%B1%95%E5%8A%A8%E5%8F%97"
      "%E5%9C%A8%E7%AE%97%E4%BA%8E%E5%A4%9A%E6%9C%AC%E6%9C%89%E5%9C%A8%E4%B8%80%E4%B8%AA-123456.html?from=rss";
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("场间发展动受在算于多本有在一个"), zh_html));
  // Japanese cut at 200 bytes of escapes: mid-character, mid-escape ("%E").
  const std::string ja =
      "https://www.baruguge.co.jp/%E3%82%B9%E3%83%9D%E3%83%BC%E3%83%84/00051-"
      "%E5%AF%BE%E8%A8%98%E3%81%A8%E6%B1%BA%E4%BA%AC%E4%BA%BA%E3%82%84%E7%9B%B8%E8%87%A3%E3%81%B8%E6%98%8E"
      "%E5%A4%96%E3%82%92%E6%83%85%E5%A0%B1%E3%81%AE%E6%83%85%E5%A0%B1%E8%A9%B1%E9%9F%BF%E3%81%AB%E3%82%BF%E";
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("対記と決京人や相臣へ明外を情報の情報話響にタヨーブも影響"), ja));
  const std::string ja_cut_in_char = ja.substr(0, ja.size() - 10);  // ...%E3%81%AB%E3%82: に, half of タ
  EXPECT_TRUE(url_title.LooksLikeTitle(norm("対記と決京人や相臣へ明外を情報の情報話響にタヨーブも影響"), ja_cut_in_char));
  // Accented Latin cut mid-word: 5 of the headline's 8 words, the last cut.
  const std::string fr = "https://m.zuko.be/accueil/00015-leur-trinplinr-daipl%C3%A9npich%C3%A9s-le-pleauxdi";
  EXPECT_TRUE(url_title.LooksLikeTitle(
      norm("Leur trinplinr daiplénpichés le pleauxdin tiegronsbrauceaux aussi tremuplou"), fr));
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("Leur trinplinr daiplénpichés était hier"), fr));
  // A section's name is no slug (under 24 bytes: スポーツ is 12): its menu
  // item is not the page's headline.
  const std::string section = "https://www.baruguge.co.jp/%E3%82%B9%E3%83%9D%E3%83%BC%E3%83%84/";
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("スポーツ"), section));
  EXPECT_FALSE(url_title.HasSlug());
  // An ASCII slug keeps the word test alone (a cut slug of English words is
  // matched word by word).
  EXPECT_FALSE(url_title.LooksLikeTitle(norm("Your market government is there what council old since and more"),
                                        "https://x.example/news/your-market-government-is-there-what-co"));
  EXPECT_FALSE(url_title.HasSlug());
  // The screens: the slug's by length (the line must reach 3/4 of it); the
  // word test's sketch screen rejects a one-word line.
  url_title.Words(zh);
  const size_t headline_bytes = norm("场间发展动受在算于多本有在一个").size();
  EXPECT_TRUE(url_title.MaySlugMatch(headline_bytes));
  EXPECT_FALSE(url_title.MaySlugMatch(headline_bytes * 3 / 4 - 1));
  EXPECT_FALSE(url_title.MayMatch(WordSketch()));
  EXPECT_TRUE(url_title.LooksLikeTitleOfLastUrl(norm("场间发展动受在算于多本有在一个")));
  EXPECT_FALSE(url_title.LooksLikeTitleOfLastUrl(norm("相关新闻")));
}

TEST(DocumentJudgeTest, OwnHeadlineKeysAreTheUrlLineAndTheTitlePart) {
  DocumentHasher hasher(true);
  UrlTitle url_title;
  const uint64_t seed = SiteSeed(kSite);
  auto headline = [&](const std::string& line) { return HeadlineKey(hasher.HashLine(line, seed).key); };
  const uint64_t own = headline("Bridge vote splits the valley");
  const uint64_t title = headline("Bridge vote splits the valley - News Example");
  const std::string text = Join({"Bridge vote splits the valley - News Example", "Home",
                                 "Bridge vote splits the valley", kBody[0]});
  ParsedRecord record;
  FillRecord(text, &record);
  record.url = kStoryUrl;
  std::vector<LineKeys> keys;
  hasher.Hash(record, seed, &keys);
  std::vector<uint64_t> out;
  OwnHeadlineKeys(record, keys, seed, &hasher, &url_title, &out);
  // The URL's line and the title's part before " - " have one normal form:
  // one key, once.
  EXPECT_EQ(out, (std::vector<uint64_t>{own}));
  // No URL words: the title line, and its part before the separator.
  record.url = kUrl;
  hasher.Hash(record, seed, &keys);
  out.clear();
  OwnHeadlineKeys(record, keys, seed, &hasher, &url_title, &out);
  EXPECT_EQ(out, (std::vector<uint64_t>{title, own}));
  // Pass 2 agrees that each is the page's own.
  EXPECT_TRUE(IsOwnHeadline("bridge vote splits the valley", keys[0].normalized, kUrl, &url_title));
  EXPECT_TRUE(IsOwnHeadline(keys[0].normalized, keys[0].normalized, kUrl, &url_title));
  EXPECT_FALSE(IsOwnHeadline("farmers count the cost of the storm", keys[0].normalized, kUrl, &url_title));
}

// --- "headline-list": headlines of other pages run together -------------

TEST(DocumentJudgeTest, HeadlineLineKeyInvertsHeadlineKey) {
  uint64_t x = 0x243f6a8885a308d3ull;
  for (int i = 0; i < 10000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;  // any 64-bit values
    ASSERT_EQ(HeadlineLineKey(HeadlineKey(x)), x) << i;
  }
  EXPECT_EQ(HeadlineLineKey(HeadlineKey(0)), 0u);
  EXPECT_EQ(HeadlineLineKey(HeadlineKey(~uint64_t{0})), ~uint64_t{0});
}

std::vector<std::string> Segments(const std::string& line) {
  std::vector<std::string_view> views;
  const size_t n = HeadlineListSegments(line, &views);
  EXPECT_EQ(n, views.size());
  return std::vector<std::string>(views.begin(), views.end());
}

TEST(DocumentJudgeTest, HeadlineListSegmentsCutWhereItemsRunTogether) {
  EXPECT_EQ(Segments("Blair rejects Tory terror offerChildren vote Shrek 2 best filmFockers keeps US box office lead"),
            (std::vector<std::string>{"Blair rejects Tory terror offer", "Children vote Shrek 2 best film",
                                      "Fockers keeps US box office lead"}));
  EXPECT_EQ(Segments("Politics | India | Bookmakers back Aviator for Oscar |Cricket"),
            (std::vector<std::string>{"Politics", "India", "Bookmakers back Aviator for Oscar", "Cricket"}));
  EXPECT_EQ(Segments("Sales 'fail to boost High Street'California sets fines \xe2\x80\xa2 Oil at $50?Markets fall"),
            (std::vector<std::string>{"Sales 'fail to boost High Street'", "California sets fines", "Oil at $50?",
                                      "Markets fall"}));
  // A sentence has spaces before its capitals: nothing to cut.
  EXPECT_EQ(Segments("The council met on Monday. It said No to the bridge."),
            (std::vector<std::string>{"The council met on Monday. It said No to the bridge."}));
  EXPECT_EQ(Segments(" | "), (std::vector<std::string>{}));
}

// Pages of two other sites whose own headlines pass 1 counted; the
// headlines of a list on a news.example page are theirs.
TableBuilder SitesWithHeadlines() {
  TableBuilder b = NewsSite();
  b.Site("daily.example", 40).Site("weekly.example", 10).Site("tiny.example", 2);
  b.Headline("daily.example", "Blair rejects Tory terror offer", 1)
      .Headline("daily.example", "Children vote Shrek 2 best film", 1)
      .Headline("weekly.example", "Fockers keeps US box office lead", 1)
      .Headline(kSite, "Bridge vote splits the valley", 1);
  return b;
}

TEST(DocumentJudgeTest, HeadlineListOfOtherPagesHeadlinesIsRemoved) {
  ChromeTable table = SitesWithHeadlines().Build(Policy());
  const std::string list = "Blair rejects Tory terror offerChildren vote Shrek 2 best filmFockers keeps US box office lead";
  std::vector<std::string> lines = {"Bridge vote splits the valley - News Example", "Home", kBody[0], list,
                                    kBody[1], "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"below-threshold", "site", "below-threshold",
                                                          "headline-list", "below-threshold", "site"}));
  EXPECT_TRUE(IsRemoved(LineRule::kHeadlineList));
  // Separated by bars, with section names between them (less than half of
  // the line): still a list.
  lines[3] = "Politics | Blair rejects Tory terror offer | Sport | Children vote Shrek 2 best film";
  j = JudgeDocument(table, kSite, kStoryUrl, lines);
  EXPECT_EQ(j.rules[3], LineRule::kHeadlineList);
  // Also on a site too small to judge by its counts.
  j = JudgeDocument(table, "tiny.example", "https://tiny.example/p/1", {"Title", kBody[0], list});
  EXPECT_EQ(RuleNames(j.rules), (std::vector<std::string>{"small-site", "small-site", "headline-list"}));
  // Off.
  PolicyOptions off = Policy();
  off.headline_list = false;
  ChromeTable table_off = SitesWithHeadlines().Build(off);
  j = JudgeDocument(table_off, kSite, kStoryUrl, {"Title", kBody[0], list, kBody[1]});
  EXPECT_EQ(j.removed, 0u);
}

TEST(DocumentJudgeTest, HeadlineListNeedsTwoHeadlinesOfOtherPagesAndHalfTheLine) {
  ChromeTable table = SitesWithHeadlines().Build(Policy());
  const std::string title = "Bridge vote splits the valley - News Example";
  // One headline only, run into a word.
  Judged j = JudgeDocument(table, kSite, kStoryUrl,
                           {title, kBody[0], "Blair rejects Tory terror offerMore", kBody[1]});
  EXPECT_EQ(j.removed, 0u);
  // This page's own headline is no evidence.
  j = JudgeDocument(table, kSite, kStoryUrl,
                    {title, kBody[0], "Bridge vote splits the valleyBlair rejects Tory terror offer", kBody[1]});
  EXPECT_EQ(j.removed, 0u);
  // Two headlines in a long sentence: less than half of the line.
  j = JudgeDocument(table, kSite, kStoryUrl,
                    {title, kBody[0],
                     "Readers of the paper wrote in all week about the vote and the bridge, and most said the "
                     "council should wait | Blair rejects Tory terror offer | Children vote Shrek 2 best film",
                     kBody[1]});
  EXPECT_EQ(j.removed, 0u);
  // Headlines not counted by pass 1 (no page has them as its own).
  j = JudgeDocument(table, kSite, kStoryUrl,
                    {title, kBody[0], "Harbour road floods again in springFarmers count the cost of the storm",
                     kBody[1]});
  EXPECT_EQ(j.removed, 0u);
  // The first line (the page's title) is never one.
  j = JudgeDocument(table, kSite, kUrl, {"Blair rejects Tory terror offer | Children vote Shrek 2 best film", kBody[0]});
  EXPECT_EQ(j.removed, 0u);
}

// --- "templated": a site-frequent label with a changing tail ---------------

TEST(DocumentJudgeTest, TemplatePrefixIsTheLabel) {
  std::string prefix;
  EXPECT_TRUE(TemplatePrefix("Filed under: Politics, Courts", &prefix));
  EXPECT_EQ(prefix, "filed under");
  EXPECT_TRUE(TemplatePrefix("READ MORE: Council delays the bridge decision", &prefix));
  EXPECT_EQ(prefix, "read more");
  // A byline, a date, a credit: facts about this page, not templates.
  EXPECT_FALSE(TemplatePrefix("By Jane Doe | 12 March 2024", &prefix));
  EXPECT_FALSE(TemplatePrefix("Photo: Jane Doe/Agency", &prefix));
  EXPECT_FALSE(TemplatePrefix("Posted by Jane Doe, Product Manager", &prefix));
  EXPECT_TRUE(TemplatePrefix("Posted in World", &prefix));
  EXPECT_EQ(prefix, "posted in");
  EXPECT_TRUE(TemplatePrefix("Home \xc2\xbb World \xc2\xbb Europe", &prefix));
  EXPECT_EQ(prefix, "home");
  // Sentences: no separator after the first words, or not a lead-in, or
  // ending like a sentence.
  EXPECT_FALSE(TemplatePrefix("However, the council said the bridge would wait.", &prefix));
  EXPECT_FALSE(TemplatePrefix("By the end of the year the road was closed.", &prefix));
  EXPECT_FALSE(TemplatePrefix("The mayor told reporters on Monday that: it will be built", &prefix));
  EXPECT_FALSE(TemplatePrefix("Tags:", &prefix));
  EXPECT_FALSE(TemplatePrefix("http://example.com/a/b", &prefix));
}

// A generated site: `docs` documents, each with a title line, an article
// (lines unique to it) and a "Filed under: ..." line whose topics change;
// counted as pass 1 counts them (distinct line keys and template keys per
// document). With `read_more`, each article also has "READ MORE: <the next
// story's headline>" between its two paragraphs, and pass 1 counted each
// story's headline ("Flood story of <N in letters>ville") as its own.
// `extra`: lines counted on that many of the documents besides.
ChromeTable CountGeneratedSite(const PolicyOptions& policy, size_t docs, bool read_more = false,
                               const std::vector<std::pair<std::string, int>>& extra = {}) {
  DocumentHasher hasher(policy.fold_dates);
  const uint64_t seed = SiteSeed(kSite);
  std::map<uint64_t, ChromeTable::Entry> entries;
  auto add = [&](uint64_t key, uint64_t global) {
    ChromeTable::Entry& e = entries[key];
    e.key = key;
    e.global = global;
    ++e.count;
  };
  for (const auto& [line, count] : extra) {
    const LineKeys k = hasher.HashLine(line, seed);
    for (int i = 0; i < count; ++i) add(k.key, k.global);
  }
  const char* topics[] = {"Politics", "Courts", "Weather", "Sport", "Farming", "Roads", "Schools"};
  for (size_t d = 0; d < docs; ++d) {
    const std::string id = std::to_string(d);
    std::vector<std::string> lines = {
        "Story number " + id + " of the valley - News Example", "Home",
        "Residents of district " + id + " met the council on a wet evening.",
        "However, the council said the plan for road " + id + " would have to wait.",
        std::string("Filed under: ") + topics[d % 7] + ", " + topics[(d / 7) % 7],
        std::string("Review: ") + topics[(d + 3) % 7] + " in the hills", "Privacy policy"};
    if (read_more) {
      // (A line with a digit says something about its page: no digits.)
      auto headline = [](size_t k) {
        return "Flood story of " + std::string(1, static_cast<char>('a' + k % 26)) +
               std::string(1, static_cast<char>('a' + k / 26)) + "ville";
      };
      lines.insert(lines.begin() + 3, "READ MORE: " + headline(d + 1));
      const LineKeys own = hasher.HashLine(headline(d), seed);
      add(HeadlineKey(own.key), HeadlineGlobal(HeadlineKey(own.key)));
    }
    const std::string text = Join(lines);
    ParsedRecord record;
    FillRecord(text, &record);
    std::vector<LineKeys> keys;
    hasher.Hash(record, seed, &keys);
    std::vector<uint64_t> seen;
    for (const LineKeys& k : keys) {
      if (k.blank || std::find(seen.begin(), seen.end(), k.key) != seen.end()) continue;
      seen.push_back(k.key);
      add(k.key, k.global);
    }
    std::string scratch;
    std::vector<uint64_t> templates;
    OwnTemplateKeys(record, keys, seed, &scratch, &templates);
    for (uint64_t key : templates) add(key, TemplateGlobal(key));
  }
  std::vector<ChromeTable::Entry> sorted;
  for (const auto& [key, e] : entries) sorted.push_back(e);
  return ChromeTable({{kSite, docs}}, std::move(sorted), policy, /*site_by_domain=*/true);
}

TEST(DocumentJudgeTest, TemplatedLinesAcrossASiteAreRemoved) {
  ChromeTable table = CountGeneratedSite(Policy(), 40);
  std::vector<std::string> lines = {
      "Review: the harbour at dawn - News Example", "Home",
      "Review: the harbour at dawn",  // the page's own headline (its title's part)
      "Residents of the harbour met the council on a dry evening.",
      "However, the council said the plan for the harbour would have to wait.",
      "Filed under: Harbours, Weather", "Review: Fishing in the bay", "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "below-threshold", "below-threshold",
                                      "below-threshold", "templated", "templated", "site"}));
}

TEST(DocumentJudgeTest, TemplatedTakesWeakCandidatesAtTheEdgeOfTheText) {
  // "Filed under: Harbours, Weather" on 2 of the 40 pages: a weak candidate
  // that "isolated" would keep beside the article's last paragraph (with
  // kept text on one side, up to 6% of the pages here). The site repeats its shape ("Filed under:" on every
  // page): templated chrome at the edge of the text, as a line below the
  // threshold is.
  ChromeTable table = CountGeneratedSite(Policy(), 40, /*read_more=*/false, {{"Filed under: Harbours, Weather", 2}});
  std::vector<std::string> lines = {"Title of a page - News Example", "Home", kBody[0], kBody[1],
                                    "Filed under: Harbours, Weather", "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[4], "templated");
  // Between two paragraphs it stays a candidate for "isolated" (a label
  // inside running text may be a sentence of it).
  lines = {"Title of a page - News Example", "Home", kBody[0], "Filed under: Harbours, Weather", kBody[1],
           "Privacy policy"};
  j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[3], "protected-isolated");
  // Off: "isolated" keeps it at the edge too.
  PolicyOptions off = Policy();
  off.templated = false;
  lines = {"Title of a page - News Example", "Home", kBody[0], kBody[1], "Filed under: Harbours, Weather",
           "Privacy policy"};
  j = JudgeDocument(CountGeneratedSite(off, 40, false, {{"Filed under: Harbours, Weather", 2}}), kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[4], "protected-isolated") << testing::PrintToString(RuleNames(j.rules));
}

TEST(DocumentJudgeTest, TemplatedNeedsALargeShareOfTheSite) {
  // A label on 10 of 40 pages is enough (25%); a site where most pages have
  // no such line keeps it. Off: kept.
  PolicyOptions p = Policy();
  const std::vector<std::string> lines = {"Title of a page - News Example", "Home",
                                          "Filed under: Harbours, Weather", "Privacy policy"};
  EXPECT_EQ(RuleNames(JudgeDocument(CountGeneratedSite(p, 40), kSite, kUrl, lines).rules)[2], "templated");
  p.templated_fraction = 1.01;
  EXPECT_EQ(RuleNames(JudgeDocument(CountGeneratedSite(p, 40), kSite, kUrl, lines).rules)[2],
            "below-threshold");
  p = Policy();
  p.templated = false;
  EXPECT_EQ(RuleNames(JudgeDocument(CountGeneratedSite(p, 40), kSite, kUrl, lines).rules)[2],
            "below-threshold");
}

TEST(DocumentJudgeTest, TemplatedKeepsKickersNumbersAndRunningText) {
  ChromeTable table = CountGeneratedSite(Policy(), 40);
  // This story's kicker (a label word in the URL); a line with a number;
  // a labelled line with the article's text on both sides.
  std::vector<std::string> lines = {"Title of a page - News Example", "Home",
                                    "Review: the bridge at dawn", "Filed under: Roads 2024", kBody[0],
                                    "Review: the bridge again", kBody[1], "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, "https://www.news.example/review/bridge-at-dawn", lines);
  EXPECT_EQ(j.removed, 2u) << testing::PrintToString(RuleNames(j.rules));
  lines[2] = "Filed under: Roads, Bridges";
  j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[2], "templated");
  EXPECT_EQ(RuleNames(j.rules)[3], "below-threshold");
  EXPECT_EQ(RuleNames(j.rules)[5], "below-threshold");
}

TEST(DocumentJudgeTest, TemplatedLinkToAnotherPageGoesEvenInsideTheText) {
  ChromeTable table = CountGeneratedSite(Policy(), 40, /*read_more=*/true);
  // Between two paragraphs, where a plain templated line stays: its tail is
  // another page's own headline, so the line is a link to that page.
  std::vector<std::string> lines = {"Title of a page - News Example", "Home", kBody[0],
                                    "READ MORE: Flood story of hbville", kBody[1],
                                    "READ MORE: the council and the harbour road", kBody[2], "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "below-threshold", "templated",
                                      "below-threshold", "below-threshold", "below-threshold", "site"}));
  // This page's own headline after the label stays.
  j = JudgeDocument(table, kSite, "https://www.news.example/flood-story-of-hbville", lines);
  EXPECT_EQ(RuleNames(j.rules)[3], "below-threshold");
  // Off: kept.
  PolicyOptions off = Policy();
  off.templated = false;
  j = JudgeDocument(CountGeneratedSite(off, 40, true), kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules)[3], "below-threshold");
}

TEST(DocumentJudgeTest, TemplatedKeepsArticleSentencesAndTheTitle) {
  ChromeTable table = CountGeneratedSite(Policy(), 40);
  // "Filed under:" as the page's first line (its title) stays; sentences
  // that start with a common word stay.
  std::vector<std::string> lines = {"Filed under: a story about labels", "Home",
                                    "However, the council said no.", "However, the council said no again",
                                    "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "below-threshold", "below-threshold", "site"}));
}

// --- "interview": questions and their short answers ----------------------

// A site whose interviews reuse questions and short answers: each on a few
// of its 100 pages (weak candidates), with a strong "Advertisement".
TableBuilder InterviewSite() {
  TableBuilder b = NewsSite();
  b.Add(kSite, "Q: Did the club know?", 12)
      .Add(kSite, "No.", 25)
      .Add(kSite, "Q: Was it worth it?", 8)
      .Add(kSite, "Not yet.", 20)
      .Add(kSite, "Q: Will you do it again?", 6)
      .Add(kSite, "Of course!", 9)
      .Add(kSite, "Advertisement", 90);
  return b;
}

const std::vector<std::string> kInterview = {
    "Q: Did the club know?", "No.", "Q: Was it worth it?", "Not yet.", "Q: Will you do it again?",
    "Of course!"};

TEST(DocumentJudgeTest, InterviewQuestionsAndAnswersAreProtected) {
  ChromeTable table = InterviewSite().Build(Policy());
  // Six candidates in a row: too long a run for "isolated" (4), and every
  // one of them repeats; but each answer follows a question.
  std::vector<std::string> doc = {"Home", "World", kBody[0]};
  doc.insert(doc.end(), kInterview.begin(), kInterview.end());
  doc.insert(doc.end(), {kBody[1], "Privacy policy"});
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"site", "site", "below-threshold", "protected-interview",
                                      "protected-interview", "protected-interview", "protected-interview",
                                      "protected-interview", "protected-interview", "below-threshold",
                                      "site"}));
  EXPECT_EQ(j.removed, 3u);
  EXPECT_FALSE(IsRemoved(LineRule::kProtectedInterview));
  // Blank lines between a question and its answer do not matter; a
  // question kept by its counts (seen once) still asks.
  std::vector<std::string> spaced = {kBody[0], "Q: Who called you first?", "", "No.", "",
                                     "Q: Was it worth it?", "", "Not yet.", "Advertisement",
                                     "Q: Will you do it again?", "Of course!", kBody[1]};
  j = JudgeDocument(table, kSite, kUrl, spaced);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "below-threshold", "blank", "protected-interview",
                                      "blank", "protected-interview", "blank", "protected-interview", "site",
                                      "protected-interview", "protected-interview", "below-threshold"}));
  // Off: the run is too long for "isolated", and goes.
  PolicyOptions off = Policy();
  off.protect_interview = false;
  ChromeTable table_off = InterviewSite().Build(off);
  j = JudgeDocument(table_off, kSite, kUrl, doc);
  EXPECT_EQ(j.removed, 9u);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
}

TEST(DocumentJudgeTest, InterviewNeedsTwoExchangesInsideTheText) {
  ChromeTable table = InterviewSite().Build(Policy());
  // One exchange is no interview ("isolated" judges it, as before).
  std::vector<std::string> one = {kBody[0], "Q: Did the club know?", "No.", kBody[1], kBody[2]};
  Judged j = JudgeDocument(table, kSite, kUrl, one);
  EXPECT_EQ(j.rules[1], LineRule::kProtectedIsolated);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedIsolated);
  // No article text after the exchanges (the bottom of the page): chrome.
  std::vector<std::string> bottom = {kBody[0], kBody[1]};
  bottom.insert(bottom.end(), kInterview.begin(), kInterview.end());
  bottom.push_back("Privacy policy");
  j = JudgeDocument(table, kSite, kUrl, bottom);
  EXPECT_EQ(j.removed, 7u) << testing::PrintToString(RuleNames(j.rules));
  // Nor before them.
  std::vector<std::string> top = {"Home"};
  top.insert(top.end(), kInterview.begin(), kInterview.end());
  top.insert(top.end(), {kBody[0], kBody[1]});
  j = JudgeDocument(table, kSite, kUrl, top);
  EXPECT_EQ(j.removed, 7u) << testing::PrintToString(RuleNames(j.rules));
}

TEST(DocumentJudgeTest, InterviewThatEndsTheArticleKeepsItsLastAnswer) {
  ChromeTable table = InterviewSite().Build(Policy());
  // Questions of this page's own (seen nowhere else): the last answer has no
  // article text after it, only the template, and is kept all the same.
  const std::vector<std::string> doc = {"Home",      kBody[0], "Q: Who called you first that morning?",
                                        "No.",       "Q: Would you go back to the club one day?",
                                        "Not yet.",  "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"site", "below-threshold", "below-threshold", "protected-interview",
                                      "below-threshold", "protected-interview", "site"}));
  // The question must come after the article's text, not be the first of
  // it: at the top of the page, an exchange is no interview's.
  const std::vector<std::string> top = {"Home", "Q: Who called you first that morning?", "No.",
                                        "Q: Would you go back to the club one day?", "Not yet.",
                                        "Privacy policy"};
  j = JudgeDocument(table, kSite, kUrl, top);
  EXPECT_NE(j.rules[2], LineRule::kProtectedInterview) << testing::PrintToString(RuleNames(j.rules));
  // An in-body label between a question and its answer (on 90 of the 100
  // pages: not a weak candidate) is not the answer; the line after it is.
  const std::vector<std::string> label = {kBody[0], "Q: Who called you first that morning?", "Advertisement",
                                          "No.", "Q: Would you go back to the club one day?", "Not yet.",
                                          kBody[1]};
  j = JudgeDocument(table, kSite, kUrl, label);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "below-threshold", "site", "protected-interview",
                                      "below-threshold", "protected-interview", "below-threshold"}));
  // Questions that the site repeats (its template's) vouch for nothing.
  std::vector<std::string> repeated = {"Home", kBody[0]};
  repeated.insert(repeated.end(), kInterview.begin(), kInterview.end());
  repeated.push_back("Privacy policy");
  j = JudgeDocument(table, kSite, kUrl, repeated);
  for (LineRule r : j.rules) EXPECT_NE(r, LineRule::kProtectedInterview);
}

TEST(DocumentJudgeTest, InterviewAnswerAfterATemplatedLinkIsProtected) {
  // "READ MORE: <another page's headline>" ("templated") between a question
  // and its answer is in-body chrome, as a label is: the answer is the line
  // after it. The short answers are on 3 of the 40 pages (weak candidates).
  ChromeTable table = CountGeneratedSite(Policy(), 40, /*read_more=*/true, {{"No.", 3}, {"Not yet.", 3}});
  const std::vector<std::string> lines = {"Title of a page - News Example",
                                          "Home",
                                          kBody[0],
                                          "Q: Who called you first that morning?",
                                          "READ MORE: Flood story of hbville",
                                          "No.",
                                          "Q: Would you go back to the club one day?",
                                          "Not yet.",
                                          "Privacy policy"};
  Judged j = JudgeDocument(table, kSite, kUrl, lines);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "below-threshold", "below-threshold", "templated",
                                      "protected-interview", "below-threshold", "protected-interview", "site"}));
}

TEST(DocumentJudgeTest, InterviewAnswersAreSentencesAndNotTheSiteTemplate) {
  TableBuilder b = InterviewSite();
  // A box of links whose items are questions and headlines (no stop at the
  // end): not an exchange.
  const std::vector<std::string> box = {"Is the bridge worth it?", "Council delays the vote",
                                        "Can the harbour be saved?", "Farmers count the cost",
                                        "Who pays for the floods?", "Museum opens new wing"};
  for (const std::string& l : box) b.Add(kSite, l, 5);
  // An answer on half of the site's pages is its template, whatever it
  // follows.
  b.Add(kSite, "Read more.", 80);
  ChromeTable table = b.Build(Policy());
  std::vector<std::string> doc = {kBody[0]};
  doc.insert(doc.end(), box.begin(), box.end());
  doc.push_back(kBody[1]);
  Judged j = JudgeDocument(table, kSite, kUrl, doc);
  EXPECT_EQ(j.removed, 6u) << testing::PrintToString(RuleNames(j.rules));
  std::vector<std::string> strong = {kBody[0], "Q: Did the club know?", "Read more.",
                                     "Q: Was it worth it?", "Not yet.", "Q: Will you do it again?",
                                     "Of course!", kBody[1]};
  j = JudgeDocument(table, kSite, kUrl, strong);
  EXPECT_EQ(RuleNames(j.rules),
            (std::vector<std::string>{"below-threshold", "site", "site", "protected-interview",
                                      "protected-interview", "protected-interview", "protected-interview",
                                      "below-threshold"}));
  // Judged without the raw lines (no record), the rule is skipped.
  const ChromeDecider decider(table);
  DocumentJudge judge(decider);
  DocumentHasher hasher(table.policy().fold_dates);
  std::vector<std::string> doc2 = {kBody[0]};
  doc2.insert(doc2.end(), kInterview.begin(), kInterview.end());
  doc2.push_back(kBody[1]);
  ParsedRecord record;
  const std::string text2 = Join(doc2);  // record.text views it
  FillRecord(text2, &record);
  std::vector<LineKeys> keys;
  hasher.Hash(record, SiteSeed(kSite), &keys);
  std::vector<LineRule> rules;
  judge.Judge(keys, table.FindSite(kSite), kUrl, [&](size_t i) { return keys[i].normalized; }, &rules);
  EXPECT_EQ(RuleNames(rules)[1], "site");
  for (LineRule r : rules) EXPECT_NE(r, LineRule::kProtectedInterview);
  j = JudgeDocument(table, kSite, kUrl, doc2);
  EXPECT_EQ(j.rules[1], LineRule::kProtectedInterview);
}


// --- "protected-dateline" and "comment-region" ------------------------------

TEST(DocumentJudgeTest, ReadsAsDateAndTimestamp) {
  EXPECT_TRUE(ReadsAsDate("July 21, 2012"));
  EXPECT_TRUE(ReadsAsDate("by John on July 21, 2012"));
  EXPECT_TRUE(ReadsAsDate("Posted by Max Fisher on October 29, 2012 at 6:48 pm"));
  EXPECT_TRUE(ReadsAsDate("Tuesday, 11.06.2012 / 4:54 PM / News"));
  EXPECT_TRUE(ReadsAsDate("2012-10-30"));
  EXPECT_TRUE(ReadsAsDate("03:06 PM EDT"));
  EXPECT_TRUE(ReadsAsDate("Nov. 5"));
  EXPECT_FALSE(ReadsAsDate("Privacy policy"));
  EXPECT_FALSE(ReadsAsDate("May the best team win"));  // a month word, no digit
  EXPECT_FALSE(ReadsAsDate("Top 10 stories"));         // a digit, no date
  EXPECT_FALSE(ReadsAsDate("Scores 3-1 and 2/3 of the votes"));
  EXPECT_FALSE(ReadsAsDate(std::string(60, 'x') + " July 21, 2012 " + std::string(40, 'y')));  // 100 bytes
  EXPECT_TRUE(ReadsAsTimestamp("August 15th, 2012 at 1:35 pm"));
  EXPECT_TRUE(ReadsAsTimestamp("Brendan Dowling 07.23.12 at 14:56"));
  EXPECT_TRUE(ReadsAsTimestamp("August 15th, 2012"));
  EXPECT_FALSE(ReadsAsTimestamp("Nov. 5"));         // a list item's date
  EXPECT_FALSE(ReadsAsTimestamp("November 2012"));  // an archive
  EXPECT_FALSE(ReadsAsTimestamp("Reply"));
}

TEST(DocumentJudgeTest, CommentsHeadingBylinesAndButtons) {
  for (const char* h : {"Comments", "comments:", "Comments (12)", "12 Comments", "1 Comment » | Published in",
                        "3 Responses to “Bridge vote”", "11 comments to Bridge vote", "5 thoughts on Bridge vote",
                        "Responses to Bridge vote", "One response to Bridge vote", "No comments", "Reader comments",
                        "Discussion", "Join the discussion", "Comments are closed.", "View all comments"})
    EXPECT_TRUE(IsCommentsHeading(h)) << h;
  for (const char* h : {"Leave a Reply", "Post a Comment", "Comment is free", "Your comments",
                        "Comments policy for this site", "Bridge vote comments from the council", "Home",
                        "Read comments on other stories"})
    EXPECT_FALSE(IsCommentsHeading(h)) << h;
  // Its tests read the first three words and whether there are more than
  // four: a heading of four words, one of five, digits run into a word.
  EXPECT_TRUE(IsCommentsHeading("Show all comments (12)"));
  EXPECT_FALSE(IsCommentsHeading("Show all comments 12 new"));
  EXPECT_FALSE(IsCommentsHeading("View all comments for this story"));
  EXPECT_TRUE(IsCommentsHeading("Comments12"));
  EXPECT_TRUE(IsCommentsHeading("12comments to Bridge vote and the council, 2012"));
  EXPECT_FALSE(IsCommentsHeading("Commentary"));
  EXPECT_FALSE(IsCommentsHeading("One comments editor says"));
  EXPECT_TRUE(IsCommentByline("Mike says:"));
  EXPECT_TRUE(IsCommentByline("Dale McNeill wrote:"));
  EXPECT_TRUE(IsCommentByline("Anna Smith said"));
  EXPECT_FALSE(IsCommentByline("says"));
  EXPECT_FALSE(IsCommentByline("The mayor says the bridge will open in spring, and the council agrees."));
  EXPECT_TRUE(IsCommentAction("Reply"));
  EXPECT_TRUE(IsCommentAction("Report abuse"));
  EXPECT_TRUE(IsCommentAction("Permalink |"));
  EXPECT_FALSE(IsCommentAction("Reply to this story by email"));
  EXPECT_FALSE(IsCommentAction("Report on the bridge"));
}

// A blog whose every page has its date line next to its headline ("by Ann
// on <date>": with dates folded, one line on all 100 pages) and a comment
// thread under the article.
constexpr char kBlog[] = "blog.example";
constexpr char kBlogUrl[] = "https://blog.example/posts/1234.html";  // no headline words

TableBuilder Blog() {
  TableBuilder b;
  b.Site(kBlog, 100);
  b.Add(kBlog, "The Blog Example", 100)
      .Add(kBlog, "Home", 100)
      .Add(kBlog, "Archives", 100)
      .Add(kBlog, "by Ann on July 21, 2012", 100)
      .Add(kBlog, "Share this", 100)
      .Add(kBlog, "12 Comments", 60)
      .Add(kBlog, "July 22, 2012 at 10:15 am", 90)
      .Add(kBlog, "Reply", 90)
      .Add(kBlog, "Leave a Reply", 100)
      .Add(kBlog, "Privacy policy", 100);
  return b;
}

const std::vector<std::string> kArticle = {
    "The river valley council voted on Tuesday to fund the long promised bridge, after a decade of delays.",
    "Farmers on both banks said the harbour road floods every spring and cuts them off from the market town.",
    "The engineers expect the first pier to stand by the autumn, if the weather holds through the summer.",
    "Opponents said the money would be better spent on the ferry, which has carried the valley for a century.",
    "A public meeting on the design will be held next month in the town hall, the council said on Wednesday.",
    "The mayor called the vote a turning point and thanked the residents who had campaigned for twenty years.",
    "Work on the approach roads is due to begin in the spring, once the land purchases have been completed.",
    "The regional government has promised to cover a third of the cost, the rest coming from a local levy.",
    "Traders in the market town hope the bridge will bring visitors back to the high street and its shops.",
    "The ferry operator said it would keep running until the bridge opens, and then look for a new route.",
    "A survey of the riverbed found the ground firm enough for the piers the engineers had first proposed.",
    "The council will publish the final budget in the autumn, after the tender for the main contract closes.",
};

std::vector<std::string> BlogPage(bool with_comments) {
  std::vector<std::string> doc = {"Bridge vote splits the valley - The Blog Example", "Home", "Archives",
                                  "Bridge vote splits the valley", "by Ann on October 3, 2012"};
  doc.insert(doc.end(), kArticle.begin(), kArticle.end());
  doc.push_back("Share this");
  if (with_comments) {
    doc.insert(doc.end(), {"12 Comments", "Tom says:", "October 3, 2012 at 9:12 am",
                           "Finally! We have waited for this bridge since I was at school in the valley.", "Reply",
                           "Mary says:", "October 3, 2012 at 11:40 am",
                           "What about the ferry workers? Nobody at the council seems to care about them.", "Reply",
                           "Joe says:", "October 4, 2012 at 8:05 pm", "Good news for the market town.", "Reply"});
  }
  doc.insert(doc.end(), {"Leave a Reply", "Privacy policy"});
  return doc;
}

TEST(DocumentJudgeTest, DatelineNextToOwnHeadlineIsProtected) {
  ChromeTable table = Blog().Build(Policy());
  const std::vector<std::string> doc = BlogPage(false);
  Judged j = JudgeDocument(table, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[3], LineRule::kUnique);  // the headline, seen once
  EXPECT_EQ(RuleNames(j.rules)[4], "protected-dateline");
  EXPECT_FALSE(IsRemoved(LineRule::kProtectedDateline));
  EXPECT_EQ(j.rules[1], LineRule::kSite);  // "Home"
  // Without the page's headline above it, a date line is the site's.
  std::vector<std::string> no_headline = doc;
  no_headline[3] = "Other stories from the valley today";
  j = JudgeDocument(table, kBlog, kBlogUrl, no_headline);
  EXPECT_EQ(j.rules[4], LineRule::kSite);
  // Not next to the headline (a line between them): the site's.
  std::vector<std::string> far = doc;
  far.insert(far.begin() + 4, "Share this");
  j = JudgeDocument(table, kBlog, kBlogUrl, far);
  EXPECT_EQ(j.rules[5], LineRule::kSite);
  // Blank lines do not count; the line above the headline counts too.
  std::vector<std::string> above = {doc[0], "Home", "by Ann on October 3, 2012", "", doc[3]};
  above.insert(above.end(), kArticle.begin(), kArticle.end());
  j = JudgeDocument(table, kBlog, kBlogUrl, above);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedDateline);
  // A line next to the date that is no date stays chrome.
  EXPECT_EQ(j.rules[1], LineRule::kSite);
  // Off.
  PolicyOptions off = Policy();
  off.protect_dateline = false;
  ChromeTable table_off = Blog().Build(off);
  j = JudgeDocument(table_off, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[4], LineRule::kSite);
}

TEST(DocumentJudgeTest, ReadsAsCalendarDate) {
  EXPECT_TRUE(ReadsAsCalendarDate("Updated: Aug 27, 2005 1:47 PM EST"));
  EXPECT_TRUE(ReadsAsCalendarDate("MUMBAI, Oct 21 (TT) -"));
  EXPECT_TRUE(ReadsAsCalendarDate("2012-10-30"));
  EXPECT_FALSE(ReadsAsCalendarDate("9:15 AM"));  // a clock time alone
  EXPECT_FALSE(ReadsAsCalendarDate("Share this"));
}

// A date next to the headline with another date beyond it is one of the
// template's stamps ("Posted: ..." over "Updated: ...", a stamp over a wire
// dateline): "dateline" keeps neither. A clock time alone on either line is
// the same date's time.
TEST(DocumentJudgeTest, DatelineInARunOfDatesIsNotProtected) {
  TableBuilder b = Blog();
  b.Add(kBlog, "Updated: July 21, 2012 4:10 PM", 100).Add(kBlog, "4:10 PM", 100);
  ChromeTable table = b.Build(Policy());
  const std::vector<std::string> page = BlogPage(false);
  // Below the headline, "Updated: ..." beyond the date.
  std::vector<std::string> doc = page;
  doc.insert(doc.begin() + 5, "Updated: October 3, 2012 6:02 PM");
  Judged j = JudgeDocument(table, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[4], LineRule::kSite);
  EXPECT_EQ(j.rules[5], LineRule::kSite);
  // Above the headline, a date beyond it (blank lines do not count).
  std::vector<std::string> above = {page[0], "Updated: October 3, 2012 6:02 PM", "", "by Ann on October 3, 2012",
                                    page[3]};
  above.insert(above.end(), kArticle.begin(), kArticle.end());
  j = JudgeDocument(table, kBlog, kBlogUrl, above);
  EXPECT_EQ(j.rules[3], LineRule::kSite);
  // A clock time beyond the date, or the date a clock time with a date
  // beyond it: one date, kept.
  std::vector<std::string> time_after = page;
  time_after.insert(time_after.begin() + 5, "4:10 PM");
  j = JudgeDocument(table, kBlog, kBlogUrl, time_after);
  EXPECT_EQ(j.rules[4], LineRule::kProtectedDateline);
  std::vector<std::string> time_next = {page[0], "by Ann on October 3, 2012", "4:10 PM", page[3]};
  time_next.insert(time_next.end(), kArticle.begin(), kArticle.end());
  j = JudgeDocument(table, kBlog, kBlogUrl, time_next);
  EXPECT_EQ(j.rules[2], LineRule::kProtectedDateline);
  // A line beyond it that is no date: kept (DatelineNextToOwnHeadlineIsProtected).
  j = JudgeDocument(table, kBlog, kBlogUrl, page);
  EXPECT_EQ(j.rules[4], LineRule::kProtectedDateline);
  // The article's first sentence beyond it, with a date in it (long, kept):
  // no stamp block, the date kept.
  std::vector<std::string> sentence = page;
  sentence.insert(sentence.begin() + 5,
                  "On October 2, 2012 the council voted five to two to build the new bridge across the valley.");
  j = JudgeDocument(table, kBlog, kBlogUrl, sentence);
  EXPECT_EQ(j.rules[5], LineRule::kUnique);
  EXPECT_EQ(j.rules[4], LineRule::kProtectedDateline);
}

TEST(DocumentJudgeTest, CommentRegionRemovesTheThread) {
  PolicyOptions on = Policy();
  on.comment_region = true;
  ChromeTable table = Blog().Build(on);
  const std::vector<std::string> doc = BlogPage(true);
  Judged j = JudgeDocument(table, kBlog, kBlogUrl, doc);
  const size_t heading = 4 + kArticle.size() + 2;  // "12 Comments"
  ASSERT_EQ(doc[heading], "12 Comments");
  EXPECT_EQ(j.rules[heading], LineRule::kSite);
  // Every kept line of the thread goes (bylines, bodies); the article stays.
  for (size_t i = heading + 1; i < heading + 13; ++i)
    EXPECT_TRUE(IsRemoved(j.rules[i])) << i << " " << doc[i];
  EXPECT_EQ(RuleNames(j.rules)[heading + 1], "comment-region");  // "Tom says:"
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  for (size_t i = 5; i < 5 + kArticle.size(); ++i) EXPECT_EQ(j.rules[i], LineRule::kUnique) << doc[i];
  EXPECT_TRUE(IsRemoved(LineRule::kCommentRegion));
  // By default (signed_comments) too: its commenters sign ("Tom says:").
  ChromeTable table_default = Blog().Build(Policy());
  j = JudgeDocument(table_default, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  // Both off: the thread's bodies stay.
  PolicyOptions off = Policy();
  off.signed_comments = false;
  ChromeTable table_off = Blog().Build(off);
  j = JudgeDocument(table_off, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
}

// A name and the comment's time, a dash or a bar between them, is a
// commenter's byline as "Mary says:" is (dated_bylines, on by default): the
// thread goes. A date with no time or year, a digit in the name or a name
// of more than 5 words is no such byline.
TEST(DocumentJudgeTest, DatedBylinesSignAThread) {
  const std::vector<std::string> page = BlogPage(false);
  auto thread = [&](const std::vector<std::string>& bylines) {
    std::vector<std::string> doc(page.begin(), page.end() - 2);  // up to "Share this"
    doc.push_back("12 Comments");
    const char* bodies[] = {"Finally! We have waited for this bridge since I was at school in the valley.",
                            "What about the ferry workers? Nobody at the council seems to care about them.",
                            "Good news for the market town."};
    for (size_t c = 0; c < 3; ++c) {
      doc.push_back(bylines[c]);
      doc.push_back(bodies[c]);
    }
    doc.insert(doc.end(), {"Leave a Reply", "Privacy policy"});
    return doc;
  };
  const size_t heading = page.size() - 2;
  const std::vector<std::string> dated = thread({"Tom \xe2\x80\x94 October 3, 2012, 9:12 am",
                                                 "Posted by: Mary Ann | Oct 3, 2012 11:40:02 AM",
                                                 "Joe Bloggs \xe2\x80\x93 October 4th, 2012"});
  ASSERT_EQ(dated[heading], "12 Comments");
  ChromeTable table_default = Blog().Build(Policy());
  Judged j = JudgeDocument(table_default, kBlog, kBlogUrl, dated);
  for (size_t i = heading + 1; i <= heading + 6; ++i)
    EXPECT_EQ(j.rules[i], LineRule::kCommentRegion) << dated[i];
  for (size_t i = 5; i < 5 + kArticle.size(); ++i) EXPECT_EQ(j.rules[i], LineRule::kUnique) << dated[i];
  // Off: no commenter's byline, the thread stays.
  PolicyOptions off = Policy();
  off.dated_bylines = false;
  j = JudgeDocument(Blog().Build(off), kBlog, kBlogUrl, dated);
  EXPECT_EQ(j.rules[heading + 2], LineRule::kUnique);
  // Not bylines: the thread stays.
  const std::vector<std::string> not_bylines[] = {
      {"Tom \xe2\x80\x94 October 3", "Mary | Oct 3", "Joe \xe2\x80\x93 November"},  // no time, no year
      {"Tom 2 \xe2\x80\x94 October 3, 2012, 9:12 am", "Mary 77 | Oct 3, 2012 11:40:02 AM",
       "Joe 9 \xe2\x80\x93 October 4th, 2012"},  // a digit in the name
      {"Our plan for the new bridge over the river \xe2\x80\x94 October 3, 2012, 9:12 am",
       "What the council said about the plan today | Oct 3, 2012 11:40:02 AM",
       "Where the ferry workers will go after it opens \xe2\x80\x93 October 4th, 2012"},  // titles
      {"Tom-October 3, 2012, 9:12 am", "Mary|Oct 3, 2012 11:40:02 AM", "Joe\xe2\x80\x93October 4th, 2012"},
  };
  for (const std::vector<std::string>& lines : not_bylines) {
    const std::vector<std::string> doc = thread(lines);
    j = JudgeDocument(table_default, kBlog, kBlogUrl, doc);
    EXPECT_EQ(j.rules[heading + 2], LineRule::kUnique) << doc[heading + 1];
  }
}

// The comment rules read prose below the page's own headline. A line that
// begins with the page's title (its first line) and goes on is that
// headline with the comment count run on to it (headline_tail, on by
// default): the thread below the article goes. Off, no headline is found
// (the URL's words are too few of the line's) and the thread stays.
TEST(DocumentJudgeTest, HeadlineWithTheCommentCountRunOnIsTheHeadline) {
  std::vector<std::string> doc = BlogPage(true);
  doc[0] = "Bridge vote splits the valley";
  doc[3] = "Bridge vote splits the valley 12 Comments";
  const size_t heading = 4 + kArticle.size() + 2;
  ASSERT_EQ(doc[heading], "12 Comments");
  const std::string url = "https://blog.example.com/2012/10/bridge-vote";
  Judged j = JudgeDocument(Blog().Build(Policy()), kBlog, url, doc);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion) << doc[heading + 3];
  EXPECT_EQ(j.rules[heading + 7], LineRule::kCommentRegion) << doc[heading + 7];
  for (size_t i = 5; i < 5 + kArticle.size(); ++i) EXPECT_EQ(j.rules[i], LineRule::kUnique) << doc[i];
  PolicyOptions off = Policy();
  off.headline_tail = false;
  j = JudgeDocument(Blog().Build(off), kBlog, url, doc);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique) << doc[heading + 3];
  // A title of fewer than 3 words is not enough to tell.
  doc[0] = "Bridge vote";
  doc[3] = "Bridge vote splits the valley 12 Comments";
  j = JudgeDocument(Blog().Build(Policy()), kBlog, url, doc);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique) << doc[heading + 3];
}

// Dates alone mark a list of dated items as well as a thread: a thread
// needs a commenter's byline or a comment's button among its marks. The
// page's own headline, and a line that begins with it, stay inside it.
TEST(DocumentJudgeTest, CommentRegionWantsABylineOrButtonAndKeepsTheHeadline) {
  PolicyOptions on = Policy();
  on.comment_region = true;
  ChromeTable table = Blog().Build(on);
  const std::vector<std::string> page = BlogPage(false);
  std::vector<std::string> doc(page.begin(), page.end() - 2);  // up to "Share this"
  const size_t heading = doc.size();
  doc.insert(doc.end(), {"12 Comments", "Tom", "October 3, 2012 at 9:12 am",
                         "Finally! We have waited for this bridge since I was at school in the valley.", "Mary",
                         "October 3, 2012 at 11:40 am",
                         "What about the ferry workers? Nobody at the council seems to care about them.", "Joe",
                         "October 4, 2012 at 8:05 pm", "Good news for the market town.", "Leave a Reply",
                         "Privacy policy"});
  // Timestamps alone (removed by their counts): no thread.
  Judged j = JudgeDocument(table, kBlog, kBlogUrl, doc);
  EXPECT_EQ(j.rules[heading + 2], LineRule::kSite);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
  EXPECT_EQ(j.rules[heading + 9], LineRule::kUnique);
  // A "Reply" button under a comment: a thread (comment_region).
  std::vector<std::string> with_button = doc;
  with_button.insert(with_button.begin() + static_cast<std::ptrdiff_t>(heading) + 4, "Reply");
  j = JudgeDocument(table, kBlog, kBlogUrl, with_button);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  EXPECT_EQ(j.rules[heading + 10], LineRule::kCommentRegion);
  // By default (signed_comments alone) a thread needs a commenter's byline.
  ChromeTable table_default = Blog().Build(Policy());
  j = JudgeDocument(table_default, kBlog, kBlogUrl, with_button);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
  std::vector<std::string> signed_thread = with_button;
  signed_thread[heading + 5] = "Mary says:";
  j = JudgeDocument(table_default, kBlog, kBlogUrl, signed_thread);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  EXPECT_EQ(j.rules[heading + 10], LineRule::kCommentRegion);
  // The page's headline, and a line that begins with it, inside the thread.
  std::vector<std::string> own = with_button;
  own[heading + 1] = page[3];
  own[heading + 5] = page[3] + " - the council's summary of the plan, as it was sent to every household";
  j = JudgeDocument(table, kBlog, kBlogUrl, own);
  EXPECT_EQ(j.rules[heading + 1], LineRule::kUnique) << own[heading + 1];
  EXPECT_EQ(j.rules[heading + 5], LineRule::kUnique) << own[heading + 5];
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  // Whole words only: a comment that begins with the headline's words run
  // on into a longer word is a comment ("...bridges", not "...bridge").
  std::string run_on = page[3];
  while (!run_on.empty() && !absl::ascii_isalpha(static_cast<unsigned char>(run_on.back()))) run_on.pop_back();
  own[heading + 5] = run_on + "s everywhere are what we need, not one more study of the valley road";
  j = JudgeDocument(table, kBlog, kBlogUrl, own);
  EXPECT_EQ(j.rules[heading + 5], LineRule::kCommentRegion) << own[heading + 5];
}

TEST(DocumentJudgeTest, CommentRegionNeedsArticleHeadingAndMarks) {
  PolicyOptions on = Policy();
  on.comment_region = true;
  ChromeTable table = Blog().Build(on);
  const std::vector<std::string> doc = BlogPage(true);
  const size_t heading = 4 + kArticle.size() + 2;
  // Too little of the article above the heading (a "Comments" link at the
  // top of the page): nothing goes.
  std::vector<std::string> short_article = {doc[0], "Home", doc[3], kArticle[0], "12 Comments", "Tom says:",
                                            "October 3, 2012 at 9:12 am", "Finally! We have waited for this.",
                                            "Reply", "Mary says:", "Not yet, it seems.", "Reply"};
  Judged j = JudgeDocument(table, kBlog, kBlogUrl, short_article);
  EXPECT_EQ(j.rules[7], LineRule::kUnique);
  // No page headline above it: nothing goes.
  std::vector<std::string> no_headline = doc;
  no_headline[3] = "Other stories from the valley today";
  j = JudgeDocument(table, kBlog, kBlogUrl, no_headline);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
  // Fewer than three marks below it: no thread.
  std::vector<std::string> two_marks(doc.begin(), doc.begin() + static_cast<std::ptrdiff_t>(heading) + 1);
  two_marks.insert(two_marks.end(), {"Tom says:", "Finally! We have waited for this bridge since school.",
                                     "Mary says:", "What about the ferry workers and their families?",
                                     "Privacy policy"});
  j = JudgeDocument(table, kBlog, kBlogUrl, two_marks);
  EXPECT_EQ(j.rules[heading + 2], LineRule::kUnique);
  // The form's heading ("Leave a Reply") opens no thread: what follows it
  // is the form and the sidebar.
  std::vector<std::string> form = doc;
  form[heading] = "Leave a Reply";
  j = JudgeDocument(table, kBlog, kBlogUrl, form);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
  // The thread ends with the last comment's body: kept text after the
  // chrome that follows it (a sidebar) is not the thread's.
  std::vector<std::string> after = doc;
  after.insert(after.end() - 1, "Sidebar: a note about the valley's history written for every new reader.");
  j = JudgeDocument(table, kBlog, kBlogUrl, after);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kCommentRegion);
  EXPECT_EQ(j.rules[after.size() - 2], LineRule::kUnique);
  // A heading that repeats below it is a list's count ("12 Comments" on
  // each item of a list of posts), not a thread's heading.
  std::vector<std::string> repeated = doc;
  repeated.insert(repeated.begin() + static_cast<std::ptrdiff_t>(heading) + 5, "12 Comments");
  j = JudgeDocument(table, kBlog, kBlogUrl, repeated);
  EXPECT_EQ(j.rules[heading + 3], LineRule::kUnique);
}

}  // namespace
}  // namespace dechrome
