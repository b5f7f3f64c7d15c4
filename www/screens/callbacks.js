// The callback agent's day (issue 16 §1.9), a staff screen (hidden from the customer menu and from
// the kiosk): the agent's 工号 (kept in page memory only, shown masked), the day's callbacks from
// desk.callbackPlan() — due status, the account status that shortened the interval, the next step,
// whether an SMS may go now — and one case at a time: the routed questionnaire's phone script and
// the outcome buttons, each a desk.callbackCase() call whose answer (and a fresh plan) is what the
// row shows. 已完成（开始问卷） runs the routed questionnaire in the `phone` channel in a side panel
// (the package's session: its caller check first, its pages, its findings); the finished, signed
// record goes to callbackCase (`complete`), whose follow-ups are the case's task list; a
// second-contact task runs the `second_contact` questionnaire the same way, and the case then says
// whether the customer was satisfied in the end. The monthly quality sample is drawn by the package
// from a seed. No rule lives here: every date, step, text and decision comes from the package.
import { ctx, h, announce, nowIso, questionStepper } from "../ui.js";
import { SAMPLE } from "./callbacks-sample.js";

export const id = "callbacks";
export const titleCode = "ui.callbacks.title";
/** A staff screen: no link in the customer menu, never on a kiosk (shell.js). */
export const staff = true;
/** The package's channel names label the attempts. */
export const textPrefixes = ["callback.channel."];

/** Saved cases of this tab (masked data only): ref → { saved, attempts, view } (view: the last
 * callbackCase answer's follow-ups and satisfaction — the package's words, no answers). */
const STORE = "frontdesk.callbacks.cases";
/** The questionnaire running in the side panel, for a reload midway: the row, which run, the
 * session's draft (answers only, no context) and the question shown. */
const RUN_STORE = "frontdesk.callbacks.run";
/** The questionnaire a second-contact task runs (callbacks.json secondContact.questionnaire). */
const SECOND_CONTACT = "second_contact";

let els;
/** The agent's 工号 as typed: page memory only, never stored, shown masked. */
let agentId = "";
/** The last callbackPlan() answer, the rows' filter, the open case's ref, the sample answer. */
let plan = null;
let filter = null;
let openRef = null;
let sample = null;
/** The side panel's questionnaire: { ref, kind: "first" | "second", session, index, shown }; the
 * last finished run's outcome for the panel ({ ref, kind, notVerified }). */
let run = null;
let ran = null;

const t = (c, p) => ctx.t(c, p);

function loadCases() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE) ?? "{}") ?? {};
  } catch {
    return {};
  }
}

function saveCase(ref, answer) {
  const all = loadCases();
  all[ref] = {
    saved: answer.saved,
    attempts: answer.case.attempts.map(({ at, channel, outcome, callBackAt }) => ({ at, channel, outcome, ...(callBackAt ? { callBackAt } : {}) })),
    view: {
      state: answer.case.state,
      followUps: answer.case.followUps.map(({ id, action, priority, department, departmentName, dueBy, done }) => ({ id, action, priority, department, departmentName, dueBy, done })),
      satisfaction: answer.case.satisfaction,
    },
  };
  try {
    sessionStorage.setItem(STORE, JSON.stringify(all));
  } catch {
    /* storage may be disabled: the case then lasts for this page only */
  }
}

