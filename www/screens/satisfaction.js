// The satisfaction card (issue 16 §3.1): after a flow finishes, a small card offers the
// five-dimension survey ("为本次服务打分（1 分钟）"). It is dismissible and, on a personal device, not
// offered again within the pack's `notMoreOftenThanDays` (the date is a local preference, no
// personal data; a kiosk serves a new customer each time and keeps nothing). The survey itself is
// the pack's `satisfaction` questionnaire: five 1–5 radio groups (arrow keys move and choose, as in
// any radio group), a "what went wrong / may we contact you" page when a rating is low, and a
// thank-you text from `desk.satisfactionSummary(record)`: the date customer service will call by,
// or "your feedback has been recorded". The running survey survives a reload of the tab (session
// storage: ratings and the flow's name only; the kiosk's idle reset clears it).
//
// Used by the flows: `offerSurvey({ flow, serviceChannel })` (contact update, …); the shell calls
// `resumeSurvey()` at start, `refreshSurvey()` on a language switch and `clearSurvey()` on reset.
import { ctx, h, renderFindings, announce } from "../ui.js";

const SURVEY = "satisfaction";
/** The running survey (session storage: cleared with the tab and by the kiosk's idle reset). */
const RUN_KEY = "frontdesk.survey.running";
/** The day the survey was last offered (local preference; never on a kiosk). */
const LAST_KEY = "frontdesk.survey.lastOffered";

let card = null;
let session = null;
/** `{ flow, serviceChannel }` of the offer on screen (before the survey starts). */
let offer = null;
let summary = null;
let shown = new Set();
/** The customer said "no, thanks" during this visit (a kiosk keeps no date: reset for the next one). */
let declined = false;

