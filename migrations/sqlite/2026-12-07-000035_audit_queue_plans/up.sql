-- PostgreSQL pins its audit guards' plans to their indexes and vacuums the waiting table
-- as a queue (see its migration of the same name). SQLite has neither the waiting table
-- nor cached trigger plans. This migration exists so both backends share one migration
-- history.
SELECT 1;
