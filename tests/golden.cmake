# golden.cmake - run one .trace through the replayer and compare its
# stdout with the .out file next to it (byte for byte).  The replayer's own
# exit status must be 0: every `expect` in the trace held and no check
# failed.  A trace with a <name>.err file next to it must instead be
# refused with exit status 2 and that stderr (the trace's path written as
# its file name), e.g. a `boot` that cannot run.  Set UPDATE=1 to rewrite the .out file (then review the diff!).
# PORT names another port than the default one (the same golden output).
#   cmake -DREPLAY=<replay> -DTRACE=<file.trace> [-DPORT=<name>] [-DUPDATE=1] -P golden.cmake
string(REGEX REPLACE "\\.trace$" ".out" expected_file "${TRACE}")
set(port_args)
if(PORT)
  set(port_args --port ${PORT})
endif()
execute_process(COMMAND ${REPLAY} ${port_args} --no-contents ${TRACE}
                OUTPUT_VARIABLE got ERROR_VARIABLE err RESULT_VARIABLE rc)
string(REGEX REPLACE "\\.trace$" ".err" err_file "${TRACE}")
if(EXISTS ${err_file})
  get_filename_component(trace_name ${TRACE} NAME)
  string(REPLACE "${TRACE}" "${trace_name}" err "${err}")
  file(READ ${err_file} want_err)
  if(NOT rc EQUAL 2 OR NOT err STREQUAL want_err)
    message(FATAL_ERROR "replay exited ${rc} (want 2), stderr:\n${err}\nwant:\n${want_err}")
  endif()
elseif(NOT rc EQUAL 0)
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
