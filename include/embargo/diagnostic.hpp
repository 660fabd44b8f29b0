#pragma once
// Diagnostics: what went wrong, where, and what was expected.
//
// Every problem embargo reports about its input (a rule file, a record, a
// selector typed on the command line) is a diagnostic with a stable id such as
// `rules.unknown-key` or `hs.bad-length`. Ids are part of the API: tools match on
// them, docs/errors.md lists them, and they never change meaning. The core
// returns diagnostics as values; it does not throw for bad input.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "embargo/export.hpp"

namespace embargo {

enum class severity : std::uint8_t { note, warning, error };

EMBARGO_API std::string_view to_string(severity s) noexcept;

// A place in a source file. Lines and columns count from 1; 0 means unknown.
struct EMBARGO_API source_location {
    std::string file;
    int line = 0;
    int column = 0;
};

struct EMBARGO_API diagnostic {
    std::string id;  // stable, e.g. "yaml.duplicate-key"
    embargo::severity severity = severity::error;
    source_location where;
    std::string message;  // what was found and what was expected
};

// `file:line:col: error: message [id]`, the format compilers use, so that
// editors and CI logs link to the spot.
EMBARGO_API std::string format(const diagnostic& d);

EMBARGO_API bool has_errors(const std::vector<diagnostic>& ds) noexcept;

// An error found by one of the small parsers (HS code, selector, condition,
// date). `offset` counts bytes from the start of the parsed text, so that the
// caller can turn it into a line and column in its own file.
struct EMBARGO_API parse_error {
    std::size_t offset = 0;
    std::string id;
    std::string message;
};

// The value a parser produced, or the error that stopped it. Tiny on purpose:
// std::expected is C++23, and callers only need "did it work, and why not".
template <class T>
class parse_result {
public:
    parse_result(T value) : state_(std::move(value)) {}            // NOLINT: implicit by design
    parse_result(parse_error error) : state_(std::move(error)) {}  // NOLINT

    explicit operator bool() const noexcept { return state_.index() == 0; }
    bool ok() const noexcept { return state_.index() == 0; }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }

    const parse_error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, parse_error> state_;
};

}  // namespace embargo
