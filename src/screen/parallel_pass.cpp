// The screen pass on several threads (screen_pass.hpp): the same rows,
// diagnostics, counts and hook calls as screen_pass, in the same order.
//
// The calling thread cuts the input into chunks after a line break (about
// reader.chunk_size bytes each), counting line breaks so that each chunk
// knows the line it starts on. Workers read, judge and format whole chunks,
// each with its own reader (the same header mapping) and its own clone of
// the writer. The calling thread then takes the chunks back in input order:
// it replays their diagnostics, calls the hook for the rows it may hold
// (the cap ledger must see them in order), fills their verdict columns or
// leaves a hole in the spool, and copies the formatted bytes out.
//
// A worker reads its chunk as if a record started at the chunk's first
// byte, which is false when a quoted cell holds a line break that the cut
// fell on (or a row is longer than a chunk). The chunk before tells: when
// its reader stopped inside a record, or skipping to a line break after an
// error, or on another line than the next chunk assumed, the calling thread
// reads that tail and the next chunk again itself, on from where the reader
// stopped, and the workers' reading of that chunk is dropped. The tail is
// bounded by max_line_length, like the stream reader's buffer.
//
// Memory: at most `2 x threads + 2` chunks are in flight, each its input
// bytes, its formatted rows and a copy of the rows the hook may hold.

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <istream>
#include <memory>
#include <mutex>
#include <thread>

#include "io/chunk_reader.hpp"
#include "io/csv.hpp"
#include "screen/screen_pass.hpp"

namespace embargo::detail {

namespace {

// A row a worker judged and the hook may hold: its verdict columns wait
// for the calling thread.
struct pending_row {
    std::size_t start = 0;     // in chunk::out, where the row starts
    std::size_t offset = 0;    // and where its verdict columns go
    std::uint64_t row = 0;     // rows of the chunk before it
    std::uint64_t judged = 0;  // judged rows of the chunk before it
    int line = 0;
    trade_record record;
    verdict result;
};

// A diagnostic and the number of rows of its chunk read before it, to
// replay it at its place among the hook's calls.
struct row_diagnostic {
    std::uint64_t row = 0;
    diagnostic what;
};

// Where a reading of a chunk stopped (csv_chunk_reader::stopped_at).
struct chunk_end {
    std::size_t tail = 0;  // the unfinished record's offset in what was read
    int line = 0;
    bool resync = false;
};

struct chunk {
    // In: bytes from a line start (or the end of a block), the line there.
    std::string bytes;
    int first_line = 0;
    bool final = false;
    // Out.
    std::string out;                   // formatted rows, pending ones without verdict columns
    std::vector<pending_row> pending;  // [0, pending_count) are this reading's
    std::size_t pending_count = 0;
    std::vector<row_diagnostic> diagnostics;
    screen_stats stats;
    chunk_end end;
    std::exception_ptr failure;
    bool done = false;
};

using hold_filter = std::function<bool(const verdict&)>;

// What one thread needs to read, judge and format chunks.
class chunk_worker {
public:
    chunk_worker(const engine& judge, const screen_options& options, std::string_view header,
                 record_writer* writer, const hold_filter& may_hold)
        : judge_(judge),
          reader_(judge.rules(), options.reader),
          writer_(writer),
          may_hold_(may_hold),
          breakdown_(options.breakdown) {
        reader_.start(header, true);  // diagnostics: the calling thread's reader reported them
        result_.findings.reserve(judge.rules().measures().size());
    }

