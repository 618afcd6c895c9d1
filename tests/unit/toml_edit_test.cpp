#include "base/error.h"
#include "rust_dist/toml_edit.h"

#include <gtest/gtest.h>

using namespace wasisdk;

namespace {

TomlSetting set(std::vector<std::string> table, std::string key, TomlValue value) {
    return {std::move(table), std::move(key), [value](const TomlFound &) { return value; }};
}

TomlSetting remove(std::vector<std::string> table, std::string key) {
    return {std::move(table), std::move(key),
            [](const TomlFound &) -> std::optional<TomlValue> { return std::nullopt; }};
}

} // namespace

TEST(TomlEdit, EmptyFileGetsSections) {
    auto e = edit_toml("", "c.toml",
                       {set({"target", "wasm32-wasip1"}, "linker", "wasm32-wasip1-clang"),
                        set({"env"}, "CC_wasm32_wasip1", "wasm32-wasip1-clang")});
    EXPECT_EQ(e.text, "[target.wasm32-wasip1]\nlinker = \"wasm32-wasip1-clang\"\n\n"
                      "[env]\nCC_wasm32_wasip1 = \"wasm32-wasip1-clang\"\n");
    EXPECT_TRUE(e.changed);
    EXPECT_TRUE(e.layout_kept);
}

TEST(TomlEdit, ValuesChangeInPlaceAndCommentsStay) {
    std::string before =
        "# top\n[env] # mine\nA = 'old'   # why\nB = 1\n\n[alias]\nb = \"build\"\n";
    auto e = edit_toml(before, "c.toml", {set({"env"}, "A", "new"), set({"env"}, "C", "c")});
    EXPECT_EQ(e.text, "# top\n[env] # mine\nC = \"c\"\nA = \"new\"   # why\nB = 1\n\n[alias]\n"
                      "b = \"build\"\n");
    EXPECT_EQ(e.written, (std::vector<std::string>{"env.A", "env.C"}));
    // Again: nothing to do, the text untouched.
    auto again = edit_toml(e.text, "c.toml", {set({"env"}, "A", "new"), set({"env"}, "C", "c")});
    EXPECT_FALSE(again.changed);
    EXPECT_EQ(again.text, e.text);
}

TEST(TomlEdit, ArraysAndRemovals) {
    std::string before = "[target.x]\nlinker = \"cc\" # ours\nrustflags = [\n  \"-Ca\",\n]\n";
    auto e = edit_toml(
        before, "c.toml",
        {remove({"target", "x"}, "linker"),
         {{"target", "x"}, "rustflags", [](const TomlFound &f) -> std::optional<TomlValue> {
              auto flags = std::get<std::vector<std::string>>(*f.value);
              flags.push_back("-Cb");
              return flags;
          }}});
    EXPECT_EQ(e.text, "[target.x]\nrustflags = [\"-Ca\", \"-Cb\"]\n");
    EXPECT_TRUE(e.layout_kept);
}

TEST(TomlEdit, ShapesThatCannotBeEditedInPlaceAreRewritten) {
    // An inline table: its keys cannot get a line of their own.
    auto e = edit_toml("# c\nenv = { A = \"a\" }\n", "c.toml", {set({"env"}, "B", "b")});
    EXPECT_FALSE(e.layout_kept);
    EXPECT_NE(e.text.find("B = 'b'"), std::string::npos) << e.text;
    EXPECT_NE(e.text.find("A = 'a'"), std::string::npos) << e.text;
}

TEST(TomlEdit, RefusesWhatIsNotTomlOrNotATable) {
    try {
        edit_toml("a = 1\na = 2\n", "c.toml", {set({"env"}, "B", "b")});
        FAIL();
    } catch (const Error &e) {
        EXPECT_EQ(std::string(e.what()).substr(0, 22), "c.toml:2: invalid TOML");
    }
    try {
        edit_toml("env = 3\n", "c.toml", {set({"env"}, "B", "b")});
        FAIL();
    } catch (const Error &e) {
        EXPECT_STREQ(e.what(), "c.toml: 'env' is not a table");
    }
}
