#include "screen_input.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <ios>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace embargo::cli {

namespace {

// Built by appending: `"literal" + std::string` trips GCC 12's false
// -Wrestrict at -O2 (GCC bug 105651).
template <class... Parts>
std::string text(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

std::string errno_text(int e) {
    return std::strerror(e);
}

// An unnamed temporary file: O_TMPFILE where the file system has it, else a
// named one unlinked at once. -1 with `error` set when neither works.
int open_spool(std::string& error) {
    const char* env = std::getenv("TMPDIR");
    std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
#ifdef O_TMPFILE
    if (const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600); fd >= 0)
        return fd;
#endif
    std::string name = dir;
    name += "/.embargo-spool-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) {
        error = "cannot create a temporary file in ";
        error += dir;
        error += ": ";
        error += errno_text(errno);
        return -1;
    }
    ::unlink(name.c_str());
    return fd;
}

}  // namespace

// Reads a descriptor in 256 KiB chunks and, while spooling, copies each
// chunk to the spool.
class screen_input::buffer final : public std::streambuf {
public:
    buffer(int fd, bool owns, std::string name) : fd_(fd), owns_(owns), name_(std::move(name)) {
        data_.resize(std::size_t{1} << 18U);
    }
    ~buffer() override {
        if (owns_) ::close(fd_);
        if (spool_ >= 0) ::close(spool_);
    }
    buffer(const buffer&) = delete;
    buffer& operator=(const buffer&) = delete;

    // Where rewind() goes back to on a seekable input.
    bool seekable = false;
    off_t origin = 0;

    void start_spool() {
        spool_ = open_spool(spool_error_);
        spooling_ = spool_ >= 0;
    }

    const std::string& read_error() const noexcept { return read_error_; }

    bool rewind(std::string& error) {
        if (seekable) {
            if (::lseek(fd_, origin, SEEK_SET) < 0) {
                error = text("cannot read ", name_, " again: ", errno_text(errno));
                return false;
            }
            reset();
            return true;
        }
        if (spool_ < 0 && spool_error_.empty()) {
            error = text(name_, " can be read only once");
            return false;
        }
        // Whatever the first pass left unread belongs to the input too.
        try {
            while (underflow() != traits_type::eof()) setg(eback(), egptr(), egptr());
        } catch (const std::ios_base::failure&) {
            error = text("cannot read ", name_, ": ", read_error_);
            return false;
        }
        if (!spool_error_.empty()) {
            error = text("cannot keep ", name_, " for a second reading: ", spool_error_,
                         " (set TMPDIR to a directory with room for a copy of it, or screen a "
                         "file)");
            return false;
        }
        if (owns_) ::close(fd_);
        fd_ = spool_;
        owns_ = true;
        spool_ = -1;
        spooling_ = false;
        if (::lseek(fd_, 0, SEEK_SET) < 0) {
            error =
                text("cannot read ", name_, " again from its temporary copy: ", errno_text(errno));
            return false;
        }
        name_ += " (its temporary copy)";
        reset();
        return true;
    }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        ssize_t n = 0;
        do n = ::read(fd_, data_.data(), data_.size());
        while (n < 0 && errno == EINTR);
        if (n < 0) {
            read_error_ = errno_text(errno);
            // The istream turns this into badbit; the record readers report
            // badbit as a read error (csv.io, jsonl.io).
            throw std::ios_base::failure(text("cannot read ", name_, ": ", read_error_));
        }
        if (n == 0) return traits_type::eof();
        if (spooling_) copy_to_spool(static_cast<std::size_t>(n));
        setg(data_.data(), data_.data(), data_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    void reset() {
        setg(data_.data(), data_.data(), data_.data());
        read_error_.clear();
    }

    void copy_to_spool(std::size_t n) {
        const char* p = data_.data();
        while (n > 0) {
            const ssize_t w = ::write(spool_, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                // The first pass goes on; only a second pass needs the spool.
                spool_error_ = errno_text(w < 0 ? errno : ENOSPC);
                spooling_ = false;
                return;
            }
            p += w;
            n -= static_cast<std::size_t>(w);
        }
    }

    int fd_;
    bool owns_;
    std::string name_;
    std::vector<char> data_;
    int spool_ = -1;
    bool spooling_ = false;
    std::string spool_error_;
    std::string read_error_;
};

screen_input::screen_input() : stream_(nullptr) {}

screen_input::~screen_input() = default;

std::unique_ptr<screen_input> screen_input::open(const std::string& path, std::string& error) {
    const bool standard = path == "-";
    int fd = STDIN_FILENO;
    if (!standard) {
        do fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            error = text("cannot read ", path, ": ", errno_text(errno));
            return nullptr;
        }
    }
    const std::string name = standard ? std::string("standard input") : path;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = text("cannot read ", name, ": ", errno_text(errno));
        if (!standard) ::close(fd);
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        error = text("cannot read ", name, ": it is a directory");
        if (!standard) ::close(fd);
        return nullptr;
    }
    std::unique_ptr<screen_input> in(new screen_input());
    in->name_ = name;
    in->buffer_ = std::make_unique<buffer>(fd, !standard, in->name_);
    if (S_ISREG(st.st_mode)) {
        // Standard input redirected from a file is read again like a file,
        // from where it started.
        const off_t at = ::lseek(fd, 0, SEEK_CUR);
        if (at >= 0) {
            in->buffer_->seekable = true;
            in->buffer_->origin = at;
            if (!standard) in->size_ = static_cast<std::uint64_t>(st.st_size);
        }
    }
    in->stream_.rdbuf(in->buffer_.get());
    return in;
}

void screen_input::keep_for_rewind() {
    if (!buffer_->seekable) buffer_->start_spool();
}

const std::string& screen_input::read_error() const noexcept {
    return buffer_->read_error();
}

bool screen_input::rewind(std::string& error) {
    if (!buffer_->rewind(error)) return false;
    stream_.clear();
    return true;
}

}  // namespace embargo::cli
