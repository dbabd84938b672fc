#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "dechrome/table.h"
#include "hash/line_hash.h"
#include "io/output_file.h"
#include "io/byte_source.h"
#include "table/decision_entries.h"
#include "table/table_file.h"
#include "runtime/parallel.h"

namespace dechrome {
namespace {

constexpr char kMagic[8] = {'D', 'C', 'H', 'R', 'T', 'B', 'L', '\n'};
// Version 2: sites are named as SiteResolver names them since IDN hosts
// went to their ASCII form (libidn2). A version 1 table is the same layout;
// it is read unless a site name holds what version 2 never writes (non-ASCII
// bytes, '%', '['): its line keys were seeded with the old name, and would
// silently match nothing.
constexpr uint32_t kVersion = 2;
constexpr uint32_t kOldestVersion = 1;

bool HasPreIdnName(std::string_view name) {
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x80 || c == '%' || c == '[') return true;
  return false;
}

void PutU32(std::string* out, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(b, 4);
}
void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out->append(b, 8);
}

class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}
  bool U32(uint32_t* v) {
    if (data_.size() - pos_ < 4) return false;
    *v = 0;
    for (int i = 0; i < 4; ++i)
      *v |= uint32_t{static_cast<unsigned char>(data_[pos_ + i])} << (8 * i);
    pos_ += 4;
    return true;
  }
  bool U64(uint64_t* v) {
    if (data_.size() - pos_ < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i)
      *v |= uint64_t{static_cast<unsigned char>(data_[pos_ + i])} << (8 * i);
    pos_ += 8;
    return true;
  }
  bool Bytes(size_t n, std::string_view* v) {
    if (data_.size() - pos_ < n) return false;
    *v = data_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

uint32_t GetU32(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}
uint64_t GetU64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}

// A Cursor over a file read in pieces (a lean Load()): the same reads, with
// the checksum of the bytes read made on the way. `size` is the file's size:
// remaining() counts, like a Cursor over all but the checksum, the bytes
// before the last 8.
class StreamCursor {
 public:
  StreamCursor(ByteSource* src, uint64_t size) : src_(src), size_(size) { XXH3_64bits_reset(&state_); }
  bool U32(uint32_t* v) {
    std::string_view b;
    if (!Bytes(4, &b)) return false;
    *v = GetU32(b.data());
    return true;
  }
  bool U64(uint64_t* v) {
    std::string_view b;
    if (!Bytes(8, &b)) return false;
    *v = GetU64(b.data());
    return true;
  }
  // *v is valid until the next call.
  bool Bytes(size_t n, std::string_view* v) {
    if (remaining() < n || !Fill(n)) return false;
    *v = std::string_view(buf_).substr(pos_, n);
    XXH3_64bits_update(&state_, v->data(), n);
    pos_ += n;
    consumed_ += n;
    return true;
  }
  uint64_t consumed() const { return consumed_; }
  uint64_t remaining() const { return size_ < consumed_ + 8 ? 0 : size_ - 8 - consumed_; }
  // Reads what is left: whether the file ends where its size said, with the
  // checksum of the bytes before it (in *stored). A read error is returned.
  absl::StatusOr<bool> ChecksumMatches(uint64_t* stored) {
    std::string_view skip;
    while (remaining() > 0)
      if (!Bytes(std::min<uint64_t>(remaining(), kChunk), &skip)) break;
    bool ok = remaining() == 0 && Fill(8);
    if (ok) {
      *stored = GetU64(buf_.data() + pos_);
      pos_ += 8;
      ok = !Fill(1);  // and nothing after it
    }
    if (!io_.ok()) return io_;
    return ok && XXH3_64bits_digest(&state_) == *stored;
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 20;
  // At least n bytes after pos_ in buf_; false at the end of the file.
  bool Fill(size_t n) {
    if (buf_.size() - pos_ >= n) return true;
    buf_.erase(0, pos_);
    pos_ = 0;
    while (buf_.size() < n) {
      const size_t had = buf_.size();
      buf_.resize(had + std::max(kChunk, n - had));
      absl::StatusOr<size_t> got = src_->Read(&buf_[had], buf_.size() - had);
      buf_.resize(had + (got.ok() ? *got : 0));
      if (!got.ok()) io_ = got.status();
      if (!got.ok() || *got == 0) return false;
    }
    return true;
  }

  ByteSource* src_;
  const uint64_t size_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
  XXH3_state_t state_;
  absl::Status io_;
};

absl::Status Bad(std::string_view name, std::string_view why) {
  return absl::DataLossError(absl::StrCat(std::string(name), ": not a valid dechrome table: ", std::string(why)));
}

absl::Status BadMagic(std::string_view name) {
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(name), ": not a dechrome table (bad magic); make one with 'dechrome count'"));
}

