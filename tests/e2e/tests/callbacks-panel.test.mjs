// The callback agent's side panel (issue 16 §1.9 item 4, §1.6), used as an agent uses it, keyboard
// only: open the overdue business row, press 已完成（开始问卷）, the package's phone questionnaire
// runs beside the case — the caller check first (是), then the questions, answered by choosing and
// typing like a person, with a low satisfaction; the signed record goes to callbackCase, whose
// follow-ups are the task list (department, due date, priority); a reload midway resumes the run;
// the second-contact task runs the second_contact questionnaire (基本满意) and the case says the
// customer was satisfied in the end. A second case: the caller check answered 否 → no account
// question is shown, the attempt is recorded as not verified, and the agent can retry. On a counter
// PC (1366×768) and a phone (390×844), in Chinese and English; axe-core clean; screenshots to look at.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, tabTo, screenshot, exposed, unmaskedFound, reloadReady, openStaffScreen, axeProblems } from "../lib.mjs";

const env = serverAndBrowser();

const AGENT = "A100293";
const START = new Date("2026-11-23T10:00:00+08:00");
const TEXT = {
  "zh-CN": { completed: "已完成（开始问卷）", second: "开始二次沟通", cs: "客户服务中心", satisfied: "最终满意", reason: "排队等了四十分钟", detail: "上次柜台排队太久", notVerified: "未核实身份", retry: "重新核实" },
  en: { completed: "Completed (start questionnaire)", second: "Start second contact", cs: "Customer service centre", satisfied: "Satisfied in the end", reason: "Waited forty minutes", detail: "The queue at the counter was too long", notVerified: "caller not verified", retry: "Check the caller again" },
};

const openAt = (size, lang) => openStaffScreen(env, { screen: "callbacks", size, lang, start: START });

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

/** The question on screen is `qid` (the package's order decides what comes next). */
async function at(page, qid) {
  await page.waitForFunction((q) => document.querySelector("#cb-q-text")?.dataset.q === q, qid, { timeout: 10_000 }).catch(async () => {
    throw new Error(`expected question ${qid}, the panel shows ${await page.getAttribute("#cb-q-text", "data-q").catch(() => "nothing")}`);
  });
}

/** A radio answer by keyboard: Tab into the group, arrow keys to the option, Space. */
async function choose(page, qid, value) {
  await at(page, qid);
  const target = `cb-q-${qid}-${value}`;
  await tabTo(page, `input[name="cb-q-${qid}"]`);
  for (let i = 0; i < 12; i++) {
    if ((await focusedId(page)) === target) break;
    await page.keyboard.press("ArrowDown");
  }
  assert.equal(await focusedId(page), target);
  await page.keyboard.press("Space");
  await page.waitForFunction((id) => document.getElementById(id)?.checked === true, target);
  await next(page);
}

/** Tick boxes (multiple choice or a notice to acknowledge) with Space. */
async function tick(page, qid, values) {
  await at(page, qid);
  for (const v of values) {
    const id = v === null ? `cb-q-${qid}` : `cb-q-${qid}-${v}`;
    await tabTo(page, `#${id}`);
    await page.keyboard.press("Space");
    await page.waitForFunction((x) => document.getElementById(x)?.checked === true, id);
  }
  await next(page);
}

/** Type an answer key by key. */
async function type(page, qid, text) {
  await at(page, qid);
  await tabTo(page, `#cb-q-${qid}`);
  await page.keyboard.type(text);
  // One Tab leaves the field for the panel's buttons (the answer must not drop the focus).
  await page.keyboard.press("Tab");
  assert.equal(await focusedId(page), "cb-q-back");
  await next(page);
}

async function next(page) {
  const sel = (await page.$("#cb-q-next")) ? "#cb-q-next" : "#cb-q-finish";
  await tabTo(page, sel);
  await page.keyboard.press("Enter");
}

async function signIn(page) {
  await page.click("#cb-agent");
  await page.keyboard.type(AGENT);
  await page.keyboard.press("Tab");
  await tabTo(page, "#cb-load");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#cb-table tbody tr");
}

