// Issue 14 #12 and issue 13's "the page's now advances": start-up as a phone on the move sees it
// (a loading state at once, throttled 4G and CPU measured), a wasm or a rule pack that fails to
// load (plain words, the file and field, a retry button, never a blank page), a bank's rule pack
// given by the host (host-config.json → rulePackUrl), and a kiosk left on past midnight.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { serverAndBrowser, openAs, typeInto, throttle, screenshot, ROOT } from "../lib.mjs";

const env = serverAndBrowser();

/** The embedded default pack as a bundle (file → content), from the package in Node. */
async function defaultBundle() {
  const pkg = await import(path.join(ROOT, "pkg/frontdesk.js"));
  pkg.initSync({ module: readFileSync(path.join(ROOT, "pkg/frontdesk_bg.wasm")) });
  return pkg.FrontDesk.defaultRulePack();
}

/** A context whose host serves `host-config.json` and the bank pack it names (null: a 404). */
async function hostWith(browser, { config, pack, packStatus = 200 } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.route("**/host-config.json", (r) =>
    config === null ? r.fulfill({ status: 404, body: "not found" }) : r.fulfill({ contentType: "application/json", body: JSON.stringify(config) }));
  if (pack !== undefined) {
    await context.route("**/bank-pack.json", (r) =>
      r.fulfill({ status: packStatus, contentType: "application/json", body: typeof pack === "string" ? pack : JSON.stringify(pack) }));
  }
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { context, page, errors };
}

const url = () => `${env.server.url}?now=${encodeURIComponent("2026-11-23T10:00:00+08:00")}`;

test("#12 a loading state shows at once, before the wasm arrives; then the page", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  let release;
  const held = new Promise((r) => (release = r));
  await context.route("**/pkg/frontdesk_bg.wasm", async (route) => {
    await held;
    await route.continue();
  });
  const page = await context.newPage();
  await page.goto(url(), { waitUntil: "domcontentloaded" });
  await page.waitForSelector("#boot:not([hidden])");
  const loading = await page.textContent("#boot");
  assert.match(loading, /正在加载/);
  assert.match(loading, /Loading/);
  assert.notEqual(await page.getAttribute("body", "data-ready"), "true");
  await screenshot(page, "startup-loading");
  release();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.equal(await page.isHidden("#boot"), true);
  await context.close();
});

test("#12 the wasm failing to load: an error in plain words with a retry button that works", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  let fail = true;
  await context.route("**/pkg/frontdesk_bg.wasm", (route) => (fail ? route.abort("failed") : route.continue()));
  const page = await context.newPage();
  await page.goto(url());
  await page.waitForSelector("body[data-ready=error]", { timeout: 30_000 });
  assert.equal(await page.isVisible("#boot-error"), true);
  assert.match(await page.textContent("#boot-error-text"), /没有加载成功/);
  assert.equal(await page.isVisible("#boot-retry"), true);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "boot-retry");
  assert.ok((await page.evaluate(() => document.querySelector("main").innerText.trim().length)) > 10, "never a blank page");
  assert.equal(await page.isVisible("#about"), false, "no empty footer fold (a lone ▸) under the error");
  await screenshot(page, "startup-wasm-failed");
  fail = false;
  await page.click("#boot-retry");
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.equal(await page.isHidden("#boot-error"), true);
  await context.close();
});

