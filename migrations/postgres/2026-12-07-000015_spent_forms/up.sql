-- Forms that may be posted only once, known by a keyed hash: a status
-- check's form (so Back and Reload after a check show only the empty form)
-- and a reply with its words (so a reply sent twice is stored once). Each
-- is forgotten once its form could no longer be posted anyway.
CREATE TABLE spent_forms (
    key_hash  TEXT PRIMARY KEY,
    forget_at TIMESTAMP NOT NULL
);
CREATE INDEX spent_forms_forget ON spent_forms (forget_at);
