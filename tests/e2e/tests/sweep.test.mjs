// Issue 14's general check, over every screen × mode × language, first as the screen opens and
// then after the customer's usual mistake on it (a wrong digit, a bad amount, a blank required
// answer…): no raw catalog key (or undefined / [object Object]) visible; no sideways scrolling at
// 360 and 390 px, no field squeezed too narrow to read; text sizes per mode (kiosk ≥ 20 px for all text, elderly ≥ 18 px) and targets
// ≥ 60 px in both; no unmasked ID, mobile or account number in visible text, input values,
// localStorage, sessionStorage or the URL (beyond what the customer is typing); every finding about
// a field shown by that field (aria-describedby) and, for an error, marked invalid; every verdict as
// severe as the worst finding behind it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { serverAndBrowser, openAs, typeInto, screenshot, unmaskedFound, findingProblems, verdictAgrees, ROOT } from "../lib.mjs";
import { precheckWrongDigit, contactShortMobile, calendarNoDays, WRONG_DIGIT_ID, SHORT_MOBILE } from "../walks.mjs";

const env = serverAndBrowser();

/** The shared fixtures' adult ticket (made at lib.mjs NOW) with one character changed. */
const TICKET = JSON.parse(readFileSync(path.join(ROOT, "tests/fixtures/precheck/tickets.json"), "utf8")).cases[0].input;
const TAMPERED = TICKET.slice(0, 20) + (TICKET[20] === "7" ? "8" : "7") + TICKET.slice(21);

/** Catalog codes as they would leak: `ui.contact.field.mobile`, `tiers.limit_exceeded`, … */
const RAW = /(?<![\w@/.-])(ui|contact|tiers|precheck|documents|questionnaire|calendar|amount|count|mrz|ticket|resident_id|document|service|lifecycle)\.[a-z_]+(\.[\w]+)*(?![\w@])/;
const JUNK = /\bundefined\b|\[object Object\]|\bNaN\b|\bnull\b/;

/** Visible text (own text nodes, control values, labels in attributes) that is a raw key or junk. */
async function rawTexts(page) {
  return page.evaluate(([raw, junk]) => {
    const re = [new RegExp(raw), new RegExp(junk)];
    const out = [];
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden" && !e.closest("details:not([open]) > :not(summary)");
    for (const el of document.querySelectorAll("body *")) {
      if (!visible(el) || el.closest("script, style")) continue;
      const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join(" ");
      const attrs = ["placeholder", "aria-label", "title", "alt"].map((a) => el.getAttribute(a) ?? "");
      const value = el.matches("button, option, input[type=button], input[type=submit]") ? el.value ?? "" : "";
      for (const s of [own, ...attrs, value]) if (re.some((r) => r.test(s))) out.push(`${el.tagName.toLowerCase()}#${el.id}: ${s.trim().slice(0, 60)}`);
    }
    return out;
  }, [RAW.source, JUNK.source]);
}

/** Elements with text of their own (or controls) whose computed font size is below `min`. */
async function smallText(page, min) {
  return page.evaluate((min) => {
    const out = [];
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden" && !e.closest("details:not([open]) > :not(summary)");
    for (const el of document.querySelectorAll("body *")) {
      if (!visible(el) || el.closest(".visually-hidden, .skip")) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!own && !el.matches("input:not([type=checkbox]):not([type=radio]), select, textarea, button")) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < min - 0.01) out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${el.className || ""} ${px}px "${(el.textContent || el.value || "").trim().slice(0, 20)}"`);
    }
    return [...new Set(out)];
  }, min);
}

/** Interactive targets smaller than `min` in either dimension; a checkbox or radio counts by the
 * label row a finger presses. */
async function smallTargets(page, min) {
  return page.evaluate((min) => {
    const out = [];
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden" && !e.closest("details:not([open]) > :not(summary)");
    for (const el of document.querySelectorAll("button, a[href], input, select, textarea, summary")) {
      if (!visible(el) || el.classList.contains("skip") || el.type === "hidden") continue;
      let box = el;
      if (el.type === "checkbox" || el.type === "radio") box = el.parentElement.closest("label, .choice, .q-choice, .check, .check-row, .q-keep, .ct-check, .field.checkbox") ?? el;
      const r = box.getBoundingClientRect();
      if (r.width < min - 0.5 || r.height < min - 0.5) out.push(`${el.tagName.toLowerCase()}#${el.id || el.textContent.trim().slice(0, 12)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return [...new Set(out)];
  }, min);
}

/** Fields squeezed too narrow to read what is typed (a date box 60 px wide beside another field). */
async function narrowFields(page) {
  return page.evaluate(() => {
    const min = Math.min(200, innerWidth * 0.5);
    const visible = (e) => e.getClientRects().length > 0 && !e.closest("details:not([open]) > :not(summary)");
    return [...document.querySelectorAll("input:not([type=checkbox]):not([type=radio]), select, textarea")]
      .filter(visible).map((e) => [e, e.getBoundingClientRect().width]).filter(([, w]) => w < min)
      .map(([e, w]) => `${e.id || e.name} ${Math.round(w)} px`);
  });
}

/** The customer's usual mistake on each screen, typed key by key. Returns the values they typed
 * (their own input may show on their own screen) and the verdicts to hold to their findings. */
