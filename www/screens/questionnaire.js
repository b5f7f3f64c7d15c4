// Callback questionnaire (回访) for the app and the kiosk: choose a callback, answer page by page
// with a progress bar, back and next, resume after a reload (only when the customer ticks "keep my
// progress on this device"), and see the follow-ups at the end. Every rule, text and decision comes
// from the package: this file renders the session's view and forwards answers.
import { ctx, h, renderFindings, announce, DRAFT_PREFIX } from "../ui.js";

export const id = "questionnaire";
export const titleCode = "ui.questionnaire.title";

/** A draft the customer chose to keep ("keep my progress"): the shell clears drafts on timeout. */
const STORE_KEY = `${DRAFT_PREFIX}questionnaire`;
/** Demo context. A bank's app passes what its server knows (numbers on file are shown masked). */
const DEMO_CONTEXT = {
  customerRef: "C0000000001",
  accountRef: "6228480402564890018",
  accountType: "class_i",
  mobileOnFile: "13800000000",
  transactionAmountFen: 5000000,
  transactionDate: "2026-11-20",
  transactionChannel: "mobile_banking",
};

let els;
let session = null;
let finished = null;
/** Elderly mode (MIIT rules, domain §6): one question per screen; which question of the page is shown. */
let qIndex = 0;
let lastCount = 0;
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
  if (session && els.keep.checked) store.setItem(STORE_KEY, session.save());
  else store.removeItem(STORE_KEY);
}

export function mount(section) {
  const select = h("select", { id: "q-choose", name: "questionnaire" });
  const keep = h("input", { type: "checkbox", id: "q-keep", onchange: persist });
  const start = h("button", { type: "button", id: "q-start", class: "primary", i18n: "ui.questionnaire.start", onclick: startChosen });
  // A kiosk is shared: nothing is kept there, so the box is not offered.
  const chooser = h("div", { class: "q-chooser" },
    h("div", { class: "field" }, h("label", { for: "q-choose", i18n: "ui.questionnaire.choose" }), select),
    h("div", { class: "q-keep", hidden: ctx.kiosk }, keep, h("label", { for: "q-keep", i18n: "ui.questionnaire.keep" })),
    h("p", { class: "hint", i18n: "ui.questionnaire.keepHelp", hidden: ctx.kiosk }),
    start);
  const status = h("p", { id: "q-status", class: "hint", role: "status" });
  const progress = h("progress", { id: "q-progress", max: "100", value: "0" });
  const progressLabel = h("span", { id: "q-progress-label" });
  const run = h("div", { id: "q-run", hidden: true },
    h("h3", { id: "q-title" }),
    h("p", { id: "q-intro", class: "hint" }),
    h("div", { class: "q-progress" }, h("label", { for: "q-progress", i18n: "ui.questionnaire.progress" }), progress, progressLabel),
    h("h4", { id: "q-page-title" }),
    h("div", { id: "q-questions" }),
    h("div", { class: "q-buttons" },
      h("button", { type: "button", id: "q-back", i18n: "ui.questionnaire.back", onclick: back }),
      h("button", { type: "button", id: "q-next", class: "primary", i18n: "ui.questionnaire.next", onclick: next }),
      h("button", { type: "button", id: "q-finish", class: "primary", i18n: "ui.questionnaire.finish", onclick: finish })));
  const done = h("div", { id: "q-done", hidden: true },
    h("p", { class: "verdict ok", i18n: "ui.questionnaire.done" }),
    h("div", { id: "q-urgent", role: "alert" }),
    h("h3", { i18n: "ui.questionnaire.followUps" }),
    h("ul", { id: "q-followups", class: "q-followups" }),
    h("p", { class: "hint" }, h("span", { i18n: "ui.questionnaire.reference" }), " ", h("code", { id: "q-checksum" })),
    h("button", { type: "button", id: "q-restart", i18n: "ui.questionnaire.restart", onclick: restart }));
  section.append(h("h2", { i18n: titleCode }), chooser, status, run, done);
  els = { section, select, keep, chooser, status, run, done, progress, progressLabel };
  fillChooser();
  resumeStored();
}

