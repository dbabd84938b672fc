// End-to-end quality tests of `dechrome run` on the hard cases of issue 4,
// each on a small corpus that the test generates: many sites of 20-60 pages
// built from a template (title line, header, menu, sidebar of related
// headlines, footer) around article bodies made of random pseudo-words (so
// that every body line is unique; no digits, which normalisation folds).
// Every generated line is labelled content ('c'), chrome ('n') or unscored
// ('u', the title line); the output is aligned with the input to tell which
// lines went.
//
// Also: `dechrome explain`, `--audit DIR` and `--emit attributes` (checked by
// tests/cli/check_attributes.py).

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/cli_testing.h"
#include "testing/temp_dir.h"

namespace dechrome {
namespace {

using testing::FileExists;
using testing::ReadFile;
using testing::Dechrome;
using testing::JsonInt;
using testing::Quote;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

const std::string kBin = DECHROME_BINARY;
const std::string kSrc = DECHROME_SOURCE_DIR;



// ---------------------------------------------------------------------------
// Deterministic text.

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {  // splitmix64
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  size_t Between(size_t lo, size_t hi) { return lo + Below(hi - lo + 1); }

 private:
  uint64_t s_;
};

// A pseudo-word of 2-3 consonant-vowel syllables, maybe with a final
// consonant: letters only, never a month, weekday or number word.
std::string Word(Rng& rng) {
  static const char kConsonants[] = "bcdfghklmnprstvz";
  static const char kVowels[] = "aeiou";
  std::string w;
  const size_t syllables = rng.Between(2, 3);
  for (size_t i = 0; i < syllables; ++i) {
    w.push_back(kConsonants[rng.Below(sizeof(kConsonants) - 1)]);
    w.push_back(kVowels[rng.Below(sizeof(kVowels) - 1)]);
  }
  if (rng.Below(3) == 0) w.push_back(kConsonants[rng.Below(sizeof(kConsonants) - 1)]);
  return w;
}

std::string Capitalize(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Words(Rng& rng, size_t n) {
  std::vector<std::string> w;
  for (size_t i = 0; i < n; ++i) w.push_back(Word(rng));
  return absl::StrJoin(w, " ");
}

std::string Sentence(Rng& rng, size_t lo = 10, size_t hi = 20) {
  return Capitalize(Words(rng, rng.Between(lo, hi))) + ".";
}

std::string Headline(Rng& rng) { return Capitalize(Words(rng, rng.Between(4, 5))); }

std::string Slug(const std::string& headline) {
  std::string s;
  for (char c : headline) s.push_back(c == ' ' ? '-' : static_cast<char>(std::tolower(c)));
  return s;
}

// ---------------------------------------------------------------------------
// Sites and pages.

struct Page {
  std::string id, url;
  std::vector<std::string> lines;
  std::string labels;  // one per line: c content, n chrome, u unscored
  std::string site;    // registrable domain
  std::string line_ending = "\n";
  bool trailing_newline = false;

  void Add(const std::string& line, char label) {
    lines.push_back(line);
    labels.push_back(label);
  }
  void Add(const std::vector<std::string>& ls, char label) {
    for (const std::string& l : ls) Add(l, label);
  }
  std::string Text() const {
    std::string t = absl::StrJoin(lines, line_ending);
    if (trailing_newline) t += line_ending;
    return t;
  }
  int Find(const std::string& line) const {
    auto it = std::find(lines.begin(), lines.end(), line);
    return it == lines.end() ? -1 : static_cast<int>(it - lines.begin());
  }
};

struct Article {
  std::string section, headline;
  std::vector<std::string> body;
};

const char* const kMenu[] = {"Home", "World", "Business", "Sport", "Culture", "Opinion", "Science", "Travel"};

struct Site {
  std::string domain, name;
  std::vector<std::string> header, footer;
  std::vector<Article> articles;
  std::vector<std::vector<std::string>> sidebars;  // per article

  std::string Url(size_t a, const std::string& host = "www.") const {
    return absl::StrCat("https://", host, domain, "/", articles[a].section, "/", Slug(articles[a].headline));
  }
  std::string Id(size_t a) const { return absl::StrCat(domain, "/", a); }
};

// The header and footer of a template of site `name`.
void MakeTemplate(Rng& rng, const std::string& name, std::vector<std::string>* header,
                  std::vector<std::string>* footer) {
  header->clear();
  footer->clear();
  header->push_back(name);
  header->push_back(Capitalize(Words(rng, rng.Between(5, 8))));  // tagline
  std::vector<std::string> menu(std::begin(kMenu), std::end(kMenu));
  for (size_t i = 0; i < menu.size(); ++i) std::swap(menu[i], menu[i + rng.Below(menu.size() - i)]);
  for (size_t i = 0; i < rng.Between(4, 7); ++i) header->push_back(menu[i]);
  header->push_back(absl::StrCat("Subscribe to the ", name, " newsletter"));
  footer->push_back(absl::StrCat("Copyright ", name, ". All rights reserved."));
  footer->push_back("Contact us | Privacy policy | Terms of use");
  footer->push_back(absl::StrCat("Follow ", name, " on ", Capitalize(Word(rng))));
}

std::vector<std::string> Body(Rng& rng) {
  std::vector<std::string> body;
  for (size_t i = rng.Between(4, 8); i > 0; --i) body.push_back(Sentence(rng));
  return body;
}

// A site of `pages` articles with random sidebars (4 other headlines each).
Site NewSite(Rng& rng, size_t pages) {
  Site s;
  std::string word = Word(rng);
  s.name = Capitalize(word) + (rng.Below(2) ? " Post" : " Herald");
  s.domain = word + (rng.Below(2) ? "news.com" : "times.org");
  MakeTemplate(rng, s.name, &s.header, &s.footer);
  for (size_t a = 0; a < pages; ++a) {
    Article art;
    std::string section = kMenu[1 + rng.Below(7)];
    art.section = Slug(section);
    art.headline = Headline(rng);
    art.body = Body(rng);
    s.articles.push_back(std::move(art));
  }
  for (size_t a = 0; a < pages; ++a) {
    std::vector<std::string> side;
    std::set<size_t> used = {a};
    while (side.size() < std::min<size_t>(4, pages - 1)) {
      size_t o = rng.Below(pages);
      if (used.insert(o).second) side.push_back(s.articles[o].headline);
    }
    s.sidebars.push_back(side);
  }
  return s;
}

// The standard page of article `a`: title line, header, headline, body,
// share line, related headlines, footer.
Page Render(const Site& s, size_t a, const std::vector<std::string>& header,
            const std::vector<std::string>& footer) {
  Page p;
  p.id = s.Id(a);
  p.url = s.Url(a);
  p.site = s.domain;
  const Article& art = s.articles[a];
  p.Add(art.headline + " - " + s.name, 'u');
  p.Add(header, 'n');
  p.Add(art.headline, 'c');
  p.Add(art.body, 'c');
  p.Add("Share this article", 'n');
  p.Add("Related stories", 'n');
  p.Add(s.sidebars[a], 'n');
  p.Add(footer, 'n');
  return p;
}
Page Render(const Site& s, size_t a) { return Render(s, a, s.header, s.footer); }

void AddSite(const Site& s, std::vector<Page>* pages) {
  for (size_t a = 0; a < s.articles.size(); ++a) pages->push_back(Render(s, a));
}

// Background: `n` sites of 20-60 pages.
void AddBackground(Rng& rng, size_t n, std::vector<Page>* pages) {
  for (size_t i = 0; i < n; ++i) AddSite(NewSite(rng, rng.Between(20, 60)), pages);
}

// ---------------------------------------------------------------------------
// JSONL in and out.

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          *out += absl::StrCat("\\u00", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::string ToJsonl(const std::vector<Page>& pages) {
  std::string out;
  for (const Page& p : pages) {
    out += "{\"id\":";
    AppendJsonString(p.id, &out);
    out += ",\"url\":";
    AppendJsonString(p.url, &out);
    out += ",\"text\":";
    AppendJsonString(p.Text(), &out);
    out += "}\n";
  }
  return out;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The decoded value of the JSON string that starts at `s[pos]` (a '"').
std::string JsonStringAt(const std::string& s, size_t pos) {
  std::string out;
  for (size_t i = pos + 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    char e = s[++i];
    switch (e) {
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'u': {
        uint32_t cp = std::stoul(s.substr(i + 1, 4), nullptr, 16);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && s.compare(i + 1, 2, "\\u") == 0) {
          uint32_t lo = std::stoul(s.substr(i + 3, 4), nullptr, 16);
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          i += 6;
        }
        AppendUtf8(cp, &out);
        break;
      }
      default: out.push_back(e);  // " \ /
    }
  }
  ADD_FAILURE() << "unterminated JSON string";
  return out;
}

// The string value of top-level-ish field `name` in one JSON line ("" if
// absent). Good enough for the records this test writes and dechrome keeps.
std::string JsonField(const std::string& line, const std::string& name) {
  const std::string key = "\"" + name + "\":";
  size_t p = line.find(key);
  if (p == std::string::npos) return "";
  p += key.size();
  while (p < line.size() && line[p] == ' ') ++p;
  if (p >= line.size() || line[p] != '"') return "";
  return JsonStringAt(line, p);
}


// ---------------------------------------------------------------------------
// Running and aligning.

struct RunResult {
  int rc = -1;
  std::string err;
  std::vector<std::string> ids;                   // output records in order
  std::map<std::string, std::vector<bool>> kept;  // by page id, per input line
  std::map<std::string, std::string> text;        // by page id: output text
};

// Input lines kept, by aligning the output's lines (a subsequence). Lines
// are split on '\n' as dechrome splits them (a CRLF page's lines keep their
// '\r'), and mapped back to the page's lines.
std::vector<bool> Align(const Page& p, const std::string& out_text) {
  std::vector<std::string> in = absl::StrSplit(p.Text(), '\n');
  std::vector<std::string> out = absl::StrSplit(out_text, '\n');
  std::vector<bool> kept(in.size(), false);
  size_t j = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if (j < out.size() && out[j] == in[i]) {
      kept[i] = true;
      ++j;
    }
  }
  // An emptied page is "" (one empty line that matches nothing).
  if (!(out.size() == 1 && out[0].empty() && j == 0)) {
    EXPECT_EQ(j, out.size()) << p.id << ": output lines are not a subsequence of the input";
  }
  kept.resize(p.lines.size());
  return kept;
}

RunResult RunDechrome(const TempDir& tmp, const std::vector<Page>& pages, const std::string& flags = "",
              const std::string& name = "run") {
  const std::string in = tmp.File(name + ".in.jsonl"), out = tmp.File(name + ".out.jsonl");
  WriteFile(in, ToJsonl(pages));
  RunResult r;
  r.rc = Dechrome(absl::StrCat("run -q ", flags, " ", Quote(in), " -o ", Quote(out)), nullptr, &r.err);
  if (r.rc != 0) return r;
  std::map<std::string, const Page*> by_id;
  for (const Page& p : pages) by_id[p.id] = &p;
  for (absl::string_view line : absl::StrSplit(ReadFile(out), '\n', absl::SkipEmpty())) {
    std::string l(line);
    std::string id = JsonField(l, "id");
    r.ids.push_back(id);
    auto it = by_id.find(id);
    if (it == by_id.end()) {
      ADD_FAILURE() << "unknown id in output: " << id;
      continue;
    }
    r.text[id] = JsonField(l, "text");
    r.kept[id] = Align(*it->second, r.text[id]);
  }
  EXPECT_EQ(r.ids.size(), pages.size());
  return r;
}

// Whether `line` (its first occurrence) of page `p` survived.
bool Kept(const RunResult& r, const Page& p, const std::string& line) {
  int i = p.Find(line);
  EXPECT_GE(i, 0) << p.id << " has no line '" << line << "'";
  auto it = r.kept.find(p.id);
  if (i < 0 || it == r.kept.end()) return false;
  return it->second[static_cast<size_t>(i)];
}

// Lines lost and kept by label, over `pages` (all, or one site's).
struct Score {
  size_t content = 0, content_lost = 0, chrome = 0, chrome_removed = 0;
  std::vector<std::string> lost;  // "id: line" of content lines removed (first 10)
  std::string ToString() const {
    return absl::StrCat("content lines lost ", content_lost, "/", content, ", chrome lines removed ",
                        chrome_removed, "/", chrome, lost.empty() ? "" : "; lost: ",
                        absl::StrJoin(lost, " | "));
  }
};

Score ScoreRun(const RunResult& r, const std::vector<Page>& pages, const std::string& site = "") {
  Score s;
  for (const Page& p : pages) {
    if (!site.empty() && p.site != site) continue;
    auto it = r.kept.find(p.id);
    if (it == r.kept.end()) continue;
    for (size_t i = 0; i < p.lines.size(); ++i) {
      if (p.labels[i] == 'c') {
        ++s.content;
        if (!it->second[i]) {
          ++s.content_lost;
          if (s.lost.size() < 10) s.lost.push_back(p.id + ": " + p.lines[i]);
        }
      } else if (p.labels[i] == 'n') {
        ++s.chrome;
        s.chrome_removed += it->second[i] ? 0 : 1;
      }
    }
  }
  return s;
}

struct ExplainRow {
  std::string action, rule, text;
};

// The rows of `dechrome explain` output, in line order.
std::vector<ExplainRow> ParseExplain(const std::string& out) {
  std::vector<ExplainRow> rows;
  bool in_rows = false;
  for (absl::string_view line_view : absl::StrSplit(out, '\n')) {
    std::string line(line_view);
    if (!in_rows) {
      in_rows = line.rfind("line ", 0) == 0 && line.find("action") != std::string::npos;
      continue;
    }
    if (line.empty()) continue;
    std::istringstream in(line);
    std::string n, count, thresh, sites;
    ExplainRow row;
    in >> n >> row.action >> row.rule >> count >> thresh >> sites;
    std::streampos pos = in.tellg();
    std::string rest = pos < 0 ? "" : line.substr(static_cast<size_t>(pos));
    if (rest.rfind("  ", 0) == 0) rest = rest.substr(2);
    size_t arrow = rest.find("  ->  ");
    row.text = arrow == std::string::npos ? rest : rest.substr(0, arrow);
    rows.push_back(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// The hard cases.

TEST(QualityCliTest, NearDuplicateCopiesKeepTheirBody) {
  TempDir tmp;
  Rng rng(101);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 40);
  AddSite(s, &pages);
  // One more article, at four URLs with four different chromes.
  Article art{"world", Headline(rng), {}};
  for (int i = 0; i < 8; ++i) art.body.push_back(Sentence(rng, 12, 20));
  s.articles.push_back(art);
  s.sidebars.push_back({s.articles[1].headline, s.articles[2].headline, s.articles[3].headline,
                        s.articles[4].headline});
  const size_t a = s.articles.size() - 1;
  const std::string path = absl::StrCat(s.domain, "/world/", Slug(art.headline));
  std::vector<Page> copies(4);
  {  // print
    Page& p = copies[0];
    p.id = s.Id(a) + "-print";
    p.url = absl::StrCat("https://www.", s.domain, "/print/world/", Slug(art.headline));
    p.Add("Print this article", 'n');
    p.Add("Close window", 'n');
    p.Add(art.headline, 'c');
    p.Add(art.body, 'c');
    p.Add(s.footer[0], 'n');
  }
  {  // AMP
    Page& p = copies[1];
    p.id = s.Id(a) + "-amp";
    p.url = absl::StrCat("https://www.", s.domain, "/amp/world/", Slug(art.headline));
    p.Add(art.headline + " - " + s.name, 'u');
    p.Add(s.name, 'n');
    p.Add("View the full site", 'n');
    p.Add(art.headline, 'c');
    p.Add(art.body, 'c');
    p.Add(s.footer, 'n');
  }
  {  // mobile host
    Page& p = copies[2];
    p.id = s.Id(a) + "-mobile";
    p.url = "https://m." + path;
    p.Add(art.headline + " - " + s.name, 'u');
    p.Add(s.name, 'n');
    p.Add("Search", 'n');
    p.Add("Open in the app", 'n');
    p.Add(art.headline, 'c');
    p.Add(art.body, 'c');
    p.Add("Related stories", 'n');
    p.Add(s.sidebars[a], 'n');
    p.Add(s.footer[1], 'n');
  }
  copies[3] = Render(s, a);  // tracking parameters
  copies[3].id = s.Id(a) + "-utm";
  copies[3].url = "https://www." + path + "?utm_source=newsletter&utm_medium=email";
  for (Page& p : copies) {
    p.site = s.domain;
    pages.push_back(p);
  }

  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (const Page& p : copies) {
    EXPECT_TRUE(Kept(r, p, art.headline)) << p.id;
    size_t lost = 0;
    for (const std::string& line : art.body) lost += Kept(r, p, line) ? 0 : 1;
    EXPECT_EQ(lost, 0u) << p.id << ": body lines of a copied article removed";
  }
  // The chrome around the copies still goes.
  EXPECT_FALSE(Kept(r, copies[3], s.header[0]));
  EXPECT_FALSE(Kept(r, copies[3], s.footer[0]));
  EXPECT_FALSE(Kept(r, copies[1], s.footer[0]));
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  EXPECT_GT(score.chrome_removed * 100, score.chrome * 95) << score.ToString();

  // Without the collapse the copies' bodies look like chrome: the case is a
  // real one. (Only the lead survives: it sits under the page's own
  // headline, and the "lead" rule keeps it.)
  RunResult plain = RunDechrome(tmp, pages, "--no-near-duplicates --no-protect-lead", "plain");
  ASSERT_EQ(plain.rc, 0) << plain.err;
  size_t lost = 0;
  for (const std::string& line : art.body) lost += Kept(plain, copies[3], line) ? 0 : 1;
  EXPECT_EQ(lost, art.body.size());
}

// Two posts of a small blog under one large sidebar (40 titles of older
// posts, on these two pages alone): nearly all their long lines are the
// sidebar's, but each has text of its own, so they are two articles, not
// copies (own-text-apart), and the sidebar, on two pages, goes as chrome.
// With --no-own-text-apart they join as near-duplicates and the sidebar
// counts once: it stays.
TEST(QualityCliTest, TwoPostsUnderOneSidebarAreNoCopies) {
  TempDir tmp;
  Rng rng(733);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 8);
  std::vector<std::string> blogroll;
  while (blogroll.size() < 40) {
    std::string t = Capitalize(Words(rng, 6));
    if (t.size() >= 44 && t.size() <= 56) blogroll.push_back(t);
  }
  const size_t first = pages.size();
  for (size_t a = 0; a < s.articles.size(); ++a) {
    const Article& art = s.articles[a];
    Page p;
    p.id = s.Id(a);
    p.url = s.Url(a);
    p.site = s.domain;
    p.Add(s.header, 'n');
    p.Add(art.headline, 'c');
    p.Add(art.body, 'c');
    if (a < 2) p.Add(blogroll, 'n');
    p.Add(s.footer, 'n');
    pages.push_back(p);
  }
  const Page& post = pages[first];
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  size_t kept = 0;
  for (const std::string& line : blogroll) kept += Kept(r, post, line) ? 1 : 0;
  EXPECT_EQ(kept, 0u) << "sidebar lines kept";
  for (size_t a = 0; a < 2; ++a)
    for (const std::string& line : s.articles[a].body) EXPECT_TRUE(Kept(r, pages[first + a], line)) << line;

  RunResult joined = RunDechrome(tmp, pages, "--no-own-text-apart", "joined");
  ASSERT_EQ(joined.rc, 0) << joined.err;
  kept = 0;
  for (const std::string& line : blogroll) kept += Kept(joined, post, line) ? 1 : 0;
  EXPECT_EQ(kept, blogroll.size());
}

TEST(QualityCliTest, HeadlineKeptOnItsPageRemovedFromSidebars) {
  TempDir tmp;
  Rng rng(202);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 40);
  const std::string h = s.articles[0].headline;
  // Listed in the sidebar of 10 of the 39 other pages (25%), nowhere else.
  for (size_t a = 1; a < s.articles.size(); ++a) {
    std::vector<std::string>& side = s.sidebars[a];
    side.erase(std::remove(side.begin(), side.end(), h), side.end());
    while (side.size() > 3) side.pop_back();
    if (a <= 10) {
      side.insert(side.begin() + static_cast<long>(a % 3), h);
    } else {
      for (size_t o = a + 1;; ++o) {
        const std::string& other = s.articles[1 + o % 39].headline;
        if (1 + o % 39 != a && std::find(side.begin(), side.end(), other) == side.end()) {
          side.push_back(other);
          break;
        }
      }
    }
  }
  const size_t first = pages.size();
  AddSite(s, &pages);
  const Page& own = pages[first];
  ASSERT_EQ(own.lines[0], h + " - " + s.name);
  ASSERT_NE(own.url.find(Slug(h)), std::string::npos);

  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_TRUE(Kept(r, own, h)) << "headline removed from its own page " << own.url;
  size_t in_sidebars = 0, kept_in_sidebars = 0;
  for (size_t a = 1; a < s.articles.size(); ++a) {
    const Page& p = pages[first + a];
    int i = p.Find(h);
    if (i < 0) continue;
    ++in_sidebars;
    kept_in_sidebars += r.kept[p.id][static_cast<size_t>(i)] ? 1 : 0;
  }
  EXPECT_EQ(in_sidebars, 10u);
  EXPECT_EQ(kept_in_sidebars, 0u) << "sidebar copies of the headline kept";
  Score score = ScoreRun(r, pages, s.domain);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // Without the title protection it goes with the header: the case is real.
  RunResult off = RunDechrome(tmp, pages, "--no-protect-title", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  EXPECT_FALSE(Kept(off, own, h));

  // explain says why.
  std::string out, err;
  ASSERT_EQ(Dechrome("explain --url " + Quote(own.url) + " " + tmp.File("run.in.jsonl"), &out, &err), 0) << err;
  std::vector<ExplainRow> rows = ParseExplain(out);
  ASSERT_EQ(rows.size(), own.lines.size()) << out;
  const ExplainRow& row = rows[static_cast<size_t>(own.Find(h))];
  EXPECT_EQ(row.action, "keep") << "explain disagrees with run:\n" << out;
  EXPECT_EQ(row.rule, "protected-title") << out;
}

TEST(QualityCliTest, RepeatedQuoteKeptInEveryArticle) {
  TempDir tmp;
  Rng rng(303);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 40);
  // A long quote in three articles and a short one in three others, inside
  // the body.
  const std::string long_quote = "\"" + Sentence(rng, 12, 16) + "\" said the spokesperson.";
  const std::string short_quote = "\"" + Capitalize(Words(rng, 3)) + "\" she said.";
  for (size_t a : {3, 11, 25}) s.articles[a].body.insert(s.articles[a].body.begin() + 2, long_quote);
  for (size_t a : {5, 17, 30}) s.articles[a].body.insert(s.articles[a].body.begin() + 1, short_quote);
  const size_t first = pages.size();
  AddSite(s, &pages);
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (size_t a : {3, 11, 25}) EXPECT_TRUE(Kept(r, pages[first + a], long_quote)) << a;
  for (size_t a : {5, 17, 30}) EXPECT_TRUE(Kept(r, pages[first + a], short_quote)) << a;
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // By its count alone the short quote is chrome.
  RunResult off = RunDechrome(tmp, pages, "--no-protect-isolated", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  for (size_t a : {5, 17, 30}) EXPECT_FALSE(Kept(off, pages[first + a], short_quote)) << a;
}

TEST(QualityCliTest, HeadlineListsRunTogetherAreRemoved) {
  TempDir tmp;
  Rng rng(406);
  std::vector<Page> pages;
  AddBackground(rng, 2, &pages);
  Site other = NewSite(rng, 30);
  AddSite(other, &pages);
  Site s = NewSite(rng, 40);
  const size_t first = pages.size();
  AddSite(s, &pages);
  // Every page of s has, between its paragraphs, a box of three other
  // stories' headlines whose links the text runs together (no space, no
  // line break): two of the other site, one of s's own.
  std::vector<std::string> lists;
  for (size_t a = 0; a < s.articles.size(); ++a) {
    Page& p = pages[first + a];
    const std::string list = other.articles[rng.Below(other.articles.size())].headline +
                             other.articles[rng.Below(other.articles.size())].headline +
                             s.articles[(a + 1) % s.articles.size()].headline;
    const size_t at = static_cast<size_t>(p.Find(s.articles[a].body[1])) + 1;
    p.lines.insert(p.lines.begin() + static_cast<std::ptrdiff_t>(at), list);
    p.labels.insert(p.labels.begin() + static_cast<std::ptrdiff_t>(at), 'n');
    lists.push_back(list);
  }
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  size_t kept = 0;
  for (size_t a = 0; a < s.articles.size(); ++a) kept += Kept(r, pages[first + a], lists[a]) ? 1 : 0;
  EXPECT_EQ(kept, 0u) << "of " << lists.size() << " lists";
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // Off: no two lists are the same line, and they stay.
  RunResult off = RunDechrome(tmp, pages, "--no-headline-list", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  kept = 0;
  for (size_t a = 0; a < s.articles.size(); ++a) kept += Kept(off, pages[first + a], lists[a]) ? 1 : 0;
  EXPECT_EQ(kept, lists.size());
  // explain names the rule.
  const Page& p = pages[first];
  std::string out, err;
  ASSERT_EQ(Dechrome("explain --url " + Quote(p.url) + " " + tmp.File("run.in.jsonl"), &out, &err), 0) << err;
  std::vector<ExplainRow> rows = ParseExplain(out);
  ASSERT_EQ(rows.size(), p.lines.size()) << out;
  const ExplainRow& row = rows[static_cast<size_t>(p.Find(lists[0]))];
  EXPECT_EQ(row.action, "DROP") << out;
  EXPECT_EQ(row.rule, "headline-list") << out;
}

TEST(QualityCliTest, ShortInterviewAnswersKept) {
  TempDir tmp;
  Rng rng(404);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 40);
  // 12 of the 40 articles (30%) are interviews answered "Yes." and "No
  // comment.".
  std::vector<size_t> interviews;
  for (size_t a = 0; a < s.articles.size(); a += 3) {
    if (interviews.size() == 12) break;
    interviews.push_back(a);
    std::vector<std::string>& body = s.articles[a].body;
    std::vector<std::string> qa = {"Q: " + Capitalize(Words(rng, 7)) + "?", "Yes.",
                                   "Q: " + Capitalize(Words(rng, 6)) + "?", "No comment.",
                                   "Q: " + Capitalize(Words(rng, 8)) + "?"};
    body.insert(body.begin() + 2, qa.begin(), qa.end());
  }
  ASSERT_EQ(interviews.size(), 12u);
  const size_t first = pages.size();
  AddSite(s, &pages);
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  size_t lost = 0;
  for (size_t a : interviews) {
    const Page& p = pages[first + a];
    EXPECT_TRUE(Kept(r, p, "Yes.")) << p.id;
    EXPECT_TRUE(Kept(r, p, "No comment.")) << p.id;
    lost += (Kept(r, p, "Yes.") ? 0 : 1) + (Kept(r, p, "No comment.") ? 0 : 1);
  }
  EXPECT_EQ(lost, 0u) << "of " << 2 * interviews.size() << " answers";
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // By their counts alone the answers are chrome.
  RunResult off = RunDechrome(tmp, pages, "--no-protect-isolated --no-protect-interview", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  EXPECT_FALSE(Kept(off, pages[first + interviews[0]], "Yes."));
}

TEST(QualityCliTest, InterviewExchangesKeptWhereTheRunIsTooLong) {
  TempDir tmp;
  Rng rng(405);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 40);
  // 12 of the 40 articles are interviews of four exchanges: questions from a
  // pool of six, short answers from a pool of four, so that every one of the
  // eight lines is on several pages (a candidate), and the run is longer
  // than "isolated" keeps (6).
  std::vector<std::string> questions, answers = {"Yes.", "No.", "Not yet.", "No comment."};
  for (int q = 0; q < 6; ++q) questions.push_back("Q: " + Capitalize(Words(rng, 5)) + "?");
  std::vector<size_t> interviews;
  for (size_t a = 1; a < s.articles.size() && interviews.size() < 12; a += 3) {
    interviews.push_back(a);
    std::vector<std::string> qa;
    for (int e = 0; e < 4; ++e) {
      qa.push_back(questions[rng.Below(questions.size())]);
      qa.push_back(answers[rng.Below(answers.size())]);
    }
    std::vector<std::string>& body = s.articles[a].body;
    body.insert(body.begin() + 2, qa.begin(), qa.end());
  }
  ASSERT_EQ(interviews.size(), 12u);
  const size_t first = pages.size();
  AddSite(s, &pages);
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  Score score = ScoreRun(r, pages, s.domain);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // Off, the interviews lose their lines (by their counts they are chrome).
  RunResult off = RunDechrome(tmp, pages, "--no-protect-interview", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  Score score_off = ScoreRun(off, pages, s.domain);
  EXPECT_GT(score_off.content_lost, 12u) << score_off.ToString();
  EXPECT_EQ(score_off.chrome_removed, score.chrome_removed);
  // explain names the rule.
  const Page& p = pages[first + interviews[0]];
  std::string out, err;
  ASSERT_EQ(Dechrome("explain --url " + Quote(p.url) + " " + tmp.File("run.in.jsonl"), &out, &err), 0) << err;
  std::vector<ExplainRow> rows = ParseExplain(out);
  ASSERT_EQ(rows.size(), p.lines.size()) << out;
  const size_t answer = static_cast<size_t>(p.Find(s.articles[interviews[0]].body[2])) + 1;
  EXPECT_EQ(rows[answer].action, "keep") << out;
  EXPECT_EQ(rows[answer].rule, "protected-interview") << out;
}

// A blog whose pages carry their date line under the headline ("By <author>
// on <date>": with dates folded, one line on every page) and, on two pages
// of three, a thread of reader comments ("N Comments", "<name> says:", a
// timestamp, the comment, "Reply"). The date line is the page's
// ("protected-dateline"); the comments are a signed thread and go by
// default ("comment-region"), and with --comment-region; they stay with
// --no-signed-comments.
TEST(QualityCliTest, DatelineKeptAndSignedCommentThreadsRemoved) {
  TempDir tmp;
  Rng rng(512);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 30);
  static constexpr const char* kMonths[] = {"March", "April", "May", "June", "July", "August"};
  static constexpr const char* kNames[] = {"Tom", "Mary Jones", "Joe", "Ann Lee", "Bob"};
  // Per article: its date line, its comments.
  std::vector<std::string> date_lines;
  std::vector<std::vector<std::string>> comment_bodies(s.articles.size());
  size_t comments = 0;
  std::vector<size_t> with_comments;
  const size_t first = pages.size();
  for (size_t a = 0; a < s.articles.size(); ++a) {
    const Article& art = s.articles[a];
    Page p;
    p.id = s.Id(a);
    p.url = s.Url(a);
    p.site = s.domain;
    p.Add(art.headline + " - " + s.name, 'u');
    p.Add(s.header, 'n');
    p.Add(art.headline, 'c');
    const std::string month = kMonths[rng.Below(6)];
    date_lines.push_back(absl::StrCat("By Ann Lee on ", month, " ", 1 + rng.Below(28), ", 2012"));
    p.Add(date_lines.back(), 'c');
    for (int i = 0; i < 14; ++i) p.Add(Sentence(rng), 'c');
    p.Add("Share this article", 'n');
    if (a % 3 != 0) {
      with_comments.push_back(a);
      const size_t n = 3 + rng.Below(3);
      p.Add(absl::StrCat(n, " Comments"), 'n');
      for (size_t c = 0; c < n; ++c) {
        p.Add(absl::StrCat(kNames[rng.Below(5)], " says:"), 'n');
        p.Add(absl::StrCat(month, " ", 1 + rng.Below(28), ", 2012 at ", 1 + rng.Below(12), ":", 10 + rng.Below(50),
                           " pm"),
              'n');
        comment_bodies[a].push_back(Sentence(rng));
        p.Add(comment_bodies[a].back(), 'n');
        ++comments;
        p.Add("Reply", 'n');
      }
    }
    p.Add("Related stories", 'n');
    p.Add(s.sidebars[a], 'n');
    p.Add(s.footer, 'n');
    pages.push_back(std::move(p));
  }
  // How many of each page's own date line (dates) or comments survived.
  auto kept_count = [&](const RunResult& r, bool dates) {
    size_t kept = 0;
    for (size_t a = 0; a < s.articles.size(); ++a) {
      const Page& p = pages[first + a];
      const std::vector<std::string> lines = dates ? std::vector<std::string>{date_lines[a]} : comment_bodies[a];
      for (const std::string& l : lines) kept += Kept(r, p, l) ? 1 : 0;
    }
    return kept;
  };
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  Score score = ScoreRun(r, pages, s.domain);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  EXPECT_EQ(kept_count(r, true), s.articles.size());
  // Comments are unique lines, but the thread is signed ("Tom says:"): by
  // default they go.
  EXPECT_EQ(kept_count(r, false), 0u);
  // --no-signed-comments: they stay.
  RunResult unsigned_run = RunDechrome(tmp, pages, "--no-signed-comments", "nosigned");
  ASSERT_EQ(unsigned_run.rc, 0) << unsigned_run.err;
  EXPECT_EQ(kept_count(unsigned_run, false), comments);
  Score score_unsigned = ScoreRun(unsigned_run, pages, s.domain);
  EXPECT_EQ(score_unsigned.content_lost, 0u) << score_unsigned.ToString();
  // Without the dateline rule the date lines go by their counts.
  RunResult no_date = RunDechrome(tmp, pages, "--no-protect-dateline", "nodate");
  ASSERT_EQ(no_date.rc, 0) << no_date.err;
  EXPECT_EQ(kept_count(no_date, true), 0u);
  // --comment-region: every comment goes, and no content.
  RunResult cr = RunDechrome(tmp, pages, "--comment-region", "cr");
  ASSERT_EQ(cr.rc, 0) << cr.err;
  Score score_cr = ScoreRun(cr, pages, s.domain);
  EXPECT_EQ(score_cr.content_lost, 0u) << score_cr.ToString();
  EXPECT_EQ(kept_count(cr, false), 0u);
  EXPECT_GT(score.chrome_removed, score_unsigned.chrome_removed);
  // explain names both rules (a table counted with --comment-region keeps
  // it; explain's own flag turns it on for a plain run's input too).
  const Page& p = pages[first + with_comments[0]];
  std::string out, err;
  ASSERT_EQ(Dechrome("explain --comment-region --url " + Quote(p.url) + " " + tmp.File("cr.in.jsonl"), &out, &err),
            0)
      << err;
  std::vector<ExplainRow> rows = ParseExplain(out);
  ASSERT_EQ(rows.size(), p.lines.size()) << out;
  const size_t date = static_cast<size_t>(p.Find(date_lines[with_comments[0]]));
  EXPECT_EQ(rows[date].action, "keep") << out;
  EXPECT_EQ(rows[date].rule, "protected-dateline") << out;
  bool named = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].rule != "comment-region") continue;
    named = true;
    EXPECT_EQ(rows[i].action, "DROP") << out;
    EXPECT_EQ(p.labels[i], 'n') << p.lines[i];
  }
  EXPECT_TRUE(named) << out;
}

TEST(QualityCliTest, SmallSitesKeepTheirContent) {
  TempDir tmp;
  Rng rng(505);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site two = NewSite(rng, 2), three = NewSite(rng, 3);
  AddSite(two, &pages);
  AddSite(three, &pages);
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  // Two pages (below min_site_docs 3): nothing removed but the lines that
  // every site has (the cross-site rule).
  const std::set<std::string> everywhere = {"Contact us | Privacy policy | Terms of use", "Share this article",
                                            "Related stories"};
  for (const Page& p : pages) {
    if (p.site != two.domain) continue;
    for (size_t i = 0; i < p.lines.size(); ++i) {
      const bool cross = everywhere.count(p.lines[i]) > 0;
      EXPECT_EQ(r.kept[p.id][i], !cross) << p.id << ": " << p.lines[i];
    }
  }
  // Three pages: the site is judged (min_site_docs 3); its content stays.
  Score small = ScoreRun(r, pages, three.domain);
  EXPECT_EQ(small.content_lost, 0u) << small.ToString();
  std::cout << "3-page site: " << small.ToString() << "\n";
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
}

TEST(QualityCliTest, TemplateChangeRemovesBothChromes) {
  TempDir tmp;
  Rng rng(606);
  std::vector<Page> pages;
  AddBackground(rng, 4, &pages);
  Site s = NewSite(rng, 60);
  std::vector<std::string> new_header, new_footer;
  MakeTemplate(rng, s.name, &new_header, &new_footer);
  new_header.push_back("Sign in");
  new_footer.push_back(absl::StrCat("About ", s.name));
  const size_t first = pages.size();
  for (size_t a = 0; a < 60; ++a)
    pages.push_back(a < 30 ? Render(s, a) : Render(s, a, new_header, new_footer));
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (size_t a = 0; a < 60; ++a) {
    const Page& p = pages[first + a];
    for (const std::string& l : a < 30 ? s.header : new_header) EXPECT_FALSE(Kept(r, p, l)) << p.id << ": " << l;
    for (const std::string& l : a < 30 ? s.footer : new_footer) EXPECT_FALSE(Kept(r, p, l)) << p.id << ": " << l;
    for (const std::string& l : s.articles[a].body) EXPECT_TRUE(Kept(r, p, l)) << p.id << ": " << l;
  }
  Score score = ScoreRun(r, pages, s.domain);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
}

TEST(QualityCliTest, CrossSiteChromeRemovedShortContentKept) {
  TempDir tmp;
  Rng rng(707);
  std::vector<Page> pages;
  const std::string cms = "Powered by WordPress";
  const std::string cookie =
      "We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.";
  // "Reuters" inside one body on each background site.
  for (int i = 0; i < 6; ++i) {
    Site s = NewSite(rng, rng.Between(20, 60));
    s.articles[1].body.insert(s.articles[1].body.begin() + 1, "Reuters");
    AddSite(s, &pages);
  }
  // Ten small sites with the CMS line and the cookie banner: five of one
  // page, five of 3-5 pages; "Reuters" in one body on each.
  std::vector<std::string> cms_sites;
  for (int i = 0; i < 10; ++i) {
    Site s = NewSite(rng, i < 5 ? 1 : rng.Between(3, 5));
    s.footer.push_back(cms);
    s.footer.insert(s.footer.begin(), cookie);
    s.articles[0].body.insert(s.articles[0].body.begin() + 1, "Reuters");
    cms_sites.push_back(s.domain);
    AddSite(s, &pages);
  }
  RunResult r = RunDechrome(tmp, pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  size_t cms_pages = 0, cms_kept = 0, reuters = 0, reuters_kept = 0;
  std::set<std::string> sites_with_cms_kept;
  for (const Page& p : pages) {
    if (p.Find(cms) >= 0) {
      ++cms_pages;
      const bool kept = Kept(r, p, cms) || Kept(r, p, cookie);
      cms_kept += kept ? 1 : 0;
      if (kept) sites_with_cms_kept.insert(p.site);
    }
    if (p.Find("Reuters") >= 0) {
      ++reuters;
      reuters_kept += Kept(r, p, "Reuters") ? 1 : 0;
    }
  }
  EXPECT_GE(cms_pages, 20u);
  EXPECT_EQ(cms_kept, 0u) << "CMS chrome kept on sites " << absl::StrJoin(sites_with_cms_kept, ", ");
  EXPECT_EQ(reuters, 16u);
  EXPECT_EQ(reuters_kept, reuters);
  Score score = ScoreRun(r, pages);
  EXPECT_EQ(score.content_lost, 0u) << score.ToString();
  // Single-page sites keep it without the cross-site rule.
  RunResult off = RunDechrome(tmp, pages, "--min-sites 0", "off");
  ASSERT_EQ(off.rc, 0) << off.err;
  size_t single_kept = 0;
  for (const Page& p : pages) {
    const auto n = std::count_if(pages.begin(), pages.end(), [&](const Page& q) { return q.site == p.site; });
    if (n == 1 && p.Find(cms) >= 0) single_kept += Kept(off, p, cms) ? 1 : 0;
  }
  EXPECT_EQ(single_kept, 5u);
}

// ---------------------------------------------------------------------------
// explain, audit, attributes.

// A corpus with a bit of everything: background sites, and a site with a
// short quote in three articles.
struct Standard {
  std::vector<Page> pages;
  Site quote_site;
  std::string quote;
  size_t quote_page = 0;  // index in pages of the first article with the quote
};

Standard MakeStandard(uint64_t seed) {
  Standard st;
  Rng rng(seed);
  AddBackground(rng, 5, &st.pages);
  st.quote_site = NewSite(rng, 40);
  st.quote = "\"" + Capitalize(Words(rng, 3)) + "\" she said.";
  for (size_t a : {4, 9, 20})
    st.quote_site.articles[a].body.insert(st.quote_site.articles[a].body.begin() + 2, st.quote);
  st.quote_page = st.pages.size() + 4;
  AddSite(st.quote_site, &st.pages);
  return st;
}

TEST(QualityCliTest, ExplainShowsTheRuleOfEachLine) {
  TempDir tmp;
  Standard st = MakeStandard(808);
  const std::string in = tmp.File("in.jsonl");
  WriteFile(in, ToJsonl(st.pages));
  const Page& p = st.pages[st.quote_page];
  ASSERT_GE(p.Find(st.quote), 0);
  std::string out, err;
  ASSERT_EQ(Dechrome("explain --url " + Quote(p.url) + " " + in, &out, &err), 0) << err;
  EXPECT_NE(out.find("url: " + p.url), std::string::npos) << out;
  EXPECT_NE(out.find("site: " + p.site + " (40 documents)"), std::string::npos) << out;
  std::vector<ExplainRow> rows = ParseExplain(out);
  ASSERT_EQ(rows.size(), p.lines.size()) << out;
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].text, p.lines[i]) << i;
  const ExplainRow& chrome = rows[static_cast<size_t>(p.Find(st.quote_site.header.back()))];
  EXPECT_EQ(chrome.action, "DROP") << out;
  EXPECT_EQ(chrome.rule, "site") << out;
  const ExplainRow& quote = rows[static_cast<size_t>(p.Find(st.quote))];
  EXPECT_EQ(quote.action, "keep") << out;
  EXPECT_EQ(quote.rule, "protected-isolated") << out;
  // The page's own headline, listed in other pages' sidebars.
  const ExplainRow& headline = rows[static_cast<size_t>(p.Find(st.quote_site.articles[4].headline))];
  EXPECT_EQ(headline.action, "keep") << out;
  EXPECT_EQ(headline.rule, "protected-title") << out;
  const ExplainRow& body = rows[static_cast<size_t>(p.Find(st.quote_site.articles[4].body.back()))];
  EXPECT_EQ(body.action, "keep");
  EXPECT_EQ(body.rule, "below-threshold");
  // The decisions agree with `run`.
  RunResult r = RunDechrome(tmp, st.pages);
  ASSERT_EQ(r.rc, 0) << r.err;
  for (size_t i = 0; i < rows.size(); ++i)
    EXPECT_EQ(r.kept[p.id][i], rows[i].action == "keep") << i << ": " << p.lines[i];

