-- caseload schema, version 1. Times are UTC RFC 3339 text ("2026-11-23T14:00:00Z"),
-- dates are "YYYY-MM-DD". Every row records who created it and when.
-- Nothing clinical is hard-deleted: statuses move instead.

CREATE TABLE client (
    id                 INTEGER PRIMARY KEY,
    mrn                TEXT UNIQUE,
    given_name         TEXT NOT NULL CHECK (trim(given_name) <> ''),
    family_name        TEXT NOT NULL CHECK (trim(family_name) <> ''),
    preferred_name     TEXT,
    dob                TEXT,
    phone              TEXT,
    alt_phone          TEXT,
    address            TEXT,
    language           TEXT,
    interpreter_needed INTEGER NOT NULL DEFAULT 0,
    program            TEXT NOT NULL,
    risk               TEXT NOT NULL CHECK (risk IN ('high', 'medium', 'low')),
    status             TEXT NOT NULL CHECK (status IN ('active', 'on_hold', 'discharged')),
    coordinator        TEXT NOT NULL,
    enrolled_on        TEXT NOT NULL,
    discharged_on      TEXT,
    discharge_reason   TEXT,
    payer              TEXT,
    member_id          TEXT,
    coverage_ends_on   TEXT,
    consent_expires_on TEXT,
    tags               TEXT NOT NULL DEFAULT '',
    -- Bumped on every update, so a stale edit is refused instead of lost.
    revision           INTEGER NOT NULL DEFAULT 1,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX client_by_coordinator ON client (coordinator, status);
CREATE INDEX client_by_name ON client (family_name, given_name);

CREATE TABLE contact (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES client (id),
    name           TEXT NOT NULL,
    relationship   TEXT NOT NULL,
    phone          TEXT,
    email          TEXT,
    organization   TEXT,
    on_care_team   INTEGER NOT NULL DEFAULT 0,
    may_share_info INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX contact_by_client ON contact (client_id);

CREATE TABLE appointment (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES client (id),
    starts_at         TEXT NOT NULL,
    minutes           INTEGER NOT NULL CHECK (minutes > 0),
    kind              TEXT NOT NULL,
    with_whom         TEXT,
    location          TEXT,
    status            TEXT NOT NULL,
    transport         TEXT NOT NULL,
    transport_details TEXT,
    notes             TEXT,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX appointment_by_start ON appointment (starts_at);
CREATE INDEX appointment_by_client ON appointment (client_id, starts_at);

CREATE TABLE note (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES client (id),
    author       TEXT NOT NULL,
    contact_at   TEXT NOT NULL,
    contact_type TEXT NOT NULL,
    direction    TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes >= 0),
    body         TEXT NOT NULL CHECK (trim(body) <> ''),
    addendum_of  INTEGER REFERENCES note (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX note_by_client ON note (client_id, contact_at);
CREATE INDEX note_by_time ON note (contact_at);
-- A saved note is never edited: a correction is an addendum.
CREATE TRIGGER note_is_never_updated BEFORE UPDATE ON note
BEGIN SELECT RAISE(ABORT, 'notes are never edited; add an addendum instead'); END;
CREATE TRIGGER note_is_never_deleted BEFORE DELETE ON note
BEGIN SELECT RAISE(ABORT, 'notes are never deleted; add an addendum instead'); END;

CREATE TABLE draft (
    id               INTEGER PRIMARY KEY,
    user             TEXT NOT NULL,
    client_id        INTEGER NOT NULL REFERENCES client (id),
    body             TEXT NOT NULL,
    timer_started_at TEXT,
    fields           TEXT NOT NULL DEFAULT '{}',
    updated_at       TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX draft_by_user ON draft (user, client_id);

CREATE TABLE followup (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES client (id),
    title         TEXT NOT NULL CHECK (trim(title) <> ''),
    due_on        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'done', 'cancelled')),
    done_at       TEXT,
    done_by       TEXT,
    snoozed_until TEXT,
    snooze_reason TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX followup_open ON followup (status, due_on);
CREATE INDEX followup_by_client ON followup (client_id);

CREATE TABLE resource (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organization TEXT,
    category     TEXT,
    phone        TEXT,
    address      TEXT,
    hours        TEXT,
    eligibility  TEXT,
    languages    TEXT,
    url          TEXT,
    notes        TEXT,
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE referral (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES client (id),
    "to"              TEXT NOT NULL,
    resource_id       INTEGER REFERENCES resource (id),
    kind              TEXT NOT NULL,
    reason            TEXT NOT NULL,
    status            TEXT NOT NULL,
    sent_on           TEXT,
    status_changed_on TEXT NOT NULL,
    outcome           TEXT,
    created_by        TEXT NOT NULL,
    created_at        TEXT NOT NULL
);
CREATE INDEX referral_by_status ON referral (status, status_changed_on);
CREATE INDEX referral_by_client ON referral (client_id);

CREATE TABLE care_plan (
    client_id        INTEGER PRIMARY KEY REFERENCES client (id),
    last_reviewed_on TEXT,
    last_reviewed_by TEXT
);

CREATE TABLE problem (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id),
    description TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX problem_by_client ON problem (client_id);

CREATE TABLE goal (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id),
    problem_id  INTEGER REFERENCES problem (id),
    description TEXT NOT NULL,
    target_on   TEXT,
    status      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX goal_by_client ON goal (client_id);

CREATE TABLE intervention (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES client (id),
    goal_id     INTEGER REFERENCES goal (id),
    description TEXT NOT NULL,
    owner       TEXT,
    status      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX intervention_by_client ON intervention (client_id);

CREATE TABLE encounter (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES client (id),
    kind          TEXT NOT NULL,
    facility      TEXT NOT NULL,
    admitted_on   TEXT NOT NULL,
    discharged_on TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX encounter_by_discharge ON encounter (discharged_on);
CREATE INDEX encounter_by_client ON encounter (client_id);

-- Alert snoozes: the only part of an alert that is stored.
CREATE TABLE alert_snooze (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES client (id),
    kind       TEXT NOT NULL,
    subject_id INTEGER,
    until      TEXT NOT NULL,
    reason     TEXT NOT NULL CHECK (trim(reason) <> ''),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX alert_snooze_by_until ON alert_snooze (until);

CREATE TABLE audit (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('view', 'create', 'update', 'export', 'import', 'snooze')),
    entity    TEXT NOT NULL,
    entity_id INTEGER
);
CREATE INDEX audit_by_entity ON audit (entity, entity_id);
CREATE INDEX audit_by_time ON audit (at);
-- The audit trail is append-only: the database itself refuses changes.
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;

-- Full-text search over client names and note bodies (kept in step by triggers).
CREATE VIRTUAL TABLE client_search USING fts5 (
    name, mrn, phone, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER client_search_insert AFTER INSERT ON client BEGIN
    INSERT INTO client_search (rowid, name, mrn, phone)
    VALUES (new.id, new.given_name || ' ' || new.family_name || ' ' || coalesce(new.preferred_name, ''),
            coalesce(new.mrn, ''), coalesce(new.phone, ''));
END;
CREATE TRIGGER client_search_update AFTER UPDATE OF given_name, family_name, preferred_name, mrn, phone ON client BEGIN
    DELETE FROM client_search WHERE rowid = old.id;
    INSERT INTO client_search (rowid, name, mrn, phone)
    VALUES (new.id, new.given_name || ' ' || new.family_name || ' ' || coalesce(new.preferred_name, ''),
            coalesce(new.mrn, ''), coalesce(new.phone, ''));
END;

CREATE VIRTUAL TABLE note_search USING fts5 (
    body, content = 'note', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
    INSERT INTO note_search (rowid, body) VALUES (new.id, new.body);
END;
