#include "transfer/ixfr_journal.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "transfer/crc32c.h"
#include "wire/message_header.h"
#include "wire/rrtype.h"
#include "wire/serial.h"

namespace zoned::transfer {

namespace {

constexpr std::uint8_t kMagic[8] = {'Z', 'O', 'N', 'E', 'D', 'I', 'X', 'J'};
constexpr std::uint32_t kVersion = 1;
constexpr std::size_t kCopyChunk = 1u << 20;

std::string errno_text(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

bool write_all(int fd, const std::uint8_t* p, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t w = ::pwrite(fd, p, n, static_cast<off_t>(offset));
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (w == 0) {
      errno = EIO;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
    offset += static_cast<std::uint64_t>(w);
  }
  return true;
}

// False on an error or when the file ends first (errno 0 then).
bool read_all(int fd, std::uint8_t* p, std::size_t n, std::uint64_t offset) {
  while (n > 0) {
    const ssize_t r = ::pread(fd, p, n, static_cast<off_t>(offset));
    if (r < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (r == 0) {
      errno = 0;
      return false;
    }
    p += r;
    n -= static_cast<std::size_t>(r);
    offset += static_cast<std::uint64_t>(r);
  }
  return true;
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Makes a new or renamed directory entry durable.
bool sync_directory(const std::string& path) {
  const int fd = ::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

void header_bytes(std::uint8_t* out) {
  std::memcpy(out, kMagic, sizeof kMagic);
  wire::store_u32(out + 8, kVersion);
  wire::store_u32(out + 12, 0);
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  const std::size_t at = out.size();
  out.resize(at + 4);
  wire::store_u32(out.data() + at, v);
}

void put_list(std::vector<std::uint8_t>& out, const RrList& list) {
  put_u32(out, static_cast<std::uint32_t>(list.size()));
  put_u32(out, static_cast<std::uint32_t>(list.bytes()));
  out.insert(out.end(), list.wire().begin(), list.wire().end());
}

bool get_list(std::span<const std::uint8_t>& in, RrList& list) {
  if (in.size() < 8) return false;
  const std::uint32_t count = wire::load_u32(in.data());
  const std::uint32_t octets = wire::load_u32(in.data() + 4);
  if (in.size() - 8 < octets) return false;
  if (!RrList::from_wire(in.subspan(8, octets), count, list)) return false;
  in = in.subspan(8 + std::size_t{octets});
  return true;
}

bool is_one_soa(const RrList& list) {
  return list.size() == 1 && list.front().type == wire::rrtype::SOA &&
         list.front().rdata.size() >= 22;
}

// The 16-octet entry header of a payload.
void entry_header(std::uint8_t* out, std::span<const std::uint8_t> payload,
                  std::uint32_t old_serial, std::uint32_t new_serial) {
  wire::store_u32(out, static_cast<std::uint32_t>(payload.size()));
  wire::store_u32(out + 4, old_serial);
  wire::store_u32(out + 8, new_serial);
  wire::store_u32(out + 12, crc32c(payload, crc32c({out, 12})));
}

}  // namespace

void serialize_delta(const ZoneDelta& delta, std::vector<std::uint8_t>& out) {
  out.reserve(out.size() + delta.bytes() + 32);
  put_list(out, delta.old_soa);
  put_list(out, delta.new_soa);
  put_list(out, delta.removed);
  put_list(out, delta.added);
}

bool parse_delta(std::span<const std::uint8_t> payload, ZoneDelta& out) {
  ZoneDelta d;
  if (!get_list(payload, d.old_soa) || !get_list(payload, d.new_soa) ||
      !get_list(payload, d.removed) || !get_list(payload, d.added) || !payload.empty())
    return false;
  if (!is_one_soa(d.old_soa) || !is_one_soa(d.new_soa)) return false;
  out = std::move(d);
  return true;
}

std::optional<IxfrJournal> IxfrJournal::open(const std::string& path, std::string& error) {
  IxfrJournal j(path);
  if (!j.load(error)) return std::nullopt;
  return j;
}

IxfrJournal::IxfrJournal(IxfrJournal&& o) noexcept
    : path_(std::move(o.path_)),
      fd_(std::exchange(o.fd_, -1)),
      entries_(std::move(o.entries_)),
      end_(o.end_),
      recovered_bytes_(o.recovered_bytes_),
      error_(std::move(o.error_)) {}

IxfrJournal& IxfrJournal::operator=(IxfrJournal&& o) noexcept {
  if (this != &o) {
    close_fd();
    path_ = std::move(o.path_);
    fd_ = std::exchange(o.fd_, -1);
    entries_ = std::move(o.entries_);
    end_ = o.end_;
    recovered_bytes_ = o.recovered_bytes_;
    error_ = std::move(o.error_);
  }
  return *this;
}

IxfrJournal::~IxfrJournal() {
  close_fd();
}

void IxfrJournal::close_fd() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool IxfrJournal::fail(std::string message) {
  error_ = std::move(message);
  return false;
}

std::size_t IxfrJournal::bytes() const {
  return entries_.empty() ? 0 : static_cast<std::size_t>(end_ - entries_.front().offset);
}

bool IxfrJournal::load(std::string& error) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT) return true;  // an empty journal; the first append creates it
    error = errno_text("cannot open", path_);
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    error = errno_text("cannot stat", path_);
    return false;
  }
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::uint8_t expected[kHeaderSize];
  header_bytes(expected);
  std::uint8_t header[kHeaderSize];
  const std::size_t have = static_cast<std::size_t>(std::min<std::uint64_t>(size, kHeaderSize));
  if (!read_all(fd_, header, have, 0)) {
    error = errno_text("cannot read", path_);
    return false;
  }
  if (std::memcmp(header, expected, std::min<std::size_t>(have, sizeof kMagic)) != 0) {
    error = path_ + ": not an IXFR journal";
    return false;
  }
  std::uint64_t good = 0;
  if (have == kHeaderSize) {
    if (wire::load_u32(header + 8) != kVersion) {
      error = path_ + ": unsupported IXFR journal version " +
              std::to_string(wire::load_u32(header + 8));
      return false;
    }
    good = kHeaderSize;
    std::vector<std::uint8_t> payload;
    ZoneDelta delta;
    while (size - good >= kEntryHeaderSize) {
      std::uint8_t eh[kEntryHeaderSize];
      if (!read_all(fd_, eh, sizeof eh, good)) {
        error = errno_text("cannot read", path_);
        return false;
      }
      Entry e{good, wire::load_u32(eh), wire::load_u32(eh + 4), wire::load_u32(eh + 8)};
      if (size - good - kEntryHeaderSize < e.length) break;  // torn
      payload.resize(e.length);
      if (!read_all(fd_, payload.data(), payload.size(), good + kEntryHeaderSize)) {
        error = errno_text("cannot read", path_);
        return false;
      }
      if (crc32c(payload, crc32c({eh, 12})) != wire::load_u32(eh + 12)) break;
      if (!parse_delta(payload, delta) || delta.old_serial() != e.old_serial ||
          delta.new_serial() != e.new_serial || !wire::serial_gt(e.new_serial, e.old_serial))
        break;
      if (!entries_.empty() && entries_.back().new_serial != e.old_serial) break;
      entries_.push_back(e);
      good += kEntryHeaderSize + e.length;
    }
  }
  // A header torn at creation leaves no entries and is written again by the first append.
  if (good < size) {
    if (::ftruncate(fd_, static_cast<off_t>(good)) != 0 || ::fdatasync(fd_) != 0) {
      error = errno_text("cannot truncate", path_);
      return false;
    }
    recovered_bytes_ = static_cast<std::size_t>(size - good);
  }
  end_ = good;
  return true;
}

bool IxfrJournal::create_file() {
  bool created = false;
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return fail(errno_text("cannot create", path_));
    created = true;
  }
  std::uint8_t header[kHeaderSize];
  header_bytes(header);
  if (::ftruncate(fd_, 0) != 0 || !write_all(fd_, header, sizeof header, 0) ||
      ::fdatasync(fd_) != 0)
    return fail(errno_text("cannot write", path_));
  if (created && !sync_directory(path_))
    return fail(errno_text("cannot sync the directory of", path_));
  end_ = kHeaderSize;
  return true;
}

bool IxfrJournal::append(const ZoneDelta& delta) {
  if (!is_one_soa(delta.old_soa) || !is_one_soa(delta.new_soa))
    return fail("a delta needs exactly one old and one new SOA");
  const std::uint32_t from = delta.old_serial(), to = delta.new_serial();
  if (!wire::serial_gt(to, from))
    return fail("serial " + std::to_string(to) + " is not newer than " + std::to_string(from));
  std::vector<std::uint8_t> buffer(kEntryHeaderSize);
  serialize_delta(delta, buffer);
  const std::size_t payload = buffer.size() - kEntryHeaderSize;
  if (payload > 0xFFFFFFFFu) return fail("delta too large for the journal");
  entry_header(buffer.data(), std::span(buffer).subspan(kEntryHeaderSize), from, to);
  if (!entries_.empty() && entries_.back().new_serial != from) {
    // Not a continuation: the older entries lead to a version that is gone.
    if (::ftruncate(fd_, static_cast<off_t>(kHeaderSize)) != 0)
      return fail(errno_text("cannot truncate", path_));
    entries_.clear();
    end_ = kHeaderSize;
  }
  if (end_ == 0 && !create_file()) return false;
  if (!write_all(fd_, buffer.data(), buffer.size(), end_) || ::fdatasync(fd_) != 0) {
    std::string message = errno_text("cannot write", path_);
    // Leave no partial entry behind (open() would drop it anyway).
    const int ignored = ::ftruncate(fd_, static_cast<off_t>(end_));
    (void)ignored;
    return fail(std::move(message));
  }
  entries_.push_back({end_, static_cast<std::uint32_t>(payload), from, to});
  end_ += buffer.size();
  return true;
}

bool IxfrJournal::trim(std::size_t max_count, std::size_t max_bytes) {
  std::size_t keep_from = 0;
  if (max_count > 0 && entries_.size() > max_count) keep_from = entries_.size() - max_count;
  if (max_bytes > 0) {
    while (keep_from < entries_.size() && end_ - entries_[keep_from].offset > max_bytes)
      ++keep_from;
  }
  if (keep_from == 0) return true;

  const std::string temp = path_ + ".tmp";
  const int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) return fail(errno_text("cannot create", temp));
  auto abandon = [&](const std::string& what) {
    std::string message = errno_text(what, temp);
    ::close(out);
    ::unlink(temp.c_str());
    return fail(std::move(message));
  };
  std::uint8_t header[kHeaderSize];
  header_bytes(header);
  if (!write_all(out, header, sizeof header, 0)) return abandon("cannot write");
  const std::uint64_t from =
      keep_from < entries_.size() ? entries_[keep_from].offset : end_;  // first kept octet
  std::vector<std::uint8_t> chunk(static_cast<std::size_t>(
      std::min<std::uint64_t>(kCopyChunk, std::max<std::uint64_t>(end_ - from, 1))));
  for (std::uint64_t at = from; at < end_;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), end_ - at));
    if (!read_all(fd_, chunk.data(), n, at)) return abandon("cannot read the journal for");
    if (!write_all(out, chunk.data(), n, kHeaderSize + (at - from))) return abandon("cannot write");
    at += n;
  }
  if (::fsync(out) != 0) return abandon("cannot sync");
  if (::close(out) != 0) {
    std::string message = errno_text("cannot close", temp);
    ::unlink(temp.c_str());
    return fail(std::move(message));
  }
  if (::rename(temp.c_str(), path_.c_str()) != 0) {
    std::string message = errno_text("cannot rename over", path_);
    ::unlink(temp.c_str());
    return fail(std::move(message));
  }
  // The journal is the new file now, whatever happens next.
  const int fd = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  const bool synced = sync_directory(path_);
  close_fd();
  fd_ = fd;
  const std::uint64_t shift = from - kHeaderSize;
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(keep_from));
  for (Entry& e : entries_)
    e.offset -= shift;
  end_ -= shift;
  if (fd_ < 0) {
    end_ = 0;
    entries_.clear();
    return fail(errno_text("cannot reopen", path_));
  }
  if (!synced) return fail(errno_text("cannot sync the directory of", path_));
  return true;
}