  // --id finds the same document; the same with a table from `count`.
  std::string by_id;
  ASSERT_EQ(Dechrome("explain --id " + Quote(p.id) + " " + in, &by_id, &err), 0) << err;
  EXPECT_EQ(by_id, out);
  ASSERT_EQ(Dechrome("count -q " + in + " -o " + tmp.File("t.dct"), nullptr, &err), 0) << err;
  std::string with_table;
  ASSERT_EQ(Dechrome("explain --table " + tmp.File("t.dct") + " --url " + Quote(p.url) + " " + in, &with_table,
                     &err),
            0)
      << err;
  EXPECT_EQ(with_table, out);

  // An unknown id: exit 1, a message naming it, nothing on stdout.
  EXPECT_EQ(Dechrome("explain --id no-such-doc-42 " + in, &out, &err), 1);
  EXPECT_NE(err.find("no-such-doc-42"), std::string::npos) << err;
  EXPECT_EQ(out, "");
  EXPECT_EQ(Dechrome("explain --url https://nowhere.example/x " + in, &out, &err), 1);
  EXPECT_NE(err.find("https://nowhere.example/x"), std::string::npos) << err;
  // Neither or both of --id and --url: usage error.
  EXPECT_EQ(Dechrome("explain " + in, &out, &err), 2);
  EXPECT_EQ(Dechrome("explain --id a --url b " + in, &out, &err), 2);
}

