// BlockCompressor implementations: pass-through, zstd (one frame per call,
// with the content size, through a reused ZSTD_CCtx) and gzip (one member per
// call through ISA-L's isal_deflate, with a reused level buffer).

#include "io/compress.h"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <algorithm>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace dechrome {
namespace {

class NoneCompressor final : public BlockCompressor {
 public:
  absl::Status CompressAppend(std::string_view in, std::string* out) override {
    out->append(in.data(), in.size());
    return absl::OkStatus();
  }
};

class ZstdCompressor final : public BlockCompressor {
 public:
  explicit ZstdCompressor(int level) : cctx_(ZSTD_createCCtx()) {
    level = level == 0 ? ZSTD_CLEVEL_DEFAULT
                       : std::clamp(level, ZSTD_minCLevel(), ZSTD_maxCLevel());
    if (cctx_ != nullptr) {
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_contentSizeFlag, 1);
      ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 0);
    }
  }
  ~ZstdCompressor() override { ZSTD_freeCCtx(cctx_); }

  absl::Status CompressAppend(std::string_view in, std::string* out) override {
    if (in.empty()) return absl::OkStatus();
    if (cctx_ == nullptr) return absl::ResourceExhaustedError("ZSTD_createCCtx failed");
    const size_t old = out->size();
    const size_t bound = ZSTD_compressBound(in.size());
    out->resize(old + bound);
    size_t n = ZSTD_compress2(cctx_, out->data() + old, bound, in.data(), in.size());
    if (ZSTD_isError(n)) {
      out->resize(old);
      return absl::InternalError(absl::StrCat("zstd compression failed: ", ZSTD_getErrorName(n)));
    }
    out->resize(old + n);
    return absl::OkStatus();
  }

 private:
  ZSTD_CCtx* const cctx_;
};

class GzipCompressor final : public BlockCompressor {
 public:
  explicit GzipCompressor(int level)
      : level_(static_cast<uint32_t>(std::clamp(level, 0, ISAL_DEF_MAX_LEVEL))),
        stream_(new isal_zstream()) {
    static constexpr uint32_t kLevelBufSize[] = {ISAL_DEF_LVL0_DEFAULT, ISAL_DEF_LVL1_DEFAULT,
                                                 ISAL_DEF_LVL2_DEFAULT, ISAL_DEF_LVL3_DEFAULT};
    level_buf_size_ = kLevelBufSize[level_];
    if (level_buf_size_ > 0) level_buf_.reset(new uint8_t[level_buf_size_]);
  }

  absl::Status CompressAppend(std::string_view in, std::string* out) override {
    if (in.empty()) return absl::OkStatus();
    isal_zstream& s = *stream_;
    isal_deflate_init(&s);
    s.gzip_flag = IGZIP_GZIP;
    s.hist_bits = 0;  // not set by isal_deflate_init; 0 = full 32 KiB window
    s.level = level_;
    s.level_buf = level_buf_.get();
    s.level_buf_size = level_buf_size_;
    s.flush = NO_FLUSH;

    const size_t old = out->size();
    // Stored blocks cost 5 bytes per 64 KiB; header and trailer 18 bytes.
    size_t cap = in.size() + in.size() / 1024 + 1024;
    out->resize(old + cap);
    size_t written = 0;
    size_t fed = 0;
    constexpr size_t kMaxChunk = size_t{1} << 30;  // avail_in is 32 bits
    while (true) {
      if (s.avail_in == 0 && fed < in.size()) {
        size_t k = std::min(kMaxChunk, in.size() - fed);
        s.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data() + fed));
        s.avail_in = static_cast<uint32_t>(k);
        fed += k;
      }
      s.end_of_stream = fed == in.size() ? 1 : 0;
      if (written == cap) {
        cap += cap / 2 + 1024;
        out->resize(old + cap);
      }
      size_t room = std::min(cap - written, kMaxChunk);
      uint8_t* dst = reinterpret_cast<uint8_t*>(out->data() + old + written);
      s.next_out = dst;
      s.avail_out = static_cast<uint32_t>(room);
      int ret = isal_deflate(&s);
      written += static_cast<size_t>(s.next_out - dst);
      if (ret != COMP_OK) {
        out->resize(old);
        return absl::InternalError(absl::StrCat("isal_deflate failed: ", ret));
      }
      if (s.internal_state.state == ZSTATE_END) break;
    }
    out->resize(old + written);
    return absl::OkStatus();
  }

 private:
  const uint32_t level_;
  std::unique_ptr<isal_zstream> stream_;  // ~100 KiB of state
  std::unique_ptr<uint8_t[]> level_buf_;
  uint32_t level_buf_size_ = 0;
};

}  // namespace

std::unique_ptr<BlockCompressor> BlockCompressor::Create(Codec codec, int level) {
  switch (codec) {
    case Codec::kZstd:
      return std::make_unique<ZstdCompressor>(level);
    case Codec::kGzip:
      return std::make_unique<GzipCompressor>(level);
    case Codec::kNone:
      break;
  }
  return std::make_unique<NoneCompressor>();
}

Codec CodecForOutputName(std::string_view name) {
  absl::string_view n(name.data(), name.size());
  if (absl::EndsWith(n, ".zst")) return Codec::kZstd;
  if (absl::EndsWith(n, ".gz")) return Codec::kGzip;
  return Codec::kNone;
}

}  // namespace dechrome
