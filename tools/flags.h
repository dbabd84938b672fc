// -----------------------------------------------------------------------------
// File: flags.h
// -----------------------------------------------------------------------------
//
// The command line, as a table of flags (like ripgrep's defs.rs): ParseFlags()
// turns argv into CliArgs (validated), or a usage error. The help texts are
// generated from the same table.
//
// Thread safety: no shared state.

#ifndef DECHROME_TOOLS_FLAGS_H_
#define DECHROME_TOOLS_FLAGS_H_

#include <string>
#include <vector>

#include "dechrome/options.h"

namespace dechrome {
namespace cli {

enum class Command { kNone, kRun, kCount, kFilter, kExplain, kMerge, kHelp, kVersion };

struct CliArgs {
  Command command = Command::kNone;
  std::vector<std::string> inputs;  // merge: the tables to merge
  std::string output;       // -o; "" = standard output
  std::string table;        // filter, explain: --table
  std::string explain_id;   // explain: --id
  std::string explain_url;  // explain: --url
  std::string stats_path;   // --stats
  std::string audit_dir;    // --audit
  bool quiet = false;
  int verbose = 0;
  int progress = -1;        // -1 auto (stderr is a terminal), 0 off, 1 on
  bool force = false;
  bool long_help = false;
  Command help_command = Command::kNone;  // "dechrome run --help": kRun
  bool level_given = false;               // -L
  // Policy flags given explicitly (filter: they override the table's policy).
  std::vector<std::string> policy_flags_given;
  RunOptions options;
};

// Parses argv. On a usage error returns false with *error set to one line.
// Values are checked here: numbers in range with nothing after them, finite
// fractions, no empty names or paths, options that the command has (each
// option applies to some of run, count, filter, explain, merge), and -L within the
// range of each output's codec where that is known before reading.
// "-h" or "--help" anywhere (before "--") asks for help: with a command
// before it, that command's (help_command).
bool ParseFlags(int argc, char** argv, CliArgs* args, std::string* error);

// Help on stdout: short (-h) or long (--help); the general text for kNone,
// else the usage and the options of that command alone.
std::string HelpText(bool long_help, Command command = Command::kNone);
// The one-line usage reminder printed after usage errors.
std::string UsageLine();

}  // namespace cli
}  // namespace dechrome

#endif  // DECHROME_TOOLS_FLAGS_H_
