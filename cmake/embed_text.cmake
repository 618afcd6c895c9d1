# Turns a source file into a C++ source file defining
#   std::string_view wasisdk::<NAME>() returning its text.
# Hex bytes rather than a raw string literal: no delimiter can collide with the text.
#   cmake -DINPUT=file -DOUTPUT=out.cpp -DNAME=function -P embed_text.cmake
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT}
"// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.
#include <string_view>
namespace wasisdk {
static const char kText[] = {${bytes} 0};
std::string_view ${NAME}() { return {kText, sizeof kText - 1}; }
}
")
