#include "policy/headline.h"

#include <algorithm>
#include <cassert>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/base/attributes.h"
#include "absl/strings/ascii.h"
#include "hash/line_hash.h"

namespace dechrome {

namespace {

#if defined(__SSE2__)
// The bytes of b in [lo, lo + count), as a mask: b + (128 - lo), as a signed
// byte, is below -128 + count (one add and one compare).
inline __m128i InRange(__m128i b, char lo, char count) {
  return _mm_cmplt_epi8(_mm_add_epi8(b, _mm_set1_epi8(static_cast<char>(128 - lo))),
                        _mm_set1_epi8(static_cast<char>(-128 + count)));
}
#endif

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The number of ' ' in `s`, 16 bytes at a time (SSE2): LooksLikeTitle()
// counts the words of every line of a document whose URL has words.
size_t CountSpaces(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size(), count = 0;
#if defined(__SSE2__)
  // Per-byte counts (each match subtracts -1), summed every 255 blocks and
  // at the end (no popcount instruction in the baseline x86-64 build).
  const __m128i space = _mm_set1_epi8(' '), zero = _mm_setzero_si128();
  auto sum = [&](__m128i acc) {
    const __m128i s = _mm_sad_epu8(acc, zero);
    return static_cast<size_t>(_mm_cvtsi128_si32(s)) + static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(s, 8)));
  };
  __m128i acc = zero;
  for (int blocks = 0; n >= 16; p += 16, n -= 16) {
    acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), space));
    if (++blocks == 255) {
      count += sum(acc);
      acc = zero;
      blocks = 0;
    }
  }
  count += sum(acc);
#endif
  for (; n > 0; ++p, --n) count += *p == ' ';
  return count;
}

}  // namespace

size_t UrlTitle::Words(std::string_view url) {
  if (url == url_) return words_.size();
  // Words of the URL after the host: lower-case runs of letters, digit runs
  // as one '0' (as in normal forms), in one buffer (no allocation per word).
  // The path is percent-decoded first: a slug in another script is UTF-8
  // written as %XX escapes ("d%C3%A9tjeau"); a word with such bytes is
  // replaced by its normal form's words.
  url_.assign(url.data(), url.size());
  words_.clear();
  word_hashes_.clear();
  word_buf_.clear();
  path_.clear();
  for (uint64_t& bits : prefix_hashes_) bits = 0;
  size_t start = url.find("://");
  start = url.find('/', start == std::string_view::npos ? 0 : start + 3);
  for (size_t i = start == std::string_view::npos ? url.size() : start; i < url.size(); ++i) {
    if (url[i] == '%' && i + 2 < url.size() && HexValue(url[i + 1]) >= 0 && HexValue(url[i + 2]) >= 0) {
      path_.push_back(static_cast<char>(HexValue(url[i + 1]) * 16 + HexValue(url[i + 2])));
      i += 2;
    } else {
      path_.push_back(url[i]);
    }
  }
  size_t word_begin = 0;
  bool non_ascii = false;  // the word being read has bytes of 0x80 and up
  // Records word_buf_[at, at + size) as a word.
  auto add_word = [&](size_t at, size_t size) {
    words_.emplace_back(static_cast<uint32_t>(at), static_cast<uint32_t>(size));
    const uint8_t h = WordPrefixHash(std::string_view(word_buf_).substr(at, size));
    word_hashes_.push_back(h);
    prefix_hashes_[h >> 6] |= uint64_t{1} << (h & 63);
  };
  for (size_t i = 0; i <= path_.size(); ++i) {
    const char c = i < path_.size() ? path_[i] : '/';
    const unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isdigit(u)) {
      if (word_buf_.size() == word_begin || word_buf_.back() != '0') word_buf_.push_back('0');
      continue;
    }
    if (absl::ascii_isalpha(u)) {
      word_buf_.push_back(absl::ascii_tolower(u));
      continue;
    }
    if (u >= 0x80) {
      word_buf_.push_back(c);
      non_ascii = true;
      continue;
    }
    if (word_buf_.size() == word_begin) continue;
    if (!non_ascii) {
      add_word(word_begin, word_buf_.size() - word_begin);
      word_begin = word_buf_.size();
      continue;
    }
    // A word with letters of other scripts: its normal form, as lines get
    // theirs (case folded, NFKC; punctuation such as a typographic
    // apostrophe splits it into several words).
    norm_word_.clear();
    normalizer_.Normalize(std::string_view(word_buf_).substr(word_begin), &norm_word_);
    word_buf_.resize(word_begin);
    non_ascii = false;
    size_t p = 0;
    while (p < norm_word_.size()) {
      size_t e = norm_word_.find(' ', p);
      if (e == std::string::npos) e = norm_word_.size();
      if (e > p) {
        const size_t at = word_buf_.size();
        word_buf_.append(norm_word_, p, e - p);
        add_word(at, e - p);
      }
      p = e + 1;
    }
    word_begin = word_buf_.size();
  }
  SetSlug();
  return words_.size();
}

