#include <string>

extern "C" const char *greeting(int argc) {
    static std::string text;
    text = "Hello, wasm32! (" + std::to_string(argc) + " args)";
    return text.c_str();
}
