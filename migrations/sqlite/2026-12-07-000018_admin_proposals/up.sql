-- Four eyes on the administrators' power: once two administrators are
-- active, making another one is a proposal that a second administrator
-- (not the proposer, not the account itself) confirms.
CREATE TABLE admin_proposals (
    staff_id    INTEGER PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    proposed_by INTEGER NOT NULL REFERENCES staff (id),
    proposed_at TIMESTAMP NOT NULL
);
