// wasisdk gc [--dry-run]: deletes the downloads no install needs, stale partial downloads
// and the temporaries of interrupted commands; prints each and the total freed.
// The policy is store/download_cache.h's; docs/architecture.md explains it.
#include "base/error.h"
#include "base/text.h"
#include "command_table.h"
#include "context.h"
#include "rust/rust_components.h"
#include "store/download_cache.h"
#include "store/rust_std_records.h"

#include <algorithm>
#include <cstdio>

namespace wasisdk::cli {

namespace {

constexpr ArtifactKind kAllKinds[] = {ArtifactKind::sdk, ArtifactKind::sysroot,
                                      ArtifactKind::builtins};

// The sha256 of every artifact a receipt names. A receipt that cannot be read stops gc
// before it deletes anything: it could name an archive that must stay.
void add_receipt_hashes(const Home &home, std::set<std::string> &needed) {
    for (ArtifactKind kind : kAllKinds)
        for (const auto &name : home.installed(kind)) {
            Receipt r;
            try {
                r = read_receipt(receipt_of(home.install_dir(kind, name)));
            } catch (const Error &e) {
                throw Error("cannot tell which downloads " + name + " needs: " + e.what(),
                            "reinstall it (wasisdk install --force " + name +
                                ") or uninstall it; gc removed nothing");
            }
            for (const auto &a : r.artifacts)
                needed.insert(a.sha256);
        }
}

// The rust-std records whose component is still in its sysroot; their archives stay.
std::vector<RustStdRecord> live_rust_std(const Context &ctx, const Home &home) {
    std::vector<RustStdRecord> live;
    for (const auto &r : read_rust_std_records(home)) {
        try {
            auto installed = installed_components(r.sysroot);
            if (std::find(installed.begin(), installed.end(), r.component) != installed.end())
                live.push_back(r);
        } catch (const Error &e) {
            ctx.warn("kept the archive of " + r.component + ": " + e.one_line());
            live.push_back(r);
        }
    }
    return live;
}

std::string shown(const Home &home, const fs::path &p) {
    return printable(p.lexically_relative(home.root).string(), 200);
}

int run(Context &ctx, bool dry_run) {
    Home home = ctx.home();
    std::optional<Store> store;
    std::optional<FileLock> lock;
    std::vector<GcItem> items;
    if (dry_run) {
        // Changes nothing and takes no lock, so a temporary listed here may belong to a
        // command running right now; such a one is not deleted by a real gc.
        for (const fs::path &t : ctx.make_store().own_temporaries())
            items.push_back({t, bytes_under(t), "temporary of an interrupted command"});
    } else {
        store.emplace(ctx.make_store());
        Store::Removed temporaries;
        lock.emplace(store->begin_change(&temporaries));
        for (const auto &[path, bytes] : temporaries)
            items.push_back({path, bytes, "temporary of an interrupted command"});
    }

    std::set<std::string> needed;
    add_receipt_hashes(home, needed);
    auto records = read_rust_std_records(home);
    auto live = live_rust_std(ctx, home);
    for (const auto &r : live)
        needed.insert(r.sha256);
    if (!dry_run && live.size() != records.size())
        write_rust_std_records(home, live);

    auto entries = scan_download_cache(home.downloads());
    for (GcItem &item : plan_cache_gc(entries, needed, fs::file_time_type::clock::now())) {
        if (!dry_run) {
            std::error_code ec;
            fs::remove(item.path, ec); // a link is removed, never followed
            if (ec) {
                ctx.warn("cannot remove " + item.path.string() + ": " + ec.message());
                continue;
            }
        }
        items.push_back(std::move(item));
    }

    std::uint64_t total = 0;
    nlohmann::json rows = nlohmann::json::array();
    for (const GcItem &i : items) {
        total += i.bytes;
        rows.push_back({{"path", shown(home, i.path)}, {"bytes", i.bytes}, {"why", i.why}});
        if (ctx.options.json)
            continue;
        std::printf("%s %s (%s): %s\n", dry_run ? "would remove" : "removed",
                    shown(home, i.path).c_str(), human_bytes(static_cast<double>(i.bytes)).c_str(),
                    i.why.c_str());
    }
    std::uint64_t kept = 0;
    std::size_t kept_files = 0;
    for (const CacheEntry &e : entries)
        if (e.kind == CacheEntryKind::artifact && needed.count(e.name))
            kept += e.bytes, ++kept_files;
    if (ctx.options.json) {
        ctx.print_json({{"dry_run", dry_run},
                        {"removed", rows},
                        {"freed_bytes", total},
                        {"kept_bytes", kept},
                        {"kept_archives", kept_files}});
        return 0;
    }
    std::printf("%s %s in %zu file%s; kept %s in %zu archive%s that installs need\n",
                dry_run ? "would free" : "freed", human_bytes(static_cast<double>(total)).c_str(),
                items.size(), items.size() == 1 ? "" : "s",
                human_bytes(static_cast<double>(kept)).c_str(), kept_files,
                kept_files == 1 ? "" : "s");
    return 0;
}

} // namespace

Command gc_command() {
    return {"gc", "Delete cached downloads no install needs and stale temporaries",
            [](CLI::App &app, Context &ctx) -> std::function<int()> {
                auto dry_run = std::make_shared<bool>(false);
                app.add_flag("-n,--dry-run", *dry_run,
                             "List what would be deleted; change nothing");
                return [&ctx, dry_run] { return run(ctx, *dry_run); };
            }};
}

} // namespace wasisdk::cli
