// "Wake up a dormant account" (issue 16 §2.1): what the notice says, the choices (keep using it,
// close it, make it a small-payments account, not now) and what each takes on each channel, the
// fees, and — for a business account — the close-by date counted from the day the bank sent its
// notice. Every word and date comes from the package (`dormantWakeUp`); this screen lays it out.
// "Start" runs the bank's wake-up questionnaire (`dormant_wake_up`, through the questionnaire
// session API, one question per screen): did you know about the account, what do you plan (keep,
// close, small-payment account, not now), what for, contact check, an emergency contact, the safety
// notice. Its finished record's plan leads to the outcome (`dormantWakeUp` with that choice); an
// account the customer never opened leads to the identity-theft guidance instead.
import { ctx, h, announce, renderFindings, markField, setVerdict, worst, DRAFT_PREFIX, questionStepper } from "../ui.js";

export const id = "dormant";
export const titleCode = "ui.dormant.title";

const TIERS = ["personal_class_1", "personal_class_2", "personal_class_3", "business_basic"];
const QUESTIONNAIRE = "dormant_wake_up";
/** Demo facts the bank's app would pass from its server (shown masked; never kept here). */
const DEMO = { accountRef: "6222020200112233018", mobileOnFile: "13800000000" };
/** The plan questions of the questionnaire → the choice `dormantWakeUp` takes (same words). */
const PLAN_QUESTIONS = ["plan_personal", "plan_business"];
let els;
/** The running questionnaire session (null when none), the question shown on its page, and the
 * finished record's follow-ups. */
let run = { session: null, index: 0, followUps: [], unknown: false, done: null };
/** A questionnaire in progress survives a reload in this tab only (session storage: the account
 * kind, the notice date, the session's draft — answers only, no number on file — and the question
 * shown); the kiosk reset and "start over" clear it. */
const RESUME_KEY = `${DRAFT_PREFIX}dormant`;

function tabStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

function keep() {
  const store = tabStore();
  if (!store) return;
  if (run.session) store.setItem(RESUME_KEY, JSON.stringify({ tier: state.tier, sentOn: state.sentOn, draft: run.session.saveDraft(), index: run.index }));
  else store.removeItem(RESUME_KEY);
}

/** The account's context for the questionnaire (computed by the package; the bank's facts added). */
function contextOf(a) {
  const context = { ...DEMO, segment: a.segment };
  if (a.period?.closeBy) context.closeBy = a.period.closeBy;
  return context;
}

/** After a reload: the questionnaire where the customer left it, or nothing if it cannot resume. */
function resume() {
  const saved = tabStore()?.getItem(RESUME_KEY);
  if (!saved) return;
  try {
    const s = JSON.parse(saved);
    if (!TIERS.includes(s.tier)) throw new Error("tier");
    state.tier = s.tier;
    state.sentOn = typeof s.sentOn === "string" ? s.sentOn : "";
    els.kind.querySelector(`#dm-kind-${s.tier}`).checked = true;
    els.sent.value = state.sentOn;
    render();
    run.session = ctx.desk.resumeQuestionnaire(s.draft, contextOf(answer()));
    run.index = Number.isInteger(s.index) ? s.index : 0;
    render();
    renderQuestion();
  } catch {
    stopQuestionnaire();
    render();
  }
}
/** The customer's choices (no personal data: an account kind, a date, a choice). */
const state = { tier: "personal_class_1", sentOn: "", choice: null };

export function mount(section) {
  const tierNames = Object.fromEntries(ctx.desk.listTiers().tiers.map((t) => [t.id, t.name]));
  const kind = h("fieldset", { id: "dm-kind", class: "er-segment" }, h("legend", { i18n: "ui.dormant.kind" }),
    ...TIERS.map((t) => {
      const input = h("input", { type: "radio", name: "dm-kind", id: `dm-kind-${t}`, value: t, onchange: kindChanged });
      input.checked = t === state.tier;
      return h("div", { class: "check-row" }, input, h("label", { for: `dm-kind-${t}`, "data-tier": t, text: tierNames[t] ?? t }));
    }));
  const sent = h("input", { type: "date", id: "dm-sent", name: "sentOn", onchange: sentChanged });
  const sentFindings = h("ul", { class: "findings", id: "dm-sent-findings" });
  sent.setAttribute("aria-describedby", sentFindings.id);
  const sentRow = h("div", { class: "field", id: "dm-sent-row", hidden: true }, h("label", { for: "dm-sent", i18n: "ui.dormant.sentOn" }), sent,
    h("p", { class: "er-hint", i18n: "ui.dormant.sentOnHint" }), sentFindings);
  const notice = h("article", { id: "dm-notice", class: "er-card" });
  const verdict = h("p", { id: "dm-verdict", class: "verdict", role: "status" });
  const findings = h("ul", { id: "dm-findings", class: "findings" });
  const choices = h("fieldset", { id: "dm-choices", class: "er-segment" });
  const outcome = h("div", { id: "dm-outcome", class: "er-results" });
  const qnr = h("section", { id: "dm-qnr", class: "er-card", hidden: true, "aria-labelledby": "dm-q-title" });
  const followUps = h("div", { id: "dm-followups" });
  section.append(h("h2", { i18n: titleCode }), h("p", { class: "er-hint", i18n: "ui.dormant.hint" }), kind, sentRow, verdict, findings, notice, qnr, choices, followUps, outcome);
  els = { kind, sent, sentFindings, sentRow, notice, verdict, findings, choices, outcome, tierNames, qnr, followUps };
  render();
  resume();
}

