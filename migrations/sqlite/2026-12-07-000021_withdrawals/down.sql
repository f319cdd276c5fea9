DROP TABLE tip_withdrawals;