std::vector<std::vector<std::string>> ReadTsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n', absl::SkipEmpty())) {
    std::vector<std::string> row = absl::StrSplit(line, '\t');
    rows.push_back(row);
  }
  return rows;
}

// Where two texts first differ, with a little context.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const size_t from = i > 40 ? i - 40 : 0;
  return absl::StrCat("at byte ", i, ": '", a.substr(from, 80), "' vs '", b.substr(from, 80), "'");
}

TEST(QualityCliTest, AuditFolder) {
  TempDir tmp;
  Standard st = MakeStandard(909);
  const std::string in = tmp.File("in.jsonl");
  WriteFile(in, ToJsonl(st.pages));
  RunResult r = RunDechrome(tmp, st.pages, "-j1 --audit " + tmp.File("audit1"), "a1");
  ASSERT_EQ(r.rc, 0) << r.err;
  const char* const kFiles[] = {"summary.json", "sites.tsv", "chrome_lines.tsv", "audit.json"};
  for (const char* f : kFiles) ASSERT_TRUE(FileExists(tmp.File(std::string("audit1/") + f))) << f;

  const std::string summary = ReadFile(tmp.File("audit1/summary.json"));
  const long lines_removed = JsonInt(summary, "lines_removed");
  ASSERT_GT(lines_removed, 0) << summary;
  EXPECT_EQ(JsonInt(summary, "documents"), static_cast<long>(st.pages.size())) << summary;
  // Both JSON files parse.
  for (const char* f : {"summary.json", "audit.json"}) {
    const std::string cmd =
        "python3 -c 'import json,sys; json.load(open(sys.argv[1]))' " + tmp.File(std::string("audit1/") + f);
    EXPECT_EQ(RunCommand(cmd), 0) << f;
  }
  EXPECT_EQ(ReadFile(tmp.File("audit1/audit.json")).rfind("{\"summary\": {", 0), 0u);

  // Independent tallies from the output: removed lines per site, and per
  // (site, text).
  std::map<std::string, long> removed_by_site;
  std::map<std::string, std::map<std::string, long>> removed_by_text;
  for (const Page& p : st.pages) {
    const std::vector<bool>& kept = r.kept[p.id];
    for (size_t i = 0; i < p.lines.size(); ++i) {
      if (kept[i]) continue;
      ++removed_by_site[p.site];
      ++removed_by_text[p.site][p.lines[i]];
    }
  }

  std::vector<std::vector<std::string>> sites = ReadTsv(tmp.File("audit1/sites.tsv"));
  ASSERT_FALSE(sites.empty());
  EXPECT_EQ(absl::StrJoin(sites[0], "\t"), "site\tdocuments\tlines\tlines_removed\tbytes_removed\tremoved_percent");
  long sum = 0;
  std::set<std::string> names;
  for (size_t i = 1; i < sites.size(); ++i) {
    ASSERT_EQ(sites[i].size(), 6u);
    names.insert(sites[i][0]);
    sum += std::stol(sites[i][3]);
    EXPECT_EQ(std::stol(sites[i][3]), removed_by_site[sites[i][0]]) << sites[i][0];
    if (i > 1) {
      EXPECT_LT(sites[i - 1][0], sites[i][0]) << "sites.tsv not sorted by site";
    }
  }
  EXPECT_EQ(names.size(), 6u);
  EXPECT_EQ(sum, lines_removed);

  std::vector<std::vector<std::string>> chrome = ReadTsv(tmp.File("audit1/chrome_lines.tsv"));
  ASSERT_FALSE(chrome.empty());
  EXPECT_EQ(absl::StrJoin(chrome[0], "\t"), "site\trank\tremoved\tcount\tthreshold\tsites\trule\ttext");
  std::map<std::string, std::vector<std::vector<std::string>>> by_site;
  for (size_t i = 1; i < chrome.size(); ++i) {
    ASSERT_EQ(chrome[i].size(), 8u);
    by_site[chrome[i][0]].push_back(chrome[i]);
  }
  EXPECT_EQ(by_site.size(), 6u);
  for (const auto& [site, rows] : by_site) {
    const auto& tally = removed_by_text[site];
    long most = 0;
    for (const auto& [text, n] : tally) most = std::max(most, n);
    ASSERT_FALSE(rows.empty());
    EXPECT_EQ(rows[0][1], "1");
    EXPECT_EQ(std::stol(rows[0][2]), most) << site << ": top chrome line is not the most removed";
    EXPECT_EQ(tally.count(rows[0][7]) ? tally.at(rows[0][7]) : -1, most) << site << ": " << rows[0][7];
    for (size_t k = 0; k < rows.size(); ++k) {
      EXPECT_EQ(rows[k][1], std::to_string(k + 1));
      if (k) {
        EXPECT_LE(std::stol(rows[k][2]), std::stol(rows[k - 1][2]));
      }
      EXPECT_EQ(std::stol(rows[k][2]), tally.count(rows[k][7]) ? tally.at(rows[k][7]) : -1)
          << site << ": " << rows[k][7];
      EXPECT_TRUE(rows[k][6] == "site" || rows[k][6] == "cross-site") << rows[k][6];
    }
  }

  // The same bytes again, with any number of threads.
  ASSERT_EQ(RunDechrome(tmp, st.pages, "-j1 --audit " + tmp.File("audit1b"), "a1b").rc, 0);
  ASSERT_EQ(RunDechrome(tmp, st.pages, "-j4 --audit " + tmp.File("audit4"), "a4").rc, 0);
  for (const char* f : kFiles) {
    const std::string a = ReadFile(tmp.File(std::string("audit1/") + f));
    const std::string again = ReadFile(tmp.File(std::string("audit1b/") + f));
    const std::string j4 = ReadFile(tmp.File(std::string("audit4/") + f));
    EXPECT_TRUE(a == again) << f << " differs between two runs: " << FirstDifference(a, again);
    EXPECT_TRUE(a == j4) << f << " differs between -j1 and -j4: " << FirstDifference(a, j4);
  }
}

