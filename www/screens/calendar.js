// "Working days": pick a date, add N working days (mainland holidays and 调休 from the rule pack).
import { ctx, h, field, announce } from "../ui.js";

export const id = "calendar";
export const titleCode = "ui.calendar.title";

let els;
let last = null;

export function mount(section) {
  const date = field("cal-date", "ui.calendar.date", h("input", { type: "date", name: "date", required: true }));
  const days = field("cal-days", "ui.calendar.days",
    h("input", { type: "number", name: "days", min: "0", max: "366", step: "1", value: "5", inputmode: "numeric" }));
  const error = h("p", { id: "cal-error", class: "cal-error", role: "alert", hidden: true });
  const fields = h("dl", { id: "cal-fields", class: "fields" });
  const result = h("div", { id: "cal-result", class: "result", hidden: true }, fields);
  const form = h("form", { id: "cal-form", novalidate: true, onsubmit: compute },
    h("p", { class: "cal-hint", i18n: "ui.calendar.hint" }),
    h("div", { class: "cal-row" }, date.row, days.row),
    h("button", { type: "submit", id: "cal-compute", i18n: "ui.calendar.compute" }));
  section.append(h("h2", { i18n: titleCode }), form, error, result);
  els = { date: date.control, days: days.control, error, fields, result };
  els.date.value = ctx.desk.info().today;
}

function compute(event) {
  event?.preventDefault();
  last = { date: els.date.value, days: Number(els.days.value) };
  render();
}

function render() {
  if (!last) return;
  const t = (c) => ctx.t(c);
  try {
    const start = ctx.desk.isWorkingDay(last.date);
    const res = ctx.desk.addWorkingDays(last.date, last.days);
    const describe = (d) => [d.date, t(`ui.calendar.weekday.${d.weekday}`), t(`ui.calendar.kind.${d.kind}`), d.holiday]
      .filter(Boolean).join(" · ");
    const rows = [
      ["ui.calendar.start", describe(start)],
      ["ui.calendar.resultDate", describe(res.day)],
      ["ui.calendar.calendarDays", String(res.calendarDays)],
    ];
    els.fields.replaceChildren(...rows.flatMap(([label, value]) => [h("dt", { text: t(label) }), h("dd", { text: value, "data-field": label })]));
    els.error.hidden = true;
    els.result.hidden = false;
    els.result.dataset.date = res.date;
    announce(`${t("ui.calendar.resultDate")} ${res.date}`);
  } catch (e) {
    const code = e?.code === "calendar.year_not_covered" ? "ui.calendar.error.year_not_covered" : "ui.calendar.error.invalid";
    els.error.textContent = t(code);
    els.error.dataset.code = e?.code ?? "";
    els.error.hidden = false;
    els.result.hidden = true;
    announce(els.error.textContent);
  }
}

/** Locale changed: re-render with the new labels and holiday names. */
export function refresh() {
  render();
}

/** Nothing personal is entered here; reset to today anyway (kiosk timeout). */
export function clear() {
  last = null;
  if (!els) return;
  els.date.value = ctx.desk.info().today;
  els.days.value = "5";
  els.error.hidden = true;
  els.result.hidden = true;
  els.fields.replaceChildren();
}
