// "Wake up an unused account" (issue 16 §2.1): keyboard only, a customer picks what to do with a
// dormant account and sees what each channel takes and the fee; a business picks the date its
// notice was sent and sees the close-by date counted from sending, rolled past the Labour Day break.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { serverAndBrowser, openAs, screenshot, switchLanguage, tabTo, unmaskedFound, verdictAgrees, reloadReady, SHOTS } from "../lib.mjs";

const env = serverAndBrowser();

test("elderly phone, keyboard only: keep a Class II account → the app (SMS code + live face) or the counter; close → free", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "dormant", mode: "elderly" });
  assert.match(await page.textContent("#dm-notice"), /我行不会索要密码或验证码/);
  await tabTo(page, "#dm-kind-personal_class_1");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.isChecked("#dm-kind-personal_class_2"), true);
  await tabTo(page, "#dm-choice-keep");
  await page.keyboard.press("Space");
  await page.waitForSelector("#dm-outcome [data-channel=in_app]");
  const app = await page.textContent("#dm-outcome [data-channel=in_app]");
  assert.match(app, /预留手机号验证码/);
  assert.match(app, /人脸识别/);
  assert.match(await page.textContent("#dm-outcome [data-channel=counter]"), /本人有效身份证件/);
  assert.match(await page.textContent("#dm-outcome .dm-after"), /较低的非柜面限额/);
  await screenshot(page, "dormant-elderly-keep-zh");
  await page.keyboard.press("ArrowDown");
  await page.waitForSelector("#dm-outcome [data-fee=account_close_personal]");
  assert.match(await page.textContent("#dm-outcome [data-fee=account_close_personal]"), /免费/);
  assert.deepEqual(await unmaskedFound(page), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a business: notice sent 2026-04-03 → act by 2026-05-06 (day 30 falls in the Labour Day break); not now says so; en", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "dormant", now: "2026-04-10T10:00:00+08:00" });
  await tabTo(page, "#dm-kind-personal_class_1");
  await page.keyboard.press("ArrowUp"); // wraps from the first option to the last
  assert.equal(await page.isChecked("#dm-kind-business_basic"), true);
  await page.waitForSelector("#dm-sent-row:not([hidden])");
  await page.fill("#dm-sent", "2026-04-03");
  await page.waitForSelector("#dm-close-by");
  assert.match(await page.textContent("#dm-close-by"), /请在 2026-05-06 前办理/);
  assert.match(await page.textContent("#dm-sent-findings"), /2026-05-03.*顺延到 2026-05-06/);
  const v = await verdictAgrees(page, "#dm-verdict", "#screen-dormant .findings");
  assert.equal(v.verdict, v.worst);
  await tabTo(page, "#dm-choice-keep"); // a radio group takes one Tab stop
  await page.keyboard.press("ArrowUp"); // wraps to the last choice, "not now"
  assert.equal(await page.isChecked("#dm-choice-later"), true);
  await page.waitForSelector("#dm-outcome .dm-later");
  assert.match(await page.textContent("#dm-outcome .dm-later"), /2026-05-06 后账户视同自愿销户/);
  // Seen in a screenshot: the absent fee list and wake-up note were written as "nullnull".
  assert.doesNotMatch(await page.textContent("#screen-dormant"), /null|undefined/);
  await screenshot(page, "dormant-business-zh");
  await switchLanguage(page, "en");
  assert.match(await page.textContent("#dm-close-by"), /Act by 2026-05-06/);
  assert.match(await page.textContent("#dm-outcome .dm-later"), /2026-05-06/);
  await screenshot(page, "dormant-business-en");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a notice date after today is an error at the date field, and the verdict says so", async () => {
  const { page, context } = await openAs(env.browser, env.server.url, { screen: "dormant", mode: "kiosk" });
  await page.check("#dm-kind-business_basic");
  await page.fill("#dm-sent", "2026-12-01");
  await page.waitForSelector("#dm-sent[aria-invalid=true]");
  assert.match(await page.textContent("#dm-sent-findings"), /不能晚于今天/);
  assert.match(await page.textContent("#dm-verdict"), /不能晚于今天/);
  await page.fill("#dm-sent", "2026-11-02");
  await page.waitForSelector("#dm-close-by");
  assert.match(await page.textContent("#dm-close-by"), /2026-12-02/);
  await screenshot(page, "dormant-kiosk-zh");
  await context.close();
});

/** Keyboard only: Tab to a radio or checkbox and press Space; then Tab to Next (or Finish) and Enter. */
async function pick(page, selector) {
  await tabTo(page, selector);
  await page.keyboard.press("Space");
}
async function onward(page, finish = false) {
  await tabTo(page, finish ? "#dm-q-finish" : "#dm-q-next");
  await page.keyboard.press("Enter");
}

