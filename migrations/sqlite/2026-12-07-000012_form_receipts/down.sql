DROP TABLE form_receipts;
