// The elderly fraud warning on "Can I pay this?" (issue 16 §2.4), walked like a person in elderly
// mode: the amount typed key by key ("5万", and once in full-width digits), the birth date, a new
// payee → the warning card above the verdict (checks, 96110, next-day arrival); a payee paid since
// 2024 → no card, the same verdict; en.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, openAs, screenshot, switchLanguage, typeInto, retype, unmaskedFound } from "../lib.mjs";

const env = serverAndBrowser();

async function setUp(page, amount) {
  await page.selectOption("#tier-tier", "personal_class_1");
  await retype(page, "#tier-balance", "200000");
  await page.selectOption("#tier-kind", "transfer");
  await typeInto(page, "#tier-amount", amount);
  assert.equal(await page.isVisible("#tier-birth"), true, "the facts are open in elderly mode");
  await page.fill("#tier-birth", "1966-11-23");
  await page.selectOption("#tier-payee", "new");
}

test("elderly mode: 60 today, 5万 to a new payee → the warning card above the verdict; a payee known since 2024 → none", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "tiers", mode: "elderly" });
  await setUp(page, "5万");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#tier-elder:not([hidden])");
  const card = await page.textContent("#tier-elder");
  assert.match(card, /转账前请先停一停/);
  assert.match(card, /次日到账/);
  assert.equal(await page.getAttribute("#tier-elder-hotline", "href"), "tel:96110");
  assert.equal(await page.getAttribute("#tier-elder", "role"), "alert");
  assert.match(await page.textContent("#tier-findings"), /新的收款人转账 ¥50,000/);
  const verdict = await page.textContent("#tier-verdict");
  assert.equal(await page.getAttribute("#tier-verdict", "data-severity"), "warning", "the verdict follows the worst finding");
  assert.equal(await page.isVisible("#tier-verdict"), true, "the card never hides the verdict");
  await screenshot(page, "tiers-elderly-warning-zh");

  await page.selectOption("#tier-payee", "known");
  await page.fill("#tier-payee-since", "2024-05-01");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-elder", { state: "hidden" });
  assert.doesNotMatch(await page.textContent("#tier-findings"), /新的收款人/);
  assert.equal(await page.textContent("#tier-verdict"), verdict, "the answer itself is unchanged: a warning, never a block");

  await page.selectOption("#tier-payee", "new");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-elder:not([hidden])");
  await switchLanguage(page, "en");
  assert.match(await page.textContent("#tier-elder"), /Stop for a moment before you send/);
  assert.match(await page.textContent("#tier-findings"), /new payee/);
  await screenshot(page, "tiers-elderly-warning-en");
  assert.deepEqual(await unmaskedFound(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("full-width digits and 元: ５００００元 reads as ¥50,000 and warns; 59 years old does not", async () => {
  const { page, context } = await openAs(env.browser, env.server.url, { screen: "tiers", mode: "elderly" });
  await setUp(page, "５００００元");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-elder:not([hidden])");
  await page.fill("#tier-birth", "1966-11-24");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-elder", { state: "hidden" });
  // A birth date after today is said at its field, not thrown at the page.
  await page.fill("#tier-birth", "2027-01-01");
  await page.click("#tier-check");
  await page.waitForSelector("#tier-birth[aria-invalid=true]");
  assert.match(await page.textContent("#tier-birth-findings"), /不能晚于今天/);
  await context.close();
});