TEST(QualityCliTest, AuditFolderThatCannotBeCreatedFailsFirst) {
  TempDir tmp;
  Standard st = MakeStandard(910);
  const std::string in = tmp.File("in.jsonl");
  WriteFile(in, ToJsonl(st.pages));
  WriteFile(tmp.File("file"), "a regular file");
  std::string err;
  EXPECT_EQ(Dechrome("run -q " + in + " -o " + tmp.File("out.jsonl") + " --audit " + tmp.File("file/audit") +
                         " --stats " + tmp.File("stats.json"),
                     nullptr, &err),
            1);
  EXPECT_NE(err.find(tmp.File("file/audit")), std::string::npos) << err;
  EXPECT_FALSE(FileExists(tmp.File("out.jsonl")));
  EXPECT_FALSE(FileExists(tmp.File("stats.json")));
  EXPECT_FALSE(FileExists(tmp.File("file/audit")));
  // The path is a regular file.
  EXPECT_EQ(Dechrome("run -q " + in + " -o " + tmp.File("out2.jsonl") + " --audit " + tmp.File("file"), nullptr,
                     &err),
            1);
  EXPECT_NE(err.find(tmp.File("file")), std::string::npos) << err;
  EXPECT_FALSE(FileExists(tmp.File("out2.jsonl")));
  EXPECT_EQ(ReadFile(tmp.File("file")), "a regular file");
  // No stray temporary files.
  std::string ls;
  RunCommand("ls -a " + tmp.path(), &ls);
  EXPECT_EQ(ls.find("tmp"), std::string::npos) << ls;
}

