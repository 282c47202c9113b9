#include "wire/rrtype_table.h"

#include <array>

#include "wire/name.h"
#include "wire/presentation.h"
#include "wire/rrtype.h"

namespace zoned::wire {

namespace {

using K = FieldKind;

// RFC 1035 types: compressible, decompressed on receipt, lowercased for DNSSEC.
constexpr std::uint8_t kWellKnown = kNameCompress | kNameDecompress | kNameLowercase;
// Types that RFC 3597 §4 asks receivers to decompress and RFC 4034 §6.2 lowercases.
constexpr std::uint8_t kLegacyCompressed = kNameDecompress | kNameLowercase;

constexpr FieldSpec kA[] = {{K::kIPv4, 0, "address"}};
constexpr FieldSpec kNs[] = {{K::kName, kWellKnown, "nsdname"}};
constexpr FieldSpec kMd[] = {{K::kName, kWellKnown, "madname"}};
constexpr FieldSpec kCname[] = {{K::kName, kWellKnown, "cname"}};
constexpr FieldSpec kSoa[] = {{K::kName, kWellKnown, "mname"}, {K::kName, kWellKnown, "rname"},
                              {K::kU32, 0, "serial"},          {K::kPeriod, 0, "refresh"},
                              {K::kPeriod, 0, "retry"},        {K::kPeriod, 0, "expire"},
                              {K::kPeriod, 0, "minimum"}};
constexpr FieldSpec kMg[] = {{K::kName, kWellKnown, "mgmname"}};
constexpr FieldSpec kMr[] = {{K::kName, kWellKnown, "newname"}};
constexpr FieldSpec kWks[] = {
    {K::kIPv4, 0, "address"}, {K::kWksProtocol, 0, "protocol"}, {K::kWksBitmap, 0, "services"}};
constexpr FieldSpec kPtr[] = {{K::kName, kWellKnown, "ptrdname"}};
constexpr FieldSpec kHinfo[] = {{K::kString, 0, "cpu"}, {K::kString, 0, "os"}};
constexpr FieldSpec kMinfo[] = {{K::kName, kWellKnown, "rmailbx"},
                                {K::kName, kWellKnown, "emailbx"}};
constexpr FieldSpec kMx[] = {{K::kU16, 0, "preference"}, {K::kName, kWellKnown, "exchange"}};
constexpr FieldSpec kTxt[] = {{K::kStrings, 0, "text"}};
constexpr FieldSpec kRp[] = {{K::kName, kLegacyCompressed, "mbox"},
                             {K::kName, kLegacyCompressed, "txtdname"}};
constexpr FieldSpec kAfsdb[] = {{K::kU16, 0, "subtype"}, {K::kName, kLegacyCompressed, "hostname"}};
constexpr FieldSpec kX25[] = {{K::kString, 0, "psdn-address"}};
constexpr FieldSpec kIsdn[] = {{K::kString, 0, "isdn-address"}, {K::kOptString, 0, "subaddress"}};
constexpr FieldSpec kRt[] = {{K::kU16, 0, "preference"},
                             {K::kName, kLegacyCompressed, "intermediate-host"}};
constexpr FieldSpec kNsap[] = {{K::kNsap, 0, "address"}};
constexpr FieldSpec kNsapPtr[] = {{K::kName, 0, "owner"}};
// SIG is decompressed on receipt (RFC 3597 §4); RRSIG is not.
constexpr FieldSpec kSig[] = {{K::kTypeCode, 0, "type-covered"},
                              {K::kAlgorithm, 0, "algorithm"},
                              {K::kU8, 0, "labels"},
                              {K::kPeriod, 0, "original-ttl"},
                              {K::kTime, 0, "expiration"},
                              {K::kTime, 0, "inception"},
                              {K::kU16, 0, "key-tag"},
                              {K::kName, kLegacyCompressed, "signer"},
                              {K::kBase64, 0, "signature"}};
constexpr FieldSpec kRrsig[] = {{K::kTypeCode, 0, "type-covered"},
                                {K::kAlgorithm, 0, "algorithm"},
                                {K::kU8, 0, "labels"},
                                {K::kPeriod, 0, "original-ttl"},
                                {K::kTime, 0, "expiration"},
                                {K::kTime, 0, "inception"},
                                {K::kU16, 0, "key-tag"},
                                {K::kName, kNameLowercase, "signer"},
                                {K::kBase64, 0, "signature"}};
// KEY may carry no key at all (the NOKEY flag, RFC 2535 §3.1.2).
constexpr FieldSpec kKey[] = {{K::kU16, 0, "flags"},
                              {K::kU8, 0, "protocol"},
                              {K::kAlgorithm, 0, "algorithm"},
                              {K::kBase64Opt, 0, "public-key"}};
constexpr FieldSpec kPx[] = {{K::kU16, 0, "preference"},
                             {K::kName, kLegacyCompressed, "map822"},
                             {K::kName, kLegacyCompressed, "mapx400"}};
constexpr FieldSpec kAaaa[] = {{K::kIPv6, 0, "address"}};
constexpr FieldSpec kLoc[] = {{K::kLoc, 0, "location"}};
constexpr FieldSpec kSrv[] = {{K::kU16, 0, "priority"},
                              {K::kU16, 0, "weight"},
                              {K::kU16, 0, "port"},
                              {K::kName, kLegacyCompressed, "target"}};
constexpr FieldSpec kNaptr[] = {
    {K::kU16, 0, "order"},     {K::kU16, 0, "preference"},
    {K::kString, 0, "flags"},  {K::kString, 0, "services"},
    {K::kString, 0, "regexp"}, {K::kName, kLegacyCompressed, "replacement"}};
constexpr FieldSpec kKx[] = {{K::kU16, 0, "preference"}, {K::kName, kNameLowercase, "exchanger"}};
constexpr FieldSpec kCert[] = {{K::kCertType, 0, "type"},
                               {K::kU16, 0, "key-tag"},
                               {K::kCertAlgorithm, 0, "algorithm"},
                               {K::kBase64, 0, "certificate"}};
constexpr FieldSpec kDname[] = {{K::kName, kNameLowercase, "target"}};
constexpr FieldSpec kApl[] = {{K::kApl, 0, "prefixes"}};
constexpr FieldSpec kDs[] = {{K::kU16, 0, "key-tag"},
                             {K::kAlgorithm, 0, "algorithm"},
                             {K::kU8, 0, "digest-type"},
                             {K::kHex, 0, "digest"}};
constexpr FieldSpec kSshfp[] = {
    {K::kU8, 0, "algorithm"}, {K::kU8, 0, "fingerprint-type"}, {K::kHex, 0, "fingerprint"}};
// RFC 4025 §2.5: the public key is optional.
constexpr FieldSpec kIpseckey[] = {{K::kU8, 0, "precedence"},
                                   {K::kU8, 0, "gateway-type"},
                                   {K::kU8, 0, "algorithm"},
                                   {K::kIpsecGateway, 0, "gateway"},
                                   {K::kBase64Opt, 0, "public-key"}};
// RFC 6840 §5.1: the NSEC next name keeps its case.
constexpr FieldSpec kNsec[] = {{K::kName, 0, "next-domain"}, {K::kTypeBitmap, 0, "types"}};
constexpr FieldSpec kDnskey[] = {{K::kU16, 0, "flags"},
                                 {K::kU8, 0, "protocol"},
                                 {K::kAlgorithm, 0, "algorithm"},
                                 {K::kBase64, 0, "public-key"}};
constexpr FieldSpec kDhcid[] = {{K::kBase64, 0, "data"}};
constexpr FieldSpec kNsec3[] = {{K::kU8, 0, "hash-algorithm"},
                                {K::kU8, 0, "flags"},
                                {K::kU16, 0, "iterations"},
                                {K::kHexSalt, 0, "salt"},
                                {K::kBase32Hash, 0, "next-hashed-owner"},
                                {K::kTypeBitmap, 0, "types"}};
constexpr FieldSpec kNsec3param[] = {{K::kU8, 0, "hash-algorithm"},
                                     {K::kU8, 0, "flags"},
                                     {K::kU16, 0, "iterations"},
                                     {K::kHexSalt, 0, "salt"}};
constexpr FieldSpec kTlsa[] = {{K::kU8, 0, "usage"},
                               {K::kU8, 0, "selector"},
                               {K::kU8, 0, "matching-type"},
                               {K::kHex, 0, "certificate-data"}};
constexpr FieldSpec kOpenpgpkey[] = {{K::kBase64, 0, "public-key"}};
constexpr FieldSpec kCsync[] = {
    {K::kU32, 0, "serial"}, {K::kU16, 0, "flags"}, {K::kTypeBitmap, 0, "types"}};
constexpr FieldSpec kZonemd[] = {{K::kU32, 0, "serial"},
                                 {K::kU8, 0, "scheme"},
                                 {K::kU8, 0, "hash-algorithm"},
                                 {K::kHex, 0, "digest"}};
// RFC 9460 §2.2: TargetName is never compressed, and RFC 4034 predates it.
constexpr FieldSpec kSvcb[] = {
    {K::kU16, 0, "priority"}, {K::kName, 0, "target"}, {K::kSvcParams, 0, "params"}};
constexpr FieldSpec kNid[] = {{K::kU16, 0, "preference"}, {K::kIlnp64, 0, "node-id"}};
constexpr FieldSpec kL32[] = {{K::kU16, 0, "preference"}, {K::kIPv4, 0, "locator32"}};
constexpr FieldSpec kL64[] = {{K::kU16, 0, "preference"}, {K::kIlnp64, 0, "locator64"}};
constexpr FieldSpec kLp[] = {{K::kU16, 0, "preference"}, {K::kName, 0, "fqdn"}};
constexpr FieldSpec kEui48[] = {{K::kEui48, 0, "address"}};
constexpr FieldSpec kEui64[] = {{K::kEui64, 0, "address"}};
constexpr FieldSpec kUri[] = {
    {K::kU16, 0, "priority"}, {K::kU16, 0, "weight"}, {K::kTextToEnd, 0, "target"}};
constexpr FieldSpec kCaa[] = {
    {K::kU8, 0, "flags"}, {K::kCaaTag, 0, "tag"}, {K::kTextToEnd, 0, "value"}};

constexpr std::span<const FieldSpec> kNoFormat{};

constexpr std::uint16_t kNinfo = 56, kUnspec = 103;

// Mnemonics are dnspython's (which match BIND's), so bitmaps print identically.
constexpr TypeSpec kTypes[] = {
    {rrtype::A, "A", kA},
    {rrtype::NS, "NS", kNs},
    {rrtype::MD, "MD", kMd},
    {rrtype::MF, "MF", kMd},
    {rrtype::CNAME, "CNAME", kCname},
    {rrtype::SOA, "SOA", kSoa},
    {rrtype::MB, "MB", kMd},
    {rrtype::MG, "MG", kMg},
    {rrtype::MR, "MR", kMr},
    {rrtype::NULL_, "NULL", kNoFormat},
    {rrtype::WKS, "WKS", kWks},
    {rrtype::PTR, "PTR", kPtr},
    {rrtype::HINFO, "HINFO", kHinfo},
    {rrtype::MINFO, "MINFO", kMinfo},
    {rrtype::MX, "MX", kMx},
    {rrtype::TXT, "TXT", kTxt},
    {rrtype::RP, "RP", kRp},
    {rrtype::AFSDB, "AFSDB", kAfsdb},
    {rrtype::X25, "X25", kX25},
    {rrtype::ISDN, "ISDN", kIsdn},
    {rrtype::RT, "RT", kRt},
    {rrtype::NSAP, "NSAP", kNsap},
    {rrtype::NSAP_PTR, "NSAP-PTR", kNsapPtr},
    {rrtype::SIG, "SIG", kSig},
    {rrtype::KEY, "KEY", kKey},
    {rrtype::PX, "PX", kPx},
    {rrtype::GPOS, "GPOS", kNoFormat},
    {rrtype::AAAA, "AAAA", kAaaa},
    {rrtype::LOC, "LOC", kLoc},
    {rrtype::NXT, "NXT", kNoFormat},
    {rrtype::SRV, "SRV", kSrv},
    {rrtype::NAPTR, "NAPTR", kNaptr},
    {rrtype::KX, "KX", kKx},
    {rrtype::CERT, "CERT", kCert},
    {rrtype::A6, "A6", kNoFormat},
    {rrtype::DNAME, "DNAME", kDname},
    {rrtype::OPT, "OPT", kNoFormat},
    {rrtype::APL, "APL", kApl},
    {rrtype::DS, "DS", kDs},
    {rrtype::SSHFP, "SSHFP", kSshfp},
    {rrtype::IPSECKEY, "IPSECKEY", kIpseckey},
    {rrtype::RRSIG, "RRSIG", kRrsig},
    {rrtype::NSEC, "NSEC", kNsec},
    {rrtype::DNSKEY, "DNSKEY", kDnskey},
    {rrtype::DHCID, "DHCID", kDhcid},
    {rrtype::NSEC3, "NSEC3", kNsec3},
    {rrtype::NSEC3PARAM, "NSEC3PARAM", kNsec3param},
    {rrtype::TLSA, "TLSA", kTlsa},
    {rrtype::SMIMEA, "SMIMEA", kTlsa},
    {rrtype::HIP, "HIP", kNoFormat},
    {kNinfo, "NINFO", kNoFormat},
    {rrtype::CDS, "CDS", kDs},
    {rrtype::CDNSKEY, "CDNSKEY", kDnskey},
    {rrtype::OPENPGPKEY, "OPENPGPKEY", kOpenpgpkey},
    {rrtype::CSYNC, "CSYNC", kCsync},
    {rrtype::ZONEMD, "ZONEMD", kZonemd},
    {rrtype::SVCB, "SVCB", kSvcb},
    {rrtype::HTTPS, "HTTPS", kSvcb},
    {rrtype::SPF, "SPF", kTxt},
    {kUnspec, "UNSPEC", kNoFormat},
    {rrtype::NID, "NID", kNid},
    {rrtype::L32, "L32", kL32},
    {rrtype::L64, "L64", kL64},
    {rrtype::LP, "LP", kLp},
    {rrtype::EUI48, "EUI48", kEui48},
    {rrtype::EUI64, "EUI64", kEui64},
    {rrtype::TKEY, "TKEY", kNoFormat},
    {rrtype::TSIG, "TSIG", kNoFormat},
    {rrtype::IXFR, "IXFR", kNoFormat},
    {rrtype::AXFR, "AXFR", kNoFormat},
    {rrtype::MAILB, "MAILB", kNoFormat},
    {rrtype::MAILA, "MAILA", kNoFormat},
    {rrtype::ANY, "ANY", kNoFormat},
    {rrtype::URI, "URI", kUri},
    {rrtype::CAA, "CAA", kCaa},
    {rrtype::AVC, "AVC", kTxt},
    {rrtype::DOA, "DOA", kNoFormat},
    {rrtype::AMTRELAY, "AMTRELAY", kNoFormat},
    {rrtype::TA, "TA", kDs},
    {rrtype::DLV, "DLV", kDs},
};
constexpr std::size_t kTypeCount = sizeof kTypes / sizeof kTypes[0];
constexpr std::uint8_t kNoIndex = 0xff;
static_assert(kTypeCount < kNoIndex);

// Direct index for the dense low codes; TA and DLV are found by a scan of the tail.
constexpr std::size_t kDenseCodes = 261;
constexpr std::array<std::uint8_t, kDenseCodes> make_code_index() {
  std::array<std::uint8_t, kDenseCodes> index{};
  for (auto& i : index)
    i = kNoIndex;
  for (std::size_t i = 0; i < kTypeCount; ++i)
    if (kTypes[i].code < kDenseCodes) index[kTypes[i].code] = static_cast<std::uint8_t>(i);
  return index;
}
constexpr auto kCodeIndex = make_code_index();

// Mnemonic lookup is on the zone parser's hot path: an open-addressing table keyed by a
// case-folded FNV-1a hash, built at compile time.
constexpr std::uint32_t folded_hash(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<std::uint8_t>(c) | 0x20u;
    h *= 16777619u;
  }
  return h;
}
constexpr std::size_t kSlots = 256;
constexpr std::array<std::uint8_t, kSlots> make_mnemonic_index() {
  std::array<std::uint8_t, kSlots> slots{};
  for (auto& s : slots)
    s = kNoIndex;
  for (std::size_t i = 0; i < kTypeCount; ++i) {
    std::size_t at = folded_hash(kTypes[i].mnemonic) % kSlots;
    while (slots[at] != kNoIndex)
      at = (at + 1) % kSlots;
    slots[at] = static_cast<std::uint8_t>(i);
  }
  return slots;
}
constexpr auto kMnemonicIndex = make_mnemonic_index();

struct Mnemonic {
  std::string_view text;
  std::uint16_t value;
};

// First entry per value is dnspython's spelling (printed for CERT); the rest are accepted
// aliases (IANA's and BIND's spellings).
constexpr Mnemonic kAlgorithms[] = {
    {"RSAMD5", 1},
    {"DH", 2},
    {"DSA", 3},
    {"ECC", 4},
    {"RSASHA1", 5},
    {"DSANSEC3SHA1", 6},
    {"RSASHA1NSEC3SHA1", 7},
    {"RSASHA256", 8},
    {"RSASHA512", 10},
    {"ECCGOST", 12},
    {"ECDSAP256SHA256", 13},
    {"ECDSAP384SHA384", 14},
    {"ED25519", 15},
    {"ED448", 16},
    {"INDIRECT", 252},
    {"PRIVATEDNS", 253},
    {"PRIVATEOID", 254},
    {"DSA-NSEC3-SHA1", 6},
    {"NSEC3DSA", 6},
    {"RSASHA1-NSEC3-SHA1", 7},
    {"NSEC3RSASHA1", 7},
    {"ECC-GOST", 12},
};

constexpr Mnemonic kCertTypes[] = {
    {"PKIX", 1}, {"SPKI", 2},   {"PGP", 3},     {"IPKIX", 4}, {"ISPKI", 5},
    {"IPGP", 6}, {"ACPKIX", 7}, {"IACPKIX", 8}, {"URI", 253}, {"OID", 254},
};

template <std::size_t N>
std::optional<std::uint16_t> mnemonic_or_number(const Mnemonic (&table)[N], std::string_view text,
                                                std::uint64_t max) {
  std::uint64_t v;
  if (parse_decimal(text, max, v) == NumberStatus::kOk) return static_cast<std::uint16_t>(v);
  for (const Mnemonic& m : table)
    if (iequals(m.text, text)) return m.value;
  return std::nullopt;
}

template <std::size_t N>
std::string_view mnemonic_of(const Mnemonic (&table)[N], std::uint16_t value) {
  for (const Mnemonic& m : table)
    if (m.value == value) return m.text;
  return {};
}

}  // namespace

