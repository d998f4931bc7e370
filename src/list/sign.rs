//! Offline signing. `build --unsigned` writes a list with a zero key id and
//! a zero signature, which no reader accepts; the publisher carries it to
//! the machine that holds the secret key, where [`sign_unsigned`] fills in
//! both. The signed bytes are exactly those a signed build would have made.

use super::format::{Layout, KEY_ID_AT, SIGNATURE_LEN};
use super::keys::{KeyId, SecretKey};
use super::LoadError;

/// Why a list cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The bytes are not a well-formed list file.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The list already carries a key id or a signature.
    #[error("list is already signed (key {0}); only a list built with --unsigned can be signed")]
    AlreadySigned(KeyId),
}

/// The id of the key a list names as its signer, if the file has a header.
pub fn signer_key_id(file: &[u8]) -> Option<KeyId> {
    let b = file.get(KEY_ID_AT)?;
    let mut id = [0u8; 8];
    id.copy_from_slice(b);
    Some(KeyId(id))
}

/// Whether the bytes are a well-formed list written unsigned: zero key id
/// and zero signature. Anything else (a damaged file too) is not.
pub fn is_unsigned(file: &[u8]) -> bool {
    zero_key_and_signature(file) && Layout::open(file, None, None).is_ok()
}

fn zero_key_and_signature(file: &[u8]) -> bool {
    let sig_at = file.len().saturating_sub(SIGNATURE_LEN);
    signer_key_id(file) == Some(KeyId([0; 8]))
        && file.len() >= SIGNATURE_LEN
        && file
            .get(sig_at..)
            .is_some_and(|s| s.iter().all(|&b| b == 0))
}

/// Signs an unsigned list: checks its structure, sets the key id of `key`
/// and appends the signature over everything before it.
pub fn sign_unsigned(file: &[u8], key: &SecretKey) -> Result<Vec<u8>, SignError> {
    let layout = Layout::open(file, None, None)?;
    if !zero_key_and_signature(file) {
        return Err(SignError::AlreadySigned(layout.info.key_id));
    }
    let mut out = file.to_vec();
    let signed = out.len() - SIGNATURE_LEN;
    if let Some(id) = out.get_mut(KEY_ID_AT) {
        id.copy_from_slice(&key.public().id().0);
    }
    let signature = key.sign(out.get(..signed).unwrap_or(&[]));
    if let Some(s) = out.get_mut(signed..) {
        s.copy_from_slice(&signature);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::{ListInfo, LoadPolicy, PublicKey};
    use crate::{Engine, ListBuilder};

    fn info() -> ListInfo {
        ListInfo {
            id: "offline".to_string(),
            key_id: KeyId([9; 8]),
            sequence: 7,
            created: 1_000,
            expires: i64::MAX,
        }
    }

    fn builder() -> ListBuilder {
        let mut b = ListBuilder::new();
        let c = b.category("default").unwrap();
        b.add_url("offline.turnback.test/", c).unwrap();
        b.add_keyword("zorblax offline", c).unwrap();
        b
    }

    #[test]
    fn signing_an_unsigned_list_gives_the_bytes_of_a_signed_build() {
        let key = SecretKey::from_seed(&[3; 32]);
        let unsigned = builder().write_unsigned(&info()).unwrap();
        assert!(is_unsigned(&unsigned));
        assert_eq!(signer_key_id(&unsigned), Some(KeyId([0; 8])));
        let policy = LoadPolicy {
            now: 2_000,
            held_sequence: None,
        };
        assert!(Engine::from_bytes(unsigned.clone(), &key.public(), &policy).is_err());

        let signed = sign_unsigned(&unsigned, &key).unwrap();
        assert_eq!(signed, builder().write(&info(), &key).unwrap());
        assert!(!is_unsigned(&signed));
        let e = Engine::from_bytes(signed.clone(), &key.public(), &policy).unwrap();
        assert_eq!(e.info().key_id, key.public().id());
        assert_eq!(
            sign_unsigned(&signed, &key),
            Err(SignError::AlreadySigned(key.public().id()))
        );
        let other: PublicKey = SecretKey::from_seed(&[4; 32]).public();
        assert!(Engine::from_bytes(signed, &other, &policy).is_err());
    }

    #[test]
    fn refuses_what_is_not_a_list() {
        let key = SecretKey::from_seed(&[3; 32]);
        assert!(matches!(
            sign_unsigned(b"not a list", &key),
            Err(SignError::Load(LoadError::Truncated { .. }))
        ));
        assert!(!is_unsigned(b""));
        let mut junk = b"TBCKLIST".to_vec();
        junk.resize(400, 0);
        assert!(!is_unsigned(&junk));
    }
}
