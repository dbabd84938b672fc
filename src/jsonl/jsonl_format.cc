// JSONL record format: Parse() with simdjson On-Demand, Rewrite() by splicing
// raw escaped segments.
//
// Parse() walks the record's object once, in document order, guided by a
// small trie of the wanted dotted paths (text, url fields, id): a field whose
// key starts no wanted path is skipped without being decoded, a wanted leaf
// only has its raw token noted, and objects on a wanted path are entered.
// Walking to the end of the object (instead of jumping with
// find_field_unordered) is what lets us see trailing content after it. When
// a key occurs twice, its first occurrence wins (as with simdjson's
// find_field); keys are compared in their raw (escaped) form, so a key
// written with escapes ("te\u0078t") does not match.
//
// On-Demand validates what it visits: the whole record's UTF-8 and structure
// in stage 1, strings on the wanted paths here; a value it only skips (an
// unrelated `tru`) is not checked.

#include <simdjson.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jsonl/json_string.h"
#include "jsonl/jsonl.h"

namespace dechrome {
namespace {

namespace od = simdjson::ondemand;

static_assert(kChunkPadding >= simdjson::SIMDJSON_PADDING, "chunks must be padded for simdjson");

// A node of the trie of wanted paths: the key leading to it, the targets
// (indexes into the found-token array) whose path ends here, and the paths
// continuing below it.
struct PathNode {
  std::string key;
  std::vector<int> targets;
  std::vector<PathNode> children;
};

void AddPath(PathNode* root, std::string_view path, int target) {
  PathNode* node = root;
  for (;;) {
    const size_t dot = path.find('.');
    const std::string_view key = path.substr(0, dot);
    auto it = std::find_if(node->children.begin(), node->children.end(),
                           [&](const PathNode& c) { return c.key == key; });
    if (it == node->children.end()) {
      node->children.push_back(PathNode{std::string(key), {}, {}});
      it = node->children.end() - 1;
    }
    node = &*it;
    if (dot == std::string_view::npos) break;
    path.remove_prefix(dot + 1);
  }
  node->targets.push_back(target);
}

inline bool IsJsonSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsJsonSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Notes in found[t] the raw token of the first value of every target t under
// `node`, iterating `obj` to its end.
// `record_end` bounds the key comparisons.
simdjson::error_code Walk(od::object& obj, const PathNode& node, const char* record_end,
                          std::string_view* found) {
  for (auto field_result : obj) {
    od::field field;
    if (simdjson::error_code err = std::move(field_result).get(field)) return err;
    // The key's escaped bytes, up to its closing quote.
    const char* const key = field.key().raw();
    const size_t key_room = static_cast<size_t>(record_end - key);
    for (const PathNode& child : node.children) {
      const size_t n = child.key.size();
      if (n >= key_room || key[n] != '"' || std::memcmp(key, child.key.data(), n) != 0) continue;
      od::value& value = field.value();
      const std::string_view token = value.raw_json_token();
      for (int t : child.targets) {
        if (found[t].data() == nullptr) found[t] = token;
      }
      if (!child.children.empty() && !token.empty() && token[0] == '{') {
        od::object sub;
        if (simdjson::error_code err = value.get_object().get(sub)) return err;
        if (simdjson::error_code err = Walk(sub, child, record_end, found)) return err;
      }
      break;  // sibling keys in the trie are distinct
    }
  }
  return simdjson::SUCCESS;
}

// The escaped content of a string token (which starts at its opening quote),
// or false if the token is not a string.
bool StringContent(std::string_view token, std::string_view* content) {
  if (token.empty() || token[0] != '"') return false;
  token.remove_prefix(1);
  const size_t close = jsonl_internal::FindClosingQuote(token);
  if (close == std::string_view::npos) return false;
  *content = token.substr(0, close);
  return true;
}

class JsonlFormat final : public RecordFormat {
 public:
  explicit JsonlFormat(const JsonlOptions& options)
      : text_field_(options.text_field),
        num_url_fields_(static_cast<int>(options.url_fields.size())) {
    AddPath(&root_, options.text_field, kTextTarget);
    for (int i = 0; i < num_url_fields_; ++i) AddPath(&root_, options.url_fields[i], 1 + i);
    AddPath(&root_, options.id_field, id_target());
  }

