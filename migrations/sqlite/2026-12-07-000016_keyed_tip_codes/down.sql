DROP TABLE code_keying;
