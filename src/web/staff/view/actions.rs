//! The actions the tip and case pages' buttons ask for. A button's value
//! comes from [`TipFormAction::value`] or [`CaseFormAction::value`] and the
//! handler reads the same enum back, so neither side spells the names.

use serde::Deserialize;

/// What a button on a tip (or on a case's list of tips) asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipFormAction {
    Take,
    HandTo,
    Ask,
    Duplicate,
    Link,
    Move,
    OpenCase,
    Close,
    Reopen,
}

impl TipFormAction {
    /// The button's value, as the form sends it.
    pub fn value(self) -> &'static str {
        match self {
            TipFormAction::Take => "take",
            TipFormAction::HandTo => "hand_to",
            TipFormAction::Ask => "ask",
            TipFormAction::Duplicate => "duplicate",
            TipFormAction::Link => "link",
            TipFormAction::Move => "move",
            TipFormAction::OpenCase => "open_case",
            TipFormAction::Close => "close",
            TipFormAction::Reopen => "reopen",
        }
    }
}

/// What a button on a case asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseFormAction {
    Take,
    HandTo,
    Investigate,
    ActionTaken,
    Close,
    Reopen,
    Merge,
}

impl CaseFormAction {
    /// The button's value, as the form sends it.
    pub fn value(self) -> &'static str {
        match self {
            CaseFormAction::Take => "take",
            CaseFormAction::HandTo => "hand_to",
            CaseFormAction::Investigate => "investigate",
            CaseFormAction::ActionTaken => "action_taken",
            CaseFormAction::Close => "close",
            CaseFormAction::Reopen => "reopen",
            CaseFormAction::Merge => "merge",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Sent<Action> {
        action: Action,
    }

    fn read_back<Action: serde::de::DeserializeOwned>(value: &str) -> Action {
        let body = serde_urlencoded::to_string([("action", value)]).unwrap();
        serde_urlencoded::from_str::<Sent<Action>>(&body)
            .unwrap()
            .action
    }

    #[test]
    fn every_button_value_reads_back_as_its_action() {
        use TipFormAction as T;
        for action in [
            T::Take,
            T::HandTo,
            T::Ask,
            T::Duplicate,
            T::Link,
            T::Move,
            T::OpenCase,
            T::Close,
            T::Reopen,
        ] {
            assert_eq!(read_back::<TipFormAction>(action.value()), action);
        }
        use CaseFormAction as C;
        for action in [
            C::Take,
            C::HandTo,
            C::Investigate,
            C::ActionTaken,
            C::Close,
            C::Reopen,
            C::Merge,
        ] {
            assert_eq!(read_back::<CaseFormAction>(action.value()), action);
        }
    }
}
