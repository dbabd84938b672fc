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
  EXPECT_EQ(r.SiteOf("http://caf\xe9.com/"), "");  // invalid UTF-8
  EXPECT_EQ(r.SiteOf("http://" + std::string(300, 'a') + ".com/"), "");
  EXPECT_EQ(r.SiteOf(std::string_view("http://a\0b.com/", 15)), "");
}

TEST(SiteTest, SingleLabelHostNeedsScheme) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://intranet/page"), "intranet");
  EXPECT_EQ(r.SiteOf("intranet/page"), "");
}

TEST(SiteTest, InternationalDomainNamesAreOneSiteInTheirAsciiForm) {
  SiteResolver r;
  // Issue 13 item 10: b\u00fccher.de and xn--bcher-kva.de were two sites.
  const std::string want = "xn--bcher-kva.de";
  EXPECT_EQ(r.SiteOf("http://www.b\xc3\xbc" "cher.de/"), want);
  EXPECT_EQ(r.SiteOf("http://b\xc3\xbc" "cher.de/"), want);
  EXPECT_EQ(r.SiteOf("http://WWW.B\xc3\x9c" "CHER.DE/"), want);      // upper case
  EXPECT_EQ(r.SiteOf("http://www.b\xc3\xbc" "cher.de./"), want);     // trailing dot
  EXPECT_EQ(r.SiteOf("http://www.xn--bcher-kva.de/"), want);
  EXPECT_EQ(r.SiteOf("http://WWW.XN--BCHER-KVA.DE/"), want);
  EXPECT_EQ(r.SiteOf("http://www.b%C3%BC" "cher.de/"), want);          // percent-encoded
  EXPECT_EQ(r.SiteOf("b\xc3\xbc" "cher.de/x"), want);                 // no scheme
  EXPECT_EQ(r.SiteOf("http://bu\xcc\x88" "cher.de/"), want);          // decomposed u + U+0308
  EXPECT_EQ(r.SiteOf("http://b\xef\xbd\x95\xcc\x88" "cher.de/"), want);  // fullwidth u
  EXPECT_EQ(r.SiteOf("http://b\xc3\xbc" "cher\xe3\x80\x82" "de/"), want);  // ideographic full stop
  // Non-transitional mapping, as browsers: \u00df stays a letter of its own.
  EXPECT_EQ(r.SiteOf("http://stra\xc3\x9f" "e.de/"), "xn--strae-oqa.de");
  EXPECT_EQ(r.SiteOf("http://xn--strae-oqa.de/"), "xn--strae-oqa.de");
  // Subdomains in Unicode and in ASCII form share the registrable domain.
  EXPECT_EQ(r.SiteOf("http://m\xc3\xbc" "nchen.b\xc3\xbc" "cher.de/"), want);
  EXPECT_EQ(r.SiteOf("http://xn--mnchen-3ya.b\xc3\xbc" "cher.de/"), want);
  // The public suffix list sees the ASCII form: IDN top-level domains and
  // IDN public suffixes (\u516c\u53f8.cn) still work.
  EXPECT_EQ(r.SiteOf("http://www.example.\xe4\xb8\xad\xe5\x9b\xbd/"), "example.xn--fiqs8s");
  EXPECT_EQ(r.SiteOf("http://www.example.xn--fiqs8s/"), "example.xn--fiqs8s");
  EXPECT_EQ(r.SiteOf("http://a.b.\xe5\x85\xac\xe5\x8f\xb8.cn/"), "b.xn--55qx5d.cn");
  EXPECT_EQ(r.SiteOf("http://a.b.xn--55qx5d.cn/"), "b.xn--55qx5d.cn");
}

