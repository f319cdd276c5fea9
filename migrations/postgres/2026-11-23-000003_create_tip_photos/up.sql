-- Photos sent with a tip or with a reply, as re-encoded JPEGs with nothing
-- but pixels. The bytes as sent are never stored.
CREATE TABLE tip_photos (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tip_id       BIGINT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    message_id   BIGINT REFERENCES tip_messages (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type = 'image/jpeg'),
    bytes        BYTEA NOT NULL,
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    size         INTEGER NOT NULL
);
CREATE INDEX tip_photos_tip ON tip_photos (tip_id);
