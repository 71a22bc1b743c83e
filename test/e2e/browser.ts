/**
 * Headless Chromium for end-to-end tests: the distribution's own build (Debian package `chromium`),
 * driven by playwright-core. No browser is ever downloaded; CHROMIUM_PATH overrides the binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** The repository's root (where node_modules and the page's sources are). */
export const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the page as the server will serve it, by the project's own command. */
export function buildViewer(): void {
  execFileSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'src/serve/viewer/vite.config.ts'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `e2e: no Chromium at ${CHROMIUM_PATH}; install it with "apt-get install -y chromium" or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