function fillChooser() {
  const current = els.select.value;
  els.select.replaceChildren(...ctx.desk.listQuestionnaires().map((q) => h("option", { value: q.id, text: q.title })));
  if (current) els.select.value = current;
}

function resumeStored() {
  const saved = storage()?.getItem(STORE_KEY);
  if (!saved) return;
  try {
    session = ctx.desk.resumeQuestionnaire(saved);
    els.keep.checked = true;
    els.status.textContent = ctx.t("ui.questionnaire.resumed");
    render(session.view());
  } catch (e) {
    storage()?.removeItem(STORE_KEY);
    session = null;
    els.status.textContent = ctx.t("ui.questionnaire.resumeFailed");
    console.warn("saved questionnaire refused:", e?.code);
  }
}

function startChosen() {
  session?.free();
  finished = null;
  session = ctx.desk.startQuestionnaire(els.select.value, DEMO_CONTEXT, channel());
  qIndex = 0;
  els.status.textContent = "";
  persist();
  render(session.view());
}

/** Run a session step, keep the saved copy up to date, re-render. */
function act(step, index = 0) {
  flushTexts();
  const before = session.view().page.number;
  const view = step();
  persist();
  qIndex = index;
  // Elderly mode: a page refused by "next" shows its first question with an error.
  const firstError = view.questions.findIndex((q) => q.findings.some((f) => f.severity === "error"));
  if (view.page.number === before && firstError >= 0) qIndex = firstError;
  render(view);
  els.section.querySelector("#q-page-title").focus?.();
}

function next() {
  if (elderly() && qIndex < lastCount - 1) {
    flushTexts();
    qIndex += 1;
    persist();
    render(session.view());
    els.section.querySelector("#q-page-title").focus?.();
  } else act(() => session.next());
}

function back() {
  if (elderly() && qIndex > 0) {
    flushTexts();
    qIndex -= 1;
    persist();
    render(session.view());
    els.section.querySelector("#q-page-title").focus?.();
  } else act(() => session.back(), Number.MAX_SAFE_INTEGER);
}

function answer(qid, value) {
  const view = session.answer(qid, value);
  persist();
  render(view, qid);
}

/** Text-like inputs answer on "change"; make sure the last typed value is in before moving on. */
function flushTexts() {
  for (const el of els.section.querySelectorAll("[data-text-q]")) {
    const qid = el.dataset.textQ;
    const value = el.value.trim() === "" ? null : el.value;
    try {
      session.answer(qid, value);
    } catch {
      /* the question is no longer shown */
    }
  }
  for (const box of els.section.querySelectorAll("[data-address-q]")) flushAddress(box);
}

function flushAddress(box) {
  const parts = {};
  let any = false;
  for (const k of ["province", "city", "district", "detail", "postcode"]) {
    parts[k] = box.querySelector(`[data-part=${k}]`).value;
    if (parts[k].trim()) any = true;
  }
  try {
    session.answer(box.dataset.addressQ, any ? parts : null);
  } catch {
    /* no longer shown */
  }
}