function kindChanged(event) {
  state.tier = event.target.value;
  state.choice = null;
  stopQuestionnaire();
  render();
}

function sentChanged() {
  state.sentOn = els.sent.value;
  render();
  announce(els.verdict.textContent);
}

function choiceChanged(event) {
  state.choice = event.target.value;
  renderOutcome(answer());
  announce(els.outcome.querySelector("h3")?.textContent ?? "");
}

function answer() {
  const account = { tier: state.tier, status: "dormant" };
  if (state.sentOn) account.noticeSentOn = state.sentOn;
  const input = { account };
  if (state.choice) input.choice = state.choice;
  return ctx.desk.dormantWakeUp(input);
}

function render() {
  if (!els) return;
  const business = state.tier.startsWith("business");
  els.sentRow.hidden = !business;
  let a;
  try {
    a = answer();
  } catch (e) {
    // A date after today: said at the field, nothing else changes.
    markField(els.sent, els.sentFindings, [{ code: e.code, severity: "error", field: "sentOn", message: ctx.t("ui.dormant.sentOnFuture") }]);
    setVerdict(els.verdict, "error", ctx.t("ui.dormant.sentOnFuture"));
    renderFindings(els.findings, []);
    els.notice.querySelector("#dm-close-by")?.remove();
    els.choices.hidden = true;
    els.outcome.replaceChildren();
    return;
  }
  const t = (c, p) => ctx.t(c, p);
  const n = a.notice;
  els.notice.replaceChildren(...[
    h("h3", { text: n.inApp ? n.inApp.title : t("ui.dormant.letter") }),
    h("p", { class: "dm-notice-text", text: n.inApp ? n.inApp.body : n.letter }),
    h("p", { class: "dm-safety", text: t("ui.dormant.safety") }),
    a.period?.closeBy ? h("p", { class: "dm-close-by", id: "dm-close-by", text: t("ui.dormant.closeBy", { date: a.period.closeBy }) }) : null,
    canAsk(a) && !run.session ? h("button", { type: "button", id: "dm-start", class: "primary", i18n: "ui.dormant.start", onclick: () => startQuestionnaire(a) }) : null,
  ].filter(Boolean));
  // Findings about the notice date sit at the date field; the others are about the account.
  const atDate = a.findings.filter((f) => f.field === "account.noticeSentOn");
  const general = a.findings.filter((f) => f.field !== "account.noticeSentOn").map((f) => ({ ...f, field: null }));
  markField(els.sent, els.sentFindings, business ? atDate : []);
  renderFindings(els.findings, general);
  const shown = business ? a.findings : general;
  const sev = worst(shown);
  setVerdict(els.verdict, sev, sev === "ok" ? t("ui.dormant.choose") : shown.find((f) => f.severity === sev).message);
  const legend = h("legend", { i18n: "ui.dormant.choices" });
  els.choices.replaceChildren(legend, ...a.options.map((o) => {
    const input = h("input", { type: "radio", name: "dm-choice", id: `dm-choice-${o.choice}`, value: o.choice, onchange: choiceChanged });
    input.checked = o.choice === state.choice;
    return h("div", { class: "check-row" }, input, h("label", { for: `dm-choice-${o.choice}`, text: o.title }));
  }));
  els.choices.hidden = a.options.length === 0 || run.session !== null || run.unknown;
  if (!a.options.some((o) => o.choice === state.choice)) state.choice = null;
  renderOutcome(state.choice ? a : null);
}

