-- Triage: who works a tip, how high it ranks in the queue and why, where it
-- sits on the 0.01° grid (for "near this tip"), and how it was closed.
ALTER TABLE tips ADD COLUMN assignee_id BIGINT REFERENCES staff (id);
ALTER TABLE tips ADD COLUMN urgent BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tips ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tips ADD COLUMN priority_reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE tips ADD COLUMN grid_cell TEXT;
ALTER TABLE tips ADD COLUMN duplicate_of BIGINT REFERENCES tips (id);
ALTER TABLE tips ADD COLUMN close_reason TEXT CHECK (close_reason IN
    ('spam', 'not_a_compound', 'not_enough_information', 'out_of_area'));
UPDATE tips SET urgent = (category = 'held');
CREATE INDEX tips_queue ON tips (urgent, priority, submitted_at, id);
CREATE INDEX tips_grid ON tips (grid_cell);
CREATE INDEX tips_assignee ON tips (assignee_id);

-- Messages to the tipster name the reviewer who wrote them, for staff only.
ALTER TABLE tip_messages ADD COLUMN author_id BIGINT REFERENCES staff (id);

-- Internal notes never reach the tipster: a table of their own.
CREATE TABLE internal_notes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tip_id     BIGINT NOT NULL REFERENCES tips (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES staff (id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX internal_notes_tip ON internal_notes (tip_id, id);
