// The tiers screen's two lifecycle panels (issue 16 §2.2, §2.3), used as a customer would: keyboard
// only, on a 390×844 phone in Chinese and on the kiosk in English.
// - "Can I be whitelisted?": the signed salary service, its date typed key by key, the number of
//   salary credits typed with a full-width digit → eligible, with the two approval steps due
//   2026-11-25 (branch, 2 working days) and 2026-11-30 (operations, 3 more); two credits → not
//   eligible, the history condition not met; the language switch keeps the state.
// - "Why did my limit change?": a routine downgrade from Verified to Standard shows ¥3,000 a day from
//   2026-11-30 and the objection ("no statutory reply deadline"); "Object" prepares the request;
//   under a fraud measure the level is Restricted at once and the appeal is "promptly", no days.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openAs, tabTo, switchLanguage, screenshot, serverAndBrowser, SHOTS } from "../lib.mjs";

/** The whole page, and the panel alone (legible at phone width). */
async function shots(page, panel, name) {
  await screenshot(page, name);
  await page.locator(panel).screenshot({ path: path.join(SHOTS, `${name}-panel.png`) });
}

const env = serverAndBrowser();

/** Keyboard only: focus a select by Tab and press ArrowDown/ArrowUp until it shows `value`. */
async function chooseByKeys(page, selector, value) {
  await tabTo(page, selector);
  for (const key of ["ArrowDown", "ArrowUp"]) {
    for (let i = 0; i < 12 && (await page.inputValue(selector)) !== value; i++) await page.keyboard.press(key);
  }
  assert.equal(await page.inputValue(selector), value, selector);
}