absl::Status CheckVersion(uint32_t version, std::string_view name) {
  if (version >= kOldestVersion && version <= kVersion) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(std::string(name), ": dechrome table format version ", version,
                                                 " is not supported (this build reads versions ", kOldestVersion,
                                                 " to ", kVersion, ")"));
}

// What comes after the version: options, sites, the number of entries.
struct Head {
  PolicyOptions policy;
  bool by_domain = true;
  std::vector<ChromeTable::Site> sites;
  uint64_t entries = 0;
};

template <typename In>
absl::Status ReadHead(In& c, std::string_view name, uint32_t version, Head* head) {
  PolicyOptions& p = head->policy;
  uint32_t flags = 0;
  uint64_t frac_bits = 0;
  if (!c.U32(&flags) || !c.U32(&p.min_count) || !c.U64(&frac_bits) || !c.U32(&p.min_site_docs) ||
      !c.U32(&p.min_sites) || !c.U32(&p.cross_site_min_length)) {
    return Bad(name, "truncated header");
  }
  std::memcpy(&p.min_fraction, &frac_bits, sizeof(frac_bits));
  if (!c.U64(&frac_bits)) return Bad(name, "truncated header");
  std::memcpy(&p.isolated_max_fraction, &frac_bits, sizeof(frac_bits));
  if (!c.U32(&p.isolated_max_run) || !c.U32(&p.long_line_length) || !c.U32(&p.long_min_count))
    return Bad(name, "truncated header");
  constexpr uint32_t kKnownFlags = 4194303;  // bits 0-21
  if ((flags & ~kKnownFlags) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(name), ": uses options this build does not know (flags 0x", absl::Hex(flags),
        "); it was made by a newer dechrome"));
  }
  p.protect_isolated = flags & 8;
  p.protect_title = flags & 16;
  p.page_structure = flags & 32;
  p.protect_lead = (flags & 64) == 0;
  p.remove_labels = (flags & 128) != 0;
  // Bit 9: pass 1 counted headline keys (older tables did not).
  p.other_headline = (flags & 512) != 0 && (flags & 256) == 0;
  // Bit 10: pass 1 counted template keys (older tables did not).
  p.templated = (flags & 1024) != 0;
  // Bit 11: protect_interview (an older table reads with it off).
  p.protect_interview = (flags & 2048) != 0;
  // Bit 12: headline_list, with headline keys counted (an older table reads
  // with it off).
  p.headline_list = (flags & 4096) != 0 && (flags & 512) != 0;
  // Bits 13-15: HTML rules added later, stored as "off" bits.
  p.article_head = (flags & 8192) == 0;
  p.page_date = (flags & 16384) == 0;
  p.own_story = (flags & 32768) == 0;
  // Bits 16 and 17: protect_dateline and comment_region (an older table
  // reads with them off).
  p.protect_dateline = (flags & 65536) != 0;
  p.comment_region = (flags & 131072) != 0;
  // Bit 18: signed_comments (an older table reads with it off: no thread
  // removed unless bit 17 says so).
  p.signed_comments = (flags & 262144) != 0;
  // Bit 19: own_text_apart (an older table was counted without it).
  p.own_text_apart = (flags & 524288) != 0;
  // Bit 20: dated_bylines (an older table reads with it off).
  p.dated_bylines = (flags & 1048576) != 0;
  // Bit 21: headline_tail (an older table reads with it off).
  p.headline_tail = (flags & 2097152) != 0;
  p.fold_dates = flags & 1;
  p.collapse_near_duplicates = flags & 4;
  head->by_domain = flags & 2;
  uint64_t num_sites = 0;
  if (!c.U64(&num_sites) || num_sites > c.remaining() / 12) return Bad(name, "bad site count");
  std::vector<ChromeTable::Site>& sites = head->sites;
  sites.resize(num_sites);
  for (ChromeTable::Site& s : sites) {
    uint32_t len = 0;
    std::string_view n;
    if (!c.U64(&s.documents) || !c.U32(&len) || !c.Bytes(len, &n)) return Bad(name, "truncated site list");
    s.name = std::string(n);
    if (version < 2 && HasPreIdnName(s.name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(name), ": made by an earlier dechrome, which named internationalised sites (\"", s.name,
          "\") in a form this build no longer uses; make the table again with 'dechrome count'"));
    }
  }
  for (size_t i = 1; i < sites.size(); ++i)
    if (!(sites[i - 1].name < sites[i].name)) return Bad(name, "site list not sorted");
  if (!c.U64(&head->entries) || head->entries != c.remaining() / 24 || c.remaining() % 24 != 0)
    return Bad(name, "bad entry count");
  return absl::OkStatus();
}

