#include "text/site.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dechrome {
namespace {

TEST(SiteTest, SubdomainsShareTheRegistrableDomain) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("https://www.example.com/a/b"), "example.com");
  EXPECT_EQ(r.SiteOf("http://m.example.com/"), "example.com");
  EXPECT_EQ(r.SiteOf("http://news.example.com?x=1"), "example.com");
  EXPECT_EQ(r.SiteOf("http://example.com"), "example.com");
  EXPECT_EQ(r.SiteOf("http://a.b.c.example.com/"), "example.com");
}

TEST(SiteTest, PublicSuffixesAreRespected) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("https://a.blogspot.com/post"), "a.blogspot.com");
  EXPECT_EQ(r.SiteOf("https://b.blogspot.com/post"), "b.blogspot.com");
  EXPECT_NE(r.SiteOf("https://a.blogspot.com/"), r.SiteOf("https://b.blogspot.com/"));
  EXPECT_EQ(r.SiteOf("https://www.bbc.co.uk/news"), "bbc.co.uk");
  EXPECT_EQ(r.SiteOf("https://bbc.co.uk/news"), "bbc.co.uk");
  EXPECT_EQ(r.SiteOf("https://news.bbc.co.uk/"), "bbc.co.uk");
  // A host that is itself a public suffix is its own site.
  EXPECT_EQ(r.SiteOf("http://co.uk/"), "co.uk");
}

TEST(SiteTest, UrlShapes) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("example.com/a"), "example.com");
  EXPECT_EQ(r.SiteOf("www.example.com"), "example.com");
  EXPECT_EQ(r.SiteOf("//www.example.com/x"), "example.com");
  EXPECT_EQ(r.SiteOf("http://user:pw@Example.COM:8080/x?y#z"), "example.com");
  EXPECT_EQ(r.SiteOf("HTTPS://WWW.EXAMPLE.COM./"), "example.com");
  EXPECT_EQ(r.SiteOf("<http://www.example.com/a>"), "example.com");
  EXPECT_EQ(r.SiteOf("  http://www.example.com/a \n"), "example.com");
  EXPECT_EQ(r.SiteOf("example.com:8080/path"), "example.com");
  EXPECT_EQ(r.SiteOf("http://www.example.com#frag"), "example.com");
  EXPECT_EQ(r.SiteOf("http:\\\\www.example.com\\x"), "example.com");
  EXPECT_EQ(r.SiteOf("ftp://files.example.org/pub"), "example.org");
}

TEST(SiteTest, IpAddressesAreTheirOwnSite) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://192.168.0.1/x"), "192.168.0.1");
  EXPECT_EQ(r.SiteOf("http://10.0.0.7:8080/"), "10.0.0.7");
  EXPECT_EQ(r.SiteOf("http://[::1]:8080/x"), "[::1]");
  EXPECT_EQ(r.SiteOf("http://[2001:DB8::1]/"), "[2001:db8::1]");
  EXPECT_EQ(r.SiteOf("http://localhost:3000/"), "localhost");
  EXPECT_EQ(r.SiteOf("localhost/x"), "localhost");
}

TEST(SiteTest, NoUsableHost) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf(""), "");
  EXPECT_EQ(r.SiteOf("   "), "");
  EXPECT_EQ(r.SiteOf("not a url"), "");
  EXPECT_EQ(r.SiteOf("garbage"), "");
  EXPECT_EQ(r.SiteOf("http://"), "");
  EXPECT_EQ(r.SiteOf("http:///path"), "");
  EXPECT_EQ(r.SiteOf("http://exa mple.com/"), "");
  EXPECT_EQ(r.SiteOf("http://a..b.com/"), "");
  EXPECT_EQ(r.SiteOf("http://.com/"), "");
  EXPECT_EQ(r.SiteOf("mailto:someone@example.com"), "");
  EXPECT_EQ(r.SiteOf("urn:isbn:0451450523"), "");
  EXPECT_EQ(r.SiteOf("/relative/path"), "");
  EXPECT_EQ(r.SiteOf("http://[::1/"), "");
  EXPECT_EQ(r.SiteOf("http://ex%41mple.com/"), "");
  EXPECT_EQ(r.SiteOf("http://caf\xe9.com/"), "");  // invalid UTF-8
  EXPECT_EQ(r.SiteOf("http://" + std::string(300, 'a') + ".com/"), "");
  EXPECT_EQ(r.SiteOf(std::string_view("http://a\0b.com/", 15)), "");
}

