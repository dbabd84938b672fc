#include "flags.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dechrome {
namespace cli {
namespace {

struct Flag {
  const char* short_name;  // "-j" or nullptr
  const char* long_name;   // "--threads"
  const char* value_name;  // "N" or nullptr for a switch
  const char* help;        // one line
  const char* long_help;   // extra detail for --help (may be "")
  std::function<bool(CliArgs*, const std::string&, std::string*)> apply;
  bool policy = false;
};

bool ToInt(const std::string& v, long lo, long hi, long* out) {
  return absl::SimpleAtoi(absl::string_view(v.data(), v.size()), out) && *out >= lo && *out <= hi;
}

// A size in bytes: a number with an optional K, M or G suffix (1024-based).
bool ToSize(const std::string& v, uint64_t* out) {
  if (v.empty()) return false;
  uint64_t unit = 1;
  std::string digits = v;
  switch (v.back()) {
    case 'k': case 'K': unit = uint64_t{1} << 10; break;
    case 'm': case 'M': unit = uint64_t{1} << 20; break;
    case 'g': case 'G': unit = uint64_t{1} << 30; break;
    default: break;
  }
  if (unit != 1) digits.pop_back();
  // Plain digits, and at most 2^40 bytes in all.
  if (digits.empty() || digits.size() > 13 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const uint64_t n = std::stoull(digits);
  if (n > (uint64_t{1} << 40) / unit) return false;
  *out = n * unit;
  return true;
}

const std::vector<Flag>& Flags() {
  static const std::vector<Flag>* flags = new std::vector<Flag>{
      {"-o", "--output", "PATH", "output file, folder (several inputs), or - for stdout",
       "With several inputs, or when PATH is an existing folder, each output goes to\n"
       "PATH/<input name>. The codec follows the output name: .zst -> zstd, .gz ->\n"
       "gzip, else none; on stdout it follows the input. Outputs are written under a\n"
       "temporary name and renamed when complete.",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->output = v;
         return true;
       }},
      {"-j", "--threads", "N", "worker threads (default: all cores); reading runs on one more; output does not depend on it", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1024, &n)) return *e = "--threads wants a number from 0 to 1024", false;
         a->options.threads = static_cast<int>(n);
         return true;
       }},
      {"-L", "--level", "N", "output compression level (zstd 1-19, default 3; gzip 0-3, default 1)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 22, &n)) return *e = "--level wants a number from 0 to 22", false;
         a->options.level = static_cast<int>(n);
         return true;
       }},
      {nullptr, "--hint-memory", "SIZE", "run: memory for pass 1's line keys (default 1G; 0: none)",
       "'run' keeps each line's key (16 bytes a line, 28 a document) from the\n"
       "counting pass so that the filtering pass does not parse, normalise and hash\n"
       "the documents again. Beyond this budget the rest is read in full again:\n"
       "slower, same output.\n"
       "SIZE is in bytes, or with a K, M or G suffix.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n)) return *e = "--hint-memory wants a size (bytes, or 64K, 512M, 2G)", false;
         a->options.hint_memory = n;
         return true;
       }},
      {nullptr, "--chunk-size", "SIZE", "bytes of input in one unit of parallel work (default 1M)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 4096 || n > (uint64_t{1} << 30))
           return *e = "--chunk-size wants a size from 4K to 1G", false;
         a->options.chunk_bytes = static_cast<size_t>(n);
         return true;
       }},
      {nullptr, "--id", "ID", "explain: the document's id (JSONL id field or WARC-Record-ID)", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->explain_id = v;
         return true;
       }},
      {nullptr, "--url", "URL", "explain: the document's URL", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->explain_url = v;
         return true;
       }},
      {nullptr, "--table", "FILE", "filter, explain: the chrome table written by 'dechrome count'", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->table = v;
         return true;
       }},
      {nullptr, "--text-field", "PATH", "JSONL: dotted path of the text field (default: text)", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->options.input.text_field = v;
         return true;
       }},
      {nullptr, "--url-field", "PATHS",
       "JSONL: comma-separated dotted paths of the URL, first present wins\n"
       "                          (default: url,metadata.url,metadata.warc_url)",
       "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->options.input.url_fields.clear();
         for (absl::string_view p : absl::StrSplit(absl::string_view(v.data(), v.size()), ',',
                                                   absl::SkipEmpty()))
           a->options.input.url_fields.emplace_back(p.data(), p.size());
         return true;
       }},
      {nullptr, "--id-field", "PATH", "JSONL: dotted path of the document id (default: id)", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->options.input.id_field = v;
         return true;
       }},
      {nullptr, "--site", "MODE", "domain (registrable domain, default) or host",
       "Documents without a usable URL are not counted per site; only the cross-site\n"
       "rule can remove their lines.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "domain") {
           a->options.input.site_by_domain = true;
         } else if (v == "host") {
           a->options.input.site_by_domain = false;
         } else {
           return *e = "--site wants 'domain' or 'host'", false;
         }
         return true;
       }},
      {nullptr, "--min-count", "N", "a line is chrome on >= N documents of its site (default 2)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, 1L << 31, &n)) return *e = "--min-count wants a positive number", false;
         a->options.policy.min_count = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-fraction", "F", "... and on >= F of its site's documents (default 0.02)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         double f;
         if (!absl::SimpleAtod(absl::string_view(v.data(), v.size()), &f) || f < 0 || f > 1)
           return *e = "--min-fraction wants a number from 0 to 1", false;
         a->options.policy.min_fraction = f;
         return true;
       },
       true},
      {nullptr, "--long-line-length", "N",
       "lines of >= N normalised bytes are long (default 60; 0 = no distinction)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1L << 20, &n)) return *e = "--long-line-length wants a number", false;
         a->options.policy.long_line_length = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--long-min-count", "N", "long lines are chrome on >= N documents (default 3)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, 1L << 31, &n)) return *e = "--long-min-count wants a positive number", false;
         a->options.policy.long_min_count = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-site-docs", "N", "sites with fewer documents are never filtered (default 3)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 1, 1L << 31, &n)) return *e = "--min-site-docs wants a positive number", false;
         a->options.policy.min_site_docs = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--min-sites", "N", "a line on >= N different sites is chrome everywhere (default 4; 0 = off)",
       "", [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1L << 31, &n)) return *e = "--min-sites wants a number", false;
         a->options.policy.min_sites = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--cross-site-min-length", "N",
       "the cross-site rule ignores lines shorter than N normalised bytes (default 12)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1L << 20, &n)) return *e = "--cross-site-min-length wants a number", false;
         a->options.policy.cross_site_min_length = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--isolated-max-fraction", "F",
       "keep runs of candidates inside running text when on <= F of the site (default 0.5)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         double f;
         if (!absl::SimpleAtod(absl::string_view(v.data(), v.size()), &f) || f < 0 || f > 1)
           return *e = "--isolated-max-fraction wants a number from 0 to 1", false;
         a->options.policy.isolated_max_fraction = f;
         return true;
       },
       true},
      {nullptr, "--isolated-max-run", "N", "... and at most N lines long (default 6)", "",
       [](CliArgs* a, const std::string& v, std::string* e) {
         long n;
         if (!ToInt(v, 0, 1000, &n)) return *e = "--isolated-max-run wants a number", false;
         a->options.policy.isolated_max_run = static_cast<uint32_t>(n);
         return true;
       },
       true},
      {nullptr, "--no-protect-isolated", nullptr, "remove candidates inside running text too", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_isolated = false;
         return true;
       },
       true},
      {nullptr, "--no-protect-title", nullptr, "remove candidates that look like the page's own headline",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.protect_title = false;
         return true;
       },
       true},
      {nullptr, "--no-page-structure", nullptr,
       "HTML pages: judge lines by their counts alone, not by the page's structure", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.page_structure = false;
         return true;
       },
       true},
      {nullptr, "--no-near-duplicates", nullptr,
       "count copies of one article (print, AMP, mobile) separately", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.collapse_near_duplicates = false;
         return true;
       }},
      {nullptr, "--no-fold-dates", nullptr, "do not fold month/weekday names and relative times", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.policy.fold_dates = false;
         return true;
       }},
      {nullptr, "--drop-empty", nullptr, "drop documents left with no text (counted in the summary)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.drop_empty = true;
         return true;
       }},
      {nullptr, "--strict", nullptr, "malformed records and bad WARC framing are errors, not passed through",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.input.strict = true;
         return true;
       }},
      {nullptr, "--audit", "DIR",
       "write per-site removal stats and top chrome lines to DIR (TSV and JSON)",
       "Files: summary.json, sites.tsv, chrome_lines.tsv, audit.json; see README.",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->audit_dir = v;
         a->options.collect_audit = true;
         return true;
       }},
      {nullptr, "--emit", "WHAT", "documents (default) or attributes (Dolma attribute rows of chrome spans)",
       "attributes: per document {\"id\": ..., \"attributes\": {\"dechrome__chrome\":\n"
       "[[start, end, 1.0], ...]}} with code point offsets (Python text[start:end]),\n"
       "one row per JSONL record, in order; every record needs an id.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "documents") {
           a->options.emit_attributes = false;
         } else if (v == "attributes") {
           a->options.emit_attributes = true;
         } else {
           return *e = "--emit wants 'documents' or 'attributes'", false;
         }
         return true;
       }},
      {nullptr, "--output-format", "FORMAT",
       "auto (default), same, jsonl or wet: what each output holds",
       "auto: from the output's name (.jsonl or .json in it: jsonl; .wet: wet;\n"
       "else same). same: the input's format (WARC: an HTML response is kept and\n"
       "followed by a conversion record of its article text). jsonl: one Dolma\n"
       "document per page {id, url, date, title, text, metadata}. wet: a warcinfo\n"
       "record, then one conversion record per page. jsonl and wet leave out\n"
       "records that are not documents (counted). In a folder, jsonl and wet\n"
       "outputs are named <input stem>.jsonl.zst and <input stem>.warc.wet.gz.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         if (v == "auto") {
           a->options.output_format = OutputFormat::kAuto;
         } else if (v == "same") {
           a->options.output_format = OutputFormat::kSame;
         } else if (v == "jsonl") {
           a->options.output_format = OutputFormat::kJsonl;
         } else if (v == "wet") {
           a->options.output_format = OutputFormat::kWet;
         } else {
           return *e = "--output-format wants auto, same, jsonl or wet", false;
         }
         return true;
       }},
      {nullptr, "--extract-only", nullptr,
       "run: no chrome removal, only text extraction (HTML pages: every visible line)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->options.extract_only = true;
         return true;
       }},
      {nullptr, "--no-html", nullptr, "HTML responses in WARC pass through instead of becoming documents",
       "", [](CliArgs* a, const std::string&, std::string*) {
         a->options.input.html = false;
         return true;
       }},
      {nullptr, "--max-html-size", "SIZE", "bytes of one decoded HTML payload read at most (default 32M)",
       "", [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 1024) return *e = "--max-html-size wants a size of at least 1K", false;
         a->options.input.max_html_bytes = n;
         return true;
       }},
      {nullptr, "--max-record-size", "SIZE", "larger records pass through unparsed (default 256M)",
       "A record larger than SIZE (a JSONL line, a WARC record) is not parsed and\n"
       "not counted for chrome: it is copied to an output of its own format\n"
       "untouched, in pieces, never held in memory whole, and left out of JSONL or\n"
       "WET output of a WARC; the summary counts it as oversized. One record costs\n"
       "up to about four times SIZE in memory. SIZE is in bytes, or with a K, M or\n"
       "G suffix.",
       [](CliArgs* a, const std::string& v, std::string* e) {
         uint64_t n;
         if (!ToSize(v, &n) || n < 1024) return *e = "--max-record-size wants a size of at least 1K", false;
         a->options.input.max_record_bytes = n;
         return true;
       }},
      {nullptr, "--stats", "FILE", "write the summary as JSON to FILE", "",
       [](CliArgs* a, const std::string& v, std::string*) {
         a->stats_path = v;
         return true;
       }},
      {"-q", "--quiet", nullptr, "no summary on stderr", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->quiet = true;
         return true;
       }},
      {"-v", "--verbose", nullptr, "also list the first malformed records", "",
       [](CliArgs* a, const std::string&, std::string*) {
         ++a->verbose;
         return true;
       }},
      {nullptr, "--progress", nullptr, "show progress on stderr (default: when it is a terminal)", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->progress = 1;
         return true;
       }},
      {nullptr, "--no-progress", nullptr, "never show progress", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->progress = 0;
         return true;
       }},
      {"-f", "--force", nullptr, "write compressed output to a terminal; overwrite nothing else", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->force = true;
         return true;
       }},
      {"-h", nullptr, nullptr, "short help", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kHelp;
         return true;
       }},
      {nullptr, "--help", nullptr, "long help", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kHelp;
         a->long_help = true;
         return true;
       }},
      {"-V", "--version", nullptr, "print the version", "",
       [](CliArgs* a, const std::string&, std::string*) {
         a->command = Command::kVersion;
         return true;
       }},
  };
  return *flags;
}

