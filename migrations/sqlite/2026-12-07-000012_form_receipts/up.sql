-- A posted report form is known again by a keyed hash of its one-time
-- nonce, only for the form's lifetime (forget_at), and its receipt is kept
-- sealed under a key that needs the nonce itself, only for the seconds a
-- double tap or a lost answer needs (sealed_until). Nothing here opens
-- without both the server key and the form the tipster holds.
CREATE TABLE form_receipts (
    nonce_hash     TEXT PRIMARY KEY,
    tip_id         INTEGER REFERENCES tips (id) ON DELETE CASCADE,
    content_hash   TEXT NOT NULL,
    sealed_receipt BLOB,
    sealed_until   TIMESTAMP NOT NULL,
    forget_at      TIMESTAMP NOT NULL
);
CREATE INDEX form_receipts_sealed ON form_receipts (sealed_until);
CREATE INDEX form_receipts_forget ON form_receipts (forget_at);

-- The raw nonce beside each tip linked the form in a phone's history to
-- its tip for ever. SQLite cannot drop a UNIQUE column without rebuilding
-- the table, so the column stays and holds a random value that links to
-- nothing.
UPDATE tips SET submission_nonce = lower(hex(randomblob(16)));
