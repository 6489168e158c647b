import { setUpTestDatabase } from '@project/testing';
import { ensureWebBuilt } from './browser';

/** The HTTP tests' set-up, plus the web app's build, once before any worker starts (two building at once would race). */
export default async function globalSetup(): Promise<void> {
  ensureWebBuilt();
  await setUpTestDatabase();
}
