#include "control/cookie_commands.h"

#include <vector>

#include "config/cookie_secret_file.h"
#include "zone/atomic_file.h"

namespace zoned::control {
namespace {

using Secrets = std::vector<wire::CookieSecret>;

// The running secrets change only once the file holds them: what the server answers with
// must survive a restart.
bool save(const std::string& file, const Secrets& secrets, ControlOutput& out) {
  if (file.empty()) return true;
  zone::AtomicFileWriter writer;
  std::string error;
  if (!writer.open(file, error, 0600) || !writer.write(config::cookie_secret_file_text(secrets)) ||
      !writer.commit(error)) {
    out.error(error.empty() ? "cannot write " + file : error);
    return false;
  }
  return true;
}

void print(const server::CookieSecretList& list, ControlOutput& out) {
  for (std::size_t i = 0; i < list.secrets.size(); ++i) {
    std::string line =
        (i == 0 ? "active : " : "staging: ") + config::cookie_secret_hex(list.secrets[i]);
    if (i == 0 && list.random) line += " (random, made at start)";
    out.line(line);
  }
}

}  // namespace

bool is_cookie_command(std::string_view name) {
  return name == "print_cookie_secrets" || name == "add_cookie_secret" ||
         name == "activate_cookie_secret" || name == "drop_cookie_secret";
}

void run_cookie_command(const ControlCommand& command, server::CookieSecretStore& store,
                        const std::string& file, ControlOutput& out) {
  const server::CookieSecretList& current = store.current();
  if (command.name == "print_cookie_secrets") {
    print(current, out);
    return;
  }
  Secrets secrets = current.secrets;
  if (command.name == "add_cookie_secret") {
    wire::CookieSecret secret{};
    if (command.args.empty() || !config::parse_cookie_secret(command.args[0], secret)) {
      out.error("invalid cookie secret: it must be 32 hex digits (128 bits)");
      return;
    }
    if (current.random) {
      secrets = {secret};
    } else {
      secrets.resize(1);  // one staging secret, replaced by a new one, as NSD keeps it
      secrets.push_back(secret);
    }
  } else if (command.name == "activate_cookie_secret") {
    if (secrets.size() < 2) {
      out.error("no staging cookie secret to activate");
      return;
    }
    std::swap(secrets[0], secrets[1]);
  } else if (command.name == "drop_cookie_secret") {
    if (secrets.size() < 2) {
      out.error("no staging cookie secret to drop");
      return;
    }
    secrets.resize(1);
  }
  if (!save(file, secrets, out)) return;
  store.replace(std::move(secrets));
  print(store.current(), out);
}

}  // namespace zoned::control
