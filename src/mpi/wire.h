// -----------------------------------------------------------------------------
// File: wire.h
// -----------------------------------------------------------------------------
//
// The bytes that travel between the processes of one job: integers in the
// machine's order (every process runs the same binary on the same kind of
// machine), strings with a u64 length. A Reader that runs out of bytes stays
// failed (ok() false) and returns zeros.
//
// Thread safety: none needed (values on one thread).

#ifndef DECHROME_MPI_WIRE_H_
#define DECHROME_MPI_WIRE_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dechrome {
namespace mpi {

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(v));
}
inline void PutString(std::string* out, std::string_view s) {
  Put<uint64_t>(out, s.size());
  out->append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  T Get() {
    T v{};
    if (!ok_ || bytes_.size() < sizeof(T)) {
      ok_ = false;
      return v;
    }
    std::memcpy(&v, bytes_.data(), sizeof(T));
    bytes_.remove_prefix(sizeof(T));
    return v;
  }
  std::string GetString() {
    const uint64_t n = Get<uint64_t>();
    if (!ok_ || bytes_.size() < n) {
      ok_ = false;
      return std::string();
    }
    std::string s(bytes_.substr(0, n));
    bytes_.remove_prefix(n);
    return s;
  }
  bool ok() const { return ok_; }
  bool empty() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
  bool ok_ = true;
};

}  // namespace mpi
}  // namespace dechrome

#endif  // DECHROME_MPI_WIRE_H_
