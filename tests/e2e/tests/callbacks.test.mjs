// The callback agent's screen (issue 16 §1.9), used as an agent uses it: the 工号 typed key by key
// and masked once the field is left, the day's plan loaded from the keyboard, the overdue business
// row opened, three unanswered calls (Tab to the button, Enter) → the next step is the SMS, which may
// go at 20:58 and may not once the clock reaches 21:00 (明早 08:00), a wrong number on another row →
// a contact check for the account branch with a due date, a reload in the middle restores the
// masked case, the quality sample drawn twice with one seed is the same list. On a phone (390×844)
// and a counter PC (1366×768), in Chinese and English; axe-core clean; screenshots to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, tabTo, screenshot, exposed, unmaskedFound, reloadReady, openStaffScreen, axeProblems } from "../lib.mjs";

const env = serverAndBrowser();

const AGENT = "A100293";
const START = new Date("2026-11-23T20:58:00+08:00");

const TEXT = {
  "zh-CN": { sms: "发短信", tomorrow: "明早 08:00 可发送", check: "核查联系方式", branch: "开户网点", canSend: "可发送" },
  en: { sms: "send the SMS", tomorrow: "tomorrow from 08:00", check: "Check the contact details", branch: "Account branch", canSend: "Can send now" },
};

const openAt = (size, lang) => openStaffScreen(env, { screen: "callbacks", size, lang, start: START });

const noRaw = async (page) => {
  const x = await exposed(page);
  const all = [x.text, ...x.values, ...x.local, ...x.session, x.url].join("\n");
  return !all.includes(AGENT);
};

for (const [size, lang] of [["phone", "zh-CN"], ["counter", "en"], ["counter", "zh-CN"], ["phone", "en"]]) {
  test(`an agent's evening (${size}, ${lang}): masked 工号, three calls → SMS, 21:00 stops it, wrong number → branch check, reload keeps the case, sample redrawn identically`, async () => {
    const T = TEXT[lang];
    const { context, page, errors } = await openAt(size, lang);
    // Not in the customer menu.
    assert.equal(await page.$('#nav a[data-screen="callbacks"]'), null);

    await page.click("#cb-agent");
    await page.keyboard.type(AGENT);
    await page.keyboard.press("Tab");
    assert.equal(await page.inputValue("#cb-agent"), "A1***93");
    assert.ok(await noRaw(page), "the typed 工号 is nowhere on the page or in storage");

    await tabTo(page, "#cb-load");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cb-table tbody tr");
    await screenshot(page, `callbacks-list-${size}-${lang}`);

    // The overdue business row, opened from the keyboard.
    const row = page.locator('#cb-table tr[data-ref="B-0042"]');
    assert.equal(await row.locator(".chip").getAttribute("data-status"), "overdue");
    assert.ok((await row.locator(".badge.seg-business").count()) === 1);
    await tabTo(page, 'button.cb-open[data-ref="B-0042"]');
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cb-case:not([hidden])");
    assert.ok((await page.locator("#cb-script li").count()) > 0, "the routed questionnaire's phone script is shown");

    await tabTo(page, "#cb-act-no_answer");
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Enter");
      await page.waitForFunction((n) => document.querySelectorAll("#cb-attempts li").length === n, i + 1);
    }
    const next = await page.textContent("#cb-next");
    assert.ok(next.includes(T.sms), `next step reads the SMS: ${next}`);
    assert.equal(await page.isDisabled("#cb-act-sms"), false, "at 20:58 the text may go");
    assert.ok((await page.textContent("#cb-sms-note")).includes(T.canSend));
    await screenshot(page, `callbacks-case-${size}-${lang}`);

    // The clock reaches 21:00: the SMS button is disabled and says when it may go.
    await page.clock.fastForward("02:30");
    await page.waitForFunction(() => document.getElementById("cb-act-sms")?.disabled === true, null, { timeout: 10_000 });
    const note = await page.textContent("#cb-sms-note");
    assert.ok(note.includes(T.tomorrow), note);
    await screenshot(page, `callbacks-2100-${size}-${lang}`);

    // A wrong number on another row: a contact check for the account branch, with a due date.
    await tabTo(page, 'button.cb-open[data-ref="P-1003"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.getElementById("cb-case-title")?.textContent.includes("P-1003"));
    await tabTo(page, "#cb-act-wrong_number");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#cb-tasks li[data-action="contact_check"]');
    const task = await page.textContent('#cb-tasks li[data-action="contact_check"]');
    assert.ok(task.includes(T.check) && task.includes(T.branch) && /2026-11-30/.test(task), task);

    // Reload in the middle: the saved cases come back (masked), the 工号 does not.
    await reloadReady(page);
    await page.waitForSelector("#cb-table tbody tr");
    assert.equal(await page.inputValue("#cb-agent"), "");
    await page.click('button.cb-open[data-ref="B-0042"]');
    await page.waitForSelector("#cb-case:not([hidden])");
    assert.equal(await page.locator("#cb-attempts li").count(), 3, "the three attempts are restored");
    assert.ok(await noRaw(page));
    assert.deepEqual(await unmaskedFound(page), []);

    // The quality sample: the same seed draws the same list.
    await page.click("#cb-tab-sample");
    await page.click("#cb-draw");
    await page.waitForSelector("#cb-sample-items li");
    const first = await page.$$eval("#cb-sample-items li", (li) => li.map((x) => x.textContent));
    await page.click("#cb-draw");
    const second = await page.$$eval("#cb-sample-items li", (li) => li.map((x) => x.textContent));
    assert.deepEqual(second, first);
    assert.ok(first.length >= 20, `${first.length} sampled`);
    assert.ok(await noRaw(page), "sampled agents are masked");
    await screenshot(page, `callbacks-sample-${size}-${lang}`);
    assert.deepEqual(await axeProblems(page), []);
    await page.click("#cb-tab-plan");
    assert.deepEqual(await axeProblems(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("the business row's phone script checks the caller, then asks who answered, and never asks about an ID card's expiry", async () => {
  const { context, page } = await openAt("counter", "zh-CN");
  await page.click("#cb-load");
  await page.click('button.cb-open[data-ref="B-0042"]');
  await page.waitForSelector("#cb-script li");
  const script = await page.textContent("#cb-script");
  assert.ok(!script.includes("身份证有效期"), script);
  // Line 1 is the caller check (issue 15 item 10); the first business line asks who answered.
  assert.equal(await page.getAttribute("#cb-script li >> nth=0", "data-question"), "caller_verified");
  assert.equal(await page.getAttribute("#cb-script li >> nth=1", "data-question"), "respondent_role");
  await context.close();
});

test("the kiosk never shows the staff screen", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.goto(`${env.server.url}?mode=kiosk#/callbacks`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  assert.equal(await page.$("#screen-callbacks"), null);
  await context.close();
});