function control(q) {
  const name = `q-${q.id}`;
  const radio = (value, label, checked) =>
    h("label", { class: "q-choice" },
      h("input", { type: "radio", name, value: String(value), checked, onchange: () => answer(q.id, value) }),
      h("span", { text: label }));
  switch (q.type) {
    case "yes_no":
      return h("div", { class: "q-choices", role: "radiogroup" },
        radio(true, ctx.t("ui.questionnaire.yes"), q.value === true),
        radio(false, ctx.t("ui.questionnaire.no"), q.value === false));
    case "rating":
      return h("div", { class: "q-choices q-rating", role: "radiogroup" },
        [1, 2, 3, 4, 5].map((n) => radio(n, String(n), q.value === n)));
    case "single_choice":
      return h("div", { class: "q-choices", role: "radiogroup" }, q.options.map((o) => radio(o.value, o.text, q.value === o.value)));
    case "multiple_choice": {
      const chosen = Array.isArray(q.value) ? q.value : [];
      return h("div", { class: "q-choices" }, q.options.map((o) =>
        h("label", { class: "q-choice" },
          h("input", { type: "checkbox", name, value: o.value, checked: chosen.includes(o.value), onchange: (e) => {
            const next = q.options.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : chosen.includes(v)));
            answer(q.id, next.length ? next : null);
          } }),
          h("span", { text: o.text }))));
    }
    case "notice":
      return h("label", { class: "q-choice q-ack" },
        h("input", { type: "checkbox", name, checked: q.value === true, onchange: (e) => answer(q.id, e.target.checked ? true : null) }),
        h("span", { i18n: "ui.questionnaire.acknowledge" }));
    case "address": {
      const v = q.value && typeof q.value === "object" ? q.value : {};
      const box = h("div", { class: "q-address", "data-address-q": q.id });
      for (const k of ["province", "city", "district", "detail", "postcode"]) {
        const inputId = `${name}-${k}`;
        box.append(h("div", { class: "field" },
          h("label", { for: inputId, i18n: `ui.questionnaire.${k}` }),
          h("input", { id: inputId, "data-part": k, autocomplete: "off", maxlength: k === "postcode" ? "6" : "120",
            inputmode: k === "postcode" ? "numeric" : undefined, value: v[k] ?? "", onchange: () => { flushAddress(box); persist(); render(session.view(), q.id); } })));
      }
      return box;
    }
    default: {
      const attrs = { "data-text-q": q.id, autocomplete: "off", spellcheck: "false", value: typeof q.value === "string" ? q.value : "",
        onchange: (e) => answer(q.id, e.target.value.trim() === "" ? null : e.target.value) };
      if (q.type === "text") {
        const ta = h("textarea", { ...attrs, rows: "3", maxlength: "500" });
        ta.value = attrs.value;
        return ta;
      }
      const type = { mobile: "tel", email: "email", date: "date" }[q.type] ?? "text";
      return h("input", { ...attrs, type, inputmode: q.type === "mobile" ? "tel" : undefined, maxlength: q.type === "date" ? undefined : "254" });
    }
  }
}

function render(view, focusQ) {
  els.chooser.hidden = false;
  els.run.hidden = false;
  els.done.hidden = true;
  const $ = (s) => els.section.querySelector(s);
  $("#q-title").textContent = view.title;
  $("#q-intro").textContent = view.intro ?? "";
  $("#q-page-title").textContent = `${view.page.title} · ${ctx.t("ui.questionnaire.pageOf").replace("{n}", view.page.number).replace("{count}", view.page.count)}`;
  $("#q-page-title").tabIndex = -1;
  els.progress.value = view.progress.percent;
  els.progress.setAttribute("aria-valuetext", `${view.progress.answered}/${view.progress.total}`);
  els.progressLabel.textContent = ` ${view.progress.answered}/${view.progress.total} (${view.progress.percent}%)`;
  const list = $("#q-questions");
  const one = elderly();
  lastCount = view.questions.length;
  if (focusQ) qIndex = Math.max(0, view.questions.findIndex((q) => q.id === focusQ));
  qIndex = Math.max(0, Math.min(qIndex, lastCount - 1));
  const inner = one && qIndex < lastCount - 1;
  const shown = one ? view.questions.slice(qIndex, qIndex + 1) : view.questions;
  list.replaceChildren(...shown.map((q) => {
    const findings = h("ul", { class: "findings", id: `q-${q.id}-findings` });
    renderFindings(findings, q.findings);
    const ctl = control(q);
    const labelId = `q-${q.id}-label`;
    ctl.setAttribute("aria-labelledby", labelId);
    ctl.setAttribute("aria-describedby", findings.id);
    if (q.findings.some((f) => f.severity === "error")) ctl.setAttribute("aria-invalid", "true");
    if (ctl.matches("input, textarea")) ctl.id = `q-${q.id}`;
    return h("fieldset", { class: `q-question q-${q.type}`, "data-q": q.id, "data-type": q.type },
      h("legend", { id: labelId, class: q.type === "notice" ? "q-notice-text" : undefined }, q.text, q.required ? h("span", { class: "req", "aria-hidden": "true", text: " *" }) : null),
      q.help ? h("p", { class: "hint", text: q.help }) : null,
      ctl, findings);
  }));
  $("#q-back").disabled = !(view.canBack || (one && qIndex > 0));
  $("#q-next").hidden = !(view.canNext || inner);
  $("#q-finish").hidden = view.canNext || inner;
  $("#q-finish").disabled = !view.canFinish;
  if (focusQ) list.querySelector(`[data-q="${focusQ}"] input`)?.focus?.({ preventScroll: true });
  const errors = view.questions.flatMap((q) => q.findings).filter((f) => f.severity === "error");
  if (errors.length && !focusQ) announce(errors[0].message);
}

