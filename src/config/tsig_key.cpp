#include "config/tsig_key.h"

#include "wire/encoding.h"

namespace zoned::config {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

bool decode_tsig_secret(std::string_view base64, std::vector<std::uint8_t>& secret) {
  secret.assign(base64.size(), 0);  // decoding never grows the data
  wire::ByteSink sink{secret.data(), secret.size()};
  wire::Base64Decoder decoder;
  std::size_t start = 0;
  while (start < base64.size()) {
    std::size_t end = start;
    while (end < base64.size() && !is_blank(base64[end]))
      ++end;
    if (end > start && !decoder.feed(base64.substr(start, end - start), sink)) {
      secret.clear();
      return false;
    }
    start = end + 1;
  }
  if (!decoder.finish()) {
    secret.clear();
    return false;
  }
  secret.resize(sink.size);
  return true;
}

}  // namespace zoned::config
