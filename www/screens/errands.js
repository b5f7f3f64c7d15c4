// "Without queueing": the customer ticks the errands they came for and sees, for each, where it
// can be done (mobile banking, a branch kiosk, the hotline — or only at the counter, and why), what
// to bring and what it costs, before they start. Every word and every decision comes from the
// package (`serviceGuide`, pkg-config/service/); this screen only lays it out.
import { ctx, h, announce } from "../ui.js";

export const id = "errands";
export const titleCode = "ui.errands.title";

let els;
/** The customer's choice: segment and ticked errand ids (no personal data). */
const state = { segment: "personal", ticked: [] };

export function mount(section) {
  const seg = (value) => {
    const input = h("input", { type: "radio", name: "er-segment", id: `er-seg-${value}`, value, onchange: segmentChanged });
    if (value === state.segment) input.checked = true;
    return h("div", { class: "check-row" }, input, h("label", { for: `er-seg-${value}`, i18n: `ui.errands.segment.${value}` }));
  };
  const segment = h("fieldset", { id: "er-segment", class: "er-segment" },
    h("legend", { i18n: "ui.errands.segment" }), seg("personal"), seg("business"));
  const list = h("fieldset", { id: "er-list", class: "er-list" }, h("legend", { i18n: "ui.errands.pick" }));
  const summary = h("p", { id: "er-summary", class: "er-summary", role: "status" });
  const results = h("div", { id: "er-results", class: "er-results" });
  section.append(h("h2", { i18n: titleCode }), h("p", { class: "er-hint", i18n: "ui.errands.hint" }), segment, list, summary, results);
  els = { segment, list, summary, results };
  buildList();
  render();
}

/** The errands of the chosen segment as checkboxes (rebuilt only when the segment or the language
 * changes: nobody is typing into a checkbox). */
function buildList() {
  const all = ctx.desk.serviceGuide({ segment: state.segment }).errands;
  const legend = els.list.querySelector("legend");
  const rows = all.map((e) => {
    const box = h("input", { type: "checkbox", id: `er-${e.id}`, value: e.id, onchange: toggled });
    box.checked = state.ticked.includes(e.id);
    return h("div", { class: "check-row" }, box, h("label", { for: `er-${e.id}`, text: e.name }));
  });
  els.list.replaceChildren(legend, ...rows);
  state.ticked = state.ticked.filter((t) => all.some((e) => e.id === t));
}

function segmentChanged(event) {
  state.segment = event.target.value;
  buildList();
  render();
}

function toggled(event) {
  const v = event.target.value;
  state.ticked = event.target.checked ? [...state.ticked.filter((t) => t !== v), v] : state.ticked.filter((t) => t !== v);
  render();
  announce(els.summary.textContent);
}

/** A channel's name, list-joined. */
function names(channels, ids) {
  return ids.map((c) => channels.find((x) => x.channel === c)?.name ?? c).join(ctx.t("ui.errands.separator"));
}

function card(e) {
  const t = (c, p) => ctx.t(c, p);
  const lead = e.counterOnly
    ? h("p", { class: "er-lead counter", text: t("ui.errands.counterOnly") })
    : h("p", { class: "er-lead ok", text: t("ui.errands.withoutQueue", { channels: names(e.channels, e.withoutQueue) }) });
  const channels = h("ul", { class: "er-channels" },
    ...e.channels.map((c) => h("li", { class: c.available ? "available" : "unavailable", "data-channel": c.channel },
      h("strong", { text: c.name }), " ",
      h("span", { text: c.available ? (c.conditions ?? t("ui.errands.available")) : `${t("ui.errands.notAvailable")}${c.why ? t("ui.errands.because", { why: c.why }) : ""}` }))));
  const fees = h("ul", { class: "er-fees" },
    ...e.fees.map((f) => h("li", { "data-fee": f.id, "data-kind": f.kind },
      h("span", { class: "er-fee-name", text: `${f.name}${t("ui.errands.colon")}` }),
      h("strong", { class: "er-fee-display", text: f.display }),
      f.note ? h("span", { class: "er-fee-note", text: ` ${f.note}` }) : null)));
  return h("article", { class: "er-card", id: `er-card-${e.id}`, "data-errand": e.id },
    h("h3", { text: e.name }),
    lead,
    channels,
    e.bring.length ? h("p", { class: "er-bring", text: t("ui.errands.bring", { items: e.bring.join(ctx.t("ui.errands.separator")) }) }) : null,
    e.fees.length ? h("div", {}, h("h4", { i18n: "ui.errands.fees" }), fees) : null);
}

function render() {
  if (!els) return;
  if (!state.ticked.length) {
    els.summary.textContent = ctx.t("ui.errands.none");
    els.results.replaceChildren();
    return;
  }
  const answer = ctx.desk.serviceGuide({ errands: state.ticked });
  const easy = answer.errands.filter((e) => !e.counterOnly).length;
  els.summary.textContent = ctx.t("ui.errands.summary", { easy, total: answer.errands.length });
  els.results.replaceChildren(...answer.errands.map(card));
}

/** Locale changed: the errand names and every answer come again from the package. */
export function refresh() {
  if (!els) return;
  buildList();
  render();
}

/** Nothing personal is chosen here; start over anyway (kiosk timeout). */
export function clear() {
  state.segment = "personal";
  state.ticked = [];
  if (!els) return;
  els.segment.querySelector("#er-seg-personal").checked = true;
  buildList();
  render();
}
