# pagefuzzConfig.cmake - find_package(pagefuzz): build your allocator's
# port against the pagefuzz harness without editing any pagefuzz file.
#
#   find_package(pagefuzz REQUIRED)      # the install prefix in CMAKE_PREFIX_PATH, or
#                                        # -Dpagefuzz_DIR=<pagefuzz>/fuzz/cmake (a checkout)
#   pagefuzz_add_port(mine SOURCES adapter.c my_alloc.c)
#     -> fuzz_mine (this build's engine) and replay_mine
#
# Cache settings:
#   PAGEFUZZ_ENGINE    none | libfuzzer | afl      (default none: the stdin replayer form)
#   PAGEFUZZ_SANITIZE  ASan + UBSan on everything  (default ON)
#   PAGEFUZZ_JUDGE_ASAN  with an engine: ASan on the fuzz target's judge
#                      too (default OFF: as in the pagefuzz tree, the fuzz
#                      target links a copy of the judge without ASan, UBSan
#                      kept; the replayer's judge keeps ASan)
# Configure one build directory per engine: CC=clang-14 with libfuzzer,
# CC=afl-clang-fast with afl.  Both options are added to the compile
# options of the directory that calls find_package(), so your allocator is
# instrumented and sanitized like the harness.
#
# The harness is compiled here from its sources (oracle/, fuzz/gen,
# fuzz/check, fuzz/policy, fuzz/port) into a static library named pagefuzz_check; it
# holds nothing of the reference allocator (alloc/), so your allocator's
# symbols never meet ours.
include_guard(GLOBAL)
# The harness sources: in a checkout this file is <root>/fuzz/cmake/; installed
# (`cmake --install`) it is <prefix>/share/pagefuzz/cmake/, beside oracle/, fuzz/.
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/../../oracle/oracle.c")
  get_filename_component(PAGEFUZZ_ROOT "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
else()
  get_filename_component(PAGEFUZZ_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
endif()
if(NOT EXISTS "${PAGEFUZZ_ROOT}/oracle/oracle.c")
  message(FATAL_ERROR "pagefuzz: no harness sources found around ${CMAKE_CURRENT_LIST_DIR}")
endif()

set(PAGEFUZZ_ENGINE "none" CACHE STRING "none|libfuzzer|afl")
option(PAGEFUZZ_SANITIZE "ASan + UBSan on the harness and the port" ON)
option(PAGEFUZZ_JUDGE_ASAN "with an engine: ASan on the fuzz target's judge too" OFF)

if(PAGEFUZZ_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
if(NOT PAGEFUZZ_ENGINE STREQUAL "none")
  add_compile_definitions(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION)
endif()
if(PAGEFUZZ_ENGINE STREQUAL "libfuzzer")
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
endif()

# pagefuzz_port_map: what an adapter may call (port_map.c); pagefuzz_gen:
# the input decoder; pagefuzz_check: the judge.  As in the pagefuzz tree,
# none of them is coverage-instrumented (their branches say nothing about
# the allocator), and with an engine and sanitizers the fuzz target links
# pagefuzz_check_fast, the judge without ASan (PAGEFUZZ_JUDGE_ASAN).
function(pagefuzz_harness_lib name)
  add_library(${name} STATIC ${ARGN})
  target_include_directories(${name} PUBLIC ${PAGEFUZZ_ROOT} ${PAGEFUZZ_ROOT}/fuzz/port
                             ${PAGEFUZZ_ROOT}/fuzz/port/include ${PAGEFUZZ_ROOT}/fuzz/gen)
  target_compile_definitions(${name} PUBLIC _GNU_SOURCE)
  set_target_properties(${name} PROPERTIES C_STANDARD 11)
  if(PAGEFUZZ_ENGINE STREQUAL "libfuzzer")
    target_compile_options(${name} PRIVATE -fno-sanitize=fuzzer-no-link)
  endif()
endfunction()
if(NOT TARGET pagefuzz_check)
  file(GLOB pf_gen_srcs ${PAGEFUZZ_ROOT}/fuzz/gen/*.c)
  file(GLOB pf_check_srcs ${PAGEFUZZ_ROOT}/fuzz/check/*.c)
  file(GLOB pf_policy_srcs ${PAGEFUZZ_ROOT}/fuzz/policy/*.c)
  file(GLOB pf_oracle_srcs ${PAGEFUZZ_ROOT}/oracle/*.c)
  set(pf_judge_srcs ${pf_oracle_srcs} ${pf_check_srcs} ${pf_policy_srcs}
      ${PAGEFUZZ_ROOT}/fuzz/port/port_check.c ${PAGEFUZZ_ROOT}/fuzz/port/port_registry.c)
  pagefuzz_harness_lib(pagefuzz_port_map ${PAGEFUZZ_ROOT}/fuzz/port/port_map.c)
  pagefuzz_harness_lib(pagefuzz_gen ${pf_gen_srcs})
  pagefuzz_harness_lib(pagefuzz_check ${pf_judge_srcs})
  target_link_libraries(pagefuzz_check PUBLIC pagefuzz_gen pagefuzz_port_map)
  set(PAGEFUZZ_FUZZ_HARNESS_LIBS pagefuzz_check)
  if(PAGEFUZZ_SANITIZE AND NOT PAGEFUZZ_JUDGE_ASAN AND NOT PAGEFUZZ_ENGINE STREQUAL "none")
    pagefuzz_harness_lib(pagefuzz_check_fast ${pf_judge_srcs})
    target_link_libraries(pagefuzz_check_fast PUBLIC pagefuzz_gen pagefuzz_port_map)
    target_compile_options(pagefuzz_check_fast PRIVATE -fno-sanitize=address)
    # content.c poisons freed page memory through ASan's interface: it keeps ASan
    set_property(SOURCE ${PAGEFUZZ_ROOT}/fuzz/check/content.c APPEND PROPERTY
                 COMPILE_OPTIONS -fsanitize=address)
    set(PAGEFUZZ_FUZZ_HARNESS_LIBS pagefuzz_check_fast)
  endif()
endif()

set(PAGEFUZZ_HARNESS_LIBS pagefuzz_check)
set(PAGEFUZZ_PORT_LIBS pagefuzz_port_map)
include(${CMAKE_CURRENT_LIST_DIR}/pagefuzzPorts.cmake)
set(pagefuzz_FOUND TRUE)
