-- Open Referral HSDS directories (SPEC §4 `import resources --hsds`): each
-- resource imported from one keeps the HSDS id it came from (a
-- service_at_location id, or the service id of a service with no location),
-- so that importing the directory again updates it instead of adding it
-- twice; and the email address HSDS gives a service. Resources added by hand
-- or from a flat CSV file have no HSDS id (NULLs never clash in the index).

ALTER TABLE resource ADD COLUMN email TEXT;
ALTER TABLE resource ADD COLUMN hsds_id TEXT;
CREATE UNIQUE INDEX resource_by_hsds_id ON resource (hsds_id);
