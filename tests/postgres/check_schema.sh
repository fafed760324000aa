#!/usr/bin/env bash
# Proves src/store/migrations/postgres/0013_baseline.sql against the SQLite
# schema of version 13, on the private cluster of .ci/postgres:
#   1. same tables, same columns in the same order, same types (INTEGER ->
#      bigint, TEXT -> text COLLATE "C"), NOT NULL, defaults, primary keys;
#      same index names (columns, unique, partial), foreign keys, triggers;
#   2. the same statements (synthetic rows) accepted or refused alike on both,
#      with SQLite's words for every trigger's refusal, and the same rows after;
#   3. audit refuses UPDATE, DELETE and TRUNCATE, also for a role that is not
#      the owner (granted INSERT and SELECT, then even UPDATE/DELETE/TRUNCATE);
#   4. search: the same notes and clients found for each query as FTS5, and
#      the same snippet as snippet(note_search, 0, '[', ']', '…', 12).
# Needs sqlite3 (with FTS5) and psql. Leaves the cluster running; drops its database.
# Usage: tests/postgres/check_schema.sh   (CASELOAD_PG_DIR etc. as for .ci/postgres)
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v sqlite3 >/dev/null || { echo "check_schema: needs sqlite3" >&2; exit 1; }
base="$(.ci/postgres | tail -1)"
db="caseload_check_$$"
role="caseload_check_app_$$"
url="${base%/*}/$db"
work="$(mktemp -d)"
failures=0
cleanup() {
    psql -X -q "$base" -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pg() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }

# ---------------------------------------------------------------- the two databases
echo "== SQLite version 13 from src/store/migrations/00*.sql"
lite="$work/v13.db"
for f in src/store/migrations/00*.sql; do
    # contentless_delete needs SQLite 3.43; with an older sqlite3, client_search keeps its
    # content instead (the same matches and the same updates, which a contentless table refuses).
    if ! sqlite3 -bail "$work/probe.db" "CREATE VIRTUAL TABLE p USING fts5 (x, content = '', contentless_delete = 1)" 2>/dev/null; then
        sed "s/content = '', contentless_delete = 1, //" "$f"
    else
        cat "$f"
    fi | sqlite3 -bail "$lite"
    rm -f "$work/probe.db"
done
# Migration 5's Rust step puts the audit triggers back (store/audit.rs APPEND_ONLY).
sqlite3 -bail "$lite" "
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be changed'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows cannot be deleted'); END;"

echo "== PostgreSQL: a fresh database $db, the baseline in one transaction"
psql -X -q "$base" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -1 "$url" -f src/store/migrations/postgres/0013_baseline.sql >/dev/null
[ "$(pg -c 'SELECT version FROM schema_version')" = 13 ] && pass "schema_version is 13" || fail "schema_version"

# ---------------------------------------------------------------- 1. shapes
lite_tables="SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    AND name NOT LIKE 'client_search%' AND name NOT LIKE 'note_search%' ORDER BY name"

# table|position|column|type|not null|default|primary key position
for t in $(sqlite3 "$lite" "$lite_tables"); do
    sqlite3 "$lite" "SELECT '$t', cid + 1, name,
            CASE upper(type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text C' ELSE type END,
            CASE WHEN \"notnull\" OR pk > 0 THEN 'not null' ELSE 'null' END, coalesce(dflt_value, ''), pk
        FROM pragma_table_info('$t') ORDER BY cid"
done >"$work/lite.columns"
pg -c "
    SELECT c.table_name, c.ordinal_position, c.column_name,
           CASE WHEN c.data_type = 'text' AND c.collation_name = 'C' THEN 'text C' ELSE c.data_type END,
           CASE c.is_nullable WHEN 'NO' THEN 'not null' ELSE 'null' END,
           coalesce(regexp_replace(c.column_default, '::text$', ''), ''),
           coalesce((SELECT k.n FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
                     WHERE i.indrelid = (c.table_schema || '.' || c.table_name)::regclass AND i.indisprimary
                       AND k.attnum = a.attnum), 0)
    FROM information_schema.columns c
    JOIN pg_attribute a ON a.attrelid = (c.table_schema || '.' || c.table_name)::regclass AND a.attname = c.column_name
    WHERE c.table_schema = current_schema()
      AND c.table_name NOT IN ('client_search', 'note_search', 'schema_version')
    ORDER BY c.table_name, c.ordinal_position" >"$work/pg.columns"
if diff -u "$work/lite.columns" "$work/pg.columns" >"$work/columns.diff"; then
    pass "every table and column in the same order, types, NOT NULL, defaults, keys ($(wc -l <"$work/lite.columns") columns, $(cut -d'|' -f1 "$work/lite.columns" | sort -u | wc -l) tables)"
else
    fail "columns differ (- SQLite, + PostgreSQL):"; cat "$work/columns.diff"
fi
identity="$(pg -c "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' AND identity_generation = 'BY DEFAULT'")"
expected="$(sqlite3 "$lite" "SELECT group_concat(name, ' ') FROM (SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p
    WHERE m.type = 'table' AND m.name NOT LIKE '%search%' AND p.name = 'id' AND p.pk = 1 AND p.type = 'INTEGER' ORDER BY m.name)")"
[ "$identity" = "$expected" ] && pass "every INTEGER PRIMARY KEY id is an identity BY DEFAULT" \
    || fail "identities: $identity, expected $expected"

# index|table|unique|partial|columns
sqlite3 "$lite" "SELECT m.name, m.tbl_name, l.\"unique\", l.partial,
        (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno))
    FROM sqlite_schema m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
    WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name" >"$work/lite.indexes"
