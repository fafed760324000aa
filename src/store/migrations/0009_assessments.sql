-- Standard screenings (SPEC §9) and the client's gender, which AUDIT-C's
-- threshold reads (SPEC §2). Existing clients' gender is unknown.
-- An assessment is scored at save by the domain and never edited: a new one
-- replaces it. answers are the item values in order ("0,1,3"); positives the
-- named flags ("item9", "housing,food"), both comma-separated.

ALTER TABLE client ADD COLUMN gender TEXT NOT NULL DEFAULT 'unknown'
    CHECK (gender IN ('female', 'male', 'other', 'unknown'));

CREATE TABLE assessment (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES client (id),
    instrument      TEXT NOT NULL CHECK (instrument IN ('phq2', 'phq9', 'gad7', 'auditc', 'steadi', 'hrsn')),
    taken_at        TEXT NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('phone', 'video', 'in_person', 'self')),
    answers         TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score >= 0),
    band            TEXT NOT NULL,
    positives       TEXT NOT NULL DEFAULT '',
    administered_by TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
-- A client's history per instrument, and (for the alert facts) the latest
-- of one instrument for every client, each read from one range of an index.
CREATE INDEX assessment_by_client ON assessment (client_id, instrument, taken_at);
CREATE INDEX assessment_latest ON assessment (instrument, client_id, taken_at);

CREATE TRIGGER assessment_is_never_updated BEFORE UPDATE ON assessment
BEGIN SELECT RAISE(ABORT, 'assessments are never edited; record a new one instead'); END;
CREATE TRIGGER assessment_is_never_deleted BEFORE DELETE ON assessment
BEGIN SELECT RAISE(ABORT, 'assessments are never deleted'); END;