const TypeSpec* find_type(std::uint16_t code) {
  if (code < kDenseCodes) {
    std::uint8_t i = kCodeIndex[code];
    return i == kNoIndex ? nullptr : &kTypes[i];
  }
  for (std::size_t i = kTypeCount; i-- > 0 && kTypes[i].code >= kDenseCodes;)
    if (kTypes[i].code == code) return &kTypes[i];
  return nullptr;
}

const TypeSpec* find_type(std::string_view mnemonic) {
  std::size_t at = folded_hash(mnemonic) % kSlots;
  for (; kMnemonicIndex[at] != kNoIndex; at = (at + 1) % kSlots) {
    const TypeSpec& t = kTypes[kMnemonicIndex[at]];
    if (iequals(t.mnemonic, mnemonic)) return &t;
  }
  return nullptr;
}

std::optional<std::uint8_t> dnssec_algorithm_from_text(std::string_view text) {
  auto v = mnemonic_or_number(kAlgorithms, text, 255);
  if (!v) return std::nullopt;
  return static_cast<std::uint8_t>(*v);
}

std::string_view dnssec_algorithm_mnemonic(std::uint8_t algorithm) {
  return mnemonic_of(kAlgorithms, algorithm);
}

std::optional<std::uint16_t> cert_type_from_text(std::string_view text) {
  return mnemonic_or_number(kCertTypes, text, 65535);
}

std::string_view cert_type_mnemonic(std::uint16_t type) {
  return mnemonic_of(kCertTypes, type);
}

}  // namespace zoned::wire