const Flag* FindFlag(const std::string& name) {
  for (const Flag& f : Flags()) {
    if ((f.short_name && name == f.short_name) || (f.long_name && name == f.long_name)) return &f;
  }
  return nullptr;
}

}  // namespace

std::string UsageLine() {
  return "usage: dechrome run|count|filter|explain [OPTIONS] INPUT... [-o OUTPUT]; 'dechrome --help' for more";
}

std::string HelpText(bool long_help) {
  std::string s =
      "dechrome: strip repeated page chrome (menus, footers, banners) from web text corpora\n"
      "\n"
      "usage:\n"
      "  dechrome run    [OPTIONS] INPUT... -o OUTPUT        count, then filter (two passes)\n"
      "  dechrome count  [OPTIONS] INPUT... -o TABLE         pass 1: write the chrome table\n"
      "  dechrome filter [OPTIONS] --table TABLE INPUT... -o OUTPUT   pass 2: apply a table\n"
      "  dechrome explain [OPTIONS] (--id ID | --url URL) [--table TABLE] INPUT...\n"
      "                  why each line of one document is kept or removed (counts the\n"
      "                  inputs first unless --table is given)\n"
      "\n"
      "INPUT is JSONL or WARC/WET, plain, gzip or zstd, recognised by its bytes; '-' reads\n"
      "standard input, which is spooled (zstd-compressed) to a temporary file in $TMPDIR so\n"
      "that both passes read the same bytes.\n"
      "\n"
      "options:\n";
  for (const Flag& f : Flags()) {
    std::string names;
    if (f.short_name) names += f.short_name;
    if (f.short_name && f.long_name) names += ", ";
    if (f.long_name) names += f.long_name;
    if (f.value_name) absl::StrAppend(&names, f.long_name ? "=" : " ", f.value_name);
    std::string line = "  " + names;
    if (line.size() < 26) {
      line.resize(26, ' ');
    } else {
      line += "\n" + std::string(26, ' ');
    }
    absl::StrAppend(&s, line, f.help, "\n");
    if (long_help && f.long_help[0] != '\0') {
      for (absl::string_view l : absl::StrSplit(f.long_help, '\n'))
        absl::StrAppend(&s, std::string(26, ' '), l, "\n");
    }
  }
  if (long_help) {
    s +=
        "\n"
        "A line is chrome on its site (registrable domain) when the site has at least\n"
        "--min-site-docs documents and the line (normalised: NFKC, case folded, digits,\n"
        "dates, punctuation and spacing folded) is in at least max(--min-count,\n"
        "--min-fraction x site documents) of them, copies of one article counted once;\n"
        "or when it is on at least --min-sites different sites. Blank lines are never\n"
        "removed; kept lines and every other field are copied byte for byte.\n"
        "\n"
        "exit status: 0 success, 1 data or runtime error (any input failed), 2 usage error\n";
  }
  return s;
}

