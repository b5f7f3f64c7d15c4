// Issue 14, the forms in a customer's hands: documents, pre-check, tiers, contact and calendar,
// typed one key at a time (full-width digits, 元, 万, commas), with one wrong digit, an expired card,
// a 15-year-old entered as an adult, a payment just over a limit, a reload midway and a language
// switch. Each test is named after the defect it reproduces (#n) and failed on the page before its
// fix. Selectors name fields by the ids both versions of the page share.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, openAs, typeInto, retype, reloadReady, switchLanguage, focused, screenshot, unmaskedFound, findingProblems } from "../lib.mjs";
import { typeMrz } from "../walks.mjs";

const env = serverAndBrowser();
const open = (screen, opts = {}) => openAs(env.browser, env.server.url, { screen, ...opts });

const ADULT = "440305200005010010";
const CHILD_15 = "440305201105010012"; // born 2011-05-01: 15 at NOW
const MOBILE = "13812341234";

/** Whether the element is inside the viewport (fully or the part that fits). */
const inView = (page, selector) => page.$eval(selector, (el) => {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight && r.height > 0;
});
const isFocused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
/** The text a customer sees, without the folds for staff. */
const customerText = (page) => page.evaluate(() => {
  const clone = document.body.cloneNode(true);
  for (const d of clone.querySelectorAll("details.staff, [hidden], .visually-hidden")) d.remove();
  document.body.append(clone);
  clone.hidden = false;
  const text = clone.innerText;
  clone.remove();
  return text;
});

// ---- pre-check ----

async function applicant(page, kind) {
  await page.click(`#pc-kind-${kind}`);
  await page.click("#pc-next");
  await page.waitForSelector('.pc-step[data-step="1"]:not([hidden])');
}

test("#5 a mistyped ID does not pass step 2 silently: the message sits at the field, red, focused", async () => {
  const { page, context } = await open("precheck");
  await applicant(page, "resident_adult");
  await typeInto(page, "#pc-doc-number", ADULT.replace(/0$/, "1"));
  await page.click("#pc-next");
  await page.waitForSelector("#pc-doc-number[aria-invalid=true]", { timeout: 5000 });
  assert.equal(await page.isVisible('.pc-step[data-step="1"]'), true, "still on the documents step");
  const described = await page.getAttribute("#pc-doc-number", "aria-describedby");
  assert.ok(await page.locator(`#${described.split(" ").pop()} li[data-code="resident_id.checksum"]`).count(), "the message under the field");
  assert.equal(await focused(page), "pc-doc-number");
  assert.ok(await inView(page, "#pc-doc-number"));
  assert.deepEqual(await findingProblems(page), []);
  await screenshot(page, "mistake-precheck-wrong-digit");
  // One digit fixed, key by key: the step is left.
  await retype(page, "#pc-doc-number", ADULT);
  await page.click("#pc-next");
  await page.waitForSelector('.pc-step[data-step="2"]:not([hidden])');
  await context.close();
});

test("#5 'change' on the result shows the message at the field; a missing guardian focuses the guardian's document", async () => {
  const { page, context } = await open("precheck");
  await applicant(page, "minor_under_16");
  await page.selectOption("#pc-doc-kind", "household_register");
  await typeInto(page, "#pc-doc-number", "310115201503010029");
  await page.click("#pc-next"); // the guardian is missing: said at the guardian's document…
  await page.waitForSelector("#pc-gdoc-number[aria-invalid=true]", { timeout: 5000 });
  await page.click("#pc-next"); // …the customer goes on anyway
  await page.selectOption("#pc-purpose", "savings");
  await page.click("#pc-next");
  await typeInto(page, "#pc-mobile", MOBILE);
  await page.click("#pc-next");
  await page.waitForSelector("#pc-result:not([hidden])");
  await page.click('#pc-findings li[data-code="precheck.minor.guardian_missing"] button');
  await page.waitForSelector("#pc-form:not([hidden])");
  assert.equal(await focused(page), "pc-gdoc-number", "focus lands on the guardian's document number");
  assert.equal(await page.getAttribute("#pc-gdoc-number", "aria-invalid"), "true");
  assert.ok(await page.locator('#pc-gdoc-number-findings li[data-code="precheck.minor.guardian_missing"]').count(), "and says why there");
  await context.close();
});

