#include "install/extract.h"

#include "base/error.h"
#include "base/text.h"
#include "install/tree_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <thread>
#include <vector>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

// The fixes every extraction error gives: the archive's fault, or the disk's.
const std::string kHostile = "the archive is corrupt or hostile; get it from a trusted source";
const std::string kDiskFix = "check free disk space and permissions";

struct ReaderDeleter {
    void operator()(archive *a) const { archive_read_free(a); }
};

// A symlink's resolved location must stay inside the tree even through other
// symlinks (a lexical check cannot see those): checked once everything is on disk.
void check_symlinks_resolve_inside(const fs::path &root, const std::vector<fs::path> &links,
                                   const std::string &archive_name) {
    std::error_code ec;
    fs::path real_root = fs::canonical(root, ec);
    for (const auto &link : links) {
        ec.clear();
        fs::path target = fs::weakly_canonical(link.parent_path() / fs::read_symlink(link, ec), ec);
        if (ec)
            continue; // a dangling link resolves to nothing; it cannot be followed out
        auto rel = target.lexically_relative(real_root);
        if (rel.empty() || *rel.begin() == "..")
            throw Error(archive_name + ": refusing entry '" +
                            link.lexically_relative(root).string() +
                            "': symlink resolves outside the archive",
                        kHostile);
    }
}

// Extraction runs as two stages on two threads: this thread reads and inflates the
// archive and checks every entry against the path policy; a writer thread creates the
// files (tree_writer.h). Serially, a 71 MB / 246 MB SDK took 1.39x `gzip -dc` of the same
// file while its user time was half of gzip's: the rest was waiting on file writes
// (bench/install.sh). Work crosses in batches of up to kBatchBytes of data or kBatchSteps
// steps, not step by step: one block per hand-over took 48,831 futex calls for 2,906
// entries. What is in flight is bounded by weight (data, plus kStepWeight per step for
// its names) at kInFlight, not by a count of batches: where an archive holds thousands
// of headers the writer lags (a file creation costs more than inflating a small file),
// and where it holds a 100 MB library the reader does, so the reader may run ahead by
// many small entries and the writer catches up during the large ones. Peak memory stays
// flat whatever the archive's size.
constexpr std::size_t kBatchBytes = 256u << 10;
constexpr std::size_t kBatchSteps = 256;
constexpr std::size_t kStepWeight = 256; // sizeof(WriteStep) and a path's heap storage
constexpr std::size_t kInFlight = 4u << 20;
constexpr std::size_t kSpareBatches = 4;

// One step for the writer, in archive order: an entry's start, a data block, its end.
struct WriteStep {
    enum class Kind { begin, block, finish } kind;
    TreeEntry entry;        // begin
    std::string raw;        // begin: the entry's name as the archive says it
    std::uint64_t offset;   // block: where in the file
    std::size_t data_begin; // block: its bytes in Batch::data
    std::size_t data_size;
};

struct Batch {
    std::vector<WriteStep> steps;
    std::string data;
    bool full() const { return data.size() >= kBatchBytes || steps.size() >= kBatchSteps; }
    std::size_t weight() const { return data.size() + steps.size() * kStepWeight; }
    void clear() {
        steps.clear();
        data.clear(); // keeps its capacity: batches are reused, not reallocated
    }
};

class BatchQueue {
  public:
    // Hands a filled batch to the writer and returns an empty one to fill; waits while
    // the batches in flight weigh kInFlight. Nullopt when the writer has failed: the
    // reader stops and rethrows writer_error().
    std::optional<Batch> push(Batch batch) {
        std::unique_lock lock(mutex_);
        const std::size_t weight = batch.weight();
        room_.wait(lock, [&] { return failed_ || queued_ == 0 || queued_ + weight <= kInFlight; });
        if (failed_)
            return std::nullopt;
        queued_ += weight;
        full_.push_back(std::move(batch));
        ready_.notify_one();
        if (empty_.empty())
            return Batch{};
        Batch reused = std::move(empty_.back());
        empty_.pop_back();
        return reused;
    }
    // The next batch, or nullopt when the reader is done (or gave up) and all were taken.
    std::optional<Batch> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !full_.empty() || closed_; });
        if (full_.empty() || aborted_)
            return std::nullopt;
        Batch batch = std::move(full_.front());
        full_.pop_front();
        queued_ -= batch.weight();
        room_.notify_one();
        return batch;
    }
    // Keeps a few emptied batches for reuse (their buffers stay allocated); more would
    // hold up to kInFlight of capacity that nothing uses once the queue drains.
    void recycle(Batch batch) {
        batch.clear();
        std::lock_guard lock(mutex_);
        if (empty_.size() < kSpareBatches)
            empty_.push_back(std::move(batch));
    }
    void close(bool abort) {
        std::lock_guard lock(mutex_);
        closed_ = true;
        aborted_ = abort;
        ready_.notify_all();
    }
    void fail(std::exception_ptr e) {
        std::lock_guard lock(mutex_);
        failed_ = true;
        error_ = std::move(e);
        room_.notify_all();
    }
    std::exception_ptr writer_error() {
        std::lock_guard lock(mutex_);
        return error_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<Batch> full_;
    std::vector<Batch> empty_;
    std::size_t queued_ = 0; // the weight of full_
    bool closed_ = false, aborted_ = false, failed_ = false;
    std::exception_ptr error_;
};

