// The HTTP body codings: chunked transfer coding (RFC 9112 7.1) and the
// gzip / deflate content codings (RFC 9110 8.4.1), decoded with ISA-L's
// igzip (gzip and zlib wrappers, raw deflate). Every output is bounded by a
// byte limit: inflating stops there, so a gzip bomb costs the limit and no
// more.

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "http/http_internal.h"
#include "io/byte_source.h"

namespace dechrome {
namespace http_internal {
namespace {

void AddWarning(std::string* warning, std::string_view what) {
  if (!warning->empty()) warning->append("; ");
  warning->append(what.data(), what.size());
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

enum class SizeLine { kOk, kBad, kEnd };

// Parses "1a2b[ ;ext...]\r\n" at `*pos`: the chunk size and `*pos` past the
// line. kEnd when the input ends before a size; kBad when it is no size.
SizeLine ParseSizeLine(std::string_view in, size_t* pos, uint64_t* size) {
  size_t i = *pos;
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  if (i >= in.size()) return SizeLine::kEnd;
  uint64_t v = 0;
  size_t digits = 0;
  for (; i < in.size(); ++i) {
    int h = HexValue(in[i]);
    if (h < 0) break;
    if (v >> 60) return SizeLine::kBad;  // would overflow
    v = v * 16 + static_cast<uint64_t>(h);
    ++digits;
  }
  if (digits == 0) return SizeLine::kBad;
  // BWS, chunk extensions (";name=value"), then the line end.
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  if (i < in.size() && in[i] != ';' && in[i] != '\r' && in[i] != '\n') return SizeLine::kBad;
  size_t lf = in.find('\n', i);
  *pos = lf == std::string_view::npos ? in.size() : lf + 1;
  *size = v;
  return SizeLine::kOk;
}

// Skips "\r\n" or "\n" at `*pos`; false if neither is there.
bool SkipLineEnd(std::string_view in, size_t* pos) {
  size_t i = *pos;
  if (i < in.size() && in[i] == '\r') ++i;
  if (i < in.size() && in[i] == '\n') {
    *pos = i + 1;
    return true;
  }
  return false;
}

const char* FormatName(InflateFormat f) {
  switch (f) {
    case InflateFormat::kGzip:
      return "gzip";
    case InflateFormat::kZlib:
      return "zlib";
    case InflateFormat::kRawDeflate:
      return "deflate";
  }
  return "?";
}

uint32_t CrcFlag(InflateFormat f) {
  switch (f) {
    case InflateFormat::kGzip:
      return ISAL_GZIP;
    case InflateFormat::kZlib:
      return ISAL_ZLIB;
    case InflateFormat::kRawDeflate:
      return ISAL_DEFLATE;
  }
  return ISAL_DEFLATE;
}

}  // namespace

DechunkResult Dechunk(std::string_view in, size_t limit, std::string* out, bool* truncated,
                      std::string* warning) {
  size_t pos = 0;
  uint64_t size = 0;
  size_t line_start = 0;
  SizeLine first = ParseSizeLine(in, &pos, &size);
  if (first != SizeLine::kOk) return DechunkResult::kNotChunked;

  // The output is never longer than the input.
  out->resize(std::min(in.size(), limit));
  size_t produced = 0;
  for (;;) {
    if (size == 0) break;  // last-chunk; trailer fields are ignored
    size_t avail = in.size() - pos;
    size_t take = size > avail ? avail : static_cast<size_t>(size);
    if (take > limit - produced) {
      take = limit - produced;
      *truncated = true;
    }
    std::memcpy(out->data() + produced, in.data() + pos, take);
    produced += take;
    if (*truncated) break;
    if (size > avail) {
      AddWarning(warning, absl::StrCat("truncated chunk at body offset ", line_start));
      break;
    }
    pos += static_cast<size_t>(size);
    if (!SkipLineEnd(in, &pos) && pos < in.size()) {
      AddWarning(warning, absl::StrCat("no line end after chunk at body offset ", line_start));
    }
    line_start = pos;
    SizeLine r = ParseSizeLine(in, &pos, &size);
    if (r == SizeLine::kEnd) {
      AddWarning(warning, "missing last chunk");
      break;
    }
    if (r == SizeLine::kBad) {
      AddWarning(warning, absl::StrCat("bad chunk size at body offset ", line_start));
      break;
    }
  }
  out->resize(produced);
  return DechunkResult::kOk;
}

bool HasZlibHeader(std::string_view in) {
  if (in.size() < 2) return false;
  auto cmf = static_cast<uint8_t>(in[0]);
  auto flg = static_cast<uint8_t>(in[1]);
  return (cmf & 0x0F) == 8 && (cmf >> 4) <= 7 && ((cmf << 8) | flg) % 31 == 0;
}

InflateResult Inflate(std::string_view in, InflateFormat format, size_t limit, std::string* out,
                      bool* truncated, std::string* error) {
  // ~100 KiB of decoder state, allocated once per thread.
  thread_local std::unique_ptr<inflate_state> state(new inflate_state());
  inflate_state& st = *state;
  isal_inflate_init(&st);
  st.crc_flag = CrcFlag(format);
  st.hist_bits = 0;  // full 32 KiB window

  // Start at four times the input (typical HTML ratios), then double.
  size_t cap = std::min(limit, std::max<size_t>(in.size() * 4, size_t{16} << 10));
  out->resize(cap);
  size_t produced = 0;
  size_t consumed = 0;
  const char* problem = nullptr;
  for (;;) {
    if (produced == out->size()) {
      if (out->size() >= limit) {
        *truncated = true;
        break;
      }
      out->resize(std::min(limit, out->size() * 2));
    }
    size_t in_chunk = std::min(in.size() - consumed, size_t{1} << 30);  // 32-bit counts
    size_t out_chunk = std::min(out->size() - produced, size_t{1} << 30);
    st.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data() + consumed));
    st.avail_in = static_cast<uint32_t>(in_chunk);
    st.next_out = reinterpret_cast<uint8_t*>(out->data() + produced);
    st.avail_out = static_cast<uint32_t>(out_chunk);
    int ret = isal_inflate(&st);
    consumed += in_chunk - st.avail_in;
    produced += out_chunk - st.avail_out;
    if (ret < 0 || ret == ISAL_NEED_DICT) {
      problem = InflateErrorName(ret);
      break;
    }
    if (st.block_state == ISAL_BLOCK_FINISH) {
      // Another gzip member may follow (RFC 1952 2.2).
      std::string_view rest = in.substr(consumed);
      if (format == InflateFormat::kGzip && rest.size() >= 2 &&
          static_cast<uint8_t>(rest[0]) == 0x1f && static_cast<uint8_t>(rest[1]) == 0x8b) {
        isal_inflate_reset(&st);
        st.crc_flag = ISAL_GZIP;
        continue;
      }
      break;  // trailing bytes after the stream are ignored
    }
    if (st.avail_out > 0 && consumed == in.size()) {
      problem = "truncated data";
      break;
    }
    if (st.avail_out > 0 && st.avail_in > 0) {
      problem = "decoder made no progress";
      break;
    }
  }
  out->resize(produced);
  if (problem == nullptr) return InflateResult::kOk;
  error->assign(FormatName(format));
  error->append(": ");
  error->append(problem);
  return produced > 0 ? InflateResult::kPartial : InflateResult::kFailed;
}

}  // namespace http_internal
}  // namespace dechrome
