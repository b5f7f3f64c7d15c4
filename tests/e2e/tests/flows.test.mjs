// Every flow (documents, pre-check, tiers, questionnaire, contact, calendar) walked the way customers
// and kiosks use it: on a phone (390×844), on a kiosk (1080×1920, ?mode=kiosk) and in elderly mode.
// Each walk takes a screenshot, checks that nothing personal reaches a URL or a request, that the
// rendered DOM has no inline style or script, and that local storage holds only the two preferences
// and the drafts the customer chose to keep. Reloads mid-flow lose nothing that the flow keeps; the
// kiosk timeout after filling every screen leaves no personal value behind; every screen works
// offline; the printable checklist keeps its QR ticket, which decodes.
//
// The README's screenshots show each flow's mistake path instead (mistake-paths.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import jsQR from "jsqr";
import { screenshot, NOW, ROOT, serverAndBrowser, rasterizeSvg } from "../lib.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const DOC_ID = "11010819510315004X"; // born 1951: elderly at NOW (not the contact demo's on-file number)
const ADULT = "440305200005010010";
const NAME = "李小龙";
const PC_MOBILE = "13812341234";
const Q_MOBILE = "13912345678";
const NEW_MOBILE = "13900005678";
const NEW_EMAIL = "new.demo@example.net";
const BALANCE = "8765.43";
const AMOUNT = "4321.09";
/** Typed or derived personal values that must never reach a URL, storage (outside a kept draft) or,
 * after a kiosk timeout, the DOM. Masked forms included. */
const PERSONAL = [
  DOC_ID, "110***********004X", "1951-03-15",
  ADULT, "440***********0010", NAME, "李**", PC_MOBILE, "138****1234",
  Q_MOBILE, "622848*********0018",
  NEW_MOBILE, "139****5678", NEW_EMAIL, "new.demo",
  BALANCE, AMOUNT,
];

const MODES = {
  phone: { viewport: { width: 390, height: 844 }, query: "" },
  kiosk: { viewport: { width: 1080, height: 1920 }, query: "&mode=kiosk" },
  elderly: { viewport: { width: 390, height: 844 }, query: "", elderly: true },
};

const env = serverAndBrowser();

const url = (mode, screen) => `${env.server.url}?now=${encodeURIComponent(NOW)}${MODES[mode].query}#/${screen}`;

/** A context + page for a mode that records every request URL and every console error. */
async function open(mode, screen, { clock = false } = {}) {
  const context = await env.browser.newContext({ viewport: MODES[mode].viewport });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  if (clock) await page.clock.install();
  await page.goto(url(mode, screen));
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  if (MODES[mode].elderly) {
    await page.click("#elderly");
    await page.waitForFunction(() => document.body.classList.contains("elderly"));
  }
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
  return { context, page, requests, errors };
}

async function go(page, screen) {
  await page.click(`#nav a[data-screen="${screen}"]`);
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
}

// ---- the walks: each fills its screen like a customer would and waits for the result ----

async function documents(page) {
  await page.selectOption("#doc-kind", "cn_resident_id");
  await page.fill("#doc-number", DOC_ID);
  await page.click("#doc-check");
  await page.waitForSelector("#doc-verdict.ok");
}

async function precheck(page) {
  const next = () => page.click("#pc-next");
  await page.check("#pc-kind-resident_adult");
  await next();
  await page.fill("#pc-name", NAME);
  await page.selectOption("#pc-doc-kind", "cn_resident_id");
  await page.fill("#pc-doc-number", ADULT);
  await page.fill("#pc-doc-expiry", "2028-05-10");
  await next();
  await page.selectOption("#pc-account", "personal_class_1");
  await page.selectOption("#pc-purpose", "savings");
  await page.selectOption("#pc-occupation", "employee");
  await page.fill("#pc-held-personal_class_1", "0");
  await next();
  await page.fill("#pc-mobile", PC_MOBILE);
  await page.selectOption("#pc-home-province", "44");
  await page.fill("#pc-home-city", "深圳");
  await page.selectOption("#pc-branch-province", "44");
  await page.fill("#pc-branch-city", "深圳");
  await next();
  await page.waitForSelector("#pc-result:not([hidden])");
  await page.waitForSelector("#pc-qr");
}

async function tiers(page) {
  await page.selectOption("#tier-tier", "personal_class_2");
  await page.selectOption("#tier-direction", "outbound");
  await page.selectOption("#tier-kind", "transfer");
  await page.fill("#tier-balance", BALANCE);
  await page.fill("#tier-used", "0");
  await page.fill("#tier-amount", AMOUNT);
  await page.click("#tier-check");
  await page.waitForSelector("#tier-result:not([hidden])");
}

