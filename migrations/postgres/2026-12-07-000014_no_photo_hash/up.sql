-- A hash of a deterministic re-encode can be matched against the photos
-- of a seized phone, keyed or not: no photo's hash is kept.
ALTER TABLE tip_photos DROP COLUMN sha256;
