#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "dechrome/table.h"
#include "hash/line_hash.h"
#include "io/output_file.h"
#include "io/byte_source.h"
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

}  // namespace

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
  policy_.templated = policy_.templated && other.policy_.templated;
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

std::string ChromeTable::Serialize() const {
  std::string out;
  out.reserve(64 + sites_.size() * 32 + entries_.size() * 24);
  out.append(kMagic, sizeof(kMagic));
  PutU32(&out, kVersion);
  uint32_t flags = (policy_.fold_dates ? 1u : 0u) | (site_by_domain_ ? 2u : 0u) |
                   (policy_.collapse_near_duplicates ? 4u : 0u) |
                   (policy_.protect_isolated ? 8u : 0u) | (policy_.protect_title ? 16u : 0u) |
                   (policy_.page_structure ? 32u : 0u) |
                   // protect_lead (on by default, added later) as an "off"
                   // bit, so that an older table reads with it on.
                   (policy_.protect_lead ? 0u : 64u) | (policy_.remove_labels ? 128u : 0u) |
                   // other_headline likewise: an older table has no
                   // headline keys, so it reads with the rule off.
                   (policy_.other_headline ? 0u : 256u) | 512u |
                   // templated: pass 1 counted template keys (only when on).
                   (policy_.templated ? 1024u : 0u);
  PutU32(&out, flags);
  PutU32(&out, policy_.min_count);
  uint64_t frac_bits;
  std::memcpy(&frac_bits, &policy_.min_fraction, sizeof(frac_bits));
  PutU64(&out, frac_bits);
  PutU32(&out, policy_.min_site_docs);
  PutU32(&out, policy_.min_sites);
  PutU32(&out, policy_.cross_site_min_length);
  std::memcpy(&frac_bits, &policy_.isolated_max_fraction, sizeof(frac_bits));
  PutU64(&out, frac_bits);
  PutU32(&out, policy_.isolated_max_run);
  PutU32(&out, policy_.long_line_length);
  PutU32(&out, policy_.long_min_count);
  PutU64(&out, sites_.size());
  for (const Site& s : sites_) {
    PutU64(&out, s.documents);
    PutU32(&out, static_cast<uint32_t>(s.name.size()));
    out.append(s.name);
  }
  PutU64(&out, entries_.size());
  for (const Entry& e : entries_) {
    PutU64(&out, e.key);
    PutU64(&out, e.global);
    PutU32(&out, e.count);
    PutU32(&out, e.site);
  }
  PutU64(&out, Checksum64(out.data(), out.size()));
  return out;
}

absl::StatusOr<ChromeTable> ChromeTable::Deserialize(std::string_view bytes,
                                                     std::string_view name) {
  auto bad = [&](std::string_view why) {
    return absl::DataLossError(absl::StrCat(std::string(name), ": not a valid dechrome table: ", std::string(why)));
  };
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(name), ": not a dechrome table (bad magic); make one with 'dechrome count'"));
  }
  if (bytes.size() < sizeof(kMagic) + 4 + 8) return bad("file too short");
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
  if (version < kOldestVersion || version > kVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        std::string(name), ": dechrome table format version ", version, " is not supported (this build reads versions ",
        kOldestVersion, " to ", kVersion, ")"));
  }
  if (Checksum64(bytes.data(), bytes.size() - 8) != stored) return bad("checksum mismatch (file corrupt)");
  PolicyOptions p;
  uint32_t flags = 0;
  uint64_t frac_bits = 0;
  if (!c.U32(&flags) || !c.U32(&p.min_count) || !c.U64(&frac_bits) || !c.U32(&p.min_site_docs) ||
      !c.U32(&p.min_sites) || !c.U32(&p.cross_site_min_length)) {
    return bad("truncated header");
  }
  std::memcpy(&p.min_fraction, &frac_bits, sizeof(frac_bits));
  if (!c.U64(&frac_bits)) return bad("truncated header");
  std::memcpy(&p.isolated_max_fraction, &frac_bits, sizeof(frac_bits));
  if (!c.U32(&p.isolated_max_run) || !c.U32(&p.long_line_length) || !c.U32(&p.long_min_count))
    return bad("truncated header");
  constexpr uint32_t kKnownFlags = 2047;  // bits 0-10
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
  p.fold_dates = flags & 1;
  p.collapse_near_duplicates = flags & 4;
  bool by_domain = flags & 2;
  uint64_t num_sites = 0;
  if (!c.U64(&num_sites) || num_sites > c.remaining() / 12) return bad("bad site count");
  std::vector<Site> sites(num_sites);
  for (Site& s : sites) {
    uint32_t len = 0;
    std::string_view n;
    if (!c.U64(&s.documents) || !c.U32(&len) || !c.Bytes(len, &n)) return bad("truncated site list");
    s.name = std::string(n);
    if (version < 2 && HasPreIdnName(s.name)) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(name), ": made by an earlier dechrome, which named internationalised sites (\"", s.name,
          "\") in a form this build no longer uses; make the table again with 'dechrome count'"));
    }
  }
  for (size_t i = 1; i < sites.size(); ++i)
    if (!(sites[i - 1].name < sites[i].name)) return bad("site list not sorted");
  uint64_t num_entries = 0;
  if (!c.U64(&num_entries) || num_entries != c.remaining() / 24 || c.remaining() % 24 != 0)
    return bad("bad entry count");
  std::vector<Entry> entries(num_entries);
  for (size_t i = 0; i < num_entries; ++i) {
    Entry& e = entries[i];
    c.U64(&e.key);
    c.U64(&e.global);
    c.U32(&e.count);
    c.U32(&e.site);
    if (e.site >= sites.size()) return bad("entry with unknown site");
    if (i > 0 && !(entries[i - 1].key < e.key)) return bad("entries not sorted");
  }
  return ChromeTable(std::move(sites), std::move(entries), p, by_domain);
}

absl::Status ChromeTable::Save(const std::string& path) const {
  DECHROME_ASSIGN_OR_RETURN(auto out, OutputFile::Create(path));
  DECHROME_RETURN_IF_ERROR(out->Write(Serialize()));
  return out->Commit();
}

absl::StatusOr<ChromeTable> ChromeTable::Load(const std::string& path) {
  DECHROME_ASSIGN_OR_RETURN(auto src, OpenFileSource(path));
  std::string bytes;
  char buf[1 << 16];
  while (true) {
    DECHROME_ASSIGN_OR_RETURN(size_t n, src->Read(buf, sizeof(buf)));
    if (n == 0) break;
    bytes.append(buf, n);
  }
  return Deserialize(bytes, path);
}

size_t ChromeTable::MemoryUsage() const {
  size_t n = entries_.capacity() * sizeof(Entry) + cross_.capacity() * sizeof(cross_[0]);
  for (const Site& s : sites_) n += sizeof(Site) + s.name.capacity();
  return n;
}

}  // namespace dechrome
