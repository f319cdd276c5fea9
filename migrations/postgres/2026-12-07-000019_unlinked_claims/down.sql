ALTER TABLE rewards DROP CONSTRAINT rewards_state_check;
ALTER TABLE rewards DROP CONSTRAINT rewards_amount_held;
ALTER TABLE rewards DROP CONSTRAINT rewards_four_eyes;
-- Claims cannot be joined back to their rewards: every approved reward
-- returns as claimable, with no claim code (the next visit issues one).
UPDATE rewards SET state = 'claimable', claim_code_sealed = NULL, claim_code_salt = NULL
    WHERE state = 'approved';
ALTER TABLE rewards ADD COLUMN claim_code_hash TEXT UNIQUE;
ALTER TABLE rewards ADD COLUMN paid_by BIGINT REFERENCES staff (id);
ALTER TABLE rewards ADD COLUMN paid_at TIMESTAMP;
ALTER TABLE rewards ADD COLUMN payout_reference TEXT;
ALTER TABLE rewards ADD CONSTRAINT rewards_state_check CHECK (state IN
    ('candidate', 'recommended', 'claimable', 'paid', 'not_eligible', 'rejected', 'expired', 'withdrawn'));
ALTER TABLE rewards ADD CONSTRAINT rewards_check
    CHECK (state NOT IN ('recommended', 'claimable', 'paid') OR amount IS NOT NULL);
ALTER TABLE rewards ADD CONSTRAINT rewards_check1
    CHECK (state NOT IN ('claimable', 'paid') OR (approved_by IS NOT NULL AND approved_by <> recommended_by));
ALTER TABLE rewards ADD CONSTRAINT rewards_check2 CHECK (paid_by IS NULL OR paid_by <> approved_by);
DROP TABLE claim_events;
DROP TABLE payouts;
DROP TABLE claims;