pg -c "
    SELECT ic.relname, tc.relname, i.indisunique::int, (i.indpred IS NOT NULL)::int,
           (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k (attnum, n)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
    WHERE tc.relnamespace = current_schema()::regnamespace AND NOT i.indisprimary
      AND ic.relname NOT IN ('client_search_document', 'note_search_document')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
    ORDER BY ic.relname" >"$work/pg.indexes"
if diff -u "$work/lite.indexes" "$work/pg.indexes" >"$work/indexes.diff"; then
    pass "same named indexes: columns, uniqueness, partial ($(wc -l <"$work/lite.indexes"))"
else
    fail "indexes differ:"; cat "$work/indexes.diff"
fi
# UNIQUE columns (SQLite's autoindexes that are not the primary key).
uniq_lite="$(sqlite3 "$lite" "SELECT m.tbl_name || '.' || (SELECT group_concat(name) FROM pragma_index_info(m.name))
    FROM sqlite_schema m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
    WHERE m.type = 'index' AND m.sql IS NULL AND l.origin = 'u' ORDER BY 1" | paste -sd' ')"
uniq_pg="$(pg -c "SELECT string_agg(conrelid::regclass || '.' || (SELECT string_agg(attname, ',') FROM pg_attribute
    WHERE attrelid = conrelid AND attnum = ANY (conkey)), ' ' ORDER BY 1) FROM pg_constraint
    WHERE contype = 'u' AND connamespace = current_schema()::regnamespace")"
[ "$uniq_lite" = "$uniq_pg" ] && pass "UNIQUE constraints: $uniq_pg" || fail "UNIQUE: SQLite $uniq_lite, PostgreSQL $uniq_pg"

for t in $(sqlite3 "$lite" "$lite_tables"); do
    sqlite3 "$lite" "SELECT '$t', \"from\", \"table\", \"to\" FROM pragma_foreign_key_list('$t')"
done | sort >"$work/lite.fks"
pg -c "SELECT conrelid::regclass, a.attname, confrelid::regclass, b.attname
    FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
    WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace" | sort >"$work/pg.fks"
if diff -u "$work/lite.fks" "$work/pg.fks" >"$work/fks.diff"; then
    pass "same foreign keys ($(wc -l <"$work/lite.fks"))"
else
    fail "foreign keys differ:"; cat "$work/fks.diff"
fi
checks_lite="$(for t in $(sqlite3 "$lite" "$lite_tables"); do
    sqlite3 "$lite" "SELECT sql FROM sqlite_schema WHERE name = '$t'" | { grep -o 'CHECK' || true; } | sed "s/^/$t /"; done | sort | uniq -c | awk '{print $2 ":" $1}' | paste -sd' ')"
checks_pg="$(pg -c "SELECT string_agg(t || ':' || n, ' ' ORDER BY t) FROM (SELECT conrelid::regclass::text AS t, count(*) AS n
    FROM pg_constraint WHERE contype = 'c' AND connamespace = current_schema()::regnamespace
      AND NOT (pg_get_constraintdef(oid) ~ 'IN \(\(?0\)?::bigint, \(?1\)?::bigint\)|= ANY \(ARRAY\[\(?0\)?::bigint, \(?1\)?::bigint\]\)')
    GROUP BY 1) x")"
[ "$checks_lite" = "$checks_pg" ] && pass "CHECK constraints per table (besides the new 0/1 checks): $checks_pg" \
    || fail "CHECK counts: SQLite $checks_lite, PostgreSQL $checks_pg"

triggers_lite="$(sqlite3 "$lite" "SELECT group_concat(tbl_name || '.' || name, ' ') FROM (SELECT tbl_name, name FROM sqlite_schema
    WHERE type = 'trigger' ORDER BY 1, 2)")"
