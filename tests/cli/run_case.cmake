# Runs one golden case of the embargo command and compares what it printed.
#
#   cmake -DEMBARGO=path/to/embargo -DCASE=tests/cli/cases/NAME -DSOURCE_DIR=repo [-DRECORD=ON] -P run_case.cmake
#
# A case is a set of files sharing a name:
#   NAME.cmd   the arguments, one line, shell words (run from SOURCE_DIR)
#   NAME.in    optional: fed to standard input
#   NAME.out   expected standard output
#   NAME.err   expected standard error (optional: absent means not compared)
#   NAME.code  expected exit code (absent means 0)
#   NAME.env   optional: KEY=VALUE lines set for the run
# Files the command writes (-o) are tested in the doctest suite, not here.
# With -DRECORD=ON the files are rewritten from
# this run (review the diff before committing).
cmake_minimum_required(VERSION 3.21)
file(READ "${CASE}.cmd" args)
string(STRIP "${args}" args)
separate_arguments(args UNIX_COMMAND "${args}")
set(input_option)
if(EXISTS "${CASE}.in")
  set(input_option INPUT_FILE "${CASE}.in")
endif()
set(env_prefix)
if(EXISTS "${CASE}.env")
  file(STRINGS "${CASE}.env" env_lines)
  set(env_prefix ${CMAKE_COMMAND} -E env ${env_lines})
else()
  # Golden output must not depend on the caller's environment.
  set(env_prefix ${CMAKE_COMMAND} -E env --unset=EMBARGO_RULES)
endif()
execute_process(
  COMMAND ${env_prefix} "${EMBARGO}" ${args}
  WORKING_DIRECTORY "${SOURCE_DIR}"
  ${input_option}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)

if(RECORD)
  file(WRITE "${CASE}.out" "${out}")
  file(WRITE "${CASE}.err" "${err}")
  if(code EQUAL 0)
    file(REMOVE "${CASE}.code")
  else()
    file(WRITE "${CASE}.code" "${code}\n")
  endif()
  message(STATUS "recorded ${CASE} (exit ${code})")
  return()
endif()

set(expected_code 0)
if(EXISTS "${CASE}.code")
  file(READ "${CASE}.code" expected_code)
  string(STRIP "${expected_code}" expected_code)
endif()
set(failed FALSE)
if(NOT code STREQUAL expected_code)
  message(SEND_ERROR "exit code ${code}, expected ${expected_code}\nstderr:\n${err}")
  set(failed TRUE)
endif()
foreach(stream out err)
  if(NOT EXISTS "${CASE}.${stream}")
    continue()
  endif()
  file(READ "${CASE}.${stream}" expected)
  if(NOT "${${stream}}" STREQUAL "${expected}")
    get_filename_component(name "${CASE}" NAME)
    set(actual_file "${CMAKE_CURRENT_BINARY_DIR}/${name}.actual.${stream}")
    file(WRITE "${actual_file}" "${${stream}}")
    execute_process(COMMAND diff -u "${CASE}.${stream}" "${actual_file}" OUTPUT_VARIABLE d)
    message(SEND_ERROR "std${stream} differs from ${CASE}.${stream}:\n${d}")
    set(failed TRUE)
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "golden case ${CASE} failed; re-record with tests/cli/record-golden if the change is intended")
endif()
