// DocumentHasher: a document's lines normalised and hashed. See line_keys.h.

#include "hash/line_keys.h"

#include <algorithm>
#include <cstring>

#include "hash/line_hash.h"

namespace dechrome {

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
  k.key = SiteLineKey(k.global, site_seed);
  return k;
}

void DocumentHasher::Hash(const ParsedRecord& record, uint64_t site_seed,
                          std::vector<LineKeys>* out) {
  out->resize(record.lines.size());
  // Each line is normalised straight into doc_norm_, after the lines before
  // it, and hashed there (no copy per line). doc_norm_ never shrinks: past
  // `used` it is scratch.
  size_t used = 0;
  for (size_t i = 0; i < record.lines.size(); ++i) {
    const Line& l = record.lines[i];
    LineKeys& k = (*out)[i];
    k = LineKeys();
    const size_t n = normalizer_.NormalizeInto(
        record.text.substr(l.text_begin, l.text_end - l.text_begin), &doc_norm_, used);
    if (n == 0) continue;
    const std::string_view norm(doc_norm_.data() + used, n);
    k.blank = false;
    k.norm_length = static_cast<uint32_t>(n);
    k.global = GlobalLineKey(norm);
    k.key = SiteLineKey(k.global, site_seed);
    used += n;
  }
  // Views last: normalising may have moved the buffer.
  size_t pos = 0;
  for (LineKeys& k : *out) {
    k.normalized = std::string_view(doc_norm_.data() + pos, k.norm_length);
    pos += k.norm_length;
  }
}

void DocumentHasher::UseKeys(const std::vector<LineKeys>* keys) {
  hinted_ = keys;
  if (++doc_ == 0) {  // (wrapped: forget every line's stamp)
    std::fill(line_form_doc_.begin(), line_form_doc_.end(), 0);
    doc_ = 1;
  }
  if (line_forms_.size() < keys->size()) {
    line_forms_.resize(keys->size());
    line_form_doc_.resize(keys->size(), 0);
  }
  if (form_bytes_ > kMaxCachedBytes) {
    forms_.clear();
    form_blocks_.clear();
    form_block_used_ = kFormBlock;
    form_bytes_ = 0;
  }
}

std::string_view DocumentHasher::NormalForm(const ParsedRecord& record, size_t i) {
  if (line_form_doc_[i] == doc_) return line_forms_[i];
  line_form_doc_[i] = doc_;
  return line_forms_[i] = Form(record, i);
}

std::string_view DocumentHasher::Form(const ParsedRecord& record, size_t i) {
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
