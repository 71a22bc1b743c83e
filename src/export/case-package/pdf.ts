/**
 * report.pdf: Chromium's print of report.html, driven by playwright-core with the distribution's own
 * Chromium (no browser is downloaded; the path comes from config, SKEIN_CHROMIUM_PATH). The page
 * runs without JavaScript and every request it would make is refused: the report is self-contained,
 * and printing it must not reach the network.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `export/case-package: no Chromium at ${path} to print report.pdf; install it (apt-get install -y chromium), set SKEIN_CHROMIUM_PATH, or make the package without the PDF (--no-pdf / pdf=false)`,
    );
    this.name = 'ChromiumMissingError';
  }
}

export async function printPdf(html: string, chromiumPath: string): Promise<Uint8Array> {
  if (!existsSync(chromiumPath)) throw new ChromiumMissingError(chromiumPath);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
