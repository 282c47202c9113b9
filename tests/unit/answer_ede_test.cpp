// Extended DNS Errors (RFC 8914) on refusals, as NSD gives them: 20 (Not Authoritative) for a
// name under none of our zones, 18 (Prohibited) for a hidden CHAOS name, 21 (Not Supported)
// for any other CHAOS question. Only in an OPT, so only to EDNS queries; never on answers.
#include <gtest/gtest.h>

#include <optional>

#include "answer_test_util.h"
#include "wire/edns.h"

namespace zoned::test {
namespace {

namespace rrtype = wire::rrtype;
using wire::Rcode;

// From the response's own copy of the message: Response::info points into the buffer the
// answer was written to, which is gone once ask() returns.
std::optional<std::uint16_t> ede_code(const Response& r) {
  wire::MessageInfo info;
  EXPECT_EQ(wire::parse_message(r.wire, info), wire::ParseError::kOk);
  wire::EdnsOptionView ede;
  if (!info.has_edns || !wire::find_option(info.edns.options, wire::edns_option::EDE, ede))
    return std::nullopt;
  EXPECT_GE(ede.data.size(), 2u);
  return wire::load_u16(ede.data.data());
}

Response ask_chaos(const char* name, bool hide_identity) {
  Query q{.name = name, .type = rrtype::TXT, .cls = wire::rrclass::CH, .edns = true};
  q.options.chaos.identity = "ns1";
  q.options.chaos.version = "zoned";
  q.options.chaos.hide_identity = hide_identity;
  return ask(q);
}

TEST(AnswerEde, OutsideOurZonesIsNotAuthoritative) {
  Response r = ask({.name = "www.nowhere.test.", .edns = true});
  EXPECT_EQ(r.rcode, Rcode::kRefused);
  EXPECT_EQ(ede_code(r), wire::ede::kNotAuthoritative);
}

TEST(AnswerEde, NoOptNoEde) {
  Response r = ask({.name = "www.nowhere.test."});
  EXPECT_EQ(r.rcode, Rcode::kRefused);
  EXPECT_FALSE(r.info.has_edns);
}

TEST(AnswerEde, AnswersCarryNone) {
  EXPECT_EQ(ede_code(ask({.name = "www.answer.example.", .edns = true})), std::nullopt);
  EXPECT_EQ(ede_code(ask({.name = "nothere.answer.example.", .edns = true})), std::nullopt);
  EXPECT_EQ(ede_code(ask_chaos("id.server.", false)), std::nullopt);
}

TEST(AnswerEde, ChaosHiddenIsProhibitedUnknownIsNotSupported) {
  Response hidden = ask_chaos("id.server.", true);
  EXPECT_EQ(hidden.rcode, Rcode::kRefused);
  EXPECT_EQ(ede_code(hidden), wire::ede::kProhibited);
  Response unknown = ask_chaos("nothing.bind.", false);
  EXPECT_EQ(unknown.rcode, Rcode::kRefused);
  EXPECT_EQ(ede_code(unknown), wire::ede::kNotSupported);
}

}  // namespace
}  // namespace zoned::test
