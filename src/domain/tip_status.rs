//! Where a tip stands, and the coarse status its tipster is shown. Staff
//! move a tip through `domain::tips`'s workflow; the tipster's only move
//! is to answer a question.

/// A tip's state, stored as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TipStatus {
    New,
    InReview,
    NeedsInfo,
    ReplyReceived,
    Linked,
    Duplicate,
    ClosedNoAction,
}

/// What the tipster sees: deliberately coarse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicStatus {
    Received,
    BeingReviewed,
    QuestionForYou,
    PassedToInvestigators,
    Closed,
}

impl TipStatus {
    /// Every status.
    pub const ALL: [TipStatus; 7] = [
        TipStatus::New,
        TipStatus::InReview,
        TipStatus::NeedsInfo,
        TipStatus::ReplyReceived,
        TipStatus::Linked,
        TipStatus::Duplicate,
        TipStatus::ClosedNoAction,
    ];

    /// The statuses whose tips always wait in the queue.
    pub const WAITING: [TipStatus; 2] = [TipStatus::New, TipStatus::ReplyReceived];

    /// The status whose tips wait in the queue while nobody has them.
    pub const WAITING_UNASSIGNED: TipStatus = TipStatus::InReview;

    pub fn as_str(self) -> &'static str {
        match self {
            TipStatus::New => "new",
            TipStatus::InReview => "in_review",
            TipStatus::NeedsInfo => "needs_info",
            TipStatus::ReplyReceived => "reply_received",
            TipStatus::Linked => "linked",
            TipStatus::Duplicate => "duplicate",
            TipStatus::ClosedNoAction => "closed_no_action",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        TipStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == stored)
    }

    pub fn public(self) -> PublicStatus {
        match self {
            TipStatus::New => PublicStatus::Received,
            TipStatus::InReview | TipStatus::ReplyReceived => PublicStatus::BeingReviewed,
            TipStatus::NeedsInfo => PublicStatus::QuestionForYou,
            TipStatus::Linked => PublicStatus::PassedToInvestigators,
            TipStatus::Duplicate | TipStatus::ClosedNoAction => PublicStatus::Closed,
        }
    }

    /// The state after the tipster writes: an answer to a question puts the
    /// tip back in the queue; any other message leaves the state alone.
    pub fn after_tipster_reply(self) -> TipStatus {
        match self {
            TipStatus::NeedsInfo => TipStatus::ReplyReceived,
            other => other,
        }
    }
}

impl PublicStatus {
    /// Every status a tipster can be shown.
    pub const ALL: [PublicStatus; 5] = [
        PublicStatus::Received,
        PublicStatus::BeingReviewed,
        PublicStatus::QuestionForYou,
        PublicStatus::PassedToInvestigators,
        PublicStatus::Closed,
    ];

    /// The stored name: the status page reads what was last released.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicStatus::Received => "received",
            PublicStatus::BeingReviewed => "being_reviewed",
            PublicStatus::QuestionForYou => "question",
            PublicStatus::PassedToInvestigators => "passed_on",
            PublicStatus::Closed => "closed",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        PublicStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == stored)
    }

    /// The catalog message naming this status.
    pub fn message_key(self) -> &'static str {
        match self {
            PublicStatus::Received => "status-received",
            PublicStatus::BeingReviewed => "status-being-reviewed",
            PublicStatus::QuestionForYou => "status-question",
            PublicStatus::PassedToInvestigators => "status-passed-on",
            PublicStatus::Closed => "status-closed",
        }
    }

    /// The catalog message saying what this status means for the tipster.
    pub fn explanation_key(self) -> &'static str {
        match self {
            PublicStatus::Received => "status-received-explained",
            PublicStatus::BeingReviewed => "status-being-reviewed-explained",
            PublicStatus::QuestionForYou => "status-question-explained",
            PublicStatus::PassedToInvestigators => "status-passed-on-explained",
            PublicStatus::Closed => "status-closed-explained",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_through_its_stored_name() {
        for status in TipStatus::ALL {
            assert_eq!(TipStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(TipStatus::parse("deleted"), None);
    }

    #[test]
    fn the_tipster_sees_only_five_coarse_states() {
        assert_eq!(TipStatus::New.public(), PublicStatus::Received);
        assert_eq!(
            TipStatus::ReplyReceived.public(),
            PublicStatus::BeingReviewed
        );
        assert_eq!(TipStatus::NeedsInfo.public(), PublicStatus::QuestionForYou);
        assert_eq!(
            TipStatus::Duplicate.public(),
            PublicStatus::Closed,
            "a duplicate is not news to share"
        );
    }

    #[test]
    fn every_public_status_round_trips_through_its_stored_name() {
        for status in PublicStatus::ALL {
            assert_eq!(PublicStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(PublicStatus::parse("raided"), None);
    }

    #[test]
    fn only_an_answer_to_a_question_changes_the_state() {
        assert_eq!(
            TipStatus::NeedsInfo.after_tipster_reply(),
            TipStatus::ReplyReceived
        );
        for status in TipStatus::ALL
            .into_iter()
            .filter(|s| *s != TipStatus::NeedsInfo)
        {
            assert_eq!(status.after_tipster_reply(), status);
        }
    }
}
