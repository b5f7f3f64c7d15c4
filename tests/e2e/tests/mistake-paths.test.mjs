// The realistic-mistake path of each flow, walked on a phone in Chinese and in English, on the kiosk
// and in elderly mode: the screen as a customer sees it right after their mistake, with the message
// at the field and the first problem in view. Each walk asserts what it shows.
//
// FRONTDESK_README_SHOTS=1 saves the viewport of each to docs/screenshots/<flow>-<view>.png for the
// README (views: phone-zh, phone-en, kiosk-zh, elderly-en).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { serverAndBrowser, openAs, typeInto, retype, ROOT, screenshot, findingProblems } from "../lib.mjs";
import { precheckWrongDigit, contactShortMobile, calendarNoDays, typeMrz } from "../walks.mjs";

const README_SHOTS = process.env.FRONTDESK_README_SHOTS === "1";
const env = serverAndBrowser();

const VIEWS = {
  "phone-zh": { mode: "phone", lang: "zh-CN" },
  "phone-en": { mode: "phone", lang: "en" },
  "kiosk-zh": { mode: "kiosk", lang: "zh-CN" },
  "elderly-en": { mode: "elderly", lang: "en" },
};

/** Each flow's usual mistake, typed like a person; resolves when its consequence is on screen. */
const PATHS = {
  async documents(page) {
    await typeInto(page, "#doc-number", "11010519491231002X");
    await page.fill("#doc-issue", "2005-03-10");
    await page.fill("#doc-expiry", "2025-03-10"); // an expired card
    await page.click("#doc-check");
    await page.waitForSelector('#doc-expiry-findings li[data-code="resident_id.expired"]');
    assert.equal(await page.getAttribute("#doc-verdict", "data-severity"), "error");
  },
  async mrz(page) {
    // 0 typed as 6 in the document number.
    await typeMrz(page, ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898962C36UTO7408122F1204159ZE184226B<<<<<10"]);
    await page.click("#mrz-check");
    await page.waitForSelector('#mrz-view .mrz-suspect[data-pos="2:6"]');
  },
  precheck: precheckWrongDigit,
  async tiers(page) {
    await retype(page, "#tier-amount", "１．５万"); // ¥15,000 on a Class II, typed the Chinese way
    await page.keyboard.press("Enter");
    await page.waitForSelector("#tier-result:not([hidden])");
    assert.equal(await page.getAttribute("#tier-verdict", "data-severity"), "error");
  },
  async questionnaire(page) {
    await page.selectOption("#q-choose", "periodic");
    await page.click("#q-start");
    await page.click('[data-q="mobile_same"] input[value="false"]');
    // Elderly mode asks one question per screen: Next brings the new number's.
    if (!(await page.$('[data-q="new_mobile"]'))) await page.click("#q-next");
    await typeInto(page, '[data-q="new_mobile"] input', "1391234567"); // one digit short
    await page.keyboard.press("Tab");
    await page.waitForSelector("#q-new_mobile-findings li.error");
  },
  contact: contactShortMobile,
  calendar: calendarNoDays,
};

const SCREEN = { mrz: "documents" };

for (const [view, { mode, lang }] of Object.entries(VIEWS)) {
  test(`the mistake path of every flow, ${view}: the message at its field, in view`, async () => {
    for (const [flow, walk] of Object.entries(PATHS)) {
      const { page, context, errors } = await openAs(env.browser, env.server.url, { mode, lang, screen: SCREEN[flow] ?? flow });
      await walk(page);
      assert.deepEqual(await findingProblems(page), [], `${flow} ${view}`);
      // What the page focused (the first problem, or the answer) is on screen.
      const seen = await page.evaluate(() => {
        const r = document.activeElement?.getBoundingClientRect();
        return !!r && r.bottom > 0 && r.top < innerHeight;
      });
      assert.ok(seen, `${flow} ${view}: the focused problem or answer is in view`);
      assert.deepEqual(errors, [], `${flow} ${view}: console errors`);
      if (README_SHOTS) {
        const dir = path.join(ROOT, "docs/screenshots");
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: path.join(dir, `${flow}-${view}.png`) });
      } else await screenshot(page, `path-${flow}-${view}`);
      await context.close();
    }
  });
}
