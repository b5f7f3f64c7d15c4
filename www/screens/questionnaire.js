// Callback questionnaire (回访) for the app and the kiosk: choose a callback, answer page by page
// with a progress bar, back and next, resume after a reload (only when the customer ticks "keep my
// progress on this device"), and see the follow-ups at the end. Every rule, text and decision comes
// from the package: this file renders the session's view and forwards answers.
//
// Typing never rebuilds a question: answers update the session and the page updates values and
// messages in place, keeping the focus where the customer is (keyboard arrows on a radio group, Tab
// between the parts of an address). A question's messages show once the customer has left it, or
// when they press "next".
import { ctx, h, renderFindings, announce, DRAFT_PREFIX } from "../ui.js";
import { offerSurvey } from "./satisfaction.js";

export const id = "questionnaire";
export const titleCode = "ui.questionnaire.title";

/** A draft the customer chose to keep ("keep my progress"): answers only (`session.saveDraft()`
 * holds no number on file); the shell clears drafts on timeout. */
const STORE_KEY = `${DRAFT_PREFIX}questionnaire`;
/** Demo context. A bank's app passes what its server knows (numbers on file are shown masked and
 * never kept on the device: a resumed draft gets them from here again). */
const DEMO_CONTEXT = {
  customerRef: "C0000000001",
  accountRef: "6228480402564890018",
  accountType: "class_i",
  mobileOnFile: "13800000000",
  transactionAmountFen: 5000000,
  transactionDate: "2026-11-20",
  transactionChannel: "mobile_banking",
};
const ADDRESS_PARTS = ["province", "city", "district", "detail", "postcode"];

let els;
let session = null;
let finished = null;
/** The session behind `finished` (its follow-ups follow a language switch). */
let doneSession = null;
/** Elderly mode (MIIT rules, domain §6): one question per screen; which question of the page is shown. */
let qIndex = 0;
let lastCount = 0;
/** Questions whose messages are shown (left by the customer, or all after "next"). */
let shown = new Set();
/** The structure the question list was built for (ids, types, options, texts). */
let builtShape = "";
const elderly = () => document.body.classList.contains("elderly");

function channel() {
  return new URLSearchParams(location.search).get("channel") === "kiosk" ? "kiosk" : "in_app";
}

function storage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function persist() {
  const store = storage();
  if (!store) return;
  if (session && els.keep.checked && !ctx.kiosk) store.setItem(STORE_KEY, session.saveDraft());
  else store.removeItem(STORE_KEY);
}

export function mount(section) {
  const select = h("select", { id: "q-choose", name: "questionnaire" });
  const keep = h("input", { type: "checkbox", id: "q-keep", onchange: persist });
  const start = h("button", { type: "button", id: "q-start", class: "primary", i18n: "ui.questionnaire.start", onclick: startChosen });
  // A kiosk is shared: nothing is kept there, so the box is not offered.
  const confirm = h("div", { id: "q-confirm", class: "banner", role: "group", "aria-labelledby": "q-confirm-text", hidden: true },
    h("p", { id: "q-confirm-text" }),
    h("button", { type: "button", id: "q-confirm-continue", i18n: "ui.questionnaire.keepGoing", onclick: keepGoing }),
    h("button", { type: "button", id: "q-confirm-discard", class: "secondary", i18n: "ui.questionnaire.discard", onclick: discardAndStart }));
  const chooser = h("div", { class: "q-chooser" },
    h("div", { class: "field" }, h("label", { for: "q-choose", i18n: "ui.questionnaire.choose" }), select),
    h("div", { class: "q-keep", hidden: ctx.kiosk }, keep, h("label", { for: "q-keep", i18n: "ui.questionnaire.keep" })),
    h("p", { class: "hint", i18n: "ui.questionnaire.keepHelp", hidden: ctx.kiosk }),
    start, confirm);
  const status = h("p", { id: "q-status", class: "hint", role: "status" });
  const progress = h("progress", { id: "q-progress", max: "100", value: "0" });
  const progressLabel = h("span", { id: "q-progress-label" });
  const list = h("div", { id: "q-questions" });
  list.addEventListener("focusout", onFocusOut);
  const run = h("div", { id: "q-run", hidden: true },
    h("h3", { id: "q-title" }),
    h("p", { id: "q-intro", class: "hint" }),
    h("div", { class: "q-progress" }, h("label", { for: "q-progress", i18n: "ui.questionnaire.progress" }), progress, progressLabel),
    h("h4", { id: "q-page-title", tabindex: "-1" }),
    list,
    h("div", { class: "q-buttons" },
      h("button", { type: "button", id: "q-back", i18n: "ui.questionnaire.back", onclick: back }),
      h("button", { type: "button", id: "q-next", class: "primary", i18n: "ui.questionnaire.next", onclick: next }),
      h("button", { type: "button", id: "q-finish", class: "primary", i18n: "ui.questionnaire.finish", onclick: finish })));
  const done = h("div", { id: "q-done", hidden: true },
    h("p", { class: "verdict ok", "data-severity": "ok", i18n: "ui.questionnaire.done" }),
    h("div", { id: "q-urgent", role: "alert" }),
    h("h3", { i18n: "ui.questionnaire.followUps" }),
    h("ul", { id: "q-followups", class: "q-followups" }),
    h("details", { class: "staff", id: "q-staff" },
      h("summary", { i18n: "ui.staff.details" }),
      h("p", {}, h("span", { i18n: "ui.questionnaire.reference" }), " ", h("code", { id: "q-checksum" })),
      h("p", { i18n: "ui.questionnaire.internalFollowUps" }),
      h("ul", { id: "q-internal" })),
    h("button", { type: "button", id: "q-restart", i18n: "ui.questionnaire.restart", onclick: restart }));
  section.append(h("h2", { i18n: titleCode }), chooser, status, run, done);
  els = { section, select, keep, chooser, confirm, status, run, done, progress, progressLabel, list };
  fillChooser();
  resumeStored();
}

