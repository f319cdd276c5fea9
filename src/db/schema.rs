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
        observed_on -> Nullable<Date>,
        province_code -> Nullable<Text>,
        district_code -> Nullable<Text>,
        commune_code -> Nullable<Text>,
        village_code -> Nullable<Text>,
        language -> Text,
        status -> Text,
        submitted_at -> Timestamp,
        submission_nonce -> Text,
        version -> Integer,
        assignee_id -> Nullable<BigInt>,
        urgent -> Bool,
        priority -> Integer,
        priority_reasons -> Text,
        grid_cell -> Nullable<Text>,
        duplicate_of -> Nullable<BigInt>,
        close_reason -> Nullable<Text>,
        case_id -> Nullable<BigInt>,
        corroboration -> Integer,
        public_status -> Text,
        burst_lead -> Nullable<BigInt>,
        burst_size -> Integer,
        purged -> Bool,
        sealed -> Nullable<Binary>,
        tipster_key -> Nullable<Binary>,
        description_chars -> Integer,
        has_point -> Bool,
    }
}

diesel::table! {
    cases (id) {
        id -> BigInt,
        title_sealed -> Nullable<Binary>,
        point_sealed -> Nullable<Binary>,
        grid_cell -> Nullable<Text>,
        province_code -> Nullable<Text>,
        commune_code -> Nullable<Text>,
        state -> Text,
        outcome -> Nullable<Text>,
        assignee_id -> Nullable<BigInt>,
        opened_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        merged_into -> Nullable<BigInt>,
        version -> Integer,
        held -> Bool,
        purged -> Bool,
    }
}

diesel::table! {
    case_events (id) {
        id -> BigInt,
        case_id -> BigInt,
        kind -> Text,
        actor_id -> Nullable<BigInt>,
        detail -> Text,
        reason_sealed -> Nullable<Binary>,
        at -> Timestamp,
    }
}

diesel::table! {
    tip_messages (id) {
        id -> BigInt,
        tip_id -> BigInt,
        direction -> Text,
        created_at -> Timestamp,
        author_id -> Nullable<BigInt>,
        sealed -> Binary,
    }
}

