DROP TABLE tip_gram_blocks;
CREATE TABLE tip_grams (
    gram   BIGINT NOT NULL,
    tip_id BIGINT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, tip_id)
);
CREATE INDEX tip_grams_tip ON tip_grams (tip_id);
INSERT INTO search_pending (tip_id) SELECT id FROM tips WHERE sealed IS NOT NULL
    ON CONFLICT DO NOTHING;
