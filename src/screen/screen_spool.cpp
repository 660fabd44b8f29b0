#include "screen/screen_spool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "base/concat.hpp"

namespace embargo::detail {

namespace {

// O_TMPFILE where the file system has it, else a named file unlinked at
// once. -1 with `error` set when neither works.
int open_unnamed(std::string& error) {
    const char* env = std::getenv("TMPDIR");
    const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
#ifdef O_TMPFILE
    if (const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); fd >= 0)
        return fd;
#endif
    std::string name = dir;
    name += "/.embargo-spool-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        error = concat("cannot create a temporary file in ", dir, ": ", std::strerror(errno));
        return -1;
    }
    ::unlink(name.c_str());
    return fd;
}

}  // namespace

spool_file::~spool_file() {
    if (fd_ >= 0) ::close(fd_);
}

bool spool_file::open() {
    fd_ = open_unnamed(error_);
    return fd_ >= 0;
}

void spool_file::flush() {
    const char* p = buffer_.data();
    std::size_t n = buffer_.size();
    while (n > 0 && error_.empty()) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            error_ =
                concat("cannot write a temporary file: ", std::strerror(w < 0 ? errno : ENOSPC));
            break;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    written_ += buffer_.size();
    buffer_.clear();
}

bool spool_file::read_back(const std::function<void(std::string_view)>& take) {
    flush();
    if (!error_.empty()) return false;
    if (::lseek(fd_, 0, SEEK_SET) < 0) {
        error_ = concat("cannot read a temporary file again: ", std::strerror(errno));
        return false;
    }
    std::string chunk(flush_size, '\0');
    for (;;) {
        const ssize_t n = ::read(fd_, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error_ = concat("cannot read a temporary file again: ", std::strerror(errno));
            return false;
        }
        if (n == 0) return true;
        take(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    }
}

bool row_spool::start() {
    active_ = rows_.open();
    return active_;
}

bool row_spool::replay_rows(output_buffer& out,
                            const std::function<void(std::size_t, std::string&)>& fill) {
    std::uint64_t at = 0;  // offset of the piece in the spool
    std::size_t next = 0;  // the next hole
    const bool read = rows_.read_back([&](std::string_view piece) {
        while (next < holes_.size() && holes_[next] <= at + piece.size()) {
            const auto n = static_cast<std::size_t>(holes_[next] - at);
            out.write(piece.substr(0, n));
            fill(next++, out.buffer());
            out.maybe_flush();
            piece.remove_prefix(n);
            at += n;
        }
        out.write(piece);
        at += piece.size();
    });
    if (!read) return false;
    while (next < holes_.size()) {  // only when the spool is empty
        fill(next++, out.buffer());
        out.maybe_flush();
    }
    return true;
}

}  // namespace embargo::detail
