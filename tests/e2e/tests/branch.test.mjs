// The branch side of the pre-check ticket (issue 17), used as staff use it: a customer walks the
// pre-check on their phone and shows the ticket; at the counter a handheld scanner in keyboard-wedge
// mode "types" the code fast and ends with Enter, or a person types it. A changed ticket and an
// expired one say so plainly; the camera button appears only where the browser has BarcodeDetector;
// the kiosk timeout forgets the ticket but stays on the branch screen. Plus the printed pre-check
// (checklist, QR, reference; no navigation or buttons). FRONTDESK_README_SHOTS=1 also copies the
// README's screenshots into docs/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { serverAndBrowser, openAs, typeInto, screenshot, unmaskedFound, findingProblems, focused, switchLanguage, rasterizeSvg, ROOT, SHOTS, NOW } from "../lib.mjs";

const require = createRequire(import.meta.url);
const jsQR = require("jsqr");
const env = serverAndBrowser();

const ADULT = "440305200005010010";
const MOBILE = "13812341234";
/** 40 days after NOW (the pre-check's day): past the pack's 30 days. */
const LATER = "2027-01-02T10:00:00+08:00";

const README_SHOTS = process.env.FRONTDESK_README_SHOTS === "1";

/** A screenshot in the e2e folder, and for the README when FRONTDESK_README_SHOTS=1. */
async function shot(page, name) {
  await screenshot(page, name);
  if (!README_SHOTS) return;
  mkdirSync(path.join(ROOT, "docs/screenshots"), { recursive: true });
  copyFileSync(path.join(SHOTS, `${name}.png`), path.join(ROOT, "docs/screenshots", `${name}.png`));
}

/** A customer on their phone: an adult, key by key; not ready (no mobile number given) unless
 * `ready`. The result page's ticket code and reference. */
async function customerTicket({ ready = false } = {}) {
  const { page, context } = await openAs(env.browser, env.server.url, { mode: "phone", screen: "precheck" });
  await page.click("#pc-kind-resident_adult");
  await page.click("#pc-next");
  await typeInto(page, "#pc-name", "李小龙");
  await typeInto(page, "#pc-doc-number", ADULT);
  await page.click("#pc-next");
  await page.waitForSelector('.pc-step[data-step="2"]:not([hidden])');
  await page.selectOption("#pc-purpose", "savings");
  await page.selectOption("#pc-occupation", "employee");
  await page.click("#pc-next");
  if (ready) {
    await typeInto(page, "#pc-mobile", MOBILE);
    for (const p of ["home", "branch"]) {
      await page.selectOption(`#pc-${p}-province`, "44");
      await typeInto(page, `#pc-${p}-city`, "深圳");
    }
  }
  await page.click("#pc-next");
  await page.waitForSelector("#pc-result:not([hidden])");
  const code = (await page.textContent("#pc-ticket-code")).trim();
  const reference = (await page.textContent("#pc-reference")).trim();
  return { page, context, code, reference };
}

/** The scanner: characters a few ms apart, then Enter, into whatever has the focus. */
async function scan(page, code) {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press("Enter");
}

