// Reading a zone file into memory in one go, so the lexer can run over one flat buffer.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace zoned::zone {

// The whole content of one file. Move-only; the text lives as long as the object.
class ZoneFileSource {
 public:
  ZoneFileSource() = default;

  // Reads `path` completely (open + fstat + read; pipes and other files without a size are
  // read until end of file). Returns false and sets `error` (strerror text) on failure.
  bool load(const std::string& path, std::string& error);

  std::string_view text() const { return {data_.get(), size_}; }

 private:
  bool read_all(int fd, std::size_t size_hint, std::string& error);

  std::unique_ptr<char[]> data_;  // not std::string: no zero fill of tens of megabytes
  std::size_t size_ = 0;
};

}  // namespace zoned::zone
