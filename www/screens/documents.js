// "Check my documents": choose a kind, type the number, see each finding next to the field.
import { ctx, h, field, renderFindings, announce } from "../ui.js";

export const id = "documents";
export const titleCode = "ui.documents.title";

let els;
let lastInput = null;

export function mount(section) {
  const kind = field("doc-kind", "ui.documents.kind",
    h("select", { name: "kind" }, h("option", { value: "cn_resident_id", i18n: "ui.kind.cn_resident_id" })));
  const number = field("doc-number", "ui.documents.number",
    h("input", { name: "number", autocomplete: "off", spellcheck: "false", maxlength: "64" }));
  const verdict = h("p", { id: "doc-verdict", class: "verdict" });
  const fields = h("dl", { id: "doc-fields", class: "fields" });
  const result = h("div", { id: "doc-result", class: "result", hidden: true }, verdict, fields);
  const form = h("form", { id: "doc-form", novalidate: true, onsubmit: check },
    kind.row, number.row, h("button", { type: "submit", id: "doc-check", i18n: "ui.documents.check" }));
  section.append(h("h2", { i18n: titleCode }), form, result);
  els = { kind: kind.control, number: number.control, numberFindings: number.findings, verdict, fields, result };
}

function check(event) {
  event?.preventDefault();
  lastInput = { kind: els.kind.value, number: els.number.value };
  render(ctx.desk.validateDocument(lastInput));
}

function render(res) {
  const t = (c) => ctx.t(c);
  els.result.hidden = false;
  els.verdict.textContent = t(res.valid ? "ui.documents.valid" : "ui.documents.invalid");
  els.verdict.className = `verdict ${res.valid ? "ok" : "bad"}`;
  const rows = [];
  if (res.valid) {
    const f = res.fields;
    if (res.masked) rows.push(["ui.documents.masked", res.masked]);
    if (f.birthDate) rows.push(["ui.field.birthDate", f.birthDate]);
    if (f.sex) rows.push(["ui.field.sex", t(`ui.sex.${f.sex}`)]);
    if (f.age !== undefined) rows.push(["ui.field.age", String(f.age)]);
  }
  els.fields.replaceChildren(...rows.flatMap(([label, value]) => [h("dt", { text: t(label) }), h("dd", { text: value })]));
  renderFindings(els.numberFindings, res.findings);
  if (res.valid && res.fields.ageGroup === "elderly") ctx.suggestElderly();
  els.number.setAttribute("aria-invalid", String(!res.valid));
  announce(els.verdict.textContent);
}

/** Locale changed: re-run the last check so messages follow the language. */
export function refresh() {
  if (lastInput) render(ctx.desk.validateDocument(lastInput));
}

/** Forget everything typed (kiosk timeout, finish). */
export function clear() {
  lastInput = null;
  if (!els) return;
  els.number.value = "";
  els.result.hidden = true;
  els.fields.replaceChildren();
  els.numberFindings.replaceChildren();
  els.number.removeAttribute("aria-invalid");
}