function renderOutcome(a) {
  const o = a?.outcome;
  if (!o) {
    els.outcome.replaceChildren();
    return;
  }
  const t = (c, p) => ctx.t(c, p);
  const cards = o.channels.map((c) => h("article", { class: "er-card", "data-channel": c.channel, "data-available": String(c.available) },
    h("h4", { text: t(`ui.dormant.channel.${c.channel}`) + (c.available ? "" : t("ui.dormant.notHere", { why: c.why ?? "" })) }),
    c.available ? h("p", { text: t("ui.dormant.checks", { checks: c.verification.map((v) => v.text).join(t("ui.errands.separator")) }) }) : null,
    c.available ? h("ol", {}, ...c.steps.map((s) => h("li", { text: s }))) : null));
  // replaceChildren() would write a null as the text "null": leave the absent parts out.
  els.outcome.replaceChildren(...[
    h("h3", { text: els.choices.querySelector(`label[for=dm-choice-${o.choice}]`)?.textContent ?? "" }),
    o.text ? h("p", { class: "dm-later", text: o.text }) : null,
    ...cards,
    o.afterWakeUp ? h("p", { class: "dm-after", text: o.afterWakeUp.text }) : null,
    o.fees.length ? h("ul", { class: "er-fees" }, ...o.fees.map((f) => h("li", { "data-fee": f.id }, `${f.name}${t("ui.errands.colon")}`, h("strong", { text: f.display })))) : null,
  ].filter(Boolean));
}

// ---- the wake-up questionnaire ----

/** The package runs questionnaires and bundles the wake-up one, and there is a choice to make. */
function canAsk(a) {
  return typeof ctx.desk.startQuestionnaire === "function" && a.options.length > 0
    && ctx.desk.listQuestionnaires().some((q) => q.id === QUESTIONNAIRE);
}

function startQuestionnaire(a) {
  stopQuestionnaire();
  run.session = ctx.desk.startQuestionnaire(QUESTIONNAIRE, contextOf(a), "in_app");
  run.index = 0;
  state.choice = null;
  render();
  renderQuestion();
  els.qnr.querySelector("#dm-q-title").focus();
}

function stopQuestionnaire() {
  run.session?.free();
  run.done?.free();
  run = { session: null, index: 0, followUps: [], unknown: false, done: null };
  keep();
  if (!els) return;
  els.qnr.hidden = true;
  els.qnr.replaceChildren();
  els.followUps.replaceChildren();
}

/** One question of the session's current page, with back and next. */
function renderQuestion({ focus = false } = {}) {
  const view = run.session.view();
  const qs = view.questions;
  run.index = Math.min(run.index, Math.max(qs.length - 1, 0));
  const q = qs[run.index];
  const t = (c, p) => ctx.t(c, p);
  const name = q ? `dm-q-${q.id}` : "";
  const radio = (value, label) => h("div", { class: "check-row" },
    h("input", { type: "radio", id: `${name}-${value}`, name, value: String(value), onchange: () => answerQ(q.id, value) }),
    h("label", { for: `${name}-${value}`, text: label }));
  let control = null;
  if (q?.type === "yes_no") control = h("div", { role: "radiogroup", "aria-labelledby": "dm-q-text" }, radio(true, t("ui.questionnaire.yes")), radio(false, t("ui.questionnaire.no")));
  else if (q?.type === "single_choice") control = h("div", { role: "radiogroup", "aria-labelledby": "dm-q-text" }, ...q.options.map((o) => radio(o.value, o.text)));
  else if (q?.type === "notice") {
    control = h("div", { class: "check-row" },
      h("input", { type: "checkbox", id: name, onchange: (e) => answerQ(q.id, e.target.checked ? true : null) }),
      h("label", { for: name, i18n: "ui.questionnaire.acknowledge" }));
  } else if (q) {
    control = h(q.type === "text" ? "textarea" : "input", { id: name, "aria-labelledby": "dm-q-text", autocomplete: "off",
      inputmode: q.type === "mobile" ? "tel" : undefined, onchange: (e) => answerQ(q.id, e.target.value.trim() === "" ? null : e.target.value) });
    control.value = typeof q.value === "string" ? q.value : "";
  }
  if (q && control) {
    for (const input of control.querySelectorAll?.("input[type=radio]") ?? []) input.checked = JSON.stringify(q.value) === JSON.stringify(input.value === "true" ? true : input.value === "false" ? false : input.value);
    const box = control.matches?.("div.check-row") ? control.querySelector("input") : null;
    if (box) box.checked = q.value === true;
  }
  const findings = h("ul", { class: "findings", id: "dm-q-findings" });
  const said = q && run.shown ? q.findings : [];
  renderFindings(findings, said);
  // The question's messages belong to its answer control (read with it; red when an error).
  if (control) {
    control.setAttribute("aria-describedby", findings.id);
    if (said.some((f) => f.severity === "error")) control.setAttribute("aria-invalid", "true");
  }
  const last = !view.canNext && run.index >= qs.length - 1;
  els.qnr.replaceChildren(...[
    h("p", { class: "hint", id: "dm-q-progress", text: t("ui.dormant.progress", { page: view.page.number, pages: view.page.count }) }),
    h("h3", { id: "dm-q-title", tabindex: "-1", text: view.page.title }),
    q ? h("p", { id: "dm-q-text", "data-q": q.id, text: q.text }) : null,
    control, findings,
    h("div", { class: "pc-buttons" },
      h("button", { type: "button", id: "dm-q-back", class: "secondary", i18n: "ui.dormant.back", disabled: !view.canBack && run.index === 0, onclick: back }),
      h("button", { type: "button", id: last ? "dm-q-finish" : "dm-q-next", class: "primary", i18n: last ? "ui.dormant.finish" : "ui.dormant.next", onclick: last ? finish : next })),
  ].filter(Boolean));
  els.qnr.hidden = false;
  keep();
  if (focus) els.qnr.querySelector("#dm-q-title").focus();
}

