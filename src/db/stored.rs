//! The domain's own values as columns: each names itself in a text column
//! (`as_str` to write, `parse` to read), and an amount is a number that
//! must be one. A stored value the code does not know is a failed query
//! naming the value.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{BigInt, Text};

use super::links::LinkPurpose;
use crate::domain::cases::Outcome;
use crate::domain::category::Category;
use crate::domain::message::Direction;
use crate::domain::place::PlaceLevel;
use crate::domain::rewards::claim::ClaimState;
use crate::domain::rewards::{Amount, Contribution, Ineligibility, RewardState};
use crate::domain::staff::{Role, SessionStage};
use crate::domain::tip_status::{PublicStatus, TipStatus};
use crate::domain::tips::CloseReason;

macro_rules! stored_as_text {
    ($($value:ident: $what:literal => $parse:expr;)*) => {$(
        const _: () = {
            // diesel's derives, pointed at the domain's type, give the
            // expression and row impls; the two below give the conversions.
            #[derive(diesel::AsExpression, diesel::FromSqlRow)]
            #[diesel(foreign_derive, sql_type = Text)]
            struct _Stored($value);

            impl<DB: Backend> ToSql<Text, DB> for $value
            where
                str: ToSql<Text, DB>,
            {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                    self.as_str().to_sql(out)
                }
            }

            impl<DB: Backend> FromSql<Text, DB> for $value
            where
                String: FromSql<Text, DB>,
            {
                fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                    let text = String::from_sql(bytes)?;
                    let parse: fn(&str) -> Option<$value> = $parse;
                    parse(&text).ok_or_else(|| unknown($what, &text))
                }
            }
        };
    )*};
}

stored_as_text! {
    Category: "category" => |text| Category::parse(text).ok();
    TipStatus: "tip status" => TipStatus::parse;
    PublicStatus: "public status" => PublicStatus::parse;
    CloseReason: "close reason" => CloseReason::parse;
    Outcome: "case outcome" => Outcome::parse;
    Direction: "message direction" => Direction::parse;
    RewardState: "reward state" => RewardState::parse;
    ClaimState: "claim state" => ClaimState::parse;
    Contribution: "contribution" => Contribution::parse;
    Ineligibility: "ineligibility" => Ineligibility::parse;
    Role: "staff role" => Role::parse;
    SessionStage: "session stage" => SessionStage::parse;
    LinkPurpose: "link purpose" => LinkPurpose::parse;
    PlaceLevel: "place level" => PlaceLevel::parse;
}

/// Why a stored value is not one the code knows, with the value.
pub(super) fn unknown(what: &str, stored: &str) -> Box<dyn std::error::Error + Send + Sync> {
    format!("unknown {what} `{stored}` in the database").into()
}

// An amount is read only: it is written as its units.
const _: () = {
    #[derive(diesel::FromSqlRow)]
    #[diesel(foreign_derive)]
    struct _Stored(Amount);

    impl<DB: Backend> FromSql<BigInt, DB> for Amount
    where
        i64: FromSql<BigInt, DB>,
    {
        fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
            let units = i64::from_sql(bytes)?;
            Amount::new(units).map_err(|_| unknown("reward amount", &units.to_string()))
        }
    }
};

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text};

    use crate::domain::rewards::Amount;
    use crate::domain::tip_status::TipStatus;

    fn memory() -> SqliteConnection {
        SqliteConnection::establish(":memory:").unwrap()
    }

    #[test]
    fn a_known_value_reads_as_its_type() {
        let status: TipStatus = diesel::select(sql::<Text>("'reply_received'"))
            .get_result(&mut memory())
            .unwrap();
        assert_eq!(status, TipStatus::ReplyReceived);
    }

    #[test]
    fn an_unknown_value_fails_the_query_naming_it() {
        let error = diesel::select(sql::<Text>("'raided'"))
            .get_result::<TipStatus>(&mut memory())
            .unwrap_err();
        assert!(
            format!("{error:?}").contains("tip status `raided`"),
            "{error:?}"
        );
        let error = diesel::select(sql::<BigInt>("0"))
            .get_result::<Amount>(&mut memory())
            .unwrap_err();
        assert!(
            format!("{error:?}").contains("reward amount `0`"),
            "{error:?}"
        );
    }
}
