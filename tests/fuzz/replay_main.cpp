// Seed replayer for builds without libFuzzer (gcc, CRMSYNC_FUZZ=OFF): runs LLVMFuzzerTestOneInput once
// on every file under the paths given (files or directories, recursively), so the normal suite proves
// every seed and every saved regression input still passes. Fails when no input was found.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputsUnder(const fs::path& root) {
  if (fs::is_regular_file(root)) return {root};
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  return files;
}

void replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    if (!fs::exists(argv[i])) {
      std::cerr << "replay: seed path " << argv[i] << " does not exist\n";
      return 2;
    }
    for (const auto& file : inputsUnder(argv[i])) {
      std::cerr << "replay: " << file.string() << '\n';
      replay(file);
      ++count;
    }
  }
  if (count == 0) {
    std::cerr << "replay: no seed files found in the paths given\n";
    return 1;
  }
  std::cout << "replay: " << count << " inputs passed\n";
  return 0;
}