export function mount(section) {
  section.classList.add("callbacks");
  const agent = h("input", { id: "cb-agent", name: "cb-agent", autocomplete: "off", spellcheck: "false", autocapitalize: "characters", maxlength: "64", "aria-describedby": "cb-agent-hint" });
  agent.addEventListener("focus", () => {
    // Typing again replaces the masked form.
    if (agentId && agent.value !== agentId) agent.select();
  });
  agent.addEventListener("change", () => {
    const typed = agent.value.trim();
    if (!typed || typed.includes("*")) return;
    agentId = typed;
    agent.value = mask(typed);
    announce(t("ui.callbacks.agentSet", { agent: agent.value }));
  });
  const load = h("button", { type: "button", id: "cb-load", i18n: "ui.callbacks.load", onclick: () => replan(true) });
  const tabs = h("div", { class: "cb-tabs", role: "group", "aria-label": t("ui.callbacks.views") },
    h("button", { type: "button", id: "cb-tab-plan", class: "secondary", "aria-pressed": "true", i18n: "ui.callbacks.tab.plan", onclick: () => showTab("plan") }),
    h("button", { type: "button", id: "cb-tab-sample", class: "secondary", "aria-pressed": "false", i18n: "ui.callbacks.tab.sample", onclick: () => showTab("sample") }));
  const filters = h("div", { class: "cb-filters", role: "group", id: "cb-filters" },
    ...["overdue", "today", "escalate"].map((f) =>
      h("button", { type: "button", id: `cb-filter-${f}`, class: "secondary", "aria-pressed": "false", i18n: `ui.callbacks.filter.${f}`, onclick: () => setFilter(f) })));
  const summary = h("p", { id: "cb-summary", class: "hint", role: "status" });
  const table = h("table", { id: "cb-table", class: "cb-table" });
  const rows = h("div", { id: "cb-rows", class: "cb-rows", hidden: true }, filters, summary, h("div", { class: "cb-scroll" }, table));
  const panel = h("div", { id: "cb-case", class: "cb-case", hidden: true, tabindex: "-1", "aria-labelledby": "cb-case-title" });
  const runPanel = h("section", { id: "cb-run", class: "cb-run", hidden: true, "aria-labelledby": "cb-run-title" });
  const work = h("div", { class: "cb-work" }, panel, runPanel);
  const planView = h("div", { id: "cb-plan-view" }, load, rows, work);
  const month = h("input", { id: "cb-month", name: "cb-month", inputmode: "numeric", autocomplete: "off", maxlength: "7" });
  const seed = h("input", { id: "cb-seed", name: "cb-seed", autocomplete: "off", spellcheck: "false", maxlength: "64" });
  const sampleOut = h("div", { id: "cb-sample", class: "cb-sample", hidden: true });
  const sampleError = h("p", { id: "cb-sample-error", class: "cb-error", role: "alert", hidden: true });
  const sampleView = h("form", { id: "cb-sample-view", hidden: true, novalidate: true, onsubmit: drawSample },
    h("div", { class: "cb-row" },
      h("div", { class: "field" }, h("label", { for: "cb-month", i18n: "ui.callbacks.sample.month" }), month),
      h("div", { class: "field" }, h("label", { for: "cb-seed", i18n: "ui.callbacks.sample.seed" }), seed)),
    h("button", { type: "submit", id: "cb-draw", i18n: "ui.callbacks.sample.draw" }),
    sampleError, sampleOut);
  section.append(
    h("h2", { i18n: titleCode }),
    h("p", { class: "hint", i18n: "ui.callbacks.intro" }),
    h("div", { class: "field cb-agent" },
      h("label", { for: "cb-agent", i18n: "ui.callbacks.agent" }), agent,
      h("p", { id: "cb-agent-hint", class: "hint", i18n: "ui.callbacks.agentHint" })),
    tabs, planView, sampleView);
  els = { section, agent, rows, table, summary, panel, runPanel, work, planView, sampleView, month, seed, sampleOut, sampleError };
  const today = ctx.desk.info().today;
  month.value = today.slice(0, 7);
  seed.value = `QA-${month.value}`;
  month.addEventListener("change", () => (seed.value = `QA-${month.value.trim()}`));
  // A reload in the middle of the day: the saved cases come back with the plan, and a
  // questionnaire left midway where it was.
  if (Object.keys(loadCases()).length || tabStore()?.getItem(RUN_STORE)) replan(false);
  resumeRun();
  // The SMS lamps follow the clock (the shell keeps the desk's clock on the device's).
  setInterval(() => {
    if (!plan || section.hidden) return;
    try {
      ctx.desk.setNow(nowIso());
    } catch {
      return;
    }
    replan(false);
  }, 30_000);
}

/** 7 characters or more: first 2 + *** + last 2; 4–6: first + *** + last; shorter: ***. The same
 * rule the package applies to agent ids it returns (callbacks::quality::mask_agent). */
function mask(s) {
  const c = [...s];
  const keep = c.length >= 7 ? 2 : c.length >= 4 ? 1 : 0;
  return `${c.slice(0, keep).join("")}***${keep ? c.slice(-keep).join("") : ""}`;
}

function showTab(which) {
  document.getElementById("cb-tab-plan").setAttribute("aria-pressed", String(which === "plan"));
  document.getElementById("cb-tab-sample").setAttribute("aria-pressed", String(which === "sample"));
  els.planView.hidden = which !== "plan";
  els.sampleView.hidden = which !== "sample";
}

