//! The conversation between reviewers and a tipster: who wrote each
//! message.

/// Who wrote a message of the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A reviewer, to the tipster.
    ToTipster,
    /// The tipster, to the reviewers.
    FromTipster,
}

impl Direction {
    const ALL: [Direction; 2] = [Direction::ToTipster, Direction::FromTipster];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToTipster => "to_tipster",
            Direction::FromTipster => "from_tipster",
        }
    }

    pub fn parse(stored: &str) -> Option<Direction> {
        Direction::ALL
            .into_iter()
            .find(|direction| direction.as_str() == stored)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_round_trip_through_their_stored_names() {
        for direction in Direction::ALL {
            assert_eq!(Direction::parse(direction.as_str()), Some(direction));
        }
        assert_eq!(Direction::parse("sideways"), None);
    }
}
