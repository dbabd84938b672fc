// The HTTP response head (RFC 9112 sections 4 and 5), read leniently the way
// crawlers store it: LF alone ends a line as well as CRLF, "HTTP/2 200"
// (no minor version, no reason phrase) is accepted, obsolete line folding
// (a line starting with SP or HT) continues the previous field, a line
// without a colon is ignored. Only the fields that decide how to read the
// body are kept.

#include <cstring>

#include "http/http_internal.h"

namespace dechrome {
namespace http_internal {
namespace {

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view TrimSpaceTab(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

// The next line of `block` from `*pos` without its LF or CRLF; advances
// `*pos` past the line end.
std::string_view NextLine(std::string_view block, size_t* pos) {
  size_t start = *pos;
  size_t lf = block.find('\n', start);
  size_t end = lf == std::string_view::npos ? block.size() : lf;
  *pos = lf == std::string_view::npos ? block.size() : lf + 1;
  std::string_view line = block.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Joins `part` to `*value` with `sep`, in `*storage` (the value may already
// live there).
void Join(std::string_view part, const char* sep, std::string_view* value, std::string* storage) {
  if (value->empty()) {
    *value = part;
    return;
  }
  if (part.empty()) return;
  if (value->data() != storage->data()) storage->assign(value->data(), value->size());
  storage->append(sep);
  storage->append(part.data(), part.size());
  *value = *storage;
}

// "HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/2 200": the status code, or -1.
int ParseStatusLine(std::string_view line) {
  if (line.size() < 5) return -1;
  for (int i = 0; i < 5; ++i) {
    if (AsciiLower(line[i]) != "http/"[i]) return -1;
  }
  size_t i = 5;
  while (i < line.size() && !IsSpaceOrTab(line[i])) ++i;  // version
  if (i == 5) return -1;
  while (i < line.size() && IsSpaceOrTab(line[i])) ++i;
  if (i + 3 > line.size()) return -1;
  int status = 0;
  for (size_t k = i; k < i + 3; ++k) {
    if (line[k] < '0' || line[k] > '9') return -1;
    status = status * 10 + (line[k] - '0');
  }
  if (i + 3 < line.size() && !IsSpaceOrTab(line[i + 3])) return -1;
  return status;
}

}  // namespace

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (AsciiLower(s[i]) != lower[i]) return false;
  }
  return true;
}

bool ParseHttpHead(std::string_view block, HttpHead* head) {
  size_t pos = 0;
  // Tolerate blank lines before the status line (seen after some WARC
  // writers' record headers).
  while (pos < block.size() && (block[pos] == '\r' || block[pos] == '\n')) ++pos;
  head->status = ParseStatusLine(NextLine(block, &pos));
  if (head->status < 0) {
    head->status = 0;
    return false;
  }

  enum Field { kContentType, kTransferEncoding, kContentEncoding, kOther };
  Field last = kOther;
  std::string_view* values[3] = {&head->content_type, &head->transfer_encoding,
                                 &head->content_encoding};
  while (pos < block.size()) {
    std::string_view line = NextLine(block, &pos);
    if (line.empty()) {
      head->head_complete = true;
      break;
    }
    if (IsSpaceOrTab(line.front())) {  // obs-fold: continues the last field
      if (last != kOther) Join(TrimSpaceTab(line), " ", values[last], &head->folded[last]);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      last = kOther;
      continue;
    }
    std::string_view name = TrimSpaceTab(line.substr(0, colon));
    std::string_view value = TrimSpaceTab(line.substr(colon + 1));
    if (EqualsLower(name, "content-type")) {
      last = kContentType;
      head->content_type = value;  // the last one counts
    } else if (EqualsLower(name, "transfer-encoding")) {
      last = kTransferEncoding;
      Join(value, ", ", &head->transfer_encoding, &head->folded[last]);
    } else if (EqualsLower(name, "content-encoding")) {
      last = kContentEncoding;
      Join(value, ", ", &head->content_encoding, &head->folded[last]);
    } else {
      last = kOther;
    }
  }
  head->body_offset = pos;
  return true;
}

void ParseContentType(std::string_view value, std::string* mime, std::string_view* charset) {
  *charset = {};
  size_t semi = value.find(';');
  std::string_view type = TrimSpaceTab(value.substr(0, semi));
  mime->resize(type.size());
  for (size_t i = 0; i < type.size(); ++i) (*mime)[i] = AsciiLower(type[i]);
  while (semi != std::string_view::npos) {
    size_t start = semi + 1;
    size_t eq = value.find('=', start);
    semi = value.find(';', start);
    if (eq == std::string_view::npos) break;
    if (semi != std::string_view::npos && semi < eq) continue;  // "; flag;"
    std::string_view name = TrimSpaceTab(value.substr(start, eq - start));
    std::string_view param;
    size_t v = eq + 1;
    while (v < value.size() && IsSpaceOrTab(value[v])) ++v;
    if (v < value.size() && value[v] == '"') {  // quoted-string
      size_t close = value.find('"', v + 1);
      if (close == std::string_view::npos) close = value.size();
      param = value.substr(v + 1, close - v - 1);
      semi = value.find(';', close);
    } else {
      param = TrimSpaceTab(value.substr(v, semi == std::string_view::npos ? semi : semi - v));
    }
    if (EqualsLower(name, "charset") && charset->empty()) *charset = param;
  }
}

}  // namespace http_internal
}  // namespace dechrome
