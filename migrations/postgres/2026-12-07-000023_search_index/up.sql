-- The blind search index: each gram of a tip's words as a keyed hash
-- (HMAC-SHA-256 under a key the organisation key derives, first 8 bytes),
-- never as text. Keyed by gram first, so the tips of one gram are one
-- range; the second index finds a tip's grams when its content goes.
CREATE TABLE tip_grams (
    gram   BIGINT NOT NULL,
    tip_id BIGINT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, tip_id)
);
CREATE INDEX tip_grams_tip ON tip_grams (tip_id);

-- Tips whose grams are not written yet: a submission has no key to hash
-- them with, so a staff session indexes them later.
CREATE TABLE search_pending (
    tip_id BIGINT PRIMARY KEY REFERENCES tips (id) ON DELETE CASCADE
);