bool ParseFlags(int argc, char** argv, CliArgs* args, std::string* error) {
  int i = 1;
  if (i < argc) {
    std::string cmd = argv[i];
    if (cmd == "run") {
      args->command = Command::kRun;
      ++i;
    } else if (cmd == "count") {
      args->command = Command::kCount;
      ++i;
    } else if (cmd == "filter") {
      args->command = Command::kFilter;
      ++i;
    } else if (cmd == "explain") {
      args->command = Command::kExplain;
      ++i;
    } else if (cmd == "help") {
      args->command = Command::kHelp;
      args->long_help = true;
      return true;
    }
  }
  bool only_inputs = false;
  Command explicit_command = args->command;
  for (; i < argc; ++i) {
    std::string arg = argv[i];
    if (only_inputs || arg == "-" || arg.empty() || arg[0] != '-') {
      args->inputs.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_inputs = true;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (arg.rfind("--", 0) == 0) {
      size_t eq = arg.find('=');
      if (eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        has_value = true;
      }
    } else if (arg.size() > 2) {  // -j4, -ofile
      name = arg.substr(0, 2);
      value = arg.substr(2);
      has_value = true;
    }
    const Flag* flag = FindFlag(name);
    if (flag == nullptr) {
      *error = absl::StrCat("unknown option '", arg, "'");
      return false;
    }
    if (flag->value_name) {
      if (!has_value) {
        if (i + 1 >= argc) {
          *error = absl::StrCat("option '", name, "' needs a value (", flag->value_name, ")");
          return false;
        }
        value = argv[++i];
      }
    } else if (has_value) {
      *error = absl::StrCat("option '", name, "' takes no value");
      return false;
    }
    if (!flag->apply(args, value, error)) return false;
    if (flag->policy) args->policy_flags_given.push_back(flag->long_name);
  }
  if (args->command == Command::kHelp || args->command == Command::kVersion) return true;
  if (explicit_command == Command::kNone) {
    *error = argc > 1 ? absl::StrCat("unknown command '", argv[1], "'") : "no command given";
    return false;
  }
  if (args->inputs.empty()) {
    *error = "no input given (use - for standard input)";
    return false;
  }
  if (args->command == Command::kCount && args->output.empty()) {
    *error = "count needs -o TABLE";
    return false;
  }
  if (args->command == Command::kFilter && args->table.empty()) {
    *error = "filter needs --table TABLE (made by 'dechrome count')";
    return false;
  }
  if (args->command != Command::kFilter && args->command != Command::kExplain && !args->table.empty()) {
    *error = "--table is for 'dechrome filter' and 'dechrome explain'";
    return false;
  }
  if (args->command == Command::kCount && (!args->audit_dir.empty() || args->options.emit_attributes)) {
    *error = "--audit and --emit are for 'dechrome run' and 'dechrome filter'";
    return false;
  }
  if (args->options.extract_only && args->command != Command::kRun) {
    *error = "--extract-only is for 'dechrome run'";
    return false;
  }
  if (args->command == Command::kExplain && args->explain_id.empty() == args->explain_url.empty()) {
    *error = "explain needs exactly one of --id ID or --url URL";
    return false;
  }
  return true;
}

}  // namespace cli
}  // namespace dechrome
