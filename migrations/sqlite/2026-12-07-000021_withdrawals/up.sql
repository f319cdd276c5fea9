-- Reports their tipsters withdrew, with the day (Cambodia's calendar):
-- the daily batch audits them, without their time.
CREATE TABLE tip_withdrawals (
    tip_id INTEGER PRIMARY KEY REFERENCES tips (id),
    day    DATE NOT NULL
);
