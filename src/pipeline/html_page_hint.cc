#include "pipeline/html_page_hint.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "http/http_payload.h"

namespace dechrome {
namespace {

constexpr uint32_t kSplitLines = 1u;
constexpr int kCharsetSources = static_cast<int>(CharsetSource::kDefault) + 1;
constexpr size_t kStrings = 8;       // type, url, id, date, title, content_type, charset, text
constexpr size_t kHeadWords = 1 + kStrings;
constexpr size_t kFactWords = 5;

// The CharsetSource whose name is `name`, or -1.
int CharsetSourceCode(const char* name) {
  for (int c = 0; c < kCharsetSources; ++c) {
    const char* n = CharsetSourceName(static_cast<CharsetSource>(c));
    if (n == name || std::strcmp(n, name) == 0) return c;
  }
  return -1;
}

// Whether `doc`'s lines are its text cut at each '\n'.
bool LinesAreSplit(const ParsedRecord& doc) {
  const std::string_view text = doc.text;
  const size_t n = doc.lines.size();
  if (n == 0) return text.empty();
  uint32_t expect = 0;
  for (size_t k = 0; k < n; ++k) {
    const Line& l = doc.lines[k];
    if (l.text_begin != expect || l.text_end < l.text_begin || l.raw_begin != l.text_begin ||
        l.raw_end != l.text_end)
      return false;
    expect = l.text_end + 1;
  }
  if (doc.lines.back().text_end != text.size()) return false;
  // Separators between lines, and no '\n' inside one.
  size_t newlines = 0;
  for (const char* p = text.data(), *end = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, '\n', end - p))) != nullptr; ++p)
    ++newlines;
  return newlines == n - 1;
}

}  // namespace

size_t AppendHtmlPageHint(const ParsedRecord& doc, std::vector<uint32_t>* blob) {
  if (!doc.html || doc.kind != ParsedRecord::Kind::kDocument || doc.facts.size() != doc.lines.size())
    return 0;
  const int source = CharsetSourceCode(doc.charset_source);
  if (source < 0) return 0;
  const std::string_view strings[kStrings] = {doc.type,  doc.url,          doc.id,      doc.date,
                                              doc.title, doc.content_type, doc.charset, doc.text};
  size_t bytes = 0;
  for (std::string_view s : strings) {
    if (s.size() > UINT32_MAX) return 0;
    bytes += s.size();
  }
  const bool split = LinesAreSplit(doc);
  const size_t n = doc.lines.size();
  const size_t words = kHeadWords + (split ? 0 : 2 * n) + kFactWords * n + (bytes + 3) / 4;
  const size_t start = blob->size();
  if (blob->capacity() < start + words) blob->reserve(std::max(start + words, 2 * blob->capacity()));
  blob->resize(start + words);
  uint32_t* w = blob->data() + start;
  *w++ = (split ? kSplitLines : 0u) | static_cast<uint32_t>(source) << 8;
  for (std::string_view s : strings) *w++ = static_cast<uint32_t>(s.size());
  if (!split) {
    for (const Line& l : doc.lines) {
      *w++ = l.text_begin;
      *w++ = l.text_end;
    }
  }
  for (const LineFacts& f : doc.facts) {
    *w++ = static_cast<uint32_t>(f.path);
    *w++ = static_cast<uint32_t>(f.path >> 32);
    *w++ = f.landmarks;
    *w++ = f.link_bytes;
    *w++ = f.links;
  }
  char* b = reinterpret_cast<char*>(w);
  for (std::string_view s : strings) {
    if (!s.empty()) std::memcpy(b, s.data(), s.size());
    b += s.size();
  }
  // Padding: zeros, so that the blob's bytes are all defined.
  std::memset(b, 0, reinterpret_cast<char*>(blob->data() + start + words) - b);
  return words;
}

bool ReadHtmlPageHint(const uint32_t* words, size_t size, size_t lines, ParsedRecord* out) {
  out->Clear();
  if (size < kHeadWords) return false;
  const uint32_t flags = words[0];
  const bool split = (flags & kSplitLines) != 0;
  const int source = static_cast<int>((flags >> 8) & 0xff);
  if (source >= kCharsetSources) return false;
  size_t bytes = 0;
  for (size_t s = 0; s < kStrings; ++s) bytes += words[1 + s];
  const size_t need = kHeadWords + (split ? 0 : 2 * lines) + kFactWords * lines + (bytes + 3) / 4;
  if (need != size) return false;
  const uint32_t* w = words + kHeadWords;
  const uint32_t* offsets = split ? nullptr : w;
  if (!split) w += 2 * lines;
  const uint32_t* facts = w;
  w += kFactWords * lines;
  const char* b = reinterpret_cast<const char*>(w);
  std::string_view strings[kStrings];
  for (size_t s = 0; s < kStrings; ++s) {
    strings[s] = std::string_view(b, words[1 + s]);
    b += words[1 + s];
  }
  const std::string_view text = strings[7];

  out->lines.resize(lines);
  if (split) {
    const char* t = text.data();
    const size_t n = text.size();
    size_t begin = 0, k = 0;
    if (lines == 0) {
      if (n != 0) return out->Clear(), false;
    } else {
      while (true) {
        const void* nl = begin < n ? std::memchr(t + begin, '\n', n - begin) : nullptr;
        const size_t end = nl ? static_cast<const char*>(nl) - t : n;
        if (k == lines) return out->Clear(), false;
        Line& l = out->lines[k++];
        l.text_begin = l.raw_begin = static_cast<uint32_t>(begin);
        l.text_end = l.raw_end = static_cast<uint32_t>(end);
        if (nl == nullptr) break;
        begin = end + 1;
      }
      if (k != lines) return out->Clear(), false;
    }
  } else {
    for (size_t k = 0; k < lines; ++k) {
      const uint32_t begin = offsets[2 * k], end = offsets[2 * k + 1];
      if (begin > end || end > text.size()) return out->Clear(), false;
      Line& l = out->lines[k];
      l.text_begin = l.raw_begin = begin;
      l.text_end = l.raw_end = end;
    }
  }
  out->facts.resize(lines);
  for (size_t k = 0; k < lines; ++k) {
    const uint32_t* f = facts + kFactWords * k;
    LineFacts& lf = out->facts[k];
    lf.path = uint64_t{f[0]} | uint64_t{f[1]} << 32;
    lf.landmarks = f[2];
    lf.link_bytes = f[3];
    lf.links = f[4];
  }
  out->kind = ParsedRecord::Kind::kDocument;
  out->html = true;
  out->type.assign(strings[0]);
  out->url.assign(strings[1]);
  out->id.assign(strings[2]);
  out->date.assign(strings[3]);
  out->title.assign(strings[4]);
  out->content_type.assign(strings[5]);
  out->charset.assign(strings[6]);
  out->charset_source = CharsetSourceName(static_cast<CharsetSource>(source));
  out->text = text;
  return true;
}

}  // namespace dechrome
