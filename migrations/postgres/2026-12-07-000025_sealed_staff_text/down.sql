-- The sealed text cannot be opened here: it is dropped.
ALTER TABLE rewards DROP COLUMN reason_sealed;
ALTER TABLE rewards ADD COLUMN reason TEXT NOT NULL DEFAULT '';

ALTER TABLE case_events DROP COLUMN reason_sealed;
ALTER TABLE case_events ADD COLUMN reason TEXT NOT NULL DEFAULT '';

ALTER TABLE cases DROP COLUMN point_sealed;
ALTER TABLE cases DROP COLUMN title_sealed;
ALTER TABLE cases ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN latitude DOUBLE PRECISION;
ALTER TABLE cases ADD COLUMN longitude DOUBLE PRECISION;
ALTER TABLE cases ADD CONSTRAINT cases_point_whole CHECK ((latitude IS NULL) = (longitude IS NULL));

DELETE FROM internal_notes;
ALTER TABLE internal_notes DROP COLUMN sealed;
ALTER TABLE internal_notes ADD COLUMN body TEXT NOT NULL DEFAULT '';
