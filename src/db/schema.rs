//! Hand-kept diesel schema: the two migration folders differ in DDL, so no
//! generated file can speak for both.

diesel::table! {
    places (code) {
        code -> Text,
        parent_code -> Nullable<Text>,
        level -> Text,
        name_km -> Text,
        name_en -> Text,
    }
}

diesel::table! {
    tips (id) {
        id -> BigInt,
        code -> Text,
        passphrase_hash -> Text,
        category -> Text,
        description -> Text,
        observed_on -> Nullable<Date>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        province_code -> Nullable<Text>,
        district_code -> Nullable<Text>,
        commune_code -> Nullable<Text>,
        village_code -> Nullable<Text>,
        landmark -> Text,
        language -> Text,
        status -> Text,
        submitted_at -> Timestamp,
        submission_nonce -> Text,
        version -> Integer,
    }
}

diesel::table! {
    tip_messages (id) {
        id -> BigInt,
        tip_id -> BigInt,
        direction -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    status_check_failures (id) {
        id -> BigInt,
        code -> Text,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    tip_photos (id) {
        id -> BigInt,
        tip_id -> BigInt,
        message_id -> Nullable<BigInt>,
        content_type -> Text,
        bytes -> Binary,
        sha256 -> Text,
        size -> Integer,
    }
}

diesel::joinable!(tip_messages -> tips (tip_id));
diesel::joinable!(tip_photos -> tips (tip_id));
diesel::allow_tables_to_appear_in_same_query!(
    places,
    tips,
    tip_messages,
    tip_photos,
    status_check_failures
);