/** Bring question `qid` on screen: in elderly mode one question per screen, so "next" until it shows. */
async function show(page, qid) {
  for (let i = 0; i < 12; i++) {
    if (await page.$(`[data-q="${qid}"]`)) return;
    await page.click("#q-next");
  }
  assert.fail(`question ${qid} never shown`);
}
const radio = async (page, q, value) => {
  await show(page, q);
  await page.check(`[data-q="${q}"] input[value="${value}"]`);
};
const tick = async (page, q) => {
  await show(page, q);
  await page.check(`[data-q="${q}"] input[type=checkbox]`);
};

async function questionnaireStart(page, { keep }) {
  await page.waitForSelector("#q-choose option", { state: "attached" });
  await page.selectOption("#q-choose", "event_large_transaction");
  if (keep) await page.check("#q-keep");
  await page.click("#q-start");
  await page.waitForSelector("#q-run:not([hidden])");
  await radio(page, "txn_mine", "false");
  await tick(page, "txn_not_me_notice");
  await radio(page, "card_with_me", "true");
}

async function questionnaireFinish(page) {
  await radio(page, "code_shared", "true");
  await tick(page, "notice_codes");
  await tick(page, "notice_no_renting");
  await page.click("#q-finish");
  await page.waitForSelector("#q-done:not([hidden])");
}

async function contact(page) {
  await page.fill("#ct-new-mobile", NEW_MOBILE);
  await page.fill("#ct-new-email", NEW_EMAIL);
  await page.selectOption("#ct-channel", "in_app");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
}

async function calendar(page) {
  await page.fill("#cal-date", "2026-09-30");
  await page.fill("#cal-days", "2");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-result:not([hidden])");
}

// ---- checks shared by every walk ----

/** No inline style or script in the rendered DOM (the CSP forbids them; nothing should try). */
async function assertNoInline(page, where) {
  const found = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.hasAttribute("style")) out.push(`style= on ${el.tagName}#${el.id}`);
      for (const a of el.getAttributeNames()) if (/^on/i.test(a)) out.push(`${a}= on ${el.tagName}#${el.id}`);
    }
    for (const s of document.querySelectorAll("script:not([src]), style")) out.push(`inline <${s.tagName.toLowerCase()}>`);
    for (const a of document.querySelectorAll("a[href^='javascript:' i]")) out.push(`javascript: link ${a.id}`);
    return out;
  });
  assert.deepEqual(found, [], `${where}: ${found.join(", ")}`);
}

/** Every visible control has a label; every control marked invalid is described by a non-empty
 * element (its findings), so a screen reader says why. */
async function assertLabelled(page, where) {
  const problems = await page.evaluate(() => {
    const out = [];
    const visible = (e) => e.offsetParent !== null || e.getClientRects().length > 0;
    for (const c of document.querySelectorAll("input, select, textarea")) {
      if (!visible(c) || c.type === "hidden") continue;
      const named = c.labels?.length || c.getAttribute("aria-label") || c.getAttribute("aria-labelledby") || c.closest("label");
      if (!named) out.push(`unlabelled ${c.tagName}#${c.id}`);
    }
    for (const c of document.querySelectorAll("[aria-invalid=true]")) {
      if (!visible(c)) continue;
      const ids = (c.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
      const text = ids.map((id) => document.getElementById(id)?.textContent.trim() ?? "").join("");
      if (!text) out.push(`invalid ${c.tagName}#${c.id} without a description`);
    }
    return out;
  });
  assert.deepEqual(problems, [], `${where}: ${problems.join(", ")}`);
}

/** Requests stay on 127.0.0.1 and no URL (page or request) carries a personal value. */
function assertRequests(page, requests, where) {
  const outside = requests.filter((u) => {
    const p = new URL(u);
    return p.protocol !== "data:" && p.hostname !== "127.0.0.1";
  });
  assert.deepEqual(outside, [], `${where}: no third-party request`);
  for (const u of [page.url(), ...requests]) {
    const decoded = decodeURIComponent(u);
    for (const v of PERSONAL) assert.ok(!decoded.includes(v), `${where}: ${v} in URL ${u}`);
  }
}

/** Local storage: the two preferences and drafts the customer chose to keep, nothing else. */
async function storageKeys(page) {
  return page.evaluate(() => ({ local: Object.keys(localStorage).sort(), session: Object.keys(sessionStorage) }));
}
const PREFS = ["frontdesk.elderly", "frontdesk.locale"];
function assertStorage(keys, allowedDrafts, where) {
  for (const k of keys.local) {
    assert.ok(PREFS.includes(k) || allowedDrafts.includes(k), `${where}: unexpected localStorage key ${k}`);
  }
  assert.deepEqual(keys.session, [], `${where}: sessionStorage unused`);
}

async function shoot(page, flow, mode) {
  await screenshot(page, `flow-${flow}-${mode}`);
}

/** Scroll the flow's result into view, so that a viewport screenshot shows what the flow produced. */
async function reveal(page, selector) {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView({ block: "start" }), selector);
}