const MISTAKES = {
  async documents(page) {
    await page.selectOption("#doc-kind", "cn_resident_id");
    await typeInto(page, "#doc-number", "11010519491231002X".replace("2X", "3X")); // one wrong digit
    await page.keyboard.press("Enter");
    await page.waitForSelector("#doc-result:not([hidden])");
    return { typed: ["11010519491231003X"], verdicts: [["#doc-verdict", "#doc-form"]] };
  },
  async precheck(page) {
    await precheckWrongDigit(page);
    return { typed: [WRONG_DIGIT_ID], verdicts: [] };
  },
  async tiers(page) {
    await typeInto(page, "#tier-amount", "15000");
    await page.click("#tier-check");
    await page.waitForSelector("#tier-result:not([hidden])");
    // The lifecycle panels (issue 16): a count that is not a number, and a routine downgrade.
    await page.click("#wl > summary");
    await typeInto(page, "#wl-count", "三笔");
    await page.waitForSelector("#wl-count[aria-invalid=true]");
    await page.click("#lv > summary");
    await page.selectOption("#lv-current", "verified_5000");
    await page.selectOption("#lv-basis", "routine");
    await page.waitForSelector("#lv-notice:not([hidden])");
    return { typed: [], verdicts: [["#tier-verdict", "#tier-findings"]] };
  },
  async questionnaire(page) {
    await page.selectOption("#q-choose", "periodic");
    await page.click("#q-start");
    await page.waitForSelector("#q-run:not([hidden])");
    await page.click("#q-next"); // nothing answered
    await page.waitForSelector("#q-questions .findings li.error");
    return { typed: [], verdicts: [] };
  },
  async contact(page) {
    await contactShortMobile(page);
    return { typed: [SHORT_MOBILE], verdicts: [["#ct-summary", "#ct-form"]] };
  },
  async calendar(page) {
    await calendarNoDays(page);
    return { typed: [], verdicts: [] };
  },
  async branch(page) {
    // Staff scan a ticket with one character changed (fast keystrokes, Enter).
    await page.keyboard.type(TAMPERED, { delay: 2 });
    await page.keyboard.press("Enter");
    await page.waitForSelector("#br-verdict:not([hidden])");
    return { typed: [], verdicts: [["#br-verdict", "#br-code-findings"]] };
  },
  async errands(page) {
    // Ticks a personal errand, then switches to a business (the tick goes: it is not for businesses).
    await page.check("#er-reset_password");
    await page.check("#er-sms_alerts");
    await page.check("#er-seg-business");
    await page.waitForSelector("#er-business_open");
    return { typed: [], verdicts: [] };
  },
  async dormant(page) {
    // A business whose notice date is typed in the future, then the choice "not now".
    await page.check("#dm-kind-business_basic");
    await page.fill("#dm-sent", "2026-12-01");
    await page.waitForSelector("#dm-sent[aria-invalid=true]");
    await page.fill("#dm-sent", "2026-11-02");
    await page.check("#dm-choice-later");
    await page.waitForSelector("#dm-outcome .dm-later");
    // The wake-up questionnaire: "next" with nothing answered.
    await page.click("#dm-start");
    await page.click("#dm-q-next");
    await page.waitForSelector("#dm-q-findings li");
    // The verdict sums up the account (its findings and the date's), not the questionnaire's page.
    return { typed: [], verdicts: [["#dm-verdict", "#dm-findings, #dm-sent-findings"]] };
  },
  // Staff: an agent presses an outcome before typing their 工号.
  async callbacks(page) {
    await page.click("#cb-load");
    await page.click('button.cb-open[data-ref="B-0042"]');
    await page.click("#cb-act-no_answer");
    await page.waitForSelector("#cb-error:not([hidden])");
    return { typed: [], verdicts: [] };
  },
};

const SCREENS = Object.keys(MISTAKES);
/** Staff screens, which a kiosk never shows. */
const STAFF = ["callbacks"];

for (const mode of ["phone360", "phone", "kiosk", "elderly"]) {
  for (const lang of ["zh-CN", "en"]) {
    test(`every screen, ${mode}, ${lang}: no raw keys, no sideways scroll, sizes, no unmasked numbers, findings at their fields`, async () => {
      const problems = [];
      for (const screen of SCREENS) {
        if (mode === "kiosk" && STAFF.includes(screen)) continue;
        const { page, context, errors } = await openAs(env.browser, env.server.url, { mode, lang, screen });
        for (const stage of ["opened", "mistake"]) {
          let typed = [];
          if (stage === "mistake") {
            const r = await MISTAKES[screen](page);
            typed = r.typed;
            for (const [v, list] of r.verdicts) {
              const a = await verdictAgrees(page, v, list);
              if (a.verdict !== a.worst) problems.push(`${screen} ${stage}: verdict ${v} is ${a.verdict}, worst finding ${a.worst}`);
            }
            for (const p of await findingProblems(page)) problems.push(`${screen} ${stage}: ${p}`);
          }
          const where = `${screen} ${stage}`;
          for (const r of await rawTexts(page)) problems.push(`${where}: raw text ${r}`);
          if (mode !== "kiosk") {
            const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            if (over > 0) problems.push(`${where}: scrolls sideways by ${over} px`);
          }
          const min = mode === "kiosk" ? 20 : mode === "elderly" ? 18 : 0;
          if (min) for (const s of await smallText(page, min)) problems.push(`${where}: text ${s} < ${min}px`);
          if (mode === "kiosk" || mode === "elderly") for (const s of await smallTargets(page, 60)) problems.push(`${where}: target ${s} < 60px`);
          for (const u of await unmaskedFound(page, { allow: typed })) problems.push(`${where}: unmasked ${u}`);
          for (const n of await narrowFields(page)) problems.push(`${where}: field too narrow ${n}`);
        }
        if (mode === "phone" && lang === "zh-CN") await screenshot(page, `sweep-${screen}-mistake`);
        for (const e of errors) problems.push(`${screen}: console ${e}`);
        await context.close();
      }
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  }
}