function fillChooser() {
  const current = els.select.value;
  // A personal customer's own questionnaires first (the list comes sorted by id, which put the
  // business ones first: the picker opened on 单位信息变更确认); business ones after them.
  const all = ctx.desk.listQuestionnaires();
  const ordered = [...all.filter((q) => q.audience !== "business"), ...all.filter((q) => q.audience === "business")];
  els.select.replaceChildren(...ordered.map((q) => h("option", { value: q.id, text: q.title })));
  if (current) els.select.value = current;
}

function resumeStored() {
  const saved = ctx.kiosk ? null : storage()?.getItem(STORE_KEY);
  if (!saved) return;
  try {
    session = ctx.desk.resumeQuestionnaire(saved, DEMO_CONTEXT);
    els.keep.checked = true;
    els.status.textContent = ctx.t("ui.questionnaire.resumed");
    const view = session.view();
    els.select.value = view.questionnaireId;
    shown = new Set(view.questions.filter((q) => q.value !== null).map((q) => q.id));
    render(view);
  } catch (e) {
    storage()?.removeItem(STORE_KEY);
    session = null;
    els.status.textContent = ctx.t("ui.questionnaire.resumeFailed");
    console.warn("saved questionnaire refused:", e?.code);
  }
}

/** Answers given so far in the running session (nothing to lose when there are none). */
function hasAnswers() {
  return session && session.view().progress.answered > 0;
}

function startChosen() {
  if (hasAnswers()) {
    // Starting again would throw away what the customer typed: ask first.
    const title = session.view().title;
    els.confirm.querySelector("#q-confirm-text").textContent = ctx.t("ui.questionnaire.confirmDiscard", { title });
    els.confirm.hidden = false;
    els.confirm.querySelector("#q-confirm-continue").focus();
    return;
  }
  discardAndStart();
}

function keepGoing() {
  els.confirm.hidden = true;
  els.select.value = session.view().questionnaireId;
  els.section.querySelector("#q-page-title").focus();
}

function discardAndStart() {
  els.confirm.hidden = true;
  session?.free();
  doneSession?.free();
  doneSession = null;
  finished = null;
  session = ctx.desk.startQuestionnaire(els.select.value, DEMO_CONTEXT, channel());
  qIndex = 0;
  shown = new Set();
  builtShape = "";
  els.status.textContent = "";
  persist();
  render(session.view());
  els.section.querySelector("#q-page-title").focus();
}

/** Run a session step (next / back), keep the saved copy up to date, re-render. */
function act(step, index = 0) {
  flushTexts();
  const before = session.view().page.number;
  const view = step();
  persist();
  qIndex = index;
  const firstError = view.questions.findIndex((q) => q.findings.some((f) => f.severity === "error"));
  const refused = view.page.number === before && firstError >= 0;
  if (refused) {
    // "Next" on an incomplete page: every message of the page shows, the first problem gets focus.
    for (const q of view.questions) shown.add(q.id);
    qIndex = firstError;
  }
  render(view);
  if (refused) focusQuestion(view.questions[firstError].id);
  else els.section.querySelector("#q-page-title").focus();
}