void UrlTitle::SetSlug() {
  slug_.clear();
  // The path without query and fragment; its last segment with a letter.
  std::string_view path(path_);
  path = path.substr(0, std::min(path.find('?'), path.find('#')));
  std::string_view segment;
  while (!path.empty()) {
    const size_t slash = path.rfind('/');
    const std::string_view s = slash == std::string_view::npos ? path : path.substr(slash + 1);
    path = path.substr(0, slash == std::string_view::npos ? 0 : slash);
    const bool has_letter = std::any_of(s.begin(), s.end(), [](char c) {
      return absl::ascii_isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    });
    if (has_letter) {
      segment = s;
      break;
    }
  }
  if (std::none_of(segment.begin(), segment.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return;
  // A file extension: ".html", ".php", ... (ASCII letters and digits, at
  // most 5, after the last '.').
  if (const size_t dot = segment.rfind('.'); dot != std::string_view::npos && segment.size() - dot <= 6 &&
                                               std::all_of(segment.begin() + dot + 1, segment.end(), [](char c) {
                                                 return absl::ascii_isalnum(static_cast<unsigned char>(c));
                                               })) {
    segment = segment.substr(0, dot);
  }
  // An escape cut short at the end ("%E", "%": a URL capped in bytes),
  // then a UTF-8 sequence cut short (a slug capped in bytes).
  if (!segment.empty() && segment.back() == '%') {
    segment.remove_suffix(1);
  } else if (segment.size() >= 2 && segment[segment.size() - 2] == '%' && HexValue(segment.back()) >= 0) {
    segment.remove_suffix(2);
  }
  size_t lead = segment.size();
  while (lead > 0 && (static_cast<unsigned char>(segment[lead - 1]) & 0xC0) == 0x80 && segment.size() - lead < 3)
    --lead;
  if (lead > 0 && static_cast<unsigned char>(segment[lead - 1]) >= 0xC0) {
    const unsigned char c = static_cast<unsigned char>(segment[lead - 1]);
    const size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (segment.size() - (lead - 1) < want) segment = segment.substr(0, lead - 1);
  }
  // (Dates are not folded, as in the URL words: a slug with a month name
  // or "3 hours ago" in it misses its line, which folds them; it never
  // matches a wrong one.)
  normalizer_.Normalize(segment, &slug_);
  // Numbers before and after the words: an article id, a date.
  std::string_view words(slug_);
  while (words.size() >= 2 && words[0] == '0' && words[1] == ' ') words.remove_prefix(2);
  while (words.size() >= 2 && words[words.size() - 1] == '0' && words[words.size() - 2] == ' ')
    words.remove_suffix(2);
  if (words == "0" || words.size() < kMinSlugBytes) {
    slug_.clear();
    return;
  }
  slug_ = std::string(words);
}

bool UrlTitle::MatchesSlug(std::string_view norm) const {
  if (slug_.empty() || norm.size() < kMinSlugBytes) return false;
  static_assert(kMinSlugBytes > 0, "norm[0] below");
  if (norm[0] != slug_[0]) return false;  // most lines: no compare call
  // The line begins with the whole slug (a slug cut short ends anywhere in
  // a word), or the line is the slug's beginning, 3/4 of it or more (the
  // site's name or an id after the headline in its slug).
  if (norm.size() >= slug_.size()) return norm.compare(0, slug_.size(), slug_) == 0;
  return norm.size() * 4 >= slug_.size() * 3 && slug_.compare(0, norm.size(), norm) == 0;
}

bool UrlTitle::MayMatch(const WordSketch& sketch) const {
  // LooksLikeTitle() wants 3 words or more, at most a quarter of them
  // unmatched; a word matched by a URL word has that word's prefix hash.
  // The sketch counts numbers and dates too: at least as many words as
  // LooksLikeTitle(), so at least as many misses are allowed here.
  if (sketch.words < 3) return false;
  size_t misses = 0;
  for (size_t j = 0; j < sketch.hashed; ++j) {
    const uint8_t h = sketch.prefix_hash[j];
    misses += (prefix_hashes_[h >> 6] >> (h & 63) & 1) == 0 ? 1 : 0;
  }
  return misses <= sketch.words / 4u;
}

bool UrlTitle::LooksLikeTitle(std::string_view norm, std::string_view url) {
  const size_t url_words = Words(url);
  if (MatchesSlug(norm)) return true;
  // At least 3 words, or it cannot be a title: most chrome is one or two.
  const size_t spaces = CountSpaces(norm);
  if (spaces < 2) return false;
  if (url_words < 3) return false;
  return MatchesUrlWords(norm, spaces);
}

bool UrlTitle::LooksLikeTitleOfLastUrl(std::string_view norm) {
  if (MatchesSlug(norm)) return true;
  const size_t spaces = CountSpaces(norm);
  if (spaces < 2 || words_.size() < 3) return false;
  return MatchesUrlWords(norm, spaces);
}

bool UrlTitle::MatchesUrlWords(std::string_view norm, size_t spaces) const {
  auto url_word = [&](size_t u) {
    return std::string_view(word_buf_.data() + words_[u].first, words_[u].second);
  };
  size_t total_words = spaces + 1;
  size_t words = 0, found = 0;
  size_t pos = 0;
  while (pos < norm.size()) {
    size_t end = norm.find(' ', pos);
    if (end == std::string::npos) end = norm.size();
    std::string_view w(norm.data() + pos, end - pos);
    if (!w.empty() && (w.front() == '<' || w == "0")) {
      // A folded date word ("<d>", "<m>") or a number: the URL spells them
      // differently or not at all; neither a match nor a miss.
      --total_words;
      pos = end + 1;
      continue;
    }
    ++words;
    // A URL word matches a line word equal to it, or that it begins if it
    // has at least 4 letters (slugs are often cut). Either way both have
    // the same WordPrefixHash() (first 4 bytes, and size capped at 4): a
    // word whose hash no URL word has is a miss without a search.
    const uint8_t h = WordPrefixHash(w);
    const bool may_match = (prefix_hashes_[h >> 6] >> (h & 63) & 1) != 0;
    bool match = false;
    for (size_t u = 0; may_match && !match && u < words_.size(); ++u) {
      if (word_hashes_[u] != h) continue;  // (neither equal nor a prefix of 4 bytes or more)
      const std::string_view p = url_word(u);
      match = p.size() == w.size() ? p == w
                                   : p.size() >= 4 && p.size() < w.size() && w.compare(0, p.size(), p) == 0;
    }
    if (match) ++found;
    // Stop as soon as 3/4 of the words can no longer match.
    if ((found + (total_words - words)) * 4 < total_words * 3) return false;
    pos = end + 1;
  }
  return total_words >= 3 && found * 4 >= total_words * 3;
}

std::string_view TitlePart(std::string_view line) {
  // "Headline - Site name": the site's name follows the last separator.
  // Every separator begins with ' ': the rightmost ' ' that begins one is
  // the last separator (one backward scan; the tests keep the rfind() of
  // each separator as a reference).
  static constexpr std::string_view kSeparators[] = {" - ", " | ", " \xe2\x80\x94 ", " \xe2\x80\x93 ",
                                                     " :: ", " \xc2\xb7 ", " \xc2\xbb "};
  for (size_t at = line.size(); at-- > 0;) {
    if (line[at] != ' ') continue;
    const std::string_view rest = line.substr(at);
    for (std::string_view sep : kSeparators)
      if (rest.size() >= sep.size() && rest.compare(0, sep.size(), sep) == 0) return line.substr(0, at);
  }
  return std::string_view();
}

namespace {

// 3 words or more: most chrome has one or two, and so has a short answer.
bool ThreeWords(std::string_view norm) { return CountSpaces(norm) >= 2; }

// Whether `norm` is `whole`, or its first words.
bool WordPrefix(std::string_view norm, std::string_view whole) {
  return whole.size() >= norm.size() && whole.compare(0, norm.size(), norm) == 0 &&
         (whole.size() == norm.size() || whole[norm.size()] == ' ');
}

}  // namespace

void OwnHeadlineKeys(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                     uint64_t site_seed, DocumentHasher* hasher, UrlTitle* url_title,
                     std::vector<uint64_t>* out, const std::vector<WordSketch>* sketches) {
  const size_t begin = out->size();
  auto add = [&](uint64_t line_key) {
    const uint64_t h = HeadlineKey(line_key);
    if (std::find(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end(), h) == out->end())
      out->push_back(h);
  };
  const std::string_view url = record.url;
  const bool url_words = url_title->Words(url) >= 3 || url_title->HasSlug();
  size_t first = 0;
  while (first < keys.size() && keys[first].blank) ++first;
  if (first == keys.size()) return;
  if (url_words) {
    for (const LineKeys& k : keys) {
      if (k.blank || k.norm_length >= 200) continue;
      // The sketch's test is cheaper and never rejects a title (MayMatch());
      // most lines fail it.
      if (sketches != nullptr && !url_title->MayMatch((*sketches)[&k - keys.data()]) &&
          !url_title->MaySlugMatch(k.norm_length))
        continue;
      if (url_title->LooksLikeTitleOfLastUrl(k.normalized)) add(k.key);
    }
  } else if (ThreeWords(keys[first].normalized)) {
    add(keys[first].key);
  }
  const Line& line = record.lines[first];
  const std::string_view raw = record.text.substr(line.text_begin, line.text_end - line.text_begin);
  const std::string_view part = TitlePart(raw);
  if (part.empty()) return;
  const std::string_view first_norm = keys[first].normalized;
  const LineKeys k = hasher->HashLine(part, site_seed);
  const std::string& norm = hasher->normalized();
  // (What IsOwnHeadline() can tell in pass 2: a word prefix of the line.)
  if (!k.blank && ThreeWords(norm) && norm.size() < first_norm.size() && WordPrefix(norm, first_norm))
    add(k.key);
}

uint64_t HeadlineLineKey(uint64_t h) {
  // The multiplicative inverse of an odd 64-bit constant (Newton's
  // iteration: each step doubles the correct low bits, 3 -> 6 -> ... -> 96).
  auto inverse = [](uint64_t a) {
    uint64_t x = a;  // correct to 3 bits (a * a == 1 mod 8 for odd a)
    for (int i = 0; i < 5; ++i) x *= 2 - a * x;
    return x;
  };
  static constexpr uint64_t kMul1 = 0xff51afd7ed558ccdull, kMul2 = 0xc4ceb9fe1a85ec53ull;
  uint64_t x = h;
  x ^= x >> 33;
  x *= inverse(kMul2);
  x ^= x >> 33;
  x *= inverse(kMul1);
  x ^= x >> 33;
  return x ^ 0x6c8e9cf570932bd5ull;
}

size_t HeadlineListSegments(std::string_view s, std::vector<std::string_view>* segments) {
  segments->clear();
  auto push = [&](size_t b, size_t e) {
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
    if (e > b) segments->push_back(s.substr(b, e - b));
  };
  const size_t n = s.size();
  size_t begin = 0;
  // Cuts at s[i] when it begins a separator or is an upper-case letter run
  // into the byte before it. Returns how many bytes to skip after i.
  auto cut_at = [&](size_t i) -> size_t {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t sep = 0;
    if (c == '|') sep = 1;
    else if (c == 0xe2 && i + 2 < n && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             static_cast<unsigned char>(s[i + 2]) == 0xa2) sep = 3;  // U+2022
    else if (c == 0xc2 && i + 1 < n && static_cast<unsigned char>(s[i + 1]) == 0xb7) sep = 2;  // U+00B7
    if (sep > 0) {
      push(begin, i);
      begin = i + sep;
      return sep - 1;
    }
    if (!absl::ascii_isupper(c)) return 0;
    const unsigned char p = static_cast<unsigned char>(s[i - 1]);
    if (absl::ascii_islower(p) || absl::ascii_isdigit(p) || p == '.' || p == '?' || p == '!' ||
        p == '\'' || p == '"' || p == ')') {
      push(begin, i);
      begin = i;
    }
    return 0;
  };
  size_t i = 1;
#if defined(__SSE2__)
  // Most bytes of a line are none of those: 16 at a time, looking closer
  // only at the cuts themselves: '|', U+2022 and U+00B7 (their bytes
  // compared in blocks loaded 1 and 2 bytes further on), and upper-case
  // letters after a byte that cuts (loaded 1 byte back). Most upper-case
  // letters follow a space, and most 0xe2 and 0xc2 bytes begin other
  // characters (typographic quotes and dashes, no-break spaces): no
  // closer look. (The loads reach s[i + 17]: the loop stops 18 bytes from
  // the end, and the tail below takes the rest.)
  const __m128i bar = _mm_set1_epi8('|'), e2 = _mm_set1_epi8(static_cast<char>(0xe2)),
                c2 = _mm_set1_epi8(static_cast<char>(0xc2)), x80 = _mm_set1_epi8(static_cast<char>(0x80)),
                xa2 = _mm_set1_epi8(static_cast<char>(0xa2)), xb7 = _mm_set1_epi8(static_cast<char>(0xb7));
  const __m128i dot = _mm_set1_epi8('.'), question = _mm_set1_epi8('?'), bang = _mm_set1_epi8('!'),
                apostrophe = _mm_set1_epi8('\''), quote = _mm_set1_epi8('"'), paren = _mm_set1_epi8(')');
  while (i + 18 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i upper = InRange(v, 'A', 26);
    // Most blocks hold none of the bytes looked at: nothing more to do.
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(upper, _mm_cmpeq_epi8(v, bar)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, c2)))) == 0) {
      i += 16;
      continue;
    }
    const __m128i p = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i - 1));
    const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 1));
    const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i + 2));
    const __m128i p_lower = InRange(p, 'a', 26);
    const __m128i p_digit = InRange(p, '0', 10);
    const __m128i p_stop = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(p, dot), _mm_cmpeq_epi8(p, question)),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(p, bang), _mm_cmpeq_epi8(p, apostrophe)),
                     _mm_or_si128(_mm_cmpeq_epi8(p, quote), _mm_cmpeq_epi8(p, paren))));
    const __m128i run_into = _mm_and_si128(upper, _mm_or_si128(_mm_or_si128(p_lower, p_digit), p_stop));
    const __m128i bullet = _mm_and_si128(_mm_cmpeq_epi8(v, e2),
                                         _mm_and_si128(_mm_cmpeq_epi8(v1, x80), _mm_cmpeq_epi8(v2, xa2)));
    const __m128i middle_dot = _mm_and_si128(_mm_cmpeq_epi8(v, c2), _mm_cmpeq_epi8(v1, xb7));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, bar), run_into),
                                     _mm_or_si128(bullet, middle_dot));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    const size_t block = i;
    for (; mask != 0; mask &= mask - 1) {
      const size_t at = block + static_cast<size_t>(__builtin_ctz(mask));
      if (at >= i) i = at + 1 + cut_at(at);  // (a separator's bytes are skipped)
    }
    i = std::max(i, block + 16);
  }
  // The last bytes (fewer than 18): the block of the line's last 16 bytes,
  // its bytes before s[i] left out, each byte that may cut looked at as
  // above.
  if (i < n && n >= 16) {
    const size_t block = n - 16;
    while (i < block) i += cut_at(i) + 1;  // (at most 2 bytes before it)
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + block));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(
        _mm_or_si128(_mm_or_si128(InRange(v, 'A', 26), _mm_cmpeq_epi8(v, bar)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, c2)))));
    mask &= ~0u << (i - block);
    for (; mask != 0; mask &= mask - 1) {
      const size_t at = block + static_cast<size_t>(__builtin_ctz(mask));
      if (at >= i) i = at + 1 + cut_at(at);
    }
    i = n;
  }
