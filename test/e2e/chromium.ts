/**
 * Opens a local HTML file in headless Chromium — Debian's `chromium` package, driven by playwright-core, which never
 * downloads a browser — and reports what a reader's browser would meet: console errors, uncaught page errors, every
 * request the page made, and the rendered size of chosen elements; then keeps a full-page screenshot.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

/** Where Debian's package puts it (`apt-get install -y chromium`; .ci/run installs it). */
export const CHROMIUM = "/usr/bin/chromium";

/** No network, no updates, no profile sync: the page must render from itself alone. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface PageVisit {
  consoleErrors: string[];
  pageErrors: string[];
  /** Every URL the page requested, the document itself included. */
  requests: string[];
  failedRequests: string[];
  /** Rendered width and height of each selector asked for (0 × 0 when it is not there). */
  sizes: Record<string, { width: number; height: number }>;
}

/** Fails, never skips, when Chromium is missing: the test says how to install it. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (Debian; .ci/run does this), then run the test again.`,
    );
  }
}

export async function visit(file: string, selectors: string[], screenshot: string): Promise<PageVisit> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "bgdb-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  try {
    const page = await context.newPage();
    const seen: PageVisit = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [], sizes: {} };
    page.on("console", (m) => {
      if (m.type() === "error") seen.consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => seen.pageErrors.push(e.message));
    page.on("request", (r) => seen.requests.push(r.url()));
    page.on("requestfailed", (r) => seen.failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? "failed"}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    for (const selector of selectors) {
      const box = await page.locator(selector).boundingBox();
      seen.sizes[selector] = { width: box?.width ?? 0, height: box?.height ?? 0 };
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    return seen;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
