-- The gazetteer of Cambodia: provinces, districts, communes and villages.
-- Rows are loaded at start from the CSV files embedded in the binary.
CREATE TABLE places (
    code        TEXT PRIMARY KEY NOT NULL CHECK (length(code) IN (2, 4, 6, 8)),
    parent_code TEXT REFERENCES places (code),
    level       TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    name_km     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    CHECK ((level = 'province') = (parent_code IS NULL))
);

CREATE INDEX places_parent_code ON places (parent_code);
