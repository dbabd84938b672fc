// gzip decoding with ISA-L's igzip inflate, over every member of a
// multi-member file (Common Crawl WARC/WET files hold one member per record,
// so the state is reset, not re-created, between members: isal_inflate_reset
// touches a few fields only).
//
// States: kMember (inside a member; isal_inflate parses the header, inflates
// and checks CRC-32 and length itself, crc_flag = ISAL_GZIP) and kBetween
// (after a member's trailer: the next two bytes must be another gzip magic,
// zero padding, which is skipped, or the end of the stream).

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "io/io_internal.h"

namespace dechrome {
namespace io_internal {
namespace {


class GzipSource final : public DecompressorBase {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, std::string_view prefix)
      : DecompressorBase(std::move(raw), prefix), state_(new inflate_state()) {
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
    state_->hist_bits = 0;  // full 32 KiB window
  }

 protected:
  absl::Status Decode(char* dst, size_t cap, size_t* produced) override;

 private:
  enum class Phase { kMember, kBetween, kDone };

  absl::Status Corrupt(std::string_view what) const {
    return absl::DataLossError(absl::StrCat(
        absl::string_view(what.data(), what.size()), " at compressed byte ", in_.offset()));
  }

  std::unique_ptr<inflate_state> state_;  // ~100 KiB
  Phase phase_ = Phase::kMember;
};

absl::Status GzipSource::Decode(char* dst, size_t cap, size_t* produced) {
  *produced = 0;
  cap = std::min(cap, size_t{1} << 30);  // avail_out is 32 bits
  inflate_state& st = *state_;
  while (*produced < cap) {
    if (phase_ == Phase::kDone) return absl::OkStatus();

    if (phase_ == Phase::kBetween) {
      DECHROME_RETURN_IF_ERROR(in_.Want(2));
      if (in_.avail() == 0) {
        phase_ = Phase::kDone;
        continue;
      }
      const uint8_t* p = in_.data();
      if (p[0] == 0x1f && (in_.avail() < 2 || p[1] == 0x8b)) {
        if (in_.avail() < 2) return Corrupt("truncated gzip stream");
        isal_inflate_reset(&st);
        st.crc_flag = ISAL_GZIP;
        phase_ = Phase::kMember;
        continue;
      }
      if (p[0] == 0) {  // zero padding after the last member
        size_t n = 0;
        while (n < in_.avail() && p[n] == 0) ++n;
        in_.Consume(n);
        continue;
      }
      return Corrupt("trailing garbage after gzip member");
    }

    // Phase::kMember
    if (in_.avail() == 0) DECHROME_RETURN_IF_ERROR(in_.Refill());
    size_t avail_before = in_.avail();
    st.next_in = const_cast<uint8_t*>(in_.data());
    st.avail_in = static_cast<uint32_t>(avail_before);
    uint8_t* out = reinterpret_cast<uint8_t*>(dst) + *produced;
    st.next_out = out;
    st.avail_out = static_cast<uint32_t>(cap - *produced);
    int ret = isal_inflate(&st);
    in_.Consume(avail_before - st.avail_in);
    *produced += static_cast<size_t>(st.next_out - out);
    if (ret < 0 || ret == ISAL_NEED_DICT) {
      return Corrupt(absl::StrCat("corrupt gzip stream (", InflateErrorName(ret), ")"));
    }
    if (st.block_state == ISAL_BLOCK_FINISH) {
      phase_ = Phase::kBetween;
      continue;
    }
    if (st.avail_out == 0) break;  // caller's buffer is full
    if (st.avail_in > 0) {
      // isal_inflate returns with room left only once it used all its input.
      return Corrupt("corrupt gzip stream (decoder made no progress)");
    }
    if (in_.avail() == 0 && in_.eof()) return Corrupt("truncated gzip stream");
  }
  return absl::OkStatus();
}

}  // namespace


std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<ByteSource> raw,
                                          std::string_view prefix) {
  return std::make_unique<GzipSource>(std::move(raw), prefix);
}

}  // namespace io_internal

const char* InflateErrorName(int ret) {
  switch (ret) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid lookback distance";
    case ISAL_INVALID_WRAPPER:
      return "invalid header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
      return "checksum or length mismatch";
    case ISAL_NEED_DICT:
      return "preset dictionary required";
    default:
      return "inflate error";
  }
}
}  // namespace dechrome
