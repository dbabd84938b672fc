# Finds every dependency with Debian 12 fallbacks and gathers them in the
# INTERFACE target dechrome_deps. Nothing is downloaded.
if(NOT TARGET absl::base)
  find_package(absl REQUIRED)
endif()
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED COMPONENTS Crypto)

# zstd and simdjson through pkg-config, so that the installed package
# (cmake/dechromeConfig.cmake.in) finds them under the same target names.
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(LIBPSL REQUIRED IMPORTED_TARGET libpsl)
pkg_check_modules(LIBIDN2 REQUIRED IMPORTED_TARGET libidn2)

# xxHash has no CMake config on Debian: header-only through XXH_INLINE_ALL,
# included from src/hash/line_hash.h alone.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
add_library(dechrome_xxhash INTERFACE)
target_include_directories(dechrome_xxhash SYSTEM INTERFACE $<BUILD_INTERFACE:${XXHASH_INCLUDE_DIR}>)
target_compile_definitions(dechrome_xxhash INTERFACE XXH_INLINE_ALL)

add_library(dechrome_deps INTERFACE)
target_link_libraries(dechrome_deps INTERFACE
  absl::status absl::statusor absl::strings absl::str_format absl::flat_hash_map
  absl::flat_hash_set absl::synchronization absl::span absl::time
  PkgConfig::ZSTD PkgConfig::SIMDJSON PkgConfig::ISAL PkgConfig::UTF8PROC PkgConfig::LIBPSL
  PkgConfig::LIBIDN2
  OpenSSL::Crypto dechrome_xxhash Threads::Threads)

# MPI (optional): `mpirun -n N dechrome run|count|filter ...` splits the work
# over processes (src/mpi/, linked into the command only; the library and
# its installed package never need MPI). DECHROME_MPI=OFF builds without it.
set(DECHROME_HAVE_MPI OFF)
if(DECHROME_MPI)
  find_package(MPI COMPONENTS C QUIET)
  if(MPI_C_FOUND)
    set(DECHROME_HAVE_MPI ON)
  else()
    message(STATUS "dechrome: MPI not found (libopenmpi-dev): building without mpirun support")
  endif()
endif()
