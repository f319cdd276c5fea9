-- Rewards for tips that led to a confirmed compound. One live reward per
-- tip: a withdrawn one (its case was reopened) makes room for a new one.
CREATE TABLE rewards (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tip_id             BIGINT NOT NULL REFERENCES tips (id),
    case_id            BIGINT NOT NULL REFERENCES cases (id),
    state              TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN
                           ('candidate', 'recommended', 'claimable', 'paid',
                            'not_eligible', 'rejected', 'expired', 'withdrawn')),
    currency           TEXT NOT NULL,
    amount             BIGINT CHECK (amount > 0),
    contribution       TEXT CHECK (contribution IN
                           ('first_report', 'key_detail', 'corroboration')),
    ineligibility      TEXT CHECK (ineligibility IN
                           ('staff_or_official', 'no_new_information', 'false_information', 'other')),
    -- Why it was found not eligible or rejected.
    reason             TEXT NOT NULL DEFAULT '',
    created_at         TIMESTAMP NOT NULL,
    recommended_by     BIGINT REFERENCES staff (id),
    recommended_at     TIMESTAMP,
    approved_by        BIGINT REFERENCES staff (id),
    approved_at        TIMESTAMP,
    claimable_until    TIMESTAMP,
    -- The claim code, keyed-hashed for the payout officer's lookup, and
    -- sealed under a key only the tipster's passphrase opens.
    claim_code_hash    TEXT UNIQUE,
    claim_code_sealed  BYTEA,
    claim_code_salt    BYTEA,
    paid_by            BIGINT REFERENCES staff (id),
    paid_at            TIMESTAMP,
    payout_reference   TEXT,
    -- When it was found not eligible, rejected, expired or withdrawn.
    ended_at           TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    CHECK (state NOT IN ('recommended', 'claimable', 'paid') OR amount IS NOT NULL),
    CHECK (state NOT IN ('claimable', 'paid') OR (approved_by IS NOT NULL AND approved_by <> recommended_by)),
    CHECK (paid_by IS NULL OR paid_by <> approved_by)
);
CREATE UNIQUE INDEX rewards_live_tip ON rewards (tip_id) WHERE state <> 'withdrawn';
CREATE INDEX rewards_case ON rewards (case_id);
CREATE INDEX rewards_state ON rewards (state, id);
CREATE INDEX rewards_approved ON rewards (approved_at);

-- Wrong claim codes, counted per payout officer to throttle guessing.
CREATE TABLE claim_code_failures (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id  BIGINT NOT NULL REFERENCES staff (id),
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX claim_code_failures_staff ON claim_code_failures (staff_id, failed_at);

INSERT INTO job_runs (name, last_day) VALUES ('reward-expiry', '2000-01-01');
