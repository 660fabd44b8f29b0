# Builds examples/consumer-subdir, which adds the embargo source tree with
# add_subdirectory and links embargo::embargo, and runs it on the source
# tree's rules: the path a tool that vendors embargo takes.
#   cmake -DSOURCE_DIR=... -DWORK_DIR=... -P subdir_consumer_test.cmake
# GENERATOR, MAKE_PROGRAM and CXX_COMPILER, when given, are the embargo
# build's own (as in consumer_test.cmake); the library is built again here,
# two jobs at a time.
cmake_minimum_required(VERSION 3.21)
file(REMOVE_RECURSE "${WORK_DIR}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(consumer_flags)
if(GENERATOR)
  list(APPEND consumer_flags -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
  list(APPEND consumer_flags "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX_COMPILER)
  list(APPEND consumer_flags "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}")
endif()
if(SANITIZE)
  list(APPEND consumer_flags "-DEMBARGO_SANITIZE=${SANITIZE}")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/consumer-subdir" -B "${WORK_DIR}/build"
    -DEMBARGO_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_BUILD_TYPE=Release ${consumer_flags})
foreach(target embargo_cli embargo_tests)
  if(EXISTS "${WORK_DIR}/build/embargo/CMakeFiles/${target}.dir")
    message(FATAL_ERROR "embargo as a subdirectory configured ${target}; it should build only the library")
  endif()
endforeach()
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build" --parallel 2)
run("${WORK_DIR}/build/judge_shipment" "${SOURCE_DIR}/rules/un/dprk")
if(NOT last_output MATCHES "^refused: [^\n]*\\[record.unknown-fact\\]\nprohibited\n.*S/RES/2375\\(2017\\) OP16"
   OR NOT last_output MATCHES "\n{\"id\":\"fabric-1\",[^\n]*\"verdict\":\"prohibited\"[^\n]*}\n$")
  message(FATAL_ERROR "unexpected output from the subdirectory consumer:\n${last_output}")
endif()
message(STATUS "consumer built with embargo as a subdirectory: ${last_output}")
