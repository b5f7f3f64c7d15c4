// The callback questionnaire screen: walk a full run, reload mid-way and resume (only when the
// customer asked to keep progress), and see the urgent fraud follow-up at the end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const env = serverAndBrowser();

const url = () => `${env.server.url}?now=${encodeURIComponent(NOW)}#/questionnaire`;

async function choose(page, id, keep) {
  await page.waitForSelector("#q-choose option", { state: "attached" });
  await page.selectOption("#q-choose", id);
  if (keep) await page.check("#q-keep");
  await page.click("#q-start");
  await page.waitForSelector("#q-run:not([hidden])");
}

const radio = (page, q, value) => page.check(`[data-q="${q}"] input[value="${value}"]`);
const tick = (page, q) => page.check(`[data-q="${q}"] input[type=checkbox]`);

test("the picker opens on a personal customer's questionnaire; business ones come after", async () => {
  const { page, context, errors } = await openPage(env.browser, url());
  await page.waitForSelector("#q-choose option", { state: "attached" });
  const values = await page.$$eval("#q-choose option", (os) => os.map((o) => o.value));
  const firstBusiness = values.findIndex((v) => v.startsWith("business_"));
  assert.ok(firstBusiness > 0, "some personal questionnaires come first");
  assert.ok(values.slice(firstBusiness).every((v) => v.startsWith("business_")), `business ones last: ${values}`);
  assert.ok(!(await page.inputValue("#q-choose")).startsWith("business_"), "the default is not a business questionnaire");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a full run with a reload mid-way ends with the urgent fraud follow-up", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, url());
  await page.click("#lang"); // English, remembered across the reload
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await choose(page, "event_large_transaction", true);
  assert.equal(await page.getAttribute("#q-progress", "value"), "0");
  assert.match(await page.textContent("#q-intro"), /622848\*{9}0018/, "account shown masked");

  await radio(page, "txn_mine", "false");
  await page.waitForSelector('[data-q="txn_not_me_notice"]');
  // Next with the notice unacknowledged: stays, tells what is missing.
  await page.click("#q-next");
  await page.waitForSelector('#q-txn_not_me_notice-findings li[data-code="questionnaire.answer.acknowledge"]');
  await tick(page, "txn_not_me_notice");
  await radio(page, "card_with_me", "true");
  const before = Number(await page.getAttribute("#q-progress", "value"));
  assert.ok(before > 0, "progress moves");
  await screenshot(page, "questionnaire-midway-en");

  // Reload: the saved state (kept because the box was ticked) brings everything back.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector("#q-run:not([hidden])");
  assert.match(await page.textContent("#q-status"), /restored/);
  assert.ok(await page.isChecked('[data-q="txn_mine"] input[value="false"]'));
  assert.ok(await page.isChecked('[data-q="txn_not_me_notice"] input'));
  assert.equal(Number(await page.getAttribute("#q-progress", "value")), before);

  await radio(page, "code_shared", "true");
  await page.click("#q-next");
  await page.waitForSelector('[data-q="notice_codes"]');
  assert.equal(await page.isDisabled("#q-back"), false);
  await tick(page, "notice_codes");
  await tick(page, "notice_no_renting");
  await page.click("#q-finish");
  await page.waitForSelector("#q-done:not([hidden])");
  const urgent = page.locator('#q-urgent [data-id="fraud_not_me"]');
  assert.match(await urgent.textContent(), /freeze your card/);
  assert.equal(await page.getAttribute('#q-followups li[data-id="fraud_not_me"]', "data-priority"), "urgent");
  assert.equal(await page.evaluate(() => localStorage.getItem("frontdesk.draft.questionnaire")), null, "cleared on finish");
  // Found walking it: the satisfaction card was offered right under "freeze your card now". After
  // an urgent follow-up the survey is not offered (issue 16 §3.1 offers it after ordinary flows).
  assert.equal(await page.locator("#survey:not([hidden])").count(), 0, "no rating request after a fraud alert");
  await screenshot(page, "questionnaire-fraud-en");
  assert.deepEqual(outside, [], "no request leaves 127.0.0.1");
  assert.deepEqual(errors, [], "no console errors");
  await context.close();
});

test("without 'keep my progress' nothing is stored and a reload starts afresh", async () => {
  const { page, context } = await openPage(env.browser, url());
  await choose(page, "periodic", false);
  await radio(page, "mobile_same", "false");
  await page.fill('[data-q="new_mobile"] input', "13912345678");
  await radio(page, "address_changed", "false");
  await radio(page, "email_status", "none");
  await page.click("#q-next");
  await page.waitForSelector('[data-q="id_long_term"]');
  assert.equal(await page.evaluate(() => localStorage.getItem("frontdesk.draft.questionnaire")), null);
  // Back keeps the typed answer.
  await page.click("#q-back");
  await page.waitForSelector('[data-q="new_mobile"]');
  assert.equal(await page.inputValue('[data-q="new_mobile"] input'), "13912345678");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.isHidden("#q-run"), true);
  await context.close();
});

test("a tampered saved state is refused and removed", async () => {
  const { page, context } = await openPage(env.browser, url());
  await choose(page, "new_account", true);
  await radio(page, "opened_by_me", "true");
  await page.evaluate(() => {
    const s = localStorage.getItem("frontdesk.draft.questionnaire");
    localStorage.setItem("frontdesk.draft.questionnaire", s.replace('"opened_by_me":true', '"opened_by_me":false'));
  });
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForFunction(() => document.querySelector("#q-status").textContent.length > 0);
  assert.equal(await page.isHidden("#q-run"), true);
  assert.equal(await page.evaluate(() => localStorage.getItem("frontdesk.draft.questionnaire")), null);
  await context.close();
});

test("a contact-update follow-up opens the update screen pre-filled", async () => {
  const { page, context } = await openPage(env.browser, url());
  await page.evaluate(() =>
    window.dispatchEvent(new CustomEvent("frontdesk:open-followup", {
      detail: { action: "contact_update", priority: "high", prefill: { proposed: { mobile: "13900005678" } } },
    })),
  );
  await page.waitForFunction(() => location.hash === "#/contact");
  const values = await page.$$eval("#screen-contact input", (els) => els.map((e) => e.value));
  assert.ok(values.includes("13900005678"), "the proposed mobile is pre-filled");
  await context.close();
});
