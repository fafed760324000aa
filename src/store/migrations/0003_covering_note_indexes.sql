-- The alert facts read, for every client in scope, the latest contact and the
-- minutes logged this month. With the columns they test in the index, both
-- are answered from the index alone, never from the (large) note rows.

DROP INDEX note_contact_by_client;
CREATE INDEX note_contact_by_client ON note (client_id, contact_at, outcome, contact_type)
    WHERE outcome = 'reached' AND contact_type IN ('phone', 'video', 'in_person', 'text');
DROP INDEX note_by_client;
CREATE INDEX note_by_client ON note (client_id, contact_at, minutes);