function answerQ(qid, value) {
  run.session.answer(qid, value);
  run.shown = false;
  renderQuestion();
  els.qnr.querySelector(`[name="dm-q-${qid}"]:checked, #dm-q-${qid}`)?.focus();
}

const { flush, next, back } = questionStepper(() => run, () => els.qnr, "dm", (o) => renderQuestion(o));

/** Finish: the record's plan is the choice; the follow-ups to show now are shown with it. */
function finish() {
  flush();
  let done;
  try {
    done = run.session.finish();
  } catch {
    run.shown = true;
    renderQuestion();
    return;
  }
  const plan = done.record.answers.find((x) => PLAN_QUESTIONS.includes(x.questionId))?.value ?? null;
  const known = done.record.answers.find((x) => x.questionId === "account_known")?.value;
  // The finished session is kept (answers only, in memory) so its follow-ups follow a language switch.
  run = { session: null, index: 0, followUps: done.followUps, unknown: known === false, done: run.session };
  keep();
  els.qnr.hidden = true;
  els.qnr.replaceChildren();
  state.choice = run.unknown ? null : plan;
  render();
  renderFollowUps();
  const target = els.followUps.querySelector("h3") ?? els.outcome.querySelector("h3");
  target?.setAttribute("tabindex", "-1");
  target?.focus();
  announce(target?.textContent ?? "");
}

/** What the finished questionnaire says to do now (the package's follow-ups, in its words). */
function renderFollowUps() {
  const t = (c, p) => ctx.t(c, p);
  const shown = run.followUps.filter((f) => f.showNow || f.focus === "emergencyContact");
  els.followUps.replaceChildren(...(shown.length ? [
    h("h3", { i18n: "ui.dormant.followUps" }),
    ...shown.map((f) => h("article", { class: "er-card", "data-followup": f.id, "data-action": f.action },
      h("h4", { text: f.title }), h("p", { text: f.guidance }),
      f.focus === "emergencyContact" ? h("button", { type: "button", id: "dm-add-emergency", text: t("ui.dormant.addEmergency"), onclick: () => (location.hash = "#/contact") }) : null)),
  ] : []));
}

/** Locale changed: every text again from the package. */
export function refresh() {
  if (!els) return;
  if (run.session) {
    run.session.setLocale(ctx.desk.info().locale);
    renderQuestion();
  }
  if (run.done) {
    run.done.setLocale(ctx.desk.info().locale);
    run.followUps = run.done.finish().followUps;
    renderFollowUps();
  }
  els.tierNames = Object.fromEntries(ctx.desk.listTiers().tiers.map((t) => [t.id, t.name]));
  for (const l of els.kind.querySelectorAll("label[data-tier]")) l.textContent = els.tierNames[l.dataset.tier] ?? l.dataset.tier;
  render();
}

/** Start over (kiosk timeout). */
export function clear() {
  state.tier = "personal_class_1";
  state.sentOn = "";
  state.choice = null;
  stopQuestionnaire();
  if (!els) return;
  els.sent.value = "";
  els.kind.querySelector("#dm-kind-personal_class_1").checked = true;
  render();
}
