import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * One owner per table (README, "Architecture"): only the owning library's SQL writes a table. This reads the
 * owners from README's table, the tables from the migrations, and every SQL string of the libraries' sources.
 */
const ROOT = join(__dirname, '..', '..', '..');

function owners(): Map<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| owner | tables |'));
  const map = new Map<string, string>();
  for (const line of table.split('\n').slice(2)) {
    const match = /^\| `([a-z-]+)` \| (.*) \|$/.exec(line);
    if (!match) break;
    for (const [, name] of match[2].matchAll(/`([a-z_]+)`/g)) {
      if (map.has(name)) throw new Error(`${name} has two owners in README`);
      map.set(name, match[1]);
    }
  }
  return map;
}

function migrationTables(): string[] {
  const dir = join(ROOT, 'migrations');
  const tables = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => /^\d+-.*\.ts$/.test(f))) {
    for (const [, name] of readFileSync(join(dir, file), 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g)) tables.add(name);
  }
  return [...tables].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('-spec.ts') ? [path] : [];
  });
}

/** The text of every string and template literal of a file (a template's substitutions read as `?`). */
function literals(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) found.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      found.push([node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ? '));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const WRITE =
  /\b(?:insert\s+into|(?<!for\s)(?<!key\s)(?<!do\s)update|delete\s+from|truncate(?:\s+table)?|merge\s+into|copy)\s+([a-z_][a-z0-9_]*)/gi;

/** Tables each library's SQL writes, as `library → table → files`. */
export function writesByLibrary(tables: ReadonlySet<string>): Map<string, Map<string, Set<string>>> {
  const writes = new Map<string, Map<string, Set<string>>>();
  const roots = [
    ...readdirSync(join(ROOT, 'libs')).map((name) => join(ROOT, 'libs', name, 'src')),
    ...readdirSync(join(ROOT, 'apps')).map((name) => join(ROOT, 'apps', name, 'src')),
  ];
  for (const root of roots) {
    const library = relative(ROOT, root).split(sep)[1];
    if (library === 'testing') continue; // factories arrange test data
    for (const file of sourceFiles(root)) {
      for (const text of literals(file)) {
        for (const [, table] of text.matchAll(WRITE)) {
          const name = table.toLowerCase();
          if (!tables.has(name)) continue;
          const byTable = writes.get(library) ?? new Map<string, Set<string>>();
          byTable.set(name, (byTable.get(name) ?? new Set()).add(relative(ROOT, file)));
          writes.set(library, byTable);
        }
      }
    }
  }
  return writes;
}

describe('table ownership', () => {
  const owner = owners();
  const tables = migrationTables();

  it('gives every table created by the migrations exactly one owner in README', () => {
    expect(tables.length).toBeGreaterThan(10);
    expect(tables.filter((table) => !owner.has(table))).toEqual([]);
    expect([...owner.keys()].filter((table) => !tables.includes(table))).toEqual([]);
  });

  it('finds the writes of a library in its SQL strings, not in comments or locks', () => {
    const sql = `WITH removed AS (DELETE FROM cohort_trainer WHERE user_id = $1 RETURNING cohort_id) SELECT 1 FROM cohort c FOR UPDATE`;
    expect([...sql.matchAll(WRITE)].map((m) => m[1])).toEqual(['cohort_trainer']);
    expect(
      [...'INSERT INTO x (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = 2; UPDATE learner AS l SET'.matchAll(WRITE)].map((m) => m[1]),
    ).toEqual(['x', 'learner']);
  });

  it("lets a library's SQL write only the tables it owns", () => {
    const foreign: string[] = [];
    for (const [library, byTable] of writesByLibrary(new Set(tables))) {
      for (const [table, files] of byTable) {
        if (owner.get(table) !== library)
          foreign.push(`${library} writes ${table} (owned by ${owner.get(table)}) in ${[...files].join(', ')}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});
