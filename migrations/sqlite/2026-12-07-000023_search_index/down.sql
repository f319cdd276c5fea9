DROP TABLE search_pending;
DROP TABLE tip_grams;
