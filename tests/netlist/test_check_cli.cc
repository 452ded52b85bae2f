// `nladc check DECK` end to end: exit status 0 clean, 1 with violations
// listed on stdout, 2 on a deck that does not parse.

#include "tests/support/Workspace.hh"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

using nladc::testing::Run;

// `nladc check DECK` in a workspace.
class CheckWorkspace : public nladc::testing::Workspace {
public:
  fs::path deck(const std::string& name, const std::string& text) const { return writeText(name, text); }
  Run check(const fs::path& deck) const { return run({"check", deck.string()}); }
};

const std::string kCleanDeck = "rc\n"
                               ".include models.lib\n"
                               "V1 in 0 DC 1\n"
                               "R1 in out 1k\n"
                               "C1 out 0 1p\n"
                               "M1 out in 0 0 nch W=1u L=100n\n"
                               ".op\n"
                               ".end\n";

} // namespace

TEST_CASE("nladc check: a clean deck exits 0 and says so")
{
  const CheckWorkspace ws;
  ws.deck("models.lib", ".model nch nmos level=1\n");
  const fs::path deck = ws.deck("clean.sp", kCleanDeck);
  const Run r = ws.check(deck);
  CHECK(r.status == 0);
  CHECK(r.out == deck.string() + ": clean\n");
  CHECK(r.err.empty());
}

TEST_CASE("nladc check: violations are listed one per line, exit 1")
{
  const CheckWorkspace ws;
  std::string text = kCleanDeck;
  text.insert(text.find(".op"), "R2 out dangling 1k\nV2 in 0 DC 2\n");
  const fs::path deck = ws.deck("faulty.sp", text);
  const Run r = ws.check(deck);
  CHECK(r.status == 1);
  const std::string prefix = deck.string() + ": ";
  CHECK(r.out == prefix + "unreadable-include: cannot read " + (deck.parent_path() / "models.lib").string() +
                     ": no such file\n" + prefix + "undefined-model: M1 uses undefined model nch\n" + prefix +
                     "one-connection: net dangling has one connection (R2)\n" + prefix +
                     "source-loop: voltage sources V1, V2 form a loop through nets 0, in\n");
  CHECK(r.err == "nladc: " + deck.string() + ": 4 violations of the electrical rules\n");
}

TEST_CASE("nladc check: a deck that does not parse exits 2 with FILE:LINE")
{
  const CheckWorkspace ws;
  const fs::path deck = ws.deck("bad.sp", "bad\nR1 a 0 1k\n.control\nshell echo hi\n.endc\n.end\n");
  Run r = ws.check(deck);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Contains(deck.string() + ":3: .control"));
  CHECK(r.err.find('\n') == r.err.size() - 1);

  r = ws.check(deck.parent_path() / "missing.sp");
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("missing.sp: cannot read"));
}
