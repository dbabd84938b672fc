// -----------------------------------------------------------------------------
// File: line_keys.h
// -----------------------------------------------------------------------------
//
// The keys of a document's lines: each line normalised (text/normalize.h)
// and hashed (line_hash.h) into its (site, line) key and its global key.
// Both passes, `explain` and the judges use this one hasher, so that they
// agree on what a line is.
//
// Thread safety: a DocumentHasher is used by one thread.

#ifndef DECHROME_HASH_LINE_KEYS_H_
#define DECHROME_HASH_LINE_KEYS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "record/record.h"
#include "text/normalize.h"

namespace dechrome {

struct LineKeys {
  uint64_t key = 0;       // (site, line) key
  uint64_t global = 0;    // line key on every site
  uint32_t norm_length = 0;
  bool blank = true;      // never counted, never removed
  // Pass 2 of a run (line_hints.h): key, norm_length and sketch come
  // from pass 1; the line is in the table (ChromeDecider::LookupCounted());
  // global and normalized were not computed (the judge asks for the normal
  // forms it needs).
  bool counted = false;
  // counted: SketchWords() of the normal form (three_words: it may have 3
  // words or more; set, with no prefix hashes, for long lines).
  WordSketch sketch;
  // The normal form (after Hash(): valid until the next Hash() call of the
  // same DocumentHasher; empty after HashLine()).
  std::string_view normalized;
};

class DocumentHasher {
 public:
  explicit DocumentHasher(bool fold_dates);
  // out->size() == record.lines.size() afterwards.
  void Hash(const ParsedRecord& record, uint64_t site_seed, std::vector<LineKeys>* out);
  // Pass 2 of a run: `keys` are the keys of a record's lines, taken from
  // pass 1 (`counted` set; no line normalised), which NormalForm() reads.
  // `*keys` must stay until the next UseKeys() or Hash().
  void UseKeys(const std::vector<LineKeys>* keys);
  // The normal form of line `i` of the record whose keys UseKeys() was
  // given, computed on first use; valid until the next UseKeys() or Hash().
  std::string_view NormalForm(const ParsedRecord& record, size_t i);
  // The normal form of the last line hashed by HashLine().
  const std::string& normalized() const { return norm_; }
  LineKeys HashLine(std::string_view line, uint64_t site_seed);

 private:
  // NormalForm() without the per-document memo: by key, in forms_.
  std::string_view Form(const ParsedRecord& record, size_t i);

  LineNormalizer normalizer_;
  std::string norm_;
  std::string doc_norm_;  // Hash(): every line's normal form, concatenated (then scratch)
  // UseKeys(): the keys given, and normal forms computed on demand,
  // by key, stored in blocks that never move. The same chrome lines come
  // back on page after page, so they stay until the blocks hold
  // kMaxCachedBytes; then the cache is emptied at the start of a document.
  static constexpr size_t kFormBlock = size_t{64} << 10;
  static constexpr size_t kMaxCachedBytes = size_t{4} << 20;
  const std::vector<LineKeys>* hinted_ = nullptr;
  // The forms already given for this document's lines, by line: the judge
  // asks for some (its first line) again and again, and a lookup in forms_
  // is a cache miss. Line i's is line_forms_[i] when line_form_doc_[i] is
  // doc_ (counted up by UseKeys(): nothing to clear per document).
  std::vector<std::string_view> line_forms_;
  std::vector<uint32_t> line_form_doc_;
  uint32_t doc_ = 0;
  absl::flat_hash_map<uint64_t, std::string_view> forms_;
  std::vector<std::unique_ptr<char[]>> form_blocks_;
  size_t form_block_used_ = kFormBlock;  // in form_blocks_.back()
  size_t form_bytes_ = 0;
};

}  // namespace dechrome

#endif  // DECHROME_HASH_LINE_KEYS_H_
