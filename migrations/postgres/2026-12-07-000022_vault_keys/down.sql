ALTER TABLE staff_sessions DROP COLUMN sealed_key;
DROP TABLE key_grants;
DROP TABLE staff_keys;
DROP TABLE org_key;
