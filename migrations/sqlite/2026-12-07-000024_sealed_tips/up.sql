-- Tips sealed at rest (src/vault). No deployment holds plain content
-- yet, so what was plain is dropped, not converted.

-- A tip's words, landmark and exact point, sealed to the organisation;
-- the public half of the tip's own key pair (grown from its passphrase),
-- to seal what the tipster reads back; and the plain facts scoring needs.
ALTER TABLE tips ADD COLUMN sealed BLOB;
ALTER TABLE tips ADD COLUMN tipster_key BLOB;
ALTER TABLE tips ADD COLUMN description_chars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tips ADD COLUMN has_point BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tips DROP COLUMN description;
ALTER TABLE tips DROP COLUMN landmark;
ALTER TABLE tips DROP COLUMN search_text;
-- A CHECK names them, so SQLite cannot drop them: they stay empty.
UPDATE tips SET latitude = NULL, longitude = NULL;

ALTER TABLE tip_messages ADD COLUMN sealed BLOB NOT NULL DEFAULT x'';
ALTER TABLE tip_messages DROP COLUMN body;

DELETE FROM tip_photos;