function setFilter(f) {
  filter = filter === f ? null : f;
  for (const x of ["overdue", "today", "escalate"]) document.getElementById(`cb-filter-${x}`).setAttribute("aria-pressed", String(filter === x));
  renderRows();
}

/** The plan input: the day's accounts and events, each with the attempts its saved case holds. */
function planInput() {
  const cases = loadCases();
  const withCase = (x) => ({ ...x, attempts: [...(x.attempts ?? []), ...(cases[x.ref]?.attempts ?? [])] });
  return { accounts: SAMPLE.accounts.map(withCase), events: SAMPLE.events.map(withCase) };
}

function replan(announceIt) {
  plan = ctx.desk.callbackPlan(planInput());
  els.rows.hidden = false;
  renderRows();
  if (openRef) renderCase();
  if (announceIt) announce(els.summary.textContent);
}

function time(rfc) {
  return rfc ? rfc.slice(11, 16) : "";
}

function statusText(it) {
  if (it.status === "overdue") return t(it.dueDateExact ? "ui.callbacks.status.overdue" : "ui.callbacks.status.overdueAtLeast", { days: it.daysOverdue ?? 0 });
  if (it.status === "due_today") return t(it.dueAt ? "ui.callbacks.status.dueBy" : "ui.callbacks.status.due_today", { time: time(it.dueAt) });
  if (it.status === "upcoming") return t("ui.callbacks.status.upcoming", { date: it.dueDate ?? it.dueNotBefore ?? "" });
  return t("ui.callbacks.status.not_computable");
}

function smsText(it) {
  const s = it.sms;
  if (s.allowedNow) return t("ui.callbacks.sms.now");
  const today = plan.today;
  const day = s.nextAllowedAt.slice(0, 10);
  const tomorrow = new Date(`${today}T12:00:00+08:00`);
  tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
  const params = { time: time(s.nextAllowedAt), date: day, end: s.window.end };
  if (day === today) return t("ui.callbacks.sms.later", params);
  if (day === tomorrow.toISOString().slice(0, 10)) return t(s.blockedBy === "rest_hours" ? "ui.callbacks.sms.restTomorrow" : "ui.callbacks.sms.tomorrow", params);
  return t("ui.callbacks.sms.on", params);
}

function visible(it) {
  if (filter === "overdue") return it.status === "overdue";
  if (filter === "today") return it.status === "due_today";
  if (filter === "escalate") return it.nextStep.action === "escalate" || it.tasks.length > 0;
  return true;
}

function renderRows() {
  if (!plan) return;
  const s = plan.summary;
  els.summary.textContent = t("ui.callbacks.summary", { total: s.total, overdue: s.overdue, today: s.dueToday, escalate: s.nextActions.escalate });
  const head = h("tr", {}, ...["ref", "label", "due", "next", "sms", "open"].map((c) => h("th", { scope: "col", i18n: `ui.callbacks.col.${c}` })));
  const body = plan.items.filter(visible).map((it) =>
    h("tr", { "data-ref": it.ref, class: it.ref === openRef ? "open" : "" },
      h("td", { class: "cb-ref" }, h("code", { text: it.ref })),
      h("td", {},
        h("span", { text: it.label }), " ",
        h("span", { class: `badge seg-${it.segment}`, text: t(`ui.callbacks.segment.${it.segment}`) }),
        it.urgent ? h("span", { class: "badge urgent", text: t("ui.callbacks.urgent") }) : null,
        it.intervalBasis === "account_status" ? h("span", { class: "badge status", text: t("ui.callbacks.shortened", { months: it.intervalMonths }) }) : null),
      // A finished callback says so (the plan's progress), not how overdue it was.
      h("td", {}, it.progress === "completed" || it.progress === "refused"
        ? h("span", { class: `chip ${it.progress}`, "data-status": it.status, "data-progress": it.progress, text: t(`ui.callbacks.progress.${it.progress}`) })
        : h("span", { class: `chip ${it.status}`, "data-status": it.status, "data-progress": it.progress, text: statusText(it) })),
      h("td", { class: "cb-next", text: it.nextStep.text }),
      h("td", {}, h("span", { class: `lamp ${it.sms.allowedNow ? "on" : "off"}`, "data-allowed": String(it.sms.allowedNow), text: smsText(it) })),
      h("td", {}, h("button", { type: "button", class: "secondary cb-open", "data-ref": it.ref, "aria-label": t("ui.callbacks.openRow", { ref: it.ref }), text: t("ui.callbacks.open"), onclick: () => openCase(it.ref) }))));
  els.table.replaceChildren(h("caption", { i18n: "ui.callbacks.caption" }), h("thead", {}, head), h("tbody", {}, ...body));
}

