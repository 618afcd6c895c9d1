// C++ under WASI without exceptions: containers, strings, streams, algorithms.
#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

int main() {
    std::vector<std::string> words = {"wasm", "containers", "cpp"};
    auto longest = *std::max_element(words.begin(), words.end(), [](const auto &a, const auto &b) {
        return a.size() < b.size();
    });
    std::cout << "words: " << words.size() << " longest: " << longest << "\n";
    std::map<char, int> counts;
    for (char c : std::string("aab"))
        ++counts[c];
    std::cout << "counts:";
    for (const auto &[c, n] : counts)
        std::cout << " " << c << "=" << n;
    std::cout << "\n";
    std::ostringstream out;
    out << 7 << " x " << 6 << " = " << 7 * 6;
    std::cout << "stream: " << out.str() << std::endl;
    return 0;
}
