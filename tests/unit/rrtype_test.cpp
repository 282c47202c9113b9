#include "wire/rrtype.h"

#include <gtest/gtest.h>

#include "wire/rrtype_table.h"

namespace zoned::wire {
namespace {

TEST(RrType, Mnemonics) {
  EXPECT_EQ(type_to_text(rrtype::A), "A");
  EXPECT_EQ(type_to_text(rrtype::NSEC3PARAM), "NSEC3PARAM");
  EXPECT_EQ(type_to_text(rrtype::NSAP_PTR), "NSAP-PTR");
  EXPECT_EQ(type_to_text(rrtype::TA), "TA");
  EXPECT_EQ(type_to_text(rrtype::DLV), "DLV");
  EXPECT_EQ(type_to_text(rrtype::AMTRELAY), "AMTRELAY");
  EXPECT_EQ(type_to_text(0), "TYPE0");
  EXPECT_EQ(type_to_text(65280), "TYPE65280");
  EXPECT_EQ(type_to_text(261), "TYPE261");
  EXPECT_EQ(type_to_text(32770), "TYPE32770");
}

TEST(RrType, FromText) {
  EXPECT_EQ(type_from_text("A"), rrtype::A);
  EXPECT_EQ(type_from_text("mx"), rrtype::MX);
  EXPECT_EQ(type_from_text("Nsec3Param"), rrtype::NSEC3PARAM);
  EXPECT_EQ(type_from_text("nsap-ptr"), rrtype::NSAP_PTR);
  EXPECT_EQ(type_from_text("DLV"), rrtype::DLV);
  EXPECT_EQ(type_from_text("TYPE1"), rrtype::A);
  EXPECT_EQ(type_from_text("type65535"), 65535);
  EXPECT_EQ(type_from_text("TYPE0"), 0);
  EXPECT_FALSE(type_from_text("TYPE65536"));
  EXPECT_FALSE(type_from_text("TYPE"));
  EXPECT_FALSE(type_from_text("TYPEx"));
  EXPECT_FALSE(type_from_text("TYPE-1"));
  EXPECT_FALSE(type_from_text(""));
  EXPECT_FALSE(type_from_text("AA"));
  EXPECT_FALSE(type_from_text("A "));
  EXPECT_FALSE(type_from_text("IN"));
  EXPECT_FALSE(type_from_text("NSAP_PTR"));
}

TEST(RrType, EveryCodeRoundTrips) {
  for (std::uint32_t t = 0; t <= 65535; ++t) {
    std::uint16_t type = static_cast<std::uint16_t>(t);
    EXPECT_EQ(type_from_text(type_to_text(type)), type) << t;
  }
}

TEST(RrType, TableIsConsistent) {
  for (std::uint32_t t = 0; t <= 65535; ++t) {
    const TypeSpec* spec = find_type(static_cast<std::uint16_t>(t));
    if (spec == nullptr) continue;
    EXPECT_EQ(spec->code, t);
    EXPECT_EQ(find_type(spec->mnemonic), spec) << spec->mnemonic;
    for (const FieldSpec& f : spec->fields) {
      EXPECT_NE(f.label, nullptr);
      // Only names carry name flags; compressible names are always decompressed too.
      if (f.kind != FieldKind::kName) {
        EXPECT_EQ(f.name_flags, 0) << spec->mnemonic;
      }
      if (f.name_flags & kNameCompress) {
        EXPECT_TRUE(f.name_flags & kNameDecompress);
      }
    }
  }
}

TEST(RrType, MetaTypes) {
  EXPECT_TRUE(is_meta_type(rrtype::OPT));
  EXPECT_TRUE(is_meta_type(rrtype::AXFR));
  EXPECT_TRUE(is_meta_type(rrtype::ANY));
  EXPECT_FALSE(is_meta_type(rrtype::URI));
  EXPECT_FALSE(is_meta_type(rrtype::A));
}

TEST(RrClass, Mnemonics) {
  EXPECT_EQ(class_to_text(rrclass::IN), "IN");
  EXPECT_EQ(class_to_text(rrclass::CH), "CH");
  EXPECT_EQ(class_to_text(rrclass::HS), "HS");
  EXPECT_EQ(class_to_text(rrclass::NONE), "NONE");
  EXPECT_EQ(class_to_text(rrclass::ANY), "ANY");
  EXPECT_EQ(class_to_text(2), "CLASS2");
  EXPECT_EQ(class_from_text("in"), rrclass::IN);
  EXPECT_EQ(class_from_text("CHAOS"), rrclass::CH);
  EXPECT_EQ(class_from_text("hesiod"), rrclass::HS);
  EXPECT_EQ(class_from_text("none"), rrclass::NONE);
  EXPECT_EQ(class_from_text("ANY"), rrclass::ANY);
  EXPECT_EQ(class_from_text("CLASS1"), rrclass::IN);
  EXPECT_EQ(class_from_text("class65535"), 65535);
  EXPECT_FALSE(class_from_text("CLASS65536"));
  EXPECT_FALSE(class_from_text("CLASS"));
  EXPECT_FALSE(class_from_text("A"));
  for (std::uint32_t c = 0; c <= 65535; ++c)
    EXPECT_EQ(class_from_text(class_to_text(static_cast<std::uint16_t>(c))), c);
}

TEST(DnssecMnemonics, Algorithms) {
  EXPECT_EQ(dnssec_algorithm_from_text("RSASHA256"), 8);
  EXPECT_EQ(dnssec_algorithm_from_text("ecdsap256sha256"), 13);
  EXPECT_EQ(dnssec_algorithm_from_text("NSEC3RSASHA1"), 7);
  EXPECT_EQ(dnssec_algorithm_from_text("RSASHA1-NSEC3-SHA1"), 7);
  EXPECT_EQ(dnssec_algorithm_from_text("253"), 253);
  EXPECT_FALSE(dnssec_algorithm_from_text("256"));
  EXPECT_FALSE(dnssec_algorithm_from_text("RSA"));
  EXPECT_EQ(dnssec_algorithm_mnemonic(7), "RSASHA1NSEC3SHA1");
  EXPECT_EQ(dnssec_algorithm_mnemonic(9), "");
  EXPECT_EQ(cert_type_from_text("pgp"), 3);
  EXPECT_EQ(cert_type_from_text("65535"), 65535);
  EXPECT_EQ(cert_type_mnemonic(254), "OID");
  EXPECT_EQ(cert_type_mnemonic(9), "");
}

}  // namespace
}  // namespace zoned::wire
