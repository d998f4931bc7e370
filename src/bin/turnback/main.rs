//! `turnback`: the command-line tool for list publishers and for checking
//! what the engine does with a URL or a search text.

mod apply;
mod build;
mod canon;
mod check;
mod delta;
mod diff;
mod dryrun;
mod export;
mod expressions;
mod files;
mod hash;
mod hashes;
mod indexcheck;
mod ingest;
mod inputs;
mod inspect;
mod keygen;
mod keyset;
mod lint;
mod listinfo;
mod normalize;
mod problems;
mod publish;
mod release;
mod secret;
mod sign;
mod sources;
mod stopwords;
mod terms;
mod verify;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Exit codes shared by every subcommand (grep's convention).
pub mod exit {
    /// Success: every input was valid (or, for `check`, something matched).
    pub const OK: u8 = 0;
    /// Nothing found (`terms`, `check`).
    pub const NOT_FOUND: u8 = 1;
    /// At least one input was invalid, or an error occurred.
    pub const ERROR: u8 = 2;

    /// A one-shot command's outcome on the terminal: its summary on
    /// stdout (OK) or `error: …` on stderr (ERROR).
    pub fn report(outcome: Result<String, String>) -> u8 {
        match outcome {
            Ok(summary) => {
                println!("{summary}");
                OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                ERROR
            }
        }
    }
}

const AFTER_HELP: &str = "\
Exit status: 0 success (check: something matched), 1 nothing found
(terms, check), 2 invalid input or error.

Publishing a list:
  turnback keygen --out keys/
  turnback build --urls urls.txt --keywords keywords.txt --key keys/turnback.key --out list.tbl
  turnback verify --list list.tbl --pub keys/turnback.pub
  turnback inspect --list list.tbl
  turnback check --list list.tbl --pub keys/turnback.pub --query 'blocked demo term'
  turnback diff --from live.tbl --to list.tbl
  turnback verify --list list.tbl --pub keys/turnback.pub --newer-than live.tbl
  turnback publish --list list.tbl --key keys/turnback.key --out public/

Deltas (what `publish` writes, for your own checks):
  turnback delta --from live.tbl --to list.tbl --out live-to-new.tbd
  turnback apply --list live.tbl --delta live-to-new.tbd --pub keys/turnback.pub --out new.tbl
  turnback verify --index public/index.txt --pub keys/turnback.pub

Signing offline (the secret key never on the build machine):
  turnback build --urls urls.txt --keywords keywords.txt --unsigned --out list.unsigned
  turnback sign --list list.unsigned --key keys/turnback.key --out list.tbl

Sharing entries by hash with partners:
  turnback hash --urls urls.txt > url-hashes.txt
  turnback build --url-hashes url-hashes.txt --urls empty.txt --keywords empty.txt …
  turnback export --list list.tbl --pub keys/turnback.pub --urls-out url-hashes.txt

Seeing what the matcher sees:
  turnback canon 'HTTP://www.Turnback.test/a/../b/'
  turnback expressions 'https://a.b.turnback.test/1/2.html?x=1'
  turnback terms 'https://www.bing.com/search?q=some+words'
  turnback normalize 'Ｂｌ0ｃｋｅｄ  d.e.m.o'";

#[derive(Parser)]
#[command(name = "turnback", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
// Parsed once per run and moved once: the size of the largest variant
// (build's many options) costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
enum Command {
    Keygen(keygen::Args),
    Build(build::Args),
    Verify(verify::Args),
    Inspect(inspect::Args),
    Diff(diff::Args),
    Sign(sign::Args),
    Check(check::Args),
    Canon(canon::Args),
    Expressions(expressions::Args),
    Terms(terms::Args),
    Normalize(normalize::Args),
    Hash(hash::Args),
    Export(export::Args),
    Publish(publish::Args),
    Delta(delta::Args),
    Apply(apply::Args),
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let code = match cli.command {
        Command::Keygen(a) => keygen::run(a),
        Command::Build(a) => build::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Sign(a) => sign::run(a),
        Command::Check(a) => {
            let order = matches.subcommand_matches("check").map(check::input_order);
            check::run(a, order.unwrap_or_default())
        }
        Command::Canon(a) => canon::run(a),
        Command::Expressions(a) => expressions::run(a),
        Command::Terms(a) => terms::run(a),
        Command::Normalize(a) => normalize::run(a),
        Command::Hash(a) => hash::run(a),
        Command::Export(a) => export::run(a),
        Command::Publish(a) => publish::run(a),
        Command::Delta(a) => delta::run(a),
        Command::Apply(a) => apply::run(a),
    };
    ExitCode::from(code)
}
