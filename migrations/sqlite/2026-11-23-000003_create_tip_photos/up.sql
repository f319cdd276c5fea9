-- Photos sent with a tip or with a reply, as re-encoded JPEGs with nothing
-- but pixels. The bytes as sent are never stored.
CREATE TABLE tip_photos (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id       INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES tip_messages (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type = 'image/jpeg'),
    bytes        BLOB NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL
);
CREATE INDEX tip_photos_tip ON tip_photos (tip_id);