    // Reads `data` from its first byte at `line`, into `c`'s outputs.
    void read(std::string_view data, int line, bool resync, bool final, chunk& c) {
        c.out.clear();
        c.pending_count = 0;
        c.diagnostics.clear();
        c.stats = {};
        c.stats.flagged_by_measure.assign(judge_.rules().measures().size(), 0);
        c.stats.by_regime.assign(judge_.rules().regimes().size(), {});
        if (breakdown_) c.stats.breakdown.emplace();
        screen_stats& stats = c.stats;
        reader_.feed(data, line, resync, final);
        for (;;) {
            const row_status st = reader_.next();
            if (st == row_status::end) break;
            for (const auto& d : reader_.diagnostics()) c.diagnostics.push_back({stats.rows, d});
            ++stats.rows;
            if (st == row_status::error) {
                ++stats.errors;
                continue;
            }
            const checked_record& checked = reader_.record();
            const trade_record& record = checked.record();
            judge_.evaluate(checked, result_);
            const std::uint64_t judged = stats.judged++;
            const std::size_t start = c.out.size();
            if (writer_ != nullptr)
                writer_->input_part(c.out, {reader_.fields(), reader_.text(), reader_.line()});
            if (may_hold_ && may_hold_(result_)) {
                if (c.pending_count == c.pending.size()) c.pending.emplace_back();
                pending_row& p = c.pending[c.pending_count++];
                p.start = start;
                p.offset = c.out.size();
                p.row = stats.rows - 1;
                p.judged = judged;
                p.line = reader_.line();
                p.record = record;
                p.result = result_;
                continue;
            }
            stats.count(result_, record);
            if (writer_ != nullptr) {
                decided_.fill(result_, judge_.rules(), record);
                writer_->verdict_part(c.out, result_.status, decided_);
            }
        }
        c.end = {reader_.stopped_at(), reader_.next_line(), reader_.resyncing()};
    }

private:
    const engine& judge_;
    csv_chunk_reader reader_;
    record_writer* writer_;
    const hold_filter& may_hold_;
    bool breakdown_;  // keep each chunk's stats.breakdown
    verdict result_;
    decided_findings decided_;
};

// Worker threads taking chunks from a queue; joined on destruction, after
// the chunk each is reading (chunks not started are dropped).
class chunk_pool {
public:
    explicit chunk_pool(std::vector<std::unique_ptr<chunk_worker>> workers) {
        threads_.reserve(workers.size());
        for (auto& w : workers) threads_.emplace_back([this, w = std::move(w)] { work(*w); });
    }
    ~chunk_pool() {
        {
            const std::lock_guard lock(mutex_);
            closing_ = true;
            queue_.clear();
        }
        work_ready_.notify_all();
        for (auto& t : threads_) t.join();
    }
    chunk_pool(const chunk_pool&) = delete;
    chunk_pool& operator=(const chunk_pool&) = delete;