// Calls fn(entry) for each of `entries` entries, checked: a site below
// `sites`, keys increasing.
template <typename In, typename Fn>
absl::Status ReadEntries(In& c, std::string_view name, uint64_t entries, size_t sites, Fn fn) {
  ChromeTable::Entry e;
  for (uint64_t i = 0; i < entries; ++i) {
    const uint64_t previous = e.key;
    std::string_view b;
    if (!c.Bytes(24, &b)) return Bad(name, "bad entry count");
    e.key = GetU64(b.data());
    e.global = GetU64(b.data() + 8);
    e.count = GetU32(b.data() + 16);
    e.site = GetU32(b.data() + 20);
    if (e.site >= sites) return Bad(name, "entry with unknown site");
    if (i > 0 && !(previous < e.key)) return Bad(name, "entries not sorted");
    fn(e);
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view ChromeTable::FileMagic() { return std::string_view(kMagic, sizeof(kMagic)); }

ChromeTable::ChromeTable(std::vector<Site> sites, std::vector<Entry> entries,
                         PolicyOptions policy, bool site_by_domain, int threads)
    : sites_(std::move(sites)),
      entries_(std::move(entries)),
      policy_(policy),
      site_by_domain_(site_by_domain) {
  BuildCrossIndex(threads);
}

void ChromeTable::BuildCrossIndex(int threads) {
  // Each entry is one distinct (site, line): the number of entries sharing a
  // global key is the number of sites the line was seen on.
  std::vector<uint64_t> globals;
  globals.reserve(entries_.size());
  for (const Entry& e : entries_) globals.push_back(e.global);
  ParallelSortByKey(&globals, threads, [](uint64_t g) { return g; });
  cross_.clear();
  for (size_t i = 0; i < globals.size();) {
    size_t j = i;
    while (j < globals.size() && globals[j] == globals[i]) ++j;
    if (j - i >= 2) cross_.emplace_back(globals[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  cross_.shrink_to_fit();
}

int ChromeTable::FindSite(std::string_view name) const {
  auto it = std::lower_bound(sites_.begin(), sites_.end(), name,
                             [](const Site& s, std::string_view n) { return s.name < n; });
  if (it == sites_.end() || it->name != name) return -1;
  return static_cast<int>(it - sites_.begin());
}

const ChromeTable::Entry* ChromeTable::Find(uint64_t key) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const Entry& e, uint64_t k) { return e.key < k; });
  if (it == entries_.end() || it->key != key) return nullptr;
  return &*it;
}

bool ChromeTable::Lookup(uint64_t key, uint32_t* count) const {
  if (const Entry* e = Find(key)) {
    *count = e->count;
    return true;
  }
  const bool seen = std::binary_search(seen_once_.begin(), seen_once_.end(), key);
  *count = seen ? 1 : 0;
  return seen;
}

uint32_t ChromeTable::CrossSites(uint64_t global) const {
  auto it = std::lower_bound(cross_.begin(), cross_.end(), global,
                             [](const auto& p, uint64_t g) { return p.first < g; });
  if (it == cross_.end() || it->first != global) {
    // A global key seen on exactly one site has no cross_ entry.
    return 1;
  }
  return it->second;
}

absl::Status ChromeTable::Merge(const ChromeTable& other) {
  if (lean() || other.lean())
    return absl::FailedPreconditionError("cannot merge a table loaded for filtering (it holds only some entries)");
  // Their keys would not match: the same line is another key.
  if (other.policy_.fold_dates != policy_.fold_dates) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot merge tables built with different normalisation options (one counted with date folding, one ",
        "without: --no-fold-dates)"));
  }
  if (other.site_by_domain_ != site_by_domain_) {
    return absl::InvalidArgumentError(
        "cannot merge tables built with different site options (one by domain, one by host: --site)");
  }
  // A rule that needs counts only one side has (other-headline: headline
  // keys, which tables of earlier builds lack) would see part of the data.
  policy_.other_headline = policy_.other_headline && other.policy_.other_headline;
  policy_.headline_list = policy_.headline_list && other.policy_.headline_list;
  policy_.templated = policy_.templated && other.policy_.templated;
  // Element paths likewise (counted only with page_structure); the
  // near-duplicate flag says whether both sides' counts were collapsed.
  policy_.page_structure = policy_.page_structure && other.policy_.page_structure;
  policy_.collapse_near_duplicates = policy_.collapse_near_duplicates && other.policy_.collapse_near_duplicates;
  policy_.own_text_apart = policy_.own_text_apart && other.policy_.own_text_apart;
  // Union of sites, sorted by name; remap both tables' entries.
  std::vector<Site> sites;
  std::vector<uint32_t> map_a(sites_.size()), map_b(other.sites_.size());
  size_t i = 0, j = 0;
  while (i < sites_.size() || j < other.sites_.size()) {
    if (j == other.sites_.size() || (i < sites_.size() && sites_[i].name < other.sites_[j].name)) {
      map_a[i] = static_cast<uint32_t>(sites.size());
      sites.push_back(sites_[i++]);
    } else if (i == sites_.size() || other.sites_[j].name < sites_[i].name) {
      map_b[j] = static_cast<uint32_t>(sites.size());
      sites.push_back(other.sites_[j++]);
    } else {
      map_a[i] = map_b[j] = static_cast<uint32_t>(sites.size());
      Site s = sites_[i++];
      s.documents += other.sites_[j++].documents;
      sites.push_back(std::move(s));
    }
  }
  std::vector<Entry> entries;
  entries.reserve(entries_.size() + other.entries_.size());
  i = j = 0;
  while (i < entries_.size() || j < other.entries_.size()) {
    if (j == other.entries_.size() ||
        (i < entries_.size() && entries_[i].key < other.entries_[j].key)) {
      Entry e = entries_[i++];
      e.site = map_a[e.site];
      entries.push_back(e);
    } else if (i == entries_.size() || other.entries_[j].key < entries_[i].key) {
      Entry e = other.entries_[j++];
      e.site = map_b[e.site];
      entries.push_back(e);
    } else {
      Entry e = entries_[i++];
      uint64_t sum = uint64_t{e.count} + other.entries_[j++].count;
      e.count = sum > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(sum);
      e.site = map_a[e.site];
      entries.push_back(e);
    }
  }
  sites_ = std::move(sites);
  entries_ = std::move(entries);
  BuildCrossIndex();
  return absl::OkStatus();
}

