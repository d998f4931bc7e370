//! `turnback inspect`: what a list file holds, without any entry (it has none
//! in plaintext to show).

use std::path::PathBuf;

use turnback::Engine;

use crate::{exit, files, verify};

/// Show a list's header, counts, sizes, languages and help resources.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback inspect --list list.tbl\n  turnback inspect --list list.tbl --pub keys/turnback.pub\n\nWithout --pub the signature is not checked (the output says so).\nExit status: 0 shown, 2 unreadable or invalid."
)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// Also verify the signature with this public key (repeatable: a key set).
    #[arg(long = "pub", value_name = "KEY")]
    key: Vec<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let loaded = match args.key.is_empty() {
        false => verify::load(&args.list, &args.key).map(|e| (e, "verified")),
        true => files::read(&args.list).and_then(|b| {
            let signature = match turnback::list::is_unsigned(&b) {
                true => "none: unsigned (sign it with `turnback sign`)",
                false => "NOT checked (give --pub to verify)",
            };
            Engine::inspect_unverified(b)
                .map(|e| (e, signature))
                .map_err(|e| format!("{}: {e}", args.list.display()))
        }),
    };
    match loaded {
        Ok((e, signature)) => {
            print!("{}", report(&e, signature));
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::ERROR
        }
    }
}

fn report(e: &Engine, signature: &str) -> String {
    let (i, s, m) = (e.info(), e.stats(), e.metadata());
    let mut out = format!(
        "list        {}\nsequence    {}\nkey id      {}\nsignature   {signature}\ncreated     {}\nexpires     {}\n",
        i.id,
        i.sequence,
        i.key_id,
        files::date(i.created),
        files::date(i.expires)
    );
    out += &format!(
        "entries     {} url, {} keyword keys, {} combination term keys, {} rules\n",
        s.url_entries, s.keyword_entries, s.term_entries, s.rules
    );
    out += &format!("size        {} bytes\n", s.bytes);
    for (name, bytes) in e.section_sizes() {
        out += &format!("  {name:<14} {bytes:>10} bytes\n");
    }
    out += &format!("categories  {}\n", e.categories().join(", "));
    out += "languages  ";
    for (lang, msg) in &m.messages {
        out += &format!(" {lang} ({}, {})", msg.dir, msg.review);
    }
    out += "\n";
    out += &format!("resources   {}\n", m.resources.len());
    for r in &m.resources {
        out += &format!("  {:<28} {} [{}]\n", r.id, r.url, r.countries.join(","));
    }
    let extra_sites = m
        .sites
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .count();
    out += &format!("site rules  {extra_sites} added by the list\n");
    out
}
