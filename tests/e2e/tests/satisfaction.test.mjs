// The satisfaction card (issue 16 §3.1), used as a customer would: finish a contact update, the
// card offers the survey; keyboard only (Tab to a group, arrow keys to rate, Space to tick, Enter on
// buttons); a low rating opens the "what went wrong / may we contact you" page; the thank-you text
// gives the date customer service calls by (3 working days: 2026-11-26 from Monday 2026-11-23);
// a reload midway resumes; the app wording never shows the branch wording; kiosk and phone sizes,
// zh-CN and en; screenshots.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openPage, screenshot as pageShot, NOW, SHOTS, serverAndBrowser } from "../lib.mjs";

const env = serverAndBrowser();
const KIOSK = { width: 1080, height: 1920 };

/** The whole page, and the card alone (the page is long: the card is what a person looks at). */
async function screenshot(page, name) {
  await pageShot(page, name);
  if (await page.isVisible("#survey")) await page.locator("#survey").screenshot({ path: path.join(SHOTS, `${name}-card.png`) });
}

async function open(extra = "", opts) {
  const r = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}${extra}#/contact`, opts);
  await r.page.waitForSelector("#screen-contact:not([hidden])");
  return r;
}

/** Press Tab (Shift+Tab when `back`) until `selector` has the focus, as a keyboard user does. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  assert.fail(`${selector} never got the focus by Tab`);
}

/** Rate one question 1–5 with the arrow keys: Tab into its group (the first choice has the focus,
 * nothing chosen yet), then ArrowRight n−1 times (each press moves and chooses); 1 is Space. */
async function rate(page, qid, n) {
  await tabTo(page, `[data-q="${qid}"] input[type=radio]`);
  if (n === 1) await page.keyboard.press("Space");
  for (let i = 1; i < n; i++) await page.keyboard.press("ArrowRight");
  assert.equal(await page.$eval(`[data-q="${qid}"] input:checked`, (x) => x.value), String(n), `${qid} rated ${n}`);
}

/** Type a new mobile number key by key and check the request, keyboard only. */
async function finishContactUpdate(page, channel) {
  await tabTo(page, "#ct-new-mobile");
  await page.keyboard.type("13900005678", { delay: 5 });
  if (channel) await page.selectOption("#ct-channel", channel);
  await tabTo(page, "#ct-check");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#ct-result:not([hidden])");
  assert.equal(await page.getAttribute("#ct-submittable", "data-submittable"), "true");
}

