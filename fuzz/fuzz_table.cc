// Fuzz target: loading a chrome table (include/dechrome/table.h:
// ChromeTable::Deserialize, the bytes that Load() reads from a file; Load()
// itself on a temporary file for a share of the inputs).
//
// Input: one control byte, then the table's bytes. With bit 0 of the control
// byte set, the last 8 bytes are replaced by the right checksum (and the
// magic number and version are put in front when missing), so that the
// fuzzer gets past the checksum to the parser behind it.
// Invariants:
// - Any bytes: a status, never a crash; errors are InvalidArgument (not a
//   table, other version) or DataLoss (corrupt), and name the input.
// - A table that loads satisfies the constructor's REQUIRES (sites sorted
//   and distinct, entries sorted by key and distinct, site indexes in
//   range); Find() and FindSite() find every entry and site; its
//   Serialize() loads again to the same table, and is the input itself when
//   the input is a version 2 table whose flags are in the form Serialize()
//   writes.
// - Load() of the bytes in a file agrees with Deserialize().

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "dechrome/table.h"
#include "fuzz_util.h"
#include "hash/line_hash.h"

namespace dechrome {
namespace {

constexpr char kMagic[8] = {'D', 'C', 'H', 'R', 'T', 'B', 'L', '\n'};

bool SameTable(const ChromeTable& a, const ChromeTable& b) {
  if (a.sites().size() != b.sites().size() || a.entries().size() != b.entries().size()) return false;
  for (size_t i = 0; i < a.sites().size(); ++i) {
    if (a.sites()[i].name != b.sites()[i].name ||
        a.sites()[i].documents != b.sites()[i].documents) {
      return false;
    }
  }
  for (size_t i = 0; i < a.entries().size(); ++i) {
    const ChromeTable::Entry& x = a.entries()[i];
    const ChromeTable::Entry& y = b.entries()[i];
    if (x.key != y.key || x.global != y.global || x.count != y.count || x.site != y.site) return false;
  }
  return a.site_by_domain() == b.site_by_domain() && a.cross_sites() == b.cross_sites();
}

void CheckTable(const ChromeTable& t) {
  const auto& sites = t.sites();
  const auto& entries = t.entries();
  for (size_t i = 0; i < sites.size(); ++i) {
    if (i > 0) FUZZ_CHECK(sites[i - 1].name < sites[i].name);
    FUZZ_CHECK(t.FindSite(sites[i].name) == static_cast<int>(i));
  }
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) FUZZ_CHECK(entries[i - 1].key < entries[i].key);
    FUZZ_CHECK(entries[i].site < sites.size());
    FUZZ_CHECK(t.Find(entries[i].key) == &entries[i]);
  }
  for (size_t i = 1; i < t.cross_sites().size(); ++i) {
    FUZZ_CHECK(t.cross_sites()[i - 1].first < t.cross_sites()[i].first);
  }
}

}  // namespace
}  // namespace dechrome

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dechrome;
  fuzz::Control ctl(data, size);
  const uint8_t c = ctl.Byte();
  std::string bytes(ctl.rest());
  if (c & 1) {
    if (bytes.compare(0, sizeof(kMagic), kMagic, sizeof(kMagic)) != 0) {
      bytes.insert(0, std::string(kMagic, sizeof(kMagic)) + std::string("\x01\0\0\0", 4));
    }
    if (bytes.size() >= 8) bytes.resize(bytes.size() - 8);
    const uint64_t sum = Checksum64(bytes.data(), bytes.size());
    char tail[8];
    for (int i = 0; i < 8; ++i) tail[i] = static_cast<char>(sum >> (8 * i));
    bytes.append(tail, 8);
  }

  absl::StatusOr<ChromeTable> t = ChromeTable::Deserialize(bytes, "fuzz-input");
  if (!t.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(t.status()) || absl::IsDataLoss(t.status()));
    FUZZ_CHECK(t.status().message().find("fuzz-input") != std::string_view::npos);
  } else {
    CheckTable(*t);
    const std::string again_bytes = t->Serialize();
    absl::StatusOr<ChromeTable> again = ChromeTable::Deserialize(again_bytes, "again");
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(SameTable(*t, *again));
    FUZZ_CHECK(again->Serialize() == again_bytes);
    // The input itself comes back when it is in the current version (2) and
    // its flags in the form Serialize() writes (a version 1 table comes
    // back as version 2; a rule bit that an older table lacks comes back
    // set the way this build reads it).
    uint32_t version = 0, flags = 0, again_flags = 0;
    std::memcpy(&version, bytes.data() + 8, 4);  // little-endian hosts
    std::memcpy(&flags, bytes.data() + 12, 4);
    std::memcpy(&again_flags, again_bytes.data() + 12, 4);
    if (version == 2 && flags == again_flags) FUZZ_CHECK(again_bytes == bytes);
    // Merging a table into an empty one of the same kind gives it back.
    ChromeTable merged({}, {}, t->policy(), t->site_by_domain());
    if (merged.Merge(*t).ok()) {
      FUZZ_CHECK(SameTable(merged, *t));
    }
  }

  // Load() from a file: the same answer (one input in 16, for speed).
  if ((c & 0xf0) == 0x10) {
    static std::string path = [] {
      const char* dir = std::getenv("TMPDIR");
      return std::string(dir ? dir : "/tmp") + "/dechrome-fuzz-table-" + std::to_string(getpid());
    }();
    FILE* f = std::fopen(path.c_str(), "wb");
    FUZZ_CHECK(f != nullptr);
    FUZZ_CHECK(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
    std::fclose(f);
    absl::StatusOr<ChromeTable> loaded = ChromeTable::Load(path);
    std::remove(path.c_str());
    FUZZ_CHECK(loaded.ok() == t.ok());
    if (loaded.ok()) FUZZ_CHECK(SameTable(*loaded, *t));
    else FUZZ_CHECK(loaded.status().code() == t.status().code());
  }
  return 0;
}