function next() {
  if (elderly() && qIndex < lastCount - 1) {
    flushTexts();
    const view = session.view();
    const q = view.questions[qIndex];
    const done = q && !q.findings.some((f) => f.severity === "error") && (q.value !== null || !q.required);
    if (done) {
      // One question per screen: on to the next one of this page.
      qIndex += 1;
      persist();
      render(view);
      els.section.querySelector("#q-page-title").focus();
      return;
    }
    // The one shown is not answered yet: the package says what is missing (and the page stays).
  }
  act(() => session.next());
}

function back() {
  if (elderly() && qIndex > 0) {
    flushTexts();
    qIndex -= 1;
    persist();
    render(session.view());
    els.section.querySelector("#q-page-title").focus();
  } else act(() => session.back(), Number.MAX_SAFE_INTEGER);
}

/** Give an answer; the page updates in place (focus stays where the customer is). */
function answer(qid, value) {
  session.answer(qid, value);
  persist();
  render(session.view());
}

/** The customer left question `qid` (focus moved outside it): its messages show from now on. */
function onFocusOut(event) {
  const box = event.target.closest?.("[data-q]");
  if (!box || (event.relatedTarget && box.contains(event.relatedTarget))) return;
  const qid = box.dataset.q;
  if (shown.has(qid) || !session) return;
  shown.add(qid);
  render(session.view());
}

/** Text-like inputs answer on "change"; make sure the last typed value is in before moving on. */
function flushTexts() {
  for (const el of els.section.querySelectorAll("[data-text-q]")) {
    const qid = el.dataset.textQ;
    try {
      session.answer(qid, el.value.trim() === "" ? null : el.value);
    } catch {
      /* the question is no longer shown */
    }
  }
  for (const box of els.section.querySelectorAll("[data-address-q]")) {
    try {
      session.answer(box.dataset.addressQ, addressValue(box));
    } catch {
      /* no longer shown */
    }
  }
}

function addressValue(box) {
  const parts = {};
  let any = false;
  for (const k of ADDRESS_PARTS) {
    parts[k] = box.querySelector(`[data-part=${k}]`).value;
    if (parts[k].trim()) any = true;
  }
  return any ? parts : null;
}

function control(q) {
  const name = `q-${q.id}`;
  const radio = (value, label) =>
    h("label", { class: "q-choice", for: `${name}-${value}` },
      h("input", { type: "radio", id: `${name}-${value}`, name, value: String(value), "data-value": JSON.stringify(value), onchange: () => answer(q.id, value) }),
      h("span", { text: label }));
  switch (q.type) {
    case "yes_no":
      return h("div", { class: "q-choices", role: "radiogroup" },
        radio(true, ctx.t("ui.questionnaire.yes")),
        radio(false, ctx.t("ui.questionnaire.no")));
    case "rating":
      return h("div", { class: "q-choices q-rating", role: "radiogroup" }, [1, 2, 3, 4, 5].map((n) => radio(n, String(n))));
    case "single_choice":
      return h("div", { class: "q-choices", role: "radiogroup" }, q.options.map((o) => radio(o.value, o.text)));
    case "multiple_choice":
      return h("div", { class: "q-choices", role: "group" }, q.options.map((o) =>
        h("label", { class: "q-choice", for: `${name}-${o.value}` },
          h("input", { type: "checkbox", id: `${name}-${o.value}`, name, value: o.value, "data-value": JSON.stringify(o.value), onchange: (e) => {
            const box = e.target.closest(".q-choices");
            const chosen = [...box.querySelectorAll("input:checked")].map((i) => i.value);
            answer(q.id, chosen.length ? chosen : null);
          } }),
          h("span", { text: o.text }))));
    case "notice":
      return h("label", { class: "q-choice q-ack", for: name },
        h("input", { type: "checkbox", id: name, name, "data-value": "true", onchange: (e) => answer(q.id, e.target.checked ? true : null) }),
        h("span", { i18n: "ui.questionnaire.acknowledge" }));
    case "address": {
      const v = q.value && typeof q.value === "object" ? q.value : {};
      const box = h("div", { class: "q-address", role: "group", "data-address-q": q.id });
      for (const k of ADDRESS_PARTS) {
        const inputId = `${name}-${k}`;
        const input = h("input", { id: inputId, "data-part": k, autocomplete: "off", maxlength: k === "postcode" ? "6" : "120",
          inputmode: k === "postcode" ? "numeric" : undefined, onchange: () => {
            // Each part is kept as the customer moves on; nothing is rebuilt and focus stays.
            session.answer(q.id, addressValue(box));
            persist();
            render(session.view());
          } });
        input.value = v[k] ?? "";
        box.append(h("div", { class: "field" }, h("label", { for: inputId, i18n: `ui.questionnaire.${k}` }), input));
      }
      return box;
    }
    default: {
      const attrs = { "data-text-q": q.id, autocomplete: "off", spellcheck: "false",
        onchange: (e) => answer(q.id, e.target.value.trim() === "" ? null : e.target.value) };
      let el;
      if (q.type === "text") el = h("textarea", { ...attrs, rows: "3", maxlength: String(ctx.limits.questionnaireTextChars) });
      else {
        const type = { email: "email", date: "date" }[q.type] ?? "text";
        el = h("input", { ...attrs, type, inputmode: q.type === "mobile" ? "tel" : undefined, maxlength: q.type === "date" ? undefined : "254" });
      }
      el.value = typeof q.value === "string" ? q.value : "";
      return el;
    }
  }
}

