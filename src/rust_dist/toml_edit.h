#pragma once
// Setting a few keys in a TOML file a user owns (.cargo/config.toml) without rewriting
// the rest: where the edit can be made in place, only the values wasisdk sets change and
// the user's comments, order and layout stay; the result is then checked by parsing it
// again (it must equal the merged document), and when it does not, or the file has a
// shape an in-place edit cannot handle (inline tables, dotted keys), the merged document
// is written by toml++ instead, which keeps every setting but no comments. Every text is
// read through rust_dist/toml.h's parse_toml_guarded and written through its toml_text.
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wasisdk {

// The values wasisdk writes: a string, or an array of strings.
using TomlValue = std::variant<std::string, std::vector<std::string>>;

// What the file has at a key: nothing, a string or array of strings, or something else.
struct TomlFound {
    bool present = false;
    std::optional<TomlValue> value; // empty when absent or of another type
};

struct TomlSetting {
    std::vector<std::string> table; // {"target", "wasm32-wasip1"}
    std::string key;                // "linker"
    // The value to write, given what is there; nullopt removes the key (if present).
    std::function<std::optional<TomlValue>(const TomlFound &)> decide;
};

struct TomlEdit {
    std::string text;
    bool changed = false;
    bool layout_kept = true;          // false: re-serialised (comments lost)
    std::vector<std::string> written; // "target.wasm32-wasip1.linker", what changed
};

// `existing` (possibly empty) with `settings` applied. Throws Error (usage) naming
// `origin` and the line when `existing` is not TOML, or when a table on a setting's path
// is another type.
TomlEdit edit_toml(const std::string &existing, const std::string &origin,
                   const std::vector<TomlSetting> &settings);

// A value as TOML text: "x" (base/quote.h's escaping) or ["a", "b"].
std::string toml_value_text(const TomlValue &value);

} // namespace wasisdk