function openCase(ref) {
  if (run && run.ref !== ref) stopRun();
  if (ran && ran.ref !== ref) {
    ran = null;
    if (!run) stopRun();
  }
  openRef = ref;
  renderRows();
  renderCase();
  els.panel.focus();
}

function item() {
  return plan?.items.find((i) => i.ref === openRef);
}

function renderCase() {
  const it = item();
  if (!it) {
    els.panel.hidden = true;
    return;
  }
  const saved = loadCases()[it.ref];
  let script = null;
  try {
    script = ctx.desk.renderScript(it.questionnaire);
  } catch {
    script = null;
  }
  const callBack = h("input", { type: "time", id: "cb-callback-at", name: "cb-callback-at", value: plusTwoHours() });
  const act = (outcome, channel = "phone") => () => record(channel, outcome);
  // A completed case takes no further attempts (its tasks and second contact go on below).
  const closed = saved?.view?.state === "completed";
  const button = (idPart, code, onclick, extra = {}) => h("button", { type: "button", id: `cb-act-${idPart}`, class: "secondary", i18n: code, onclick, ...extra, ...(closed ? { disabled: true } : {}) });
  const smsBlocked = !it.sms.allowedNow;
  const attempts = (saved?.attempts ?? []).map((a) => h("li", { text: t("ui.callbacks.attempt", { time: `${a.at.slice(5, 10)} ${time(a.at)}`, channel: t(`callback.channel.${a.channel}`), outcome: t(`ui.callbacks.outcome.${a.outcome}`) }) }));
  const tasks = [...it.tasks, ...(it.nextStep.escalation ? [it.nextStep.escalation] : [])].map((k) =>
    h("li", { class: "cb-task", "data-action": k.action, text: t("ui.callbacks.task", { action: t(`ui.callbacks.action.${k.action}`), department: k.departmentName, due: k.dueAt ? `${k.dueBy} ${time(k.dueAt)}` : k.dueBy ?? "—" }) }));
  // The completed questionnaires' follow-ups, as callbackCase keeps them (department, due date,
  // priority); an open second contact can be started here.
  const view = saved?.view;
  const running = run && run.ref === it.ref;
  for (const f of view?.followUps ?? []) {
    const second = f.action === "second_contact" && !f.done;
    tasks.push(h("li", { class: `cb-task${f.done ? " done" : ""}`, "data-action": f.action, "data-followup": f.id, "data-done": String(f.done) },
      h("span", { text: t("ui.callbacks.followUp", { action: actionName(f.action), department: f.departmentName ?? "—", due: f.dueBy ?? "—", priority: t(`ui.callbacks.priority.${f.priority}`) }) }),
      f.done ? h("span", { class: "badge", text: t("ui.callbacks.done") }) : null,
      second && !running ? h("button", { type: "button", id: `cb-second-${f.id}`, class: "secondary cb-second", i18n: "ui.callbacks.startSecond", onclick: () => startRun(it, "second") }) : null));
  }
  const sat = view?.satisfaction;
  const satText = sat?.satisfiedInEnd === true ? "ui.callbacks.satisfiedInEnd" : sat?.satisfiedInEnd === false ? "ui.callbacks.notSatisfiedInEnd" : sat?.secondContact === "open" ? "ui.callbacks.secondOpen" : null;
  els.panel.replaceChildren(
    h("h3", { id: "cb-case-title", text: t("ui.callbacks.caseTitle", { ref: it.ref, label: it.label }) }),
    h("p", { id: "cb-next", class: "verdict", role: "status", text: it.nextStep.text }),
    h("details", { class: "cb-script", open: true },
      h("summary", { text: t("ui.callbacks.script", { title: script?.title ?? it.questionnaire }) }),
      h("ol", { id: "cb-script" }, ...(script?.lines ?? []).slice(0, 6).map((l) => h("li", { "data-question": l.questionId, text: l.say })))),
    h("div", { class: "cb-actions", role: "group", "aria-label": t("ui.callbacks.outcomes") },
      button("completed", "ui.callbacks.act.completed", () => startRun(it, "first"), { disabled: Boolean(running) || view?.state === "completed", "aria-controls": "cb-run" }),
      button("no_answer", "ui.callbacks.act.no_answer", act("no_answer")),
      h("span", { class: "cb-busy" }, button("busy", "ui.callbacks.act.busy", () => record("phone", "busy_call_back", callBack.value)),
        h("label", { for: "cb-callback-at", class: "hint", i18n: "ui.callbacks.callBackAt" }), callBack),
      button("refused", "ui.callbacks.act.refused", act("refused")),
      button("wrong_number", "ui.callbacks.act.wrong_number", act("wrong_number")),
      button("sms", "ui.callbacks.act.sms", act("sent", "sms"), { disabled: smsBlocked, "aria-describedby": "cb-sms-note" }),
      button("in_app", "ui.callbacks.act.in_app", act("sent", "in_app"))),
    h("p", { id: "cb-sms-note", class: `hint lamp ${smsBlocked ? "off" : "on"}`, text: smsText(it) }),
    h("p", { id: "cb-error", class: "cb-error", role: "alert", hidden: true }),
    h("h4", { i18n: "ui.callbacks.attempts" }),
    h("ol", { id: "cb-attempts" }, ...attempts),
    h("h4", { i18n: "ui.callbacks.tasks" }),
    h("ul", { id: "cb-tasks" }, ...(tasks.length ? tasks : [h("li", { class: "hint", i18n: "ui.callbacks.noTasks" })])),
    // (replaceChildren would write a null as the text "null")
    ...(satText ? [h("p", { id: "cb-satisfaction", class: `verdict ${sat.satisfiedInEnd === false ? "warn" : ""}`, "data-satisfied": String(sat.satisfiedInEnd), i18n: satText })] : []));
  els.panel.hidden = false;
}