/** Everything that decides how the question list is built (not the values or the messages). */
function shapeOf(questions) {
  return JSON.stringify(questions.map((q) => [q.id, q.type, q.text, q.help, q.required, q.options.map((o) => [o.value, o.text])]));
}

function build(shownQuestions) {
  els.list.replaceChildren(...shownQuestions.map((q) => {
    const findings = h("ul", { class: "findings", id: `q-${q.id}-findings` });
    const ctl = control(q);
    const labelId = `q-${q.id}-label`;
    ctl.setAttribute("aria-labelledby", labelId);
    ctl.setAttribute("aria-describedby", findings.id);
    ctl.classList.add("q-control");
    if (ctl.matches("input, textarea")) ctl.id = `q-${q.id}`;
    return h("fieldset", { class: `q-question q-${q.type}`, "data-q": q.id, "data-type": q.type },
      h("legend", { id: labelId, class: q.type === "notice" ? "q-notice-text" : undefined }, q.text, q.required ? h("span", { class: "req", "aria-hidden": "true", text: " *" }) : null),
      q.help ? h("p", { class: "hint", text: q.help }) : null,
      ctl, findings);
  }));
}

/** Values and messages of a built question, in place. */
function update(q) {
  const box = els.list.querySelector(`[data-q="${CSS.escape(q.id)}"]`);
  if (!box) return;
  const ctl = box.querySelector(".q-control");
  for (const input of box.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    const v = JSON.parse(input.dataset.value);
    input.checked = Array.isArray(q.value) ? q.value.includes(v) : q.value === v;
  }
  const visible = shown.has(q.id) ? q.findings : [];
  renderFindings(box.querySelector(".findings"), visible);
  const bad = visible.some((f) => f.severity === "error");
  for (const el of [ctl, ...box.querySelectorAll("input:not([type=radio]):not([type=checkbox]), textarea")]) {
    if (bad) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  }
}

function focusQuestion(qid) {
  const box = els.list.querySelector(`[data-q="${CSS.escape(qid)}"]`);
  if (!box) return;
  box.scrollIntoView({ block: "center" });
  (box.querySelector("input:checked") ?? box.querySelector("input, textarea, select"))?.focus({ preventScroll: true });
}

function render(view) {
  els.chooser.hidden = false;
  els.run.hidden = false;
  els.done.hidden = true;
  const $ = (s) => els.section.querySelector(s);
  $("#q-title").textContent = view.title;
  $("#q-intro").textContent = view.intro ?? "";
  $("#q-page-title").textContent = `${view.page.title} · ${ctx.t("ui.questionnaire.pageOf", { n: view.page.number, count: view.page.count })}`;
  els.progress.value = view.progress.percent;
  els.progress.setAttribute("aria-valuetext", `${view.progress.answered}/${view.progress.total}`);
  els.progressLabel.textContent = ` ${view.progress.answered}/${view.progress.total} (${view.progress.percent}%)`;
  const one = elderly();
  lastCount = view.questions.length;
  qIndex = Math.max(0, Math.min(qIndex, lastCount - 1));
  const inner = one && qIndex < lastCount - 1;
  const shownQuestions = one ? view.questions.slice(qIndex, qIndex + 1) : view.questions;
  const shape = shapeOf(shownQuestions);
  if (shape !== builtShape) {
    // New questions appeared or went (an answer changed what is asked): rebuild, keeping the
    // focus on the same control when it is still there.
    const focused = els.list.contains(document.activeElement) ? document.activeElement.id : "";
    build(shownQuestions);
    builtShape = shape;
    if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
  }
  for (const q of shownQuestions) update(q);
  $("#q-back").disabled = !(view.canBack || (one && qIndex > 0));
  $("#q-next").hidden = !(view.canNext || inner);
  $("#q-finish").hidden = view.canNext || inner;
  $("#q-finish").disabled = !view.canFinish;
}