/** Visible text on the branch screen smaller than `min` px, and targets smaller than 60 px. */
const tooSmall = (page, min) => page.evaluate((min) => {
  const visible = (e) => e.getClientRects().length > 0 && !e.closest("details:not([open]) > :not(summary)");
  const out = [];
  for (const el of document.querySelectorAll("#screen-branch *")) {
    if (!visible(el)) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(getComputedStyle(el).fontSize) < min - 0.01) out.push(`text ${el.tagName}#${el.id} ${getComputedStyle(el).fontSize}`);
    if (el.matches("button, input, summary")) {
      const r = el.getBoundingClientRect();
      if (r.height < 59.5 || r.width < 59.5) out.push(`target ${el.tagName}#${el.id} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  return out;
}, min);

/** What the branch screen shows (visible text only). */
const shown = (page) => page.evaluate(() => document.getElementById("screen-branch").innerText);

test("scanner at a counter PC (kiosk 1080×1920, 中文): fast keystrokes and Enter read the customer's ticket; focus stays for the next scan", async () => {
  const customer = await customerTicket();
  assert.match(customer.code, /^FD1[0-9A-Z]+$/);
  await customer.context.close();

  const { page, context, errors, outside } = await openAs(env.browser, env.server.url, { mode: "kiosk", screen: "branch" });
  assert.equal(await focused(page), "br-code", "the code field has the focus when the screen opens");
  await scan(page, customer.code);
  await page.waitForSelector("#br-result:not([hidden])");
  assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "ok");
  assert.equal((await page.textContent("#br-reference")).trim(), customer.reference, "the reference the customer sees");
  assert.match(await page.textContent("#br-checksum"), /一致/);
  assert.match(await page.textContent("#br-age"), /今天/);
  assert.match(await page.textContent("#br-pack"), /与本网点相同/);
  assert.deepEqual(await page.$$eval("#br-ids dd", (d) => d.map((x) => x.textContent)), ["440***********0010", "李**"]);
  assert.equal(await page.getAttribute('#br-checklist tr[data-id="mobile"]', "data-status"), "missing");
  // What staff must still check comes from the rule pack: originals and the online ID check for
  // everyone; "go through the checklist first" because this customer was not ready.
  const checks = await page.$$eval("#br-staff li", (l) => l.map((x) => x.dataset.check));
  for (const c of ["originals", "online_id_check", "not_ready"]) assert.ok(checks.includes(c), `${c} in ${checks}`);
  assert.match(await page.textContent('#br-staff li[data-check="online_id_check"]'), /联网核查/);
  assert.equal(await page.getAttribute('#br-checklist tr[data-id="resident_id"]', "data-status"), "ok");
  // Ready for the next customer's scan: focus kept, the code selected so the next scan replaces it.
  assert.equal(await focused(page), "br-code");
  const sel = await page.evaluate(() => { const e = document.getElementById("br-code"); return [e.selectionStart, e.selectionEnd, e.value.length]; });
  assert.deepEqual([sel[0], sel[1]], [0, sel[2]]);
  assert.deepEqual(await unmaskedFound(page), []);
  assert.deepEqual(await findingProblems(page), []);
  assert.deepEqual(await tooSmall(page, 20), [], "kiosk: text ≥ 20 px, targets ≥ 60 px");
  await shot(page, "branch-kiosk");

  // Focus moved off the field (Tab to the Read button): the next scan still lands in the field,
  // not on the button (whose Enter would otherwise press it).
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "br-read");
  await scan(page, customer.code);
  await page.waitForFunction((c) => document.getElementById("br-code").value === c, customer.code);
  assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "ok");
  assert.equal(await focused(page), "br-code");
  assert.deepEqual(errors, []);
  assert.deepEqual(outside, []);
  await context.close();
});

test("typed by hand on a phone (390×844, English): lower case, in groups with spaces, full-width digits; Enter reads it", async () => {
  const customer = await customerTicket({ ready: true });
  await customer.context.close();
  const { page, context, errors } = await openAs(env.browser, env.server.url, { mode: "phone", lang: "en", screen: "branch" });
  // Read out in groups of four by a colleague, typed with a Chinese input method left in
  // full-width mode for the first group.
  const groups = customer.code.toLowerCase().match(/.{1,4}/g);
  groups[0] = [...groups[0]].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");
  await page.click("#br-code");
  await page.keyboard.type(groups.join(" "));
  await page.keyboard.press("Enter");
  await page.waitForSelector("#br-result:not([hidden])");
  assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "ok");
  assert.match(await page.textContent("#br-verdict"), /Ticket verified/);
  assert.equal((await page.textContent("#br-ready")).trim(), "ready");
  assert.ok(!(await page.$$eval("#br-staff li", (l) => l.map((x) => x.dataset.check))).includes("not_ready"));
  assert.match(await page.textContent("#br-age"), /made today/);
  const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(over <= 0, `scrolls sideways by ${over} px`);
  assert.deepEqual(await unmaskedFound(page), []);
  await shot(page, "branch-phone");
  assert.deepEqual(errors, []);
  await context.close();
});

for (const lang of ["zh-CN", "en"]) {
  test(`a ticket with one character changed (${lang}): "do not use it", at the field, nothing from it shown`, async () => {
    const customer = await customerTicket();
    await customer.context.close();
    const i = 20;
    const changed = customer.code.slice(0, i) + (customer.code[i] === "7" ? "8" : "7") + customer.code.slice(i + 1);
    const { page, context, errors } = await openAs(env.browser, env.server.url, { mode: lang === "en" ? "kiosk" : "phone", lang, screen: "branch" });
    await scan(page, changed);
    await page.waitForSelector("#br-verdict:not([hidden])");
    assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "error");
    assert.match(await page.textContent("#br-verdict"), lang === "en" ? /Do not use this ticket/ : /请勿使用/);
    const f = page.locator('#br-code-findings li[data-code="ticket.checksum"]');
    assert.match(await f.textContent(), lang === "en" ? /changed or damaged/ : /改动或损坏/);
    assert.equal(await page.getAttribute("#br-code", "aria-invalid"), "true");
    assert.equal(await page.isHidden("#br-result"), true, "no checklist or numbers from a changed ticket");
    assert.deepEqual(await findingProblems(page), []);
    assert.equal(await focused(page), "br-code");
    await shot(page, `branch-tampered-${lang === "en" ? "en" : "zh"}`);
    // The genuine ticket scanned next replaces it: verified, the field no longer red.
    await scan(page, customer.code);
    await page.waitForFunction(() => document.getElementById("br-verdict").dataset.severity === "ok");
    assert.equal(await page.getAttribute("#br-code", "aria-invalid"), null);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const lang of ["en", "zh-CN"]) {
  test(`an expired ticket (read 40 days later, ${lang}): says it expired and how old it is; the checklist still shows`, async () => {
    const customer = await customerTicket();
    await customer.context.close();
    const { page, context, errors } = await openAs(env.browser, env.server.url, { mode: lang === "en" ? "phone" : "kiosk", lang, screen: "branch", now: LATER });
    await scan(page, customer.code);
    await page.waitForSelector("#br-result:not([hidden])");
    assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "warning");
    const f = await page.textContent('#br-code-findings li[data-code="ticket.old"]');
    assert.match(f, lang === "en" ? /has expired: it was made 40 days ago \(tickets are good for 30 days\)/ : /已过期.*40 天前.*30 天/);
    assert.match(await page.textContent("#br-age"), lang === "en" ? /made 40 days ago/ : /40 天前/);
    assert.equal(await page.isVisible("#br-checklist"), true);
    assert.equal(await page.getAttribute("#br-code", "aria-invalid"), null, "a warning, not an error: the ticket itself is intact");
    assert.deepEqual(await findingProblems(page), []);
    if (lang === "en") await shot(page, "branch-expired-en");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("keyboard only, elderly mode: Enter on an empty field asks for the code; Clear forgets the ticket; language switch re-reads it", async () => {
  const customer = await customerTicket();
  await customer.context.close();
  const { page, context, errors } = await openAs(env.browser, env.server.url, { mode: "elderly", screen: "branch" });
  await page.click("#br-code");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#br-code-findings li[data-code="ticket.empty"]');
  assert.equal(await page.isHidden("#br-result"), true, "no verdict for nothing");
  assert.equal(await page.getAttribute("#br-code", "aria-invalid"), "true");
  await scan(page, `  ${customer.code}  `);
  await page.waitForSelector("#br-result:not([hidden])");
  assert.equal(await page.getAttribute("#br-verdict", "data-severity"), "ok");
  assert.deepEqual(await tooSmall(page, 18), [], "elderly: text ≥ 18 px, targets ≥ 60 px");
  // The language switch (staff prefer English): the same ticket, in English.
  await switchLanguage(page, "en");
  await page.waitForFunction(() => /Ticket verified/.test(document.getElementById("br-verdict").textContent));
  assert.match(await page.textContent('#br-staff li[data-check="originals"]'), /original/);
  await screenshot(page, "branch-elderly-en");
  // Keyboard only: Tab from the field to "Clear", Enter.
  await page.focus("#br-code");
  for (let n = 0; n < 5 && (await focused(page)) !== "br-clear"; n++) await page.keyboard.press("Tab");
  assert.equal(await focused(page), "br-clear");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#br-result[hidden]", { state: "attached" });
  assert.equal(await page.inputValue("#br-code"), "");
  assert.equal(await focused(page), "br-code");
  const text = await shown(page);
  for (const gone of [customer.reference, "李**", "440***********0010"]) assert.ok(!text.includes(gone), `${gone} still shown`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("camera: offered only where the browser has BarcodeDetector (not faked); otherwise a note says to use the scanner", async () => {
  const { page, context } = await openAs(env.browser, env.server.url, { mode: "phone", screen: "branch" });
  const has = await page.evaluate(() => "BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia);
  assert.equal(await page.isVisible("#br-camera"), has);
  assert.equal(await page.isVisible("#br-no-camera"), !has);
  if (!has) assert.match(await page.textContent("#br-no-camera"), /扫码枪/);
  await context.close();
});

test("counter PC (kiosk): the idle timeout forgets the ticket and stays on the branch screen", async () => {
  const customer = await customerTicket();
  await customer.context.close();
  const { page, context } = await openAs(env.browser, env.server.url, { mode: "kiosk", screen: "branch", clock: {} });
  await scan(page, customer.code);
  await page.waitForSelector("#br-result:not([hidden])");
  await page.clock.runFor(95_000);
  await page.waitForSelector("#br-result[hidden]", { state: "attached" });
  assert.equal(await page.isVisible("#screen-branch"), true);
  assert.ok(page.url().endsWith("#/branch"));
  assert.equal(await page.inputValue("#br-code"), "");
  const html = await page.content();
  for (const gone of [customer.reference, "李**", "440***********0010", customer.code]) assert.ok(!html.includes(gone), `${gone} left in the DOM`);
  // The next scan goes straight in, wherever the focus was left.
  await scan(page, customer.code);
  await page.waitForFunction(() => document.getElementById("br-verdict").dataset.severity === "ok");
  await context.close();
});

test("the pre-check result prints cleanly: checklist, QR (still decodable), reference; no navigation, footer or buttons", async () => {
  const customer = await customerTicket({ ready: true });
  const { page, context } = customer;
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await page.emulateMedia({ media: "print" });
  for (const sel of ["#pc-checklist", "#pc-qr", "#pc-reference", "#pc-ticket-code", "#pc-verdict"]) assert.equal(await page.isVisible(sel), true, `${sel} printed`);
  for (const sel of ["#nav", ".bar", ".foot", "#pc-print", "#pc-restart", ".pc-progress", ".privacy", ".subtitle", ".pc-keep"]) {
    assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} not printed`);
  }
  const buttons = await page.$$eval("button", (b) => b.filter((x) => x.getClientRects().length > 0).map((x) => x.id || x.textContent));
  assert.deepEqual(buttons, [], "no buttons on paper");
  // White paper: no grey page behind the content (the screen's background).
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), "rgb(255, 255, 255)");
  const qr = await rasterizeSvg(page, "#pc-qr");
  assert.equal(jsQR(qr.rgba, qr.side, qr.side)?.data, customer.code, "the printed QR reads back as the ticket");
  await shot(page, "precheck-print");
  await context.close();
});