absl::Status SerializeTable(const PolicyOptions& policy, bool site_by_domain,
                            const std::vector<ChromeTable::Site>& sites, uint64_t entries,
                            const std::function<bool(ChromeTable::Entry*)>& next,
                            const std::function<absl::Status(std::string_view)>& sink) {
  // Written in pieces of about 1 MiB, checksummed on the way: a table of
  // many entries is never held twice.
  constexpr size_t kPiece = size_t{1} << 20;
  Checksum64Stream checksum;
  absl::Status status;
  std::string out;
  out.reserve(kPiece + 4096);
  auto flush = [&] {
    if (!status.ok() || out.empty()) return;
    checksum.Update(out.data(), out.size());
    status = sink(out);
    out.clear();
  };
  out.append(kMagic, sizeof(kMagic));
  PutU32(&out, kVersion);
  uint32_t flags = (policy.fold_dates ? 1u : 0u) | (site_by_domain ? 2u : 0u) |
                   (policy.collapse_near_duplicates ? 4u : 0u) |
                   (policy.protect_isolated ? 8u : 0u) | (policy.protect_title ? 16u : 0u) |
                   (policy.page_structure ? 32u : 0u) |
                   // protect_lead (on by default, added later) as an "off"
                   // bit, so that an older table reads with it on.
                   (policy.protect_lead ? 0u : 64u) | (policy.remove_labels ? 128u : 0u) |
                   // other_headline likewise: an older table has no
                   // headline keys, so it reads with the rule off.
                   (policy.other_headline ? 0u : 256u) | 512u |
                   // templated: pass 1 counted template keys (only when on).
                   (policy.templated ? 1024u : 0u) |
                   (policy.protect_interview ? 2048u : 0u) |
                   (policy.headline_list ? 4096u : 0u) |
                   // article_head, page_date and own_story as "off" bits
                   // (an older table reads with them on, as protect_lead).
                   (policy.article_head ? 0u : 8192u) | (policy.page_date ? 0u : 16384u) |
                   (policy.own_story ? 0u : 32768u) |
                   (policy.protect_dateline ? 65536u : 0u) | (policy.comment_region ? 131072u : 0u) |
                   (policy.signed_comments ? 262144u : 0u) |
                   (policy.collapse_near_duplicates && policy.own_text_apart ? 524288u : 0u) |
                   (policy.dated_bylines ? 1048576u : 0u) | (policy.headline_tail ? 2097152u : 0u);
  PutU32(&out, flags);
  PutU32(&out, policy.min_count);
  uint64_t frac_bits;
  std::memcpy(&frac_bits, &policy.min_fraction, sizeof(frac_bits));
  PutU64(&out, frac_bits);
  PutU32(&out, policy.min_site_docs);
  PutU32(&out, policy.min_sites);
  PutU32(&out, policy.cross_site_min_length);
  std::memcpy(&frac_bits, &policy.isolated_max_fraction, sizeof(frac_bits));
  PutU64(&out, frac_bits);
  PutU32(&out, policy.isolated_max_run);
  PutU32(&out, policy.long_line_length);
  PutU32(&out, policy.long_min_count);
  PutU64(&out, sites.size());
  for (const ChromeTable::Site& s : sites) {
    PutU64(&out, s.documents);
    PutU32(&out, static_cast<uint32_t>(s.name.size()));
    out.append(s.name);
    if (out.size() >= kPiece) flush();
  }
  PutU64(&out, entries);
  ChromeTable::Entry e;
  uint64_t written = 0;
  for (; status.ok() && written < entries && next(&e); ++written) {
    PutU64(&out, e.key);
    PutU64(&out, e.global);
    PutU32(&out, e.count);
    PutU32(&out, e.site);
    if (out.size() >= kPiece) flush();
  }
  if (status.ok() && (written != entries || next(&e)))
    return absl::InternalError(absl::StrCat("table: ", entries, " entries announced, another number given"));
  flush();
  PutU64(&out, checksum.Digest());
  if (status.ok()) status = sink(out);
  return status;
}

