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
