//! `--help` and `help`: every subcommand documents an example and its exit
//! status.

use crate::fixture::turnback;

const SUBCOMMANDS: &[&str] = &[
    "keygen",
    "build",
    "verify",
    "inspect",
    "diff",
    "sign",
    "check",
    "canon",
    "expressions",
    "terms",
    "normalize",
    "hash",
    "export",
    "publish",
    "delta",
    "apply",
];

#[test]
fn every_subcommand_help_has_an_example_and_the_exit_status() {
    for cmd in SUBCOMMANDS {
        let out = turnback([cmd, "--help"]);
        out.code(0);
        let text = out.stdout();
        assert!(text.contains("Example"), "{cmd} --help:\n{text}");
        assert!(text.contains("Exit status"), "{cmd} --help:\n{text}");
        let out = turnback(["help", cmd]);
        out.code(0);
        assert!(out.stdout().contains("Exit status"), "help {cmd}");
    }
    let out = turnback(["--help"]);
    out.code(0);
    for cmd in SUBCOMMANDS {
        assert!(out.stdout().contains(cmd), "{cmd} not in --help");
    }
}
