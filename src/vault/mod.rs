//! Sealing content at rest. Every tip's words, place, photos and messages,
//! every note and every audit detail are sealed to the organisation's
//! X25519 key (and, for what the tipster reads back, to the tip's own key),
//! so a copy of the database, even with the server key beside it, opens
//! nothing. The organisation's private key exists only wrapped: under each
//! granted staff member's key pair (itself wrapped under their password),
//! under the recovery key kept offline, and under the token of each live
//! staff session, which only the browser's cookie carries.
//!
//! The primitives are `crypto_box`'s sealed boxes (X25519, XSalsa20-Poly1305)
//! and XChaCha20-Poly1305 from [`crate::secret`]; nothing here is a
//! primitive of its own.

mod contents;
mod envelope;
mod fields;
mod keys;
mod recovery;

pub use contents::{TipContent, open_message, open_photo, seal_message, seal_photo};
pub use envelope::{Slot, open, seal};
pub use fields::{FieldsError, pack, unpack};
pub use keys::{OpeningKey, SealingKey, WrappedKey, session_key};
pub use recovery::RecoveryKey;

/// A sealed value could not be opened: wrong key, wrong context or tampered.
pub use crate::secret::UnsealError;
