DROP INDEX leads_created_idx;