absl::Status ChromeTable::SerializeTo(
    const std::function<absl::Status(std::string_view)>& sink) const {
  DECHROME_CHECK(!lean());
  size_t i = 0;
  return SerializeTable(policy_, site_by_domain_, sites_, entries_.size(), [&](Entry* e) {
    if (i == entries_.size()) return false;
    *e = entries_[i++];
    return true;
  }, sink);
}

std::string ChromeTable::Serialize() const {
  std::string bytes;
  bytes.reserve(64 + sites_.size() * 32 + entries_.size() * 24);
  SerializeTo([&](std::string_view piece) {
    bytes.append(piece.data(), piece.size());
    return absl::OkStatus();
  }).IgnoreError();
  return bytes;
}



absl::StatusOr<ChromeTable> ChromeTable::Deserialize(std::string_view bytes,
                                                     std::string_view name) {
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) return BadMagic(name);
  if (bytes.size() < sizeof(kMagic) + 4 + 8) return Bad(name, "file too short");
  uint64_t stored = 0;
  {
    Cursor tail(bytes.substr(bytes.size() - 8));
    tail.U64(&stored);
  }
  Cursor c(bytes.substr(0, bytes.size() - 8));
  std::string_view magic;
  c.Bytes(sizeof(kMagic), &magic);
  uint32_t version = 0;
  c.U32(&version);
  DECHROME_RETURN_IF_ERROR(CheckVersion(version, name));
  if (Checksum64(bytes.data(), bytes.size() - 8) != stored) return Bad(name, "checksum mismatch (file corrupt)");
  Head head;
  DECHROME_RETURN_IF_ERROR(ReadHead(c, name, version, &head));
  std::vector<Entry> entries;
  entries.reserve(head.entries);
  DECHROME_RETURN_IF_ERROR(ReadEntries(c, name, head.entries, head.sites.size(), [&](const Entry& e) { entries.push_back(e); }));
  return ChromeTable(std::move(head.sites), std::move(entries), head.policy, head.by_domain);
}

