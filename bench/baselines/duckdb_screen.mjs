// Runs duckdb_screen.sql in the current directory with DuckDB's own engine
// (the @duckdb/node-api package ships its binary; `scripts/bootstrap bench`
// installs it here). Prints DuckDB's version on the first line of stderr.
//   node duckdb_screen.mjs   (in a directory holding trade.csv and prefixes.csv)
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const script = readFileSync(new URL('./duckdb_screen.sql', import.meta.url), 'utf8');
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const version = await connection.runAndReadAll('SELECT version()');
console.error(`duckdb ${version.getRows()[0][0]}`);
// One statement at a time: DuckDB's run() takes one. The script has no
// semicolons inside strings, so splitting on them is exact.
for (const statement of script.replace(/^--.*$/gm, '').split(';')) {
  if (statement.trim() !== '') await connection.run(statement);
}
