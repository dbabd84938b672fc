#include "pipeline/input.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "hash/line_hash.h"
#include "jsonl/jsonl.h"
#include "warc/warc.h"

namespace dechrome {

absl::StatusOr<OpenedInput> OpenRecordInput(const std::string& path, size_t chunk_bytes,
                                            bool strict) {
  OpenedInput in;
  in.path = path;
  DECHROME_ASSIGN_OR_RETURN(in.source, OpenInput(path, &in.codec));
  // Sniff the record format from the first decompressed bytes.
  std::string head(4096, '\0');
  size_t got = 0;
  while (got < head.size()) {
    DECHROME_ASSIGN_OR_RETURN(size_t n, in.source->Read(head.data() + got, head.size() - got));
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  in.empty = got == 0;
  in.format = SniffRecordFormat(head);
  if (in.format == RecordFormatKind::kWarc) {
    in.chunker = NewWarcChunker(in.source.get(), std::move(head), chunk_bytes, strict);
  } else {
    in.chunker = NewJsonlChunker(in.source.get(), std::move(head), chunk_bytes);
  }
  return in;
}

RecordFormats::RecordFormats(const InputOptions& options) {
  JsonlOptions jsonl;
  jsonl.text_field = options.text_field;
  jsonl.url_fields = options.url_fields;
  jsonl.id_field = options.id_field;
  jsonl_ = NewJsonlFormat(jsonl);
  WarcOptions warc;
  warc.html = options.html;
  warc.max_html_bytes = options.max_html_bytes;
  warc_ = NewWarcFormat(warc);
}

uint64_t InputFileSize(const std::string& path) {
  if (path == "-") return 0;
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  return static_cast<uint64_t>(st.st_size);
}

DocumentHasher::DocumentHasher(bool fold_dates)
    : normalizer_([&] {
        NormalizeOptions o;
        o.fold_dates = fold_dates;
        return o;
      }()) {}

LineKeys DocumentHasher::HashLine(std::string_view line, uint64_t site_seed) {
  LineKeys k;
  if (!normalizer_.Normalize(line, &norm_)) return k;
  k.blank = false;
  k.norm_length = static_cast<uint32_t>(norm_.size());
  k.global = GlobalLineKey(norm_);
  // The site key derives from the global key, keyed by the site: one pass
  // over the line's bytes gives both.
  k.key = XXH3_64bits_withSeed(&k.global, sizeof(k.global), site_seed);
  return k;
}

void DocumentHasher::Hash(const ParsedRecord& record, uint64_t site_seed,
                          std::vector<LineKeys>* out) {
  out->resize(record.lines.size());
  doc_norm_.clear();
  for (size_t i = 0; i < record.lines.size(); ++i) {
    const Line& l = record.lines[i];
    LineKeys& k = (*out)[i];
    k = HashLine(record.text.substr(l.text_begin, l.text_end - l.text_begin), site_seed);
    if (!k.blank) doc_norm_.append(norm_);
  }
  // Views last: appending may have moved the buffer.
  size_t pos = 0;
  for (LineKeys& k : *out) {
    k.normalized = std::string_view(doc_norm_.data() + pos, k.norm_length);
    pos += k.norm_length;
  }
}

void DocumentHasher::FromHints(const ParsedRecord& record, const uint32_t* hints,
                               std::vector<LineKeys>* out) {
  const size_t n = record.lines.size();
  out->resize(n);
  for (size_t i = 0; i < n; ++i, hints += kHintWords) {
    LineKeys& k = (*out)[i];
    k = LineKeys();
    k.counted = true;
    const uint32_t length = hints[2] & kMaxHintLength;
    if (length == 0) continue;  // blank
    k.blank = false;
    k.key = uint64_t{hints[0]} | uint64_t{hints[1]} << 32;
    k.norm_length = length;
    k.sketch.three_words = (hints[2] >> 31) != 0;
    k.sketch.words = static_cast<uint8_t>((hints[2] >> 23) & 0x1f);
    k.sketch.hashed = static_cast<uint8_t>((hints[2] >> 28) & 0x7);
    for (int b = 0; b < 4; ++b) k.sketch.prefix_hash[b] = static_cast<uint8_t>(hints[3] >> (8 * b));
  }
  hinted_ = out;
  if (form_bytes_ > kMaxCachedBytes) {
    forms_.clear();
    form_blocks_.clear();
    form_block_used_ = kFormBlock;
    form_bytes_ = 0;
  }
}

std::string_view DocumentHasher::NormalForm(const ParsedRecord& record, size_t i) {
  auto [it, inserted] = forms_.try_emplace((*hinted_)[i].key);
  if (inserted) {
    const Line& l = record.lines[i];
    normalizer_.Normalize(record.text.substr(l.text_begin, l.text_end - l.text_begin), &norm_);
    const size_t size = norm_.size();
    if (kFormBlock - form_block_used_ < size) {  // a new block (a big one for a long form)
      form_blocks_.push_back(std::make_unique<char[]>(std::max(size, kFormBlock)));
      form_block_used_ = 0;
    }
    char* dst = form_blocks_.back().get() + form_block_used_;
    std::memcpy(dst, norm_.data(), size);
    form_block_used_ = size > kFormBlock ? kFormBlock : form_block_used_ + size;
    form_bytes_ += size;
    it->second = std::string_view(dst, size);
  }
  return it->second;
}

}  // namespace dechrome
