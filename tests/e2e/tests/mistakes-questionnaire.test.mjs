// Issue 14, the callback questionnaire in a customer's hands: keys typed one at a time, Tab and
// arrow keys, full-width digits, a reload midway, a language switch, the kiosk timeout. Each test is
// named after the defect it reproduces (#n) and failed on the page before its fix.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, openAs, typeInto, tabTo, reloadReady, switchLanguage, focused, screenshot, unmaskedFound } from "../lib.mjs";

const env = serverAndBrowser();

const open = (opts = {}) => openAs(env.browser, env.server.url, { screen: "questionnaire", ...opts });

/** Click a choice of question `q` (a radio by value, or the question's only checkbox). Selectors
 * that name the question and the value only, so the same test runs on the page before the fix. */
const choose = (page, q, value) => page.click(value === undefined ? `[data-q="${q}"] input[type=checkbox]` : `[data-q="${q}"] input[value="${value}"]`);
const isFocused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

async function start(page, id, { keep = false } = {}) {
  await page.selectOption("#q-choose", id);
  if (keep) await page.check("#q-keep");
  await page.click("#q-start");
  await page.waitForSelector("#q-run:not([hidden])");
}

/** The new-account callback's first page, answered with clicks (the keyboard is tested on its own). */
async function openingPage(page) {
  await choose(page, "opened_by_me", "true");
  await page.click('[data-q="account_purpose"] input >> nth=0');
  await choose(page, "opening_experience", "4");
  await page.click("#q-next");
  await page.waitForSelector('[data-q="mobile_same"]');
}

const partValues = (page) => page.$$eval('[data-q="new_address"] input', (els) => Object.fromEntries(els.map((e) => [e.dataset.part, e.value])));

test("#1 an address is typed key by key, Tab between its parts: every part stays where it was typed, no 'incomplete' while typing", async () => {
  const { page, context, errors } = await open();
  await start(page, "new_account");
  await openingPage(page);
  await choose(page, "mobile_same", "true");
  await choose(page, "address_changed", "true");
  await page.waitForSelector('[data-q="new_address"]');
  const parts = [["province", "广东省"], ["city", "深圳市"], ["district", "南山区"], ["detail", "科技园南路 1 号 2 栋 301"], ["postcode", "518057"]];
  await typeInto(page, '[data-q="new_address"] [data-part=province]', parts[0][1]);
  for (const [part, text] of parts.slice(1)) {
    await page.keyboard.press("Tab");
    assert.ok(await isFocused(page, `[data-q="new_address"] [data-part=${part}]`), `Tab lands on ${part}`);
    await page.keyboard.type(text);
    assert.equal(await page.locator("#q-new_address-findings li").count(), 0, `no message while typing ${part}`);
  }
  assert.deepEqual(await partValues(page), Object.fromEntries(parts));
  // Leaving the address: it is complete, so still no message; the answer counts.
  await page.keyboard.press("Tab");
  assert.equal(await page.locator("#q-new_address-findings li").count(), 0);
  await page.click('[data-q="email_status"] input >> nth=0');
  await page.click("#q-next");
  await page.waitForSelector('[data-q="id_long_term"]');
  await page.click("#q-back");
  await page.waitForSelector('[data-q="new_address"]');
  assert.deepEqual(await partValues(page), Object.fromEntries(parts), "kept after Next and Back");
  await screenshot(page, "mistake-questionnaire-address");
  assert.deepEqual(errors, []);
  await context.close();
});

test("#1 a half-typed address says what is missing once the customer leaves it, not before", async () => {
  const { page, context } = await open();
  await start(page, "new_account");
  await openingPage(page);
  await choose(page, "mobile_same", "true");
  await choose(page, "address_changed", "true");
  await typeInto(page, '[data-q="new_address"] [data-part=province]', "广东省");
  await page.keyboard.press("Tab");
  await page.keyboard.type("深圳市");
  assert.equal(await page.locator("#q-new_address-findings li").count(), 0, "nothing while still in the address");
  await page.click('[data-q="email_status"] input >> nth=0'); // leaves the address
  await page.waitForSelector('#q-new_address-findings li[data-code="questionnaire.answer.address_incomplete"]');
  assert.equal(await page.getAttribute('[data-q="new_address"] .q-control', "aria-invalid"), "true");
  await context.close();
});

test("#3 radio groups work with the keyboard: arrows reach 4 and 5 of a rating, focus stays on the choice", async () => {
  const { page, context } = await open();
  await start(page, "new_account");
  // Keyboard only from the page title: Tab into the first group, Space, arrows.
  await page.focus("#q-page-title");
  const opt = (q, v) => `[data-q="${q}"] input[value="${v}"]`;
  await tabTo(page, opt("opened_by_me", "true"));
  await page.keyboard.press("Space");
  assert.ok(await page.isChecked(opt("opened_by_me", "true")));
  await page.keyboard.press("ArrowRight");
  assert.ok(await isFocused(page, opt("opened_by_me", "false")), "the arrow moves the choice, focus follows");
  assert.ok(await page.isChecked(opt("opened_by_me", "false")));
  await tabTo(page, '[data-q="opening_experience"] input');
  await page.keyboard.press("Space");
  for (let n = 2; n <= 5; n++) {
    await page.keyboard.press("ArrowRight");
    assert.ok(await isFocused(page, opt("opening_experience", n)), `focus on ${n}`);
    assert.ok(await page.isChecked(opt("opening_experience", n)), `${n} chosen`);
  }
  await page.keyboard.press("ArrowLeft");
  assert.ok(await page.isChecked(opt("opening_experience", 4)));
  await context.close();
});