absl::Status ChromeTable::Save(const std::string& path) const {
  if (lean()) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": will not save a table loaded for filtering (it holds only what filter's decisions read)"));
  }
  DECHROME_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path));
  DECHROME_RETURN_IF_ERROR(SerializeTo([&](std::string_view piece) { return out->Write(piece); }));
  return out->Commit();
}

absl::StatusOr<ChromeTable> ChromeTable::Load(const std::string& path, const LoadOptions& options) {
  if (options.mode != LoadMode::kFull) return LoadLean(path, options);
  DECHROME_ASSIGN_OR_RETURN(auto src, OpenFileSource(path));
  std::string bytes;
  char buf[1 << 16];
  while (true) {
    DECHROME_ASSIGN_OR_RETURN(size_t n, src->Read(buf, sizeof(buf)));
    if (n == 0) break;
    bytes.append(buf, n);
  }
  DECHROME_ASSIGN_OR_RETURN(ChromeTable table, Deserialize(bytes, path));
  if (options.adjust_policy) options.adjust_policy(&table.policy_);
  return table;
}

// A lean table (see table.h, "Lean tables"). Pass 1 streams the file: the
// header, the sites (with the final policy, they say which entries decisions
// read: DecisionEntries), every entry's global key (for the cross-site
// counts, made from all entries as BuildCrossIndex() makes them) and the
// entries needed whatever the cross-site set. Pass 2, when the cross-site set
// is not empty or the audit is wanted, reads the entries again for those
// whose global key is in the set (and, kForAudit, the keys of the line
// entries dropped).
absl::StatusOr<ChromeTable> ChromeTable::LoadLean(const std::string& path, const LoadOptions& options) {
  const bool audit = options.mode == LoadMode::kForAudit;
  DECHROME_ASSIGN_OR_RETURN(auto src, OpenFileSource(path));
  struct stat st;
  // (A file too short for a header: Deserialize() names what is wrong.)
  if (::stat(path.c_str(), &st) != 0 || st.st_size < static_cast<off_t>(sizeof(kMagic) + 4 + 8)) {
    LoadOptions full = options;
    full.mode = LoadMode::kFull;
    return Load(path, full);
  }
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  StreamCursor c(src.get(), size);
  std::string_view magic;
  if (!c.Bytes(sizeof(kMagic), &magic) || std::memcmp(magic.data(), kMagic, sizeof(kMagic)) != 0) return BadMagic(path);
  uint32_t version = 0;
  c.U32(&version);
  DECHROME_RETURN_IF_ERROR(CheckVersion(version, path));
  // A corrupt file is named corrupt, whatever it broke (as Deserialize()).
  auto checked = [&](StreamCursor& in, const absl::Status& parsed, uint64_t* stored) -> absl::Status {
    uint64_t sum = 0;
    DECHROME_ASSIGN_OR_RETURN(bool matches, in.ChecksumMatches(&sum));
    if (!matches) return Bad(path, "checksum mismatch (file corrupt)");
    if (stored) *stored = sum;
    return parsed;
  };
  Head head;
  absl::Status parsed = ReadHead(c, path, version, &head);
  if (!parsed.ok()) return checked(c, parsed, nullptr);
  if (options.adjust_policy) options.adjust_policy(&head.policy);
  const DecisionEntries needs(head.policy, head.sites);
  // Kept in pass 1: needed whatever the cross-site set says; kForAudit, a
  // line entry of count 0 too (Lookup() answers 1 for the keys it drops).
  auto keep_always = [&](const Entry& e) { return LeanKeepOf(needs, e, false, audit) == LeanKeep::kEntry; };
  const uint64_t entries_at = c.consumed();
  std::vector<uint64_t> globals;
  globals.reserve(head.entries);
  std::vector<Entry> kept;
  parsed = ReadEntries(c, path, head.entries, head.sites.size(), [&](const Entry& e) {
    globals.push_back(e.global);
    if (keep_always(e)) kept.push_back(e);
  });
  uint64_t stored = 0;
  DECHROME_RETURN_IF_ERROR(checked(c, parsed, &stored));

  ChromeTable t;
  t.sites_ = std::move(head.sites);
  t.policy_ = head.policy;
  t.site_by_domain_ = head.by_domain;
  t.mode_ = options.mode;
  t.file_entries_ = head.entries;
  // Every entry's global key: the cross-site counts, as the full table's.
  {
    std::vector<std::pair<uint64_t, uint32_t>> cross;
    ParallelSortByKey(&globals, 1, [](uint64_t g) { return g; });
    for (size_t i = 0; i < globals.size();) {
      size_t j = i;
      while (j < globals.size() && globals[j] == globals[i]) ++j;
      if (j - i >= 2) cross.emplace_back(globals[i], static_cast<uint32_t>(j - i));
      i = j;
    }
    std::vector<uint64_t>().swap(globals);
    // Decisions read the global keys on min_sites sites or more; the audit
    // (Explain()) the count of any.
    const uint32_t min_sites = head.policy.min_sites;
    for (const auto& [g, n] : cross)
      if (LeanKeepsCross(min_sites, n, audit)) t.cross_.emplace_back(g, n);
    t.cross_.shrink_to_fit();
  }
  // In the decider's cross-site set (ChromeDecider: cross_sites() on
  // min_sites sites or more).
  const uint32_t min_sites = head.policy.min_sites;
  auto in_cross_set = [&](uint64_t global) {
    if (min_sites == 0) return false;
    auto it = std::lower_bound(t.cross_.begin(), t.cross_.end(), global,
                               [](const auto& p, uint64_t g) { return p.first < g; });
    return it != t.cross_.end() && it->first == global && it->second >= min_sites;
  };
  bool any_cross = false;
  for (const auto& [g, n] : t.cross_) any_cross = any_cross || (min_sites > 0 && n >= min_sites);
  if (any_cross || audit) {
    DECHROME_ASSIGN_OR_RETURN(auto again, OpenFileSource(path));
    StreamCursor c2(again.get(), size);
    std::string_view skip;
    bool same = true;
    while (same && c2.consumed() < entries_at)
      same = c2.Bytes(std::min<uint64_t>(entries_at - c2.consumed(), size_t{1} << 20), &skip);
    std::vector<Entry> extra;
    parsed = same ? ReadEntries(c2, path, head.entries, t.sites_.size(), [&](const Entry& e) {
      if (keep_always(e)) return;
      switch (LeanKeepOf(needs, e, in_cross_set(e.global), audit)) {
        case LeanKeep::kEntry: extra.push_back(e); break;
        case LeanKeep::kKeyOnly: t.seen_once_.push_back(e.key); break;  // count 1 (not needed, not 0)
        case LeanKeep::kNothing: break;
      }
    })
                  : Bad(path, "truncated");
    uint64_t stored2 = 0;
    absl::Status s = checked(c2, parsed, &stored2);
    if (!s.ok() || stored2 != stored)
      return absl::DataLossError(absl::StrCat(path, ": changed while it was being read"));
    std::vector<Entry> all;
    all.reserve(kept.size() + extra.size());
    std::merge(kept.begin(), kept.end(), extra.begin(), extra.end(), std::back_inserter(all),
               [](const Entry& a, const Entry& b) { return a.key < b.key; });
    kept = std::move(all);
    t.seen_once_.shrink_to_fit();
  }
  kept.shrink_to_fit();
  t.entries_ = std::move(kept);
  return t;
}

ChromeTable ChromeTable::Lean(LoadMode mode, std::vector<Site> sites, std::vector<Entry> entries,
                              std::vector<std::pair<uint64_t, uint32_t>> cross, std::vector<uint64_t> key_only,
                              PolicyOptions policy, bool site_by_domain, uint64_t file_entries) {
  DECHROME_CHECK(mode != LoadMode::kFull);
  DECHROME_CHECK(mode == LoadMode::kForAudit || key_only.empty());
  ChromeTable t;
  t.sites_ = std::move(sites);
  t.entries_ = std::move(entries);
  t.cross_ = std::move(cross);
  t.seen_once_ = std::move(key_only);
  t.policy_ = policy;
  t.site_by_domain_ = site_by_domain;
  t.mode_ = mode;
  t.file_entries_ = file_entries;
  return t;
}

size_t ChromeTable::MemoryUsage() const {
  size_t n = entries_.capacity() * sizeof(Entry) + cross_.capacity() * sizeof(cross_[0]) +
             seen_once_.capacity() * sizeof(seen_once_[0]);
  for (const Site& s : sites_) n += sizeof(Site) + s.name.capacity();
  return n;
}

}  // namespace dechrome
