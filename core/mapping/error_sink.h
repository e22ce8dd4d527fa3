#pragma once
// Collects the problems found while compiling one document, each tagged with the document's file name.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "crmsync/mapping.h"

namespace crmsync::mapping {

class ErrorSink {
 public:
  ErrorSink(std::string file, std::vector<MappingError>& errors) : file_(std::move(file)), errors_(errors) {}

  void add(const std::string& pointer, const std::string& message, int line = 0, int column = 0) {
    errors_.push_back(MappingError{file_, pointer, message, line, column});
    ++count_;
  }
  std::size_t count() const { return count_; }

 private:
  std::string file_;
  std::vector<MappingError>& errors_;
  std::size_t count_ = 0;
};

}  // namespace crmsync::mapping
