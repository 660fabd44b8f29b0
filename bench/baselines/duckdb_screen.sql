-- The sqlite baseline's prefix join (sqlite_screen.sql), in DuckDB: join the
-- customs table with the measures' prefix list on code prefixes, filter by
-- direction and date, and write every line with a flag and the measures that
-- hit it. The same flags, the same honest limit (no exemptions, no
-- conditions), written as DuckDB runs it best (equality joins, below), on
-- every core.
--
-- Run by duckdb_screen.mjs in DIR, which holds trade.csv and prefixes.csv;
-- writes DIR/duckdb-out.csv. Every column is read as text, as sqlite's
-- .import does, so codes keep their leading zeros.

CREATE TABLE trade AS SELECT * FROM read_csv('trade.csv', header = true, all_varchar = true);
CREATE TABLE prefixes AS SELECT * FROM read_csv('prefixes.csv', header = true, all_varchar = true);

-- Lines that involve the target: the only ones any measure can reach.
CREATE TEMP TABLE target_lines AS
  SELECT rowid AS line, hs_code, exporter, importer, date || '-01' AS first_day, date || '-31' AS last_day
  FROM trade WHERE exporter = 'KP' OR importer = 'KP';

-- Both joins as equality joins, which DuckDB hashes and runs in parallel;
-- the sqlite script's IN list and index range would make it loop over
-- every pair. The same hits: "under a prefix" is the prefix equal to one of
-- the code's 2-, 4-, 6- and 8-digit heads or to the code; "coarser" is the
-- code equal to a proper head of the prefix.
CREATE TEMP TABLE line_heads AS
  SELECT DISTINCT line, exporter, importer, first_day, last_day,
         unnest([substr(hs_code, 1, 2), substr(hs_code, 1, 4), substr(hs_code, 1, 6),
                 substr(hs_code, 1, 8), hs_code]) AS head
  FROM target_lines;
CREATE TEMP TABLE prefix_heads AS
  SELECT p.*, substr(p.prefix, 1, k) AS head
  FROM prefixes p, generate_series(2, length(p.prefix) - 1) AS g(k);

CREATE TEMP TABLE hits AS
  -- the line's code lies under a listed prefix
  SELECT t.line, p.measure, p.citation, (p.conditional = '0' AND p.disputed = '0') AS certain
  FROM line_heads t JOIN prefixes p ON p.prefix = t.head
  WHERE ((p.direction <> 'from-target' AND t.importer = 'KP') OR (p.direction <> 'to-target' AND t.exporter = 'KP'))
    AND t.first_day < p."until" AND t.last_day >= p."from"
  UNION ALL
  -- the line's code is coarser than a listed prefix (27 against 2709)
  SELECT t.line, p.measure, p.citation, false
  FROM target_lines t JOIN prefix_heads p ON p.head = t.hs_code
  WHERE ((p.direction <> 'from-target' AND t.importer = 'KP') OR (p.direction <> 'to-target' AND t.exporter = 'KP'))
    AND t.first_day < p."until" AND t.last_day >= p."from";

CREATE TEMP TABLE flags AS
  SELECT line,
         CASE WHEN bool_or(certain) THEN 'flagged' ELSE 'check' END AS flag,
         string_agg(DISTINCT measure, ',') AS measures,
         string_agg(DISTINCT citation, ',') AS citations
  FROM hits GROUP BY line;

COPY (
  SELECT trade.*, coalesce(f.flag, '') AS flag, coalesce(f.measures, '') AS measures,
         coalesce(f.citations, '') AS citations
  FROM trade LEFT JOIN flags f ON f.line = trade.rowid
  ORDER BY trade.rowid
) TO 'duckdb-out.csv' (HEADER, DELIMITER ',');
