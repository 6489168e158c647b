import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * README's configuration table lists exactly the environment variables the API reads: a variable added to the
 * code without a row, or a row left behind by a removed variable, fails here.
 */
const ROOT = join(__dirname, '..', '..', '..');

/** The API's sources: the libraries and the app, without tests, the test harness and benchmarks. */
function apiSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['testing', 'bench', 'node_modules'].includes(entry.name) ? [] : apiSources(path);
    return entry.name.endsWith('.ts') && !/\.(e2e-)?spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

const READS = [
  /\benv\.([A-Z][A-Z0-9_]*)\b/g, // env.PORT, process.env.DATABASE_POOL_SIZE
  /\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g,
  /\bint\(\s*'([A-Z][A-Z0-9_]*)'/g, // loadConfig's int('PORT', …)
];

function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...apiSources(join(ROOT, 'libs')), ...apiSources(join(ROOT, 'apps', 'api'))]) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of READS) for (const [, name] of text.matchAll(pattern)) found.set(name, relative(ROOT, file));
  }
  return found;
}

function variablesDocumented(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration\n'));
  const table = section.slice(section.indexOf('| variable | default | meaning |'));
  const names: string[] = [];
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const firstCell = line.split('|')[1];
    for (const [, name] of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(name);
  }
  return names;
}

describe('README configuration table', () => {
  it('lists every environment variable the API reads, and only those', () => {
    const read = variablesRead();
    const documented = variablesDocumented();
    // The scan itself works: variables read in loadConfig and in the pool options are found.
    expect(read.get('PORT')).toBe('libs/platform/src/config/app-config.ts');
    expect(read.get('DATABASE_CONNECT_TIMEOUT_MS')).toBe('libs/platform/src/database/data-source-options.ts');
    const undocumented = [...read.keys()].filter((name) => !documented.includes(name)).map((name) => `${name} (${read.get(name)})`);
    const stale = documented.filter((name) => !read.has(name));
    expect({ undocumented, stale }).toEqual({ undocumented: [], stale: [] });
    expect(new Set(documented).size).toBe(documented.length);
  });
});
