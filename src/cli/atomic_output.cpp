#include "atomic_output.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace embargo::cli {

namespace {

// The temporary file a signal handler must remove. A fixed buffer: the
// handler may only call async-signal-safe functions (unlink, raise).
char pending_temp[4096] = {};
volatile std::sig_atomic_t have_pending = 0;

extern "C" void remove_pending_and_reraise(int sig) {
    if (have_pending != 0) ::unlink(pending_temp);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void track(const std::string& temp) {
    if (temp.size() >= sizeof pending_temp)
        return;  // too long to track; destruction still removes it
    std::memcpy(pending_temp, temp.c_str(), temp.size() + 1);
    have_pending = 1;
    static bool installed = false;
    if (!installed) {
        installed = true;
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_pending_and_reraise);
    }
}

void untrack() {
    have_pending = 0;
}

std::string errno_text(int e) {
    return std::strerror(e);
}

}  // namespace

std::unique_ptr<output_sink> output_sink::open(const std::string& path, std::string& error) {
    std::unique_ptr<output_sink> out(new output_sink());
    out->buffer().reserve(flush_size + (flush_size >> 2U));
    if (path.empty() || path == "-") {
        out->path_.push_back('-');  // not `= "-"`: GCC 12 false -Wrestrict at -O2
        out->fd_ = STDOUT_FILENO;
        return out;
    }
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(path);
    if (fs::is_directory(target, ec)) {
        // Appended piecewise: `"literal" + std::string` trips GCC 12's false
        // -Wrestrict at -O2 (GCC bug 105651).
        error = "cannot write ";
        error += path;
        error += ": it is a directory";
        return nullptr;
    }
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string temp_name = ".";
    temp_name += target.filename().string();
    temp_name += ".embargo-XXXXXX";
    std::string temp = (dir / temp_name).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) {
        error =
            "cannot create a file in " + dir.string() + " for " + path + ": " + errno_text(errno);
        return nullptr;
    }
    // mkstemp makes the file 0600; give it the mode the target has, or the
    // one a new file would get.
    struct stat st {};
    mode_t mode = 0;
    if (::stat(path.c_str(), &st) == 0) {
        mode = st.st_mode & 07777;
    } else {
        const mode_t mask = ::umask(0);
        ::umask(mask);
        mode = 0666 & ~mask;
    }
    ::fchmod(fd, mode);
    out->path_ = path;
    out->temp_path_ = temp;
    out->fd_ = fd;
    out->owns_fd_ = true;
    track(temp);
    return out;
}

output_sink::~output_sink() {
    if (!done_) discard();
}

void output_sink::fail(std::string what) {
    if (failed_) return;
    failed_ = true;
    error_ = std::move(what);
}

void output_sink::flush() {
    if (failed_) {
        buffer().clear();
        return;
    }
    const char* p = buffer().data();
    std::size_t left = buffer().size();
    while (left > 0) {
        const ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("cannot write " + (temp_path_.empty() ? std::string("standard output") : path_) +
                 ": " + errno_text(errno));
            break;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    buffer().clear();
}

bool output_sink::commit() {
    if (done_) return !failed_;
    flush();
    done_ = true;
    if (!owns_fd_) return !failed_;
    if (!failed_ && ::fsync(fd_) != 0 && errno != EINVAL)
        fail("cannot write " + path_ + ": " + errno_text(errno));
    if (::close(fd_) != 0 && !failed_) fail("cannot write " + path_ + ": " + errno_text(errno));
    fd_ = -1;
    if (!failed_ && std::rename(temp_path_.c_str(), path_.c_str()) != 0)
        fail("cannot replace " + path_ + ": " + errno_text(errno));
    if (failed_) ::unlink(temp_path_.c_str());
    untrack();
    return !failed_;
}

void output_sink::discard() {
    if (done_) return;
    done_ = true;
    buffer().clear();
    if (!owns_fd_) return;
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_path_.c_str());
    untrack();
}

}  // namespace embargo::cli