// Adds pages whose texts test the attribute offsets: non-ASCII chrome and
// content, CRLF line endings, a final newline, a page of chrome only, and
// blank lines inside chrome.
void AddAttributeEdgeCases(Rng& rng, std::vector<Page>* pages) {
  Site s = NewSite(rng, 24);
  s.header.insert(s.header.begin() + 1, "Accueil — Actualités ✓");
  s.header.push_back("新闻 · 📰 Nachrichten über alles");
  s.header.push_back("");
  s.footer.insert(s.footer.begin(), "   ");
  s.footer.push_back("© Ünïcödé Médias 🚀");
  for (size_t a = 0; a < s.articles.size(); ++a) {
    s.articles[a].body.push_back(absl::StrCat("Café crème 🍰 ", Word(rng), " ", Word(rng), " — naïve façade ",
                                              Word(rng), "."));
    Page p = Render(s, a);
    if (a % 4 == 1) p.line_ending = "\r\n";
    if (a % 5 == 2) p.trailing_newline = true;
    if (a == 7) {  // chrome only
      Page q;
      q.id = p.id;
      q.url = p.url;
      q.site = p.site;
      q.Add(s.header, 'n');
      q.Add(s.footer, 'n');
      p = q;
    }
    pages->push_back(p);
  }
}

