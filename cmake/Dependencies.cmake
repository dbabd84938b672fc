# Finds every dependency with Debian 12 fallbacks and gathers them in the
# INTERFACE target dechrome_deps. Nothing is downloaded.
if(NOT TARGET absl::base)
  find_package(absl REQUIRED)
endif()
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

find_package(zstd CONFIG QUIET)
if(TARGET zstd::libzstd)
  set(DECHROME_ZSTD zstd::libzstd)
elseif(TARGET zstd::libzstd_shared)             # Debian 12 (1.5.4)
  set(DECHROME_ZSTD zstd::libzstd_shared)
else()
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  set(DECHROME_ZSTD PkgConfig::ZSTD)
endif()

find_package(simdjson CONFIG QUIET)
if(TARGET simdjson::simdjson)
  set(DECHROME_SIMDJSON simdjson::simdjson)
else()
  pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
  set(DECHROME_SIMDJSON PkgConfig::SIMDJSON)
endif()

pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(LIBPSL REQUIRED IMPORTED_TARGET libpsl)

# xxHash has no CMake config on Debian: header-only through XXH_INLINE_ALL,
# included from src/hash/xxhash.h alone.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
add_library(dechrome_xxhash INTERFACE)
target_include_directories(dechrome_xxhash SYSTEM INTERFACE $<BUILD_INTERFACE:${XXHASH_INCLUDE_DIR}>)
target_compile_definitions(dechrome_xxhash INTERFACE XXH_INLINE_ALL)

add_library(dechrome_deps INTERFACE)
target_link_libraries(dechrome_deps INTERFACE
  absl::status absl::statusor absl::strings absl::str_format absl::flat_hash_map
  absl::flat_hash_set absl::synchronization absl::span absl::time
  $<BUILD_INTERFACE:${DECHROME_ZSTD}> $<BUILD_INTERFACE:${DECHROME_SIMDJSON}>
  $<BUILD_INTERFACE:PkgConfig::ISAL> $<BUILD_INTERFACE:PkgConfig::UTF8PROC>
  $<BUILD_INTERFACE:PkgConfig::LIBPSL> $<BUILD_INTERFACE:OpenSSL::Crypto>
  dechrome_xxhash Threads::Threads)