function finish() {
  flushTexts();
  try {
    finished = session.finish();
  } catch (e) {
    act(() => session.next());
    return;
  }
  storage()?.removeItem(STORE_KEY);
  // The finished session is kept until "start again", so a language switch can render the
  // follow-ups anew.
  doneSession = session;
  session = null;
  builtShape = "";
  renderDone();
  // Hand the follow-ups (contact-update prefill included) to whichever screen takes them.
  window.dispatchEvent(new CustomEvent("frontdesk:followups", { detail: finished.followUps }));
  // A finished callback is a finished flow: offer the satisfaction survey (issue 16 §3.1), unless
  // this was the survey itself or a second contact about it, or the customer has just been told
  // to act now (an urgent follow-up: "freeze your card" is no moment to ask for a rating).
  const urgent = finished.followUps.some((f) => f.priority === "urgent");
  if (!urgent && !["satisfaction", "second_contact"].includes(finished.record.questionnaireId)) {
    offerSurvey({ flow: "questionnaire", serviceChannel: channel() === "kiosk" ? "kiosk" : "app" });
  }
}

function renderDone() {
  els.run.hidden = true;
  els.done.hidden = false;
  const $ = (s) => els.section.querySelector(s);
  // What the customer reads: follow-ups written for them (with guidance). The bank's own tasks
  // (e.g. a product call they agreed to) are listed for staff only.
  const forCustomer = finished.followUps.filter((f) => f.guidance);
  const internal = finished.followUps.filter((f) => !f.guidance);
  const urgent = forCustomer.filter((f) => f.showNow);
  $("#q-urgent").replaceChildren(...urgent.map((f) =>
    h("div", { class: `q-urgent ${f.priority}`, "data-id": f.id },
      h("strong", { text: `${ctx.t("ui.questionnaire.urgent")}: ${f.title}` }), h("p", { text: f.guidance }))));
  $("#q-followups").replaceChildren(...(forCustomer.length
    ? forCustomer.map((f) => h("li", { "data-id": f.id, "data-action": f.action, "data-priority": f.priority, class: f.priority },
        h("strong", { text: f.title }), !f.showNow ? h("p", { text: f.guidance }) : null,
        // A changed phone or address opens the contact-update screen pre-filled (the shell routes it).
        f.action === "contact_update"
          ? h("button", { type: "button", class: "secondary", "data-open": f.id, i18n: "ui.questionnaire.openContactUpdate",
              onclick: () => window.dispatchEvent(new CustomEvent("frontdesk:open-followup", { detail: f })) })
          : null))
    : [h("li", { i18n: "ui.questionnaire.noFollowUps" })]));
  $("#q-internal").replaceChildren(...internal.map((f) => h("li", { "data-id": f.id, "data-action": f.action, text: f.title })));
  $("#q-checksum").textContent = finished.record.checksum.slice(0, 19);
  announce(urgent[0]?.guidance ?? ctx.t("ui.questionnaire.done"));
}

function restart() {
  doneSession?.free();
  doneSession = null;
  finished = null;
  els.done.hidden = true;
  els.run.hidden = true;
}

/** Locale or mode changed: the session renders in the new language (and one question per screen
 * in elderly mode). */
export function refresh() {
  if (!els) return;
  fillChooser();
  if (session) {
    session.setLocale(ctx.desk.info().locale);
    render(session.view());
  } else if (finished && doneSession) {
    doneSession.setLocale(ctx.desk.info().locale);
    finished = doneSession.finish();
    renderDone();
  }
}

/** Forget everything (kiosk timeout): the session, the saved copy, the screen, the choice. */
export function clear() {
  session?.free();
  session = null;
  doneSession?.free();
  doneSession = null;
  finished = null;
  qIndex = 0;
  shown = new Set();
  builtShape = "";
  storage()?.removeItem(STORE_KEY);
  if (!els) return;
  els.keep.checked = false;
  els.select.selectedIndex = 0;
  els.confirm.hidden = true;
  els.run.hidden = true;
  els.done.hidden = true;
  els.status.textContent = "";
  // The intro names the (masked) account and the done page the record: forget them too.
  for (const sel of ["#q-title", "#q-intro", "#q-page-title", "#q-progress-label", "#q-urgent", "#q-followups", "#q-checksum", "#q-internal"]) {
    els.section.querySelector(sel).replaceChildren();
  }
  els.progress.value = 0;
  els.list.replaceChildren();
}
