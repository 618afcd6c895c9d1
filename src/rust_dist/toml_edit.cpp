#include "rust_dist/toml_edit.h"

#include "base/error.h"
#include "base/quote.h"
#include "rust_dist/toml.h"

#include <algorithm>
#include <cctype>

namespace wasisdk {

namespace {

bool bare_key(const std::string &k) {
    return !k.empty() && std::all_of(k.begin(), k.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-';
    });
}

std::string dotted(const std::vector<std::string> &parts) {
    std::string out;
    for (const auto &p : parts)
        out += (out.empty() ? "" : ".") + (bare_key(p) ? p : quote::toml(p));
    return out;
}

// A .cargo/config.toml is the user's, like a bootstrap.toml: paths and comments in
// strings may be in any language.
constexpr TomlInput kUserToml{false, "",
                              "fix the file, or print the settings without --write and add "
                              "them by hand",
                              ExitCode::usage};

std::optional<TomlValue> read_value(const toml::node *n) {
    if (!n)
        return std::nullopt;
    if (n->is_string())
        return TomlValue(*n->value<std::string>());
    const toml::array *array = n->as_array();
    if (!array)
        return std::nullopt;
    std::vector<std::string> items;
    for (const auto &item : *array) {
        if (!item.is_string())
            return std::nullopt;
        items.push_back(*item.value<std::string>());
    }
    return TomlValue(items);
}

void assign(toml::table &table, const std::string &key, const TomlValue &value) {
    if (const auto *s = std::get_if<std::string>(&value)) {
        table.insert_or_assign(key, *s);
        return;
    }
    toml::array array;
    for (const auto &item : std::get<std::vector<std::string>>(value))
        array.push_back(item);
    table.insert_or_assign(key, std::move(array));
}

// The table at `path` below `root`: nullptr when some part is missing; Error when a
// part is another type (cargo would refuse the file too).
toml::table *table_at(toml::table &root, const std::vector<std::string> &path, bool create,
                      const std::string &origin) {
    toml::table *t = &root;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (!t->contains(path[i])) {
            if (!create)
                return nullptr;
            t->insert(path[i], toml::table{});
        }
        toml::table *next = t->get(path[i])->as_table();
        if (!next)
            throw Error(origin + ": '" +
                            dotted(std::vector<std::string>(path.begin(), path.begin() + i + 1)) +
                            "' is not a table",
                        "fix the file, or print the settings without --write", ExitCode::usage);
        t = next;
    }
    return t;
}

// Byte offset of a toml++ position: lines from 1, columns from 1 counted in code points.
std::optional<std::size_t> offset_of(const std::string &text, const toml::source_position &pos) {
    std::size_t i = 0;
    for (toml::source_index line = 1; line < pos.line; ++line) {
        auto nl = text.find('\n', i);
        if (nl == std::string::npos)
            return std::nullopt;
        i = nl + 1;
    }
    for (toml::source_index column = 1; column < pos.column; ++column) {
        if (i >= text.size() || text[i] == '\n')
            return std::nullopt;
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80)
            ++i;
    }
    return i;
}

std::size_t line_start(const std::string &text, std::size_t at) {
    auto nl = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
    return nl == std::string::npos ? 0 : nl + 1;
}

std::size_t next_line(const std::string &text, std::size_t at) {
    auto nl = text.find('\n', at);
    return nl == std::string::npos ? text.size() : nl + 1;
}

bool blank(const std::string &text, std::size_t from, std::size_t to) {
    return text.find_first_not_of(" \t", from) >= to;
}

struct TextEdit {
    std::size_t begin, end; // end == begin: an insertion
    std::string text;
    std::size_t seq;
};

// One setting as the original file has it.
struct Planned {
    const TomlSetting *setting = nullptr;
    std::optional<TomlValue> value; // what to write; nullopt: remove
    bool present = false;
    toml::source_region value_region, key_region;
    bool parent_present = false, parent_inline = false;
    toml::source_region parent_region;
};