test("#12 a bank's rule pack named by host-config.json: its name and version in the footer", async () => {
  const bundle = await defaultBundle();
  bundle["pack.json"] = { ...bundle["pack.json"], version: "2026.12.9-bank", name: { "zh-CN": "示例银行开户规则", en: "Example Bank rules" } };
  const { context, page, errors } = await hostWith(env.browser, { config: { rulePackUrl: "bank-pack.json" }, pack: bundle });
  await page.goto(url());
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  const foot = await page.textContent("#pack-version");
  assert.match(foot, /示例银行开户规则/);
  assert.match(foot, /2026\.12\.9-bank/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("#12 no host-config.json (a 404) means the embedded default pack", async () => {
  const { context, page } = await hostWith(env.browser, { config: null });
  await page.goto(url());
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.match(await page.textContent("#pack-version"), /frontdesk/);
  await context.close();
});

test("#12 a broken bank pack: the page names the file and field in plain words, with a retry button", async () => {
  const bundle = await defaultBundle();
  bundle["pack.json"] = { ...bundle["pack.json"], settings: { ...bundle["pack.json"].settings, kioskIdleSeconds: 5 } };
  for (const lang of ["zh-CN", "en"]) {
    const { context, page } = await hostWith(env.browser, { config: { rulePackUrl: "bank-pack.json" }, pack: bundle });
    if (lang === "en") await context.addInitScript(() => localStorage.setItem("frontdesk.locale", "en"));
    await page.goto(url());
    await page.waitForSelector("body[data-ready=error]", { timeout: 30_000 });
    const text = await page.textContent("#boot-error-text");
    assert.match(text, /pack\.json/);
    assert.match(text, /settings\.kioskIdleSeconds/);
    assert.match(text, lang === "en" ? /bank's rules contain an error/ : /业务规则有误/);
    assert.equal(await page.isVisible("#boot-retry"), true);
    assert.match(await page.textContent("#boot-retry"), lang === "en" ? /Try again/ : /重试/);
    assert.match(await page.textContent("#boot-error-code"), /rule_pack\.invalid/, "the code for staff");
    await screenshot(page, `startup-pack-broken-${lang}`);
    await context.close();
  }
});

test("#12 a bank pack that does not download: said so, with a retry button", async () => {
  for (const [pack, status] of [["not found", 404], ["{ not json", 200]]) {
    const { context, page } = await hostWith(env.browser, { config: { rulePackUrl: "bank-pack.json" }, pack, packStatus: status });
    await page.goto(url());
    await page.waitForSelector("body[data-ready=error]", { timeout: 30_000 });
    assert.match(await page.textContent("#boot-error-text"), /没有下载成功.*bank-pack\.json/);
    assert.equal(await page.isVisible("#boot-retry"), true);
    await context.close();
  }
});

test("#12 throttled start-up (slow 4G, 4× CPU): loading shows first; the times are measured", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await throttle(page, { cpu: 4, latency: 150, downKbps: 1600, upKbps: 750 });
  const t0 = Date.now();
  await page.goto(url(), { waitUntil: "commit" });
  await page.waitForSelector("#boot:not([hidden])", { timeout: 60_000 });
  const loadingAt = Date.now() - t0;
  assert.notEqual(await page.getAttribute("body", "data-ready"), "true", "the loading state shows before the page is ready");
  await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
  const readyAt = Date.now() - t0;
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
  console.log(`throttled start-up: loading visible after ${loadingAt} ms (first contentful paint ${fcp === null ? "n/a" : Math.round(fcp) + " ms"}), page ready after ${readyAt} ms`);
  assert.ok(loadingAt < readyAt);
  await context.close();
});

test("issue 13: the desk's clock follows the device: a kiosk left on past midnight answers for the new day", async () => {
  // No ?now=: the device clock, 23:59 Shanghai time on 23 November 2026.
  const { page, context } = await openAs(env.browser, env.server.url, {
    mode: "kiosk", screen: "documents", now: null, clock: { time: new Date("2026-11-23T23:59:00+08:00") },
  });
  await typeInto(page, "#doc-number", "11010519491231002X");
  await page.fill("#doc-expiry", "2026-11-23");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-result:not([hidden])");
  assert.equal(await page.locator('#doc-expiry-findings li[data-code="resident_id.expired"]').count(), 0, "valid through its last day");
  // A minute, a key pressed (the kiosk's idle timeout does not strike), another minute: 00:01 on the 24th.
  await page.clock.runFor(61_000);
  await page.keyboard.press("Shift");
  await page.clock.runFor(61_000);
  await page.click("#doc-check");
  await page.waitForSelector('#doc-expiry-findings li[data-code="resident_id.expired"]');
  await page.click('#nav a[data-screen="calendar"]');
  assert.equal(await page.inputValue("#cal-date"), "2026-11-24", "today's date on the calendar moved on too");
  await context.close();
});

test("issue 13: ?now= still pins the desk's clock for demos", async () => {
  const { page, context } = await openAs(env.browser, env.server.url, {
    screen: "documents", now: "2026-11-23T23:59:00+08:00", clock: { time: new Date("2026-11-23T23:59:00+08:00") },
  });
  await typeInto(page, "#doc-number", "11010519491231002X");
  await page.fill("#doc-expiry", "2026-11-23");
  await page.clock.runFor(2 * 60_000);
  await page.click("#doc-check");
  await page.waitForSelector("#doc-result:not([hidden])");
  assert.equal(await page.locator('#doc-expiry-findings li[data-code="resident_id.expired"]').count(), 0);
  await context.close();
});
