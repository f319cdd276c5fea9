CREATE TABLE rewards_linked (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id             INTEGER NOT NULL REFERENCES tips (id),
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    state              TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN
                           ('candidate', 'recommended', 'claimable', 'paid',
                            'not_eligible', 'rejected', 'expired', 'withdrawn')),
    currency           TEXT NOT NULL,
    amount             INTEGER CHECK (amount > 0),
    contribution       TEXT CHECK (contribution IN
                           ('first_report', 'key_detail', 'corroboration')),
    ineligibility      TEXT CHECK (ineligibility IN
                           ('staff_or_official', 'no_new_information', 'false_information', 'other')),
    reason             TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    recommended_by     INTEGER REFERENCES staff (id),
    recommended_at     TIMESTAMP,
    approved_by        INTEGER REFERENCES staff (id),
    approved_at        TIMESTAMP,
    claimable_until    TIMESTAMP,
    claim_code_hash    TEXT UNIQUE,
    claim_code_sealed  BLOB,
    claim_code_salt    BLOB,
    paid_by            INTEGER REFERENCES staff (id),
    paid_at            TIMESTAMP,
    payout_reference   TEXT,
    ended_at           TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    released           BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (state NOT IN ('recommended', 'claimable', 'paid') OR amount IS NOT NULL),
    CHECK (state NOT IN ('claimable', 'paid') OR (approved_by IS NOT NULL AND approved_by <> recommended_by)),
    CHECK (paid_by IS NULL OR paid_by <> approved_by)
);
-- Claims cannot be joined back to their rewards: every approved reward
-- returns as claimable, with no claim code (the next visit issues one).
INSERT INTO rewards_linked (id, tip_id, case_id, state, currency, amount, contribution,
        ineligibility, reason, created_at, recommended_by, recommended_at, approved_by,
        approved_at, claimable_until, ended_at, version, released)
    SELECT id, tip_id, case_id,
           CASE WHEN state = 'approved' THEN 'claimable' ELSE state END,
           currency, amount, contribution, ineligibility, reason, created_at,
           recommended_by, recommended_at, approved_by, approved_at, claimable_until,
           ended_at, version, released
    FROM rewards;
DROP TABLE rewards;
ALTER TABLE rewards_linked RENAME TO rewards;
CREATE UNIQUE INDEX rewards_live_tip ON rewards (tip_id) WHERE state <> 'withdrawn';
CREATE INDEX rewards_case ON rewards (case_id);
CREATE INDEX rewards_state ON rewards (state, id);
CREATE INDEX rewards_approved ON rewards (approved_at);
DROP TABLE claim_events;
DROP TABLE payouts;
DROP TABLE claims;