#endif
  for (; i < n; ++i) i += cut_at(i);
  push(begin, n);
  return segments->size();
}

bool IsOwnHeadline(std::string_view norm, std::string_view first_norm, std::string_view url,
                   UrlTitle* url_title) {
  if (url_title->LooksLikeTitle(norm, url)) return true;
  if (norm.size() < first_norm.size()) return WordPrefix(norm, first_norm);
  // The first line itself: the headline when the URL has none.
  return norm == first_norm && url_title->Words(url) < 3 && !url_title->HasSlug();
}

}  // namespace dechrome

namespace dechrome {
namespace {

// The length of a label separator at s[p] (':', '|', U+203A, U+00BB), or
// 0.
size_t SeparatorAt(std::string_view s, size_t p) {
  if (p >= s.size()) return 0;
  if (s[p] == ':' || s[p] == '|') return 1;
  if (s.substr(p, 3) == "\xe2\x80\xba") return 3;
  if (s.substr(p, 2) == "\xc2\xbb") return 2;
  return 0;
}

// The end of the word that begins at s[p]. A word's bytes are ASCII
// letters, apostrophes and the bytes of non-ASCII characters other than a
// separator's. (A byte-class loop: this runs on every short line of both
// passes.)
size_t WordEnd(std::string_view s, size_t p) {
  const size_t n = s.size();
#if defined(__SSE2__)
  // 16 bytes at a time: a word byte is a letter, an apostrophe or a
  // non-ASCII byte; the first bytes of the two non-ASCII separators are
  // checked one by one. (Lines of CJK text are one long word.)
  const __m128i apostrophe = _mm_set1_epi8('\''), case_bit = _mm_set1_epi8(0x20);
  const __m128i before_a = _mm_set1_epi8('a' - 1), after_z = _mm_set1_epi8('z' + 1);
  const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xe2)), c2 = _mm_set1_epi8(static_cast<char>(0xc2));
  for (; p + 16 <= n; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + p));
    const __m128i lower = _mm_or_si128(v, case_bit);  // non-ASCII stays negative
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, before_a), _mm_cmplt_epi8(lower, after_z));
    const __m128i word = _mm_or_si128(_mm_or_si128(letter, _mm_cmpeq_epi8(v, apostrophe)),
                                      _mm_cmplt_epi8(v, _mm_setzero_si128()));
    const __m128i maybe_end =
        _mm_or_si128(_mm_andnot_si128(word, _mm_set1_epi8(-1)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, c2)));
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(maybe_end)); mask != 0; mask &= mask - 1) {
      const size_t q = p + static_cast<size_t>(__builtin_ctz(mask));
      if (static_cast<unsigned char>(s[q]) < 0x80 || SeparatorAt(s, q) != 0) return q;
    }
  }
