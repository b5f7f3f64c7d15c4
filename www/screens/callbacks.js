// The callback agent's day (issue 16 §1.9), a staff screen (hidden from the customer menu and from
// the kiosk): the agent's 工号 (kept in page memory only, shown masked), the day's callbacks from
// desk.callbackPlan() — due status, the account status that shortened the interval, the next step,
// whether an SMS may go now — and one case at a time: the routed questionnaire's phone script and
// the outcome buttons, each a desk.callbackCase() call whose answer (and a fresh plan) is what the
// row shows. The monthly quality sample is drawn by the package from a seed. No rule lives here:
// every date, step, text and decision comes from the package.
import { ctx, h, announce, nowIso } from "../ui.js";
import { SAMPLE } from "./callbacks-sample.js";

export const id = "callbacks";
export const titleCode = "ui.callbacks.title";
/** A staff screen: no link in the customer menu, never on a kiosk (shell.js). */
export const staff = true;
/** The package's channel names label the attempts. */
export const textPrefixes = ["callback.channel."];

/** Saved cases of this tab (masked data only): ref → { saved, attempts }. */
const STORE = "frontdesk.callbacks.cases";

let els;
/** The agent's 工号 as typed: page memory only, never stored, shown masked. */
let agentId = "";
/** The last callbackPlan() answer, the rows' filter, the open case's ref, the sample answer. */
let plan = null;
let filter = null;
let openRef = null;
let sample = null;

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
  const planView = h("div", { id: "cb-plan-view" }, load, rows, panel);
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
  els = { section, agent, rows, table, summary, panel, planView, sampleView, month, seed, sampleOut, sampleError };
  const today = ctx.desk.info().today;
  month.value = today.slice(0, 7);
  seed.value = `QA-${month.value}`;
  month.addEventListener("change", () => (seed.value = `QA-${month.value.trim()}`));
  // A reload in the middle of the day: the saved cases come back with the plan.
  if (Object.keys(loadCases()).length) replan(false);
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
      h("td", {}, h("span", { class: `chip ${it.status}`, "data-status": it.status, text: statusText(it) })),
      h("td", { class: "cb-next", text: it.nextStep.text }),
      h("td", {}, h("span", { class: `lamp ${it.sms.allowedNow ? "on" : "off"}`, "data-allowed": String(it.sms.allowedNow), text: smsText(it) })),
      h("td", {}, h("button", { type: "button", class: "secondary cb-open", "data-ref": it.ref, "aria-label": t("ui.callbacks.openRow", { ref: it.ref }), text: t("ui.callbacks.open"), onclick: () => openCase(it.ref) }))));
  els.table.replaceChildren(h("caption", { i18n: "ui.callbacks.caption" }), h("thead", {}, head), h("tbody", {}, ...body));
}

function openCase(ref) {
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
  const button = (idPart, code, onclick, extra = {}) => h("button", { type: "button", id: `cb-act-${idPart}`, class: "secondary", i18n: code, onclick, ...extra });
  const smsBlocked = !it.sms.allowedNow;
  const attempts = (saved?.attempts ?? []).map((a) => h("li", { text: t("ui.callbacks.attempt", { time: `${a.at.slice(5, 10)} ${time(a.at)}`, channel: t(`callback.channel.${a.channel}`), outcome: t(`ui.callbacks.outcome.${a.outcome}`) }) }));
  const tasks = [...it.tasks, ...(it.nextStep.escalation ? [it.nextStep.escalation] : [])].map((k) =>
    h("li", { class: "cb-task", "data-action": k.action, text: t("ui.callbacks.task", { action: t(`ui.callbacks.action.${k.action}`), department: k.departmentName, due: k.dueAt ? `${k.dueBy} ${time(k.dueAt)}` : k.dueBy ?? "—" }) }));
  els.panel.replaceChildren(
    h("h3", { id: "cb-case-title", text: t("ui.callbacks.caseTitle", { ref: it.ref, label: it.label }) }),
    h("p", { id: "cb-next", class: "verdict", role: "status", text: it.nextStep.text }),
    h("details", { class: "cb-script", open: true },
      h("summary", { text: t("ui.callbacks.script", { title: script?.title ?? it.questionnaire }) }),
      h("ol", { id: "cb-script" }, ...(script?.lines ?? []).slice(0, 6).map((l) => h("li", { "data-question": l.questionId, text: l.say })))),
    h("div", { class: "cb-actions", role: "group", "aria-label": t("ui.callbacks.outcomes") },
      button("completed", "ui.callbacks.act.completed", act("completed")),
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
    h("ul", { id: "cb-tasks" }, ...(tasks.length ? tasks : [h("li", { class: "hint", i18n: "ui.callbacks.noTasks" })])));
  els.panel.hidden = false;
}

function plusTwoHours() {
  const now = new Date(Date.parse(nowIso()) + 2 * 3600_000 + 8 * 3600_000);
  return now.toISOString().slice(11, 16);
}

/** One outcome: a callbackCase() step, then a fresh plan (the row shows the package's answer). */
function record(channel, outcome, callBackTime) {
  const it = item();
  const error = document.getElementById("cb-error");
  error.hidden = true;
  if (!agentId) {
    error.textContent = t("ui.callbacks.agentNeeded");
    error.hidden = false;
    els.agent.focus();
    return;
  }
  const now = nowIso();
  ctx.desk.setNow(now);
  const at = ctx.desk.info().now;
  const action = { type: "attempt", at, channel, outcome, agentId };
  if (callBackTime) action.callBackAt = `${at.slice(0, 10)}T${callBackTime}:00+08:00`;
  const saved = loadCases()[it.ref]?.saved;
  const open = { ref: it.ref, trigger: it.trigger, questionnaire: it.questionnaire, segment: it.segment, urgent: it.urgent, ...(it.customerRef ? { customerRef: it.customerRef } : {}), ...(it.dueDate ? { dueDate: it.dueDate } : {}) };
  let answer;
  try {
    answer = ctx.desk.callbackCase(saved ? { saved, action } : { open, action });
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    return;
  }
  saveCase(it.ref, answer);
  replan(false);
  const next = item();
  announce(next ? next.nextStep.text : answer.nextStep.text);
  document.getElementById(`cb-act-${channel === "phone" ? (outcome === "busy_call_back" ? "busy" : outcome) : channel}`)?.focus();
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
  if (sample) drawSample();
}

/** Forget the screen's state on this page (the saved cases stay for the tab). */
export function clear() {
  agentId = "";
  els.agent.value = "";
  openRef = null;
  els.panel.hidden = true;
}