test("elderly phone, keyboard only: the wake-up questionnaire — knew it, keep it, for salary, same phone, an emergency contact → the ways to wake it up", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "dormant", mode: "elderly" });
  await tabTo(page, "#dm-kind-personal_class_1");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.isChecked("#dm-kind-personal_class_2"), true);
  await tabTo(page, "#dm-start");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#dm-qnr:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement.id), "dm-q-title");
  assert.match(await page.textContent("#dm-q-text"), /您知道自己.*有这个账户吗/);
  // Next without an answer: the package says what is missing, the question stays.
  await onward(page);
  await page.waitForSelector("#dm-q-findings li");
  assert.equal(await page.getAttribute("#dm-q-text", "data-q"), "account_known");
  await page.locator("#dm-qnr").screenshot({ path: path.join(SHOTS, "dormant-questionnaire-unanswered-zh.png") });
  await pick(page, "#dm-q-account_known-true");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="plan_personal"]');
  await pick(page, "#dm-q-plan_personal-keep");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="keep_use"]');
  await pick(page, "#dm-q-keep_use-salary_pension");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="mobile_same"]');
  // Reload midway: the questionnaire comes back where it was, for the same account kind, with the
  // answers given (kept for this tab only, answers only — no number on file in storage).
  const kept = await page.evaluate(() => Object.entries(sessionStorage).filter(([k]) => k.includes("dormant")).map(([, v]) => v).join(""));
  assert.doesNotMatch(kept, /13800000000|6222020200112233018/);
  await reloadReady(page);
  await page.waitForSelector('#dm-q-text[data-q="mobile_same"]');
  assert.equal(await page.isChecked("#dm-kind-personal_class_2"), true);
  assert.match(await page.textContent("#dm-q-progress"), /第 3 步/);
  // The number on file is masked in the question.
  assert.match(await page.textContent("#dm-q-text"), /138\*\*\*\*0000/);
  await pick(page, "#dm-q-mobile_same-true");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="emergency_contact_offer"]');
  await pick(page, "#dm-q-emergency_contact_offer-true");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="notice_dormant_safety"]');
  await pick(page, "#dm-q-notice_dormant_safety");
  await onward(page, true);
  // The plan is the choice: the ways to wake the account up, in the app with a live face check.
  await page.waitForSelector("#dm-outcome [data-channel=in_app]");
  assert.equal(await page.isHidden("#dm-qnr"), true);
  assert.equal(await page.isChecked("#dm-choice-keep"), true); // the plan answered is the choice, still changeable
  const app = await page.textContent("#dm-outcome [data-channel=in_app]");
  assert.match(app, /人脸识别/);
  assert.match(app, /不接受证件照片代替本人/); // a live face, never an ID photo
  assert.match(await page.textContent("#dm-outcome [data-channel=counter]"), /本人有效身份证件/);
  assert.match(await page.textContent("#dm-followups"), /添加紧急联系人/);
  assert.deepEqual(await unmaskedFound(page), []);
  await screenshot(page, "dormant-questionnaire-keep-zh");
  await tabTo(page, "#dm-add-emergency");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#screen-contact:not([hidden])");
  assert.deepEqual(errors, []);
  await context.close();
});

test("kiosk, en, keyboard only: an account the customer never opened → the identity-theft guidance, no wake-up", async () => {
  const { page, context, errors } = await openAs(env.browser, env.server.url, { screen: "dormant", mode: "kiosk", lang: "en" });
  await tabTo(page, "#dm-start");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#dm-qnr:not([hidden])");
  // A radio group takes one Tab stop; the arrow key moves to "No" and chooses it.
  await tabTo(page, "#dm-q-account_known-true");
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.isChecked("#dm-q-account_known-false"), true);
  // The notice for an account they did not know about appears on the same page.
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="not_known_notice"]');
  await pick(page, "#dm-q-not_known_notice");
  await onward(page);
  await page.waitForSelector('#dm-q-text[data-q="notice_dormant_safety"]');
  await pick(page, "#dm-q-notice_dormant_safety");
  await onward(page, true);
  await page.waitForSelector('#dm-followups [data-action="fraud_report"]');
  assert.match(await page.textContent("#dm-followups"), /Bring your ID to any of our branches/);
  // The follow-ups follow the language (they used to stay in the one they were finished in).
  await switchLanguage(page, "zh-CN");
  await page.waitForFunction(() => /携带本人身份证件/.test(document.getElementById("dm-followups").textContent));
  await switchLanguage(page, "en");
  assert.equal(await page.locator("#dm-outcome [data-channel]").count(), 0);
  assert.equal(await page.isHidden("#dm-choices"), true);
  assert.doesNotMatch(await page.textContent("#screen-dormant"), /ui\.dormant|null|undefined/);
  await screenshot(page, "dormant-questionnaire-unknown-en");
  assert.deepEqual(errors, []);
  await context.close();
});
