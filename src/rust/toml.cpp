#include "rust/toml.h"

#include <atomic>
#include <cstdio>
#include <vector>

namespace wasisdk {

namespace {

std::atomic<std::size_t> assumptions_reached{0};

std::string basename_of(std::string_view path) {
    return std::string(path.substr(path.find_last_of('/') + 1));
}

bool is_bare_key_char(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

// One pass over the bytes, lexical only: strings and comments are skipped whole, and the
// rest is read just far enough to know where keys are (their dotted segments nest) and
// where `[`/`{` open a value. It does not validate TOML (toml++ does, and stops at the
// first error); it bounds what toml++ may build. Depths count levels of the tree: a key
// of n segments puts its value n levels below its table, `[` puts elements one level
// below, `{` opens a table at its own level, and a [header] of n segments is counted as
// 2n because any segment may be an array of tables (`[[a]]` then `[a.b]`).
class PreScan {
  public:
    PreScan(std::string_view text, const std::string &origin, const TomlInput &input)
        : text_(text), origin_(origin), input_(input) {}

    void run() {
        while (i_ < text_.size()) {
            const unsigned char c = static_cast<unsigned char>(text_[i_]);
            check_byte(c, false);
            if (c == '"' || c == '\'') {
                string_token();
                continue;
            }
            if (c == '#') {
                comment();
                continue;
            }
            if (c == '\n') {
                ++line_;
                if (stack_.empty())
                    expect_ = Expect::statement;
            } else if (c == '[') {
                open_bracket();
            } else if (c == '{') {
                open_brace();
            } else if (c == ']' || c == '}') {
                close(c);
            } else if (c == ',') {
                comma();
            } else if (c == '=') {
                equals();
            } else if (c == '.') {
                if (expect_ == Expect::key || expect_ == Expect::header)
                    add_segment();
            } else if (c != ' ' && c != '\t' && c != '\r') {
                other(c);
            }
            ++i_;
        }
    }

  private:
    enum class Expect {
        statement, // start of a top-level line: a [header], a key, or nothing
        key,       // inside a key, until `=`
        header,    // inside a [header]'s key, until `]`
        value,     // a value may start here
        after,     // after a value or a header: nothing that nests until the next line
    };
    struct Frame {
        bool array;
        int depth; // of the array's elements, or of the inline table itself
    };

    [[noreturn]] void fail(const std::string &problem) const {
        throw Error(origin_ + ":" + std::to_string(line_) + ": " + problem, input_.fix,
                    input_.code);
    }

    // TOML 1.0 allows no control character but tab, LF and CR LF, anywhere; toml++ would
    // refuse them too, but echoes them in its message.
    void check_byte(unsigned char c, bool in_string_or_comment) const {
        bool control = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
        if (c == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n')
            control = false;
        if (control) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", c);
            fail(std::string("control character ") + hex +
                 " (TOML allows only tab and line breaks; write it as an escape in a string)");
        }
        if (c < 0x80)
            return;
        if (input_.ascii_only)
            fail("byte " + std::to_string(i_) + " is not ASCII, and " + input_.ascii_note);
        if (!in_string_or_comment)
            fail("non-ASCII character outside a string or comment (TOML keys are ASCII "
                 "unless quoted)");
    }

    void check_depth(int depth) const {
        if (depth > kTomlMaxDepth)
            fail("nested more than " + std::to_string(kTomlMaxDepth) +
                 " levels deep (dotted keys, [ and {)");
    }

    void add_segment() {
        ++segments_;
        check_depth(expect_ == Expect::header ? 2 * segments_ : key_base_ + segments_);
    }

    void start_key(int base) {
        expect_ = Expect::key;
        key_base_ = base;
        segments_ = 0;
        add_segment();
    }

    // A string: a key segment, or a value. Multi-line strings may hold newlines.
    void string_token() {
        if (expect_ == Expect::statement)
            start_key(table_depth_);
        else if (expect_ == Expect::value)
            expect_ = Expect::after;
        const char quote = text_[i_];
        const std::string_view triple = quote == '"' ? R"(""")" : "'''";
        const bool multi = text_.substr(i_, 3) == triple;
        i_ += multi ? 3 : 1;
        while (i_ < text_.size()) {
            const unsigned char c = static_cast<unsigned char>(text_[i_]);
            check_byte(c, true);
            if (c == '\n') {
                if (!multi)
                    return; // unterminated: toml++ reports it
                ++line_;
            } else if (c == '\\' && quote == '"' && i_ + 1 < text_.size()) {
                ++i_; // the escaped character is checked on the next turn unless it is '"'
                if (text_[i_] != '"' && text_[i_] != '\\')
                    continue;
            } else if (c == static_cast<unsigned char>(quote)) {
                if (!multi) {
                    ++i_;
                    return;
                }
                if (text_.substr(i_, 3) == triple) {
                    i_ += 3;
                    // up to two more quotes belong to the string (`""""` ends after one)
                    for (int extra = 0; extra < 2 && i_ < text_.size() && text_[i_] == quote;
                         ++extra)
                        ++i_;
                    return;
                }
            }
            ++i_;
        }
    }

    void comment() {
        while (i_ < text_.size() && text_[i_] != '\n') {
            check_byte(static_cast<unsigned char>(text_[i_]), true);
            ++i_;
        }
    }

    void open_bracket() {
        if (expect_ == Expect::statement) {
            // A [header] or [[header]]: toml++ assumes a key follows (see toml.h).
            if (i_ + 1 < text_.size() && text_[i_ + 1] == '[')
                ++i_;
            std::size_t k = i_ + 1;
            while (k < text_.size() && (text_[k] == ' ' || text_[k] == '\t'))
                ++k;
            const unsigned char next = k < text_.size() ? text_[k] : '\n';
            if (!is_bare_key_char(next) && next != '"' && next != '\'' && next != ']')
                fail("a table header must start with a key (a name or a quoted string)");
            expect_ = Expect::header;
            segments_ = 0;
            add_segment();
        } else if (expect_ == Expect::value) {
            check_depth(value_depth_ + 1);
            stack_.push_back({true, ++value_depth_});
        }
    }

    void open_brace() {
        if (expect_ != Expect::value)
            return;
        stack_.push_back({false, value_depth_});
        start_key(value_depth_);
    }

    void close(unsigned char c) {
        if (c == ']' && expect_ == Expect::header) {
            table_depth_ = 2 * segments_;
            if (i_ + 1 < text_.size() && text_[i_ + 1] == ']')
                ++i_;
            expect_ = Expect::after;
            return;
        }
        if (!stack_.empty() && stack_.back().array == (c == ']')) {
            stack_.pop_back();
            expect_ = Expect::after;
        }
    }

    void comma() {
        if (stack_.empty())
            return;
        if (stack_.back().array) {
            expect_ = Expect::value;
            value_depth_ = stack_.back().depth;
        } else {
            start_key(stack_.back().depth);
        }
    }

    void equals() {
        if (expect_ != Expect::key)
            return;
        value_depth_ = key_base_ + segments_;
        expect_ = Expect::value;
    }

    void other(unsigned char c) {
        if (expect_ == Expect::statement && is_bare_key_char(c))
            start_key(table_depth_);
        else if (expect_ == Expect::value)
            expect_ = Expect::after; // a number, date or boolean: nothing in it nests
    }

    std::string_view text_;
    const std::string &origin_;
    const TomlInput &input_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    Expect expect_ = Expect::statement;
    int table_depth_ = 0; // of the current [header]'s table
    int key_base_ = 0;    // depth of the table the current key is in
    int segments_ = 0;    // of the current key or header
    int value_depth_ = 0; // of the value that may start here
    std::vector<Frame> stack_;
};

} // namespace

void toml_assumption_failed(const char *condition, const char *file, int line) {
    ++assumptions_reached;
    throw TomlAssumptionFailed("toml++ " + std::to_string(TOML_LIB_MAJOR) + "." +
                                   std::to_string(TOML_LIB_MINOR) + "." +
                                   std::to_string(TOML_LIB_PATCH) + " reached a case it assumes "
                                   "impossible (" + condition + ", " + basename_of(file) + ":" +
                                   std::to_string(line) + ")",
                               "please report this input to wasisdk");
}

std::size_t toml_assumptions_reached() { return assumptions_reached.load(); }

toml::table parse_toml_guarded(std::string_view text, const std::string &origin,
                               const TomlInput &input) {
    if (text.size() > kTomlMaxBytes)
        throw Error(origin + ": " + std::to_string(text.size()) + " bytes, more than the " +
                        std::to_string(kTomlMaxBytes >> 20) + " MiB a TOML file may have here",
                    input.fix, input.code);
    PreScan(text, origin, input).run();
    try {
        return toml::parse(text, std::string_view(origin));
    } catch (const toml::parse_error &e) {
        throw Error(origin + ":" + std::to_string(e.source().begin.line) + ": invalid TOML: " +
                        std::string(e.description()),
                    input.fix, input.code);
    } catch (const TomlAssumptionFailed &e) {
        throw Error(origin + ": " + e.what(), e.fix(), input.code);
    }
}

} // namespace wasisdk
