DELETE FROM job_runs WHERE name = 'reward-expiry';
DROP TABLE claim_code_failures;
DROP TABLE rewards;
