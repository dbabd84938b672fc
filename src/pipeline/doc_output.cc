#include "pipeline/doc_output.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "dechrome/pipeline.h"
#include "hash/line_hash.h"
#include "pipeline/json_out.h"
#include "warc/warc_header.h"

namespace dechrome {
namespace {

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A record id made from `seed_text`: "<urn:uuid:...>" in the version 4
// layout, from two XXH3 hashes (not random: the same input gives the same
// id).
std::string DerivedRecordId(std::string_view kind, std::string_view source) {
  std::string seed(kind);
  seed.push_back('\n');
  seed.append(source);
  const uint64_t a = Checksum64(seed.data(), seed.size(), 0x9e3779b97f4a7c15ULL);
  const uint64_t b = Checksum64(seed.data(), seed.size(), 0xc2b2ae3d27d4eb4fULL);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "<urn:uuid:%08x-%04x-4%03x-%04x-%012llx>",
                static_cast<unsigned>(a >> 32), static_cast<unsigned>((a >> 16) & 0xffff),
                static_cast<unsigned>(a & 0xfff),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return buf;
}

void AppendField(std::string_view name, std::string_view value, std::string* out) {
  if (value.empty()) return;
  out->append(name);
  out->append(": ");
  out->append(value);
  out->append("\r\n");
}

}  // namespace

absl::Status JsonlToWetError(const std::string& input, const std::string& output) {
  return absl::InvalidArgumentError(absl::StrCat(
      input, ": JSONL input cannot be written as WET (",
      output == "-" ? "standard output, --output-format wet" : output,
      "); write JSONL (an output named .jsonl or .jsonl.zst, or --output-format jsonl)"));
}

WriteFormat ResolveWriteFormat(OutputFormat format, const std::string& output) {
  switch (format) {
    case OutputFormat::kSame: return WriteFormat::kSame;
    case OutputFormat::kJsonl: return WriteFormat::kJsonl;
    case OutputFormat::kWet: return WriteFormat::kWet;
    case OutputFormat::kAuto: break;
  }
  if (output == "-" || output.empty()) return WriteFormat::kSame;
  const size_t slash = output.find_last_of('/');
  const std::string name = slash == std::string::npos ? output : output.substr(slash + 1);
  if (Contains(name, ".jsonl") || Contains(name, ".json")) return WriteFormat::kJsonl;
  if (Contains(name, ".wet")) return WriteFormat::kWet;
  return WriteFormat::kSame;
}

std::string OutputNameFor(const std::string& input_base_name, OutputFormat format) {
  if (format == OutputFormat::kSame || format == OutputFormat::kAuto) return input_base_name;
  std::string stem = input_base_name;
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view suffix : {".gz", ".zst", ".zstd", ".warc", ".wet", ".jsonl", ".json"}) {
      if (stem.size() > suffix.size() && EndsWith(stem, suffix)) {
        stem.resize(stem.size() - suffix.size());
        changed = true;
      }
    }
  }
  return stem + (format == OutputFormat::kJsonl ? ".jsonl.zst" : ".warc.wet.gz");
}

void AppendKeptText(const ParsedRecord& doc, const std::vector<bool>& keep, std::string* out) {
  bool first = true;
  for (size_t i = 0; i < doc.lines.size(); ++i) {
    if (!keep[i]) continue;
    if (!first) out->push_back('\n');
    first = false;
    const Line& l = doc.lines[i];
    out->append(doc.text.data() + l.text_begin, l.text_end - l.text_begin);
  }
}

void AppendDolmaDocument(const ParsedRecord& doc, std::string_view text, uint64_t lines,
                         uint64_t lines_removed, std::string* out) {
  out->append("{\"id\": ");
  AppendJsonString(doc.id, out);
  out->append(", \"url\": ");
  AppendJsonString(doc.url, out);
  out->append(", \"date\": ");
  AppendJsonString(doc.date, out);
  out->append(", \"title\": ");
  AppendJsonString(doc.title, out);
  out->append(", \"text\": ");
  AppendJsonString(text, out);
  out->append(", \"metadata\": {\"warc_type\": ");
  AppendJsonString(doc.type, out);
  if (doc.html) {
    out->append(", \"content_type\": ");
    AppendJsonString(doc.content_type, out);
    out->append(", \"charset\": ");
    AppendJsonString(doc.charset, out);
    out->append(", \"charset_source\": ");
    AppendJsonString(doc.charset_source, out);
  }
  absl::StrAppend(out, ", \"lines\": ", lines, ", \"lines_removed\": ", lines_removed, ", \"dechrome\": ");
  AppendJsonString(Version(), out);
  out->append("}}\n");
}

void AppendConversionRecord(const ParsedRecord& doc, std::string_view text, std::string* out) {
  // The block is the text and a final '\n', as in Common Crawl's WET files.
  warc_internal::Sha1Digest digest;
  digest.Update(text);
  digest.Update("\n");
  const std::string block_digest = digest.FinishWarc();
  out->append("WARC/1.0\r\nWARC-Type: conversion\r\n");
  AppendField("WARC-Target-URI", doc.url, out);
  AppendField("WARC-Date", doc.date, out);
  AppendField("WARC-Record-ID", DerivedRecordId("conversion", absl::StrCat(doc.id, "\n", doc.url)), out);
  AppendField("WARC-Refers-To", doc.id, out);
  AppendField("WARC-Block-Digest", block_digest, out);
  out->append("Content-Type: text/plain\r\n");
  absl::StrAppend(out, "Content-Length: ", text.size() + 1, "\r\n\r\n");
  out->append(text.data(), text.size());
  out->append("\n\r\n\r\n");
}

void AppendWarcinfoRecord(std::string_view date, std::string_view file_name, std::string* out) {
  const std::string block = absl::StrCat(
      "software: dechrome/", Version(), "\r\n",
      "format: WARC File Format 1.0\r\n",
      "description: article text of HTML pages and text documents, page chrome removed\r\n");
  out->append("WARC/1.0\r\nWARC-Type: warcinfo\r\n");
  AppendField("WARC-Date", date, out);
  AppendField("WARC-Filename", file_name, out);
  AppendField("WARC-Record-ID", DerivedRecordId("warcinfo", file_name), out);
  out->append("Content-Type: application/warc-fields\r\n");
  absl::StrAppend(out, "Content-Length: ", block.size(), "\r\n\r\n");
  out->append(block);
  out->append("\r\n\r\n");
}

std::string WarcFieldOf(std::string_view record, std::string_view name) {
  const size_t end = warc_internal::FindHeaderEnd(record);
  if (end == std::string_view::npos) return std::string();
  std::string_view header = record.substr(0, end);
  std::string date;
  warc_internal::ForEachField(header, [&](const warc_internal::HeaderField& f) {
    if (!warc_internal::EqualsIgnoreCase(f.name(header), name)) return true;
    date = std::string(warc_internal::Trim(f.first_value(header)));
    return false;
  });
  return date;
}

}  // namespace dechrome