// The writer thread: every step of every batch, in archive order.
void write_batches(const fs::path &dest, BatchQueue &queue, const std::string &name) {
    // Named so that top, perf and gdb tell the writer from the reader.
    pthread_setname_np(pthread_self(), "wasisdk-write");
    std::string raw; // the entry being written, for messages
    try {
        try {
            TreeWriter tree(dest);
            while (auto batch = queue.pop()) {
                for (const WriteStep &step : batch->steps) {
                    switch (step.kind) {
                    case WriteStep::Kind::begin:
                        raw = step.raw;
                        tree.begin(step.entry);
                        break;
                    case WriteStep::Kind::block:
                        tree.write(batch->data.data() + step.data_begin, step.data_size,
                                   step.offset);
                        break;
                    case WriteStep::Kind::finish:
                        tree.finish();
                        break;
                    }
                }
                queue.recycle(std::move(*batch));
            }
            raw.clear();
            tree.close();
        } catch (const TreeWriteError &e) {
            if (e.refused)
                throw Error(name + ": refusing entry '" + raw + "': " + e.what(), kHostile);
            if (raw.empty())
                throw Error(name + ": cannot finish extraction: " + e.what(), kDiskFix);
            throw Error(name + ": cannot write '" + raw + "': " + e.what(), kDiskFix);
        }
    } catch (...) {
        queue.fail(std::current_exception());
    }
}

// Joins the writer on every path out of extract_archive; a reader that throws first
// tells it to drop what is queued.
struct WriterThread {
    BatchQueue &queue;
    std::thread thread;
    void finish(bool abort) {
        if (thread.joinable()) {
            queue.close(abort);
            thread.join();
        }
    }
    ~WriterThread() { finish(true); }
};

TreeEntry::Type tree_type(unsigned filetype, bool hardlink) {
    if (hardlink)
        return TreeEntry::Type::hardlink;
    if (filetype == AE_IFDIR)
        return TreeEntry::Type::directory;
    if (filetype == AE_IFLNK)
        return TreeEntry::Type::symlink;
    return TreeEntry::Type::file;
}

} // namespace