TEST(QualityCliTest, AttributeSpansGiveTheFilteredText) {
  TempDir tmp;
  Standard st = MakeStandard(1001);
  Rng rng(1002);
  AddAttributeEdgeCases(rng, &st.pages);
  const std::string in = tmp.File("in.jsonl");
  std::string jsonl = ToJsonl(st.pages);
  // One record with the emoji written as a surrogate-pair escape.
  jsonl += "{\"id\":\"escaped\",\"url\":\"https://www." + st.quote_site.domain +
           "/x/escaped\",\"text\":\"" + st.quote_site.header[0] + "\\n\\ud83d\\udcf0 news \\u00e9t\\u00e9\\n" +
           st.quote_site.footer[0] + "\"}\n";
  WriteFile(in, jsonl);
  std::string err;
  ASSERT_EQ(Dechrome("run -q -j2 --emit attributes " + in + " -o " + tmp.File("attrs.jsonl"), nullptr, &err), 0)
      << err;
  ASSERT_EQ(Dechrome("run -q -j2 " + in + " -o " + tmp.File("docs.jsonl"), nullptr, &err), 0) << err;
  // One row per record, in order.
  std::vector<std::string> ids;
  for (absl::string_view l : absl::StrSplit(ReadFile(tmp.File("attrs.jsonl")), '\n', absl::SkipEmpty()))
    ids.push_back(JsonField(std::string(l), "id"));
  ASSERT_EQ(ids.size(), st.pages.size() + 1);
  for (size_t i = 0; i < st.pages.size(); ++i) ASSERT_EQ(ids[i], st.pages[i].id) << i;
  EXPECT_EQ(ids.back(), "escaped");
  std::string out;
  const std::string cmd = absl::StrCat("python3 ", kSrc, "/tests/cli/check_attributes.py ", Quote(in), " ",
                                       Quote(tmp.File("attrs.jsonl")), " ", Quote(tmp.File("docs.jsonl")));
  EXPECT_EQ(RunCommand(cmd, &out, &err), 0) << out << err;
  EXPECT_EQ(JsonInt(out, "documents"), static_cast<long>(st.pages.size() + 1)) << out;
  EXPECT_GT(JsonInt(out, "spans"), static_cast<long>(st.pages.size())) << out;
  // Also with a zstd input and compressed outputs.
  WriteFile(tmp.File("in.jsonl.zst"), testing::ZstdCompress(jsonl));
  ASSERT_EQ(Dechrome("run -q --emit attributes " + tmp.File("in.jsonl.zst") + " -o " + tmp.File("attrs.jsonl.gz"),
                     nullptr, &err),
            0)
      << err;
  EXPECT_EQ(testing::GzipDecompress(ReadFile(tmp.File("attrs.jsonl.gz"))), ReadFile(tmp.File("attrs.jsonl")));
}

