#include "rust_dist/toml_prescan.h"

#include "base/error.h"
#include "rust_dist/toml.h"

#include <cstdio>
#include <set>
#include <vector>

namespace wasisdk {

namespace {

bool is_bare_key_char(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// Lexical only: strings and comments are skipped whole, and the rest is read just far
// enough to know where keys are (their dotted segments nest) and where `[`/`{` open a
// value. It does not validate TOML (toml++ does, and stops at the first error); it bounds
// the depth of what toml++ may build. A depth counts levels of the tree, as
// fuzz/fuzz_toml_guard checks on what toml++ really builds: the top-level keys are at 1,
// a key of n segments puts its value n levels below its table, `[` puts elements one
// level below, `{` opens a table at its own level. A [header]'s segments count one level
// each, and two when that prefix was declared a [[table array]] (its last element is
// where the header lands).
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
                dot();
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

    void start_key(int base) {
        expect_ = Expect::key;
        key_depth_ = base + 1;
        check_depth(key_depth_);
    }

    void dot() {
        if (expect_ == Expect::key)
            check_depth(++key_depth_);
        else if (expect_ == Expect::header)
            end_header_segment(false);
    }

    // A header's segment ends at `.` or `]`; `path_` is the header so far, one segment a
    // line (a quoted key cannot hold a raw line break).
    void end_header_segment(bool last) {
        path_ += (path_.empty() ? "" : "\n") + segment_;
        if (last && table_array_)
            table_arrays_.insert(path_);
        // A basic string with escapes may spell any key: count it as a table array.
        const bool array = segment_escaped_ || table_arrays_.count(path_) != 0;
        header_depth_ += array ? 2 : 1;
        check_depth(header_depth_);
        segment_.clear();
        segment_escaped_ = false;
    }

    // A string: a key segment, or a value. Multi-line strings may hold line breaks.
    void string_token() {
        if (expect_ == Expect::statement)
            start_key(table_depth_);
        else if (expect_ == Expect::value)
            expect_ = Expect::after;
        const char quote = text_[i_];
        const std::string_view triple = quote == '"' ? R"(""")" : "'''";
        const bool multi = text_.substr(i_, 3) == triple;
        i_ += multi ? 3 : 1;
        const std::size_t begin = i_;
        while (i_ < text_.size()) {
            const unsigned char c = static_cast<unsigned char>(text_[i_]);
            check_byte(c, true);
            if (c == '\n') {
                if (!multi)
                    return; // unterminated: toml++ reports it
                ++line_;
            } else if (c == '\\' && quote == '"' && i_ + 1 < text_.size()) {
                if (expect_ == Expect::header)
                    segment_escaped_ = true;
                ++i_; // the escaped character is checked on the next turn unless it is '"'
                if (text_[i_] != '"' && text_[i_] != '\\')
                    continue;
            } else if (c == static_cast<unsigned char>(quote)) {
                if (!multi) {
                    if (expect_ == Expect::header)
                        segment_ += text_.substr(begin, i_ - begin);
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
            table_array_ = i_ + 1 < text_.size() && text_[i_ + 1] == '[';
            if (table_array_)
                ++i_;
            expect_ = Expect::header;
            header_depth_ = 0;
            path_.clear();
            segment_.clear();
            segment_escaped_ = false;
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
            end_header_segment(true);
            table_depth_ = header_depth_;
            if (table_array_ && i_ + 1 < text_.size() && text_[i_ + 1] == ']')
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
        value_depth_ = key_depth_;
        expect_ = Expect::value;
    }

    void other(unsigned char c) {
        if (expect_ == Expect::statement && is_bare_key_char(c))
            start_key(table_depth_);
        else if (expect_ == Expect::header && is_bare_key_char(c))
            segment_ += static_cast<char>(c);
        else if (expect_ == Expect::value)
            expect_ = Expect::after; // a number, date or boolean: nothing in it nests
    }

    std::string_view text_;
    const std::string &origin_;
    const TomlInput &input_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    Expect expect_ = Expect::statement;
    int table_depth_ = 0;                // of the current [header]'s table (0: the root)
    int key_depth_ = 0;                  // of the current key's value, so far
    int value_depth_ = 0;                // of the value that may start here
    int header_depth_ = 0;               // of the [header] being read, so far
    bool table_array_ = false;           // it is a [[header]]
    std::string path_, segment_;         // its segments so far, and the current one
    bool segment_escaped_ = false;       // the current one is a basic string with escapes
    std::set<std::string> table_arrays_; // every [[header]] path so far
    std::vector<Frame> stack_;
};

} // namespace

void prescan_toml(std::string_view text, const std::string &origin, const TomlInput &input) {
    PreScan(text, origin, input).run();
}

} // namespace wasisdk
