ALTER TABLE tip_photos DROP COLUMN thumbnail;