test("#7 a 15-year-old entered as an adult: sent back to the applicant type, and the result never says 'all set' beside an error", async () => {
  const { page, context } = await open("precheck");
  await applicant(page, "resident_adult");
  await typeInto(page, "#pc-doc-number", CHILD_15);
  await page.click("#pc-next");
  await page.waitForSelector('.pc-step[data-step="0"]:not([hidden])', { timeout: 5000 });
  assert.ok(await page.locator('#pc-kind-findings li[data-code="precheck.applicant.age_mismatch"]').count());
  assert.equal(await page.getAttribute('[role=radiogroup][data-path="applicant.kind"]', "aria-invalid"), "true");
  // Going on anyway to the result: the verdict names the problems and is not green.
  for (let i = 0; i < 6 && (await page.isHidden("#pc-result")); i++) {
    if (await page.isVisible("#pc-purpose")) await page.selectOption("#pc-purpose", "savings");
    if (await page.isVisible("#pc-mobile") && !(await page.inputValue("#pc-mobile"))) await typeInto(page, "#pc-mobile", MOBILE);
    await page.click("#pc-next");
  }
  await page.waitForSelector("#pc-result:not([hidden])");
  assert.equal(await page.getAttribute("#pc-verdict", "data-severity"), "error");
  assert.doesNotMatch(await page.getAttribute("#pc-verdict", "class"), /\bok\b/);
  assert.match(await page.textContent("#pc-verdict"), /问题/);
  const missing = await page.locator('#pc-checklist tr[data-status="missing"], #pc-checklist tr[data-status="problem"]').count();
  const advice = await page.textContent("#pc-advice");
  if (missing === 0) assert.doesNotMatch(advice, /缺少/, "no advice about items marked missing when none is");
  await screenshot(page, "mistake-precheck-minor-as-adult");
  await context.close();
});

test("#17 the pre-check asks a birth date only for a document without one, keeps a steady reference, and keeps a draft only when asked", async () => {
  const { page, context } = await open("precheck");
  await applicant(page, "resident_adult");
  assert.equal(await page.isVisible("#pc-birth"), false, "a resident ID carries the birth date");
  await page.click("#pc-back");
  await applicant(page, "hmt_resident");
  await page.selectOption("#pc-doc-kind", "hk_macao_travel_permit");
  assert.equal(await page.isVisible("#pc-birth"), true, "a travel permit does not");
  // Without "keep my answers", a reload keeps nothing.
  await typeInto(page, "#pc-doc-number", "H12345678");
  await reloadReady(page);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("frontdesk.draft.")).length), 0);
  assert.equal(await page.isChecked("#pc-kind-hmt_resident"), false);
  // With it, the answers come back after a reload.
  await page.check("#pc-keep");
  await applicant(page, "resident_adult");
  await typeInto(page, "#pc-doc-number", ADULT);
  await reloadReady(page);
  assert.equal(await page.isChecked("#pc-kind-resident_adult"), true);
  assert.equal(await page.inputValue("#pc-doc-number"), ADULT);
  await page.click("#pc-next");
  await page.click("#pc-next");
  await page.selectOption("#pc-account", "personal_class_2");
  await page.selectOption("#pc-purpose", "salary");
  await page.click("#pc-next");
  await typeInto(page, "#pc-mobile", MOBILE);
  await page.click("#pc-next");
  await page.waitForSelector("#pc-result:not([hidden])");
  // Ticking what the customer has keeps the reference they may have noted.
  const before = await page.textContent("#pc-reference");
  await page.check("#pc-have-employment_proof");
  await page.waitForFunction(() => document.querySelector('#pc-checklist tr[data-id="employment_proof"]')?.dataset.status === "ok");
  assert.equal(await page.textContent("#pc-reference"), before);
  await context.close();
});

test("#9 #17 counts as people type them: full-width digits accepted, an out-of-range count is said at the field, never clamped", async () => {
  const { page, context } = await open("precheck");
  await applicant(page, "resident_adult");
  await typeInto(page, "#pc-doc-number", ADULT);
  await page.click("#pc-next");
  await page.selectOption("#pc-purpose", "savings");
  await retype(page, "#pc-held-personal_class_2", "２.５");
  await page.click("#pc-next");
  await page.waitForSelector("#pc-held-personal_class_2[aria-invalid=true]", { timeout: 5000 });
  assert.ok(await page.locator('#pc-held-personal_class_2-findings li[data-code="count.too_many_decimals"]').count());
  await retype(page, "#pc-held-personal_class_2", "１");
  await page.click("#pc-next");
  await page.waitForSelector('.pc-step[data-step="3"]:not([hidden])');
  await context.close();
});