TEST(SiteTest, SingleLabelHostNeedsScheme) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://intranet/page"), "intranet");
  EXPECT_EQ(r.SiteOf("intranet/page"), "");
}

TEST(SiteTest, InternationalDomainNames) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://www.b\xc3\xbc" "cher.de/"), "b\xc3\xbc" "cher.de");
  EXPECT_EQ(r.SiteOf("http://WWW.B\xc3\x9c" "CHER.DE/"), "b\xc3\xbc" "cher.de");
  EXPECT_EQ(r.SiteOf("http://www.xn--bcher-kva.de/"), "xn--bcher-kva.de");
}

TEST(SiteTest, HostMode) {
  SiteResolver r(SiteMode::kHost);
  EXPECT_EQ(r.SiteOf("https://www.example.com/a"), "www.example.com");
  EXPECT_EQ(r.SiteOf("https://M.Example.com:443/a"), "m.example.com");
  EXPECT_EQ(r.SiteOf("https://a.blogspot.com/"), "a.blogspot.com");
  EXPECT_EQ(r.SiteOf("garbage"), "");
}

TEST(SiteTest, HostOf) {
  EXPECT_EQ(SiteResolver::HostOf("http://user@WWW.Example.com:80/x"), "www.example.com");
  EXPECT_EQ(SiteResolver::HostOf("not a url"), "");
}

TEST(SiteTest, ConcurrentCallsAgree) {
  SiteResolver r;
  const std::vector<std::string> urls = {"https://www.example.com/a", "http://a.blogspot.com/",
                                         "http://www.bbc.co.uk/", "http://10.1.2.3/", "junk"};
  const std::vector<std::string> want = {"example.com", "a.blogspot.com", "bbc.co.uk",
                                         "10.1.2.3", ""};
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const size_t k = static_cast<size_t>(i) % urls.size();
        if (r.SiteOf(urls[k]) != want[k]) ++mismatches[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(SiteTest, CacheAgreesWithTheResolverAndKeepsTheCallersIndex) {
  for (SiteMode mode : {SiteMode::kDomain, SiteMode::kHost}) {
    SiteResolver r(mode);
    SiteCache cache(&r);
    // Shapes where the bytes up to the path are not the host's whole story:
    // brackets, white space, case, ports, user info, no path, no scheme.
    const std::vector<std::string> urls = {
        "https://www.example.com/a", "https://www.example.com/b?x", "https://WWW.Example.com/c",
        "http://www.example.com#f", "https://news.example.com\\x", "https://user@www.example.com/",
        "https://www.example.com:8080/", "https://www.example.com", "https://www.example.com ",
        "<https://www.example.com/>", "<https://www.example.com>", " https://www.example.com/",
        "https://www.example.com./", "www.example.com/a", "example", "https:///nohost",
        "http://10.1.2.3/x", "https://[::1]/", "mailto:a@b.com", "https://a.blogspot.com/x",
        "https://www.example.com/a"};
    for (int round = 0; round < 2; ++round) {
      for (const std::string& url : urls) {
        SiteCache::Entry& e = cache.Lookup(url);
        EXPECT_EQ(e.site, r.SiteOf(url)) << url;
        EXPECT_EQ(cache.SiteOf(url), r.SiteOf(url)) << url;
      }
    }
    // The caller's index stays with the entry.
    cache.Lookup("https://www.example.com/a").index = 7;
    EXPECT_EQ(cache.Lookup("https://www.example.com/zzz").index, 7);
    EXPECT_EQ(cache.Lookup("https://a.blogspot.com/x").index, SiteCache::kNoIndex);
  }
}

}  // namespace
}  // namespace dechrome
