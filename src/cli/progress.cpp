#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "embargo/numbers.hpp"

namespace embargo::cli {

void progress_line::tick(std::uint64_t rows, std::uint64_t bytes) {
    if (!enabled_ || std::max(size_, bytes) < threshold) return;
    const auto now = clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double mb = static_cast<double>(bytes) / 1e6;
    char line[160];
    if (size_ > 0) {
        std::snprintf(line, sizeof line,
                      "\rembargo screen: %s rows, %.0f of %.0f MB (%.0f%%), %.0f MB/s\033[K",
                      number_text(static_cast<double>(rows)).c_str(), mb,
                      static_cast<double>(size_) / 1e6,
                      100.0 * static_cast<double>(bytes) / static_cast<double>(size_),
                      seconds > 0 ? mb / seconds : 0.0);
    } else {
        std::snprintf(line, sizeof line, "\rembargo screen: %s rows, %.0f MB, %.0f MB/s\033[K",
                      number_text(static_cast<double>(rows)).c_str(), mb,
                      seconds > 0 ? mb / seconds : 0.0);
    }
    *err_ << line << std::flush;
    shown_ = true;
}

void progress_line::clear() {
    if (!shown_) return;
    *err_ << "\r\033[K" << std::flush;
    shown_ = false;
}

}  // namespace embargo::cli
