// The package works through a bundler: esbuild bundles an app that imports "frontdesk" (pkg/), the
// wasm sits next to the bundle (as a bundler's asset step puts it), and the app runs in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { ROOT, startServer, launch } from "../lib.mjs";

test("an esbuild bundle of an app importing the package runs in the browser", async () => {
  const out = path.join(ROOT, "pkg/bundler-check");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, "tests/e2e/bundler/entry.js")],
    bundle: true,
    format: "esm",
    target: "es2022",
    outfile: path.join(out, "bundle.js"),
    alias: { frontdesk: path.join(ROOT, "pkg/frontdesk.js") },
    logLevel: "error",
  });
  copyFileSync(path.join(ROOT, "pkg/frontdesk_bg.wasm"), path.join(out, "frontdesk_bg.wasm"));
  copyFileSync(path.join(ROOT, "tests/e2e/bundler/index.html"), path.join(out, "index.html"));
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}pkg/bundler-check/index.html`);
    await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 30_000 });
    const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
    assert.deepEqual(result, { valid: false, codes: ["resident_id.checksum"] });
  } finally {
    await browser.close();
    server.stop();
    rmSync(out, { recursive: true, force: true });
  }
});
