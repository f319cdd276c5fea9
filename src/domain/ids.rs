//! The ids of stored things, each a type of its own, so that a function
//! taking a tip and a case cannot be handed them the other way round. The
//! database layer reads and writes them as `BigInt`.

use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    )*};
}

ids! {
    /// A tip, as the database numbers it (staff see it as `T-00042`).
    TipId;
    /// A case (`C-00007`).
    CaseId;
    /// A staff account.
    StaffId;
    /// A reward (`R-00003`).
    RewardId;
    /// A photo sent with a report or a reply.
    PhotoId;
    /// A message between a reviewer and the tipster.
    MessageId;
}