// The in-place edits for `plan`, or nullopt when one of them cannot be made in place.
std::optional<std::string> edit_in_place(const std::string &original,
                                         const std::vector<Planned> &plan) {
    std::string text = original;
    if (!text.empty() && text.back() != '\n')
        text += '\n';
    std::vector<TextEdit> edits;
    std::vector<std::pair<std::vector<std::string>, std::string>> new_tables; // path, lines
    for (const Planned &p : plan) {
        const std::string line =
            p.setting->key + " = " + (p.value ? toml_value_text(*p.value) : "") + "\n";
        if (p.present && p.value) {
            auto b = offset_of(text, p.value_region.begin), e = offset_of(text, p.value_region.end);
            if (!b || !e || *e < *b)
                return std::nullopt;
            edits.push_back({*b, *e, toml_value_text(*p.value), edits.size()});
        } else if (p.present) {
            // The whole line `key = value  # comment`, when the key starts it.
            auto k = offset_of(text, p.key_region.begin), e = offset_of(text, p.value_region.end);
            if (!k || !e)
                return std::nullopt;
            std::size_t from = line_start(text, *k), to = next_line(text, *e);
            std::size_t after = text.find_first_not_of(" \t", *e);
            if (!blank(text, from, *k) ||
                (after < to && text[after] != '#' && text[after] != '\n' && text[after] != '\r'))
                return std::nullopt;
            edits.push_back({from, to, "", edits.size()});
        } else if (p.value && p.parent_present) {
            // Below the table's own [header] line.
            auto h = offset_of(text, p.parent_region.begin);
            if (p.parent_inline || !h || text.compare(*h, 1, "[") != 0 ||
                text.compare(*h, 2, "[[") == 0)
                return std::nullopt;
            std::string header = text.substr(*h + 1, text.find(']', *h) - *h - 1), name;
            for (char c : header)
                if (c != ' ' && c != '\t' && c != '"' && c != '\'')
                    name += c;
            std::string want;
            for (const auto &part : p.setting->table)
                want += (want.empty() ? "" : ".") + part;
            if (name != want)
                return std::nullopt;
            std::size_t at = next_line(text, *h);
            edits.push_back({at, at, line, edits.size()});
        } else if (p.value) {
            auto it = std::find_if(new_tables.begin(), new_tables.end(),
                                   [&](const auto &t) { return t.first == p.setting->table; });
            if (it == new_tables.end())
                new_tables.emplace_back(p.setting->table, line);
            else
                it->second += line;
        }
    }
    // From the end backwards, so that earlier offsets stay valid; at one offset the
    // replacement first, then insertions in the order the settings gave.
    std::sort(edits.begin(), edits.end(), [](const TextEdit &a, const TextEdit &b) {
        if (a.begin != b.begin)
            return a.begin > b.begin;
        bool a_insert = a.end == a.begin, b_insert = b.end == b.begin;
        if (a_insert != b_insert)
            return !a_insert;
        return a.seq > b.seq;
    });
    for (const auto &e : edits)
        text.replace(e.begin, e.end - e.begin, e.text);
    for (const auto &[path, lines] : new_tables) {
        if (!text.empty() && !text.ends_with("\n\n"))
            text += "\n";
        text += "[" + dotted(path) + "]\n" + lines;
    }
    return text;
}

} // namespace

std::string toml_value_text(const TomlValue &value) {
    if (const auto *s = std::get_if<std::string>(&value))
        return quote::toml(*s);
    std::string out = "[";
    for (const auto &item : std::get<std::vector<std::string>>(value))
        out += (out.size() > 1 ? ", " : "") + quote::toml(item);
    return out + "]";
}

TomlEdit edit_toml(const std::string &existing, const std::string &origin,
                   const std::vector<TomlSetting> &settings) {
    toml::table doc = parse_toml_guarded(existing, origin, kUserToml);
    toml::table wanted = doc;
    std::vector<Planned> plan;
    TomlEdit out;
    for (const TomlSetting &s : settings) {
        Planned p;
        p.setting = &s;
        if (toml::table *parent = table_at(doc, s.table, false, origin)) {
            p.parent_present = true;
            p.parent_inline = parent->is_inline();
            p.parent_region = parent->source();
            for (auto &&[key, node] : *parent)
                if (key.str() == s.key) {
                    p.present = true;
                    p.key_region = key.source();
                    p.value_region = node.source();
                }
        }
        toml::table *target = table_at(wanted, s.table, false, origin);
        TomlFound found{p.present, read_value(target ? target->get(s.key) : nullptr)};
        p.value = s.decide(found);
        if (p.value == found.value && (p.value || !p.present))
            continue; // already so
        if (p.value)
            assign(*table_at(wanted, s.table, true, origin), s.key, *p.value);
        else
            target->erase(s.key);
        out.written.push_back(dotted(s.table) + "." + s.key);
        plan.push_back(p);
    }
    if (plan.empty()) {
        out.text = existing;
        return out;
    }
    out.changed = true;
    if (auto text = edit_in_place(existing, plan)) {
        try {
            if (parse_toml_guarded(*text, origin, kUserToml) == wanted) {
                out.text = *text;
                return out;
            }
        } catch (const Error &) {
            // not what was meant: written by toml++ below
        }
    }
    out.text = toml_text(wanted, origin, kUserToml);
    out.layout_kept = false;
    return out;
}

} // namespace wasisdk