bool IxfrJournal::read_entry(const Entry& e, std::vector<std::uint8_t>& payload) const {
  std::uint8_t eh[kEntryHeaderSize];
  payload.resize(e.length);
  if (!read_all(fd_, eh, sizeof eh, e.offset) ||
      !read_all(fd_, payload.data(), payload.size(), e.offset + kEntryHeaderSize)) {
    error_ = errno_text("cannot read", path_);
    return false;
  }
  if (wire::load_u32(eh) != e.length ||
      crc32c(payload, crc32c({eh, 12})) != wire::load_u32(eh + 12)) {
    error_ = path_ + ": entry at offset " + std::to_string(e.offset) + " changed on disk";
    return false;
  }
  return true;
}

std::optional<std::vector<ZoneDelta>> IxfrJournal::deltas_since(std::uint32_t serial) const {
  if (entries_.empty()) return std::nullopt;
  if (serial == last_serial()) return std::vector<ZoneDelta>{};
  // From the newest: serials wrap (RFC 1982), so after 2^32 versions an old one could come
  // back; only the most recent occurrence leads to the current version.
  std::size_t i = entries_.size();
  while (i > 0 && entries_[i - 1].old_serial != serial)
    --i;
  if (i == 0) return std::nullopt;
  std::vector<ZoneDelta> chain;
  chain.reserve(entries_.size() - (i - 1));
  std::vector<std::uint8_t> payload;
  for (std::size_t k = i - 1; k < entries_.size(); ++k) {
    ZoneDelta d;
    if (!read_entry(entries_[k], payload) || !parse_delta(payload, d)) return std::nullopt;
    chain.push_back(std::move(d));
  }
  return chain;
}

}  // namespace zoned::transfer
