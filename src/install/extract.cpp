#include "install/extract.h"

#include "base/error.h"
#include "base/text.h"

#include <archive.h>
#include <archive_entry.h>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

namespace wasisdk {

namespace fs = std::filesystem;

namespace {

struct ReaderDeleter {
    void operator()(archive *a) const { archive_read_free(a); }
};
struct WriterDeleter {
    void operator()(archive *a) const { archive_write_free(a); }
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
                        "the archive is corrupt or hostile; get it from a trusted source");
    }
}

// Extraction runs as two stages on two threads: this thread reads and inflates the
// archive and checks every entry against the path policy; a writer thread creates the
// files (archive_write_disk). Serially, a 71 MB / 246 MB SDK took 1.39x `gzip -dc` of
// the same file while its user time was half of gzip's: the rest was waiting on file
// writes (bench/install.sh). The queue between them holds at most kInFlight bytes of
// inflated data (4 MiB: 8 MiB took peak RSS from 16 to 32 MB), so peak memory stays flat
// whatever the archive's size.
constexpr std::size_t kInFlight = 4u << 20;

// One step for the writer, in archive order: an entry's header, its data blocks, its end.
struct WriteStep {
    enum class Kind { header, block, finish } kind;
    archive_entry *entry = nullptr; // header: a clone the writer frees
    std::string raw;                // header, finish: the entry's name as the archive says it
    la_int64_t offset = 0;          // block
    std::vector<char> bytes;        // block
};

class WriteQueue {
  public:
    // False when the writer has failed: the reader stops and rethrows writer_error().
    bool push(WriteStep step) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] {
            return failed_ || bytes_ == 0 || bytes_ + step.bytes.size() <= kInFlight;
        });
        if (failed_) {
            if (step.entry)
                archive_entry_free(step.entry);
            return false;
        }
        bytes_ += step.bytes.size();
        steps_.push_back(std::move(step));
        ready_.notify_one();
        return true;
    }
    // Empty when the reader is done (or gave up) and every step was taken.
    std::optional<WriteStep> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !steps_.empty() || closed_; });
        if (steps_.empty() || aborted_)
            return std::nullopt;
        WriteStep step = std::move(steps_.front());
        steps_.pop_front();
        bytes_ -= step.bytes.size();
        room_.notify_one();
        return step;
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
    ~WriteQueue() {
        for (auto &s : steps_)
            if (s.entry)
                archive_entry_free(s.entry);
    }

  private:
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<WriteStep> steps_;
    std::size_t bytes_ = 0;
    bool closed_ = false, aborted_ = false, failed_ = false;
    std::exception_ptr error_;
};

// The writer thread: everything archive_write_disk does, in archive order.
void write_steps(archive *out, WriteQueue &queue, const std::string &name) {
    // libarchive's own message for a failed write is "Write failed"; errno says why.
    auto write_error = [&] {
        int err = archive_errno(out);
        return err > 0 ? std::string(std::strerror(err)) : std::string(archive_error_string(out));
    };
    try {
        std::string raw;
        while (auto step = queue.pop()) {
            switch (step->kind) {
            case WriteStep::Kind::header: {
                raw = std::move(step->raw);
                std::unique_ptr<archive_entry, void (*)(archive_entry *)> entry(step->entry,
                                                                                archive_entry_free);
                if (archive_write_header(out, entry.get()) < ARCHIVE_WARN)
                    throw Error(name + ": cannot extract '" + raw + "': " + write_error(),
                                "check free disk space and permissions");
                break;
            }
            case WriteStep::Kind::block:
                // Any negative value is a failed write: archive_write_disk returns -1 for
                // ENOSPC, which is above ARCHIVE_WARN (the disk-full test caught it).
                if (archive_write_data_block(out, step->bytes.data(), step->bytes.size(),
                                             step->offset) < 0)
                    throw Error(name + ": cannot write '" + raw + "': " + write_error(),
                                "check free disk space and permissions");
                break;
            case WriteStep::Kind::finish:
                if (archive_write_finish_entry(out) < ARCHIVE_WARN)
                    throw Error(name + ": cannot write '" + raw + "': " + write_error(),
                                "check free disk space and permissions");
                break;
            }
        }
    } catch (...) {
        queue.fail(std::current_exception());
    }
}

// The writer works in `dest` as its current directory and is given entry names
// relative to it: libarchive's SECURE_SYMLINKS opens every directory of every path it
// writes (41,459 openat for the 3,000 entries of a 249 MB SDK, bench/README.md), and
// `dest`'s own components (7 in a default home's tmp/install-X/unpacked) need no check:
// wasisdk made that directory. The previous directory comes back on every way out.
// Nothing else in wasisdk uses relative paths while an archive is extracted.
class WorkIn {
  public:
    explicit WorkIn(const fs::path &dir) {
        saved_ = ::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (saved_ < 0 || ::chdir(dir.c_str()) != 0)
            throw Error("cannot enter " + dir.string() + ": " + std::strerror(errno));
    }
    ~WorkIn() {
        if (saved_ >= 0) {
            (void)!::fchdir(saved_);
            ::close(saved_);
        }
    }
    WorkIn(const WorkIn &) = delete;
    WorkIn &operator=(const WorkIn &) = delete;

  private:
    int saved_ = -1;
};

