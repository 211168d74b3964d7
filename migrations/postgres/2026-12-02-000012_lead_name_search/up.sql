-- Name search (`GET /leads?q=王`). Chinese names are two or three characters and people
-- search by surname or by the full name, so a trigram index (which cannot serve a one- or
-- two-character pattern) does not help. Instead every live lead's lower-cased name is
-- indexed by its characters and pairs of characters (王小明 → 王 小 明 王小 小明) in a GIN
-- index: a query of one or two characters looks its gram up, a longer one the pairs it is
-- made of. The `LIKE` the application always sends beside it rechecks the exact substring.
-- The unigram is what serves a surname; the pairs keep a full-name search from reading
-- every lead with that surname.
CREATE FUNCTION anchang_name_grams(name TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT substr(lower(name), i, n)), '{}')
    FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS sizes (n)
    WHERE i + n - 1 <= char_length(name)
$$;

-- The grams a query must all find in a name that contains it: the query itself when it is
-- one or two characters, its pairs when longer.
CREATE FUNCTION anchang_query_grams(query TEXT) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN char_length(query) <= 2 THEN ARRAY[lower(query)]
                ELSE ARRAY(SELECT DISTINCT substr(lower(query), i, 2)
                           FROM generate_series(1, char_length(query) - 1) AS i) END
$$;

-- What the application calls. A one-expression SQL function is inlined by the planner,
-- so the condition becomes `anchang_name_grams(name) @> …` and the index below serves it.
CREATE FUNCTION anchang_name_may_contain(name TEXT, query TEXT) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT anchang_name_grams(name) @> anchang_query_grams(query)
$$;

-- Not partial: the planner takes the statistics that tell a common surname from a rare
-- character only from an index over the whole table.
CREATE INDEX leads_name_grams_idx ON leads USING gin (anchang_name_grams(name));
