-- Bursts: tips at one place within minutes of each other are one group. A
-- tip that joined a burst names the burst's first tip, which counts its
-- members, so corroboration and the queue read one row per burst.
ALTER TABLE tips ADD COLUMN burst_lead BIGINT REFERENCES tips (id);
ALTER TABLE tips ADD COLUMN burst_size INTEGER NOT NULL DEFAULT 1;
CREATE INDEX tips_burst_lead ON tips (burst_lead);
CREATE INDEX tips_grid_time ON tips (grid_cell, submitted_at);