  void Parse(std::string_view record, ParsedRecord* out) const override;
  bool ParseSpans(std::string_view record, const RecordSpans& spans,
                  ParsedRecord* out) const override;
  void Rewrite(std::string_view record, const ParsedRecord& parsed,
               const std::vector<bool>& keep, std::string* out) const override;

 private:
  static constexpr int kTextTarget = 0;
  int id_target() const { return 1 + num_url_fields_; }
  int num_targets() const { return 2 + num_url_fields_; }

  static void Malformed(ParsedRecord* out, std::string message) {
    out->kind = ParsedRecord::Kind::kMalformed;
    out->error = std::move(message);
    out->text = {};
    out->scratch.clear();
    out->lines.clear();
  }

  // Constant after construction.
  const std::string text_field_;
  const int num_url_fields_;
  PathNode root_;
};

void JsonlFormat::Parse(std::string_view record, ParsedRecord* out) const {
  out->Clear();
  out->type.assign("jsonl");
  if (record.size() > std::numeric_limits<uint32_t>::max()) {
    Malformed(out, "record larger than 4 GiB");
    return;
  }
  if (std::all_of(record.begin(), record.end(), IsJsonSpace)) {  // stops at the first '{'
    Malformed(out, "empty line");
    return;
  }

  thread_local od::parser parser;
  thread_local std::vector<std::string_view> found;
  thread_local std::string spaced;  // see below
  found.assign(static_cast<size_t>(num_targets()), std::string_view());
  // The parser's buffers and `spaced` grow to the largest record parsed (up
  // to --max-record-size): after a large one, each thread gives them back
  // rather than hold them for the rest of the run. (Nothing parsed refers
  // to them once Parse() returns: the text is copied, spans are offsets.)
  struct ReleaseLarge {
    ~ReleaseLarge() {
      constexpr size_t kKeep = size_t{16} << 20;
      if (spaced.capacity() > kKeep) std::string().swap(spaced);
      if (parser.capacity() > kKeep) parser = od::parser();
    }
  } release_large;

  // A UTF-8 byte order mark (a file saved by some editors starts with one):
  // skipped for parsing; offsets stay relative to the record, so the mark
  // stays in the output with the bytes before the text.
  const size_t bom = record.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  // simdjson reads the byte just past what it parses (where its list of
  // structurals ends), and on some invalid records (`"text": "a": 0}}`) its
  // answer depended on that byte: on the next record, or on stale chunk
  // memory, so that one record could be a document in one chunk and
  // malformed in another. Parse up to the record's trailing whitespace (its
  // '\n'), so that the byte is the record's own; the stream's last record,
  // when it has none, is parsed from a copy padded with spaces. Offsets are
  // taken from `base`, which holds the record's bytes either way.
  const char* base = record.data();
  size_t parse_end = record.size();
  if (IsJsonSpace(record.back())) {
    --parse_end;
  } else {
    spaced.assign(record.data(), record.size());
    spaced.append(simdjson::SIMDJSON_PADDING, ' ');
    base = spaced.data();
  }
  od::document doc;
  simdjson::error_code err =
      parser.iterate(base + bom, parse_end - bom, parse_end - bom + simdjson::SIMDJSON_PADDING)
          .get(doc);
  od::object object;
  if (!err) err = doc.get_object().get(object);
  if (!err) err = Walk(object, root_, base + record.size(), found.data());
  if (err) {
    if (err == simdjson::UTF8_ERROR) {
      Malformed(out, "invalid UTF-8 in record");
    } else {
      Malformed(out, std::string("invalid JSON: ") + simdjson::error_message(err));
    }
    return;
  }
  if (doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    Malformed(out, "invalid JSON: trailing content after the object");
    return;
  }

  // url: the first url field that is a string; id: a string or a number.
  std::string_view content;
  std::string_view url_content;
  for (int i = 0; i < num_url_fields_; ++i) {
    if (!StringContent(found[1 + i], &content)) continue;
    if (jsonl_internal::AppendUnescaped(content, &out->url)) {
      url_content = content;
      break;
    }
    out->url.clear();
  }
  const std::string_view id = found[id_target()];
  if (StringContent(id, &content)) {
    if (!jsonl_internal::AppendUnescaped(content, &out->id)) out->id.clear();
  } else if (!id.empty() && (id[0] == '-' || (id[0] >= '0' && id[0] <= '9'))) {
    out->id.assign(TrimRight(id));
  }

  const std::string_view text = found[kTextTarget];
  if (text.data() == nullptr) {
    Malformed(out, "missing text field '" + text_field_ + "'");
    return;
  }
  if (!StringContent(text, &content)) {
    Malformed(out, "field '" + text_field_ + "' is not a string");
    return;
  }
  const auto content_offset = static_cast<uint32_t>(content.data() - base);
  if (!jsonl_internal::SplitEscapedLines(content, content_offset, &out->scratch, &out->lines)) {
    Malformed(out, "invalid JSON: invalid escape in text field '" + text_field_ + "'");
    return;
  }
  // Raw bytes were UTF-8-checked by stage 1 and escapes decode to valid UTF-8
  // (lone surrogates become U+FFFD), so the text needs no second check.
  out->text = out->scratch;
  out->kind = ParsedRecord::Kind::kDocument;
  if (url_content.data() != nullptr) {
    RecordSpans& spans = out->spans;
    spans.valid = true;
    spans.text_begin = content_offset;
    spans.text_end = content_offset + static_cast<uint32_t>(content.size());
    spans.url_begin = static_cast<uint32_t>(url_content.data() - base);
    spans.url_end = spans.url_begin + static_cast<uint32_t>(url_content.size());
  }
}

bool JsonlFormat::ParseSpans(std::string_view record, const RecordSpans& spans,
                             ParsedRecord* out) const {
  out->Clear();
  // Each span must lie in the record between two quotes, as a string's
  // content does (a record changed since Parse() seldom still fits).
  auto quoted = [&](uint32_t begin, uint32_t end) {
    return begin > 0 && begin <= end && end < record.size() && record[begin - 1] == '"' &&
           record[end] == '"';
  };
  if (!spans.valid || !quoted(spans.text_begin, spans.text_end) ||
      !quoted(spans.url_begin, spans.url_end)) {
    return false;
  }
  const std::string_view text =
      record.substr(spans.text_begin, spans.text_end - spans.text_begin);
  if (!jsonl_internal::AppendUnescaped(
          record.substr(spans.url_begin, spans.url_end - spans.url_begin), &out->url) ||
      !jsonl_internal::SplitEscapedLines(text, spans.text_begin, &out->scratch, &out->lines)) {
    out->Clear();
    return false;
  }
  out->type.assign("jsonl");
  out->text = out->scratch;
  out->spans = spans;
  out->kind = ParsedRecord::Kind::kDocument;
  return true;
}

void JsonlFormat::Rewrite(std::string_view record, const ParsedRecord& parsed,
                          const std::vector<bool>& keep, std::string* out) const {
  const std::vector<Line>& lines = parsed.lines;
  if (lines.empty() || keep.size() != lines.size() ||
      std::find(keep.begin(), keep.end(), false) == keep.end()) {
    assert(keep.size() == lines.size());
    out->append(record);
    return;
  }
  const uint32_t text_begin = lines.front().raw_begin;
  const uint32_t text_end = lines.back().raw_end;
  out->append(record.data(), text_begin);
  bool first = true;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!keep[i]) continue;
    if (!first) out->append("\\n", 2);
    first = false;
    out->append(record.data() + lines[i].raw_begin, lines[i].raw_end - lines[i].raw_begin);
  }
  out->append(record.data() + text_end, record.size() - text_end);
}

}  // namespace

std::unique_ptr<RecordFormat> NewJsonlFormat(const JsonlOptions& options) {
  return std::make_unique<JsonlFormat>(options);
}

}  // namespace dechrome
