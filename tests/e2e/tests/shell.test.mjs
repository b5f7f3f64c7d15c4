// The shell as customers and kiosks use it: kiosk idle timeout, elderly mode, offline, touch
// targets, no third-party requests, and an axe-core audit of every screen in each mode.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ID = "11010519491231002X";
const q = (extra = "") => `?now=${encodeURIComponent(NOW)}${extra}`;

const env = serverAndBrowser();

/** Every screen id listed in the nav. */
async function screenIds(page) {
  return page.$$eval("#nav a[data-screen]", (as) => as.map((a) => a.dataset.screen));
}

/** Interactive elements that are visible and smaller than `min` px in either dimension. */
async function smallTargets(page, min) {
  return page.$$eval(
    "button, a[href], input:not([type=checkbox]):not([type=radio]), select, textarea",
    (els, min) =>
      els
        .filter((e) => e.offsetParent !== null && !e.classList.contains("skip"))
        .map((e) => ({ id: e.id || e.textContent.trim().slice(0, 20), r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.width < min || r.height < min)
        .map(({ id, r }) => `${id} ${Math.round(r.width)}×${Math.round(r.height)}`),
    min,
  );
}

test("kiosk: warns after idle, then clears every personal value and returns to the start", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${env.server.url}${q("&mode=kiosk")}`);
  await page.waitForSelector("body[data-ready=true]");
  assert.ok(await page.evaluate(() => document.body.classList.contains("kiosk")));
  await page.fill("#doc-number", ID);
  await page.click("#doc-check");
  await page.waitForSelector("#doc-verdict.ok");
  await page.evaluate(() => {
    localStorage.setItem("frontdesk.draft.test", "kept draft");
    sessionStorage.setItem("x", "y");
  });
  await screenshot(page, "kiosk-portrait-documents");

  await page.clock.runFor(71_000);
  await page.waitForSelector("#idle-dialog:not([hidden])");
  assert.match(await page.textContent("#idle-body"), /\d+/);
  await screenshot(page, "kiosk-idle-warning");
  // "Continue" keeps everything.
  await page.click("#idle-continue");
  assert.equal(await page.isHidden("#idle-dialog"), true);
  assert.equal(await page.inputValue("#doc-number"), ID);

  await page.clock.runFor(91_000);
  await page.waitForFunction(() => document.getElementById("doc-number").value === "");
  const html = await page.content();
  for (const needle of [ID, "110***********002X", "1949-12-31"]) assert.ok(!html.includes(needle), `${needle} left in the DOM`);
  const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), session: sessionStorage.length }));
  assert.ok(!stored.local.some((k) => k.startsWith("frontdesk.draft.")), "drafts cleared");
  assert.equal(stored.session, 0);
  assert.equal(await page.isHidden("#idle-dialog"), true);
  await context.close();
});

test("kiosk: touch targets are at least 60 px in portrait and landscape", async () => {
  for (const viewport of [{ width: 1080, height: 1920 }, { width: 1920, height: 1080 }]) {
    const { page, context } = await openPage(env.browser, `${env.server.url}${q("&mode=kiosk")}`, { viewport });
    for (const id of await screenIds(page)) {
      await page.click(`#nav a[data-screen="${id}"]`);
      assert.deepEqual(await smallTargets(page, 60), [], `${id} at ${viewport.width}×${viewport.height}`);
    }
    await screenshot(page, `kiosk-${viewport.width}x${viewport.height}`);
    await context.close();
  }
});

test("elderly mode: 18 px+ text, 60×60 targets, remembered; suggested for a 60+ applicant", async () => {
  const { page, context } = await openPage(env.browser, `${env.server.url}${q()}`, { viewport: { width: 390, height: 844 } });
  await page.fill("#doc-number", ID); // born 1949: 76 at NOW
  await page.click("#doc-check");
  await page.waitForSelector("#elderly-suggest:not([hidden])");
  await page.click("#elderly-accept");
  assert.ok(await page.evaluate(() => document.body.classList.contains("elderly")));
  const px = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("#doc-verdict")).fontSize));
  assert.ok(px >= 18, `body text ${px}px`);
  assert.deepEqual(await smallTargets(page, 60), []);
  await screenshot(page, "elderly-documents");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.ok(await page.evaluate(() => document.body.classList.contains("elderly")), "elderly mode remembered");
  assert.equal(await page.getAttribute("#elderly", "aria-pressed"), "true");
  await context.close();
});

test("offline: after the first load the page and the package work with the network off", async () => {
  const { page, context, outside } = await openPage(env.browser, `${env.server.url}${q()}`);
  await page.waitForSelector("body[data-offline=ready]", { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.fill("#doc-number", "110105194912310021");
  await page.click("#doc-check");
  await page.waitForSelector('li[data-code="resident_id.checksum"]');
  assert.deepEqual(outside, []);
  await context.close();
});

test("no personal data in the URL, no third-party request, keyboard reaches every control", async () => {
  const { page, context, outside } = await openPage(env.browser, `${env.server.url}${q()}`);
  await page.fill("#doc-number", ID);
  await page.keyboard.press("Enter");
  await page.waitForSelector("#doc-verdict.ok");
  assert.ok(!page.url().includes("1101"), "nothing typed ends up in the URL");
  // Tab through the page: focus must land on the language switch, the nav and the form controls.
  const seen = new Set();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    seen.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.dataset?.screen || document.activeElement?.tagName));
  }
  for (const id of ["lang", "elderly", "doc-number", "doc-check"]) assert.ok(seen.has(id), `Tab reaches #${id}`);
  assert.deepEqual(outside, []);
  await context.close();
});

for (const mode of ["phone", "kiosk", "elderly"]) {
  test(`axe-core: no serious or critical violation on any screen (${mode})`, async () => {
    const viewport = mode === "kiosk" ? { width: 1080, height: 1920 } : { width: 390, height: 844 };
    // The audit script is injected, so this context bypasses the page's CSP (the others keep it).
    const context = await env.browser.newContext({ viewport, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.server.url}${q(mode === "kiosk" ? "&mode=kiosk" : "")}`);
    await page.waitForSelector("body[data-ready=true]");
    if (mode === "elderly") await page.click("#elderly");
    await page.addScriptTag({ content: AXE });
    const problems = [];
    for (const id of await screenIds(page)) {
      await page.click(`#nav a[data-screen="${id}"]`);
      const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          problems.push(`${id}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }
      }
    }
    assert.deepEqual(problems, [], problems.join("\n"));
    await context.close();
  });
}
