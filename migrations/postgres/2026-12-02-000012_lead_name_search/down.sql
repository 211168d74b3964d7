DROP INDEX leads_name_grams_idx;
DROP FUNCTION anchang_name_may_contain(TEXT, TEXT);
DROP FUNCTION anchang_query_grams(TEXT);
DROP FUNCTION anchang_name_grams(TEXT);
