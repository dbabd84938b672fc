// Benchmarks of the HTML stage: BM_HtmlTokenize (tokens only) and
// BM_HtmlExtract (lines and facts), on generated news pages of 50-100 KiB
// with a third of their bytes in inline <script>/<style>, the usual
// header/nav/article/aside/footer structure, character references and
// accented Latin, Cyrillic and CJK text.

#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "html/html_text.h"
#include "html/html_tokenizer.h"

namespace dechrome {
namespace {

std::string Page(std::mt19937_64& rng) {
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  static const char* kWords[] = {
      "the", "government", "announced", "on", "Tuesday", "that", "new", "measures", "would",
      "café", "déjà", "über", "São", "Paulo", "Москва", "сегодня", "правительство", "东京",
      "新闻", "経済", "&amp;", "&quot;", "&nbsp;", "&#8217;", "&eacute;", "2024", "percent",
      "minister", "said", "in", "a", "statement", "economy", "growth", "report"};
  auto sentence = [&](size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) {
      s += kWords[pick(sizeof(kWords) / sizeof(kWords[0]))];
      s += i + 1 < n ? " " : ". ";
    }
    return s;
  };
  auto script = [&](size_t bytes) {
    std::string s = "<script type=\"text/javascript\">(function(w,d){var a=[];";
    while (s.size() < bytes) {
      s += "w.dataLayer=w.dataLayer||[];w.dataLayer.push({'event':'pv','id':" +
           std::to_string(pick(100000)) + ",'s':\"<div class=\\\"x\\\">\"+d.title});if(a.length<3){a.push(1)}\n";
    }
    return s + "})(window,document);</script>\n";
  };
  auto style = [&](size_t bytes) {
    std::string s = "<style>";
    while (s.size() < bytes) {
      s += ".c" + std::to_string(pick(1000)) + " > a:hover{color:#" + std::to_string(100 + pick(800)) +
           ";margin:0 auto;font:12px/1.4 Helvetica,Arial,sans-serif}\n";
    }
    return s + "</style>\n";
  };
  const size_t target = (50 + pick(50)) << 10;
  std::string head = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>" +
                     sentence(8) + "</title><link rel=stylesheet href=/s.css>";
  std::string body = "<body class=\"article-page post-" + std::to_string(pick(99999)) + "\">";
  body += "<header class=site-header><div class=logo><a href=/>News</a></div><nav class=main-nav><ul>";
  for (int i = 0; i < 12; ++i) body += "<li class=menu-item><a href=\"/section/" + std::to_string(i) + "\">" + sentence(1) + "</a></li>";
  body += "</ul></nav></header><main><article class=\"story\"><h1 class=headline>" + sentence(10) +
          "</h1><div class=byline>By <a href=/author>Staff</a> <time datetime=2024>Jan 1</time></div>";
  std::string aside = "<aside class=sidebar><h3>Most popular</h3><ol>";
  for (int i = 0; i < 8; ++i) aside += "<li><a href=\"/a/" + std::to_string(pick(99999)) + "\">" + sentence(7) + "</a></li>";
  aside += "</ol></aside>";
  std::string footer = "<footer id=footer><p>&copy; 2024 News Corp. All rights reserved.</p><ul class=links>";
  for (int i = 0; i < 6; ++i) footer += "<li><a href=/p>" + sentence(2) + "</a></li>";
  footer += "</ul></footer>";
  std::string raw;  // script and style, a third of the page
  std::string text;
  while (text.size() + body.size() + head.size() + aside.size() + footer.size() < target * 2 / 3) {
    text += "<p>" + sentence(10 + pick(30)) + "<a href=\"/x\">" + sentence(3) + "</a> " +
            sentence(5 + pick(20)) + "</p>\n";
    if (pick(6) == 0) text += "<figure><img src=x.jpg alt=\"\"><figcaption>" + sentence(8) + "</figcaption></figure>";
    if (pick(8) == 0) text += "<div class=\"ad ad-slot\" id=\"div-gpt-ad-" + std::to_string(pick(1 << 30)) + "\"></div>";
  }
  size_t raw_bytes = target / 3;
  std::string page = head + style(raw_bytes / 3) + script(raw_bytes / 3) + "</head>" + body + text +
                     "</article>" + aside + "</main>" + script(raw_bytes / 3) + footer +
                     "</body></html>";
  return page;
}

const std::vector<std::string>& Pages() {
  static const auto* pages = [] {
    auto* v = new std::vector<std::string>;
    std::mt19937_64 rng(42);
    for (int i = 0; i < 64; ++i) v->push_back(Page(rng));
    return v;
  }();
  return *pages;
}

void BM_HtmlTokenize(benchmark::State& state) {
  const auto& pages = Pages();
  HtmlTokenizer t;
  HtmlToken tok;
  size_t bytes = 0, tokens = 0;
  for (auto _ : state) {
    for (const std::string& p : pages) {
      t.Reset(p);
      while (t.Next(&tok)) ++tokens;
      bytes += p.size();
    }
  }
  benchmark::DoNotOptimize(tokens);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_HtmlTokenize);

void BM_HtmlExtract(benchmark::State& state) {
  const auto& pages = Pages();
  HtmlTextExtractor x;
  HtmlText out;
  size_t bytes = 0;
  // Correctness first: every page has lines, the title, and valid offsets.
  for (const std::string& p : pages) {
    x.Extract(p, &out);
    if (out.lines.size() < 20 || out.title.empty() || out.lines.back().end != out.text.size()) {
      state.SkipWithError("unexpected extraction result");
      return;
    }
  }
  for (auto _ : state) {
    for (const std::string& p : pages) {
      x.Extract(p, &out);
      bytes += p.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_HtmlExtract);

}  // namespace
}  // namespace dechrome
