// The 12-octet DNS message header (RFC 1035 §4.1.1), its flag bits, opcodes and rcodes,
// including the 12-bit extended rcodes that EDNS (RFC 6891 §6.1.3) and TSIG (RFC 8945) use.
#pragma once

#include <cstddef>
#include <cstdint>

namespace zoned::wire {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::size_t kMaxMessageSize = 65535;  // the TCP length prefix is 16 bits
inline constexpr std::size_t kMaxUdpSize = 512;        // without EDNS (RFC 1035 §4.2.1)
inline constexpr std::size_t kMaxRdataLength = 65535;

enum class Section : std::uint8_t { kQuestion, kAnswer, kAuthority, kAdditional };

// Bits of the header's second 16-bit word, as they sit on the wire.
namespace flag {
inline constexpr std::uint16_t QR = 0x8000, AA = 0x0400, TC = 0x0200, RD = 0x0100, RA = 0x0080,
                               Z = 0x0040, AD = 0x0020, CD = 0x0010;
}

enum class Opcode : std::uint8_t {
  kQuery = 0,
  kIQuery = 1,  // obsolete (RFC 3425)
  kStatus = 2,
  kNotify = 4,  // RFC 1996
  kUpdate = 5,  // RFC 2136
  kDso = 6,     // RFC 8490
};

// Every rcode as a 12-bit value. Values above 15 only exist with EDNS (upper 8 bits in the
// OPT TTL) or inside TSIG/TKEY RDATA, where 16 means BADSIG instead of BADVERS.
enum class Rcode : std::uint16_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5,
  kYxDomain = 6,
  kYxRrset = 7,
  kNxRrset = 8,
  kNotAuth = 9,
  kNotZone = 10,
  kDsoTypeNi = 11,
  kBadVers = 16,
  kBadSig = 16,
  kBadKey = 17,
  kBadTime = 18,
  kBadMode = 19,
  kBadName = 20,
  kBadAlg = 21,
  kBadTrunc = 22,
  kBadCookie = 23,
};

// The low 4 bits go in the header, the high 8 bits in the OPT record's TTL.
constexpr std::uint8_t rcode_low_bits(Rcode r) {
  return static_cast<std::uint8_t>(static_cast<std::uint16_t>(r) & 0xF);
}
constexpr std::uint8_t rcode_high_bits(Rcode r) {
  return static_cast<std::uint8_t>(static_cast<std::uint16_t>(r) >> 4);
}
constexpr Rcode combine_rcode(std::uint8_t low_bits, std::uint8_t high_bits) {
  return static_cast<Rcode>((high_bits << 4) | (low_bits & 0xF));
}

constexpr const char* to_string(Section s) {
  switch (s) {
    case Section::kQuestion:
      return "question";
    case Section::kAnswer:
      return "answer";
    case Section::kAuthority:
      return "authority";
    case Section::kAdditional:
      return "additional";
  }
  return "unknown";
}

constexpr const char* to_string(Opcode o) {
  switch (o) {
    case Opcode::kQuery:
      return "QUERY";
    case Opcode::kIQuery:
      return "IQUERY";
    case Opcode::kStatus:
      return "STATUS";
    case Opcode::kNotify:
      return "NOTIFY";
    case Opcode::kUpdate:
      return "UPDATE";
    case Opcode::kDso:
      return "DSO";
  }
  return "RESERVED";
}

// Rcode 16 prints as BADVERS: a message header/OPT can only mean that one.
constexpr const char* to_string(Rcode r) {
  switch (r) {
    case Rcode::kNoError:
      return "NOERROR";
    case Rcode::kFormErr:
      return "FORMERR";
    case Rcode::kServFail:
      return "SERVFAIL";
    case Rcode::kNxDomain:
      return "NXDOMAIN";
    case Rcode::kNotImp:
      return "NOTIMP";
    case Rcode::kRefused:
      return "REFUSED";
    case Rcode::kYxDomain:
      return "YXDOMAIN";
    case Rcode::kYxRrset:
      return "YXRRSET";
    case Rcode::kNxRrset:
      return "NXRRSET";
    case Rcode::kNotAuth:
      return "NOTAUTH";
    case Rcode::kNotZone:
      return "NOTZONE";
    case Rcode::kDsoTypeNi:
      return "DSOTYPENI";
    case Rcode::kBadVers:
      return "BADVERS";
    case Rcode::kBadKey:
      return "BADKEY";
    case Rcode::kBadTime:
      return "BADTIME";
    case Rcode::kBadMode:
      return "BADMODE";
    case Rcode::kBadName:
      return "BADNAME";
    case Rcode::kBadAlg:
      return "BADALG";
    case Rcode::kBadTrunc:
      return "BADTRUNC";
    case Rcode::kBadCookie:
      return "BADCOOKIE";
  }
  return "RESERVED";
}

inline std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t load_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}
inline void store_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void store_u32(std::uint8_t* p, std::uint32_t v) {
  store_u16(p, static_cast<std::uint16_t>(v >> 16));
  store_u16(p + 2, static_cast<std::uint16_t>(v));
}

// The header in host order. `flags` keeps the wire layout of the second word so copying a
// query's flags into a response is one assignment.
struct Header {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;
  std::uint16_t qdcount = 0;
  std::uint16_t ancount = 0;
  std::uint16_t nscount = 0;
  std::uint16_t arcount = 0;

  bool has(std::uint16_t f) const { return (flags & f) != 0; }
  void set(std::uint16_t f, bool on) {
    flags = static_cast<std::uint16_t>(on ? (flags | f) : (flags & ~f));
  }
  Opcode opcode() const { return static_cast<Opcode>((flags >> 11) & 0xF); }
  void set_opcode(Opcode o) {
    flags =
        static_cast<std::uint16_t>((flags & ~0x7800) | ((static_cast<unsigned>(o) & 0xF) << 11));
  }
  // Only the 4 header bits; the full rcode needs the OPT record too (combine_rcode).
  std::uint8_t rcode_bits() const { return static_cast<std::uint8_t>(flags & 0xF); }
  void set_rcode(Rcode r) {
    flags = static_cast<std::uint16_t>((flags & ~0xF) | rcode_low_bits(r));
  }

  // `p` must hold kHeaderSize octets.
  static Header read(const std::uint8_t* p) {
    return {load_u16(p),     load_u16(p + 2), load_u16(p + 4),
            load_u16(p + 6), load_u16(p + 8), load_u16(p + 10)};
  }
  void write(std::uint8_t* p) const {
    store_u16(p, id);
    store_u16(p + 2, flags);
    store_u16(p + 4, qdcount);
    store_u16(p + 6, ancount);
    store_u16(p + 8, nscount);
    store_u16(p + 10, arcount);
  }
};

}  // namespace zoned::wire
