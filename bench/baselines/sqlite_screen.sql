-- What users do today, in SQL: join the customs table with a prefix list of
-- the measures (exported from the rule set by `embargo-bench-data prefixes`),
-- on code prefixes through an index, filter by direction and date, and
-- write every line with a flag and the measures that hit it.
--
--   sqlite3 :memory: -cmd ".cd DIR" < sqlite_screen.sql
-- reads DIR/trade.csv and DIR/prefixes.csv and writes DIR/sqlite-out.csv.
-- (bench/run links the files it generated under those names.)
--
-- Flag: `flagged` when an unconditional, undisputed measure covers the
-- line's code; `check` when only a conditional or disputed one does, or the
-- line's code is coarser than a listed prefix; empty otherwise. Exemptions
-- and conditions do not fit a prefix list: that is the honest limit of the
-- tool, not a shortcut.

.output /dev/null
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA temp_store = MEMORY;
PRAGMA cache_size = -1000000;
.output stdout

.mode csv
.import trade.csv trade
.import prefixes.csv prefixes
CREATE INDEX prefixes_by_prefix ON prefixes(prefix);

-- Lines that involve the target: the only ones any measure can reach.
CREATE TEMP TABLE target_lines AS
  SELECT rowid AS line, hs_code, exporter, importer, date || '-01' AS first_day, date || '-31' AS last_day
  FROM trade WHERE exporter = 'KP' OR importer = 'KP';

CREATE TEMP TABLE hits AS
  -- the line's code lies under a listed prefix: one index probe per HS level
  SELECT t.line, p.measure, p.citation, (p.conditional = '0' AND p.disputed = '0') AS certain
  FROM target_lines t JOIN prefixes p
    ON p.prefix IN (substr(t.hs_code, 1, 2), substr(t.hs_code, 1, 4), substr(t.hs_code, 1, 6),
                    substr(t.hs_code, 1, 8), t.hs_code)
  WHERE ((p.direction <> 'from-target' AND t.importer = 'KP') OR (p.direction <> 'to-target' AND t.exporter = 'KP'))
    AND t.first_day < p."until" AND t.last_day >= p."from"
  UNION ALL
  -- the line's code is coarser than a listed prefix (27 against 2709): an index range
  SELECT t.line, p.measure, p.citation, 0
  FROM target_lines t JOIN prefixes p
    ON p.prefix > t.hs_code AND p.prefix < t.hs_code || ':'
  WHERE ((p.direction <> 'from-target' AND t.importer = 'KP') OR (p.direction <> 'to-target' AND t.exporter = 'KP'))
    AND t.first_day < p."until" AND t.last_day >= p."from";

CREATE TEMP TABLE flags AS
  SELECT line,
         CASE WHEN max(certain) = 1 THEN 'flagged' ELSE 'check' END AS flag,
         group_concat(DISTINCT measure) AS measures,
         group_concat(DISTINCT citation) AS citations
  FROM hits GROUP BY line;
CREATE INDEX flags_by_line ON flags(line);

.headers on
.output sqlite-out.csv
SELECT trade.*, coalesce(f.flag, '') AS flag, coalesce(f.measures, '') AS measures,
       coalesce(f.citations, '') AS citations
FROM trade LEFT JOIN flags f ON f.line = trade.rowid
ORDER BY trade.rowid;
.output stdout
