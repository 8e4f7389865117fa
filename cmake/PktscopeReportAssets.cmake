# The HTML report's front end, embedded into the CLI at build time:
#  1. `npm ci` installs report/package-lock.json (Apache ECharts; playwright-core for the
#     browser test) into <build>/report/node_modules;
#  2. report/tools/embed_assets.cpp turns echarts.min.js and report/src/* into a C++ source.
# pktscope_report_assets(TARGET) adds that source to TARGET.

find_program(PKTSCOPE_NPM npm REQUIRED)

function(pktscope_report_assets target)
  set(src ${PROJECT_SOURCE_DIR}/report)
  set(npm_dir ${PROJECT_BINARY_DIR}/report)
  set(stamp ${npm_dir}/node_modules/.package-lock.json)
  set(echarts ${npm_dir}/node_modules/echarts/dist/echarts.min.js)
  add_custom_command(
    OUTPUT ${stamp} ${echarts}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${npm_dir}
    COMMAND ${CMAKE_COMMAND} -E copy_if_different ${src}/package.json ${src}/package-lock.json
            ${npm_dir}
    COMMAND ${PKTSCOPE_NPM} ci --no-audit --no-fund --loglevel=error
    COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
    WORKING_DIRECTORY ${npm_dir}
    DEPENDS ${src}/package.json ${src}/package-lock.json
    COMMENT "npm ci: report front-end packages"
    VERBATIM)
  add_custom_target(pktscope_report_npm DEPENDS ${stamp})

  add_executable(pktscope_embed_assets ${src}/tools/embed_assets.cpp)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/report_assets.cpp)
  set(files echarts_js=${echarts} report_js=${src}/src/report.js
            report_css=${src}/src/report.css report_html=${src}/src/report.html)
  add_custom_command(
    OUTPUT ${out}
    COMMAND pktscope_embed_assets ${out} ${files}
    DEPENDS pktscope_embed_assets ${stamp} ${echarts} ${src}/src/report.js
            ${src}/src/report.css ${src}/src/report.html
    COMMENT "Embedding the report's front-end files"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
  if(pktscope_pgo_mode STREQUAL "use")
    # Generated in each build directory: the training build's copy has another path, so its
    # profile does not match this one's source locations. It has no hot code; no profile.
    set_source_files_properties(${out} TARGET_DIRECTORY ${target} PROPERTIES COMPILE_OPTIONS
                                -fno-profile-use)
  endif()
endfunction()
