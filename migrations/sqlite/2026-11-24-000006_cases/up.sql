-- Cases: one suspected site each, with the tips about it, a timeline, and
-- a location for "near this tip".
CREATE TABLE cases (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    latitude      DOUBLE,
    longitude     DOUBLE,
    grid_cell     TEXT,
    province_code TEXT REFERENCES places (code),
    commune_code  TEXT REFERENCES places (code),
    state         TEXT NOT NULL DEFAULT 'open' CHECK (state IN
                      ('open', 'investigating', 'action_taken', 'closed')),
    outcome       TEXT CHECK (outcome IN
                      ('confirmed_compound', 'not_confirmed', 'insufficient_information', 'referred')),
    assignee_id   INTEGER REFERENCES staff (id),
    opened_at     TIMESTAMP NOT NULL,
    closed_at     TIMESTAMP,
    -- A case merged into another keeps its row; its tips and history move.
    merged_into   INTEGER REFERENCES cases (id),
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK ((state = 'closed') = (outcome IS NOT NULL))
);
CREATE INDEX cases_list ON cases (merged_into, state, id);
CREATE INDEX cases_grid ON cases (grid_cell);
CREATE INDEX cases_commune ON cases (commune_code);

-- Who did what to a case, when and why: the case's timeline.
CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    kind     TEXT NOT NULL,
    actor_id INTEGER REFERENCES staff (id),
    detail   TEXT NOT NULL DEFAULT '',
    reason   TEXT NOT NULL DEFAULT '',
    at       TIMESTAMP NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

ALTER TABLE tips ADD COLUMN case_id INTEGER REFERENCES cases (id);
CREATE INDEX tips_case ON tips (case_id);
CREATE INDEX tips_commune ON tips (commune_code);
-- How many other tips corroborate this one, as last scored.
ALTER TABLE tips ADD COLUMN corroboration INTEGER NOT NULL DEFAULT 0;
-- Description and landmark lowercased by the application (Unicode-aware,
-- where SQLite's lower() knows only ASCII), for keyword search.
ALTER TABLE tips ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE tips SET search_text = lower(description || char(10) || landmark);
-- The coarse status the tipster sees. Changes that follow a case wait for
-- the daily release, so they cannot be timed against a raid.
ALTER TABLE tips ADD COLUMN public_status TEXT NOT NULL DEFAULT 'received' CHECK (public_status IN
    ('received', 'being_reviewed', 'question', 'passed_on', 'closed'));
UPDATE tips SET public_status = CASE status
    WHEN 'new' THEN 'received'
    WHEN 'needs_info' THEN 'question'
    WHEN 'linked' THEN 'passed_on'
    WHEN 'duplicate' THEN 'closed'
    WHEN 'closed_no_action' THEN 'closed'
    ELSE 'being_reviewed' END;

-- Notes belong to a tip or to a case. SQLite cannot relax NOT NULL in
-- place, so the table is rebuilt.
CREATE TABLE internal_notes_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id     INTEGER REFERENCES tips (id) ON DELETE CASCADE,
    case_id    INTEGER REFERENCES cases (id),
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((tip_id IS NULL) <> (case_id IS NULL))
);
INSERT INTO internal_notes_new (id, tip_id, author_id, body, created_at)
    SELECT id, tip_id, author_id, body, created_at FROM internal_notes;
DROP TABLE internal_notes;
ALTER TABLE internal_notes_new RENAME TO internal_notes;
CREATE INDEX internal_notes_tip ON internal_notes (tip_id, id);
CREATE INDEX internal_notes_case ON internal_notes (case_id, id);

-- What reviewers want mailed: an alert for each held tip, a daily digest.
ALTER TABLE staff ADD COLUMN urgent_alerts BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE staff ADD COLUMN daily_digest BOOLEAN NOT NULL DEFAULT FALSE;

-- Jobs hold a lease while they run: an instance that dies mid-run lets
-- another take the job over once the lease ends.
ALTER TABLE job_runs ADD COLUMN leased_until TIMESTAMP;
INSERT INTO job_runs (name, last_day) VALUES ('status-release', '2000-01-01');
INSERT INTO job_runs (name, last_day) VALUES ('daily-digest', '2000-01-01');

-- A tip's or case's history is read from the audit log by subject.
CREATE INDEX audit_log_subject ON audit_log (subject, seq);

-- The queue is read in the order (urgent desc, priority desc, submitted, id):
-- an index in that very order, alone and behind each filter, makes a page
-- an index walk with no sort. Measured by `cargo bench --bench queue`.
DROP INDEX tips_queue;
DROP INDEX tips_assignee;
CREATE INDEX tips_queue ON tips (urgent DESC, priority DESC, submitted_at, id);
CREATE INDEX tips_queue_category ON tips (category, urgent DESC, priority DESC, submitted_at, id);
CREATE INDEX tips_queue_province ON tips (province_code, urgent DESC, priority DESC, submitted_at, id);
CREATE INDEX tips_queue_assignee ON tips (assignee_id, urgent DESC, priority DESC, submitted_at, id);
