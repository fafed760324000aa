-- The month's minutes per client and program (SPEC §3: ccm_minutes counts
-- ccm notes only, program_minutes each time-based program's), so the alert
-- facts still read them from one range of one small table. Notes without a
-- program are kept under '' (a WITHOUT ROWID key cannot be NULL).

DROP TRIGGER note_keeps_minutes;
DROP TABLE note_minutes;

CREATE TABLE note_minutes (
    month     TEXT NOT NULL,
    client_id INTEGER NOT NULL REFERENCES client (id),
    program   TEXT NOT NULL,
    minutes   INTEGER NOT NULL,
    PRIMARY KEY (month, client_id, program)
) WITHOUT ROWID;

INSERT INTO note_minutes (month, client_id, program, minutes)
    SELECT substr(contact_at, 1, 7), client_id, coalesce(program, ''), sum(minutes) FROM note GROUP BY 1, 2, 3;

CREATE TRIGGER note_keeps_minutes AFTER INSERT ON note
BEGIN
    INSERT INTO note_minutes (month, client_id, program, minutes)
        VALUES (substr(new.contact_at, 1, 7), new.client_id, coalesce(new.program, ''), new.minutes)
        ON CONFLICT (month, client_id, program) DO UPDATE SET minutes = note_minutes.minutes + excluded.minutes;
END;