triggers_pg="$(pg -c "SELECT string_agg(tgrelid::regclass || '.' || tgname, ' ' ORDER BY tgrelid::regclass::text, tgname)
    FROM pg_trigger WHERE NOT tgisinternal AND tgname NOT LIKE '%truncate%'")"
[ "$triggers_lite" = "$triggers_pg" ] && pass "every SQLite trigger, same name and table ($(wc -w <<<"$triggers_pg"))" \
    || fail "triggers: SQLite $triggers_lite; PostgreSQL $triggers_pg"

# ---------------------------------------------------------------- 2. the same statements on both
messages="$(grep -ho "RAISE(ABORT, '[^']*')" src/store/migrations/00*.sql src/store/audit.rs | sed "s/RAISE(ABORT, '//; s/')$//" | sort -u)"
outcome() {  # what a statement did, in words both backends share
    local out="$1" status="$2"
    if [ "$status" -eq 0 ]; then
        printf '%s' "$out" | tr '\n' ';'
        return
    fi
    local message
    message="$(printf '%s\n' "$out" | sed -nE '0,/ERROR|[Ee]rror/s/^(ERROR: +|Runtime error( near line [0-9]+)?: |Error: (near line [0-9]+: )?(stepping, )?)//p' | head -1 | sed -E 's/ \([0-9]+\)$//')"
    if grep -qxF -- "$message" <<<"$messages"; then echo "refused: $message"; else echo "refused"; fi
}
statements="$work/statements.sql"
cat >"$statements" <<'EOF'
INSERT INTO client (id, mrn, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (1, 'M-001', 'Ada', 'Quinn', 'ccm', 'high', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
SELECT id, mrn, interpreter_needed, tags, revision, gender, preferred_name FROM client
INSERT INTO client (id, mrn, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (2, 'M-001', 'Bo', 'Rae', 'ccm', 'low', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (2, 'Bo', 'Rae', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (3, 'Cy', 'Soto', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (4, '  ', 'Blank', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (4, 'Di', 'Uno', 'ccm', 'extreme', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at, gender) VALUES (4, 'Di', 'Uno', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z', 'woman')
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (4, 'Di', 'Uno', 'ccm', 'low', 'paused', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
INSERT INTO client (id, given_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (4, 'Di', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z')
UPDATE client SET revision = revision + 1, phone = '555-0100' WHERE id = 1
SELECT id, revision, phone FROM client ORDER BY family_name
INSERT INTO contact (client_id, name, relationship, created_by, created_at) VALUES (99, 'Ann', 'daughter', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO contact (id, client_id, name, relationship, on_care_team, created_by, created_at) VALUES (1, 1, 'Ann', 'daughter', 1, 'casey', '2026-01-05T15:00:00Z')
SELECT id, on_care_team, may_share_info FROM contact
INSERT INTO appointment (client_id, starts_at, minutes, kind, status, transport, created_by, created_at) VALUES (1, '2026-02-01T15:00:00Z', 0, 'pcp', 'scheduled', 'none', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO appointment (id, client_id, starts_at, minutes, kind, status, transport, created_by, created_at) VALUES (1, 1, '2026-02-01T15:00:00Z', 30, 'pcp', 'scheduled', 'none', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at, program) VALUES (1, 1, 'casey', '2026-11-02T15:00:00Z', 'phone', 'outbound', 'reached', 25, 'Synthetic call.', '2026-11-02T15:00:00Z', 'ccm')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (2, 1, 'casey', '2026-10-30T15:00:00Z', 'video', 'inbound', 'reached', 5, 'An older contact.', '2026-11-02T16:00:00Z')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at, program) VALUES (3, 1, 'casey', '2026-11-20T15:00:00Z', 'phone', 'outbound', 'left_message', 10, 'Voicemail.', '2026-11-20T15:00:00Z', 'ccm')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at, program) VALUES (4, 2, 'robin', '2026-11-21T15:00:00Z', 'in_person', 'outbound', 'reached', 15, 'Home visit.', '2026-11-21T15:00:00Z', 'bhi')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at, program) VALUES (5, 1, 'casey', '2026-11-22T15:00:00Z', 'phone', 'outbound', 'reached', 1, 'Bad program.', '2026-11-22T15:00:00Z', 'xyz')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (5, 1, 'casey', '2026-11-22T15:00:00Z', 'phone', 'outbound', 'reached', -1, 'Negative.', '2026-11-22T15:00:00Z')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (5, 1, 'casey', '2026-11-22T15:00:00Z', 'phone', 'outbound', 'reached', 1, '   ', '2026-11-22T15:00:00Z')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, addendum_of, created_at) VALUES (5, 1, 'casey', '2026-11-22T15:00:00Z', 'phone', 'outbound', 'n_a', 0, 'Addendum.', 77, '2026-11-22T15:00:00Z')
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, addendum_of, created_at) VALUES (5, 1, 'casey', '2026-11-22T15:00:00Z', 'phone', 'outbound', 'n_a', 0, 'Addendum.', 1, '2026-11-22T15:00:00Z')
SELECT client_id, contact_at FROM last_contact ORDER BY client_id
SELECT month, client_id, program, minutes FROM note_minutes ORDER BY month, client_id, program
UPDATE note SET minutes = 1 WHERE id = 1
UPDATE note SET program = 'pcm' WHERE id = 2
UPDATE note SET minutes = 1 WHERE id = 999
DELETE FROM note WHERE id = 1
DELETE FROM note WHERE id = 999
SELECT count(*) FROM note
INSERT INTO draft (id, "user", client_id, body, updated_at, created_at) VALUES (1, 'casey', 1, 'half a note', '2026-11-22T15:00:00Z', '2026-11-22T15:00:00Z')
SELECT "user", fields, timer_started_at FROM draft
UPDATE draft SET body = 'more of it' WHERE id = 1
DELETE FROM draft WHERE id = 1
INSERT INTO followup (client_id, title, due_on, status, created_by, created_at) VALUES (1, 'Call back', '2026-11-25', 'later', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO followup (client_id, title, due_on, status, created_by, created_at) VALUES (1, ' ', '2026-11-25', 'open', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO followup (id, client_id, title, due_on, status, created_by, created_at) VALUES (1, 1, 'Call back', '2026-11-25', 'open', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO resource (id, name, created_by, created_at, hsds_id) VALUES (1, 'Food bank', 'casey', '2026-11-22T15:00:00Z', 'h-1')
INSERT INTO resource (id, name, created_by, created_at, hsds_id) VALUES (2, 'Food bank again', 'casey', '2026-11-22T15:00:00Z', 'h-1')
INSERT INTO resource (id, name, created_by, created_at) VALUES (2, 'By hand', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO resource (id, name, created_by, created_at) VALUES (3, 'By hand too', 'casey', '2026-11-22T15:00:00Z')
SELECT id, email, hsds_id FROM resource ORDER BY id
INSERT INTO referral (id, client_id, "to", resource_id, kind, reason, status, status_changed_on, created_by, created_at) VALUES (1, 1, 'Food bank', 1, 'food', 'Synthetic', 'draft', '2026-11-22', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO referral (client_id, "to", resource_id, kind, reason, status, status_changed_on, created_by, created_at) VALUES (1, 'Nowhere', 42, 'food', 'Synthetic', 'draft', '2026-11-22', 'casey', '2026-11-22T15:00:00Z')
SELECT "to", status FROM referral
INSERT INTO care_plan (client_id) VALUES (1)
INSERT INTO care_plan (client_id) VALUES (1)
INSERT INTO care_plan (client_id) VALUES (99)
INSERT INTO problem (id, client_id, description, status, created_by, created_at) VALUES (1, 1, 'Diabetes', 'active', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO goal (id, client_id, problem_id, description, status, created_by, created_at) VALUES (1, 1, 1, 'A1c under 8', 'active', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO goal (client_id, problem_id, description, status, created_by, created_at) VALUES (1, 9, 'No problem', 'active', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO intervention (id, client_id, goal_id, description, status, created_by, created_at) VALUES (1, 1, 1, 'Teach', 'active', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO encounter (id, client_id, kind, facility, admitted_on, discharged_on, created_by, created_at) VALUES (1, 1, 'inpatient', 'General', '2026-11-01', '2026-11-05', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO encounter (client_id, kind, facility, admitted_on, created_by, created_at, reason) VALUES (1, 'ed', 'General', '2026-11-01', 'casey', '2026-11-22T15:00:00Z', 'broken_arm')
SELECT id, reason FROM encounter
INSERT INTO alert_snooze (client_id, kind, until, reason, created_by, created_at) VALUES (1, 'followup_due', '2026-12-01', '', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO alert_snooze (id, client_id, kind, subject_id, until, reason, created_by, created_at) VALUES (1, 1, 'followup_due', 1, '2026-12-01', 'on vacation', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO audit (id, at, "user", action, entity, entity_id) VALUES (1, '2026-11-22T15:00:00Z', 'casey', 'view', 'client', 1)
INSERT INTO audit (id, at, "user", os_user, action, entity, entity_id, detail, hash) VALUES (2, '2026-11-22T15:01:00Z', 'casey', 'casey', 'create', 'note', 1, 'one note', 'abc')
INSERT INTO audit (id, at, "user", action, entity) VALUES (3, '2026-11-22T15:02:00Z', 'casey', 'delete', 'client')
SELECT id, "user", os_user, detail, hash FROM audit ORDER BY id
UPDATE audit SET detail = 'forged' WHERE id = 1
UPDATE audit SET detail = 'forged' WHERE id = 999
DELETE FROM audit WHERE id = 2
DELETE FROM audit
SELECT count(*) FROM audit
INSERT INTO enrollment (id, client_id, program, started_on, created_by, created_at) VALUES (1, 1, 'ccm', '2026-01-05', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO enrollment (client_id, program, started_on, created_by, created_at) VALUES (1, 'dental', '2026-01-05', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO enrollment (client_id, program, consent_on, started_on, created_by, created_at) VALUES (1, 'pcm', '2026-01-05', '2026-01-05', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO enrollment (client_id, program, consent_on, consent_method, started_on, created_by, created_at) VALUES (1, 'pcm', '2026-01-05', 'carrier_pigeon', '2026-01-05', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO enrollment (client_id, program, started_on, ended_on, created_by, created_at) VALUES (1, 'pcm', '2026-01-05', '2026-01-04', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO enrollment (id, client_id, program, consent_on, consent_method, started_on, ended_on, created_by, created_at) VALUES (2, 1, 'pcm', '2026-01-05', 'verbal', '2026-01-05', '2026-01-05', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO assessment_draft ("user", client_id, instrument, mode, answers, updated_at, created_at) VALUES ('casey', 1, 'phq9', 'phone', '1,2', '2026-11-22T15:00:00Z', '2026-11-22T15:00:00Z')
INSERT INTO assessment_draft ("user", client_id, instrument, mode, answers, updated_at, created_at) VALUES ('robin', 1, 'phq9', 'phone', '0', '2026-11-22T15:00:00Z', '2026-11-22T15:00:00Z')
INSERT INTO assessment_draft ("user", client_id, instrument, mode, answers, updated_at, created_at) VALUES ('casey', 1, 'gad7', 'phone', '3', '2026-11-22T15:00:00Z', '2026-11-22T15:00:00Z')
INSERT INTO assessment_draft ("user", client_id, instrument, mode, answers, updated_at, created_at) VALUES ('casey', 1, 'phq9', 'phone', 'again', '2026-11-22T15:00:00Z', '2026-11-22T15:00:00Z')
INSERT INTO assessment (id, client_id, instrument, taken_at, mode, answers, score, band, administered_by, created_by, created_at) VALUES (1, 1, 'phq9', '2026-11-22T15:00:00Z', 'phone', '1,2,0,0,0,0,0,0,0', 3, 'minimal', 'casey', 'casey', '2026-11-22T15:00:00Z')
SELECT "user", instrument, answers FROM assessment_draft ORDER BY "user", instrument
SELECT positives FROM assessment
INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, administered_by, created_by, created_at) VALUES (1, 'phq3', '2026-11-22T15:00:00Z', 'phone', '1', 1, 'x', 'casey', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, administered_by, created_by, created_at) VALUES (1, 'phq2', '2026-11-22T15:00:00Z', 'phone', '1', -3, 'x', 'casey', 'casey', '2026-11-22T15:00:00Z')
INSERT INTO assessment (client_id, instrument, taken_at, mode, answers, score, band, administered_by, created_by, created_at) VALUES (1, 'phq2', '2026-11-22T15:00:00Z', 'telepathy', '1', 1, 'x', 'casey', 'casey', '2026-11-22T15:00:00Z')
UPDATE assessment SET score = 0
DELETE FROM assessment
INSERT INTO medication (id, client_id, name, dose, started_on, created_by, created_at) VALUES (1, 1, 'Metformin', '500 mg', '2026-01-01', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO medication (client_id, name, created_by, created_at) VALUES (1, ' ', 'casey', '2026-01-05T15:00:00Z')
INSERT INTO medication (client_id, name, started_on, stopped_on, created_by, created_at) VALUES (1, 'Backwards', '2026-02-01', '2026-01-01', 'casey', '2026-01-05T15:00:00Z')
UPDATE medication SET dose = '1000 mg' WHERE id = 1
UPDATE medication SET notes = 'a note' WHERE id = 1
UPDATE medication SET stopped_on = '2026-03-01' WHERE id = 1
SELECT id, stopped_on FROM medication
UPDATE medication SET stopped_on = '2026-04-01' WHERE id = 1
UPDATE medication SET stopped_on = stopped_on WHERE id = 1
DELETE FROM medication WHERE id = 1
INSERT INTO reconciliation (id, client_id, reconciled_on, encounter_id, reconciled_by, created_by, created_at) VALUES (1, 1, '2026-11-06', 1, 'casey', 'casey', '2026-11-06T15:00:00Z')
INSERT INTO reconciliation (client_id, reconciled_on, encounter_id, reconciled_by, created_by, created_at) VALUES (1, '2026-11-06', 99, 'casey', 'casey', '2026-11-06T15:00:00Z')
UPDATE reconciliation SET notes = 'changed' WHERE id = 1
DELETE FROM reconciliation WHERE id = 1
SELECT count(*) FROM meta WHERE key = 'database_id' AND length(value) = 36 AND substr(value, 15, 1) = '4' AND substr(value, 20, 1) IN ('8', '9', 'a', 'b')
INSERT INTO meta (key, value) VALUES ('database_id', 'another')
INSERT INTO meta (key, value) VALUES ('colour', 'blue')
UPDATE meta SET value = 'green' WHERE key = 'colour'
SELECT key, value FROM meta WHERE key <> 'database_id'
DELETE FROM meta WHERE key = 'colour'
UPDATE meta SET value = 'mine now' WHERE key = 'database_id'
DELETE FROM meta WHERE key = 'database_id'
DELETE FROM meta
SELECT count(*) FROM meta
SELECT id FROM client WHERE family_name >= 'R' ORDER BY family_name DESC
SELECT min(contact_at), max(contact_at) FROM note
EOF
n=0
while IFS= read -r statement; do
    n=$((n + 1))
    set +e
    lite_out="$(sqlite3 -bail "$lite" "PRAGMA foreign_keys = ON; $statement" 2>&1)"; lite_status=$?
    pg_out="$(psql -X -q -At -v ON_ERROR_STOP=1 "$url" -c "$statement" 2>&1)"; pg_status=$?
    set -e
    a="$(outcome "$lite_out" "$lite_status")"
    b="$(outcome "$pg_out" "$pg_status")"
    echo "$n|$a" >>"$work/lite.outcomes"
    echo "$n|$b" >>"$work/pg.outcomes"
    [ "$a" = "$b" ] || { fail "statement $n: SQLite '$a', PostgreSQL '$b': $statement"; printf '   sqlite: %s\n   pg: %s\n' "$lite_out" "$pg_out"; }
done <"$statements"
refused="$(grep -c '|refused' "$work/lite.outcomes" || true)"
worded="$(grep -c '|refused: ' "$work/lite.outcomes" || true)"
cmp -s "$work/lite.outcomes" "$work/pg.outcomes" \
    && pass "$n statements alike on both: $refused refused ($worded in a trigger's words), the rest accepted with the same rows"

# ---------------------------------------------------------------- 3. audit: append-only, also for another role
pg_error() { { psql -X -q -At -v ON_ERROR_STOP=1 "$@" 2>&1 || true; } | sed -nE 's/^(psql:[^:]*:[0-9]+: )?ERROR: +//p' | head -1; }
[ "$(pg_error "$url" -c 'TRUNCATE audit')" = "audit rows cannot be deleted" ] \
    && pass "the owner's TRUNCATE audit: audit rows cannot be deleted" || fail "owner TRUNCATE audit"
for table in note assessment medication reconciliation meta; do
    [ -n "$(pg_error "$url" -c "TRUNCATE $table CASCADE")" ] || fail "TRUNCATE $table was allowed"
done
pass "TRUNCATE note, assessment, medication, reconciliation, meta refused"
psql -X -q "$base" -c "CREATE ROLE $role LOGIN" >/dev/null
pg -c "GRANT USAGE ON SCHEMA public TO $role; GRANT SELECT, INSERT ON audit TO $role"
app="${url/\/\/postgres@/\/\/$role@}"
psql -X -q -At -v ON_ERROR_STOP=1 "$app" -c "INSERT INTO audit (id, at, \"user\", action, entity) VALUES (10, '2026-11-23T15:00:00Z', 'robin', 'view', 'client')" \
    && pass "$role (INSERT, SELECT) appends to audit" || fail "$role cannot insert"
for statement in "UPDATE audit SET detail = 'x' WHERE id = 10" "DELETE FROM audit WHERE id = 10" "TRUNCATE audit" "ALTER TABLE audit DISABLE TRIGGER audit_is_append_only_delete" "DROP TRIGGER audit_is_append_only_delete ON audit"; do
    e="$(pg_error "$app" -c "$statement")"
    case "$e" in
        "permission denied"* | "must be owner"*) pass "$role: $statement: $e" ;;
        *) fail "$role: $statement: '$e'" ;;
    esac
done
pg -c "GRANT UPDATE, DELETE, TRUNCATE ON audit TO $role"
for pair in "UPDATE audit SET detail = 'x' WHERE id = 10|audit rows cannot be changed" \
    "DELETE FROM audit WHERE id = 10|audit rows cannot be deleted" "TRUNCATE audit|audit rows cannot be deleted"; do
    e="$(pg_error "$app" -c "${pair%%|*}")"
    [ "$e" = "${pair#*|}" ] && pass "$role granted UPDATE, DELETE, TRUNCATE: ${pair%%|*}: $e" || fail "$role: ${pair%%|*}: '$e'"
done
e="$(pg_error "$app" -c "ALTER TABLE audit DISABLE TRIGGER ALL")"
case "$e" in "must be owner"*) pass "$role cannot disable the triggers: $e" ;; *) fail "disable triggers: '$e'" ;; esac
[ "$(pg -c "SELECT count(*) FROM audit")" = 3 ] && pass "audit still holds its 3 rows" || fail "audit rows changed"
code="$({ psql -X -q -At "$url" -v VERBOSITY=verbose -c "UPDATE note SET minutes = 1" 2>&1 || true; } | sed -nE 's/^ERROR: +([0-9A-Z]{5}):.*/\1/p')"
[ "$code" = 23000 ] && pass "a refusal is SQLSTATE 23000 (integrity_constraint_violation)" || fail "SQLSTATE '$code'"

# ---------------------------------------------------------------- 4. search, against FTS5
# Synthetic clients and notes in both; each query as typed | as store/search.rs's client_match_query makes it.
cat >"$work/search.sql" <<'EOF'
INSERT INTO client (id, mrn, given_name, family_name, preferred_name, phone, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (101, 'MRN-00042', 'Zoë', 'O''Brien-Smith', 'Zo', '(312) 555-0199', 'ccm', 'high', 'active', 'casey', '2026-01-05', 'casey', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
INSERT INTO client (id, mrn, given_name, family_name, phone, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (102, 'MRN-00043', 'José', 'Núñez', '555.0100', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (103, 'Дмитрий', 'ИВАНОВ', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
INSERT INTO client (id, given_name, family_name, program, risk, status, coordinator, enrolled_on, created_by, created_at, updated_at) VALUES (104, 'Ada', 'Quinn', 'ccm', 'low', 'active', 'robin', '2026-01-05', 'robin', '2026-01-05T15:00:00Z', '2026-01-05T15:00:00Z');
UPDATE client SET family_name = 'Quinn-Lovelace' WHERE id = 104;
UPDATE client SET coordinator = 'casey' WHERE id = 103;
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (101, 101, 'casey', '2026-11-02T15:00:00Z', 'phone', 'outbound', 'reached', 5, 'Spoke with José about the follow-up. She will call the pharmacy tomorrow: refill of metformin needed. Daughter Ana drives her to the clinic on Tuesdays, and the ride is arranged.', '2026-11-02T15:00:00Z');
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (102, 101, 'casey', '2026-11-03T15:00:00Z', 'phone', 'outbound', 'reached', 5, 'Short note about JOSÉ.', '2026-11-03T15:00:00Z');
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (103, 102, 'robin', '2026-11-04T15:00:00Z', 'phone', 'outbound', 'reached', 5, 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty target twentytwo twentythree twentyfour twentyfive', '2026-11-04T15:00:00Z');
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (104, 102, 'robin', '2026-11-05T15:00:00Z', 'phone', 'outbound', 'reached', 5, 'Pharmacy called back.
Refill ready; pick-up Friday. Transport: needed (bus pass expired). Pharmacy hours 9–5, pharmacist “Lee” said the refill is covered — copay $0…', '2026-11-05T15:00:00Z');
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (105, 103, 'casey', '2026-11-06T15:00:00Z', 'video', 'inbound', 'reached', 5, 'Дмитрий asked about the food bank. Food insecurity screening positive; referral to the food bank sent. He prefers Russian; interpreter arranged for the next visit. Food, food, food.', '2026-11-06T15:00:00Z');
INSERT INTO note (id, client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at) VALUES (106, 104, 'robin', '2026-11-07T15:00:00Z', 'phone', 'outbound', 'reached', 5, '  leading spaces, then a word: café, naïve, façade. Nothing else matters here at all, really nothing more to say about it; the end!  ', '2026-11-07T15:00:00Z');
EOF
sqlite3 -bail "$lite" <"$work/search.sql"
psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$work/search.sql" >/dev/null
cat >"$work/queries" <<'EOF'
jose|"jose"*
JOSÉ|"JOSÉ"*
ana ride|"ana"* "ride"*
target|"target"*
pharm refill|"pharm"* "refill"*
food|"food"*
food bank|"food"* "bank"*
дмит|"дмит"*
иванов|"иванов"*
o'brien|"o"* "brien"*
brien smith|"brien"* "smith"*
555-0199|"555"* "0199"*
0100|"0100"*
mrn-00042|"mrn"* "00042"*
quinn lov|"quinn"* "lov"*
zoe|"zoe"*
nunez|"nunez"*
cafe naive|"cafe"* "naive"*
the|"the"*
copay 0|"copay"* "0"*
nothing|"nothing"*
xyzzy|"xyzzy"*
EOF
while IFS='|' read -r typed fts; do
    q="${typed//\'/\'\'}"; f="${fts//\'/\'\'}"
    a="$(sqlite3 "$lite" "SELECT group_concat(id, ',') FROM (SELECT c.id FROM client_search s JOIN client c ON c.id = s.rowid WHERE client_search MATCH '$f' ORDER BY c.id)")"
    b="$(pg -c "SELECT string_agg(c.id::text, ',' ORDER BY c.id) FROM client_search s JOIN client c ON c.id = s.rowid WHERE s.document @@ search_query('$q')")"
    [ "$a" = "$b" ] && pass "clients '$typed': [$b]" || fail "clients '$typed': FTS5 [$a], PostgreSQL [$b]"
    a="$(sqlite3 "$lite" "SELECT n.id || ' ' || snippet(note_search, 0, '[', ']', '…', 12) FROM note_search s JOIN note n ON n.id = s.rowid WHERE note_search MATCH '$f' ORDER BY n.id")"
    b="$(pg -c "SELECT n.id || ' ' || search_snippet(s.body, '$q') FROM note_search s JOIN note n ON n.id = s.rowid WHERE s.document @@ search_query('$q') ORDER BY n.id")"
    if [ "$a" = "$b" ]; then
        pass "notes '$typed': $(grep -c . <<<"$b" || true) found, same snippets"
    else
        fail "notes '$typed':"; diff <(echo "$a") <(echo "$b") || true
    fi
done <"$work/queries"
# The search.rs queries as the Rust side will send them, with parameters (psql's \bind needs 16, so a prepared statement).
out="$(pg -c "PREPARE clients (text, text, bigint) AS
    SELECT c.id, c.family_name || ', ' || c.given_name, coalesce(c.mrn, '') || ' ' || coalesce(c.phone, '')
    FROM client_search s JOIN client c ON c.id = s.rowid
    WHERE s.document @@ search_query(\$1) AND (\$2::text IS NULL OR c.coordinator = \$2)
    ORDER BY c.family_name, c.given_name LIMIT \$3" -c "EXECUTE clients('zo 555', NULL, 10)" -c "EXECUTE clients('иван', 'casey', 10)" -c "EXECUTE clients('иван', 'robin', 10)")"
[ "$out" = "$(printf '%s\n' "101|O'Brien-Smith, Zoë|MRN-00042 (312) 555-0199" "103|ИВАНОВ, Дмитрий| ")" ] \
    && pass "the client query with parameters (prefixes, coordinator)" || fail "client query: $out"
out="$(pg -c "PREPARE notes (text, text, bigint) AS
    SELECT n.id, n.client_id, c.family_name || ', ' || c.given_name, n.contact_at AS contact_at, search_snippet(s.body, \$1)
    FROM note_search s JOIN note n ON n.id = s.rowid JOIN client c ON c.id = n.client_id
    WHERE s.document @@ search_query(\$1) AND (\$2::text IS NULL OR c.coordinator = \$2)
    ORDER BY n.contact_at DESC LIMIT \$3" -c "EXECUTE notes('jos', NULL, 1)" -c "EXECUTE notes('jos', 'robin', 5)")"
[ "$out" = "102|101|O'Brien-Smith, Zoë|2026-11-03T15:00:00Z|Short note about [JOSÉ]." ] \
    && pass "the note query with parameters (newest first, limit, coordinator)" || fail "note query: $out"
plan="$(pg -c "SET enable_seqscan = off" -c "EXPLAIN SELECT rowid FROM note_search WHERE document @@ search_query('pharm')")"
grep -q note_search_document <<<"$plan" && pass "the note query can use the GIN index note_search_document" || fail "no GIN index use: $plan"

echo
if [ "$failures" -eq 0 ]; then echo "check_schema: all checks passed"; else echo "check_schema: $failures failed"; exit 1; fi