function store(kind) {
  try {
    return kind === "local" ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

function today() {
  return ctx.desk.info().today;
}

/** Days from `a` to `b` (`YYYY-MM-DD`). */
function daysBetween(a, b) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** The card's place: under the screens, inside <main>. */
function ensureCard() {
  if (card?.isConnected) return card;
  card = h("section", { id: "survey", class: "survey card", "aria-labelledby": "sv-title", hidden: true });
  const screens = document.getElementById("screens");
  (screens?.parentElement ?? document.body).insertBefore(card, screens?.nextSibling ?? null);
  return card;
}

function recentlyOffered(days) {
  if (ctx.kiosk) return false;
  const last = store("local")?.getItem(LAST_KEY);
  return Boolean(last) && daysBetween(last, today()) < days;
}

function rememberOffered() {
  if (!ctx.kiosk) store("local")?.setItem(LAST_KEY, today());
}

/** Offer the survey after a flow (`flow`: the flow's name; `serviceChannel`: branch, kiosk, app or
 * phone). Returns false when the pack has no survey or it was offered recently. */
export function offerSurvey({ flow, serviceChannel }) {
  if (session || summary || declined || !ctx.desk.listQuestionnaires().some((q) => q.id === SURVEY)) return false;
  if (recentlyOffered(30)) return false;
  offer = { flow, serviceChannel: ctx.kiosk ? "kiosk" : serviceChannel };
  summary = null;
  renderOffer();
  return true;
}

function renderOffer() {
  const el = ensureCard();
  el.replaceChildren(
    h("h3", { id: "sv-title", tabindex: "-1", text: ctx.t("ui.survey.offer") }),
    h("p", { class: "hint", text: ctx.t("ui.survey.offerHint") }),
    h("div", { class: "q-buttons" },
      h("button", { type: "button", id: "sv-start", class: "primary", text: ctx.t("ui.survey.start"), onclick: start }),
      h("button", { type: "button", id: "sv-dismiss", class: "secondary", text: ctx.t("ui.survey.dismiss"), onclick: dismiss })));
  el.hidden = false;
}

function dismiss() {
  rememberOffered();
  hide();
  declined = true;
  announce(ctx.t("ui.survey.dismissed"));
}

function start() {
  rememberOffered();
  session = ctx.desk.startQuestionnaire(SURVEY, { flow: offer.flow, serviceChannel: offer.serviceChannel }, ctx.kiosk ? "kiosk" : "in_app");
  shown = new Set();
  persist();
  render(session.view(), { focusTitle: true });
}

function persist() {
  const s = store("session");
  if (!s) return;
  if (session) s.setItem(RUN_KEY, session.save());
  else s.removeItem(RUN_KEY);
}

/** After a reload: the survey the customer was answering, where they left it. */
export function resumeSurvey() {
  const saved = store("session")?.getItem(RUN_KEY);
  if (!saved) return;
  try {
    session = ctx.desk.resumeQuestionnaire(saved);
    const view = session.view();
    shown = new Set(view.questions.filter((q) => q.value !== null).map((q) => q.id));
    render(view);
    const status = card.querySelector("#sv-status");
    status.textContent = ctx.t("ui.survey.resumed");
  } catch (e) {
    console.warn("saved survey refused:", e?.code);
    store("session")?.removeItem(RUN_KEY);
    session = null;
  }
}

export function refreshSurvey() {
  if (session) {
    session.setLocale(ctx.desk.info().locale);
    render(session.view());
  } else if (summary) renderThanks(summary.record);
  else if (offer && card && !card.hidden) renderOffer();
}

/** Forget the survey (the kiosk's reset: the next customer may be asked again). */
export function clearSurvey() {
  declined = false;
  hide();
}

function hide() {
  session?.free();
  session = null;
  offer = null;
  summary = null;
  persist();
  if (card) {
    card.replaceChildren();
    card.hidden = true;
  }
}

function answer(qid, value) {
  session.answer(qid, value);
  persist();
  const view = session.view();
  // A new page part (the low page) appears without rebuilding what the customer is on.
  const ids = [...card.querySelectorAll("[data-q]")].map((el) => el.dataset.q).join(",");
  if (ids !== view.questions.map((q) => q.id).join(",")) render(view, { keepFocus: true });
  else updateFindings(view);
}

function control(q) {
  const name = `sv-${q.id}`;
  if (q.type === "rating" || q.type === "single_choice" || q.type === "multiple_choice") {
    const multi = q.type === "multiple_choice";
    const options = q.type === "rating"
      ? [1, 2, 3, 4, 5].map((n) => ({ value: n, text: String(n) }))
      : q.options;
    const group = h("div", { class: q.type === "rating" ? "sv-scale" : "sv-choices", role: multi ? "group" : "radiogroup", "aria-labelledby": `${name}-label`, "aria-describedby": `${name}-findings` },
      ...options.map((o, i) => {
        const id = `${name}-${i}`;
        const checked = multi ? Array.isArray(q.value) && q.value.includes(o.value) : q.value === o.value;
        const input = h("input", { type: multi ? "checkbox" : "radio", id, name, value: String(o.value), checked });
        input.addEventListener("change", () => {
          if (multi) {
            const values = [...group.querySelectorAll("input:checked")].map((x) => x.value);
            answer(q.id, values.length ? values : null);
          } else answer(q.id, q.type === "rating" ? Number(input.value) : input.value);
        });
        return h("label", { for: id, class: "sv-option" }, input, h("span", { text: o.text }));
      }));
    const scale = q.type === "rating"
      ? h("p", { class: "hint sv-ends", "aria-hidden": "true" }, h("span", { text: ctx.t("ui.survey.scaleLow") }), h("span", { text: ctx.t("ui.survey.scaleHigh") }))
      : null;
    return [group, scale];
  }
  const area = h("textarea", { id: name, rows: "3", "aria-labelledby": `${name}-label`, "aria-describedby": `${name}-findings` });
  area.value = q.value ?? "";
  area.addEventListener("change", () => answer(q.id, area.value.trim() === "" ? null : area.value));
  return [area];
}

function render(view, { focusTitle = false, keepFocus = false } = {}) {
  const el = ensureCard();
  const active = keepFocus ? document.activeElement?.id : null;
  const buttons = h("div", { class: "q-buttons" },
    view.canBack ? h("button", { type: "button", id: "sv-back", text: ctx.t("ui.survey.back"), onclick: () => step(() => session.back()) }) : null,
    view.canNext ? h("button", { type: "button", id: "sv-next", class: "primary", text: ctx.t("ui.survey.next"), onclick: () => step(() => session.next()) }) : null,
    !view.canNext ? h("button", { type: "button", id: "sv-finish", class: "primary", text: ctx.t("ui.survey.finish"), onclick: finish }) : null);
  // (replaceChildren would write a null as the text "null": only elements go in.)
  const intro = view.page.number === 1 && view.intro ? [h("p", { class: "hint", id: "sv-intro", text: view.intro })] : [];
  el.replaceChildren(
    h("h3", { id: "sv-title", tabindex: "-1", text: view.title }),
    ...intro,
    h("p", { id: "sv-status", class: "hint", role: "status" }),
    h("h4", { id: "sv-page", "data-page": view.page.id, text: view.page.title }),
    ...view.questions.map((q) =>
      h("div", { class: "sv-question", "data-q": q.id },
        h("p", { id: `sv-${q.id}-label`, class: "sv-text", text: q.text }),
        ...control(q).filter(Boolean),
        h("ul", { class: "findings", id: `sv-${q.id}-findings` }))),
    buttons);
  el.hidden = false;
  updateFindings(view);
  if (active && document.getElementById(active)) document.getElementById(active).focus();
  else if (focusTitle) el.querySelector("#sv-title").focus();
}

function updateFindings(view) {
  for (const q of view.questions) {
    const list = card.querySelector(`#sv-${q.id}-findings`);
    if (list) renderFindings(list, shown.has(q.id) ? q.findings : []);
  }
}

function step(fn) {
  const before = session.view().page.number;
  const view = fn();
  persist();
  if (view.page.number === before) {
    // "Next" on an incomplete page: every message shows, the first problem gets focus.
    for (const q of view.questions) shown.add(q.id);
    render(view);
    const first = view.questions.find((q) => q.findings.some((f) => f.severity === "error"));
    if (first) {
      card.querySelector(`[data-q="${first.id}"] input, [data-q="${first.id}"] textarea`)?.focus();
      announce(first.findings[0]?.message ?? "");
    }
    return;
  }
  render(view);
  card.querySelector("#sv-page").setAttribute("tabindex", "-1");
  card.querySelector("#sv-page").focus();
}

function finish() {
  let result;
  try {
    result = session.finish();
  } catch {
    step(() => session.next());
    return;
  }
  session.free();
  session = null;
  persist();
  renderThanks(result.record);
}

function renderThanks(record) {
  summary = { record, card: ctx.desk.satisfactionSummary(record) };
  const s = summary.card;
  const due = s.secondContact?.dueBy;
  const text = s.secondContact
    ? due ? ctx.t("ui.survey.contactBy", { date: due }) : ctx.t("ui.survey.contactSoon")
    : s.low ? ctx.t("ui.survey.recorded") : ctx.t("ui.survey.thanks");
  const el = ensureCard();
  el.replaceChildren(
    h("h3", { id: "sv-title", tabindex: "-1", text: ctx.t("ui.survey.done") }),
    h("p", { id: "sv-thanks", class: "verdict ok", "data-severity": "ok", text }),
    h("ul", { id: "sv-summary", class: "sv-summary" },
      ...s.dimensions.map((d) => h("li", { "data-dimension": d.id, text: ctx.t("ui.survey.rated", { name: d.name, rating: d.rating ?? "—" }) }))),
    h("button", { type: "button", id: "sv-close", text: ctx.t("ui.survey.close"), onclick: () => { declined = true; hide(); } }));
  el.hidden = false;
  el.querySelector("#sv-title").focus();
  announce(text);
}