TEST(SiteTest, NamesThatIdnaRefusesArePunycodedLabelByLabel) {
  SiteResolver r;
  // Emoji are not IDNA2008 names, but browsers still send them in ASCII form.
  EXPECT_EQ(r.SiteOf("http://i\xe2\x9d\xa4.ws/"), "xn--i-7iq.ws");
  EXPECT_EQ(r.SiteOf("http://xn--i-7iq.ws/"), "xn--i-7iq.ws");
  EXPECT_EQ(r.SiteOf("http://I\xe2\x9d\xa4.WS/a"), "xn--i-7iq.ws");
  EXPECT_EQ(r.SiteOf("http://www.\xf0\x9f\x98\x80.example.com/"), "example.com");
  EXPECT_EQ(SiteResolver::HostOf("http://www.\xf0\x9f\x98\x80.example.com/"),
            "www.xn--e28h.example.com");
}

TEST(SiteTest, SiteKeysAreAscii) {
  SiteResolver domain;
  SiteResolver host(SiteMode::kHost);
  EXPECT_EQ(host.SiteOf("http://WWW.B\xc3\x9c" "CHER.de/"), "www.xn--bcher-kva.de");
  EXPECT_EQ(host.SiteOf("http://www.xn--bcher-kva.de/"), "www.xn--bcher-kva.de");
  for (const char* url : {"http://www.b\xc3\xbc" "cher.de/", "http://i\xe2\x9d\xa4.ws/",
                          "http://\xd0\xbf\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80.\xd1\x80\xd1\x84/"}) {
    for (const SiteResolver* resolver : {&domain, &host}) {
      const std::string site = resolver->SiteOf(url);
      EXPECT_FALSE(site.empty()) << url;
      for (const char c : site) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << url << " -> " << site;
    }
  }
}

TEST(SiteTest, PercentEncodedHostsAreDecoded) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://ex%41mple.com/"), "example.com");
  EXPECT_EQ(r.SiteOf("http://www.example%2ecom/"), "example.com");
  EXPECT_EQ(r.SiteOf("http://ex%4mple.com/"), "");  // not two hex digits
  EXPECT_EQ(r.SiteOf("http://example.com%/"), "");
  EXPECT_EQ(r.SiteOf("http://example.com%2/"), "");
  EXPECT_EQ(r.SiteOf("http://exa%20mple.com/"), "");  // a space in the host
  EXPECT_EQ(r.SiteOf("http://exa%00mple.com/"), "");
  EXPECT_EQ(r.SiteOf("http://b%C3cher.de/"), "");  // invalid UTF-8
}

TEST(SiteTest, Ipv6LiteralsHaveOneSpelling) {
  SiteResolver r;
  EXPECT_EQ(r.SiteOf("http://[0:0:0:0:0:0:0:1]/"), "[::1]");
  EXPECT_EQ(r.SiteOf("http://[::0001]:80/"), "[::1]");
  EXPECT_EQ(r.SiteOf("http://[2001:0DB8:0:0::1]/"), "[2001:db8::1]");
  EXPECT_EQ(r.SiteOf("http://[::ffff:1.2.3.4]/"), "[::ffff:1.2.3.4]");
  EXPECT_EQ(r.SiteOf("http://[1:2:3]/"), "");
  EXPECT_EQ(r.SiteOf("http://[1::2::3]/"), "");
}

TEST(SiteTest, PunycodeMatchesRfc3492AndLibidn2) {
  // The fallback (label by label) and libidn2 agree where both apply.
  EXPECT_EQ(SiteResolver::HostOf("http://\xe2\x98\x83-\xe2\x8c\x98.com/"), "xn----dqo34k.com");
  EXPECT_EQ(SiteResolver::HostOf("http://\xc3\xbc.com/"), "xn--tda.com");
  EXPECT_EQ(SiteResolver::HostOf("http://m\xc3\xbcnchen.de/"), "xn--mnchen-3ya.de");
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
        "https://www.b\xc3\xbc" "cher.de/x", "https://WWW.B\xc3\x9c" "CHER.de/y", "https://b%C3%BC" "cher.de/",
        "https://[0::1]/", "https://www.example.com/a"};
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