const WALKS = [
  ["documents", async (page) => { await documents(page); await reveal(page, "#screen-documents"); }],
  ["precheck", async (page) => { await precheck(page); await reveal(page, "#pc-verdict"); }],
  ["tiers", async (page) => { await tiers(page); await reveal(page, "#tier-result"); }],
  ["questionnaire", async (page) => { await questionnaireStart(page, { keep: false }); await reveal(page, "#q-run"); }],
  ["contact", async (page) => { await contact(page); await reveal(page, "#ct-result"); }],
  ["calendar", async (page) => { await calendar(page); await reveal(page, "#screen-calendar"); }],
  ["errands", async (page) => { await page.check("#er-reset_password"); await page.waitForSelector("#er-card-reset_password"); await reveal(page, "#er-results"); }],
  ["dormant", async (page) => { await page.check("#dm-choice-keep"); await page.waitForSelector("#dm-outcome [data-channel]"); await reveal(page, "#dm-outcome"); }],
];

for (const mode of Object.keys(MODES)) {
  test(`every flow walks through in ${mode} mode: screenshot, no inline style, no personal URL, storage`, async () => {
    for (const [flow, walk] of WALKS) {
      const { context, page, requests, errors } = await open(mode, flow);
      await walk(page, mode);
      if (mode === "elderly") {
        assert.ok(await page.evaluate(() => document.body.classList.contains("elderly")), `${flow}: still elderly`);
      }
      if (mode === "kiosk") assert.ok(await page.evaluate(() => document.body.classList.contains("kiosk")));
      // Before the screenshot: Playwright's caret hiding leaves empty style attributes behind.
      await assertNoInline(page, `${flow} (${mode})`);
      await assertLabelled(page, `${flow} (${mode})`);
      await shoot(page, flow, mode);
      assertRequests(page, requests, `${flow} (${mode})`);
      const keys = await storageKeys(page);
      assertStorage(keys, [], `${flow} (${mode})`);
      if (mode === "kiosk") assert.deepEqual(keys.local, [], `${flow}: a kiosk keeps nothing`);
      assert.deepEqual(errors, [], `${flow} (${mode}): console errors`);
      await context.close();
    }
  });
}

test("elderly mode: the questionnaire shows one question per screen, pre-check one step at a time", async () => {
  const { context, page } = await open("elderly", "questionnaire");
  await page.waitForSelector("#q-choose option", { state: "attached" });
  await page.selectOption("#q-choose", "event_large_transaction");
  await page.click("#q-start");
  await page.waitForSelector("#q-run:not([hidden])");
  const count = () => page.$$eval("#q-questions [data-q]", (qs) => qs.length);
  assert.equal(await count(), 1);
  await page.check('[data-q="txn_mine"] input[value="false"]');
  assert.equal(await count(), 1, "answering does not reveal the follow-up question on the same screen");
  // "Next" on the last question of a page with an unanswered required one goes back to it.
  await page.click("#q-next");
  await page.waitForSelector('[data-q="txn_not_me_notice"]');
  assert.equal(await count(), 1);
  await page.click("#q-back");
  await page.waitForSelector('[data-q="txn_mine"]');
  assert.ok(await page.isChecked('[data-q="txn_mine"] input[value="false"]'), "back keeps the answer");
  // Leaving elderly mode shows the whole page again.
  await page.click("#elderly");
  await page.waitForFunction(() => document.querySelectorAll("#q-questions [data-q]").length > 1);
  // The pre-check shows one step at a time in every mode.
  await page.click("#elderly");
  await go(page, "precheck");
  assert.equal(await page.$$eval("#pc-form .pc-step:not([hidden])", (s) => s.length), 1);
  // No animation or transition anywhere in elderly mode.
  const moving = await page.evaluate(() =>
    [...document.querySelectorAll("*")].filter((el) => {
      const cs = getComputedStyle(el);
      return (cs.animationName !== "none" && cs.animationDuration !== "0s") || cs.transitionDuration.split(",").some((d) => parseFloat(d) > 0);
    }).map((el) => el.tagName + "#" + el.id));
  assert.deepEqual(moving, []);
  await context.close();
});

