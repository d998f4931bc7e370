//! `turnback inspect`: what a list file holds, without any entry (it has none
//! in plaintext to show).

use std::path::PathBuf;

use turnback::Engine;

use crate::files::Kind;
use crate::{exit, files, listinfo, verify};

/// Show a list's header, counts, sizes, languages and help resources.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback inspect --list list.tbl\n  turnback inspect --list list.tbl --pub keys/turnback.pub --json\n\nWithout --pub the signature is not checked (the output says so).\nExit status: 0 shown, 2 unreadable or invalid."
)]
pub struct Args {
    /// The list file.
    #[arg(long, value_name = "LIST")]
    list: PathBuf,
    /// Also verify the signature with this public key (repeatable: a key set).
    #[arg(long = "pub", value_name = "KEY")]
    key: Vec<PathBuf>,
    /// Print everything shown as one JSON object.
    #[arg(long)]
    json: bool,
}

/// What is known of the list's signature.
#[derive(Clone, Copy)]
enum Signature {
    Verified,
    Unchecked,
    Unsigned,
}

impl Signature {
    /// The words `inspect` prints.
    fn text(self) -> &'static str {
        match self {
            Signature::Verified => "verified",
            Signature::Unchecked => "NOT checked (give --pub to verify)",
            Signature::Unsigned => "none: unsigned (sign it with `turnback sign`)",
        }
    }

    /// The value of `"signature"` in `inspect --json`.
    fn json(self) -> &'static str {
        match self {
            Signature::Verified => "verified",
            Signature::Unchecked => "unchecked",
            Signature::Unsigned => "unsigned",
        }
    }
}

pub fn run(args: Args) -> u8 {
    let loaded = match args.key.is_empty() {
        false => verify::load(&args.list, &args.key).map(|e| (e, Signature::Verified)),
        true => files::read(&args.list, Kind::List).and_then(|b| {
            let signature = match turnback::list::is_unsigned(&b) {
                true => Signature::Unsigned,
                false => Signature::Unchecked,
            };
            Engine::inspect_unverified(b)
                .map(|e| (e, signature))
                .map_err(|e| format!("{}: {e}", args.list.display()))
        }),
    };
    match loaded {
        Ok((e, signature)) if args.json => {
            println!(
                "{}",
                listinfo::inspect_json(&e, &args.list, signature.json())
            );
            exit::OK
        }
        Ok((e, signature)) => {
            print!("{}", report(&e, signature.text()));
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
        "entries     {} ({} combination term keys)\n",
        listinfo::counts(e),
        s.term_entries
    );
    out += &format!("size        {} bytes\n", s.bytes);
    for (name, bytes) in e.section_sizes() {
        out += &format!("  {name:<14} {bytes:>10} bytes\n");
    }
    out += &format!("categories  {}\n", e.categories().join(", "));
    for (name, c) in listinfo::per_category(e) {
        out += &format!(
            "  {name:<14} {} url entries, {} keyword keys, {} combination rules\n",
            c.url_entries, c.keyword_entries, c.rules
        );
    }
    out += "languages  ";
    for (lang, msg) in &m.messages {
        out += &format!(" {lang} ({}, {})", msg.dir, msg.review);
    }
    out += "\n";
    out += &format!("resources   {}\n", m.resources.len());
    for r in &m.resources {
        out += &format!("  {:<28} {} [{}]\n", r.id, r.url, r.countries.join(","));
    }
    out += &format!(
        "site rules  {} added by the list\n",
        listinfo::site_rules(e)
    );
    out
}