async function openRow(page, ref) {
  await tabTo(page, `button.cb-open[data-ref="${ref}"]`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((r) => document.getElementById("cb-case-title")?.textContent.includes(r), ref);
}

const raw = async (page) => {
  const x = await exposed(page);
  return [x.text, ...x.values, ...x.local, ...x.session, x.url].join("\n").includes(AGENT);
};

for (const [size, lang] of [["counter", "zh-CN"], ["phone", "en"], ["phone", "zh-CN"], ["counter", "en"]]) {
  test(`an agent completes a business callback by phone, hands off a low rating and closes it satisfied (${size}, ${lang})`, async () => {
    const T = TEXT[lang];
    const { context, page, errors } = await openAt(size, lang);
    await signIn(page);
    await openRow(page, "B-0042");
    assert.equal((await page.textContent("#cb-act-completed")).trim(), T.completed);
    await tabTo(page, "#cb-act-completed");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cb-run:not([hidden])");
    assert.equal(await focusedId(page), "cb-run-title", "the side panel takes the focus");
    // The phone channel's caller check comes first.
    await choose(page, "caller_verified", "true");
    await choose(page, "respondent_role", "legal_representative");
    await choose(page, "still_operating", "true");
    await choose(page, "flows_normal", "true");
    await choose(page, "unrecognised_txn", "false");
    await choose(page, "new_partners", "false");
    await choose(page, "volume_change", "similar");
    await tick(page, "info_changed", ["none"]);
    // Reload midway: the run comes back where it was (a draft of answers only).
    await reloadReady(page);
    await at(page, "who_operates");
    assert.ok(!(await raw(page)), "the 工号 is not kept");
    assert.deepEqual(await unmaskedFound(page), []);
    await page.click("#cb-agent");
    await page.keyboard.type(AGENT);
    await page.keyboard.press("Tab");
    await choose(page, "who_operates", "own_staff");
    await choose(page, "credentials_kept", "true");
    await tick(page, "notice_codes_business", [null]);
    await tick(page, "notice_no_lending", [null]);
    await choose(page, "others_asked", "false");
    await choose(page, "satisfaction", "2");
    await type(page, "satisfaction_reason", T.reason);
    await at(page, "bank_support_consent");
    await screenshot(page, `callbacks-panel-run-${size}-${lang}`);
    await choose(page, "bank_support_consent", "false");
    // Finished: the case is completed; its tasks come from callbackCase.
    await page.waitForSelector("#cb-run", { state: "hidden" });
    await page.waitForSelector('#cb-tasks li[data-action="second_contact"]');
    const task = await page.textContent('#cb-tasks li[data-action="second_contact"]');
    assert.ok(task.includes(T.cs) && task.includes("2026-11-26"), task);
    assert.ok(!task.includes("ui."), task);
    // The row says the callback is done (the plan's progress), not how overdue it was.
    const chip = page.locator('#cb-table tr[data-ref="B-0042"] .chip');
    assert.equal(await chip.getAttribute("data-progress"), "completed");
    assert.ok(!/逾期|overdue/i.test(await chip.textContent()), await chip.textContent());
    assert.ok(!(await page.textContent("#cb-case")).includes("null"), "no stray null in the case panel");
    assert.ok((await page.textContent("#cb-attempts")).length > 0);
    // A completed case takes no more attempts.
    for (const b of ["completed", "no_answer", "refused", "wrong_number"]) assert.equal(await page.isDisabled(`#cb-act-${b}`), true, b);
    await screenshot(page, `callbacks-panel-tasks-${size}-${lang}`);
    assert.deepEqual(await axeProblems(page), []);

    // The second contact, started from its task.
    await tabTo(page, "button.cb-second");
    assert.equal((await page.textContent("button.cb-second")).trim(), T.second);
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cb-run:not([hidden])");
    await choose(page, "caller_verified", "true");
    await choose(page, "ok_to_talk", "true");
    await type(page, "issue_detail", T.detail);
    await choose(page, "resolution_status", "resolved");
    await choose(page, "satisfied_now", "partly");
    await page.waitForSelector("#cb-satisfaction[data-satisfied=true]");
    assert.ok((await page.textContent("#cb-satisfaction")).includes(T.satisfied));
    assert.equal(await page.getAttribute('#cb-tasks li[data-action="second_contact"]', "data-done"), "true");
    await screenshot(page, `callbacks-panel-satisfied-${size}-${lang}`);
    assert.deepEqual(await axeProblems(page), []);
    assert.ok(!(await raw(page)));
    assert.deepEqual(await unmaskedFound(page), []);
    assert.ok(!(await page.textContent("body")).includes("ui.callbacks"), "no raw catalog key");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a caller who is not verified hears nothing of the account; the attempt is recorded and the agent can retry (${size}, ${lang})`, async () => {
    const T = TEXT[lang];
    const { context, page, errors } = await openAt(size, lang);
    await signIn(page);
    await openRow(page, "P-1001");
    await tabTo(page, "#cb-act-completed");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#cb-run:not([hidden])");
    await choose(page, "caller_verified", "false");
    await page.waitForSelector("#cb-q-retry");
    const panel = await page.textContent("#cb-run");
    // Nothing of the account's questions was shown or asked.
    assert.equal(await page.$("#cb-q-text"), null);
    assert.ok(!/opened_by_me|mobile_same/.test(panel));
    assert.ok((await page.textContent("#cb-attempts")).includes(T.notVerified));
    assert.equal(await page.$('#cb-tasks li[data-action="second_contact"]'), null);
    await screenshot(page, `callbacks-panel-notverified-${size}-${lang}`);
    assert.deepEqual(await axeProblems(page), []);
    assert.ok((await page.textContent("#cb-q-retry")).includes(T.retry));
    await page.focus("#cb-q-retry");
    await page.keyboard.press("Enter");
    await at(page, "caller_verified");
    assert.deepEqual(errors, []);
    await context.close();
  });
}
