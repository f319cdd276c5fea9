-- What closed work keeps, and for how long (src/domain/retention.rs). A
-- tip closed without a case has a row here dated at its last closing (a
-- reopen or a link into a case removes it: a case's own closing counts);
-- a case can be held by an administrator; content deleted by the
-- retention job leaves a mark, so the pages say so.
CREATE TABLE tip_closings (
    tip_id    INTEGER PRIMARY KEY REFERENCES tips (id),
    closed_at TIMESTAMP NOT NULL
);
CREATE INDEX tip_closings_at ON tip_closings (closed_at);
INSERT INTO tip_closings (tip_id, closed_at)
    SELECT id, submitted_at FROM tips
    WHERE case_id IS NULL AND status IN ('closed_no_action', 'duplicate');
ALTER TABLE tips ADD COLUMN purged BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN purged BOOLEAN NOT NULL DEFAULT FALSE;
INSERT INTO job_runs (name, last_day) VALUES ('retention', '2000-01-01');
