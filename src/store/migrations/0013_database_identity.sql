-- The database's own identity (issue #18): a random UUID made once, when
-- this migration runs, and never changed. `export fhir` derives every
-- fullUrl and identifier from it, so the same record has the same fullUrl
-- on every export, and two teams' databases never name each other's
-- records. A backup is a copy of the same records and keeps it.
-- Migrations 12 to 14 are other changes'; this one only needs the schema of 11.

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;

-- A version 4 UUID: 122 random bits, version nibble 4, variant bits 10.
INSERT INTO meta (key, value)
SELECT 'database_id',
       substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
       || substr('89ab', 1 + (unicode(substr(h, 17, 1)) % 4), 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)
FROM (SELECT lower(hex(randomblob(16))) AS h);

CREATE TRIGGER meta_database_id_is_kept BEFORE UPDATE ON meta
WHEN OLD.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity never changes'); END;
CREATE TRIGGER meta_database_id_is_never_deleted BEFORE DELETE ON meta
WHEN OLD.key = 'database_id'
BEGIN SELECT RAISE(ABORT, 'the database identity is never deleted'); END;
