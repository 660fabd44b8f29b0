# The command includes only public headers (embargo/...) and its own: what
# it prints, a library user can produce (docs/layout.md). The command's
# target has no src/ on its include path, so `#include "io/csv.hpp"` does
# not compile; this also catches a relative path out of src/cli.
#   cmake -DCLI_DIR=src/cli -P public_headers_only.cmake
file(GLOB files "${CLI_DIR}/*.cpp" "${CLI_DIR}/*.hpp")
set(bad)
foreach(f ${files})
  file(STRINGS "${f}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line ${includes})
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" header "${line}")
    if(header MATCHES "^embargo/[a-z_]+\\.hpp$")
      continue()
    endif()
    if(header MATCHES "^[a-z_]+\\.hpp$" AND EXISTS "${CLI_DIR}/${header}")
      continue()
    endif()
    get_filename_component(name "${f}" NAME)
    list(APPEND bad "${name}: ${header}")
  endforeach()
endforeach()
if(bad)
  list(JOIN bad "\n  " text)
  message(FATAL_ERROR "src/cli includes headers that are neither public nor its own:\n  ${text}")
endif()
