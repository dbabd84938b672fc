// zstd decoding over every frame of a multi-frame stream (the loop of zstd's
// examples/streaming_decompression.c). ZSTD_decompressStream skips
// skippable frames by itself; we look at the first frame only, for the
// .warc.zst dictionary frame (skippable magic 0x184D2A5D whose payload is a
// dictionary, itself zstd-compressed when it starts with the zstd magic),
// and load that dictionary for every later frame.
//
// Truncation: ZSTD_decompressStream returns 0 exactly when a frame is
// complete and flushed; any other value when the input ends means the
// stream stopped inside a frame.

#include <zstd.h>

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

constexpr uint32_t kDictionaryFrameMagic = 0x184D2A5D;
constexpr uint32_t kZstdMagic = 0xFD2FB528;

uint32_t LoadLE32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 |
         uint32_t{p[3]} << 24;
}

class ZstdSource final : public DecompressorBase {
 public:
  ZstdSource(std::unique_ptr<ByteSource> raw, std::string_view prefix)
      : DecompressorBase(std::move(raw), prefix), dctx_(ZSTD_createDCtx()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }

 protected:
  absl::Status Decode(char* dst, size_t cap, size_t* produced) override;

 private:
  // Reads a leading dictionary frame, if any, and loads its dictionary.
  absl::Status Start();

  absl::Status Error(std::string_view what) const {
    return absl::DataLossError(absl::StrCat(absl::string_view(what.data(), what.size()),
                                            " at compressed byte ", in_.offset()));
  }

  ZSTD_DCtx* const dctx_;
  bool started_ = false;
  size_t last_ret_ = 0;          // last ZSTD_decompressStream result
  bool output_pending_ = false;  // last call filled the output buffer
};

absl::Status ZstdSource::Start() {
  if (dctx_ == nullptr) return absl::ResourceExhaustedError("ZSTD_createDCtx failed");
  DECHROME_RETURN_IF_ERROR(in_.Want(8));
  if (in_.avail() < 8 || LoadLE32(in_.data()) != kDictionaryFrameMagic) {
    return absl::OkStatus();
  }
  const size_t size = LoadLE32(in_.data() + 4);
  in_.Consume(8);
  std::string payload;
  payload.reserve(std::min(size, size_t{64} << 20));
  while (payload.size() < size) {
    if (in_.avail() == 0) {
      if (in_.eof()) return Error("truncated zstd stream (in the dictionary frame)");
      DECHROME_RETURN_IF_ERROR(in_.Refill());
      continue;
    }
    size_t k = std::min(in_.avail(), size - payload.size());
    payload.append(reinterpret_cast<const char*>(in_.data()), k);
    in_.Consume(k);
  }

  std::string dict;
  if (payload.size() >= 4 &&
      LoadLE32(reinterpret_cast<const uint8_t*>(payload.data())) == kZstdMagic) {
    // A compressed dictionary: one (or more) frames, decompressed whole.
    ZSTD_DCtx* d = ZSTD_createDCtx();
    if (d == nullptr) return absl::ResourceExhaustedError("ZSTD_createDCtx failed");
    ZSTD_inBuffer ib{payload.data(), payload.size(), 0};
    std::string buf(ZSTD_DStreamOutSize(), '\0');
    size_t r = 0;
    while (true) {
      ZSTD_outBuffer ob{buf.data(), buf.size(), 0};
      r = ZSTD_decompressStream(d, &ob, &ib);
      if (ZSTD_isError(r)) break;
      dict.append(buf.data(), ob.pos);
      if (ib.pos == ib.size && ob.pos < ob.size) break;
    }
    ZSTD_freeDCtx(d);
    if (ZSTD_isError(r)) {
      return Error(absl::StrCat("corrupt zstd dictionary frame (", ZSTD_getErrorName(r), ")"));
    }
    if (r != 0) return Error("truncated zstd stream (in the compressed dictionary)");
  } else {
    dict = std::move(payload);
  }
  size_t r = ZSTD_DCtx_loadDictionary(dctx_, dict.data(), dict.size());
  if (ZSTD_isError(r)) {
    return Error(absl::StrCat("invalid zstd dictionary (", ZSTD_getErrorName(r), ")"));
  }
  return absl::OkStatus();
}

absl::Status ZstdSource::Decode(char* dst, size_t cap, size_t* produced) {
  *produced = 0;
  if (!started_) {
    started_ = true;
    DECHROME_RETURN_IF_ERROR(Start());
  }
  while (*produced < cap) {
    if (in_.avail() == 0 && !in_.eof()) DECHROME_RETURN_IF_ERROR(in_.Refill());
    // r == 0 means the frame is complete and fully flushed, even when it
    // filled the buffer exactly; calling again would ask for a new frame.
    if (in_.avail() == 0 && in_.eof() && (!output_pending_ || last_ret_ == 0)) {
      if (last_ret_ != 0) return Error("truncated zstd stream");
      return absl::OkStatus();
    }
    ZSTD_inBuffer ib{in_.data(), in_.avail(), 0};
    ZSTD_outBuffer ob{dst, cap, *produced};
    size_t r = ZSTD_decompressStream(dctx_, &ob, &ib);
    in_.Consume(ib.pos);
    *produced = ob.pos;
    if (ZSTD_isError(r)) {
      return Error(absl::StrCat("corrupt zstd stream (", ZSTD_getErrorName(r), ")"));
    }
    last_ret_ = r;
    output_pending_ = ob.pos == ob.size;
  }
  return absl::OkStatus();
}

}  // namespace

std::unique_ptr<ByteSource> NewZstdSource(std::unique_ptr<ByteSource> raw,
                                          std::string_view prefix) {
  return std::make_unique<ZstdSource>(std::move(raw), prefix);
}

}  // namespace io_internal
}  // namespace dechrome
