-- A payout can no longer be traced to its tip through the tables. An
-- approved reward ends at "approved" for staff; the money is paid against
-- a claim of its own, made when the tipster first sees the claim code,
-- which names no reward, tip, case or place. Its id is random (INTEGER
-- PRIMARY KEY orders the table by it, not by insertion), its fields are
-- covered by a MAC with a counter the audit chain also holds.
CREATE TABLE claims (
    id           INTEGER PRIMARY KEY,
    code_hash    TEXT NOT NULL UNIQUE,
    currency     TEXT NOT NULL,
    amount       BIGINT NOT NULL CHECK (amount > 0),
    state        TEXT NOT NULL CHECK (state IN ('claimable', 'paid', 'expired')),
    last_day     DATE NOT NULL,
    approver_tag TEXT NOT NULL,
    counter      BIGINT NOT NULL,
    mac          TEXT NOT NULL
);
CREATE INDEX claims_due ON claims (state, last_day);

-- The payouts ledger: it shares no column with the approvals ledger (the
-- rewards) but the currency.
CREATE TABLE payouts (
    claim_id  INTEGER PRIMARY KEY REFERENCES claims (id),
    currency  TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    paid_on   DATE NOT NULL,
    reference TEXT NOT NULL
);
CREATE INDEX payouts_day ON payouts (paid_on);

-- Claim checks and payouts wait here for the daily job, which writes them
-- to the audit chain shuffled and dated to the day. Random ids, as above.
CREATE TABLE claim_events (
    id       INTEGER PRIMARY KEY,
    day      DATE NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('checked', 'paid')),
    staff_id INTEGER NOT NULL REFERENCES staff (id),
    claim_id INTEGER NOT NULL REFERENCES claims (id)
);

-- Rewards paid before keep their payout in the new ledger, under a claim
-- no code opens. A claim code issued but not yet paid dies: the tipster's
-- next visit issues a fresh one.
CREATE TEMP TABLE legacy_payouts AS
    SELECT id AS reward_id, abs(random()) AS claim_id FROM rewards WHERE state = 'paid';
INSERT INTO claims (id, code_hash, currency, amount, state, last_day, approver_tag, counter, mac)
    SELECT l.claim_id, 'legacy:' || l.claim_id, r.currency, r.amount, 'paid',
           date(r.claimable_until, '+7 hours'), '', 0, ''
    FROM legacy_payouts l JOIN rewards r ON r.id = l.reward_id;
INSERT INTO payouts (claim_id, currency, amount, paid_on, reference)
    SELECT l.claim_id, r.currency, r.amount, date(r.paid_at, '+7 hours'), r.payout_reference
    FROM legacy_payouts l JOIN rewards r ON r.id = l.reward_id;
DROP TABLE legacy_payouts;

CREATE TABLE rewards_approvals (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id             INTEGER NOT NULL REFERENCES tips (id),
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    state              TEXT NOT NULL DEFAULT 'candidate' CHECK (state IN
                           ('candidate', 'recommended', 'approved',
                            'not_eligible', 'rejected', 'withdrawn')),
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
    -- The claim code, sealed under a key only the tipster's passphrase
    -- opens: the one pointer from a reward to its claim. Empty for rewards
    -- paid or expired before claims were records of their own.
    claim_code_sealed  BLOB,
    claim_code_salt    BLOB,
    ended_at           TIMESTAMP,
    version            INTEGER NOT NULL DEFAULT 1,
    released           BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (state NOT IN ('recommended', 'approved') OR amount IS NOT NULL),
    CHECK (state <> 'approved' OR (approved_by IS NOT NULL AND approved_by <> recommended_by))
);
INSERT INTO rewards_approvals
    SELECT id, tip_id, case_id,
           CASE WHEN state IN ('claimable', 'paid', 'expired') THEN 'approved' ELSE state END,
           currency, amount, contribution, ineligibility, reason, created_at,
           recommended_by, recommended_at, approved_by, approved_at, claimable_until,
           CASE WHEN state IN ('paid', 'expired') THEN X'' END,
           CASE WHEN state IN ('paid', 'expired') THEN X'' END,
           CASE WHEN state = 'expired' THEN NULL ELSE ended_at END,
           version, released
    FROM rewards;
DROP TABLE rewards;
ALTER TABLE rewards_approvals RENAME TO rewards;
CREATE UNIQUE INDEX rewards_live_tip ON rewards (tip_id) WHERE state <> 'withdrawn';
CREATE INDEX rewards_case ON rewards (case_id);
CREATE INDEX rewards_state ON rewards (state, id);
CREATE INDEX rewards_approved ON rewards (approved_at);