diesel::table! {
    internal_notes (id) {
        id -> BigInt,
        tip_id -> Nullable<BigInt>,
        case_id -> Nullable<BigInt>,
        author_id -> BigInt,
        sealed -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_devices (nonce_hash) {
        nonce_hash -> Text,
        staff_id -> BigInt,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        issued_at -> Timestamp,
    }
}

diesel::table! {
    form_receipts (nonce_hash) {
        nonce_hash -> Text,
        tip_id -> Nullable<BigInt>,
        content_hash -> Text,
        sealed_receipt -> Nullable<Binary>,
        sealed_until -> Timestamp,
        forget_at -> Timestamp,
    }
}

diesel::table! {
    unknown_sign_in_failures (interval_start) {
        interval_start -> Timestamp,
        failures -> BigInt,
    }
}

diesel::table! {
    urgent_alert_window (id) {
        id -> Integer,
        opened_at -> Nullable<Timestamp>,
        more_tips -> Integer,
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
        size -> Integer,
        thumbnail -> Nullable<Binary>,
    }
}

diesel::table! {
    staff (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        role -> Text,
        language -> Text,
        password_hash -> Nullable<Text>,
        totp_seed -> Nullable<Binary>,
        totp_confirmed -> Bool,
        totp_last_step -> Nullable<BigInt>,
        disabled -> Bool,
        failed_logins -> Integer,
        locked_until -> Nullable<Timestamp>,
        created_at -> Timestamp,
        urgent_alerts -> Bool,
        daily_digest -> Bool,
    }
}

diesel::table! {
    staff_recovery_codes (id) {
        id -> BigInt,
        staff_id -> BigInt,
        code_hash -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    staff_sessions (token_hash) {
        token_hash -> Text,
        staff_id -> BigInt,
        stage -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        sealed_key -> Nullable<Binary>,
    }
}

diesel::table! {
    staff_links (token_hash) {
        token_hash -> Text,
        purpose -> Text,
        staff_id -> Nullable<BigInt>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        subject -> Text,
        detail -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    job_runs (name) {
        name -> Text,
        last_day -> Date,
        leased_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    rewards (id) {
        id -> BigInt,
        tip_id -> BigInt,
        case_id -> BigInt,
        state -> Text,
        currency -> Text,
        amount -> Nullable<BigInt>,
        contribution -> Nullable<Text>,
        ineligibility -> Nullable<Text>,
        reason_sealed -> Nullable<Binary>,
        created_at -> Timestamp,
        recommended_by -> Nullable<BigInt>,
        recommended_at -> Nullable<Timestamp>,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        claimable_until -> Nullable<Timestamp>,
        claim_code_sealed -> Nullable<Binary>,
        claim_code_salt -> Nullable<Binary>,
        ended_at -> Nullable<Timestamp>,
        version -> Integer,
        released -> Bool,
    }
}

diesel::table! {
    claim_code_failures (id) {
        id -> BigInt,
        staff_id -> BigInt,
        failed_at -> Timestamp,
    }
}

diesel::table! {
    claims (id) {
        id -> BigInt,
        code_hash -> Text,
        currency -> Text,
        amount -> BigInt,
        state -> Text,
        last_day -> Date,
        approver_tag -> Text,
        counter -> BigInt,
        mac -> Text,
    }
}

diesel::table! {
    payouts (claim_id) {
        claim_id -> BigInt,
        currency -> Text,
        amount -> BigInt,
        paid_on -> Date,
        reference -> Text,
    }
}

diesel::table! {
    claim_events (id) {
        id -> BigInt,
        day -> Date,
        kind -> Text,
        staff_id -> BigInt,
        claim_id -> BigInt,
    }
}

diesel::table! {
    tip_withdrawals (tip_id) {
        tip_id -> BigInt,
        day -> Date,
    }
}

diesel::table! {
    tip_closings (tip_id) {
        tip_id -> BigInt,
        closed_at -> Timestamp,
    }
}

diesel::table! {
    org_key (id) {
        id -> Integer,
        public_key -> Binary,
        pending_wrap -> Nullable<Binary>,
        recovery_wrap -> Nullable<Binary>,
    }
}

diesel::table! {
    staff_keys (staff_id) {
        staff_id -> BigInt,
        public_key -> Binary,
        wrapped_secret -> Binary,
        salt -> Binary,
    }
}

diesel::table! {
    key_grants (staff_id) {
        staff_id -> BigInt,
        sealed_key -> Binary,
        granted_by -> Nullable<BigInt>,
        confirmed -> Bool,
        confirmed_by -> Nullable<BigInt>,
        granted_at -> Timestamp,
    }
}

diesel::joinable!(rewards -> tips (tip_id));
diesel::joinable!(rewards -> cases (case_id));
diesel::joinable!(tip_messages -> tips (tip_id));
diesel::joinable!(tip_photos -> tips (tip_id));
diesel::joinable!(case_events -> cases (case_id));
diesel::joinable!(staff_sessions -> staff (staff_id));
diesel::joinable!(staff_recovery_codes -> staff (staff_id));
diesel::joinable!(staff_devices -> staff (staff_id));
diesel::table! {
    admin_proposals (staff_id) {
        staff_id -> BigInt,
        proposed_by -> BigInt,
        proposed_at -> Timestamp,
    }
}

diesel::table! {
    code_keying (id) {
        id -> Integer,
        done -> Bool,
    }
}

diesel::table! {
    spent_forms (key_hash) {
        key_hash -> Text,
        forget_at -> Timestamp,
    }
}

diesel::joinable!(form_receipts -> tips (tip_id));
diesel::allow_tables_to_appear_in_same_query!(
    places,
    tips,
    tip_messages,
    tip_photos,
    status_check_failures,
    staff,
    staff_recovery_codes,
    staff_sessions,
    staff_links,
    audit_log,
    job_runs,
    internal_notes,
    cases,
    case_events,
    rewards,
    claim_code_failures,
    claims,
    payouts,
    claim_events,
    tip_closings,
    tip_withdrawals,
    staff_devices,
    unknown_sign_in_failures,
    form_receipts,
    spent_forms,
    code_keying,
    admin_proposals,
    urgent_alert_window,
    org_key,
    staff_keys,
    key_grants
);

diesel::table! {
    tip_gram_blocks (gram, block) {
        gram -> BigInt,
        block -> BigInt,
        members -> Binary,
    }
}

diesel::table! {
    search_pending (tip_id) {
        tip_id -> BigInt,
    }
}

diesel::allow_tables_to_appear_in_same_query!(tips, tip_gram_blocks, search_pending);