#endif
  while (p < n) {
    const unsigned char c = static_cast<unsigned char>(s[p]);
    if (c < 0x80) {
      if (!absl::ascii_isalpha(c) && c != '\'') break;
      ++p;
      continue;
    }
    // Non-ASCII: part of the word unless it begins U+203A or U+00BB.
    if ((c == 0xe2 || c == 0xc2) && SeparatorAt(s, p) != 0) break;
    ++p;
  }
  return p;
}

// Whether `s` holds a separator (SeparatorAt() somewhere). Most lines hold
// none, and then only a lead-in can make them templated: 16 bytes at a time
// (SSE2), a 0xe2 or 0xc2 byte looked at closer (in multilingual text most
// begin other characters: typographic quotes and dashes, no-break spaces).
bool HoldsSeparator(std::string_view s) {
  size_t p = 0;
  const size_t n = s.size();
#if defined(__SSE2__)
  const __m128i colon = _mm_set1_epi8(':'), bar = _mm_set1_epi8('|');
  const __m128i e2 = _mm_set1_epi8(static_cast<char>(0xe2)), c2 = _mm_set1_epi8(static_cast<char>(0xc2));
  // Blocks of 16 bytes; the last one ends at the line's end (it may cover
  // bytes already looked at again).
  for (size_t next = 0; n >= 16 && p < n; p = next) {
    next = p + 16 <= n ? p + 16 : n;
    p = next - 16;
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + p));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, colon), _mm_cmpeq_epi8(v, bar))) != 0) return true;
    for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, e2), _mm_cmpeq_epi8(v, c2))));
         mask != 0; mask &= mask - 1)
      if (SeparatorAt(s, p + static_cast<size_t>(__builtin_ctz(mask))) != 0) return true;
  }
