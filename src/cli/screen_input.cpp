#include "screen_input.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <ios>
#include <streambuf>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace embargo::cli {

namespace {

// Appended piece by piece: `"literal" + std::string` trips GCC 12's false
// -Wrestrict at -O2 (GCC bug 105651), and warnings are errors in CI.
template <class... Parts>
std::string joined(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

}  // namespace

namespace {

std::string errno_text(int e) {
    return std::strerror(e);
}

}  // namespace

// Reads a descriptor in 256 KiB chunks.
class screen_input::buffer final : public std::streambuf {
public:
    buffer(int fd, bool owns, std::string name) : fd_(fd), owns_(owns), name_(std::move(name)) {
        data_.resize(std::size_t{1} << 18U);
    }
    ~buffer() override {
        if (owns_) ::close(fd_);
    }
    buffer(const buffer&) = delete;
    buffer& operator=(const buffer&) = delete;

    const std::string& read_error() const noexcept { return read_error_; }

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
            throw std::ios_base::failure(joined("cannot read ", name_, ": ", read_error_));
        }
        if (n == 0) return traits_type::eof();
        setg(data_.data(), data_.data(), data_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    int fd_;
    bool owns_;
    std::string name_;
    std::vector<char> data_;
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
            error = joined("cannot read ", path, ": ", errno_text(errno));
            return nullptr;
        }
    }
    const std::string name = standard ? std::string("standard input") : path;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = joined("cannot read ", name, ": ", errno_text(errno));
        if (!standard) ::close(fd);
        return nullptr;
    }
    if (S_ISDIR(st.st_mode)) {
        error = joined("cannot read ", name, ": it is a directory");
        if (!standard) ::close(fd);
        return nullptr;
    }
    std::unique_ptr<screen_input> in(new screen_input());
    in->name_ = name;
    in->buffer_ = std::make_unique<buffer>(fd, !standard, in->name_);
    if (S_ISREG(st.st_mode) && !standard) in->size_ = static_cast<std::uint64_t>(st.st_size);
    in->stream_.rdbuf(in->buffer_.get());
    return in;
}

const std::string& screen_input::read_error() const noexcept {
    return buffer_->read_error();
}

}  // namespace embargo::cli
