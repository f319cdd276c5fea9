//! What a tip's sealed values hold, and the context each is bound to: a
//! tip's words, landmark and point in one value; each message; each photo.
//! The context names the row, so a sealed value moved to another row or
//! field does not open there.

use super::UnsealError;
use super::envelope::{Slot, open, seal};
use super::fields::{pack, unpack};
use super::keys::{OpeningKey, SealingKey};
use crate::domain::coordinates::Coordinates;
use crate::domain::ids::{MessageId, TipId};

/// What a tipster wrote and showed of the place, sealed to the
/// organisation alone.
#[derive(Debug, Clone, PartialEq)]
pub struct TipContent {
    pub description: String,
    pub landmark: String,
    pub point: Option<Coordinates>,
}

fn content_context(tip: TipId) -> Vec<u8> {
    format!("tip:{tip}:content").into_bytes()
}

fn message_context(tip: TipId, message: MessageId) -> Vec<u8> {
    format!("tip:{tip}:message:{message}").into_bytes()
}

fn photo_context(tip: TipId, thumbnail: bool) -> Vec<u8> {
    let kind = if thumbnail { "thumbnail" } else { "photo" };
    format!("tip:{tip}:{kind}").into_bytes()
}

fn point_bytes(point: Option<Coordinates>) -> Vec<u8> {
    point.map_or_else(Vec::new, |point| {
        [
            point.latitude().to_be_bytes(),
            point.longitude().to_be_bytes(),
        ]
        .concat()
    })
}

fn point_from(bytes: &[u8]) -> Result<Option<Coordinates>, UnsealError> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let (latitude, longitude) = bytes.split_first_chunk::<8>().ok_or(UnsealError)?;
    let longitude: [u8; 8] = longitude.try_into().map_err(|_| UnsealError)?;
    Coordinates::new(f64::from_be_bytes(*latitude), f64::from_be_bytes(longitude))
        .map(Some)
        .map_err(|_| UnsealError)
}

fn text(bytes: Vec<u8>) -> Result<String, UnsealError> {
    String::from_utf8(bytes).map_err(|_| UnsealError)
}

impl TipContent {
    pub fn seal(&self, org: &SealingKey, tip: TipId) -> Vec<u8> {
        let packed = pack(&[
            self.description.as_bytes(),
            self.landmark.as_bytes(),
            &point_bytes(self.point),
        ]);
        seal(&[org], &content_context(tip), &packed)
    }

    pub fn open(org: &OpeningKey, tip: TipId, sealed: &[u8]) -> Result<Self, UnsealError> {
        let packed = open(org, Slot::Organisation, &content_context(tip), sealed)?;
        let [description, landmark, point] = unpack::<3>(&packed).map_err(|_| UnsealError)?;
        Ok(TipContent {
            description: text(description)?,
            landmark: text(landmark)?,
            point: point_from(&point)?,
        })
    }
}

/// A message of a tip's conversation, sealed to the organisation and to
/// the tip's own key, so that its tipster reads it with the passphrase.
pub fn seal_message(
    org: &SealingKey,
    tipster: &SealingKey,
    tip: TipId,
    message: MessageId,
    body: &str,
) -> Vec<u8> {
    seal(
        &[org, tipster],
        &message_context(tip, message),
        body.as_bytes(),
    )
}

/// Opens a message as the organisation or as the tipster (`slot`).
pub fn open_message(
    key: &OpeningKey,
    slot: Slot,
    tip: TipId,
    message: MessageId,
    sealed: &[u8],
) -> Result<String, UnsealError> {
    text(open(key, slot, &message_context(tip, message), sealed)?)
}

/// A photo or its thumbnail, sealed to the organisation alone.
pub fn seal_photo(org: &SealingKey, tip: TipId, thumbnail: bool, jpeg: &[u8]) -> Vec<u8> {
    seal(&[org], &photo_context(tip, thumbnail), jpeg)
}

pub fn open_photo(
    org: &OpeningKey,
    tip: TipId,
    thumbnail: bool,
    sealed: &[u8],
) -> Result<Vec<u8>, UnsealError> {
    open(
        org,
        Slot::Organisation,
        &photo_context(tip, thumbnail),
        sealed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tips_content_opens_whole_and_only_as_its_own_tip() {
        let org = OpeningKey::generate();
        let content = TipContent {
            description: "ការដាក់អ្នកនៅខាងក្នុង canary".into(),
            landmark: "behind the pagoda".into(),
            point: Some(Coordinates::new(11.55, 104.92).unwrap()),
        };
        let sealed = content.seal(&org.sealing_key(), TipId(7));
        assert_eq!(TipContent::open(&org, TipId(7), &sealed).unwrap(), content);
        assert!(TipContent::open(&org, TipId(8), &sealed).is_err());
        let no_point = TipContent {
            point: None,
            ..content
        };
        let sealed = no_point.seal(&org.sealing_key(), TipId(7));
        assert_eq!(TipContent::open(&org, TipId(7), &sealed).unwrap(), no_point);
    }

    #[test]
    fn a_message_opens_for_the_organisation_and_the_tipster_only() {
        let org = OpeningKey::generate();
        let tipster = OpeningKey::from_seed(&[9; 32]);
        let sealed = seal_message(
            &org.sealing_key(),
            &tipster.sealing_key(),
            TipId(1),
            MessageId(2),
            "where is the gate?",
        );
        let opened = |key, slot, message| open_message(key, slot, TipId(1), message, &sealed);
        assert_eq!(
            opened(&org, Slot::Organisation, MessageId(2)).unwrap(),
            "where is the gate?"
        );
        assert_eq!(
            opened(&tipster, Slot::Tipster, MessageId(2)).unwrap(),
            "where is the gate?"
        );
        assert!(opened(&tipster, Slot::Tipster, MessageId(3)).is_err());
        assert!(opened(&OpeningKey::generate(), Slot::Tipster, MessageId(2)).is_err());
    }

    #[test]
    fn a_photo_does_not_open_as_a_thumbnail_or_for_another_tip() {
        let org = OpeningKey::generate();
        let sealed = seal_photo(&org.sealing_key(), TipId(1), false, b"\xff\xd8jpeg");
        assert_eq!(
            open_photo(&org, TipId(1), false, &sealed).unwrap(),
            b"\xff\xd8jpeg"
        );
        assert!(open_photo(&org, TipId(1), true, &sealed).is_err());
        assert!(open_photo(&org, TipId(2), false, &sealed).is_err());
    }
}
