ALTER TABLE rewards DROP COLUMN released;
