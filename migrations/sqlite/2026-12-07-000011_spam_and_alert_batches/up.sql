-- Urgent alerts in batches: the one open window, shared by every instance
-- and kept across restarts. `opened_at` is when its alert went (NULL: no
-- window is open); `more_tips` counts the held tips that came since.
CREATE TABLE urgent_alert_window (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    opened_at TIMESTAMP,
    more_tips INTEGER NOT NULL DEFAULT 0
);
INSERT INTO urgent_alert_window (id, opened_at, more_tips) VALUES (1, NULL, 0);
