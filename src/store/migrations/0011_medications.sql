-- Transitions of care and quality (SPEC §2, §10): why an encounter happened
-- (the behavioral-health follow-up measures read it; existing encounters are
-- medical), a client's medications, and the reconciliations of that list.
-- Migration 10 is another change's; this one only needs to come after 9.
-- A medication is never deleted (it is stopped); a reconciliation is never
-- edited or deleted.

ALTER TABLE encounter ADD COLUMN reason TEXT NOT NULL DEFAULT 'medical'
    CHECK (reason IN ('medical', 'mental_health', 'self_harm', 'substance_use'));

CREATE TABLE medication (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id),
    name        TEXT NOT NULL CHECK (trim(name) <> ''),
    dose        TEXT,
    frequency   TEXT,
    prescriber  TEXT,
    started_on  TEXT,
    stopped_on  TEXT,
    notes       TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK (stopped_on IS NULL OR started_on IS NULL OR stopped_on >= started_on)
);
CREATE INDEX medication_by_client ON medication (client_id, stopped_on);

CREATE TRIGGER medication_is_never_deleted BEFORE DELETE ON medication
BEGIN SELECT RAISE(ABORT, 'medications are never deleted; stop one instead'); END;
-- Only the stop is ever written after the medication is recorded.
CREATE TRIGGER medication_keeps_its_record BEFORE UPDATE ON medication
WHEN NEW.client_id IS NOT OLD.client_id OR NEW.name IS NOT OLD.name OR NEW.dose IS NOT OLD.dose
    OR NEW.frequency IS NOT OLD.frequency OR NEW.prescriber IS NOT OLD.prescriber
    OR NEW.started_on IS NOT OLD.started_on OR NEW.notes IS NOT OLD.notes
    OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at
    OR OLD.stopped_on IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a medication is only ever stopped, once; record a new one for a change'); END;

CREATE TABLE reconciliation (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES client (id),
    reconciled_on  TEXT NOT NULL,
    encounter_id   INTEGER REFERENCES encounter (id),
    reconciled_by  TEXT NOT NULL,
    notes          TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX reconciliation_by_client ON reconciliation (client_id, reconciled_on);

CREATE TRIGGER reconciliation_is_never_updated BEFORE UPDATE ON reconciliation
BEGIN SELECT RAISE(ABORT, 'reconciliations are never edited; record a new one instead'); END;
CREATE TRIGGER reconciliation_is_never_deleted BEFORE DELETE ON reconciliation
BEGIN SELECT RAISE(ABORT, 'reconciliations are never deleted'); END;
