#include "support/test_support.h"

#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace crmsync::test {

namespace fs = std::filesystem;

fs::path sharedDir() { return fs::path(CRMSYNC_SHARED_DIR); }
fs::path sourceDir() { return fs::path(CRMSYNC_SOURCE_DIR); }

std::vector<fs::path> corpusFiles(const std::string& sub) {
  std::vector<fs::path> out;
  fs::path root = sharedDir() / "corpus" / sub;
  if (!fs::exists(root)) throw std::runtime_error("corpus folder missing: " + root.string());
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string name = entry.path().filename().string();
    if (name == "INDEX.json" || name == "MANIFEST.json") continue;
    out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << content;
}

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() / ("crmsync-test-" + std::to_string(rd()));
    if (fs::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {
class Sha256 : public Poco::SHA2Engine {
 public:
  Sha256() : Poco::SHA2Engine(SHA_256) {}
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
};
}  // namespace

std::string metaSignature(const std::string& body, const std::string& secret) {
  Poco::HMACEngine<Sha256> hmac(secret);
  hmac.update(body);
  return "sha256=" + Poco::DigestEngine::digestToHex(hmac.digest());
}

}  // namespace crmsync::test
