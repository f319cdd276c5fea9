DROP TABLE urgent_alert_window;
