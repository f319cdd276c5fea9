-- Browsers where an account signed in before (OWASP's device cookies): each
-- has its own budget of sign-in tries, so a stranger's guesses lock out
-- unknown devices only. Only a keyed hash of the cookie's nonce is kept,
-- with the counts and times the throttle needs; nothing about the browser.
CREATE TABLE staff_devices (
    nonce_hash    TEXT PRIMARY KEY,
    staff_id      BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    issued_at     TIMESTAMP NOT NULL
);
CREATE INDEX staff_devices_issued ON staff_devices (issued_at);

-- Failed sign-ins for addresses with no account, counted per interval
-- until the interval's one summary row is written to the audit log. The
-- typed address is never kept.
CREATE TABLE unknown_sign_in_failures (
    interval_start TIMESTAMP PRIMARY KEY,
    failures       BIGINT NOT NULL
);
