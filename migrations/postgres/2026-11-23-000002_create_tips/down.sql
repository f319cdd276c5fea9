DROP TABLE status_check_failures;
DROP TABLE tip_messages;
DROP TABLE tips;
