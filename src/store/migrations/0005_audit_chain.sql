-- Identity and a hash chain on the audit trail (SPEC §2, §6):
-- os_user is the operating-system account that ran the process ('' for rows
-- written before this migration, when it was not recorded), detail says what
-- a row covers (e.g. how many records a listing showed), and hash chains each
-- row to the one before it (store/audit.rs defines it). SQLite has no SHA-256,
-- so migrate.rs fills the hashes of the existing rows in Rust, in this same
-- transaction, and puts the append-only triggers back afterwards.

ALTER TABLE audit ADD COLUMN os_user TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT;

-- Screens reload when a record changes: the newest row that is not a view or
-- an export, found in this small index instead of by walking back over reads.
CREATE INDEX audit_changes ON audit (id) WHERE action NOT IN ('view', 'export');

DROP TRIGGER IF EXISTS audit_is_append_only_update;
DROP TRIGGER IF EXISTS audit_is_append_only_delete;
