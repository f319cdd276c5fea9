//! The domain's ids, read and written as `BigInt` on both backends.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::BigInt;

use crate::domain::ids::{CaseId, MessageId, PhotoId, RewardId, StaffId, TipId};

macro_rules! stored_as_bigint {
    ($($id:ident),*) => {$(
        const _: () = {
            // diesel's derives, pointed at the domain's type, give the
            // expression and row impls; the two below give the conversions.
            #[derive(diesel::AsExpression, diesel::FromSqlRow)]
            #[diesel(foreign_derive, sql_type = BigInt)]
            struct _Stored($id);

            impl<DB: Backend> ToSql<BigInt, DB> for $id
            where
                i64: ToSql<BigInt, DB>,
            {
                fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                    self.0.to_sql(out)
                }
            }

            impl<DB: Backend> FromSql<BigInt, DB> for $id
            where
                i64: FromSql<BigInt, DB>,
            {
                fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                    i64::from_sql(bytes).map($id)
                }
            }
        };
    )*};
}

stored_as_bigint!(TipId, CaseId, StaffId, RewardId, PhotoId, MessageId);