test("kiosk, Chinese: after a contact update the card offers the survey; arrow keys rate 4,4,4,2,5; the low page; 电话联系 → the date customer service calls by", async () => {
  const { page, context, outside, errors } = await open("&mode=kiosk", { viewport: KIOSK });
  await finishContactUpdate(page, "counter");
  await page.waitForSelector("#survey:not([hidden]) #sv-start");
  assert.equal(await page.textContent("#sv-title"), "为本次服务打分（1 分钟）");
  await screenshot(page, "satisfaction-kiosk-offer");
  await tabTo(page, "#sv-start");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="ratings"]');
  // A kiosk is a branch's self-service area: the environment and attitude wordings are the branch's.
  const text = await page.textContent("#survey");
  assert.match(text, /网点（或自助设备区）/);
  assert.ok(!text.includes("页面清楚"), "app wording on a kiosk");
  assert.equal(await page.locator("#survey [data-q]").count(), 5, "exactly five ratings");
  // Targets big enough for a finger on a kiosk.
  const box = await page.locator('[data-q="rate_products"] .sv-option').first().boundingBox();
  assert.ok(box.height >= 60 && box.width >= 60, `target ${box.width}×${box.height}`);
  await rate(page, "rate_products", 4);
  await rate(page, "rate_efficiency", 4);
  await rate(page, "rate_service_quality", 4);
  await rate(page, "rate_environment_branch", 2);
  await rate(page, "rate_attitude_staff", 5);
  await screenshot(page, "satisfaction-kiosk-rated");
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="low"]');
  // Found walking it: the card once showed the text "null" above the page title.
  assert.ok(!/null|undefined/.test(await page.textContent("#survey")), "null on the card");
  // Next without choosing anything: the messages show and the first problem gets the focus.
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-q="low_areas"] .findings li');
  // Which areas: environment (the fourth box), by Tab and Space.
  const boxes = page.locator('[data-q="low_areas"] input');
  await tabTo(page, '[data-q="low_areas"] input[value="environment"]');
  await page.keyboard.press("Space");
  assert.equal(await boxes.nth(3).isChecked(), true);
  // May we contact you: 电话联系 is the first choice.
  await tabTo(page, '[data-q="contact_ok"] input[type=radio]');
  await page.keyboard.press("Space");
  assert.equal(await page.$eval('[data-q="contact_ok"] input:checked', (x) => x.value), "phone");
  assert.match(await page.textContent('[data-q="contact_ok"]'), /可以，电话联系我/);
  await screenshot(page, "satisfaction-kiosk-low");
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="more"]');
  await tabTo(page, "#sv-finish");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#sv-thanks");
  assert.equal(await page.textContent("#sv-thanks"), "客服将在 2026-11-26 前联系您。");
  assert.deepEqual(
    await page.$$eval("#sv-summary li", (l) => l.map((x) => x.textContent)),
    ["产品：4 分", "效率：4 分", "服务质量：4 分", "环境：2 分", "态度：5 分"],
  );
  await screenshot(page, "satisfaction-kiosk-thanks");
  // No raw catalog code anywhere on the card.
  assert.ok(!(await page.textContent("#survey")).includes("ui."), "raw ui. key shown");
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone, English, in the app: the app wording (never the branch's); a reload after the first page resumes; no low rating → thanks, no call", async () => {
  const { page, context, errors } = await open("");
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await finishContactUpdate(page, "in_app");
  await page.waitForSelector("#survey:not([hidden]) #sv-start");
  assert.equal(await page.textContent("#sv-title"), "Rate this service (1 minute)");
  await tabTo(page, "#sv-start");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="ratings"]');
  const text = await page.textContent("#survey");
  assert.match(text, /were the screens clear, the text large enough/);
  assert.ok(!/branch \(or self-service area\)/.test(text), "branch wording in the app");
  // Found walking it: on a phone the 5 wrapped onto a second line. All five share a row.
  const tops = await page.$$eval('[data-q="rate_products"] .sv-option', (l) => l.map((x) => Math.round(x.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 1, `rating choices on ${new Set(tops).size} rows`);
  await rate(page, "rate_products", 5);
  await rate(page, "rate_efficiency", 4);
  await rate(page, "rate_service_quality", 3);
  await rate(page, "rate_environment_online", 4);
  await rate(page, "rate_attitude_online", 5);
  await screenshot(page, "satisfaction-phone-en-rated");
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  // No rating at or below 2: straight to the last page.
  await page.waitForSelector('#sv-page[data-page="more"]');
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await page.waitForSelector('#survey:not([hidden]) #sv-page[data-page="more"]');
  assert.equal(await page.textContent("#sv-status"), "Your unfinished rating is back where you left it.");
  // Back shows the ratings as they were chosen.
  await tabTo(page, "#sv-back");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="ratings"]');
  assert.equal(await page.$eval('[data-q="rate_service_quality"] input:checked', (x) => x.value), "3");
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="more"]');
  await tabTo(page, "#sv-suggestion");
  await page.keyboard.type("Bigger buttons, please.", { delay: 5 });
  await tabTo(page, "#sv-finish");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#sv-thanks");
  assert.equal(await page.textContent("#sv-thanks"), "We have your rating. Thank you!");
  await screenshot(page, "satisfaction-phone-en-thanks");
  // The language switch follows on the card.
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
  assert.equal(await page.textContent("#sv-thanks"), "您的评价已收到，谢谢！");
  await tabTo(page, "#sv-close");
  await page.keyboard.press("Enter");
  assert.equal(await page.isHidden("#survey"), true);
  // Offered on this device today: a second contact update does not ask again (30 days).
  await tabTo(page, "#ct-check", { back: true });
  await page.keyboard.press("Enter");
  assert.equal(await page.isHidden("#survey"), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone, Chinese, in the app: a low rating with no contact wanted → 已记录您的意见, no date; 不用了 hides the card", async () => {
  const { page, context, errors } = await open("");
  await finishContactUpdate(page, "in_app");
  await page.waitForSelector("#survey:not([hidden]) #sv-start");
  await tabTo(page, "#sv-start");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="ratings"]');
  const text = await page.textContent("#survey");
  assert.match(text, /页面清楚/);
  // Elderly mode on the phone: targets ≥ 60 px and still one row.
  await page.click("#elderly");
  await page.waitForFunction(() => document.body.classList.contains("elderly"));
  const cells = await page.$$eval('[data-q="rate_products"] .sv-option', (l) => l.map((x) => x.getBoundingClientRect()).map((r) => [Math.round(r.top), r.width, r.height]));
  assert.equal(new Set(cells.map((c) => c[0])).size, 1, "elderly: one row");
  for (const [, w, hgt] of cells) assert.ok(w >= 60 && hgt >= 60, `elderly target ${w}×${hgt}`);
  await screenshot(page, "satisfaction-phone-zh-elderly");
  assert.ok(!text.includes("网点"), "branch wording in the app");
  await rate(page, "rate_products", 3);
  await rate(page, "rate_efficiency", 1);
  await rate(page, "rate_service_quality", 3);
  await rate(page, "rate_environment_online", 3);
  await rate(page, "rate_attitude_online", 3);
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await page.waitForSelector('#sv-page[data-page="low"]');
  await tabTo(page, '[data-q="low_areas"] input[value="efficiency"]');
  await page.keyboard.press("Space");
  await tabTo(page, '[data-q="contact_ok"] input[type=radio]');
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.$eval('[data-q="contact_ok"] input:checked', (x) => x.value), "no");
  await screenshot(page, "satisfaction-phone-zh-low");
  await tabTo(page, "#sv-next");
  await page.keyboard.press("Enter");
  await tabTo(page, "#sv-finish");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#sv-thanks");
  assert.equal(await page.textContent("#sv-thanks"), "已记录您的意见。");
  await screenshot(page, "satisfaction-phone-zh-recorded");
  assert.deepEqual(errors, []);
  await context.close();
  // A new visit the same day on another device profile: "no, thanks" hides the card.
  const second = await open("");
  await finishContactUpdate(second.page, "in_app");
  await second.page.waitForSelector("#survey:not([hidden]) #sv-dismiss");
  await tabTo(second.page, "#sv-dismiss");
  await second.page.keyboard.press("Enter");
  assert.equal(await second.page.isHidden("#survey"), true);
  await second.context.close();
});
