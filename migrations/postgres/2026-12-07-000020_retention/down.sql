DELETE FROM job_runs WHERE name = 'retention';
ALTER TABLE cases DROP COLUMN purged;
ALTER TABLE cases DROP COLUMN held;
ALTER TABLE tips DROP COLUMN purged;
DROP TABLE tip_closings;
