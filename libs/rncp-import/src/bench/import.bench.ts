import 'reflect-metadata';
import { CatalogueRepository } from '@project/catalogue';
import { dataSourceOptions, runMigrations, startEmbeddedPostgres } from '@project/platform';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ImportReportDto } from '../dto/import-report.dto';
import { RncpImportRepository } from '../rncp-import.repository';
import { RncpImportService } from '../rncp-import.service';
import { generateExportXml, zipFile } from './generate-export';

/**
 * `npm run bench:import [-- FICHES]`: generates a realistic export of FICHES fiches (default 20,000,
 * the size of the registry), zips it as published, and imports it twice into an empty catalogue
 * (first: everything created; second: everything unchanged), printing time and peak memory, once with
 * Node's default heap settings and once with a capped heap.
 * Uses BENCH_DATABASE_URL when set (it must be a migrated, disposable database), else an embedded
 * PostgreSQL in .data/bench-import with a fresh database per run.
 */
const HEAP_CAP_FLAG = '--max-old-space-size=160';

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  const fiches = Number(process.argv[2] ?? 20_000);
  const work = join(tmpdir(), 'rncp-import-bench');
  await mkdir(work, { recursive: true });
  const xml = join(work, `export-${fiches}.xml`);
  const zip = join(work, `export-fiches-rncp-v4-1-${fiches}.zip`);
  if (!existsSync(zip)) {
    console.log(`Generating ${fiches} fiches…`);
    await generateExportXml(xml, fiches);
    await zipFile(xml, 'export-fiches-rncp-v4-1-2025-06-01.xml', zip);
  }
  // Each configuration imports in a process of its own, so its peak memory is the import's alone.
  // V8 defers major collections while it has room: the default run shows what an uncapped process
  // reaches, the capped one what the live data needs.
  const rows: string[] = [];
  for (const flags of [[], [HEAP_CAP_FLAG]]) {
    const output = execFileSync(process.execPath, [...flags, __filename, '--child', zip], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    for (const result of JSON.parse(output.trim().split('\n').pop()!) as RunResult[]) {
      const total = result.created + result.updated + result.unchanged + result.rejected;
      rows.push(
        `| ${result.run} | ${flags.join(' ') || '(defaults)'} | ${total} | ${result.created} | ${result.unchanged} | ${result.rejected} | ${result.seconds.toFixed(1)} | ${Math.round(total / result.seconds)} | ${result.peakMb} |`,
      );
    }
  }
  const mb = (path: string) => (existsSync(path) ? (statSync(path).size / 1024 ** 2).toFixed(0) : '?');
  console.log(
    `\nRNCP import benchmark — ${fiches} fiches, XML ${mb(xml)} MB, zip ${mb(zip)} MB, Node ${process.version}, ${cpus().length} CPUs\n`,
  );
  console.log('| run | node flags | fiches | created | unchanged | rejected | seconds | fiches/s | peak RSS MB |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log('\nTargets: under 60 s and under 300 MB peak RSS for the import process (PostgreSQL runs in its own processes).');
}

interface RunResult {
  run: string;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  seconds: number;
  peakMb: number;
}

/** Imports the file twice into a fresh database and prints the results as one JSON line. */
async function child(zip: string): Promise<void> {
  const { url, stop } = await benchDatabase();
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  const service = new RncpImportService(new CatalogueRepository(dataSource), new RncpImportRepository());
  const results: RunResult[] = [];
  try {
    for (const run of ['first import (empty catalogue)', 're-import (same file)']) {
      const { report, seconds, peakMb } = await measure(() => service.importFile(null, zip));
      results.push({
        run,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        rejected: report.rejected.length,
        seconds,
        peakMb,
      });
    }
  } finally {
    await dataSource.destroy();
    await stop();
  }
  console.log(JSON.stringify(results));
}

async function measure(work: () => Promise<ImportReportDto>): Promise<{ report: ImportReportDto; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = process.hrtime.bigint();
  try {
    const report = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { report, seconds, peakMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / 1024 ** 2) };
  } finally {
    clearInterval(sampler);
  }
}

async function benchDatabase(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) {
    await runMigrations(process.env.BENCH_DATABASE_URL);
    return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: resolve('.data/bench-import'),
    port: Number(process.env.BENCH_IMPORT_POSTGRES_PORT ?? 54349),
    persistent: true,
  });
  // A fresh database each run, so the first import starts from an empty catalogue.
  const admin = new Client({ connectionString: server.url.replace(/\/competencies$/, '/postgres') });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS rncp_import_bench');
  await admin.query('CREATE DATABASE rncp_import_bench');
  await admin.end();
  const url = server.url.replace(/\/competencies$/, '/rncp_import_bench');
  await runMigrations(url);
  return { url, stop: server.stop };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