// ---- tiers ----

async function pay(page, { amount, balance, tier = "personal_class_2" }) {
  await page.selectOption("#tier-tier", tier);
  if (balance !== undefined) await retype(page, "#tier-balance", balance);
  await retype(page, "#tier-amount", amount);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.getElementById("tier-result").hidden || document.querySelector("#tier-form [aria-invalid=true]"));
}

test("#6 a bad balance is reported at the balance, not under the amount", async () => {
  const { page, context } = await open("tiers");
  await pay(page, { amount: "100", balance: "五万" });
  assert.equal(await page.getAttribute("#tier-balance", "aria-invalid"), "true");
  assert.ok(await page.locator("#tier-balance-findings li.error").count(), "the message under the balance");
  assert.equal(await page.locator("#tier-amount-findings li").count(), 0, "nothing under the amount");
  assert.equal(await page.getAttribute("#tier-amount", "aria-invalid"), null);
  assert.equal(await focused(page), "tier-balance");
  await context.close();
});

test("#8 the Class II answer for ¥15,000 is a sentence around the amounts, never 'frees up at never'", async () => {
  for (const lang of ["zh-CN", "en"]) {
    const { page, context } = await open("tiers", { lang });
    await pay(page, { amount: "15000" });
    const text = await page.textContent("#tier-findings");
    assert.doesNotMatch(text, /（这笔金额本身超过限额，不会恢复） 恢复|at never|frees up at never/);
    assert.match(text, lang === "en" ? /amount alone is over/ : /本身就超过/);
    assert.equal(await page.getAttribute("#tier-verdict", "data-severity"), "error");
    await screenshot(page, `mistake-tiers-15000-${lang}`);
    await context.close();
  }
});

test("#9 every money field reads full-width digits, 元, commas and 万 the same way", async () => {
  const { page, context } = await open("tiers");
  await pay(page, { amount: "１．５万", balance: "８，７６５．４３元" });
  await page.waitForSelector("#tier-result:not([hidden])");
  for (const f of ["amount", "balance", "used"]) assert.equal(await page.locator(`#tier-${f}-findings li`).count(), 0, `${f} read`);
  // ¥15,000 on a Class II is over its ¥10,000 a day: the answer is about that amount.
  assert.match(await page.textContent("#tier-findings"), /¥10,000/);
  await pay(page, { amount: "1,234.50元", balance: "50000" });
  await page.waitForSelector("#tier-verdict.ok");
  await context.close();
});

test("#16 #17 'can I pay now' starts on a non-counter channel; the comparison stacks on a phone; no limit-level jargon", async () => {
  const { page, context } = await open("tiers", { mode: "phone360" });
  assert.notEqual(await page.inputValue("#tier-channel"), "counter");
  const cell = await page.$eval('#tier-compare tr[data-row="limit.outbound.day"] td', (td) => td.getBoundingClientRect().width);
  assert.ok(cell > 150, `a Class column is ${Math.round(cell)} px wide, not squeezed`);
  const text = await customerText(page);
  assert.doesNotMatch(text, /非柜面限额等级|（示例）/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0);
  await screenshot(page, "mistake-tiers-phone-compare");
  await context.close();
});

// ---- contact ----

test("#6 a 10-digit mobile: the summary is not green, the mobile field says why and is focused in view", async () => {
  const { page, context } = await open("contact");
  await typeInto(page, "#ct-new-mobile", "1390000567");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  assert.doesNotMatch(await page.getAttribute("#ct-summary", "class"), /\bok\b/);
  assert.equal(await page.getAttribute("#ct-summary", "data-severity"), "error");
  assert.equal(await page.getAttribute("#ct-new-mobile", "aria-invalid"), "true");
  assert.equal(await focused(page), "ct-new-mobile");
  assert.ok(await inView(page, "#ct-new-mobile"));
  assert.deepEqual(await findingProblems(page), []);
  await screenshot(page, "mistake-contact-short-mobile");
  await context.close();
});

