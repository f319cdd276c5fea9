DROP TABLE tip_gram_blocks;
CREATE TABLE tip_grams (
    gram   INTEGER NOT NULL,
    tip_id INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    PRIMARY KEY (gram, tip_id)
) WITHOUT ROWID;
CREATE INDEX tip_grams_tip ON tip_grams (tip_id);
INSERT OR IGNORE INTO search_pending (tip_id) SELECT id FROM tips WHERE sealed IS NOT NULL;
