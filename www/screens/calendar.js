// "Working days": pick a date, add N working days (mainland holidays and 调休 from the rule pack).
// The count is read by the package (`parseCount`: an empty field is not 0, more than the calendar
// allows is a message at the field, never a silent clamp).
import { ctx, h, field, announce, markField, setVerdict } from "../ui.js";

export const id = "calendar";
export const titleCode = "ui.calendar.title";

let els;
let last = null;

export function mount(section) {
  const date = field("cal-date", "ui.calendar.date", h("input", { type: "date", name: "date", required: true }));
  const days = field("cal-days", "ui.calendar.days",
    h("input", { name: "days", value: "5", inputmode: "numeric", autocomplete: "off", maxlength: String(ctx.limits.numberMaxChars) }));
  const error = h("p", { id: "cal-error", class: "cal-error", role: "alert", hidden: true });
  const fields = h("dl", { id: "cal-fields", class: "fields" });
  const result = h("div", { id: "cal-result", class: "result", hidden: true }, fields);
  const form = h("form", { id: "cal-form", novalidate: true, onsubmit: compute },
    h("p", { class: "cal-hint", i18n: "ui.calendar.hint" }),
    h("div", { class: "cal-row" }, date.row, days.row),
    h("button", { type: "submit", id: "cal-compute", i18n: "ui.calendar.compute" }));
  section.append(h("h2", { i18n: titleCode }), form, error, result);
  els = { date: date.control, dateFindings: date.findings, days: days.control, daysFindings: days.findings, error, fields, result };
  els.date.value = ctx.desk.info().today;
  els.date.dataset.today = els.date.value;
}

function compute(event) {
  event?.preventDefault();
  const n = ctx.desk.parseCount({ text: els.days.value, max: ctx.limits.maxWorkingDays });
  markField(els.days, els.daysFindings, n.findings);
  const noDate = els.date.value ? [] : [{ code: "ui.calendar.error.date", severity: "error", field: "date", message: ctx.t("ui.calendar.error.date") }];
  markField(els.date, els.dateFindings, noDate);
  if (!n.valid || noDate.length) {
    last = null;
    els.result.hidden = true;
    els.error.hidden = true;
    const bad = noDate.length ? els.date : els.days;
    bad.focus();
    announce((noDate[0] ?? n.findings[0]).message);
    return;
  }
  last = { date: els.date.value, days: n.value };
  render();
}

/** A day in words: "2026-10-09 · 星期五 · 工作日", "国庆节（法定节假日）", "国庆节调休，照常上班". */
function describe(d) {
  const t = (c, p) => ctx.t(c, p);
  const kind = d.holiday && ["holiday", "adjusted_workday"].includes(d.kind)
    ? t(`ui.calendar.kind.${d.kind}_named`, { holiday: d.holiday })
    : t(`ui.calendar.kind.${d.kind}`);
  return [d.date, t(`ui.calendar.weekday.${d.weekday}`), kind].join(" · ");
}

function render() {
  if (!last) return;
  const t = (c) => ctx.t(c);
  try {
    const start = ctx.desk.isWorkingDay(last.date);
    const res = ctx.desk.addWorkingDays(last.date, last.days);
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
    setVerdict(els.error, "error", t(code));
    els.error.classList.add("cal-error");
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

/** The device's day moved on (a kiosk left on past midnight): a start date still on the old
 * "today" that nobody changed follows. */
export function dayChanged(today) {
  if (!els) return;
  if (els.date.value === els.date.dataset.today) els.date.value = today;
  els.date.dataset.today = today;
}

/** Nothing personal is entered here; reset to today anyway (kiosk timeout). */
export function clear() {
  last = null;
  if (!els) return;
  els.date.value = ctx.desk.info().today;
  els.date.dataset.today = els.date.value;
  els.days.value = "5";
  markField(els.days, els.daysFindings, []);
  markField(els.date, els.dateFindings, []);
  els.error.hidden = true;
  els.result.hidden = true;
  els.fields.replaceChildren();
}
