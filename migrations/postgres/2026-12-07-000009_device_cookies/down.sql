DROP TABLE unknown_sign_in_failures;
DROP TABLE staff_devices;
