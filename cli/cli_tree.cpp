#include "cli_tree.h"

#include <cctype>

namespace wasisdk::cli {

bool is_hidden(const CLI::App &app) {
    return app.get_group().empty();
}

std::vector<std::string> member_values(CLI::Option *opt) {
    std::vector<std::string> values;
    for (int i = 0;; ++i) {
        CLI::Validator *v = nullptr;
        try {
            v = opt->get_validator(i);
        } catch (const CLI::OptionNotFound &) {
            break;
        }
        std::string d = v ? v->get_description() : "";
        if (d.size() < 2 || d.front() != '{' || d.back() != '}')
            continue;
        std::string item;
        for (char c : d.substr(1, d.size() - 2) + ",") {
            if (c == ',') {
                if (!item.empty())
                    values.push_back(item);
                item.clear();
            } else if (c != ' ') {
                item += c;
            }
        }
    }
    return values;
}

namespace {

// The value's name as a reader wants it: the fixed set, the type name we gave (FILE,
// DIR), or CLI11's generic TEXT replaced by the option's own name (--target TARGET).
std::string value_name(CLI::Option *opt) {
    std::string values;
    for (const auto &v : member_values(opt))
        values += (values.empty() ? "" : "|") + v;
    if (!values.empty())
        return values;
    std::string type = opt->get_type_name();
    type = type.substr(0, type.find(':'));
    if (type.empty() || type == "TEXT" || type == "TEXT ...") {
        std::string name = opt->get_lnames().empty() ? opt->get_name() : opt->get_lnames().front();
        for (char &c : name)
            c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return name;
    }
    return type;
}

} // namespace

CommandDoc describe_command(CLI::App &app, const std::string &path) {
    CommandDoc doc;
    doc.path = path;
    doc.name = app.get_name();
    doc.help = app.get_description();
    for (CLI::Option *opt : app.get_options()) {
        if (opt == app.get_help_ptr())
            continue;
        OptionDoc o;
        o.positional = !opt->nonpositional();
        if (o.positional) {
            o.names.push_back(opt->get_name());
        } else {
            for (const auto &s : opt->get_snames())
                o.names.push_back("-" + s);
            for (const auto &l : opt->get_lnames())
                o.names.push_back("--" + l);
        }
        if (opt->get_expected_max() != 0)
            o.value = o.positional ? opt->get_name() : value_name(opt);
        o.help = opt->get_description();
        o.env = opt->get_envname();
        o.required = opt->get_required();
        o.repeats = opt->get_items_expected_max() > 1;
        doc.options.push_back(o);
    }
    for (CLI::App *sub : app.get_subcommands({}))
        if (!is_hidden(*sub))
            doc.subcommands.push_back(describe_command(*sub, path + " " + sub->get_name()));
    return doc;
}

std::string usage_words(const CommandDoc &command) {
    std::string out;
    auto add = [&](const std::string &w) { out += (out.empty() ? "" : " ") + w; };
    for (const auto &o : command.options) {
        if (o.positional)
            continue;
        std::string w =
            o.names.back() + (o.value.empty() ? "" : " " + o.value) + (o.repeats ? "..." : "");
        add(o.required ? w : "[" + w + "]");
    }
    if (!command.subcommands.empty())
        add("COMMAND");
    for (const auto &o : command.options)
        if (o.positional) {
            std::string w = o.names.front() + (o.repeats ? "..." : "");
            add(o.required ? w : "[" + w + "]");
        }
    return out;
}

CLI::App *find_command(CLI::App &root, const std::vector<std::string> &words, std::string &path) {
    CLI::App *at = &root;
    path = root.get_name();
    for (const auto &w : words) {
        CLI::App *next = nullptr;
        for (CLI::App *sub : at->get_subcommands({}))
            if (sub->get_name() == w)
                next = sub;
        if (!next)
            return nullptr;
        at = next;
        path += " " + w;
    }
    return at;
}

std::string help_text(const CLI::App &app, const std::string &path) {
    // Not app.help(): on the root it would describe the subcommand that was parsed
    // (`help` itself).
    return app.get_formatter()->make_help(&app, path, CLI::AppFormatMode::Normal);
}

} // namespace wasisdk::cli
