-- Indexes for the bounded queries that feed the alert rules (store/facts.rs).

-- The latest contact per client: reached, by phone, video, in person or text.
CREATE INDEX note_contact_by_client ON note (client_id, contact_at)
    WHERE outcome = 'reached' AND contact_type IN ('phone', 'video', 'in_person', 'text');
CREATE INDEX appointment_by_status ON appointment (status, starts_at);
CREATE INDEX appointment_by_transport ON appointment (transport, starts_at);
CREATE INDEX goal_by_status ON goal (status, target_on);
CREATE INDEX alert_snooze_by_client ON alert_snooze (client_id, kind);
