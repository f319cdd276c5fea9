-- Tip codes are stored as a keyed hash from now on. The server key is not
-- in the database, so the codes stored before are keyed by the
-- application at its next start (src/db/reports.rs, key_plain_codes),
-- once: this row says whether that is done.
CREATE TABLE code_keying (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    done BOOLEAN NOT NULL
);
INSERT INTO code_keying (id, done) VALUES (1, FALSE);
