#include "wire/name_compression.h"

#include <gtest/gtest.h>

#include "test_packet.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wire/rrtype.h"
#include "wire/rrtype_table.h"

namespace zoned::wire {
namespace {

using test::Pkt;

std::string text_at(const Pkt& p, std::size_t off) {
  std::uint8_t out[kMaxNameLength];
  NameRead r = read_name(p.span(), off, out);
  if (r.error != NameWireError::kOk) return std::string("error: ") + to_string(r.error);
  return to_text(NameView(out, r.length));
}

NameWireError error_at(const Pkt& p, std::size_t off) {
  return read_name(p.span(), off, nullptr).error;
}

Name make(std::string_view text) {
  Name n;
  EXPECT_EQ(parse_name(text, nullptr, n), NameTextError::kOk) << text;
  return n;
}

TEST(ReadName, Uncompressed) {
  Pkt p;
  p.name("www.example.com");
  NameRead r = read_name(p.span(), 12, nullptr);
  ASSERT_EQ(r.error, NameWireError::kOk);
  EXPECT_EQ(r.length, 17u);
  EXPECT_EQ(r.end, 12u + 17u);
  EXPECT_EQ(text_at(p, 12), "www.example.com.");
  Pkt root;
  root.raw({0});
  r = read_name(root.span(), 12, nullptr);
  EXPECT_EQ(r.length, 1u);
  EXPECT_EQ(r.end, 13u);
}

TEST(ReadName, PointerAndPointerToPointer) {
  Pkt p;
  p.name("example.com");  // 12
  std::size_t www = p.here();
  p.labels("www").ptr(12);
  std::size_t bare = p.here();
  p.ptr(12);
  std::size_t via = p.here();
  p.labels("ftp").ptr(bare);  // a pointer that leads to another pointer
  EXPECT_EQ(text_at(p, www), "www.example.com.");
  NameRead r = read_name(p.span(), www, nullptr);
  EXPECT_EQ(r.end, www + 6);  // the name's own octets end after its first pointer
  EXPECT_EQ(r.length, 17u);
  EXPECT_EQ(text_at(p, bare), "example.com.");
  EXPECT_EQ(text_at(p, via), "ftp.example.com.");
}

TEST(ReadName, PointerLoopOfOne) {
  Pkt p;
  p.ptr(12);  // points at itself
  EXPECT_EQ(error_at(p, 12), NameWireError::kPointerNotBackward);
  Pkt q;
  q.labels("a").ptr(14);  // a label, then a pointer at 14 that points at 14
  EXPECT_EQ(error_at(q, 12), NameWireError::kPointerNotBackward);
}

TEST(ReadName, PointerLoopOfTwo) {
  Pkt p;
  p.ptr(14).ptr(12);                                               // 12 -> 14 -> 12
  EXPECT_EQ(error_at(p, 12), NameWireError::kPointerNotBackward);  // forward first
  EXPECT_EQ(error_at(p, 14), NameWireError::kPointerNotBackward);  // back, then forward
  Pkt q;
  q.labels("a").ptr(16).labels("b").ptr(12);  // via labels: 12 a ->16 b ->12
  EXPECT_EQ(error_at(q, 12), NameWireError::kPointerNotBackward);
  EXPECT_EQ(error_at(q, 16), NameWireError::kPointerNotBackward);
}

TEST(ReadName, ForwardPointer) {
  Pkt p;
  p.labels("www").ptr(18).name("example.com");  // 12: www, 16: ptr, 18: example.com
  EXPECT_EQ(error_at(p, 12), NameWireError::kPointerNotBackward);
  // A pointer must land strictly before the start of the name being read, even when the
  // target is before the pointer itself.
  Pkt q;
  q.name("example.com");        // 12..24
  q.labels("www").ptr(25 + 1);  // 25: www (4 octets), ptr -> 26, inside this very name
  EXPECT_EQ(error_at(q, 25), NameWireError::kPointerNotBackward);
}

TEST(ReadName, PointerIntoHeaderOrPastEnd) {
  Pkt p;
  p.ptr(5);
  EXPECT_EQ(error_at(p, 12), NameWireError::kPointerIntoHeader);
  Pkt z;
  z.ptr(0);
  EXPECT_EQ(error_at(z, 12), NameWireError::kPointerIntoHeader);
  Pkt q;
  q.raw({0}).ptr(0x3FFF);
  EXPECT_EQ(error_at(q, 13), NameWireError::kPointerPastEnd);
  Pkt e;
  e.raw({0}).ptr(15);  // exactly the message size
  EXPECT_EQ(error_at(e, 13), NameWireError::kPointerPastEnd);
  Pkt half;
  half.raw({0xC0});  // only the first octet of a pointer
  EXPECT_EQ(error_at(half, 12), NameWireError::kTruncated);
}

TEST(ReadName, LabelTypes) {
  Pkt ok;
  ok.label(63).raw({0});
  EXPECT_EQ(error_at(ok, 12), NameWireError::kOk);
  Pkt l64;
  l64.label(64).raw({0});
  EXPECT_EQ(error_at(l64, 12), NameWireError::kBadLabelType);
  Pkt ext;
  ext.raw({0x41, 0x00, 0x00});  // 0x40 extended label type (RFC 6891 §5)
  EXPECT_EQ(error_at(ext, 12), NameWireError::kBadLabelType);
  Pkt reserved;
  reserved.raw({0x80, 0x01, 0x00});
  EXPECT_EQ(error_at(reserved, 12), NameWireError::kBadLabelType);
}

TEST(ReadName, Truncated) {
  Pkt p;
  p.labels("www");  // no root octet
  EXPECT_EQ(error_at(p, 12), NameWireError::kTruncated);
  Pkt q;
  q.raw({5, 'a', 'b'});
  EXPECT_EQ(error_at(q, 12), NameWireError::kTruncated);
  Pkt empty;
  EXPECT_EQ(error_at(empty, 12), NameWireError::kTruncated);
}

// A suffix of three 63-octet labels (193 octets with the root) and a prefix label that
// points to it: 255 octets decompressed is the maximum, 256 is one too many.
TEST(ReadName, LengthAfterDecompression) {
  Pkt p;
  p.label(63).label(63).label(63).raw({0});  // 12..204
  std::size_t fits = p.here();
  p.label(61, 'b').ptr(12);  // 62 + 193 = 255
  std::size_t over = p.here();
  p.label(62, 'c').ptr(12);  // 63 + 193 = 256
  NameRead r = read_name(p.span(), fits, nullptr);
  EXPECT_EQ(r.error, NameWireError::kOk);
  EXPECT_EQ(r.length, 255u);
  EXPECT_EQ(error_at(p, over), NameWireError::kNameTooLong);

  Pkt flat;  // the same without compression
  flat.label(62).label(63).label(63).label(63).raw({0});
  EXPECT_EQ(error_at(flat, 12), NameWireError::kNameTooLong);
  Pkt flat_ok;
  flat_ok.label(61).label(63).label(63).label(63).raw({0});
  EXPECT_EQ(read_name(flat_ok.span(), 12, nullptr).length, 255u);
}

TEST(ReadName, BoundsThePointerChain) {
  Pkt p;
  p.raw({0});  // root at 12
  std::size_t prev = 12;
  std::vector<std::size_t> at;
  for (int i = 0; i < 200; ++i) {
    at.push_back(p.here());
    p.ptr(prev);
    prev = at.back();
  }
  EXPECT_EQ(error_at(p, at[kMaxPointerHops - 1]), NameWireError::kOk);  // 128 hops
  EXPECT_EQ(error_at(p, at[kMaxPointerHops]), NameWireError::kTooManyPointers);
  EXPECT_EQ(error_at(p, at.back()), NameWireError::kTooManyPointers);
}

TEST(ReadName, UncompressedOnly) {
  Pkt p;
  p.name("example.com").labels("www").ptr(12);
  EXPECT_EQ(read_uncompressed_name(p.span(), 12, nullptr).error, NameWireError::kOk);
  EXPECT_EQ(read_uncompressed_name(p.span(), 25, nullptr).error, NameWireError::kCompressed);
}

TEST(CompressibleRdata, Rfc3597Lists) {
  for (std::uint16_t t :
       {rrtype::NS, rrtype::MD, rrtype::MF, rrtype::CNAME, rrtype::SOA, rrtype::MB, rrtype::MG,
        rrtype::MR, rrtype::PTR, rrtype::MINFO, rrtype::MX}) {
    ASSERT_NE(compressible_rdata(t), nullptr) << t;
    EXPECT_TRUE(compressible_rdata(t)->compress_on_build) << t;
  }
  for (std::uint16_t t : {rrtype::RP, rrtype::AFSDB, rrtype::RT, rrtype::PX, rrtype::NAPTR,
                          rrtype::SRV, rrtype::SIG, rrtype::NXT}) {
    ASSERT_NE(compressible_rdata(t), nullptr) << t;
    EXPECT_FALSE(compressible_rdata(t)->compress_on_build) << t;
  }
  // KX is not in RFC 3597's list, and RFC 2230 forbids compressing it.
  for (std::uint16_t t : {rrtype::A, rrtype::TXT, rrtype::DNAME, rrtype::RRSIG, rrtype::NSEC,
                          rrtype::KX, rrtype::SVCB, rrtype::HTTPS, std::uint16_t{65280}})
    EXPECT_EQ(compressible_rdata(t), nullptr) << t;
}

// ----- compression while building -----

struct Out {
  std::vector<std::uint8_t> b = std::vector<std::uint8_t>(70000, 0);
  std::size_t pos = 12;
  CompressionTable table;

