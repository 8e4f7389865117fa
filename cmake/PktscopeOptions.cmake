# Compiler flags shared by every target of the project.
add_library(pktscope_flags INTERFACE)
target_compile_options(pktscope_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow
  $<$<BOOL:${PKTSCOPE_WERROR}>:-Werror>)

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
