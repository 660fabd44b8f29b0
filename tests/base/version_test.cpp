// The version: the macros, the library's version() and the CMake project's
// version are one number.

#include <string>

#include <doctest/doctest.h>

#include "embargo/embargo.hpp"

TEST_CASE("the library reports the version its headers and its CMake project name") {
    const std::string from_macros = std::to_string(EMBARGO_VERSION_MAJOR) + "." +
                                    std::to_string(EMBARGO_VERSION_MINOR) + "." +
                                    std::to_string(EMBARGO_VERSION_PATCH);
    CHECK(embargo::version() == from_macros);
    CHECK(embargo::version() == EMBARGO_PROJECT_VERSION);
    CHECK(EMBARGO_VERSION_NUMBER ==
          EMBARGO_VERSION_MAJOR * 10000 + EMBARGO_VERSION_MINOR * 100 + EMBARGO_VERSION_PATCH);
}
