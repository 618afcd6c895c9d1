# Turns the JSON manifest into a C++ source file holding it as a string constant.
# Hex bytes rather than a raw string literal: no delimiter can collide with the data.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT}
"// Generated from manifests/wasi-sdk.json by cmake/embed_manifest.cmake. Do not edit.
#include \"model/manifest.h\"
namespace wasisdk {
static const char kEmbedded[] = {${bytes} 0};
std::string_view embedded_manifest_text() { return {kEmbedded, sizeof kEmbedded - 1}; }
}
")
