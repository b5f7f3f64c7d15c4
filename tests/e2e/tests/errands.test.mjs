// "Skip the queue" (issue 16 §3.2, §3.3): a customer ticks what they came to do, keyboard only, and
// sees per errand where it can be done without queueing, what to bring and the fees — free said
// plainly, optional services said to be optional — in zh-CN and en, on a phone and a kiosk.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, openAs, screenshot, switchLanguage, tabTo, unmaskedFound } from "../lib.mjs";

const env = serverAndBrowser();

test("keyboard only: a PIN reset and SMS alerts can both be done in the app or at a kiosk; the SMS fee is optional", async () => {
  const { page, context, errors, outside } = await openAs(env.browser, env.server.url, { screen: "errands" });
  assert.match(await page.textContent("#er-summary"), /还没有勾选/);
  await tabTo(page, "#er-reset_password");
  await page.keyboard.press("Space");
  await tabTo(page, "#er-sms_alerts");
  await page.keyboard.press("Space");
  await page.waitForSelector("#er-card-sms_alerts");
  // Focus stays on the checkbox just ticked: the list is not rebuilt under the customer.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "er-sms_alerts");
  for (const id of ["reset_password", "sms_alerts"]) {
    assert.match(await page.textContent(`#er-card-${id} .er-lead`), /不用排队：手机银行、网点智能柜台/);
  }
  assert.equal(await page.textContent("#er-card-reset_password [data-fee=password_change_reset] .er-fee-display"), "免费");
  const sms = await page.textContent("#er-card-sms_alerts [data-fee=sms_alerts] .er-fee-display");
  assert.match(sms, /价目表/);
  assert.match(sms, /可选服务，可以不办/);
  assert.match(await page.textContent("#er-summary"), /勾选的 2 件事中，2 件不用到柜台排队/);
  await screenshot(page, "errands-phone-zh");

  // A Class I account: the app says why not, the kiosk needs staff; opening is free.
  await tabTo(page, "#er-open_class_1", { back: true });
  await page.keyboard.press("Space");
  await page.waitForSelector("#er-card-open_class_1");
  const app = await page.textContent("#er-card-open_class_1 [data-channel=in_app]");
  assert.match(app, /不能办理：Ⅰ类户必须当面核实身份/);
  assert.match(await page.textContent("#er-card-open_class_1 [data-channel=kiosk]"), /需工作人员现场核实身份/);
  assert.equal(await page.textContent("#er-card-open_class_1 [data-fee=account_open_personal] .er-fee-display"), "免费");

  // Switch language mid-way: the ticks stay, every text is English.
  await switchLanguage(page, "en");
  assert.equal(await page.isChecked("#er-sms_alerts"), true);
  assert.match(await page.textContent("#er-card-sms_alerts .er-lead"), /No queue: Mobile banking, Branch self-service kiosk/);
  assert.match(await page.textContent("#er-card-sms_alerts [data-fee=sms_alerts]"), /Optional — you can say no/);
  assert.match(await page.textContent("#er-card-open_class_1 [data-channel=in_app]"), /Not available: A Class I account needs an in-person identity check/);
  await screenshot(page, "errands-phone-en");
  assert.deepEqual(await unmaskedFound(page), []);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a business: arrow keys switch the segment; only the errands for everyone stay ticked; opening is counter-only", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "errands", mode: "kiosk" });
  await tabTo(page, "#er-statements");
  await page.keyboard.press("Space");
  await tabTo(page, "#er-reset_password", { back: true });
  await page.keyboard.press("Space");
  await tabTo(page, "#er-seg-personal", { back: true });
  await page.keyboard.press("ArrowDown");
  await page.waitForSelector("#er-business_open");
  assert.equal(await page.isChecked("#er-seg-business"), true);
  assert.equal(await page.isChecked("#er-statements"), true, "an errand for everyone stays ticked");
  assert.equal(await page.$("#er-card-reset_password"), null, "a personal errand is gone");
  await tabTo(page, "#er-business_open");
  await page.keyboard.press("Space");
  await page.waitForSelector("#er-card-business_open");
  assert.match(await page.textContent("#er-card-business_open .er-lead"), /需要到网点柜台办理/);
  await screenshot(page, "errands-kiosk-zh");
  await switchLanguage(page, "en");
  assert.match(await page.textContent("#er-card-business_open .er-lead"), /Needs a branch counter/);
  await screenshot(page, "errands-kiosk-en");
  assert.deepEqual(errors, []);
  await context.close();
});
