# golden.cmake - run one .trace through the replayer and compare its
# stdout with the .out file next to it (byte for byte).  The replayer's own
# exit status must be 0: every `expect` in the trace held and no check
# failed.  Set UPDATE=1 to rewrite the .out file (then review the diff!).
#   cmake -DREPLAY=<replay> -DTRACE=<file.trace> [-DUPDATE=1] -P golden.cmake
string(REGEX REPLACE "\\.trace$" ".out" expected_file "${TRACE}")
execute_process(COMMAND ${REPLAY} --no-contents ${TRACE}
                OUTPUT_VARIABLE got ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "replay exited ${rc}\n${err}")
endif()
if(UPDATE)
  file(WRITE ${expected_file} "${got}")
  return()
endif()
if(NOT EXISTS ${expected_file})
  message(FATAL_ERROR "no golden output ${expected_file}")
endif()
file(READ ${expected_file} want)
if(NOT got STREQUAL want)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/golden-got.out "${got}")
  execute_process(COMMAND diff -u ${expected_file} ${CMAKE_CURRENT_BINARY_DIR}/golden-got.out
                  OUTPUT_VARIABLE d)
  message(FATAL_ERROR "output differs from ${expected_file}:\n${d}")
endif()
