-- Anonymous tips. Nothing here identifies a tipster: no address, no device,
-- and the time of submission only to the minute.
CREATE TABLE tips (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    code             TEXT NOT NULL UNIQUE CHECK (length(code) = 8),
    passphrase_hash  TEXT NOT NULL,
    category         TEXT NOT NULL CHECK (category IN ('compound', 'held', 'recruiter', 'other')),
    description      TEXT NOT NULL,
    observed_on      DATE,
    latitude         DOUBLE,
    longitude        DOUBLE,
    province_code    TEXT REFERENCES places (code),
    district_code    TEXT REFERENCES places (code),
    commune_code     TEXT REFERENCES places (code),
    village_code     TEXT REFERENCES places (code),
    landmark         TEXT NOT NULL,
    language         TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                         ('new', 'in_review', 'needs_info', 'reply_received', 'linked', 'duplicate', 'closed_no_action')),
    submitted_at     TIMESTAMP NOT NULL,
    -- The one-time value of the form it came from: a repeated post finds the tip.
    submission_nonce TEXT NOT NULL UNIQUE,
    version          INTEGER NOT NULL DEFAULT 1,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);

-- The conversation with the tipster. Internal notes live elsewhere, so
-- nothing internal can reach the status page.
CREATE TABLE tip_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id     INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    direction  TEXT NOT NULL CHECK (direction IN ('to_tipster', 'from_tipster')),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX tip_messages_tip ON tip_messages (tip_id, id);

-- Failed status checks per typed tip code, to throttle guessing without
-- knowing who guesses.
CREATE TABLE status_check_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    code      TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX status_check_failures_code ON status_check_failures (code, failed_at);
