-- Staff accounts. A password is set through a one-time link; the second
-- factor's seed is sealed with the server key, which is not in the database.
CREATE TABLE staff (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('reviewer', 'admin', 'payout')),
    language        TEXT NOT NULL,
    password_hash   TEXT,
    totp_seed       BYTEA,
    totp_confirmed  BOOLEAN NOT NULL DEFAULT FALSE,
    -- The last accepted time step: a code is accepted once.
    totp_last_step  BIGINT,
    disabled        BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);

-- One-time recovery codes, keyed-hashed with the server key.
CREATE TABLE staff_recovery_codes (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff_id  BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    used_at   TIMESTAMP
);

-- Sessions, shared by every app instance. Only a hash of the cookie's token
-- is kept. A session is `full` once the second factor is given.
CREATE TABLE staff_sessions (
    token_hash   TEXT PRIMARY KEY,
    staff_id     BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('second_factor', 'enrol', 'full')),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- One-time links: first set-up, invitations, password resets.
CREATE TABLE staff_links (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'invite', 'reset')),
    staff_id   BIGINT REFERENCES staff (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);

-- The tamper-evident log: each row's hash is an HMAC, keyed with the server
-- key, over the previous row's hash and this row's canonical bytes.
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        TIMESTAMP NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

-- Daily jobs that only one instance may run: the day a job last ran.
CREATE TABLE job_runs (
    name     TEXT PRIMARY KEY,
    last_day DATE NOT NULL
);
INSERT INTO job_runs (name, last_day) VALUES ('audit-anchor', '2000-01-01');
