-- A small JPEG of each photo, for staff pages that list photos. Photos
-- stored before thumbnails existed have none: their photo is shown instead.
ALTER TABLE tip_photos ADD COLUMN thumbnail BLOB;