function plusTwoHours() {
  const now = new Date(Date.parse(nowIso()) + 2 * 3600_000 + 8 * 3600_000);
  return now.toISOString().slice(11, 16);
}

/** The agent's 工号 is needed for every step; false (and the field focused) without it. */
function haveAgent() {
  const error = document.getElementById("cb-error");
  error.hidden = true;
  if (agentId) return true;
  error.textContent = t("ui.callbacks.agentNeeded");
  error.hidden = false;
  els.agent.focus();
  return false;
}

/** One callbackCase() step on the open case at the desk's clock (now the device's), then a fresh
 * plan: the row shows the package's answer. The answer, or null (the package's message shown).
 * `when`: the time of the step when not now (a finished questionnaire's completion time). */
function caseStep(it, make, when) {
  const error = document.getElementById("cb-error");
  ctx.desk.setNow(when ?? nowIso());
  const at = ctx.desk.info().now;
  const action = { at, ...make(at) };
  const saved = loadCases()[it.ref]?.saved;
  const open = { ref: it.ref, trigger: it.trigger, questionnaire: it.questionnaire, segment: it.segment, urgent: it.urgent, ...(it.customerRef ? { customerRef: it.customerRef } : {}), ...(it.dueDate ? { dueDate: it.dueDate } : {}) };
  let answer;
  try {
    answer = ctx.desk.callbackCase(saved ? { saved, action } : { open, action });
  } catch (e) {
    if (error) {
      error.textContent = e.message;
      error.hidden = false;
    }
    return null;
  }
  saveCase(it.ref, answer);
  replan(false);
  return answer;
}

/** One outcome: an attempt, then a fresh plan (the row shows the package's answer). */
function record(channel, outcome, callBackTime) {
  const it = item();
  if (!haveAgent()) return;
  const answer = caseStep(it, (at) => ({ type: "attempt", channel, outcome, agentId, ...(callBackTime ? { callBackAt: `${at.slice(0, 10)}T${callBackTime}:00+08:00` } : {}) }));
  if (!answer) return;
  const next = item();
  announce(next ? next.nextStep.text : answer.nextStep.text);
  document.getElementById(`cb-act-${channel === "phone" ? (outcome === "busy_call_back" ? "busy" : outcome) : channel}`)?.focus();
}

// ---- the questionnaire in the side panel ----

function tabStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Keep the running questionnaire for a reload (answers only: `saveDraft()` holds no context). */
function keepRun() {
  const store = tabStore();
  if (!store) return;
  try {
    if (run) store.setItem(RUN_STORE, JSON.stringify({ ref: run.ref, kind: run.kind, draft: run.session.saveDraft(), index: run.index }));
    else store.removeItem(RUN_STORE);
  } catch {
    /* storage full or disabled: the run lasts for this page only */
  }
}