#endif
  for (; p < n; ++p) {
    const unsigned char c = static_cast<unsigned char>(s[p]);
    if ((c == ':' || c == '|' || c == 0xe2 || c == 0xc2) && SeparatorAt(s, p) != 0) return true;
  }
  return false;
}

// Lead-ins that start a templated line without a separator.
constexpr std::string_view kLeadIns[] = {
    "posted in", "filed under", "filed in", "printed from", "tags", "tagged",
    "more from", "related",     "see also"};

// Labels of a fact about this page: its byline, its date, its picture's
// credit, its section. The page's own, like a dateline (which "label" keeps too), and
// content to some gold standards: never templated.
bool PageFact(std::string_view prefix) {
  constexpr std::string_view kFacts[] = {
      "posted by", "written by", "posted on", "author", "authors", "photo", "photos", "image", "images",
      "credit",    "credits",    "photo credit", "photograph", "published", "updated", "date",
      "category",  "categories"};
  if (prefix == "by" || prefix.substr(0, 3) == "by ") return true;
  for (std::string_view f : kFacts)
    if (prefix == f) return true;
  return false;
}

// TemplatePrefix() of a trimmed line of 4 bytes or more that may have a
// label (`separator`: HoldsSeparator()). Not inlined: most lines never get
// here.
ABSL_ATTRIBUTE_NOINLINE bool TemplatePrefixOf(std::string_view s, bool separator, std::string* prefix);

}  // namespace

