#include "base/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace embargo::detail {
namespace {

std::string hex_byte(unsigned char b) {
    static constexpr std::array<char, 16> hex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                 '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    return {'\\', 'x', hex[b >> 4U], hex[b & 15U]};
}

}  // namespace

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_upper(c);
    return out;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return ascii_lower(x) == ascii_lower(y);
           });
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string quoted(std::string_view text) {
    std::string out = "\"";
    out += text;
    out += '"';
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t bound) {
    const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
    if (gap > bound) return bound + 1;
    const auto same = [](char x, char y) { return ascii_lower(x) == ascii_lower(y); };
    // Three rows of the table: names are short.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = previous[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
            if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

std::vector<std::string_view> near_names(std::string_view name,
                                         const std::vector<std::string_view>& candidates,
                                         std::size_t max_distance, std::size_t max_count) {
    std::vector<std::pair<std::size_t, std::string_view>> scored;
    for (std::string_view c : candidates) {
        const std::size_t d = edit_distance(name, c, max_distance);
        if (d <= max_distance) scored.emplace_back(d, c);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string_view> out;
    for (std::size_t i = 0; i < scored.size() && i < max_count; ++i)
        out.push_back(scored[i].second);
    return out;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
        cp = lead & 0x1FU;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        cp = lead & 0x0FU;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        cp = lead & 0x07U;
    } else
        return 0;
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const unsigned char c = byte(i + k);
        if ((c & 0xC0U) != 0x80U) return 0;
        cp = (cp << 6U) | (c & 0x3FU);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return n;
}

std::string quote_for_message(std::string_view text, std::size_t max_bytes) {
    std::string out = "\"";
    std::size_t i = 0;
    while (i < text.size()) {
        if (i >= max_bytes) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7F) {
            out += hex_byte(c);
            ++i;
            continue;
        }
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) {
            out += hex_byte(c);
            ++i;
            continue;
        }
        out.append(text.substr(i, n));
        i += n;
    }
    out += '"';
    return out;
}

std::string describe_char_at(std::string_view text, std::size_t i) {
    if (i >= text.size()) return "end of text";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == ' ') return "a space";
    const std::size_t n = c < 0x20 || c == 0x7F ? 0 : utf8_sequence_length(text, i);
    std::string out;
    if (n == 0) {
        out = "byte 0";
        out += hex_byte(c).substr(1);
    } else {
        out = "'";
        out += text.substr(i, n);
        out += '\'';
    }
    return out;
}

std::string xml_escaped(std::string_view text, bool attribute) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) {
            const std::size_t n = detail::utf8_sequence_length(text, i);
            if (n == 0) {
                out += "\xEF\xBF\xBD";
                ++i;
            } else {
                out.append(text.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += attribute ? "&quot;" : "\"";
                break;
            case '\'':
                out += attribute ? "&apos;" : "'";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                out += u < 0x20 || u == 0x7F ? std::string("\xEF\xBF\xBD") : std::string(1, c);
        }
        ++i;
    }
    return out;
}

}  // namespace embargo::detail
