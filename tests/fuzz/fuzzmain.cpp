// The regression-test driver of a fuzz target in the normal (gcc) build: feeds every file of the
// directories (or the files) named on the command line to LLVMFuzzerTestOneInput, in name order,
// so a crash once found and checked into tests/fuzz/regressions/<target>/ stays a test forever.
// A missing directory is skipped (a target may have no regressions); no input at all is a failure.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

namespace fs = std::filesystem;

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            for (const auto &entry : fs::directory_iterator(arg))
                if (entry.is_regular_file() && entry.path().filename().string().front() != '.')
                    inputs.push_back(entry.path());
        } else if (fs::is_regular_file(arg, ec)) {
            inputs.push_back(arg);
        } else {
            std::printf("skipping %s: no such file or directory\n", argv[i]);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    for (const fs::path &path : inputs) {
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        if (!in.good() && !in.eof()) {
            std::printf("FAIL: cannot read %s\n", path.c_str());
            return 1;
        }
        std::printf("input %s (%zu bytes)\n", path.c_str(), content.size());
        std::fflush(stdout);
        // An exact-size heap copy, as libFuzzer passes it: a read past the end is a read past the end.
        std::vector<std::uint8_t> data(content.begin(), content.end());
        LLVMFuzzerTestOneInput(data.empty() ? nullptr : data.data(), data.size());
    }
    std::printf("%zu inputs ran without a finding\n", inputs.size());
    if (inputs.empty()) {
        std::printf("FAIL: no input: the corpus is missing\n");
        return 1;
    }
    return 0;
}