bool TemplatePrefix(std::string_view s, std::string* prefix) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  prefix->clear();
  if (s.size() < 4) return false;
  // Without a separator, the first word tells whether a lead-in may begin
  // the line.
  const bool separator = HoldsSeparator(s);
  if (!separator) {
    // Only a lead-in then, in a short line that does not end like a
    // sentence (as below), whose first word is a lead-in's first word
    // ("posted", "filed", "printed", "tags", "tagged", "more", "related",
    // "see": ASCII letters, 3 or more, the first three one of these): most
    // lines are ruled out here, before any word is read (and without the
    // stack frame of what follows).
    if (s.size() >= 120 || s.back() == '.' || s.back() == '!' || s.back() == '?') return false;
    // (The three letters as one number: one compare each, no memcmp() call
    // per candidate on every short line of both passes.)
    auto pack = [](unsigned char a, unsigned char b, unsigned char c) {
      return uint32_t{a} | uint32_t{b} << 8 | uint32_t{c} << 16;
    };
    auto lower = [&](size_t i) {
      return static_cast<unsigned char>(absl::ascii_tolower(static_cast<unsigned char>(s[i])));
    };
    switch (pack(lower(0), lower(1), lower(2))) {
      case pack('p', 'o', 's'):
      case pack('f', 'i', 'l'):
      case pack('p', 'r', 'i'):
      case pack('t', 'a', 'g'):
      case pack('m', 'o', 'r'):
      case pack('r', 'e', 'l'):
      case pack('s', 'e', 'e'):
        break;
      default:
        return false;
    }
  }
  return TemplatePrefixOf(s, separator, prefix);
}

namespace {

bool TemplatePrefixOf(std::string_view s, bool separator, std::string* prefix) {
  // The first words (at most 3), up to a separator; the prefix is made
  // only for a line that may be templated: most lines are not.
  size_t word_begin[3], word_end[3];
  size_t words = 0;
  size_t sep_at = 0, sep = 0;
  const size_t max_words = separator ? 3 : 1;
  for (size_t p = 0; words < max_words;) {
    const size_t b = p;
    p = WordEnd(s, p);
    if (p == b) break;
    word_begin[words] = b;
    word_end[words++] = p;
    size_t q = p;
    while (q < s.size() && s[q] == ' ') ++q;
    if ((sep = SeparatorAt(s, q)) != 0) {
      sep_at = q;
      break;
    }
    if (q == p || q >= s.size()) break;
    p = q;
  }
  auto make_prefix = [&] {
    for (size_t w = 0; w < words; ++w) {
      if (w > 0) prefix->push_back(' ');
      const size_t at = prefix->size();
      prefix->append(s.data() + word_begin[w], word_end[w] - word_begin[w]);
      for (size_t i = at; i < prefix->size(); ++i)
        (*prefix)[i] = absl::ascii_tolower(static_cast<unsigned char>((*prefix)[i]));
    }
  };
  if (sep != 0) {
    // "http://...": a URL, not a label.
    if (s[sep_at] == ':' && sep_at + 1 < s.size() && s[sep_at + 1] == '/') return false;
    size_t t = sep_at + sep;
    while (t < s.size() && s[t] == ' ') ++t;
    if (t >= s.size()) return false;
    make_prefix();
    if (prefix->size() < 2) return false;
    // "By Jane Doe | 12 March": the label is the lead-in, not the name.
    for (std::string_view lead : kLeadIns) {
      if (prefix->size() > lead.size() && prefix->compare(0, lead.size(), lead) == 0 &&
          (*prefix)[lead.size()] == ' ') {
        prefix->resize(lead.size());
        break;
      }
    }
    return !PageFact(*prefix);
  }
  // A lead-in: in a short line that does not end like a sentence. (Its
  // first word is a lead-in's first word.)
  if (s.size() >= 120 || s.back() == '.' || s.back() == '!' || s.back() == '?') return false;
  if (words == 0) return false;
  const std::string_view first = s.substr(word_begin[0], word_end[0] - word_begin[0]);
  bool may_lead = false;
  for (std::string_view lead : kLeadIns) {
    if (first.size() > lead.size() || (first.size() < lead.size() && lead[first.size()] != ' ')) continue;
    const std::string_view lead_word = lead.substr(0, first.size());
    may_lead = may_lead || (first.size() == lead_word.size() &&
                            std::equal(first.begin(), first.end(), lead_word.begin(), [](char a, char b) {
                              return absl::ascii_tolower(static_cast<unsigned char>(a)) == b;
                            }));
  }
  if (!may_lead) return false;
  // All of its first words (up to 3) for the lead-in's.
  for (size_t p = word_end[words - 1]; words < 3;) {
    size_t q = p;
    while (q < s.size() && s[q] == ' ') ++q;
    if (q == p || q >= s.size()) break;
    p = WordEnd(s, q);
    if (p == q) break;
    word_begin[words] = q;
    word_end[words++] = p;
  }
  make_prefix();
  for (std::string_view lead : kLeadIns) {
    if (prefix->size() < lead.size() || prefix->compare(0, lead.size(), lead) != 0) continue;
    if (prefix->size() > lead.size() && (*prefix)[lead.size()] != ' ') continue;
    // Something after it.
    if (s.size() <= lead.size() + 1) continue;
    prefix->resize(lead.size());
    return true;
  }
  prefix->clear();
  return false;
}

}  // namespace

void OwnTemplateKeys(const ParsedRecord& record, const std::vector<LineKeys>& keys,
                     uint64_t site_seed, std::string* scratch, std::vector<uint64_t>* out) {
  const size_t begin = out->size();
  size_t first = 0;
  while (first < keys.size() && keys[first].blank) ++first;
  // (The first line, the page's title, is never judged by the rule.)
  for (size_t i = first + 1; i < keys.size(); ++i) {
    if (keys[i].blank || keys[i].norm_length >= kTemplateMaxLength) continue;
    const Line& line = record.lines[i];
    if (!TemplatePrefix(record.text.substr(line.text_begin, line.text_end - line.text_begin), scratch))
      continue;
    const uint64_t h = TemplateKey(LineKey(*scratch, site_seed));
    if (std::find(out->begin() + static_cast<std::ptrdiff_t>(begin), out->end(), h) == out->end())
      out->push_back(h);
  }
}

}  // namespace dechrome

