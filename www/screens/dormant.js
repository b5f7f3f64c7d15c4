// "Wake up a dormant account" (issue 16 §2.1): what the notice says, the choices (keep using it,
// close it, make it a small-payments account, not now) and what each takes on each channel, the
// fees, and — for a business account — the close-by date counted from the day the bank sent its
// notice. Every word and date comes from the package (`dormantWakeUp`); this screen lays it out.
import { ctx, h, announce, renderFindings, markField, setVerdict, worst } from "../ui.js";

export const id = "dormant";
export const titleCode = "ui.dormant.title";

const TIERS = ["personal_class_1", "personal_class_2", "personal_class_3", "business_basic"];
let els;
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
  section.append(h("h2", { i18n: titleCode }), h("p", { class: "er-hint", i18n: "ui.dormant.hint" }), kind, sentRow, verdict, findings, notice, choices, outcome);
  els = { kind, sent, sentFindings, sentRow, notice, verdict, findings, choices, outcome, tierNames };
  render();
}

function kindChanged(event) {
  state.tier = event.target.value;
  state.choice = null;
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
  els.choices.hidden = a.options.length === 0;
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

/** Locale changed: every text again from the package. */
export function refresh() {
  if (!els) return;
  els.tierNames = Object.fromEntries(ctx.desk.listTiers().tiers.map((t) => [t.id, t.name]));
  for (const l of els.kind.querySelectorAll("label[data-tier]")) l.textContent = els.tierNames[l.dataset.tier] ?? l.dataset.tier;
  render();
}

/** Start over (kiosk timeout). */
export function clear() {
  state.tier = "personal_class_1";
  state.sentOn = "";
  state.choice = null;
  if (!els) return;
  els.sent.value = "";
  els.kind.querySelector("#dm-kind-personal_class_1").checked = true;
  render();
}
