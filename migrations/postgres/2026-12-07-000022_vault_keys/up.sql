-- The keys of the vault (src/vault): nothing here is stored unwrapped.

-- The organisation's key pair: the public half seals; the private half is
-- stored only wrapped. Until the first administrator takes it, it waits
-- under the server key (pending_wrap); then only the recovery key's wrap,
-- the grants and live sessions hold it.
CREATE TABLE org_key (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    public_key    BYTEA NOT NULL,
    pending_wrap  BYTEA,
    recovery_wrap BYTEA
);

-- Each staff member's key pair, the private half wrapped under a key
-- derived from their password (argon2id with its own salt).
CREATE TABLE staff_keys (
    staff_id       BIGINT PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    public_key     BYTEA NOT NULL,
    wrapped_secret BYTEA NOT NULL,
    salt           BYTEA NOT NULL
);

-- The organisation key sealed to one member's public key: their access to
-- content. A grant needs a second administrator's confirmation once two
-- exist; unconfirmed, it opens nothing. A grant with no granter was made
-- from the command line before any administrator held the key.
CREATE TABLE key_grants (
    staff_id     BIGINT PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
    sealed_key   BYTEA NOT NULL,
    granted_by   BIGINT REFERENCES staff (id),
    confirmed    BOOLEAN NOT NULL,
    confirmed_by BIGINT REFERENCES staff (id),
    granted_at   TIMESTAMP NOT NULL
);

-- The organisation key under a secret only the session's cookie carries.
ALTER TABLE staff_sessions ADD COLUMN sealed_key BYTEA;
