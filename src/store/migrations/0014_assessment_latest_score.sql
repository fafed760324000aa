-- The alert facts read each client's latest PHQ-9 and AHC HRSN, with the
-- PHQ-9's score, for screening_due: with the score in the index that is one
-- pass over it, where without it each of 100,000 clients' rows is fetched
-- from the table (issue #13). The order is the one the index had (the id
-- named so the score comes after it).

DROP INDEX assessment_latest;
CREATE INDEX assessment_latest ON assessment (instrument, client_id, taken_at, id, score);
