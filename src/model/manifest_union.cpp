#include "model/manifest_union.h"

#include "base/error.h"
#include "model/version.h"

#include <algorithm>

namespace wasisdk {

namespace {

// The artifact of the same kind for the same host (or the same lack of one).
Artifact *same_slot(Release &release, const Artifact &a) {
    for (Artifact &b : release.artifacts)
        if (b.kind == a.kind && b.host == a.host)
            return &b;
    return nullptr;
}

std::string describe_pin(const Artifact &a) {
    return "sha256 " + *a.sha256 + " (source: " + (a.source.empty() ? "not stated" : a.source) +
           ")";
}

// Where `a` goes in `release` (the built-in entry, copied).
void merge_artifact(Release &release, const Artifact &a, const std::string &fix) {
    Artifact *b = same_slot(release, a);
    if (!b) {
        release.artifacts.push_back(a);
        return;
    }
    if (b->sha256) {
        if (a.sha256 && *a.sha256 != *b->sha256)
            throw Error("wasi-sdk " + release.version + " " + to_string(a.kind) +
                            (a.host ? " for " + *a.host : std::string()) + ": the " + b->pinned_by +
                            " pins " + describe_pin(*b) + ", but the " + a.pinned_by + " says " +
                            describe_pin(a),
                        fix);
        return; // the pin compiled in wins
    }
    if (a.sha256)
        *b = a;
}

} // namespace

Manifest merge_release_manifests(const Manifest &built_in, const Manifest &refreshed,
                                 const std::string &fix) {
    Manifest out = built_in;
    out.origin = built_in.origin + " and the " + refreshed.origin;
    out.generated = refreshed.generated;
    for (const Release &r : refreshed.releases) {
        auto it = std::find_if(out.releases.begin(), out.releases.end(),
                               [&](const Release &b) { return b.version == r.version; });
        if (it == out.releases.end()) {
            out.releases.push_back(r);
            continue;
        }
        if (it->llvm.empty())
            it->llvm = r.llvm;
        for (const Artifact &a : r.artifacts)
            merge_artifact(*it, a, fix);
    }
    // Oldest first, as manifests/wasi-sdk.json lists them (every version here parsed).
    std::stable_sort(out.releases.begin(), out.releases.end(),
                     [](const Release &a, const Release &b) {
                         return version_less(*parse_version(a.version), *parse_version(b.version));
                     });
    return out;
}

} // namespace wasisdk
