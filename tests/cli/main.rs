//! The `turnback` command line from the outside, one module per subcommand:
//! each runs the real binary and checks its exit status, stdout and stderr.
//! Every source entry is synthetic: made-up words and hosts under reserved
//! TLDs (`fixture`).

mod fixture;
#[path = "../support/table.rs"]
mod table;

mod base;
mod build;
mod canon;
mod check;
mod counts;
mod diff;
mod dryrun;
mod expressions;
mod files;
mod hash;
mod help;
mod inspect;
mod keygen;
mod lint;
mod publish;
mod sign;
mod sources;
mod terms;
mod verify;
