#pragma once
// JSON as wasisdk prints and stores it. Paths may hold any bytes, and nlohmann::json
// throws type_error.316 on one that is not UTF-8: such bytes become U+FFFD instead, so a
// home under a Latin-1 directory name is shown, not an "internal error".
#include <nlohmann/json.hpp>
#include <string>

namespace wasisdk {

inline std::string json_text(const nlohmann::json &doc) {
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace wasisdk