function finish() {
  flushTexts();
  try {
    finished = session.finish();
  } catch (e) {
    render(session.next());
    return;
  }
  storage()?.removeItem(STORE_KEY);
  session.free();
  session = null;
  renderDone();
  // Hand the follow-ups (contact-update prefill included) to whichever screen takes them.
  window.dispatchEvent(new CustomEvent("frontdesk:followups", { detail: finished.followUps }));
}

function renderDone() {
  els.run.hidden = true;
  els.done.hidden = false;
  const $ = (s) => els.section.querySelector(s);
  const urgent = finished.followUps.filter((f) => f.showNow && f.guidance);
  $("#q-urgent").replaceChildren(...urgent.map((f) =>
    h("div", { class: `q-urgent ${f.priority}`, "data-id": f.id },
      h("strong", { text: `${ctx.t("ui.questionnaire.urgent")}: ${f.title}` }), h("p", { text: f.guidance }))));
  $("#q-followups").replaceChildren(...(finished.followUps.length
    ? finished.followUps.map((f) => h("li", { "data-id": f.id, "data-action": f.action, "data-priority": f.priority, class: f.priority },
        h("strong", { text: f.title }), f.guidance && !f.showNow ? h("p", { text: f.guidance }) : null,
        // A changed phone or address opens the contact-update screen pre-filled (the shell routes it).
        f.action === "contact_update"
          ? h("button", { type: "button", class: "secondary", "data-open": f.id, i18n: "ui.questionnaire.openContactUpdate",
              onclick: () => window.dispatchEvent(new CustomEvent("frontdesk:open-followup", { detail: f })) })
          : null))
    : [h("li", { i18n: "ui.questionnaire.noFollowUps" })]));
  $("#q-checksum").textContent = finished.record.checksum.slice(0, 19);
  announce(urgent[0]?.guidance ?? ctx.t("ui.questionnaire.done"));
}

function restart() {
  finished = null;
  els.done.hidden = true;
  els.run.hidden = true;
}

/** Locale changed: the session renders in the new language. */
export function refresh() {
  if (!els) return;
  fillChooser();
  if (session) {
    session.setLocale(ctx.desk.info().locale);
    render(session.view());
  }
}

/** Forget everything (kiosk timeout): the session, the saved copy, the screen. */
export function clear() {
  session?.free();
  session = null;
  finished = null;
  qIndex = 0;
  storage()?.removeItem(STORE_KEY);
  if (!els) return;
  els.keep.checked = false;
  els.run.hidden = true;
  els.done.hidden = true;
  els.status.textContent = "";
  // The intro names the (masked) account and the done page the record: forget them too.
  for (const sel of ["#q-title", "#q-intro", "#q-page-title", "#q-progress-label", "#q-urgent", "#q-followups", "#q-checksum"]) {
    els.section.querySelector(sel).replaceChildren();
  }
  els.progress.value = 0;
  els.section.querySelector("#q-questions").replaceChildren();
}