test("pre-check suggests elderly mode when the applicant's document shows 60 or older", async () => {
  const { context, page } = await open("phone", "precheck");
  await page.check("#pc-kind-resident_adult");
  await page.click("#pc-next");
  await page.fill("#pc-name", NAME);
  await page.selectOption("#pc-doc-kind", "cn_resident_id");
  await page.fill("#pc-doc-number", ADULT); // born 2000: not suggested
  await page.click("#pc-next");
  assert.equal(await page.isHidden("#elderly-suggest"), true);
  await page.click("#pc-back");
  await page.fill("#pc-doc-number", DOC_ID); // born 1949
  await page.click("#pc-next");
  await page.waitForSelector("#elderly-suggest:not([hidden])");
  await page.click("#elderly-accept");
  assert.ok(await page.evaluate(() => document.body.classList.contains("elderly")));
  await context.close();
});

test("reload mid-flow loses nothing the flow keeps: questionnaire progress, contact draft, language, elderly", async () => {
  for (const mode of ["phone", "elderly"]) {
    const { context, page } = await open(mode, "questionnaire");
    await page.click("#lang");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await questionnaireStart(page, { keep: true });
    assertStorage(await storageKeys(page), ["frontdesk.draft.questionnaire"], mode);
    const progress = await page.getAttribute("#q-progress", "value");
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await page.waitForSelector("#q-run:not([hidden])");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en", "language remembered");
    assert.equal(await page.evaluate(() => document.body.classList.contains("elderly")), mode === "elderly", "elderly choice remembered");
    assert.ok(await page.isChecked("#q-keep"));
    assert.ok(await page.isChecked('[data-q="txn_mine"] input[value="false"]'), `${mode}: answer kept`);
    assert.equal(await page.getAttribute("#q-progress", "value"), progress);
    await questionnaireFinish(page);
    await shoot(page, "questionnaire-done", mode);
    assert.equal(await page.evaluate(() => localStorage.getItem("frontdesk.draft.questionnaire")), null, "cleared on finish");

    // Contact: the saved draft survives the reload.
    await go(page, "contact");
    await page.fill("#ct-new-email", NEW_EMAIL);
    await page.click("#ct-save");
    await page.waitForFunction(() => document.getElementById("ct-draft-status").textContent !== "");
    assertStorage(await storageKeys(page), ["frontdesk.draft.contact"], mode);
    await page.reload();
    await page.waitForSelector("body[data-ready=true]");
    await page.click("#ct-resume");
    assert.equal(await page.inputValue("#ct-new-email"), NEW_EMAIL);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    await context.close();
  }
});

test("kiosk: after filling every screen, the idle timeout leaves no personal value in DOM or storage", async () => {
  const { context, page } = await open("kiosk", "documents", { clock: true });
  assert.equal(await page.isHidden("#q-keep"), true, "a kiosk offers no 'keep my progress'");
  assert.equal(await page.isHidden("#ct-save"), true, "a kiosk offers no contact draft");
  await documents(page);
  await go(page, "precheck");
  await precheck(page);
  await go(page, "tiers");
  await tiers(page);
  await go(page, "questionnaire");
  await questionnaireStart(page, { keep: false });
  await go(page, "contact");
  await contact(page);
  await go(page, "calendar");
  await calendar(page);
  // The shell also forgets drafts and session data even if a screen had left some.
  await page.evaluate(() => {
    localStorage.setItem("frontdesk.draft.test", "x");
    sessionStorage.setItem("x", "y");
  });
  const before = await page.content();
  for (const v of ["110***********004X", "622848*********0018", "139****5678"]) {
    assert.ok(before.includes(v), `${v} shown before the timeout (the check below means something)`);
  }

  await page.clock.runFor(95_000);
  await page.waitForSelector("#screen-documents:not([hidden])");
  await page.waitForFunction(() => document.getElementById("doc-number").value === "");
  const html = await page.content();
  const values = await page.$$eval("input, textarea, select", (els) => els.map((e) => e.value).join("\n"));
  const announced = await page.textContent("#announce");
  for (const v of PERSONAL) {
    assert.ok(!html.includes(v), `${v} left in the DOM`);
    assert.ok(!values.includes(v), `${v} left in a field`);
    assert.ok(!announced.includes(v), `${v} left in the live region`);
  }
  const results = await page.evaluate(() =>
    ["#doc-result", "#pc-result", "#tier-result", "#q-run", "#q-done", "#ct-result", "#cal-result"]
      .map((s) => document.querySelector(s))
      .filter((el) => el && !el.hidden)
      .map((el) => el.id));
  assert.deepEqual(results, [], "no result left open");
  // Non-personal defaults come back, so the next customer finds working screens.
  assert.match(await page.inputValue("#cal-date"), /^2026-11-23$/);
  assert.equal(await page.inputValue("#tier-balance"), "50000");
  const keys = await storageKeys(page);
  assert.deepEqual(keys.local, [], "nothing in localStorage");
  assert.deepEqual(keys.session, []);
  await shoot(page, "kiosk-after-timeout", "kiosk");
  await context.close();
});

