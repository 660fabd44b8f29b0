# Installs the built embargo into a scratch prefix, builds examples/consumer
# against it with find_package(embargo CONFIG REQUIRED), and runs it on the
# installed rules: the path a compliance tool takes.
#   cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK_DIR=... -P consumer_test.cmake
# GENERATOR, MAKE_PROGRAM and CXX_COMPILER, when given, are the embargo
# build's own: the consumer is built with the same tools, since a fresh
# machine has only those (Ninja, no make).
cmake_minimum_required(VERSION 3.21)
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "failed (${code}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f include/embargo/engine.hpp lib/cmake/embargo/embargo-config.cmake share/embargo/rules/un/dprk/regime.yaml
          share/embargo/rules/hs/hs2017.csv bin/embargo)
  if(NOT EXISTS "${prefix}/${f}")
    message(FATAL_ERROR "the install lacks ${f}")
  endif()
endforeach()
# A sanitized embargo (EMBARGO_SANITIZE) needs the sanitizers' runtime in
# whatever links it.
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
  list(APPEND consumer_flags "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=${SANITIZE}")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/consumer" -B "${WORK_DIR}/build"
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release ${consumer_flags})
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/judge_shipment" "${prefix}/share/embargo/rules/un/dprk")
if(NOT last_output MATCHES "^refused: fact \"prupose\" is not declared[^\n]*\\[record.unknown-fact\\]\nprohibited\n.*S/RES/2375\\(2017\\) OP16")
  message(FATAL_ERROR "unexpected verdict from the consumer:\n${last_output}")
endif()
# The same verdict as a JSON Lines row, through the public writer.
if(NOT last_output MATCHES "\n{\"id\":\"fabric-1\",[^\n]*\"verdict\":\"prohibited\",\"regimes\":\\[\"un/dprk\"\\],\"measures\":\\[\"2375/OP16\"\\][^\n]*}\n$")
  message(FATAL_ERROR "no JSON Lines row from the consumer's writer:\n${last_output}")
endif()
# The installed command finds its rules with no flags, from anywhere.
execute_process(COMMAND "${prefix}/bin/embargo" --version WORKING_DIRECTORY "${WORK_DIR}"
                RESULT_VARIABLE code OUTPUT_VARIABLE out)
if(NOT code EQUAL 0 OR NOT out MATCHES "rules un/[a-z, /-]*un/dprk[a-z, /-]* revision")
  message(FATAL_ERROR "the installed command does not find its rules: ${out}")
endif()
message(STATUS "consumer built against the installed package: ${last_output}")
