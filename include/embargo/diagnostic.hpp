#pragma once
// Diagnostics: what went wrong, where, and what was expected.
//
// Every problem embargo reports about its input (a rule file, a record, a
// selector typed on the command line) is a diagnostic with a stable id such as
// `rules.unknown-key` or `hs.bad-length`. Ids are part of the API: tools match on
// them, docs/errors.md lists them, and they never change meaning. The core
// returns diagnostics as values, in a result<T>; it does not throw for bad
// input.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/export.hpp"

namespace embargo {

enum class severity : std::uint8_t { note, warning, error };

EMBARGO_API std::string_view to_string(severity s) noexcept;

// Where a diagnostic points. In a file: `file`, `line` and `column`, counted
// from 1 (0 means unknown). The small parsers (HS code, date, period, number,
// country, selector, condition) see only a string: they set `offset`, the
// byte of that string where the problem starts, and leave the rest empty;
// the caller that took the string from a file turns it into line and column.
struct EMBARGO_API source_location {
    std::string file;
    int line = 0;
    int column = 0;
    std::size_t offset = 0;
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

// An error of a small parser: `offset` bytes into the text it was given.
EMBARGO_API diagnostic text_error(std::size_t offset, std::string id, std::string message);

// Thrown by result::value() when the result holds no value: asking for it
// is a bug in the caller, which should have tested ok() first.
class EMBARGO_API bad_result_access : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

namespace detail {
[[noreturn]] EMBARGO_API void throw_bad_result_access(const std::vector<diagnostic>& ds);
}

// What every call that can fail on its input returns: the value, or the
// diagnostics that say why there is none. A result with a value may still
// carry warnings (a rule set that loaded with a `rules.unused-fact`, say),
// and a reader of many items that keeps what it can (read_shipments) the
// errors of the items it left out; one without a value always holds at
// least one error. Not std::expected: that is C++23, and it holds one error
// where a rule set can have forty. docs/api.md has the conventions.
template <class T>
class [[nodiscard]] result {
public:
    result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    result(T value, std::vector<diagnostic> warnings)
        : value_(std::move(value)), diagnostics_(std::move(warnings)) {}
    result(diagnostic error) { diagnostics_.push_back(std::move(error)); }  // NOLINT
    // A failure: `errors` holds at least one error (std::invalid_argument if not).
    explicit result(std::vector<diagnostic> errors) : diagnostics_(std::move(errors)) {
        if (!has_errors(diagnostics_))
            throw std::invalid_argument("embargo::result: a failure needs an error");
    }

    bool ok() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return ok(); }

    // The value; bad_result_access when there is none.
    T& value() & {
        require_value();
        return *value_;
    }
    const T& value() const& {
        require_value();
        return *value_;
    }
    T&& value() && {
        require_value();
        return std::move(*value_);
    }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    // Errors when !ok(); warnings (if any) when ok().
    const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }
    std::vector<diagnostic> take_diagnostics() && { return std::move(diagnostics_); }
    // The first error, for callers of the small parsers that report one;
    // bad_result_access when ok().
    const diagnostic& error() const {
        if (ok()) detail::throw_bad_result_access({});
        return diagnostics_.front();
    }

private:
    void require_value() const {
        if (!value_) detail::throw_bad_result_access(diagnostics_);
    }

    std::optional<T> value_;
    std::vector<diagnostic> diagnostics_;
};

// For calls that produce nothing but can fail (opening a ledger window).
template <>
class [[nodiscard]] result<void> {
public:
    result() = default;
    result(diagnostic error) { diagnostics_.push_back(std::move(error)); }  // NOLINT
    explicit result(std::vector<diagnostic> errors) : diagnostics_(std::move(errors)) {
        if (!has_errors(diagnostics_))
            throw std::invalid_argument("embargo::result: a failure needs an error");
    }

    bool ok() const noexcept { return !has_errors(diagnostics_); }
    explicit operator bool() const noexcept { return ok(); }
    const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }
    // The first error; bad_result_access when ok().
    const diagnostic& error() const {
        if (ok()) detail::throw_bad_result_access({});
        return diagnostics_.front();
    }

private:
    std::vector<diagnostic> diagnostics_;
};

}  // namespace embargo