  std::size_t put(std::string_view text) {
    std::size_t at = pos;
    pos = write_name(b.data(), pos, b.size(), make(text), &table);
    EXPECT_NE(pos, 0u) << text;
    return at;
  }
  std::vector<std::uint8_t> at(std::size_t off, std::size_t n) const {
    return {b.begin() + static_cast<std::ptrdiff_t>(off),
            b.begin() + static_cast<std::ptrdiff_t>(off + n)};
  }
  std::string text(std::size_t off) const {
    std::uint8_t out[kMaxNameLength];
    NameRead r = read_name({b.data(), pos}, off, out);
    if (r.error != NameWireError::kOk) return to_string(r.error);
    return to_text(NameView(out, r.length));
  }
};

std::vector<std::uint8_t> pointer(std::size_t off) {
  return {static_cast<std::uint8_t>(0xC0 | (off >> 8)), static_cast<std::uint8_t>(off)};
}

TEST(CompressionTable, PointsToTheLongestSuffix) {
  Out o;
  std::size_t www = o.put("www.example.com.");
  EXPECT_EQ(o.pos - www, 17u);  // nothing to point to yet
  std::size_t mail = o.put("mail.example.com.");
  EXPECT_EQ(o.pos - mail, 7u);  // "mail" + pointer to example.com at 16
  EXPECT_EQ(o.at(mail + 5, 2), pointer(16));
  std::size_t same = o.put("www.example.com.");
  EXPECT_EQ(o.at(same, 2), pointer(www));
  EXPECT_EQ(o.pos - same, 2u);
  std::size_t com = o.put("com.");
  EXPECT_EQ(o.at(com, 2), pointer(24));
  std::size_t sub = o.put("a.mail.example.com.");  // longest: mail.example.com at `mail`
  EXPECT_EQ(o.at(sub + 2, 2), pointer(mail));
  std::size_t deeper = o.put("b.a.mail.example.com.");  // a.mail... was written at `sub`
  EXPECT_EQ(o.at(deeper + 2, 2), pointer(sub));
  std::size_t other = o.put("example.org.");  // only the root is shared
  EXPECT_EQ(o.pos - other, 13u);
  EXPECT_EQ(o.text(deeper), "b.a.mail.example.com.");
  EXPECT_EQ(o.text(mail), "mail.example.com.");
}

TEST(CompressionTable, CaseInsensitiveKeepingTheFirstCase) {
  Out o;
  o.put("WWW.Example.COM.");
  std::size_t lower = o.put("www.example.com.");
  EXPECT_EQ(o.pos - lower, 2u);
  EXPECT_EQ(o.text(lower), "WWW.Example.COM.");
  std::size_t ftp = o.put("ftp.EXAMPLE.com.");
  EXPECT_EQ(o.text(ftp), "ftp.Example.COM.");
}

TEST(CompressionTable, RootIsOneOctet) {
  Out o;
  o.put("example.");
  std::size_t root = o.put(".");
  EXPECT_EQ(o.pos - root, 1u);
  EXPECT_EQ(o.b[root], 0);
  EXPECT_EQ(o.table.size(), 1u);
}

TEST(CompressionTable, RollbackForgetsLaterNames) {
  Out o;
  o.put("example.com.");
  std::size_t mark = o.table.mark();
  std::size_t pos_mark = o.pos;
  o.put("foo.example.net.");
  EXPECT_EQ(o.table.size(), mark + 3);
  o.table.rollback(mark);
  o.pos = pos_mark;
  std::size_t bar = o.put("bar.example.net.");  // example.net must not be found any more
  EXPECT_EQ(o.pos - bar, 17u);
  EXPECT_EQ(o.text(bar), "bar.example.net.");
  std::size_t again = o.put("x.example.com.");  // what came before the mark stays
  EXPECT_EQ(o.pos - again, 4u);
  o.table.clear();
  EXPECT_EQ(o.table.size(), 0u);
  std::size_t fresh = o.put("example.com.");
  EXPECT_EQ(o.pos - fresh, 13u);
}

TEST(CompressionTable, FullTableStillWritesCorrectNames) {
  Out o;
  for (std::size_t i = 0; o.table.size() < CompressionTable::kCapacity; ++i)
    o.put("n" + std::to_string(i) + ".");
  std::size_t n = o.table.size();
  std::size_t a = o.put("not-remembered.example.");
  EXPECT_EQ(o.table.size(), n);
  std::size_t b = o.put("not-remembered.example.");
  EXPECT_EQ(o.pos - b, 24u);  // written in full again
  EXPECT_EQ(o.text(a), "not-remembered.example.");
  EXPECT_EQ(o.text(b), "not-remembered.example.");
  std::size_t c = o.put("n0.");  // still found
  EXPECT_EQ(o.pos - c, 2u);
}

TEST(CompressionTable, OnlyRemembersOffsetsAPointerCanReach) {
  Out o;
  o.pos = 0x3FFE;  // "ab" at 0x3FFE: the label is reachable, "example." at 0x4001 is not
  o.put("ab.example.");
  EXPECT_EQ(o.table.size(), 1u);
  std::size_t again = o.put("ab.example.");
  EXPECT_EQ(o.at(again, 2), pointer(0x3FFE));
  std::size_t other = o.put("cd.example.");  // example. alone was never remembered
  EXPECT_EQ(o.pos - other, 12u);
  EXPECT_EQ(o.table.size(), 1u);
}

TEST(CompressionTable, NoRoomWritesNothing) {
  std::uint8_t buf[40] = {};
  CompressionTable t;
  Name n = make("www.example.com.");
  EXPECT_EQ(write_name(buf, 12, 28, n, &t), 0u);  // needs 17, has 16
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(write_name(buf, 12, 29, n, &t), 29u);
  EXPECT_EQ(write_name(buf, 29, 30, n, &t), 0u);  // a pointer needs 2
  EXPECT_EQ(write_name(buf, 29, 31, n, &t), 31u);
  EXPECT_EQ(write_name(buf, 31, 40, n, nullptr), 0u);  // uncompressed needs 17
}

TEST(CompressionTable, SuffixHashesIgnoreCase) {
  Name a = make("WWW.Example.Com.");
  Name b = make("www.example.com.");
  NameSuffixes sa(a);
  NameSuffixes sb(b);
  ASSERT_EQ(sa.count, 3u);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(sa.hash[i], sb.hash[i]);
  EXPECT_NE(sa.hash[0], sa.hash[1]);
  EXPECT_EQ(sa.start[1], 4u);
  EXPECT_EQ(sa.start[2], 12u);
}

// The message layer keeps its own layouts of the RDATA that may hold compressed names
// (they describe compressed wire, which the type table does not); both must agree on which
// types those are and which of them a sender may compress.
TEST(CompressibleRdata, AgreesWithTheTypeTable) {
  for (std::uint32_t code = 1; code < 65536; ++code) {
    auto type = static_cast<std::uint16_t>(code);
    const CompressibleRdata* layout = compressible_rdata(type);
    const TypeSpec* spec = find_type(type);
    if (spec != nullptr && spec->fields.empty()) continue;  // "\\#" only (NXT): layout rules
    bool decompress = false, compress = false;
    if (spec != nullptr) {
      for (const FieldSpec& f : spec->fields) {
        if (f.kind != FieldKind::kName) continue;
        decompress |= (f.name_flags & kNameDecompress) != 0;
        compress |= (f.name_flags & kNameCompress) != 0;
      }
    }
    EXPECT_EQ(layout != nullptr, decompress) << type_to_text(type);
    if (layout != nullptr) {
      EXPECT_EQ(layout->compress_on_build, compress) << type_to_text(type);
    }
  }
}

}  // namespace
}  // namespace zoned::wire
