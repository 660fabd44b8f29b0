#pragma once
// Whole files in and out, for tests: bytes as they are, no line ending
// translation.

#include <string>

namespace embargo::testing {

// The file's bytes; empty when it cannot be read.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

}  // namespace embargo::testing