void extract_archive(const fs::path &archive_path, const fs::path &given_dest,
                     const ExtractLimits &limits, const std::string &display_name,
                     Progress *progress) {
    // The writer refuses to write through any symlink in an entry's path; the user's own
    // prefix may hold some (Fedora Silverblue's /home -> /var/home, many HPC and CI
    // homes), and wasisdk made `dest`: it is opened by its real path.
    std::error_code canonical_ec;
    const fs::path dest = fs::canonical(given_dest, canonical_ec);
    if (canonical_ec)
        throw Error("cannot extract into " + given_dest.string() + ": " + canonical_ec.message());
    const std::string name = display_name.empty() ? archive_path.filename().string() : display_name;
    auto refuse = [&](const std::string &entry, const std::string &why) {
        throw Error(name + ": refusing entry '" + entry + "': " + why, kHostile);
    };

    std::unique_ptr<archive, ReaderDeleter> in(archive_read_new());
    archive_read_support_filter_all(in.get());
    archive_read_support_format_tar(in.get());
    archive_read_support_format_gnutar(in.get());
    archive_read_support_format_zip(in.get());
    if (archive_read_open_filename(in.get(), archive_path.c_str(), 1 << 20) != ARCHIVE_OK)
        throw Error("cannot open archive " + archive_path.string() + ": " +
                    archive_error_string(in.get()));

    std::error_code size_ec;
    const std::uint64_t archive_size = fs::file_size(archive_path, size_ec);
    const int slot =
        progress ? progress->start("unpacking " + name, size_ec ? 0 : archive_size) : 0;
    auto advance = [&] {
        if (progress) // archive bytes read so far: the compressed stream's position
            progress->advance(slot, static_cast<std::uint64_t>(archive_filter_bytes(in.get(), -1)),
                              size_ec ? 0 : archive_size);
    };

    BatchQueue queue;
    WriterThread writer{queue, std::thread(write_batches, dest, std::ref(queue), name)};
    Batch batch;
    // False when the writer has failed; the error is rethrown below.
    auto add = [&](WriteStep step) {
        batch.steps.push_back(std::move(step));
        if (!batch.full())
            return true;
        auto next = queue.push(std::move(batch));
        if (!next)
            return false;
        batch = std::move(*next);
        return true;
    };
    std::vector<fs::path> symlinks;
    std::uint64_t entries = 0, total = 0;
    archive_entry *entry = nullptr;
    bool writer_failed = false;
    while (!writer_failed) {
        int rc = archive_read_next_header(in.get(), &entry);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN)
            throw Error(name + ": damaged archive: " + archive_error_string(in.get()),
                        "delete it and download it again");
        const char *raw_name = archive_entry_pathname(entry);
        std::string raw = raw_name ? raw_name : "";
        std::string why;
        auto rel = sanitize_entry_path(raw, why);
        if (!rel) {
            // A lone "./" directory entry is harmless: it names the root itself.
            if (archive_entry_filetype(entry) == AE_IFDIR && why == "name is only '.'")
                continue;
            refuse(raw, why);
        }
        if (++entries > limits.max_entries)
            throw Error(name + ": more than " + std::to_string(limits.max_entries) + " entries",
                        kHostile);

        const char *hardlink = archive_entry_hardlink(entry);
        const auto type = archive_entry_filetype(entry);
        TreeEntry out{tree_type(type, hardlink != nullptr), *rel, {}, 0, std::nullopt, 0};
        if (hardlink != nullptr) {
            auto target = sanitize_entry_path(hardlink, why);
            if (!target)
                refuse(raw, "hardlink target: " + why);
            out.target = *target;
        } else if (type == AE_IFLNK) {
            const char *target = archive_entry_symlink(entry);
            if (!symlink_target_inside(*rel, target ? target : "", why))
                refuse(raw, why);
            out.target = target;
            symlinks.push_back(dest / *rel);
        } else if (type != AE_IFREG && type != AE_IFDIR) {
            refuse(raw, "device, fifo or socket entries are not allowed");
        }

        if (archive_entry_size_is_set(entry)) {
            auto size = static_cast<std::uint64_t>(archive_entry_size(entry));
            if (size > limits.max_entry_size)
                refuse(raw, "claims " + std::to_string(size) + " bytes, over the limit of " +
                                std::to_string(limits.max_entry_size));
            total += size;
            if (total > limits.max_total_size)
                throw Error(name + ": unpacks to more than " +
                                std::to_string(limits.max_total_size) + " bytes",
                            kHostile);
            if (out.type == TreeEntry::Type::file)
                out.size = size;
        }
        out.mode = sanitize_mode(archive_entry_perm(entry)) | (type == AE_IFDIR ? 0700 : 0600);
        if (archive_entry_mtime_is_set(entry))
            out.mtime = timespec{static_cast<time_t>(archive_entry_mtime(entry)),
                                 static_cast<long>(archive_entry_mtime_nsec(entry))};
        const bool has_data = out.type == TreeEntry::Type::file && archive_entry_size(entry) > 0;
        if (!add({WriteStep::Kind::begin, std::move(out), std::move(raw), 0, 0, 0}))
            break;

        while (has_data) {
            const void *buf;
            size_t size;
            la_int64_t offset;
            int r = archive_read_data_block(in.get(), &buf, &size, &offset);
            if (r == ARCHIVE_EOF)
                break;
            if (r < ARCHIVE_WARN)
                throw Error(name + ": damaged archive at '" +
                                std::string(raw_name ? raw_name : "") +
                                "': " + archive_error_string(in.get()),
                            "delete it and download it again");
            const std::size_t at = batch.data.size();
            batch.data.append(static_cast<const char *>(buf), size);
            if (!add({WriteStep::Kind::block,
                      {},
                      {},
                      static_cast<std::uint64_t>(offset),
                      at,
                      size})) {
                writer_failed = true;
                break;
            }
            advance();
        }
        if (!writer_failed && !add({WriteStep::Kind::finish, {}, {}, 0, 0, 0}))
            break;
    }
    if (!batch.steps.empty())
        queue.push(std::move(batch));
    writer.finish(false);
    if (auto e = queue.writer_error())
        std::rethrow_exception(e);
    check_symlinks_resolve_inside(dest, symlinks, name);
    if (progress)
        progress->finish(slot, name + ": unpacked " + std::to_string(entries) + " entries, " +
                                   human_bytes(static_cast<double>(total)));
}

fs::path single_top_directory(const fs::path &dest, const std::string &archive_name) {
    std::error_code ec;
    fs::path only;
    int count = 0;
    for (const auto &e : fs::directory_iterator(dest, ec)) {
        only = e.path();
        if (++count > 1)
            return dest;
    }
    if (count != 1 || !fs::is_directory(fs::symlink_status(only, ec)))
        return dest;
    std::vector<fs::path> links;
    for (auto it = fs::recursive_directory_iterator(only, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_symlink(ec))
            links.push_back(it->path());
    check_symlinks_resolve_inside(only, links, archive_name);
    return only;
}

} // namespace wasisdk
