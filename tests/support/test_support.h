#pragma once
// Helpers shared by every test tier. Nothing here reaches the internet.

#include <filesystem>
#include <string>
#include <vector>

namespace crmsync::test {

// ../shared next to the repository (the corpus and references).
std::filesystem::path sharedDir();
std::filesystem::path sourceDir();
// Every *.json file under shared/corpus/<sub>, sorted, excluding INDEX/MANIFEST files.
std::vector<std::filesystem::path> corpusFiles(const std::string& sub);
std::string readFile(const std::filesystem::path& path);
void writeFile(const std::filesystem::path& path, const std::string& content);

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// "sha256=<hex>" of HMAC-SHA256(body, secret): the X-Hub-Signature-256 header Meta sends.
std::string metaSignature(const std::string& body, const std::string& secret);

}  // namespace crmsync::test
