# Every dependency comes from Debian packages; scripts/install-deps.sh installs them.
find_package(PkgConfig REQUIRED)
find_package(ZLIB REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(PCAP REQUIRED IMPORTED_TARGET libpcap)
find_package(Threads REQUIRED)
# Detector configuration files: toml++ (libtomlplusplus-dev), used header-only by
# src/analysis/detect/config.cpp, so only its presence is checked here.
find_package(tomlplusplus 3 REQUIRED)

if(PKTSCOPE_BUILD_CLI OR PKTSCOPE_BUILD_TESTS)
  find_package(fmt REQUIRED)
  find_package(CLI11 REQUIRED)
  find_package(nlohmann_json REQUIRED)
endif()
if(PKTSCOPE_BUILD_CLI)
  pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo) # pktscope plot
  pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig) # its font cache, freed
endif()
if(PKTSCOPE_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
if(PKTSCOPE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
