-- What staff type is sealed to the organisation key. No deployment exists,
-- so plain text is dropped, not converted. SQLite keeps the case's
-- latitude and longitude (a CHECK names them) but only ever empty.
ALTER TABLE internal_notes DROP COLUMN body;
DELETE FROM internal_notes;
ALTER TABLE internal_notes ADD COLUMN sealed BLOB NOT NULL DEFAULT X'';

ALTER TABLE cases DROP COLUMN title;
UPDATE cases SET latitude = NULL, longitude = NULL;
ALTER TABLE cases ADD COLUMN title_sealed BLOB;
ALTER TABLE cases ADD COLUMN point_sealed BLOB;

ALTER TABLE case_events DROP COLUMN reason;
ALTER TABLE case_events ADD COLUMN reason_sealed BLOB;

ALTER TABLE rewards DROP COLUMN reason;
ALTER TABLE rewards ADD COLUMN reason_sealed BLOB;
