DROP INDEX tips_grid_time;
DROP INDEX tips_burst_lead;
ALTER TABLE tips DROP COLUMN burst_size;
ALTER TABLE tips DROP COLUMN burst_lead;