namespace dechrome {
namespace {

// The raw line's words: lower-case runs of ASCII letters, and runs of
// digits as "0" (enough for the English headings and dates below). In a
// fixed buffer, no allocation: these tests run on many lines of every page
// (the comment-region rule looks at every removed line below the article),
// and each caller looks only at lines shorter than kMaxLine bytes, whose
// words (never longer than the line, a run of digits one byte) fit.
class LowerWords {
 public:
  static constexpr size_t kMaxLine = 256;
  // The first `max_words` words only (size() is then min(words, max_words):
  // a caller that looks at the first few words need not read the rest).
  // REQUIRES: s.size() < kMaxLine.
  explicit LowerWords(std::string_view s, size_t max_words = kMaxLine) {
    assert(s.size() < kMaxLine);
    size_t at = 0, begin = 0;
    bool digits = false;  // the word being read is a run of digits
    auto flush = [&] {
      if (at > begin) {
        begin_[n_] = static_cast<uint8_t>(begin);
        size_[n_] = static_cast<uint8_t>(at - begin);
        ++n_;
      }
      begin = at;
    };
    for (size_t i = 0; i < s.size() && n_ < max_words; ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (absl::ascii_isalpha(c)) {
        if (at > begin && digits) flush();
        digits = false;
        buf_[at++] = absl::ascii_tolower(c);
      } else if (absl::ascii_isdigit(c)) {
        if (at > begin && !digits) flush();
        if (at == begin) buf_[at++] = '0';
        digits = true;
      } else if (c == '\'' && at > begin && !digits) {
        // "don't": one word.
      } else {
        flush();
      }
    }
    // (With max_words words read, what follows is the next word's start.)
    if (n_ < max_words) flush();
  }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  std::string_view operator[](size_t i) const { return std::string_view(buf_ + begin_[i], size_[i]); }
  std::string_view back() const { return (*this)[n_ - 1]; }

 private:
  char buf_[kMaxLine];
  uint8_t begin_[kMaxLine];  // (a word takes a byte of the line at least)
  uint8_t size_[kMaxLine];
  size_t n_ = 0;
};

}  // namespace

bool IsMonthWord(std::string_view w) {
  // (Most words are ruled out by their length or first letter: this runs on
  // every word of every short chrome line with a digit.)
  if (w.size() < 3 || w.size() > 9) return false;
  switch (w.front()) {
    case 'j': case 'f': case 'm': case 'a': case 's': case 'o': case 'n': case 'd':
      break;
    default:
      return false;
  }
  static constexpr std::string_view kMonths[] = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
      "sep", "sept", "oct", "nov", "dec"};
  // (Size and first letter before a compare call: 12 names have 3 letters.)
  for (std::string_view m : kMonths)
    if (m.size() == w.size() && m[0] == w[0] && w == m) return true;
  return false;
}

bool HasNumericDate(std::string_view s, bool clock_time) {
  auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  for (size_t i = 0; i < s.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    size_t j = i;
    while (digit(j)) ++j;
    if (j >= s.size()) return false;
    const char sep = s[j];
    if (clock_time && sep == ':' && j - i <= 2 && digit(j + 1) && digit(j + 2) && !digit(j + 3)) return true;
    if (j - i > 4 || (sep != '-' && sep != '/' && sep != '.')) continue;
    size_t k = j + 1;
    while (digit(k)) ++k;
    if (k - (j + 1) < 1 || k - (j + 1) > 2 || k >= s.size() || s[k] != sep) continue;
    size_t m = k + 1;
    while (digit(m)) ++m;
    if (m - (k + 1) >= 1 && m - (k + 1) <= 4) return true;
  }
  return false;
}

