//! Publisher keys: Ed25519 key pairs, their ids and their text files.
//!
//! `turnback.pub` holds `turnback-public-key-v1 <64 hex digits>`,
//! `turnback.key` holds `turnback-secret-key-v1 <64 hex digits>` (the seed).

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

const PUBLIC_TAG: &str = "turnback-public-key-v1";
const SECRET_TAG: &str = "turnback-secret-key-v1";

/// Why a key cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// Neither `<tag> <hex>` with this kind's tag nor bare hex: the kind
    /// (`public`, `secret`) and the tag expected.
    #[error("not a turnback {0} key: expected `{1} <64 hex digits>`")]
    Format(&'static str, &'static str),
    /// The hex part is not 64 hex digits.
    #[error("key is not 32 bytes of hex")]
    Hex,
    /// 32 bytes that are no point of the curve.
    #[error("not a valid ed25519 public key")]
    Invalid,
}

/// First 8 bytes of SHA-256 of the public key: names the key in list files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId(pub [u8; 8]);

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// A publisher's public key, pinned by every reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl PublicKey {
    /// A key from its 32 bytes; fails on bytes that are no curve point.
    pub fn from_bytes(b: &[u8; 32]) -> Result<PublicKey, KeyError> {
        VerifyingKey::from_bytes(b)
            .map(PublicKey)
            .map_err(|_| KeyError::Invalid)
    }

    /// Reads the text form (`turnback-public-key-v1 <hex>`), or bare hex.
    pub fn from_text(text: &str) -> Result<PublicKey, KeyError> {
        let b = parse_text(text, PUBLIC_TAG, "public")?;
        PublicKey::from_bytes(&b)
    }

    /// The `turnback.pub` file form.
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_TAG} {}\n", hex::encode(self.0.as_bytes()))
    }

    /// The id list files name this key by.
    pub fn id(&self) -> KeyId {
        let d = Sha256::digest(self.0.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&d[..8]);
        KeyId(id)
    }

    /// The key's 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
}

/// A publisher's secret key; signs list files.
pub struct SecretKey(SigningKey);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretKey(public {})", self.public().id())
    }
}

impl SecretKey {
    /// A key from a 32-byte seed (use a cryptographic random source).
    pub fn from_seed(seed: &[u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// Reads the `turnback.key` file form.
    pub fn from_text(text: &str) -> Result<SecretKey, KeyError> {
        Ok(SecretKey::from_seed(&parse_text(
            text, SECRET_TAG, "secret",
        )?))
    }

    /// The `turnback.key` file form.
    pub fn to_text(&self) -> String {
        format!("{SECRET_TAG} {}\n", hex::encode(self.0.to_bytes()))
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

fn parse_text(text: &str, tag: &'static str, what: &'static str) -> Result<[u8; 32], KeyError> {
    let text = text.trim();
    let hex_part = match text.split_once(char::is_whitespace) {
        Some((t, rest)) if t == tag => rest.trim(),
        Some(_) => return Err(KeyError::Format(what, tag)),
        None if text.len() == 64 => text,
        None => return Err(KeyError::Format(what, tag)),
    };
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_part, &mut out).map_err(|_| KeyError::Hex)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trip_and_errors() {
        let sk = SecretKey::from_seed(&[7; 32]);
        let sk2 = SecretKey::from_text(&sk.to_text()).unwrap();
        assert_eq!(sk.public(), sk2.public());
        let pk = PublicKey::from_text(&sk.public().to_text()).unwrap();
        assert_eq!(pk, sk.public());
        assert_eq!(
            PublicKey::from_text(&hex::encode(pk.to_bytes())).unwrap(),
            pk
        );
        assert_eq!(
            PublicKey::from_text(&sk.to_text()),
            Err(KeyError::Format("public", PUBLIC_TAG))
        );
        assert_eq!(
            PublicKey::from_text("turnback-public-key-v1 zz"),
            Err(KeyError::Hex)
        );
        assert_eq!(sk.public().id().to_string().len(), 16);
    }
}
