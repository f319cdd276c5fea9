DROP TABLE spent_forms;
