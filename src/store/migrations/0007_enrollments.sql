-- Programs a client is enrolled in (SPEC §8), and whose time a note's minutes
-- are. Today's client.program becomes an enrollment of each client, from
-- enrolled_on (to discharged_on for a discharged client): CCM → ccm,
-- TCM → tcm, BH → bhi, a program's own word → itself, anything else →
-- general. A value that maps is written back as its word; any other text
-- stays as it was, so nothing typed is lost.

CREATE TABLE enrollment (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES client (id),
    program        TEXT NOT NULL
        CHECK (program IN ('ccm', 'pcm', 'bhi', 'cocm', 'chi', 'pin', 'rpm', 'tcm', 'apcm', 'general')),
    practitioner   TEXT,
    consent_on     TEXT,
    consent_method TEXT CHECK (consent_method IN ('verbal', 'written', 'electronic')),
    started_on     TEXT NOT NULL,
    ended_on       TEXT,
    end_reason     TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK ((consent_on IS NULL) = (consent_method IS NULL)),
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX enrollment_by_client ON enrollment (client_id, started_on);

-- Keyed by client: the updates below look a client up once per client and per
-- note (without the key, a scan each: an hour at 100,000 clients).
CREATE TEMP TABLE legacy_program (client_id INTEGER PRIMARY KEY, program TEXT);
INSERT INTO legacy_program (client_id, program)
    SELECT id,
           CASE lower(trim(program))
               WHEN 'bh' THEN 'bhi'
               WHEN 'ccm' THEN 'ccm' WHEN 'pcm' THEN 'pcm' WHEN 'bhi' THEN 'bhi' WHEN 'cocm' THEN 'cocm'
               WHEN 'chi' THEN 'chi' WHEN 'pin' THEN 'pin' WHEN 'rpm' THEN 'rpm' WHEN 'tcm' THEN 'tcm'
               WHEN 'apcm' THEN 'apcm' WHEN 'general' THEN 'general'
           END AS program
    FROM client;

INSERT INTO enrollment (client_id, program, started_on, ended_on, end_reason, created_by, created_at)
    SELECT c.id, coalesce(l.program, 'general'), c.enrolled_on,
           CASE WHEN c.discharged_on >= c.enrolled_on THEN c.discharged_on END,
           CASE WHEN c.discharged_on >= c.enrolled_on THEN coalesce(c.discharge_reason, 'discharged') END,
           c.created_by, c.created_at
    FROM client c JOIN legacy_program l ON l.client_id = c.id
    ORDER BY c.id;

UPDATE client SET program = (SELECT l.program FROM legacy_program l WHERE l.client_id = client.id)
    WHERE (SELECT l.program FROM legacy_program l WHERE l.client_id = client.id) IS NOT NULL;

ALTER TABLE note ADD COLUMN program TEXT
    CHECK (program IN ('ccm', 'pcm', 'bhi', 'cocm', 'chi', 'pin', 'rpm'));

-- The one update notes ever get: existing minutes become the client's
-- time-based program's. The guard is lifted for it alone.
DROP TRIGGER note_is_never_updated;
UPDATE note SET program = (SELECT l.program FROM legacy_program l WHERE l.client_id = note.client_id)
    WHERE minutes > 0
      AND (SELECT l.program FROM legacy_program l WHERE l.client_id = note.client_id)
          IN ('ccm', 'pcm', 'bhi', 'cocm', 'chi', 'pin', 'rpm');
CREATE TRIGGER note_is_never_updated BEFORE UPDATE ON note
BEGIN SELECT RAISE(ABORT, 'notes are never edited; add an addendum instead'); END;

DROP TABLE legacy_program;
