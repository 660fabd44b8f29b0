# Renders `embargo graph` with Graphviz: the DOT output must be valid DOT.
#   cmake -DEMBARGO=path/to/embargo -DWORK_DIR=dir -P render_dot.cmake
# Prints "SKIPPED: ..." (which ctest reports as a skip) when dot is missing.
cmake_minimum_required(VERSION 3.21)
find_program(DOT dot)
if(NOT DOT)
  message("SKIPPED: Graphviz `dot` is not installed (apt-get install graphviz); the DOT output was not rendered")
  return()
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=EMBARGO_RULES "${EMBARGO}" graph
  OUTPUT_FILE "${WORK_DIR}/graph.dot" RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "embargo graph exited ${code}: ${err}")
endif()
execute_process(COMMAND "${DOT}" -Tsvg "${WORK_DIR}/graph.dot" -o "${WORK_DIR}/graph.svg"
  RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "dot -Tsvg failed (exit ${code}): ${err}")
endif()
file(READ "${WORK_DIR}/graph.svg" svg)
if(NOT svg MATCHES "<svg" OR NOT svg MATCHES "2371/OP8")
  message(FATAL_ERROR "dot -Tsvg wrote no SVG with the graph's nodes")
endif()
message(STATUS "rendered ${WORK_DIR}/graph.svg")