// A record without an id does not fail the file: its row is named after its
// place ("FILE:RECORD"), counted and warned about, so that rows still line
// up with records one to one.
TEST(QualityCliTest, AttributesOfARecordWithoutAnIdAreNamedAfterItsPlace) {
  TempDir tmp;
  Standard st = MakeStandard(1101);
  std::string jsonl = ToJsonl(st.pages);
  // A record without an id in the middle.
  size_t mid = 0;
  for (size_t i = 0; i < st.pages.size() / 2; ++i) mid = jsonl.find('\n', mid) + 1;
  jsonl.insert(mid, "{\"url\":\"https://www." + st.quote_site.domain + "/x/noid\",\"text\":\"" +
                        st.quote_site.header[0] + "\\nSome text here\"}\n");
  const std::string in = tmp.File("in.jsonl");
  WriteFile(in, jsonl);
  std::string out, err;
  EXPECT_EQ(Dechrome("run -v --emit attributes " + in + " -o " + tmp.File("attrs.jsonl") + " --stats " +
                         tmp.File("s.json"),
                     &out, &err),
            0)
      << err;
  EXPECT_NE(err.find("no id field 'id' (see --id-field)"), std::string::npos) << err;
  EXPECT_EQ(JsonInt(ReadFile(tmp.File("s.json")), "made_up_ids"), 1);
  const std::string attrs = ReadFile(tmp.File("attrs.jsonl"));
  EXPECT_EQ(std::count(attrs.begin(), attrs.end(), '\n'), static_cast<long>(st.pages.size() + 1));
  EXPECT_NE(attrs.find("{\"id\": \"in.jsonl:" + std::to_string(st.pages.size() / 2 + 1) + "\""),
            std::string::npos);
  // --emit documents does not need ids.
  EXPECT_EQ(Dechrome("run -q " + in + " -o " + tmp.File("docs.jsonl"), nullptr, &err), 0) << err;
}

}  // namespace
}  // namespace dechrome
