// A lean package (`cargo xtask pkg --features tiers`: the documents core and tiers only) behind the
// same www/: the page offers exactly the screens that package can serve, and they work. The package
// is the one `cargo xtask test` builds under target/lean/tiers/ before this layer runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { openPage, NOW, ROOT, serverAndBrowser } from "../lib.mjs";

const LEAN = path.join(ROOT, "target/lean/tiers");
if (!existsSync(path.join(LEAN, "frontdesk_bg.wasm"))) {
  throw new Error(`${LEAN} is missing: run \`cargo xtask test\` (it builds the lean packages first)`);
}

const env = serverAndBrowser({ pkg: LEAN });

test("a documents + tiers package shows the documents and tiers screens only, and both work", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}#/tiers`);
  const info = await page.evaluate(() => document.getElementById("versions").textContent);
  assert.match(info, /frontdesk/);
  const screens = await page.$$eval("#nav a[data-screen]", (as) => as.map((a) => a.dataset.screen));
  assert.deepEqual(screens, ["documents", "tiers"]);
  assert.equal(await page.locator("#screen-precheck").count(), 0, "no section for a capability the package lacks");

  await page.waitForSelector("#screen-tiers:not([hidden])");
  await page.fill("#tier-amount", "2,000.01");
  await page.selectOption("#tier-tier", "personal_class_2");
  await page.fill("#tier-used", "0");
  await page.fill("#tier-balance", "50000");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-verdict");
  assert.ok(await page.locator("#tier-findings li[data-code]").count(), "the tiers check answers with findings");

  // A deep link to a screen this package cannot serve falls back to the first screen.
  await page.goto(`${env.server.url}?now=${encodeURIComponent(NOW)}#/precheck`);
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.locator("#screen-documents").isVisible(), true);

  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});
