//! `turnback keygen`: create a publisher key pair.

use std::path::PathBuf;

use turnback::list::SecretKey;

use crate::{exit, files, secret};

/// Create a publisher key pair: DIR/turnback.key (secret) and DIR/turnback.pub.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  turnback keygen --out keys/\n  TURNBACK_PASSPHRASE=... turnback keygen --out keys/ --passphrase-env TURNBACK_PASSPHRASE\n  turnback keygen --out demo-keys/ --no-passphrase\n\nThe secret key is stored encrypted with a passphrase (asked twice on the\nterminal, or read from --passphrase-env): PKCS#8 EncryptedPrivateKeyInfo,\nPBES2 with scrypt and AES-256-CBC, in PEM. Only --no-passphrase writes it\nin plaintext (for demos and tests). The file is created readable by its\nowner only (mode 0600); keep it offline. Existing files are never\noverwritten.\nExit status: 0 created, 2 error."
)]
pub struct Args {
    /// Folder for the two key files (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Store the secret key in plaintext (demos and tests only).
    #[arg(long, conflicts_with = "passphrase_env")]
    no_passphrase: bool,
    #[command(flatten)]
    passphrase: secret::Passphrase,
}

pub fn run(args: Args) -> u8 {
    match keygen(&args) {
        Ok(id) => {
            println!(
                "created {} (key id {id})",
                args.out.join("turnback.pub").display()
            );
            exit::OK
        }
        Err(e) => {
            eprintln!("error: {e}");
            exit::ERROR
        }
    }
}

fn keygen(args: &Args) -> Result<String, String> {
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let (secret_path, public_path) = (args.out.join("turnback.key"), args.out.join("turnback.pub"));
    for p in [&secret_path, &public_path] {
        if p.exists() {
            return Err(format!(
                "{}: already exists; refusing to overwrite",
                p.display()
            ));
        }
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| format!("no random source: {e}"))?;
    let key = SecretKey::from_seed(&seed);
    let text = secret::file_text(&seed, &secret_path, args.no_passphrase, &args.passphrase)?;
    seed.fill(0);
    files::create_new(&secret_path, text.as_bytes(), true)?;
    files::create_new(&public_path, key.public().to_text().as_bytes(), false)?;
    Ok(key.public().id().to_string())
}
