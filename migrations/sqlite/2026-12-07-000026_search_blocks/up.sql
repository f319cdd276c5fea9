-- The blind index by blocks: one row per gram and block of 4,096 tip ids,
-- holding the set of that block's tips with the gram (sorted 2-byte
-- offsets, or a 512-byte bitmap once as long). A row per posting took
-- about 40 bytes per tip and gram; this takes at most 2. The second index
-- finds a block's rows when a tip's content goes, since no row names it.
DROP TABLE tip_grams;
CREATE TABLE tip_gram_blocks (
    gram    INTEGER NOT NULL,
    block   INTEGER NOT NULL,
    members BLOB NOT NULL,
    PRIMARY KEY (gram, block)
) WITHOUT ROWID;
CREATE INDEX tip_gram_blocks_block ON tip_gram_blocks (block);

-- Every tip with content is indexed again, by the next staff sessions.
INSERT OR IGNORE INTO search_pending (tip_id) SELECT id FROM tips WHERE sealed IS NOT NULL;