namespace {

// A line with a digit (the callers check) that has a month's name.
bool HasMonthWord(std::string_view raw) {
  const LowerWords words(raw);
  for (size_t i = 0; i < words.size(); ++i)
    if (IsMonthWord(words[i])) return true;
  return false;
}

// 16 bytes at a time (SSE2): the date tests run on every short line that
// is chrome by its counts, and most have no digit.
bool HasDigit(std::string_view raw) {
  const char* p = raw.data();
  size_t n = raw.size();
#if defined(__SSE2__)
  for (; n >= 16; p += 16, n -= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    if (_mm_movemask_epi8(InRange(v, '0', 10)) != 0) return true;
  }
#endif
  return std::any_of(p, p + n, [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool ReadsAsDate(std::string_view raw) {
  // ReadsAsCalendarDate() or a clock time: HasNumericDate() with clock
  // times finds whatever it finds without them.
  if (raw.size() >= 100 || !HasDigit(raw)) return false;
  return HasNumericDate(raw, /*clock_time=*/true) || HasMonthWord(raw);
}

bool ReadsAsCalendarDate(std::string_view raw) {
  if (raw.size() >= 100 || !HasDigit(raw)) return false;
  return HasNumericDate(raw, /*clock_time=*/false) || HasMonthWord(raw);
}

bool ReadsAsTimestamp(std::string_view raw) {
  if (!ReadsAsDate(raw)) return false;
  bool year = false;
  size_t other_runs = 0;
  auto digit = [&](size_t i) { return i < raw.size() && raw[i] >= '0' && raw[i] <= '9'; };
  for (size_t i = 0; i < raw.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) continue;
    size_t j = i;
    while (digit(j)) ++j;
    if (j - i == 4) year = true; else ++other_runs;
    if (j - i <= 2 && j < raw.size() && raw[j] == ':' && digit(j + 1) && digit(j + 2)) return true;
  }
  // A day and a year ("August 15th, 2012"); a month and a year alone
  // ("November 2012") names an archive page.
  return year && other_runs > 0;
}

bool IsCommentsHeading(std::string_view raw) {
  if (raw.size() >= 200) return false;
  // Most lines are ruled out by their first letter or digit, the first
  // byte of the first word below (this runs on every removed line under an
  // article).
  const auto first = std::find_if(raw.begin(), raw.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c));
  });
  if (first == raw.end()) return false;
  const char f = absl::ascii_tolower(static_cast<unsigned char>(*first));
  if (!absl::ascii_isdigit(static_cast<unsigned char>(f))) {
    // And by the letter after it: "co", "re", "on", "no", "di", "jo", "sh",
    // "vi" begin the words below ("n'o" is "no" to LowerWords: an
    // apostrophe is looked past).
    char second;
    switch (f) {
      case 'c': case 'j': case 'n': second = 'o'; break;
      case 'r': second = 'e'; break;
      case 'o': second = 'n'; break;
      case 'd': case 'v': second = 'i'; break;
      case 's': second = 'h'; break;
      default: return false;
    }
    const auto next = first + 1;
    const char g = next == raw.end() ? '\0' : absl::ascii_tolower(static_cast<unsigned char>(*next));
    if (g != second && g != '\'') return false;
  }
  // The first word is one of a few (most lines that pass the first letters
  // fail here, after one word read, not the whole line).
  {
    const LowerWords first_word(raw, 1);
    if (first_word.empty()) return false;
    static constexpr std::string_view kFirstWords[] = {
        "comments", "comment", "0", "responses", "response", "one", "no",
        "reader",   "discussion", "join", "show", "view"};
    const std::string_view w0 = first_word[0];
    if (std::find(std::begin(kFirstWords), std::end(kFirstWords), w0) == std::end(kFirstWords)) return false;
  }
  // Every test below reads the first 3 words and asks whether there are at
  // most 4: 5 words are as many as it needs.
  const LowerWords w(raw, 5);
  const size_t n = w.size();
  if (n == 0) return false;
  auto is = [&](size_t i, std::string_view s) { return i < n && w[i] == s; };
  auto comment_word = [&](size_t i) {
    return is(i, "comment") || is(i, "comments") || is(i, "response") || is(i, "responses") ||
           is(i, "replies") || is(i, "thoughts") || is(i, "thought");
  };
  // "Comments", "Comment", "Comments (12)", "Comments: 3".
  if ((is(0, "comments") || is(0, "comment")) && (n == 1 || (n == 2 && w[1] == "0"))) return true;
  // "12 Comments", "1 Comment >> | Published in", "3 Responses to <title>",
  // "5 thoughts on <title>": a count, then the word, then anything.
  if (is(0, "0") && comment_word(1)) return true;
  // "Responses to <title>", "One response to <title>".
  if ((is(0, "responses") || is(0, "response")) && is(1, "to")) return true;
  if ((is(0, "one") || is(0, "no")) && comment_word(1) && n <= 2) return true;
  if ((is(0, "one") || is(0, "no")) && comment_word(1) && (is(2, "to") || is(2, "on"))) return true;
  // (Not the comment form's heading, "Leave a Reply", "Post a Comment":
  // it follows the thread on most sites; below it are the form and the
  // sidebar.)
  if (n == 2 && is(0, "reader") && is(1, "comments")) return true;
  if (n == 1 && is(0, "discussion")) return true;
  if (n == 3 && is(0, "join") && is(1, "the") && is(2, "discussion")) return true;
  // "Comments are closed", "Comments closed".
  if (is(0, "comments") && (is(1, "closed") || (is(1, "are") && is(2, "closed")))) return true;
  if ((is(0, "show") || is(0, "view")) && (is(1, "comments") || (is(1, "all") && is(2, "comments"))) && n <= 4)
    return true;
  return false;
}

bool IsCommentByline(std::string_view raw) {
  if (raw.size() >= 80) return false;
  // The last word is one of four, which end in 's', 'd' or 'e': most lines
  // are ruled out by the last letter or digit.
  const auto end_char = std::find_if(raw.rbegin(), raw.rend(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c));
  });
  if (end_char == raw.rend()) return false;
  const char l = absl::ascii_tolower(static_cast<unsigned char>(*end_char));
  if (l != 's' && l != 'd' && l != 'e') return false;
  const LowerWords w(raw);
  if (w.size() < 2) return false;
  const std::string_view last = w.back();
  return last == "says" || last == "said" || last == "wrote" || last == "writes";
}

bool IsCommentAction(std::string_view raw) {
  if (raw.size() >= 20) return false;
  const LowerWords w(raw);
  if (w.empty() || w.size() > 2) return false;
  if (w.size() == 2) return w[0] == "report" && w[1] == "abuse";
  return w[0] == "reply" || w[0] == "report" || w[0] == "permalink" || w[0] == "flag" || w[0] == "like";
}

}  // namespace dechrome
