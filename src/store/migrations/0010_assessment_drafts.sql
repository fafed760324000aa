-- A screening given part-way in the interface (SPEC §5 drafts, §9): the
-- answers so far, kept like a note's draft so a dropped link or a crash
-- loses none, and offered at the next start. One per user, client and
-- instrument. Work in progress, not a record: not audited, shown only to
-- its author. (Its own table rather than note drafts': a screening's draft
-- is answers, not a body and a call timer, and resumes into another screen.)

CREATE TABLE assessment_draft (
    user        TEXT NOT NULL,
    client_id   INTEGER NOT NULL REFERENCES client (id),
    instrument  TEXT NOT NULL CHECK (instrument IN ('phq2', 'phq9', 'gad7', 'auditc', 'steadi', 'hrsn')),
    mode        TEXT NOT NULL CHECK (mode IN ('phone', 'video', 'in_person', 'self')),
    answers     TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user, client_id, instrument)
);

-- Recording the screening ends its author's draft of it, in the same
-- transaction, however the screening was recorded.
CREATE TRIGGER assessment_ends_its_draft AFTER INSERT ON assessment
BEGIN
    DELETE FROM assessment_draft
    WHERE user = NEW.created_by AND client_id = NEW.client_id AND instrument = NEW.instrument;
END;
