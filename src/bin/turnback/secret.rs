//! Secret key files. `keygen` writes PKCS#8 `EncryptedPrivateKeyInfo`
//! (RFC 5958) in PEM: PBES2 with scrypt (N = 2^17, r = 8, p = 1: 128 MiB,
//! which slows guessing) and AES-256-CBC (RFC 8018), by the RustCrypto
//! `pkcs8` crate: a standard format, not one of our own. The plaintext `turnback-secret-key-v1` form is
//! still read (the demo key) and written only with `keygen --no-passphrase`.

use std::io::IsTerminal;
use std::path::Path;

use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::SigningKey;
use pkcs8::LineEnding;
use turnback::list::SecretKey;

use crate::files;
use crate::files::Kind;

const ENCRYPTED_PEM: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
/// Shortest passphrase `keygen` accepts.
const MIN_PASSPHRASE: usize = 8;

/// Where the secret key's passphrase comes from.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Passphrase {
    /// Read the secret key's passphrase from this environment variable
    /// instead of asking on the terminal (for scripts; the variable's value
    /// is never printed).
    #[arg(long, value_name = "VAR")]
    passphrase_env: Option<String>,
}

impl Passphrase {
    /// The passphrase: from the named variable, else asked on the terminal
    /// (twice when `confirm`).
    fn get(&self, what: &Path, confirm: bool) -> Result<String, String> {
        if let Some(var) = &self.passphrase_env {
            return match std::env::var(var) {
                Ok(p) if !p.is_empty() => Ok(p),
                Ok(_) => Err(format!("--passphrase-env {var}: the variable is empty")),
                Err(_) => Err(format!(
                    "--passphrase-env {var}: the variable is not set (or not UTF-8)"
                )),
            };
        }
        let no_terminal = || {
            format!(
                "{}: no terminal to ask for the passphrase; give it with --passphrase-env VAR",
                what.display()
            )
        };
        // Only an interactive session is asked (the prompt itself goes to
        // the terminal); a script with no variable fails at once, not hangs.
        if !std::io::stdin().is_terminal() {
            return Err(no_terminal());
        }
        let ask = |prompt: String| rpassword::prompt_password(prompt).map_err(|_| no_terminal());
        let p = ask(format!("passphrase for {}: ", what.display()))?;
        if confirm && ask("the same passphrase again: ".to_string())? != p {
            return Err("the two passphrases differ; nothing written".to_string());
        }
        Ok(p)
    }
}

/// Reads a secret key file, asking for the passphrase if it is encrypted.
/// The secret key for signing `list` (the bytes of `list_path`), read only
/// once the list passes the structural check, so a bad list is refused
/// before the passphrase is asked for.
pub fn read_for_list(
    list: &[u8],
    list_path: &Path,
    path: &Path,
    passphrase: &Passphrase,
) -> Result<SecretKey, String> {
    turnback::Engine::inspect_unverified(list.to_vec())
        .map_err(|e| format!("{}: {e}", list_path.display()))?;
    read(path, passphrase)
}

pub fn read(path: &Path, passphrase: &Passphrase) -> Result<SecretKey, String> {
    let text = files::read_text(path, Kind::Key)?;
    if !text.trim_start().starts_with(ENCRYPTED_PEM) {
        return files::secret_key(path);
    }
    let p = passphrase.get(path, false)?;
    let key = SigningKey::from_pkcs8_encrypted_pem(&text, p.as_bytes()).map_err(|_| {
        format!(
            "{}: cannot decrypt the secret key: wrong passphrase, or the file is damaged",
            path.display()
        )
    })?;
    Ok(SecretKey::from_seed(&key.to_bytes()))
}

/// The file form of a new key from `seed`: encrypted with a passphrase
/// unless `plaintext`.
pub fn file_text(
    seed: &[u8; 32],
    path: &Path,
    plaintext: bool,
    passphrase: &Passphrase,
) -> Result<String, String> {
    if plaintext {
        return Ok(SecretKey::from_seed(seed).to_text());
    }
    let p = passphrase.get(path, true)?;
    if p.chars().count() < MIN_PASSPHRASE {
        return Err(format!(
            "the passphrase is shorter than {MIN_PASSPHRASE} characters; nothing written"
        ));
    }
    let pem = SigningKey::from_bytes(seed)
        .to_pkcs8_encrypted_pem(&mut pkcs8::rand_core::OsRng, p.as_bytes(), LineEnding::LF)
        .map_err(|e| format!("cannot encrypt the secret key: {e}"))?;
    Ok(pem.to_string())
}