test("#2 #11 the contact screen on first load: named fields, no sideways scroll, the details on file masked and not editable", async () => {
  for (const [mode, lang] of [["phone", "zh-CN"], ["phone360", "en"]]) {
    const { page, context } = await open("contact", { mode, lang });
    const labels = await page.$$eval("#screen-contact label, #screen-contact legend", (ls) => ls.map((l) => l.textContent.trim()));
    assert.deepEqual(labels.filter((l) => /^(ui|contact)\./.test(l)), [], "no raw catalog key");
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, `${mode} ${lang}: no sideways scroll`);
    await page.click("#ct-current summary");
    await page.waitForSelector("#ct-current dd");
    const onFile = await page.textContent("#ct-current");
    assert.match(onFile, /130\*{4}0000/, "the mobile on file, masked");
    assert.match(onFile, /110\*{11}002X/, "the ID on file, masked");
    const values = await page.$$eval("#screen-contact input", (is) => is.map((i) => i.value));
    for (const v of ["13000000000", "11010519491231002X", "13000000001"]) assert.ok(!values.includes(v), `${v} in an editable field`);
    assert.deepEqual(await unmaskedFound(page), []);
    await context.close();
  }
});

test("#11 a saved contact draft holds only what the customer typed, not the details on file", async () => {
  const { page, context } = await open("contact");
  await typeInto(page, "#ct-new-email", "new.demo@example.net");
  await page.click("#ct-save");
  await page.waitForFunction(() => document.getElementById("ct-draft-status").textContent !== "");
  const draft = await page.evaluate(() => localStorage.getItem("frontdesk.draft.contact"));
  assert.ok(draft.includes("new.demo@example.net"));
  for (const v of ["13000000000", "11010519491231002X", "13000000001", "demo@example.com"]) assert.ok(!draft.includes(v), `${v} in the draft`);
  await context.close();
});

// ---- documents ----

test("#7 #16 an expired ID: the verdict is not green, the message gives the date it expired", async () => {
  const { page, context } = await open("documents");
  await typeInto(page, "#doc-number", "11010519491231002X");
  await page.fill("#doc-issue", "2005-03-10"); // a date picker: not typed key by key
  await page.fill("#doc-expiry", "2015-03-10");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-result:not([hidden])");
  assert.doesNotMatch(await page.getAttribute("#doc-verdict", "class"), /\bok\b/);
  assert.equal(await page.getAttribute("#doc-verdict", "data-severity"), "error");
  assert.doesNotMatch(await page.textContent("#doc-verdict"), /号码格式与校验位正确/);
  const msg = await page.textContent("#doc-expiry-findings");
  assert.match(msg, /2015-03-10/);
  assert.doesNotMatch(msg, /已过期 \d+ 天/);
  assert.equal(await focused(page), "doc-expiry", "the problem is focused");
  await screenshot(page, "mistake-documents-expired");
  await context.close();
});

test("#14 a valid number on a phone: the result is scrolled into view and focused, and the verdict points the right way", async () => {
  const { page, context } = await open("documents", { mode: "phone360" });
  await typeInto(page, "#doc-number", "11010519491231002X");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#doc-result:not([hidden])");
  assert.ok(await inView(page, "#doc-verdict"), "the verdict is on screen");
  assert.equal(await focused(page), "doc-verdict");
  // A wrong digit: the verdict says where the note is, and the note is there (under the number).
  await retype(page, "#doc-number", "11010519491231003X");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("doc-verdict").dataset.severity === "error" || /下面|下方/.test(document.getElementById("doc-verdict").textContent));
  const v = await page.textContent("#doc-verdict");
  const [numberTop, notesTop, verdictTop] = await Promise.all(["#doc-number", "#doc-number-findings", "#doc-verdict"].map((s) => page.$eval(s, (e) => e.getBoundingClientRect().top)));
  if (/下面/.test(v)) assert.ok(notesTop > verdictTop, "notes said to be below the verdict are below it");
  assert.ok(notesTop > numberTop, "the notes sit under the number");
  assert.match(v, /号码栏下方/);
  await context.close();
});

