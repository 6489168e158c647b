// Builds the web app (vite), writes brotli and gzip copies beside each text file (served by @fastify/static's
// preCompressed) and prints the sizes; fails when the learner page's first load exceeds its JavaScript budget.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';

const configFile = fileURLToPath(new URL('vite.config.mjs', import.meta.url));
const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));
const FIRST_LOAD_BUDGET = 200 * 1024; // compressed (gzip) JavaScript of the learner page's first load

// The production build of React whoever calls (jest sets NODE_ENV=test, which Vite would honour).
process.env.NODE_ENV = 'production';
await build({ configFile, logLevel: 'warn', mode: 'production' });

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.(js|css|html|svg|json)$/.test(name) && !path.includes('.vite')) files.push(path);
  }
};
walk(outDir);

const sizes = new Map();
for (const path of files) {
  const raw = readFileSync(path);
  const gzip = gzipSync(raw, { level: 9 });
  const brotli = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  writeFileSync(`${path}.gz`, gzip);
  writeFileSync(`${path}.br`, brotli);
  sizes.set(relative(outDir, path), { raw: raw.length, gzip: gzip.length, brotli: brotli.length });
}

const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log('\nWeb app (dist/web)');
console.log(`${'file'.padEnd(44)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`);
for (const [file, size] of [...sizes].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${file.padEnd(44)}${kB(size.raw).padStart(11)}${kB(size.gzip).padStart(11)}${kB(size.brotli).padStart(11)}`);
}

// The first load is the entry chunk and its static imports; other screens are loaded on demand.
const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8'));
const firstLoad = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || firstLoad.has(chunk.file)) return;
  firstLoad.add(chunk.file);
  for (const imported of chunk.imports ?? []) visit(imported);
};
visit('index.html');
const firstLoadGzip = [...firstLoad].reduce((sum, file) => sum + sizes.get(file).gzip, 0);
console.log(`\nLearner page first load: ${kB(firstLoadGzip)} of JavaScript gzip (budget ${kB(FIRST_LOAD_BUDGET)})\n`);
if (firstLoadGzip > FIRST_LOAD_BUDGET) {
  console.error('The first load is over budget.');
  process.exit(1);
}