test("offline: every screen works with the network off after the first load", async () => {
  const { context, page, requests } = await open("phone", "documents");
  await page.waitForSelector("body[data-offline=ready]", { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  const walks = { documents, precheck, tiers, questionnaire: (p) => questionnaireStart(p, { keep: false }), contact, calendar };
  for (const [screen, walk] of Object.entries(walks)) {
    await go(page, screen);
    await walk(page);
  }
  assertRequests(page, requests, "offline");
  await context.close();
});

test("print: the pre-check checklist and its QR ticket remain, nav and buttons are hidden; the QR decodes", async () => {
  const { context, page } = await open("phone", "precheck");
  await precheck(page);
  // The ticket is an inline <svg> drawn by ui.js renderQr (class "qr", path.qr-dark), no image fetched.
  const svg = await page.$eval("#pc-ticket svg#pc-qr", (s) => ({
    cls: s.getAttribute("class"), dark: !!s.querySelector("path.qr-dark"), light: !!s.querySelector("rect.qr-light"),
  }));
  assert.match(svg.cls, /\bqr\b/);
  assert.ok(svg.dark && svg.light, "renderQr's structure");
  assert.equal(await page.$$eval("#pc-ticket img", (i) => i.length), 0);

  await page.emulateMedia({ media: "print" });
  for (const sel of ["#nav", "#lang", "#elderly", "#pc-restart", "#pc-form"]) {
    assert.equal(await page.isVisible(sel), false, `${sel} hidden in print`);
  }
  assert.equal(await page.$$eval("button", (bs) => bs.filter((b) => b.offsetParent !== null).length), 0, "no button printed");
  for (const sel of ["#pc-checklist", "#pc-qr", "#pc-ticket-code", "#pc-verdict"]) {
    assert.equal(await page.isVisible(sel), true, `${sel} printed`);
  }
  await page.pdf?.({ path: path.join(ROOT, "tests/e2e/screenshots/precheck-print.pdf") }).catch(() => {});
  await page.emulateMedia({ media: "screen" });

  // Rasterize the very SVG on the page and decode it with jsQR: it carries the ticket code.
  const out = await rasterizeSvg(page, "#pc-qr");
  const got = jsQR(out.rgba, out.side, out.side);
  assert.ok(got, "the ticket QR decodes");
  assert.equal(got.data, (await page.textContent("#pc-ticket-code")).trim());
  await context.close();
});

for (const mode of Object.keys(MODES)) {
  test(`axe-core after each flow's walk (results, findings, ticket shown): no serious or critical (${mode})`, async () => {
    const problems = [];
    for (const [flow, walk] of WALKS) {
      // The audit script is injected, so this context bypasses the page's CSP (the others keep it).
      const context = await env.browser.newContext({ viewport: MODES[mode].viewport, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(url(mode, flow));
      await page.waitForSelector("body[data-ready=true]");
      if (MODES[mode].elderly) await page.click("#elderly");
      await walk(page, mode);
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          problems.push(`${flow}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        }
      }
      await context.close();
    }
    assert.deepEqual(problems, [], problems.join("\n"));
  });
}

test("keyboard only: the pre-check steps and the calendar are usable without a pointer; focus is visible", async () => {
  const { context, page } = await open("phone", "calendar");
  await page.focus("#cal-days"); // the date defaults to today
  await page.keyboard.press("Control+A");
  await page.keyboard.type("2");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#cal-result:not([hidden])");
  await go(page, "precheck");
  await page.focus("#pc-kind-resident_adult");
  await page.keyboard.press("Space");
  assert.ok(await page.isChecked("#pc-kind-resident_adult"));
  await page.keyboard.press("Enter"); // submits the step form
  await page.waitForSelector('.pc-step[data-step="1"]:not([hidden])');
  // Focus moved into the next step, and it is visible (outline from :focus-visible).
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return { tag: document.activeElement.tagName, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
  assert.notEqual(outline.style, "none", `focus visible on ${outline.tag}`);
  assert.ok(outline.width >= 2, `outline ${outline.width}px`);
  await context.close();
});
