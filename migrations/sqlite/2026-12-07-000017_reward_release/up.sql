-- An approved reward reaches the tipster's status page only at the daily
-- release, with the day's other changes: its approval's hour is not told
-- by when the tipster first sees it. Rewards approved before are shown.
ALTER TABLE rewards ADD COLUMN released BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE rewards SET released = TRUE WHERE state IN ('claimable', 'paid', 'expired');