test("#15 a hand-typed MRZ with one wrong character: the suspects are marked, the lines stay whole on a phone", async () => {
  const { page, context } = await open("documents", { mode: "phone360" });
  const good = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
  await typeMrz(page, [good[0], good[1].replace("L898902C3", "L898962C3")]); // 0 typed as 6 at position 6
  await page.click("#mrz-check");
  await page.waitForSelector("#mrz-result:not([hidden])");
  assert.ok(await page.locator('#mrz-view .mrz-suspect[data-pos="2:6"]').count(), "the mistyped character is among the marked");
  assert.equal(await page.locator('#mrz-view .mrz-suspect[data-pos="2:10"]').count(), 0, "the check digit is not the suspect");
  const lines = await page.$$eval("#mrz-view .mrz-line", (ls) => ls.map((l) => Math.round(l.getBoundingClientRect().height)));
  const lineHeight = await page.$eval("#mrz-view", (v) => parseFloat(getComputedStyle(v).lineHeight));
  for (const h of lines) assert.ok(h <= lineHeight * 1.2, `an MRZ line is one line high (${h} px)`);
  assert.equal(await page.getAttribute("#mrz-text", "wrap"), "off");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, "only the box scrolls");
  assert.match(await page.textContent("#mrz-text-findings"), /第 2 行第 1–9 位/);
  await screenshot(page, "mistake-documents-mrz");
  await context.close();
});

test("#16 customer screens show plain words; codes stay in the folds for staff", async () => {
  const { page, context } = await open("documents");
  await typeInto(page, "#doc-number", "11010519491231002X");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-result:not([hidden])");
  await typeMrz(page, ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]);
  await page.click("#mrz-check");
  await page.waitForSelector("#mrz-result:not([hidden])");
  let text = await customerText(page);
  for (const word of ["TD3", "省级代码", "行政区划代码", "签发机关代码", "规则包", "每行一行"]) assert.ok(!text.includes(word), `"${word}" shown to the customer`);
  // Contact: the request key; calendar: a swapped working day reads as one phrase.
  await page.click('#nav a[data-screen="contact"]');
  await typeInto(page, "#ct-new-mobile", "13900005678");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  text = await customerText(page);
  assert.ok(!text.includes("防重复提交编号"), "the duplicate-submission key is for staff");
  await page.click('#nav a[data-screen="calendar"]');
  await page.fill("#cal-date", "2026-10-09");
  await retype(page, "#cal-days", "1");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-result:not([hidden])");
  assert.doesNotMatch(await page.textContent("#cal-fields"), /调休上班 · 国庆节/);
  assert.match(await page.textContent("#cal-fields"), /国庆节/);
  // Validity periods read naturally.
  await page.click('#nav a[data-screen="documents"]');
  await retype(page, "#doc-number", "11010519491231002X");
  await page.fill("#doc-issue", "2005-03-10");
  await page.fill("#doc-expiry", "2025-03-10");
  await page.click("#doc-check");
  await page.waitForSelector('#doc-expiry-findings li[data-code="resident_id.validity_period"]');
  assert.doesNotMatch(await page.textContent("#doc-expiry-findings"), /应为\d/);
  await context.close();
});

// ---- calendar ----

test("#17 an empty number of working days is a message at the field, not 0", async () => {
  const { page, context } = await open("calendar");
  await retype(page, "#cal-days", "");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-days[aria-invalid=true]", { timeout: 5000 });
  assert.equal(await page.isHidden("#cal-result"), true, "no result computed for 0 days");
  assert.ok(await page.locator('#cal-days-findings li[data-code="count.empty"]').count());
  await retype(page, "#cal-days", "４００");
  await page.click("#cal-compute");
  await page.waitForSelector('#cal-days-findings li[data-code="count.too_large"]');
  await retype(page, "#cal-days", "３");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-result:not([hidden])");
  await switchLanguage(page, "en");
  assert.match(await page.textContent("#cal-fields"), /Monday|Tuesday|Wednesday|Thursday|Friday/);
  await context.close();
});

// ---- modes ----

test("#10 kiosk text is at least 20 px and elderly text at least 18 px: headings, buttons, hints, tables, footer", async () => {
  for (const [mode, min] of [["kiosk", 20], ["elderly", 18]]) {
    const { page, context } = await open("tiers", { mode });
    const sizes = await page.evaluate(() => {
      const px = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.getClientRects().length).map((e) => parseFloat(getComputedStyle(e).fontSize));
      return {
        heading: px("#screen-tiers h2, #screen-tiers h3"),
        button: px("#tier-check, #lang, #elderly"),
        hint: px("#screen-tiers .hint, #screen-tiers caption"),
        table: px("#tier-compare td, #tier-compare th"),
        footer: px(".foot span, .foot summary"),
      };
    });
    for (const [what, list] of Object.entries(sizes)) {
      assert.ok(list.length > 0, `${mode}: some ${what} to measure`);
      const smallest = Math.min(...list);
      assert.ok(smallest >= min - 0.01, `${mode}: ${what} text ${smallest}px < ${min}px`);
    }
    await context.close();
  }
});
