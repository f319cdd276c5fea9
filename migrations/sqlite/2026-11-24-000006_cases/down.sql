DROP INDEX tips_queue_assignee;
DROP INDEX tips_queue_province;
DROP INDEX tips_queue_category;
DROP INDEX tips_queue;
CREATE INDEX tips_queue ON tips (urgent, priority, submitted_at, id);
CREATE INDEX tips_assignee ON tips (assignee_id);
DROP INDEX audit_log_subject;
DELETE FROM job_runs WHERE name IN ('status-release', 'daily-digest');
ALTER TABLE job_runs DROP COLUMN leased_until;
ALTER TABLE staff DROP COLUMN daily_digest;
ALTER TABLE staff DROP COLUMN urgent_alerts;
DELETE FROM internal_notes WHERE tip_id IS NULL;
CREATE TABLE internal_notes_old (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tip_id     INTEGER NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO internal_notes_old SELECT id, tip_id, author_id, body, created_at FROM internal_notes;
DROP TABLE internal_notes;
ALTER TABLE internal_notes_old RENAME TO internal_notes;
CREATE INDEX internal_notes_tip ON internal_notes (tip_id, id);
ALTER TABLE tips DROP COLUMN public_status;
ALTER TABLE tips DROP COLUMN search_text;
ALTER TABLE tips DROP COLUMN corroboration;
DROP INDEX tips_commune;
DROP INDEX tips_case;
ALTER TABLE tips DROP COLUMN case_id;
DROP TABLE case_events;
DROP TABLE cases;
