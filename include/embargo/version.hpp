#pragma once
// The version of embargo: macros for the preprocessor, and version() for the
// library a program actually runs with (the two differ when a program built
// against one release's headers loads another's shared library).
//
// The three macros are the one place the number is written: CMakeLists.txt
// reads them for project(VERSION), so the package version, the shared
// library's SOVERSION and `embargo --version` follow. README.md "Stability"
// says what a version number promises while embargo is 0.x.

#include <string_view>

#include "embargo/export.hpp"

#define EMBARGO_VERSION_MAJOR 0
#define EMBARGO_VERSION_MINOR 1
#define EMBARGO_VERSION_PATCH 0

// One number for #if: 10000 * major + 100 * minor + patch (0.1.0 is 100).
#define EMBARGO_VERSION_NUMBER \
    (EMBARGO_VERSION_MAJOR * 10000 + EMBARGO_VERSION_MINOR * 100 + EMBARGO_VERSION_PATCH)

namespace embargo {

// "0.1.0": the version of the library linked in.
EMBARGO_API std::string_view version() noexcept;

}  // namespace embargo
