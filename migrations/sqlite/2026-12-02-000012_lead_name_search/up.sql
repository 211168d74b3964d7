-- PostgreSQL indexes lead names by their characters for name search (see its migration of
-- the same name). SQLite has no such index: a name search there filters the leads the
-- caller may see (a salesperson's own through the owner index, a project's through the
-- project index) with LIKE, which is fast enough for the one office an embedded database
-- serves. This migration exists so both backends share one migration history.
SELECT 1;
