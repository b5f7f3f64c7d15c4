// The foundation flow: type an ID number, see the finding, switch language, screenshot.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const env = serverAndBrowser();

test("a mistyped ID number shows the checksum finding, in zh-CN then en", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}`);
  await page.fill("#doc-number", "110105194912310021");
  await page.click("#doc-check");
  const finding = page.locator('#doc-number-findings li[data-code="resident_id.checksum"]');
  await finding.waitFor();
  assert.match(await finding.textContent(), /校验位不符/);
  assert.equal(await page.getAttribute("#doc-number", "aria-invalid"), "true");
  await screenshot(page, "foundation-checksum-zh");

  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(await finding.textContent(), /check character does not match/);
  assert.equal(await page.textContent("h1"), "Bank front desk");
  await screenshot(page, "foundation-checksum-en");

  // The language choice is remembered across a reload.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.textContent("h1"), "Bank front desk");

  assert.deepEqual(outside, [], "no request leaves 127.0.0.1");
  assert.deepEqual(errors, [], "no console errors (CSP violations included)");
  await context.close();
});

test("a valid number shows its decoded, masked fields", async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}`);
  await page.fill("#doc-number", "11010519491231002x");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-verdict.ok");
  const fields = await page.textContent("#doc-fields");
  assert.match(fields, /110\*{11}002X/);
  assert.match(fields, /1949-12-31/);
  assert.doesNotMatch(await page.content(), /11010519491231002X/, "the full number is never rendered");
  assert.ok(await page.locator('li[data-code="resident_id.lowercase_x"]').count());
  await context.close();
});

test("the page carries a strict CSP and no inline script or style", async () => {
  const { page, context } = await openPage(env.browser, env.server.url);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(await page.locator("script:not([src])").count(), 0);
  assert.equal(await page.locator("style, [style]").count(), 0);
  await context.close();
});
