#include "store/staged_install.h"

#include "store/cxx_compat.h"

namespace wasisdk {

namespace fs = std::filesystem;

StagedInstall::StagedInstall(const Store &store, ArtifactKind kind, std::string name,
                             const std::string &temp_prefix)
    : store_(store), kind_(kind), name_(std::move(name)), work_(store.home().tmp(), temp_prefix) {
    fs::create_directory(dir());
}

TreeFacts StagedInstall::probe(const fs::path &root) {
    if (kind_ == ArtifactKind::sdk && !compat_.valid())
        // A linked tree is read where it is, so that messages name the user's path.
        compat_ = std::async(std::launch::async, build_cxx_compat, root, dir(), sdk_label(name_));
    return probe_tree(root, kind_);
}

fs::path StagedInstall::target() const {
    return store_.home().install_dir(kind_, name_);
}

bool StagedInstall::commit(Receipt receipt, Default make_default) {
    receipt.name = name_;
    receipt.component = to_string(kind_);
    receipt.installed_at = utc_timestamp();
    if (kind_ == ArtifactKind::sdk) {
        if (!compat_.valid()) // not probed here: built now, from where probe() would
            compat_ = std::async(std::launch::deferred, build_cxx_compat, tree(), dir(),
                                 sdk_label(name_));
        receipt.cxx_compat = compat_.get();
        store_.report_cxx_compat(*receipt.cxx_compat, name_);
    }
    write_file_atomic(receipt_of(dir()), receipt_to_json(receipt));
    store_.commit(dir(), target());
    if (kind_ != ArtifactKind::sdk || make_default == Default::leave)
        return false;
    return store_.update_default_after_install(name_, make_default == Default::make);
}

} // namespace wasisdk
