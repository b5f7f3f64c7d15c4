// Per-flow packages (issue 18): with flow packages beside the full one (`cargo xtask pkg --flows`:
// `pkg/flows/<flow>/`, listed in `pkg/flows.js`), an entry URL for one flow loads the smallest
// package that serves it, and only that package; the kiosk and a plain entry load the full one.
// The package folder is the one `cargo xtask test` assembles under target/lean/with-flows/ (the
// full package and the lean ones it builds) before this layer runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { NOW, ROOT, serverAndBrowser } from "../lib.mjs";

const PKG = path.join(ROOT, "target/lean/with-flows");
if (!existsSync(path.join(PKG, "flows/tiers/frontdesk_bg.wasm"))) {
  throw new Error(`${PKG} is missing: run \`cargo xtask test\` (it assembles this package first)`);
}

const env = serverAndBrowser({ pkg: PKG });

/** Open `query+hash`, wait until usable; the wasm files fetched, the screens offered, the errors. */
async function open(suffix) {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const wasm = [];
  const scripts = [];
  const errors = [];
  page.on("request", (r) => r.url().endsWith(".wasm") && wasm.push(new URL(r.url()).pathname));
  page.on("request", (r) => new URL(r.url()).pathname.startsWith("/screens/") && scripts.push(new URL(r.url()).pathname));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${env.server.url}?now=${encodeURIComponent(NOW)}${suffix}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  const screens = await page.$$eval("#nav a[data-screen]", (as) => as.map((a) => a.dataset.screen));
  return { page, context, wasm, scripts, screens, errors };
}

test("an entry URL for one flow loads that flow's package only, and the flow works", async () => {
  const { page, context, wasm, screens, errors } = await open("#/tiers");
  assert.deepEqual(wasm, ["/pkg/flows/tiers/frontdesk_bg.wasm"]);
  assert.deepEqual(screens, ["documents", "tiers"]);
  await page.waitForSelector("#screen-tiers:not([hidden])");
  await page.fill("#tier-amount", "2,000.01");
  await page.selectOption("#tier-tier", "personal_class_2");
  await page.fill("#tier-used", "0");
  await page.fill("#tier-balance", "50000");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-verdict");
  assert.ok(await page.locator("#tier-findings li[data-code]").count(), "the tiers check answers with findings");
  assert.deepEqual(errors, []);
  await context.close();
});

test("each flow's entry URL loads its own package", async () => {
  for (const flow of ["documents", "precheck", "questionnaire", "contact", "calendar"]) {
    const { context, wasm, screens, errors } = await open(`#/${flow}`);
    assert.deepEqual(wasm, [`/pkg/flows/${flow}/frontdesk_bg.wasm`], flow);
    // The flow's own screen, the documents screen, and for the pre-check the branch side of its ticket.
    const expected = flow === "precheck" ? 3 : 2;
    assert.ok(screens.includes(flow) && screens.length <= expected, `${flow}: ${screens}`);
    assert.deepEqual(errors, [], flow);
    await context.close();
  }
});

test("the kiosk, a plain entry and an unknown screen load the full package", async () => {
  for (const suffix of ["&mode=kiosk#/tiers", "", "#/nothing"]) {
    const { context, wasm, screens, errors } = await open(suffix);
    assert.deepEqual(wasm, ["/pkg/frontdesk_bg.wasm"], suffix);
    assert.equal(screens.length, 9, suffix);
    assert.deepEqual(errors, [], suffix);
    await context.close();
  }
});

test("an entry URL for one flow downloads only the screens its package serves (issue 18: 4G bandwidth)", async () => {
  const expected = {
    documents: ["documents.js"],
    tiers: ["documents.js", "tiers-elderly.js", "tiers-panels.js", "tiers.js"],
    contact: ["contact.js", "documents.js", "satisfaction.js"],
    precheck: ["branch.js", "documents.js", "precheck.js"],
  };
  for (const [flow, files] of Object.entries(expected)) {
    const { page, context, scripts, errors } = await open(`#/${flow}`);
    assert.deepEqual([...new Set(scripts)].map((p) => p.replace("/screens/", "")).sort(), files, flow);
    await page.waitForSelector(`#screen-${flow}:not([hidden])`);
    assert.deepEqual(errors, [], flow);
    await context.close();
  }
  // The full package still gets every screen (the kiosk all but the staff one).
  const { context, scripts } = await open("&mode=kiosk#/documents");
  assert.ok(!scripts.includes("/screens/callbacks.js") && scripts.includes("/screens/dormant.js"), String(scripts));
  await context.close();
});

test("offline second visit through a flow's entry URL: its package was cached; another flow falls back to the full one", async () => {
  const { page, context, wasm } = await open("#/documents");
  await page.waitForSelector("body[data-offline=ready]", { timeout: 30_000 });
  assert.deepEqual(wasm, ["/pkg/flows/documents/frontdesk_bg.wasm"]);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.deepEqual(await page.$$eval("#nav a[data-screen]", (as) => as.map((a) => a.dataset.screen)), ["documents"]);
  await page.click("#doc-number");
  await page.keyboard.type("11010519491231002X");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#doc-verdict");
  assert.match(await page.textContent("#doc-verdict"), /\S/);
  // A flow this phone never opened: its package is not cached, the full one (precached) serves it.
  await page.goto(`${env.server.url}?now=${encodeURIComponent(NOW)}#/tiers`); // the same document: a hash change
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.waitForSelector("#screen-tiers:not([hidden])");
  assert.ok((await page.$$eval("#nav a[data-screen]", (as) => as.length)) > 2, "the full package's screens");
  await context.close();
});

test("each screen is built the first time it is shown: the kiosk's first screen does not wait for the other eight", async () => {
  const { page, context, errors } = await open("&mode=kiosk#/documents");
  const children = (id) => page.$eval(`#screen-${id}`, (s) => s.childElementCount);
  assert.ok((await children("documents")) > 0);
  for (const id of ["tiers", "precheck", "questionnaire", "contact"]) assert.equal(await children(id), 0, id);
  await page.click('#nav a[data-screen="tiers"]');
  await page.waitForSelector("#screen-tiers:not([hidden]) #tier-check");
  // Built once, in the language of the moment.
  await page.click("#lang");
  await page.click('#nav a[data-screen="contact"]');
  await page.waitForSelector("#screen-contact:not([hidden])");
  assert.match(await page.textContent("#screen-contact h2"), /[A-Za-z]/);
  await page.click('#nav a[data-screen="tiers"]');
  assert.equal(await page.locator("#tier-check").count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