/** The context the questionnaire reads: the row's opaque refs and kind, no personal data. */
function contextOf(it) {
  return { ...(it.customerRef ? { customerRef: it.customerRef } : {}), ...(it.accountType ? { accountType: it.accountType } : {}), segment: it.segment, serviceChannel: "phone" };
}

function actionName(action) {
  const code = `ui.callbacks.action.${action}`;
  return t(code) !== code ? t(code) : t("ui.callbacks.action.other");
}

/** 已完成（开始问卷） or 开始二次沟通: the package's phone session in the side panel. */
function startRun(it, kind) {
  if (!haveAgent()) return;
  stopRun();
  const id = kind === "second" ? SECOND_CONTACT : it.questionnaire;
  try {
    ctx.desk.setNow(nowIso());
    run = { ref: it.ref, kind, session: ctx.desk.startQuestionnaire(id, contextOf(it), "phone"), index: 0, shown: false };
  } catch (e) {
    run = null;
    const error = document.getElementById("cb-error");
    error.textContent = e.message;
    error.hidden = false;
    return;
  }
  ran = null;
  renderCase();
  renderRun({ focus: true });
}

function stopRun() {
  run?.session.free();
  run = null;
  keepRun();
  els.runPanel.hidden = true;
  els.runPanel.replaceChildren();
  els.work.classList.remove("running");
}

/** After a reload: the questionnaire where the agent left it (or nothing if it cannot resume). */
function resumeRun() {
  const text = tabStore()?.getItem(RUN_STORE);
  if (!text) return;
  try {
    const r = JSON.parse(text);
    const it = plan?.items.find((i) => i.ref === r.ref);
    if (!it) throw new Error("ref");
    openRef = it.ref;
    run = { ref: it.ref, kind: r.kind === "second" ? "second" : "first", session: ctx.desk.resumeQuestionnaire(r.draft, contextOf(it)), index: Number.isInteger(r.index) ? r.index : 0, shown: false };
    renderRows();
    renderCase();
    renderRun();
  } catch {
    run = null;
    keepRun();
  }
}

/** One question of the session's page (the package's text, options and findings), back and next. */
function renderRun({ focus = false } = {}) {
  if (!run) return;
  const view = run.session.view();
  const qs = view.questions;
  run.index = Math.min(run.index, Math.max(qs.length - 1, 0));
  const q = qs[run.index];
  const name = q ? `cb-q-${q.id}` : "";
  const choice = (type, value, label) => h("div", { class: "check-row" },
    h("input", { type, id: `${name}-${value}`, name, value: String(value), onchange: () => answerQ(q, type) }),
    h("label", { for: `${name}-${value}`, text: label }));
  let control = null;
  if (q?.type === "yes_no") control = h("div", { role: "radiogroup", "aria-labelledby": "cb-q-text" }, choice("radio", true, t("ui.questionnaire.yes")), choice("radio", false, t("ui.questionnaire.no")));
  else if (q?.type === "single_choice") control = h("div", { role: "radiogroup", "aria-labelledby": "cb-q-text" }, ...q.options.map((o) => choice("radio", o.value, o.text)));
  else if (q?.type === "rating") control = h("div", { role: "radiogroup", class: "cb-rating", "aria-labelledby": "cb-q-text" }, ...[1, 2, 3, 4, 5].map((n) => choice("radio", n, String(n))));
  else if (q?.type === "multiple_choice") control = h("div", { role: "group", "aria-labelledby": "cb-q-text" }, ...q.options.map((o) => choice("checkbox", o.value, o.text)));
  else if (q?.type === "notice") {
    control = h("div", { class: "check-row" },
      h("input", { type: "checkbox", id: name, onchange: (e) => answerQ(q, "notice", e.target.checked) }),
      h("label", { for: name, i18n: "ui.questionnaire.acknowledge" }));
  } else if (q) {
    control = h(q.type === "text" || q.type === "address" ? "textarea" : "input", { id: name, "aria-labelledby": "cb-q-text", autocomplete: "off",
      inputmode: q.type === "mobile" ? "tel" : undefined, onchange: (e) => answerQ(q, "text", e.target.value) });
    control.value = typeof q.value === "string" ? q.value : "";
  }
  if (q && control) {
    for (const input of control.querySelectorAll?.("input[type=radio]") ?? []) input.checked = q.value !== null && String(q.value) === input.value;
    for (const input of control.querySelectorAll?.("input[type=checkbox]") ?? []) input.checked = q.type === "notice" ? q.value === true : Array.isArray(q.value) && q.value.includes(input.value);
  }
  const findings = h("ul", { class: "findings", id: "cb-q-findings" });
  const said = q && run.shown ? q.findings : [];
  for (const f of said) findings.append(h("li", { class: f.severity, text: f.message }));
  if (control) {
    control.setAttribute("aria-describedby", findings.id);
    if (said.some((f) => f.severity === "error")) control.setAttribute("aria-invalid", "true");
  }
  const last = !view.canNext && run.index >= qs.length - 1;
  els.runPanel.replaceChildren(...[
    h("h3", { id: "cb-run-title", tabindex: "-1", text: t(run.kind === "second" ? "ui.callbacks.run.second" : "ui.callbacks.run.title", { title: view.title, ref: run.ref }) }),
    h("p", { class: "hint", id: "cb-q-progress", text: t("ui.callbacks.run.progress", { page: view.page.number, pages: view.page.count, title: view.page.title }) }),
    view.intro && view.page.number === 1 ? h("p", { id: "cb-q-intro", class: "cb-say", text: view.intro }) : null,
    q?.help ? h("p", { class: "hint", text: q.help }) : null,
    q ? h("p", { id: "cb-q-text", class: "cb-say", "data-q": q.id, text: q.text }) : null,
    control, findings,
    h("div", { class: "cb-actions" },
      h("button", { type: "button", id: "cb-q-back", class: "secondary", i18n: "ui.callbacks.run.back", disabled: !view.canBack && run.index === 0, onclick: back }),
      h("button", { type: "button", id: last ? "cb-q-finish" : "cb-q-next", class: "primary", i18n: last ? "ui.callbacks.run.finish" : "ui.callbacks.run.next", onclick: last ? finishRun : next }),
      h("button", { type: "button", id: "cb-q-stop", class: "secondary", i18n: "ui.callbacks.run.stop", onclick: () => { stopRun(); renderCase(); document.getElementById("cb-act-completed")?.focus(); } })),
  ].filter(Boolean));
  els.runPanel.hidden = false;
  els.work.classList.add("running");
  keepRun();
  if (focus) els.runPanel.querySelector("#cb-run-title").focus();
}

