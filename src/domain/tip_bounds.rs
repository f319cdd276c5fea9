//! How much one tip takes from its tipster: a bounded number of replies
//! and of photos (count and bytes), so the code and passphrase of a fake
//! tip are no channel to fill the database. The bounds are far above what
//! a real tipster sends: one who has more to say can send a new report.

use crate::domain::report::Problem;

/// Replies from the tipster a tip takes.
pub const TIPSTER_REPLIES_MAX: u32 = 50;
/// Photos a tip takes in all: the report's and the replies'.
pub const TIP_PHOTOS_MAX: u32 = 20;
/// Bytes of stored photos a tip takes in all. With at most 1.5 MB a stored
/// photo the count bounds the bytes too today; this bound holds on its own
/// if either of those is ever raised.
pub const TIP_PHOTO_BYTES_MAX: u64 = 30 * 1024 * 1024;

/// What a tip holds already.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TipHoldings {
    pub tipster_replies: u32,
    pub photos: u32,
    pub photo_bytes: u64,
}

/// Why a tip takes no more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TipFull {
    Replies,
    Photos,
}

impl TipFull {
    /// The problem the reply form shows.
    pub fn problem(self) -> Problem {
        match self {
            TipFull::Replies => Problem::TipRepliesFull,
            TipFull::Photos => Problem::TipPhotosFull,
        }
    }
}

impl TipHoldings {
    /// Whether one more reply, with `photos` photos of `photo_bytes` in all,
    /// still fits.
    pub fn take_reply(self, photos: u32, photo_bytes: u64) -> Result<(), TipFull> {
        if self.tipster_replies >= TIPSTER_REPLIES_MAX {
            Err(TipFull::Replies)
        } else if self.photos.saturating_add(photos) > TIP_PHOTOS_MAX
            || self.photo_bytes.saturating_add(photo_bytes) > TIP_PHOTO_BYTES_MAX
        {
            Err(TipFull::Photos)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: TipHoldings = TipHoldings {
        tipster_replies: 0,
        photos: 0,
        photo_bytes: 0,
    };

    #[test]
    fn the_last_reply_fits_and_the_next_does_not() {
        let almost = TipHoldings {
            tipster_replies: TIPSTER_REPLIES_MAX - 1,
            ..EMPTY
        };
        assert_eq!(almost.take_reply(0, 0), Ok(()));
        let full = TipHoldings {
            tipster_replies: TIPSTER_REPLIES_MAX,
            ..EMPTY
        };
        assert_eq!(full.take_reply(0, 0), Err(TipFull::Replies));
    }

    #[test]
    fn photos_are_bounded_by_count_with_what_the_reply_brings() {
        let held = TipHoldings {
            photos: TIP_PHOTOS_MAX - 2,
            ..EMPTY
        };
        assert_eq!(held.take_reply(2, 0), Ok(()));
        assert_eq!(held.take_reply(3, 0), Err(TipFull::Photos));
    }

    #[test]
    fn photos_are_bounded_by_bytes_too() {
        let held = TipHoldings {
            photos: 1,
            photo_bytes: TIP_PHOTO_BYTES_MAX - 10,
            ..EMPTY
        };
        assert_eq!(held.take_reply(1, 10), Ok(()));
        assert_eq!(held.take_reply(1, 11), Err(TipFull::Photos));
        assert_eq!(
            held.take_reply(0, 0),
            Ok(()),
            "words still fit when photos do not"
        );
    }

    #[test]
    fn a_full_tip_asks_for_the_right_thing() {
        assert_eq!(
            TipFull::Replies.problem().message_key(),
            "status-reply-full"
        );
        assert_eq!(
            TipFull::Photos.problem().message_key(),
            "status-reply-photos-full"
        );
    }
}
