//! PINs bound to the database's pepper (`crate::secrets`): what Argon2 receives is
//! HMAC-SHA256(pepper, PIN), so a copied database alone cannot be searched for PINs.
//!
//! A key row's sealed secret made this way is stored as `peppered-v1:` + `SealedSecret` text;
//! one without the prefix (made before the pepper) opens with the bare PIN and is sealed again
//! under the pepper at its next successful use (`sign_with`, event `key.repeppered`).

use crate::crypto::sealed::{SealError, SealedSecret};
use crate::secrets::Bundle;
use zeroize::Zeroizing;

pub(crate) const PEPPERED: &str = "peppered-v1:";

/// A key row's sealed secret.
pub(crate) struct Stored {
    pub sealed: SealedSecret,
    /// Sealed under the peppered PIN (else under the bare PIN).
    pub peppered: bool,
}

pub(crate) fn parse(text: &str) -> Result<Stored, SealError> {
    let (rest, peppered) = match text.trim().strip_prefix(PEPPERED) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    Ok(Stored {
        sealed: SealedSecret::from_text(rest)?,
        peppered,
    })
}

/// The stored form of a secret sealed under `Bundle::pin_input`.
pub(crate) fn text_of(sealed: &SealedSecret) -> String {
    format!("{PEPPERED}{}", sealed.to_text())
}

/// What opens `stored` for this PIN.
pub(crate) fn input_for(bundle: &Bundle, stored: &Stored, pin: &str) -> Zeroizing<String> {
    if stored.peppered {
        bundle.pin_input(pin)
    } else {
        Zeroizing::new(pin.to_string())
    }
}
