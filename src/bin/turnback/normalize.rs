//! `turnback normalize`: print the normalized word sequence of a text.

use turnback::text::normalize;

use crate::exit;

/// Print the normalized words of a text, as the matcher sees them.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  turnback normalize 'Ｔｈｅ  Q.U.I.C.K bl0ck'\n\nPrints the primary form on the first line; alternative forms (for\nambiguous leetspeak or stretched letters) follow, prefixed with `~ `.\nExit status: 0."
)]
pub struct Args {
    /// The text; several arguments are joined with spaces.
    #[arg(required = true)]
    text: Vec<String>,
}

pub fn run(args: Args) -> u8 {
    let n = normalize(&args.text.join(" "));
    for (i, v) in n.variants().iter().enumerate() {
        let words: Vec<&str> = v.tokens().collect();
        let prefix = if i == 0 { "" } else { "~ " };
        println!("{prefix}{}", words.join(" "));
    }
    exit::OK
}
