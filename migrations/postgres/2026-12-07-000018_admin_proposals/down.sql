DROP TABLE admin_proposals;
