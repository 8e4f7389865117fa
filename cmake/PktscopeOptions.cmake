# Compiler flags shared by every target of the project.
add_library(pktscope_flags INTERFACE)
target_compile_options(pktscope_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow
  $<$<BOOL:${PKTSCOPE_WERROR}>:-Werror>)

# Link-time optimisation: a packet's path crosses many small functions in separate files
# (reader, capture facts, statistics, flow table), and only the linker can inline across
# them. It runs in Release builds only; the sanitizer and debug builds keep their plain links.
if(PKTSCOPE_LTO AND CMAKE_BUILD_TYPE STREQUAL "Release")
  include(CheckIPOSupported)
  check_ipo_supported(RESULT pktscope_lto_supported OUTPUT pktscope_lto_reason LANGUAGES C CXX)
  if(pktscope_lto_supported)
    set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
    # The compiler's warnings of inlined code come at the link: they fail it as at compile time.
    target_link_options(pktscope_flags INTERFACE $<$<BOOL:${PKTSCOPE_WERROR}>:-Werror>)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      # Except GCC 12's buffer-size warnings on std::string's inlined copies: whole-program
      # inlining (more so with the profile) hands them paths that cannot run, e.g. inside the
      # JSON library's exception names (known false positives of GCC 12). They stay errors when
      # compiling, where they see one file's code, and are printed, not fatal, at the link.
      target_link_options(pktscope_flags INTERFACE
        $<$<BOOL:${PKTSCOPE_WERROR}>:-Wno-error=stringop-overflow -Wno-error=restrict>)
    endif()
  else()
    message(STATUS "pktscope: no link-time optimisation: ${pktscope_lto_reason}")
  endif()
endif()

# Profile-guided optimisation (GCC). scripts/build-release.sh builds the library and the CLI
# once instrumented (PKTSCOPE_PGO_GENERATE), runs them on a capture they synthesize, and builds
# again with the profile that run wrote (PKTSCOPE_PGO_USE): branch layout, inlining and loop
# unrolling then follow the paths packets take. Targets link pktscope_pgo to take part.
set(PKTSCOPE_PGO_GENERATE "" CACHE PATH "Instrument the library and CLI; write profiles here")
set(PKTSCOPE_PGO_USE "" CACHE PATH "Optimise the library and CLI with the profiles here")
add_library(pktscope_pgo INTERFACE)
set(pktscope_pgo_mode "") # generate, use, or empty: what this build does
if(PKTSCOPE_PGO_GENERATE AND PKTSCOPE_PGO_USE)
  message(FATAL_ERROR "pktscope: PKTSCOPE_PGO_GENERATE and PKTSCOPE_PGO_USE exclude each other")
endif()
if((PKTSCOPE_PGO_GENERATE OR PKTSCOPE_PGO_USE) AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(WARNING "pktscope: profile-guided optimisation needs GCC; building without it")
elseif(PKTSCOPE_PGO_GENERATE)
  set(pktscope_pgo_mode generate)
  # Profile files are named by object path relative to the build directory, so that one build
  # directory's training serves another's optimised build.
  set(pgo_flags -fprofile-generate=${PKTSCOPE_PGO_GENERATE}
                -fprofile-prefix-path=${CMAKE_BINARY_DIR} -fprofile-update=prefer-atomic)
  target_compile_options(pktscope_pgo INTERFACE ${pgo_flags})
  target_link_options(pktscope_pgo INTERFACE ${pgo_flags})
elseif(PKTSCOPE_PGO_USE)
  set(pktscope_pgo_mode use)
  # -fprofile-partial-training: code the training never ran keeps its usual optimisation
  # instead of being optimised for size. Objects without a profile (a file the training never
  # loaded) build as usual; a function edited since the training loses its profile with a
  # warning instead of failing the build.
  set(pgo_flags -fprofile-use=${PKTSCOPE_PGO_USE} -fprofile-prefix-path=${CMAKE_BINARY_DIR}
                -fprofile-partial-training -Wno-missing-profile -Wno-error=coverage-mismatch)
  target_compile_options(pktscope_pgo INTERFACE ${pgo_flags})
  target_link_options(pktscope_pgo INTERFACE ${pgo_flags})
endif()

if(PKTSCOPE_SANITIZE)
  target_compile_options(pktscope_flags INTERFACE
    -fsanitize=${PKTSCOPE_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(pktscope_flags INTERFACE -fsanitize=${PKTSCOPE_SANITIZE})
  # Sanitizer builds keep PKTSCOPE_ASSERT active even when optimised.
  target_compile_definitions(pktscope_flags INTERFACE PKTSCOPE_CHECKED=1)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
  set(CMAKE_C_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