    void submit(chunk* c) {
        {
            const std::lock_guard lock(mutex_);
            c->done = false;
            queue_.push_back(c);
        }
        work_ready_.notify_one();
    }
    void wait(const chunk& c) {
        std::unique_lock lock(mutex_);
        chunk_done_.wait(lock, [&] { return c.done; });
    }

private:
    void work(chunk_worker& w) {
        for (;;) {
            chunk* c = nullptr;
            {
                std::unique_lock lock(mutex_);
                work_ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
                if (closing_) return;
                c = queue_.front();
                queue_.pop_front();
            }
            try {
                w.read(c->bytes, c->first_line, false, c->final, *c);
            } catch (...) {
                c->failure = std::current_exception();
            }
            {
                const std::lock_guard lock(mutex_);
                c->done = true;
            }
            chunk_done_.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable work_ready_;
    std::condition_variable chunk_done_;
    std::deque<chunk*> queue_;
    bool closing_ = false;
    std::vector<std::thread> threads_;
};

// Cuts the stream into chunks that end after a line break: each chunk is
// a block read from the stream, less what follows its last line break,
// which goes to the next chunk. A block without one is cut where it ends.
class chunk_splitter {
public:
    chunk_splitter(std::istream& in, std::size_t block) : in_(in), block_(block == 0 ? 1 : block) {}

    // Appends one block to `buffer`; false at the end of the stream (or on
    // a read error: failed()).
    bool read_block(std::string& buffer) {
        if (eof_) return false;
        const std::size_t old = buffer.size();
        buffer.resize(old + block_);
        in_.read(buffer.data() + old, static_cast<std::streamsize>(block_));
        const auto got = static_cast<std::size_t>(in_.gcount());
        buffer.resize(old + got);
        bytes_ += got;
        if (got < block_ || in_.bad()) eof_ = true;
        return got > 0;
    }

    // What was read past the header: the start of the first chunk, at `line`.
    void begin(std::string_view rest, int line) {
        carry_.assign(rest);
        line_ = line;
    }

    // The next chunk into `c`; false when there is none (after the final one).
    bool next(chunk& c) {
        if (finished_) return false;
        c.bytes.assign(carry_);
        carry_.clear();
        if (!eof_) read_block(c.bytes);
        c.first_line = line_;
        c.final = eof_ && !failed();
        if (!eof_) {
            // Cut after the last line break of the block, if it has one.
            const auto* nl =
                static_cast<const char*>(::memrchr(c.bytes.data(), '\n', c.bytes.size()));
            if (nl != nullptr) {
                const auto cut = static_cast<std::size_t>(nl - c.bytes.data()) + 1;
                carry_.assign(c.bytes, cut);
                c.bytes.resize(cut);
            }
        } else {
            finished_ = true;
        }
        line_ += static_cast<int>(std::count(c.bytes.begin(), c.bytes.end(), '\n'));
        return true;
    }

    bool eof() const noexcept { return eof_; }
    bool failed() const noexcept { return in_.bad(); }
    std::uint64_t bytes_read() const noexcept { return bytes_; }

private:
    std::istream& in_;
    std::size_t block_;
    std::string carry_;
    int line_ = 1;
    bool eof_ = false;
    bool finished_ = false;
    std::uint64_t bytes_ = 0;
};

// Adds a chunk's counts to the run's.
void add_counts(screen_stats& into, const screen_stats& from) {
    into.rows += from.rows;
    into.judged += from.judged;
    into.errors += from.errors;
    into.worst = std::max(into.worst, from.worst);
    for (std::size_t s = 0; s < 5; ++s) {
        into.by_status[s] += from.by_status[s];
        into.unvalued_by_status[s] += from.unvalued_by_status[s];
        add_cents(into.usd_cents_by_status[s], from.usd_cents_by_status[s]);
    }
    for (std::size_t m = 0; m < from.flagged_by_measure.size(); ++m)
        into.flagged_by_measure[m] += from.flagged_by_measure[m];
    if (into.by_regime.size() < from.by_regime.size()) into.by_regime.resize(from.by_regime.size());
    for (std::size_t r = 0; r < from.by_regime.size(); ++r)
        for (std::size_t s = 0; s < 5; ++s) into.by_regime[r][s] += from.by_regime[r][s];
    if (from.breakdown) {
        if (!into.breakdown) into.breakdown.emplace();
        into.breakdown->add(*from.breakdown);
    }
}

}  // namespace

pass_result parallel_pass(std::istream& in, const engine& judge, const screen_options& options,
                          record_writer* sink, const row_hook& hook, const hold_filter& may_hold,
                          screen_stats& stats, row_spool* spool, unsigned threads) {
    const rule_set& rules = judge.rules();
    const auto report = [&](const diagnostic& d) {
        if (options.on_diagnostic) options.on_diagnostic(d);
    };
    const auto read_end = [&] {
        if (options.on_read_end) options.on_read_end();
    };

    // The header, read as the stream reader reads it: blocks until the
    // parser has its first record (or an error, or the end).
    chunk_splitter splitter(in, options.reader.chunk_size);
    std::string head;
    {
        csv_options o;
        o.max_line_length = options.reader.max_line_length;
        o.max_fields = options.reader.max_fields;
        csv_parser probe(o);
        std::size_t pos = 0;
        while (probe.next(head, pos, splitter.eof()) == csv_status::need_more &&
               splitter.read_block(head)) {
        }
        if (splitter.failed()) {
            diagnostic d = csv_io_error();
            d.where.file = options.reader.file;
            d.message = "the header cannot be read: " + d.message;
            report(d);
            read_end();
            return pass_result::unreadable;
        }
    }
    csv_chunk_reader header_reader(rules, options.reader);
    const bool usable = header_reader.start(head, splitter.eof());
    for (const auto& d : header_reader.diagnostics()) report(d);
    if (!usable) {
        read_end();
        return pass_result::unreadable;
    }
    const std::string_view header(head.data(), header_reader.header_end());
    splitter.begin(std::string_view(head).substr(header.size()), header_reader.next_line());
    if (sink != nullptr) sink->start(header_reader.columns());
    if (stats.flagged_by_measure.size() != rules.measures().size())
        stats.flagged_by_measure.assign(rules.measures().size(), 0);
    if (stats.by_regime.size() != rules.regimes().size())
        stats.by_regime.assign(rules.regimes().size(), {});
    if (options.breakdown && !stats.breakdown) stats.breakdown.emplace();

    // Workers, each with a clone of the writer; without clones (a writer
    // whose rows depend on the rows before) every chunk is read here.
    std::vector<std::unique_ptr<record_writer>> clones;
    bool cloned = true;
    for (unsigned i = 0; i < threads && cloned && sink != nullptr; ++i) {
        clones.push_back(sink->clone_for_rows());
        cloned = clones.back() != nullptr;
    }
    std::vector<std::unique_ptr<chunk_worker>> workers;
    if (cloned) {
        for (unsigned i = 0; i < threads; ++i)
            workers.push_back(std::make_unique<chunk_worker>(
                judge, options, header, sink != nullptr ? clones[i].get() : nullptr, may_hold));
    }
    const bool inline_only = workers.empty();
    chunk_worker here(judge, options, header, sink, may_hold);  // chunks read again, in order
    // Chunks in flight, oldest first; read ones go back to `spare`. Declared
    // before the pool, whose threads may still be reading one on the way out.
    std::deque<std::unique_ptr<chunk>> flight;
    std::vector<std::unique_ptr<chunk>> spare;
    chunk_pool pool(std::move(workers));

    // Taking chunks back in order.
    std::string carry;  // the unfinished record the last chunk taken back ended in
    chunk_end last{0, header_reader.next_line(), false};
    std::string again;  // carry + a chunk, read here
    std::uint64_t judged_before = 0;
    std::uint64_t bytes_done = header.size();
    bool spooling = false;
    decided_findings decided;
    std::vector<finding_note> notes;
    const auto target = [&]() -> std::string& {
        return spooling ? spool->rows() : sink->output().buffer();
    };
    const auto flush = [&] {
        if (spooling)
            spool->maybe_flush();
        else
            sink->output().maybe_flush();
    };
    enum class taken : std::uint8_t { on, stopped, spool_failed };
    const auto take_back = [&](chunk& c) -> taken {
        const bool synced = carry.empty() && !last.resync && last.line == c.first_line;
        if (inline_only || !synced) {
            again = carry;
            again += c.bytes;
            here.read(again, last.line, last.resync, c.final, c);
            carry.assign(again, std::min(c.end.tail, again.size()));
        } else {
            carry.assign(c.bytes, std::min(c.end.tail, c.bytes.size()));
        }
        last = c.end;
        std::size_t from = 0;
        std::size_t next_diagnostic = 0;
        const auto diagnostics_to = [&](std::uint64_t row) {
            for (; next_diagnostic < c.diagnostics.size() &&
                   c.diagnostics[next_diagnostic].row <= row;
                 ++next_diagnostic)
                report(c.diagnostics[next_diagnostic].what);
        };
        for (std::size_t i = 0; i < c.pending_count; ++i) {
            pending_row& p = c.pending[i];
            diagnostics_to(p.row);
            if (sink != nullptr) target().append(c.out, from, p.start - from);
            from = p.start;
            notes.clear();
            judged_row row{judged_before + p.judged, p.line, p.record, p.result, notes};
            const row_action action = hook ? hook(row) : row_action::write;
            if (action == row_action::stop) return taken::stopped;
            if (action == row_action::hold) {
                if (sink == nullptr) continue;
                if (!spooling) {
                    if (spool == nullptr || !spool->start()) return taken::spool_failed;
                    spooling = true;
                }
                target().append(c.out, p.start, p.offset - p.start);
                from = p.offset;
                spool->hole();
                continue;
            }
            stats.count(p.result, p.record);
            if (sink != nullptr) {
                target().append(c.out, p.start, p.offset - p.start);
                from = p.offset;
                decided.fill(p.result, rules, p.record, notes);
                sink->verdict_part(target(), p.result.status, decided);
            }
        }
        diagnostics_to(c.stats.rows);
        if (sink != nullptr) {
            target().append(c.out, from, std::string::npos);
            flush();
        }
        const std::uint64_t rows_before = stats.rows;
        add_counts(stats, c.stats);
        judged_before += c.stats.judged;
        bytes_done += c.bytes.size();
        if (options.on_progress && (rows_before >> 12U) != (stats.rows >> 12U))
            options.on_progress(stats.rows, bytes_done);
        return taken::on;
    };

    const std::size_t in_flight = 2 * std::size_t{threads} + 2;
    bool split_all = false;
    for (;;) {
        while (!split_all && flight.size() < in_flight) {
            std::unique_ptr<chunk> c;
            if (spare.empty()) {
                c = std::make_unique<chunk>();
            } else {
                c = std::move(spare.back());
                spare.pop_back();
            }
            if (!splitter.next(*c)) {
                split_all = true;
                break;
            }
            if (!inline_only) pool.submit(c.get());
            flight.push_back(std::move(c));
        }
        if (flight.empty()) break;
        chunk& c = *flight.front();
        if (!inline_only) pool.wait(c);
        if (c.failure) std::rethrow_exception(c.failure);
        const taken t = take_back(c);
        if (t != taken::on) {
            read_end();
            return t == taken::stopped ? pass_result::stopped : pass_result::spool_failed;
        }
        spare.push_back(std::move(flight.front()));
        flight.pop_front();
    }
    if (splitter.failed()) {
        // As the stream reader: one unreadable row, where the input broke.
        diagnostic d = csv_io_error();
        d.where.file = options.reader.file;
        report(d);
        ++stats.rows;
        ++stats.errors;
    }
    if (sink != nullptr && !spooling) sink->end();
    read_end();
    return pass_result::done;
}

}  // namespace embargo::detail