// Joins the writer on every path out of extract_archive; a reader that throws first
// tells it to drop what is queued.
struct WriterThread {
    WriteQueue &queue;
    std::thread thread;
    void finish(bool abort) {
        if (thread.joinable()) {
            queue.close(abort);
            thread.join();
        }
    }
    ~WriterThread() { finish(true); }
};

} // namespace

void extract_archive(const fs::path &archive_path, const fs::path &given_dest,
                     const ExtractLimits &limits, const std::string &display_name,
                     Progress *progress) {
    // SECURE_SYMLINKS refuses to write through any symlink in the path, the user's own
    // prefix included (Fedora Silverblue's /home -> /var/home, many HPC and CI homes):
    // extract below the real path, where the only symlinks are the archive's.
    std::error_code canonical_ec;
    const fs::path dest = fs::canonical(given_dest, canonical_ec);
    if (canonical_ec)
        throw Error("cannot extract into " + given_dest.string() + ": " + canonical_ec.message());
    const std::string name = display_name.empty() ? archive_path.filename().string() : display_name;
    auto refuse = [&](const std::string &entry, const std::string &why) {
        throw Error(name + ": refusing entry '" + entry + "': " + why,
                    "the archive is corrupt or hostile; get it from a trusted source");
    };

    std::unique_ptr<archive, ReaderDeleter> in(archive_read_new());
    archive_read_support_filter_all(in.get());
    archive_read_support_format_tar(in.get());
    archive_read_support_format_gnutar(in.get());
    archive_read_support_format_zip(in.get());
    if (archive_read_open_filename(in.get(), archive_path.c_str(), 1 << 20) != ARCHIVE_OK)
        throw Error("cannot open archive " + archive_path.string() + ": " +
                    archive_error_string(in.get()));

    std::unique_ptr<archive, WriterDeleter> out(archive_write_disk_new());
    // SECURE_SYMLINKS: never write through a symlink; NODOTDOT: belt and braces for the
    // names we already checked. Permissions are set by us (sanitize_mode), not PERM.
    archive_write_disk_set_options(out.get(), ARCHIVE_EXTRACT_TIME |
                                                  ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                                  ARCHIVE_EXTRACT_SECURE_NODOTDOT);

    std::error_code size_ec;
    const std::uint64_t archive_size = fs::file_size(archive_path, size_ec);
    const int slot =
        progress ? progress->start("unpacking " + name, size_ec ? 0 : archive_size) : 0;
    auto advance = [&] {
        if (progress) // archive bytes read so far: the compressed stream's position
            progress->advance(slot, static_cast<std::uint64_t>(archive_filter_bytes(in.get(), -1)),
                              size_ec ? 0 : archive_size);
    };

    WriteQueue queue;
    WorkIn in_dest(dest); // declared before the writer: restored only after it is joined
    WriterThread writer{queue, std::thread(write_steps, out.get(), std::ref(queue), name)};
    std::vector<fs::path> symlinks;
    std::uint64_t entries = 0, total = 0;
    archive_entry *entry = nullptr;
    while (true) {
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
                        "the archive is corrupt or hostile; get it from a trusted source");

        const char *hardlink = archive_entry_hardlink(entry);
        auto type = archive_entry_filetype(entry);
        if (hardlink != nullptr) {
            auto target = sanitize_entry_path(hardlink, why);
            if (!target)
                refuse(raw, "hardlink target: " + why);
            archive_entry_set_hardlink(entry, target->c_str()); // relative to dest: WorkIn
        } else if (type == AE_IFLNK) {
            const char *target = archive_entry_symlink(entry);
            if (!symlink_target_inside(*rel, target ? target : "", why))
                refuse(raw, why);
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
                            "the archive is corrupt or hostile; get it from a trusted source");
        }

        archive_entry_set_pathname(entry, rel->c_str()); // relative to dest: WorkIn
        archive_entry_set_perm(entry, sanitize_mode(archive_entry_perm(entry)) |
                                          (type == AE_IFDIR ? 0700 : 0600));
        if (!queue.push({WriteStep::Kind::header, archive_entry_clone(entry), raw, 0, {}}))
            break;

        if (archive_entry_size(entry) > 0 && hardlink == nullptr) {
            const void *buf;
            size_t size;
            la_int64_t offset;
            while (true) {
                int r = archive_read_data_block(in.get(), &buf, &size, &offset);
                if (r == ARCHIVE_EOF)
                    break;
                if (r < ARCHIVE_WARN)
                    throw Error(name + ": damaged archive at '" + raw +
                                    "': " + archive_error_string(in.get()),
                                "delete it and download it again");
                const char *bytes = static_cast<const char *>(buf);
                if (!queue.push({WriteStep::Kind::block,
                                 nullptr,
                                 {},
                                 offset,
                                 std::vector<char>(bytes, bytes + size)}))
                    break;
                advance();
            }
        }
        if (!queue.push({WriteStep::Kind::finish, nullptr, raw, 0, {}}))
            break;
    }
    writer.finish(false);
    if (auto e = queue.writer_error())
        std::rethrow_exception(e);
    if (archive_write_close(out.get()) != ARCHIVE_OK)
        throw Error(name + ": cannot finish extraction: " + archive_error_string(out.get()),
                    "check free disk space and permissions");
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