/** Select what is in a text field (reached by Tab) and type over it, key by key. */
async function retypeByKeys(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

const CASES = [
  { mode: "phone", lang: "zh-CN" },
  { mode: "kiosk", lang: "en" },
];

for (const { mode, lang } of CASES) {
  const zh = lang === "zh-CN";

  test(`${mode}, ${lang}, keyboard only: can I be whitelisted? six salary credits → eligible with due dates; two → not yet`, async () => {
    const { page, context, errors } = await openAs(env.browser, env.server.url, { mode, lang, screen: "tiers" });
    await tabTo(page, "#wl > summary");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#wl[open]");
    await chooseByKeys(page, "#wl-tier", "personal_class_1");
    await chooseByKeys(page, "#wl-category", "payroll");
    await chooseByKeys(page, "#wl-signed", "active");
    // The date field takes its parts in the browser's order (en-US: month, day, year).
    await tabTo(page, "#wl-since");
    await page.keyboard.type("01102025");
    assert.equal(await page.inputValue("#wl-since"), "2025-01-10");
    // Nothing about the count or the risk level yet: not known, never counted as met.
    assert.equal(await page.getAttribute("#wl-verdict", "data-state"), "incomplete");
    assert.equal(await page.getAttribute('#wl-criteria [data-criterion="history"]', "data-met"), "unknown");
    assert.match(await page.textContent("#wl-count-hint"), zh ? /近 6 个月至少有 3 笔/ : /3/);
    await tabTo(page, "#wl-count");
    await page.keyboard.type("６"); // full-width, as a Chinese keyboard gives it
    await chooseByKeys(page, "#wl-risk", "low");
    await page.waitForFunction(() => document.getElementById("wl-verdict").dataset.state === "eligible");
    assert.match(await page.textContent("#wl-verdict"), zh ? /可以申请/ : /You can apply/);
    const steps = await page.locator("#wl-approval li").allTextContents();
    assert.equal(steps.length, 2);
    assert.match(steps[0], zh ? /开户网点.*2026-11-25/ : /2026-11-25/);
    assert.match(steps[1], zh ? /运营管理部.*2026-11-30/ : /2026-11-30/);
    assert.match(await page.textContent("#wl-effect"), zh ? /标准/ : /Standard/);
    await shots(page, "#wl", `tiers-whitelist-eligible-${mode}-${lang}`);
    // Two credits: not yet, and it says which condition is missing; no approval steps.
    await retypeByKeys(page, "#wl-count", "2");
    await page.waitForFunction(() => document.getElementById("wl-verdict").dataset.state === "not_eligible");
    assert.equal(await page.getAttribute('#wl-criteria [data-criterion="history"]', "data-met"), "not_met");
    assert.equal(await page.isVisible("#wl-approval"), false);
    // The other language keeps what was entered and the state.
    await switchLanguage(page, zh ? "en" : "zh-CN");
    await page.waitForFunction(() => document.getElementById("wl-verdict").dataset.state === "not_eligible");
    assert.equal(await page.inputValue("#wl-count"), "2");
    assert.match(await page.textContent("#wl-verdict"), zh ? /Not yet/ : /暂时不符合/);
    assert.doesNotMatch(await page.textContent("#screen-tiers"), /ui\.(wl|lv|risk)\./);
    await shots(page, "#wl", `tiers-whitelist-not-eligible-${mode}-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`${mode}, ${lang}, keyboard only: why did my limit change? a routine downgrade with 7 days' notice, the objection one key away; a fraud measure at once`, async () => {
    const { page, context, errors } = await openAs(env.browser, env.server.url, { mode, lang, screen: "tiers" });
    await tabTo(page, "#lv > summary");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#lv[open]");
    await chooseByKeys(page, "#lv-tier", "personal_class_1");
    await chooseByKeys(page, "#lv-current", "verified_5000");
    await chooseByKeys(page, "#lv-verification", "remote_bound_account");
    await chooseByKeys(page, "#lv-purpose", "stated");
    await chooseByKeys(page, "#lv-risk", "medium");
    await tabTo(page, "#lv-contact");
    await page.keyboard.press("Space");
    await chooseByKeys(page, "#lv-basis", "routine");
    await page.waitForSelector("#lv-notice:not([hidden])");
    assert.equal(await page.getAttribute("#lv-verdict", "data-change"), "downgrade");
    assert.match(await page.textContent("#lv-level-name"), zh ? /标准.*每日 ¥3,000/ : /Standard.*¥3,000 a day/);
    assert.match(await page.textContent("#lv-effective"), /2026-11-30/);
    assert.match(await page.textContent("#lv-objection-text"), zh ? /没有法定答复期限/ : /no statutory reply deadline/);
    assert.ok(await page.locator("#lv-upgrade li").count() >= 1);
    // "Object": the prepared request, its reference, what to bring, the bank's reply promise.
    await tabTo(page, "#lv-object");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#lv-request:not([hidden])");
    assert.equal(await page.evaluate(() => document.activeElement.id), "lv-request");
    assert.match(await page.textContent("#lv-reference"), /^[0-9A-Z]{6,}$/);
    assert.match(await page.textContent("#lv-reply"), zh ? /没有法定答复期限.*15 日/ : /no legal deadline.*15 days/);
    await shots(page, "#lv", `tiers-level-downgrade-${mode}-${lang}`);
    // A fraud measure: restricted at once, appeal promptly — no day count anywhere in the appeal.
    await chooseByKeys(page, "#lv-flag", "model_alert");
    await chooseByKeys(page, "#lv-basis", "fraud_measure");
    await page.waitForFunction(() => /¥500/.test(document.getElementById("lv-level-name")?.textContent ?? ""));
    assert.match(await page.textContent("#lv-effective"), /2026-11-23/);
    const appeal = await page.textContent("#lv-objection-text");
    assert.match(appeal, zh ? /及时受理.*即时解除/ : /promptly.*at once/);
    assert.doesNotMatch(appeal, /\d+ ?(日|天|days)/);
    await tabTo(page, "#lv-object");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#lv-request:not([hidden])");
    assert.doesNotMatch(await page.textContent("#lv-reply"), zh ? /反洗钱/ : /money-laundering/);
    await shots(page, "#lv", `tiers-level-fraud-${mode}-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