function answerQ(q, type, value) {
  if (type === "checkbox") value = [...els.runPanel.querySelectorAll(`input[name="cb-q-${q.id}"]:checked`)].map((i) => i.value);
  else if (type === "radio") {
    const raw = els.runPanel.querySelector(`input[name="cb-q-${q.id}"]:checked`)?.value;
    value = q.type === "yes_no" ? raw === "true" : q.type === "rating" ? Number(raw) : raw;
  } else if (type === "notice") value = value ? true : null;
  else value = value.trim() === "" ? null : value;
  run.session.answer(q.id, value);
  run.shown = false;
  // A typed answer counts when the field is left: the panel stays as it is, so the Tab that left
  // the field lands where the agent meant (a re-render would drop the focus).
  if (type === "text") {
    keepRun();
    return;
  }
  const focusedId = document.activeElement?.id;
  renderRun();
  const el = focusedId ? document.getElementById(focusedId) : null;
  el?.focus();
}

const { flush, next, back } = questionStepper(() => run, () => els.runPanel, "cb", (o) => renderRun(o));

/** Finish: the signed record goes to callbackCase; a failed caller check is an attempt instead. */
function finishRun() {
  flush();
  const it = plan.items.find((i) => i.ref === run.ref);
  if (!haveAgent()) return;
  let done;
  try {
    ctx.desk.setNow(nowIso());
    done = run.session.finish();
  } catch {
    run.shown = true;
    renderRun();
    return;
  }
  const kind = run.kind;
  const notVerified = done.record.followUps.some((f) => f.id === "caller_not_verified");
  const guidance = notVerified ? done.followUps.find((f) => f.id === "caller_not_verified") : null;
  // Every step at the record's completion time (a case opened now is then not "after" its record).
  const when = done.record.completedAt;
  let answer;
  if (notVerified) answer = caseStep(it, () => ({ type: "attempt", channel: "phone", outcome: "caller_not_verified", agentId }), when);
  else if (kind === "second") answer = caseStep(it, () => ({ type: "second_contact", record: done.record, agentId }), when);
  else {
    // The call reached the customer (an attempt), then the questionnaire's record.
    answer = caseStep(it, () => ({ type: "attempt", channel: "phone", outcome: "completed", agentId }), when);
    if (answer) answer = caseStep(it, () => ({ type: "complete", record: done.record, agentId }), when);
  }
  if (!answer) {
    run.shown = true;
    renderRun();
    return;
  }
  stopRun();
  ran = { ref: it.ref, kind, notVerified, title: guidance?.title, guidance: guidance?.guidance };
  renderCase();
  renderRan();
  const target = notVerified ? document.getElementById("cb-run-title") : document.getElementById("cb-case-title");
  target?.setAttribute("tabindex", "-1");
  target?.focus();
  announce(notVerified ? `${guidance?.title ?? ""} ${guidance?.guidance ?? ""}` : answer.findings.map((f) => f.message).join(" ") || answer.nextStep.text);
}

