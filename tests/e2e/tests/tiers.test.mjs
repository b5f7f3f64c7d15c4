// "My account tier": the comparison table, and "can I pay this?" at, over and around the Class II
// day limit, with the quota bars, the upgrade options and both languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const env = serverAndBrowser();

const url = () => `${env.server.url}?now=${encodeURIComponent(NOW)}#/tiers`;

async function open() {
  const opened = await openPage(env.browser, url());
  await opened.page.waitForSelector("#screen-tiers:not([hidden])");
  return opened;
}

async function ask(page, { tier = "personal_class_2", amount, used = "0", balance = "50000", direction = "outbound", counterparty = "non_bound", kind = "transfer", channel = "mobile_banking", level = "" }) {
  await page.selectOption("#tier-tier", tier);
  // The bank's own level sits in the "more about my account" fold (issue 14): open it first.
  if (!(await page.$eval("#tier-more", (d) => d.open))) await page.click("#tier-more summary");
  await page.selectOption("#tier-level", level);
  await page.selectOption("#tier-direction", direction);
  await page.selectOption("#tier-counterparty", counterparty);
  await page.selectOption("#tier-kind", kind);
  await page.selectOption("#tier-channel", channel);
  await page.fill("#tier-balance", balance);
  await page.fill("#tier-used", used);
  await page.fill("#tier-amount", amount);
  await page.click("#tier-check");
}

test("the comparison table shows Class I, II and III with their PBoC limits", async () => {
  const { page, context, outside, errors } = await open();
  const heads = await page.locator("#tier-compare thead th").allTextContents();
  assert.equal(heads.length, 4);
  assert.match(heads[2], /Ⅱ类户/);
  const outDay = await page.locator('#tier-compare tr[data-row="limit.outbound.day"] td').allTextContents();
  assert.deepEqual(outDay.slice(1), ["¥10,000", "¥2,000"]);
  const cap = await page.locator('#tier-compare tr[data-row="limit.balance"] td').allTextContents();
  assert.equal(cap[2], "¥2,000");
  assert.equal(await page.locator("#tier-details details").count(), 3, "one expandable section per tier");
  await page.click('#tier-details details[data-tier="personal_class_3"] summary');
  assert.match(await page.textContent('#tier-details details[data-tier="personal_class_3"]'), /2000/);
  await screenshot(page, "tiers-compare-zh");
  assert.deepEqual(outside, [], "no request leaves 127.0.0.1");
  assert.deepEqual(errors, []);
  await context.close();
});

test("can I pay this: at the limit yes, one fen over no, with the blocking bar and upgrades", async () => {
  const { page, context, errors } = await open();
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");

  await ask(page, { amount: "4,000", used: "6000" });
  await page.waitForSelector("#tier-verdict.ok");
  assert.match(await page.textContent("#tier-verdict"), /Yes, you can do this/);
  assert.ok(await page.locator('#tier-findings li[data-code="tiers.allowed"]').count());
  // Allowed: the bar shows the day quota after this payment, as the allowed finding says.
  const day = '#tier-quota .bar[data-limit="personal_class_2.outbound.day"]';
  const bar = page.locator(`${day} meter`);
  assert.equal(await bar.getAttribute("value"), "1000000");
  assert.equal(await bar.getAttribute("max"), "1000000");
  assert.equal(await page.textContent(`${day} .bar-left`), "Left after this payment: ¥0");
  assert.match(await page.textContent('#tier-findings li[data-code="tiers.allowed"]'), /¥0/);

  await ask(page, { amount: "4000.01", used: "6000" });
  await page.waitForSelector("#tier-verdict.bad");
  const finding = page.locator('#tier-findings li[data-code="tiers.limit_exceeded"]');
  assert.match(await finding.textContent(), /¥4,000 is left; the limit frees up at 2026-11-24 00:00 \(UTC\+8\)/);
  assert.ok(await page.locator('#tier-quota .bar.blocking[data-limit="personal_class_2.outbound.day"]').count());
  // Blocked: the bar shows the quota as it stands now.
  assert.equal(await bar.getAttribute("value"), "600000");
  assert.equal(await page.textContent(`${day} .bar-left`), "Left: ¥4,000");
  assert.ok(await page.locator('#tier-options li[data-option="upgrade_tier"]').count(), "moving to Class I is offered");
  await screenshot(page, "tiers-blocked-en");

  // Switching language re-renders the answer.
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  assert.match(await finding.textContent(), /超过人民银行规定的限额/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a counter visit lifts the bank's own limit, a utility bill is never capped by it; bad amounts are refused exactly", async () => {
  const { page, context } = await open();
  await ask(page, { tier: "personal_class_1", level: "restricted_500", kind: "transfer", amount: "800" });
  await page.waitForSelector("#tier-verdict.bad");
  assert.ok(await page.locator('#tier-findings li[data-code="tiers.bank_limit_exceeded_single"]').count(), "800 alone is over the 500 a day: waiting will not help (issue 14 #8)");
  for (const o of ["limit_adjustment_request", "use_counter"]) {
    assert.ok(await page.locator(`#tier-options li[data-option="${o}"]`).count(), `option ${o}`);
  }
  await ask(page, { tier: "personal_class_1", level: "restricted_500", kind: "transfer", amount: "800", channel: "counter" });
  await page.waitForSelector("#tier-verdict.ok");
  // Issue 15 item 9: a utility bill is a basic service (AML Law Art. 30): the bank's level never
  // caps it, whitelisted or not, and the page says so.
  await ask(page, { tier: "personal_class_1", level: "restricted_500", kind: "utilities", amount: "800" });
  await page.waitForSelector("#tier-verdict.ok");
  assert.ok(await page.locator('#tier-findings li[data-code="tiers.basic_service_not_limited"]').count());

  // The package reads the amounts (parseAmount): each refusal is its own finding at the field.
  for (const [bad, code] of [["1.234", "amount.too_many_decimals"], ["abc", "amount.not_a_number"], ["-5", "amount.negative"], ["1e5", "amount.not_a_number"]]) {
    await page.fill("#tier-amount", bad);
    await page.click("#tier-check");
    await page.waitForSelector(`#tier-amount-findings li[data-code="${code}"]`);
    assert.equal(await page.getAttribute("#tier-amount", "aria-invalid"), "true");
  }
  // Exact fen: 1,999.90 + 0.10 is exactly the ¥2,000 Class III cap; 0.11 is one fen over.
  await ask(page, { tier: "personal_class_3", direction: "inbound", counterparty: "bound", balance: "1999.90", amount: "0.10" });
  await page.waitForSelector("#tier-verdict.ok");
  const room = page.locator('#tier-quota .bar[data-limit="personal_class_3.balance"] meter');
  // The bar shows the balance after this deposit: exactly at the cap.
  assert.equal(await room.getAttribute("value"), "200000");
  assert.match(await page.textContent('#tier-quota .bar[data-limit="personal_class_3.balance"] .bar-left'), /¥0$/);
  await ask(page, { tier: "personal_class_3", direction: "inbound", counterparty: "bound", balance: "1999.90", amount: "0.11" });
  await page.waitForSelector("#tier-verdict.bad");
  assert.ok(await page.locator('#tier-findings li[data-code="tiers.balance_cap_exceeded"]').count());
  assert.equal(await page.locator("style, [style]").count(), 0, "no inline styles");
  await context.close();
});
