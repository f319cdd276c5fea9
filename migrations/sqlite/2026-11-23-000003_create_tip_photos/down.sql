DROP TABLE tip_photos;
