#include "store/staged_install.h"

namespace wasisdk {

namespace fs = std::filesystem;

StagedInstall::StagedInstall(const Store &store, ArtifactKind kind, std::string name,
                             const std::string &temp_prefix)
    : store_(store), kind_(kind), name_(std::move(name)), work_(store.home().tmp(), temp_prefix) {
    fs::create_directory(dir());
}

fs::path StagedInstall::target() const {
    return store_.home().install_dir(kind_, name_);
}

bool StagedInstall::commit(Receipt receipt, Default make_default) {
    receipt.name = name_;
    receipt.component = to_string(kind_);
    receipt.installed_at = utc_timestamp();
    if (kind_ == ArtifactKind::sdk)
        // A linked tree is read where it is, so that messages name the user's path.
        receipt.cxx_compat = store_.add_cxx_compat(
            receipt.linked ? fs::path(receipt.linked_path) : tree(), dir(), name_);
    write_file_atomic(receipt_of(dir()), receipt_to_json(receipt));
    store_.commit(dir(), target());
    if (kind_ != ArtifactKind::sdk || make_default == Default::leave)
        return false;
    return store_.update_default_after_install(name_, make_default == Default::make);
}

} // namespace wasisdk