test("#4 after a reload the picker shows the resumed questionnaire, and Start asks before discarding the answers", async () => {
  const { page, context } = await open();
  await start(page, "periodic", { keep: true });
  await choose(page, "mobile_same", "true");
  await reloadReady(page);
  await page.waitForSelector("#q-run:not([hidden])");
  assert.equal(await page.inputValue("#q-choose"), "periodic", "the picker names the questionnaire being resumed");
  assert.ok(await page.isChecked('[data-q="mobile_same"] input[value="true"]'));
  // Start (by habit): the page asks first; "keep going" keeps everything.
  await page.click("#q-start");
  await page.waitForSelector("#q-confirm:not([hidden])");
  assert.equal(await focused(page), "q-confirm-continue");
  await screenshot(page, "mistake-questionnaire-restart");
  await page.keyboard.press("Enter");
  assert.equal(await page.isHidden("#q-confirm"), true);
  assert.ok(await page.isChecked('[data-q="mobile_same"] input[value="true"]'), "answers kept");
  // Choosing another one and confirming the discard starts it afresh.
  await page.selectOption("#q-choose", "new_account");
  await page.click("#q-start");
  await page.click("#q-confirm-discard");
  await page.waitForSelector('[data-q="opened_by_me"]');
  assert.equal(await page.getAttribute("#q-progress", "value"), "0");
  await context.close();
});

test("#9 a mobile number typed in full-width digits is accepted by the questionnaire", async () => {
  const { page, context } = await open();
  await start(page, "periodic");
  await choose(page, "mobile_same", "false");
  await typeInto(page, '[data-q="new_mobile"] input', "１３９ １２３４ ５６７８");
  await page.keyboard.press("Tab");
  await choose(page, "address_changed", "false");
  await page.click('[data-q="email_status"] input >> nth=0');
  assert.equal(await page.locator('#q-new_mobile-findings li').count(), 0);
  await page.click("#q-next");
  await page.waitForSelector('[data-q="id_long_term"]', { timeout: 5000 });
  await context.close();
});

test("#11 saved progress keeps the answers only: no account number or mobile on file in storage", async () => {
  const { page, context } = await open();
  await start(page, "event_large_transaction", { keep: true });
  assert.match(await page.textContent("#q-intro"), /622848\*{9}0018/, "the account is shown masked");
  await choose(page, "txn_mine", "false");
  const stored = await page.evaluate(() => localStorage.getItem("frontdesk.draft.questionnaire"));
  assert.ok(stored && stored.includes("txn_mine"), "the answers are kept");
  for (const n of ["6228480402564890018", "13800000000", "C0000000001"]) assert.ok(!stored.includes(n), `${n} kept on the device`);
  await reloadReady(page);
  await page.waitForSelector("#q-run:not([hidden])");
  assert.match(await page.textContent("#q-intro"), /622848\*{9}0018/, "the context comes from the host again");
  assert.deepEqual(await unmaskedFound(page), []);
  await context.close();
});

test("#13 after a kiosk timeout the next customer finds standard mode and the first questionnaire", async () => {
  const { page, context } = await open({ mode: "kiosk", clock: {} });
  await page.click("#elderly");
  await page.waitForFunction(() => document.body.classList.contains("elderly"));
  await page.selectOption("#q-choose", "periodic");
  await page.clock.runFor(95_000);
  await page.waitForFunction(() => !document.body.classList.contains("elderly"));
  assert.equal(await page.getAttribute("#elderly", "aria-pressed"), "false");
  assert.equal((await page.textContent("#elderly")).trim(), "长辈模式", "the button offers elderly mode again");
  const bg = await page.$eval("#elderly", (b) => getComputedStyle(b).backgroundColor);
  assert.equal(bg, "rgb(255, 255, 255)", "not the pressed (yellow) look");
  const first = await page.$eval("#q-choose", (s) => s.options[0].value);
  assert.equal(await page.inputValue("#q-choose"), first, "the picker starts over");
  await context.close();
});

test("#16 #17 the end of a callback shows plain words: no checksum, no bank-internal follow-up for the customer", async () => {
  const { page, context } = await open();
  await start(page, "new_account");
  await openingPage(page);
  for (const [q, v] of [["mobile_same", "true"], ["address_changed", "false"]]) await choose(page, q, v);
  await page.click('[data-q="email_status"] input >> nth=0');
  await page.click("#q-next");
  await choose(page, "id_long_term", "true");
  await page.click("#q-next");
  await choose(page, "mb_activated", "false");
  await choose(page, "mb_help", "false");
  await page.click("#q-next");
  await choose(page, "notice_codes");
  await choose(page, "notice_no_renting");
  await choose(page, "others_asked", "false");
  await page.click("#q-next");
  await choose(page, "satisfaction", "5");
  await choose(page, "product_consent", "true");
  await page.click('[data-q="product_interest"] input >> nth=0');
  await page.click("#q-finish");
  await page.waitForSelector("#q-done:not([hidden])");
  const text = await page.evaluate(() => document.getElementById("q-done").innerText);
  assert.doesNotMatch(text, /sha256|校验码/, "the record checksum is for staff");
  assert.doesNotMatch(text, /产品介绍/, "the bank's product call is not the customer's next step");
  assert.equal(await page.locator('#q-followups li[data-id="product_offer"]').count(), 0);
  assert.equal(await page.locator('#q-internal li[data-id="product_offer"]').count(), 1, "staff still see it");
  // A finished callback with nothing urgent offers the satisfaction survey (issue 16 §3.1).
  await page.waitForSelector("#survey:not([hidden]) #sv-start");
  assert.equal(await page.textContent("#sv-title"), "为本次服务打分（1 分钟）");
  // A language switch on the done page renders it anew.
  await switchLanguage(page, "en");
  assert.match(await page.textContent("#q-done .verdict"), /Thank you/);
  await screenshot(page, "mistake-questionnaire-done-en");
  await context.close();
});
