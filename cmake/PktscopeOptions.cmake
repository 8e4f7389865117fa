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
  else()
    message(STATUS "pktscope: no link-time optimisation: ${pktscope_lto_reason}")
  endif()
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