/** The panel after a failed caller check: what the package says to do, and a retry. */
function renderRan() {
  if (!ran?.notVerified || ran.ref !== openRef) return;
  els.runPanel.replaceChildren(
    h("h3", { id: "cb-run-title", tabindex: "-1", text: ran.title ?? t("ui.callbacks.run.notVerified") }),
    h("p", { id: "cb-run-result", class: "verdict warn", role: "status", text: ran.guidance ?? "" }),
    h("div", { class: "cb-actions" },
      h("button", { type: "button", id: "cb-q-retry", class: "primary", i18n: "ui.callbacks.run.retry", onclick: () => { const it = item(); if (it) startRun(it, ran.kind); } }),
      h("button", { type: "button", id: "cb-q-close", class: "secondary", i18n: "ui.callbacks.run.close", onclick: () => { ran = null; stopRun(); document.getElementById("cb-act-completed")?.focus(); } })));
  els.runPanel.hidden = false;
  els.work.classList.add("running");
}

function drawSample(event) {
  event?.preventDefault();
  els.sampleError.hidden = true;
  try {
    sample = ctx.desk.callbackPlan({ quality: { month: els.month.value.trim(), seed: els.seed.value.trim(), completed: SAMPLE.quality.completed } }).qualitySample;
  } catch (e) {
    sample = null;
    els.sampleError.textContent = e.message;
    els.sampleError.hidden = false;
    els.sampleOut.hidden = true;
    return;
  }
  renderSample();
  announce(t("ui.callbacks.sample.drawn", { size: sample.size, population: sample.population }));
}

function renderSample() {
  if (!sample) return;
  els.sampleOut.replaceChildren(
    h("p", { id: "cb-sample-summary", text: t("ui.callbacks.sample.summary", { size: sample.size, population: sample.population, seed: sample.seed }) }),
    h("ul", { class: "findings" }, ...sample.findings.map((f) => h("li", { class: f.severity, text: f.message }))),
    h("table", { id: "cb-sample-agents", class: "cb-table" },
      h("caption", { i18n: "ui.callbacks.sample.byAgent" }),
      h("thead", {}, h("tr", {}, ...["agent", "population", "sampled"].map((c) => h("th", { scope: "col", i18n: `ui.callbacks.sample.col.${c}` })))),
      h("tbody", {}, ...sample.byAgent.map((a) => h("tr", {}, h("td", { text: `${a.agent} (#${a.agentIndex})` }), h("td", { text: String(a.population) }), h("td", { text: String(a.sampled) }))))),
    h("ol", { id: "cb-sample-items", class: "cb-sample-items" }, ...sample.items.map((i) =>
      h("li", { "data-ref": i.ref, text: t("ui.callbacks.sample.item", { ref: i.ref, agent: `${i.agent} (#${i.agentIndex})`, reasons: i.reasons.map((r) => t(`ui.callbacks.reason.${r}`)).join("、") }) }))),
    h("h4", { i18n: "ui.callbacks.sample.checklist" }),
    h("ul", { id: "cb-checklist" }, ...sample.checklist.map((c) => h("li", { text: c.text }))));
  els.sampleOut.hidden = false;
}

export function refresh() {
  renderRows();
  if (openRef) renderCase();
  if (run) {
    run.session.setLocale(ctx.desk.info().locale);
    renderRun();
  } else renderRan();
  if (sample) drawSample();
}

/** Forget the screen's state on this page (the saved cases stay for the tab). */
export function clear() {
  agentId = "";
  els.agent.value = "";
  openRef = null;
  ran = null;
  stopRun();
  els.panel.hidden = true;
}
