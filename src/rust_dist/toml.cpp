#include "rust_dist/toml.h"

#include "rust_dist/toml_prescan.h"

#include <atomic>
#include <cmath>
#include <sstream>

namespace wasisdk {

namespace {

std::atomic<std::size_t> assumptions_reached{0};

std::string basename_of(std::string_view path) {
    return std::string(path.substr(path.find_last_of('/') + 1));
}

std::string toml_version() {
    return "toml++ " + std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
           std::to_string(TOML_LIB_PATCH);
}

// Places in toml++ 3.3.0 where input can break an assumption and the very next code tests
// the same thing and reports a parse error (read in /usr/include/toml++/impl/, found by
// fuzz/fuzz_toml_guard): going on there is safe and gives the user toml++'s message with
// line and column. Anywhere else a broken assumption is an error of its own.
struct AuditedPlace {
    const char *file;
    int line;
    const char *input; // an input that gets there
};
#if TOML_LIB_MAJOR == 3 && TOML_LIB_MINOR == 3 && TOML_LIB_PATCH == 0
constexpr AuditedPlace kAudited[] = {
    // parse_key(): its loop tests is_bare_key_character / is_string_delimiter and says
    // "expected bare key starting character or string delimiter, saw ','".
    {"parser.inl", 3037, "[,"},
    // parse_time(): consume_digit_sequence() tests each digit, "expected 2-digit hour".
    {"parser.inl", 2345, "h = 1979-05-27T:00"},
    // parse_value() on `]`, `}`, `,`, `#` or whitespace: none is a known prefix, a digit or
    // a sign, so it ends in "could not determine value type" (or "unexpected control
    // character").
    {"parser.inl", 2549, "x = [}"},
    // parse_value()'s scan of a date, a space and one digit goes on when the value ends
    // there: it only sorts up to max_history_length characters into traits, and no value
    // type has those traits: "could not determine value type".
    {"parser.inl", 2636, "h = 1979-05-27 0"},
};
#else
constexpr AuditedPlace kAudited[] = {{"", 0, ""}};
#endif

// Equal as TOML data, where nan is nan (`x = nan` is valid, and never == itself).
bool same(const toml::node &a, const toml::node &b) {
    if (a.type() != b.type())
        return false;
    if (auto ta = a.as_table()) {
        const toml::table &tb = *b.as_table();
        if (ta->size() != tb.size())
            return false;
        for (const auto &[key, value] : *ta)
            if (!tb.contains(key.str()) || !same(value, *tb.get(key.str())))
                return false;
        return true;
    }
    if (auto aa = a.as_array()) {
        const toml::array &ab = *b.as_array();
        if (aa->size() != ab.size())
            return false;
        for (std::size_t i = 0; i < aa->size(); ++i)
            if (!same((*aa)[i], ab[i]))
                return false;
        return true;
    }
    switch (a.type()) {
    case toml::node_type::floating_point: {
        const double x = a.as_floating_point()->get(), y = b.as_floating_point()->get();
        return std::isnan(x) ? std::isnan(y) : x == y;
    }
    case toml::node_type::string:
        return *a.as_string() == *b.as_string();
    case toml::node_type::integer:
        return *a.as_integer() == *b.as_integer();
    case toml::node_type::boolean:
        return *a.as_boolean() == *b.as_boolean();
    case toml::node_type::date:
        return *a.as_date() == *b.as_date();
    case toml::node_type::time:
        return *a.as_time() == *b.as_time();
    case toml::node_type::date_time:
        return *a.as_date_time() == *b.as_date_time();
    default:
        return false;
    }
}

} // namespace

void toml_assumption_failed(const char *condition, const char *file, int line) {
    const std::string name = basename_of(file);
    for (const auto &place : kAudited)
        if (name == place.file && line == place.line)
            return;
    ++assumptions_reached;
    throw TomlAssumptionFailed(toml_version() + " reached a case it assumes impossible (" +
                                   condition + ", " + name + ":" + std::to_string(line) + ")",
                               "please report this input to wasisdk");
}

void toml_unreachable(const char *file, int line) {
    ++assumptions_reached;
    throw TomlAssumptionFailed(toml_version() + " reached a case it assumes unreachable (" +
                                   basename_of(file) + ":" + std::to_string(line) + ")",
                               "please report this input to wasisdk");
}

std::size_t toml_assumptions_reached() {
    return assumptions_reached.load();
}

toml::table parse_toml_guarded(std::string_view text, const std::string &origin,
                               const TomlInput &input) {
    if (text.size() > kTomlMaxBytes)
        throw Error(origin + ": " + std::to_string(text.size()) + " bytes, more than the " +
                        std::to_string(kTomlMaxBytes >> 20) + " MiB a TOML file may have here",
                    input.fix, input.code);
    prescan_toml(text, origin, input);
    try {
        return toml::parse(text, std::string_view(origin));
    } catch (const toml::parse_error &e) {
        throw Error(origin + ":" + std::to_string(e.source().begin.line) +
                        ": invalid TOML: " + std::string(e.description()),
                    input.fix, input.code);
    } catch (const TomlAssumptionFailed &e) {
        throw Error(origin + ": " + e.what(), e.fix(), input.code);
    }
}

std::string toml_text(const toml::table &doc, const std::string &origin, const TomlInput &input) {
    std::ostringstream out;
    out << doc << "\n";
    std::string text = out.str();
    bool reads_back = false;
    try {
        reads_back = same(toml::parse(text, std::string_view(origin)), doc);
    } catch (const toml::parse_error &) {
    } catch (const Error &) { // TomlAssumptionFailed
    }
    if (!reads_back)
        throw Error(origin + ": " + toml_version() +
                        " cannot write this file back unchanged "
                        "(a key with a line break, tab or ', or a string that starts with a "
                        "line break or holds ''')",
                    input.fix, input.code);
    return text;
}

} // namespace wasisdk
