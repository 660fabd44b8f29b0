#include "embargo/diagnostic.hpp"

#include <algorithm>

namespace embargo {

std::string_view to_string(severity s) noexcept {
    switch (s) {
        case severity::note:
            return "note";
        case severity::warning:
            return "warning";
        case severity::error:
            return "error";
    }
    return "error";
}

std::string format(const diagnostic& d) {
    std::string out;
    if (!d.where.file.empty()) {
        out += d.where.file;
        if (d.where.line > 0) {
            out += ':' + std::to_string(d.where.line);
            if (d.where.column > 0) out += ':' + std::to_string(d.where.column);
        }
        out += ": ";
    }
    out += to_string(d.severity);
    out += ": ";
    out += d.message;
    if (!d.id.empty()) out += " [" + d.id + "]";
    return out;
}

bool has_errors(const std::vector<diagnostic>& ds) noexcept {
    return std::any_of(ds.begin(), ds.end(),
                       [](const diagnostic& d) { return d.severity == severity::error; });
}

diagnostic text_error(std::size_t offset, std::string id, std::string message) {
    diagnostic d;
    d.id = std::move(id);
    d.where.offset = offset;
    d.message = std::move(message);
    return d;
}

namespace detail {
void throw_bad_result_access(const std::vector<diagnostic>& ds) {
    // Empty `ds`: error() asked of a result that holds a value.
    if (ds.empty()) throw bad_result_access("embargo::result holds a value, not an error");
    throw bad_result_access("embargo::result has no value: " + format(ds.front()));
}
}  // namespace detail

}  // namespace embargo
