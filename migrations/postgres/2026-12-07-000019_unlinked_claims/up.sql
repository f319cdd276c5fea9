-- A payout can no longer be traced to its tip through the tables. An
-- approved reward ends at "approved" for staff; the money is paid against
-- a claim of its own, made when the tipster first sees the claim code,
-- which names no reward, tip, case or place. Its id is random, its fields
-- are covered by a MAC with a counter the audit chain also holds.
CREATE TABLE claims (
    id           BIGINT PRIMARY KEY,
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
    claim_id  BIGINT PRIMARY KEY REFERENCES claims (id),
    currency  TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    paid_on   DATE NOT NULL,
    reference TEXT NOT NULL
);
CREATE INDEX payouts_day ON payouts (paid_on);

-- Claim checks and payouts wait here for the daily job, which writes them
-- to the audit chain shuffled and dated to the day. Random ids, as above.
CREATE TABLE claim_events (
    id       BIGINT PRIMARY KEY,
    day      DATE NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('checked', 'paid')),
    staff_id BIGINT NOT NULL REFERENCES staff (id),
    claim_id BIGINT NOT NULL REFERENCES claims (id)
);

-- Rewards paid before keep their payout in the new ledger, under a claim
-- no code opens. A claim code issued but not yet paid dies: the tipster's
-- next visit issues a fresh one.
CREATE TEMP TABLE legacy_payouts AS
    SELECT id AS reward_id, floor(random() * 9.2e18)::BIGINT AS claim_id
    FROM rewards WHERE state = 'paid';
INSERT INTO claims (id, code_hash, currency, amount, state, last_day, approver_tag, counter, mac)
    SELECT l.claim_id, 'legacy:' || l.claim_id, r.currency, r.amount, 'paid',
           (r.claimable_until + INTERVAL '7 hours')::DATE, '', 0, ''
    FROM legacy_payouts l JOIN rewards r ON r.id = l.reward_id;
INSERT INTO payouts (claim_id, currency, amount, paid_on, reference)
    SELECT l.claim_id, r.currency, r.amount, (r.paid_at + INTERVAL '7 hours')::DATE, r.payout_reference
    FROM legacy_payouts l JOIN rewards r ON r.id = l.reward_id;
DROP TABLE legacy_payouts;

ALTER TABLE rewards DROP CONSTRAINT rewards_state_check;
ALTER TABLE rewards DROP CONSTRAINT rewards_check;
ALTER TABLE rewards DROP CONSTRAINT rewards_check1;
-- Empty for rewards paid or expired before claims were records of their own.
UPDATE rewards SET claim_code_sealed = '', claim_code_salt = '' WHERE state IN ('paid', 'expired');
UPDATE rewards SET claim_code_sealed = NULL, claim_code_salt = NULL WHERE state = 'claimable';
UPDATE rewards SET ended_at = NULL WHERE state = 'expired';
UPDATE rewards SET state = 'approved' WHERE state IN ('claimable', 'paid', 'expired');
ALTER TABLE rewards DROP COLUMN claim_code_hash;
ALTER TABLE rewards DROP COLUMN paid_by;
ALTER TABLE rewards DROP COLUMN paid_at;
ALTER TABLE rewards DROP COLUMN payout_reference;
ALTER TABLE rewards ADD CONSTRAINT rewards_state_check CHECK (state IN
    ('candidate', 'recommended', 'approved', 'not_eligible', 'rejected', 'withdrawn'));
ALTER TABLE rewards ADD CONSTRAINT rewards_amount_held
    CHECK (state NOT IN ('recommended', 'approved') OR amount IS NOT NULL);
ALTER TABLE rewards ADD CONSTRAINT rewards_four_eyes
    CHECK (state <> 'approved' OR (approved_by IS NOT NULL AND approved_by <> recommended_by));
