-- What staff type is sealed to the organisation key. No deployment exists,
-- so plain text is dropped, not converted.
DELETE FROM internal_notes;
ALTER TABLE internal_notes DROP COLUMN body;
ALTER TABLE internal_notes ADD COLUMN sealed BYTEA NOT NULL DEFAULT '\x';

ALTER TABLE cases DROP COLUMN title;
ALTER TABLE cases DROP COLUMN latitude;
ALTER TABLE cases DROP COLUMN longitude;
ALTER TABLE cases ADD COLUMN title_sealed BYTEA;
ALTER TABLE cases ADD COLUMN point_sealed BYTEA;

ALTER TABLE case_events DROP COLUMN reason;
ALTER TABLE case_events ADD COLUMN reason_sealed BYTEA;

ALTER TABLE rewards DROP COLUMN reason;
ALTER TABLE rewards ADD COLUMN reason_sealed BYTEA;
