//! The `turnback` command line from the outside, one module per subcommand:
//! each runs the real binary and checks its exit status, stdout and stderr.
//! Every source entry is synthetic: made-up words and hosts under reserved
//! TLDs (`fixture`).

mod fixture;

mod build;
mod canon;
mod check;
mod expressions;
mod hash;
mod help;
mod inspect;
mod keygen;
mod terms;
mod verify;
