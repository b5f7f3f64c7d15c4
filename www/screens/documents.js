// "Check my documents": choose a kind, type the number (and, if you like, the issue and expiry
// dates), see each finding next to its field; or paste a passport / ID-card MRZ and see the
// characters covered by a wrong check digit highlighted. Every decision comes from the package.
import { announceFindings, ctx, h, field, renderFindings, announce } from "../ui.js";

export const id = "documents";
export const titleCode = "ui.documents.title";

const KINDS = [
  "cn_resident_id", "hmt_residence_permit", "foreign_permanent_residence_id", "hk_macao_travel_permit",
  "taiwan_travel_permit", "uscc", "cn_mobile", "email",
];
/** Decoded fields shown after a check, in order; the caller's own number is shown only masked. */
const SHOWN = [
  "region", "nationality", "format", "birthDate", "sex", "age", "ageGroup", "provinceCode", "regionCode",
  "issueCount", "issuingOffice", "registrationAuthorityName", "entityCategoryName", "orgCode", "domain",
];
const ENUMS = { sex: "ui.sex.", ageGroup: "ui.ageGroup.", region: "ui.region." };
const MRZ_SHOWN = ["documentCode", "issuingState", "nationality", "birthDate", "expiryDate", "sex"];

let els;
let lastInput = null;
let lastMrz = null;

export function mount(section) {
  const kind = field("doc-kind", "ui.documents.kind",
    h("select", { name: "kind" }, KINDS.map((k) => h("option", { value: k, i18n: `ui.kind.${k}` }))));
  const number = field("doc-number", "ui.documents.number",
    h("input", { name: "number", autocomplete: "off", spellcheck: "false", maxlength: "320" }));
  const issue = field("doc-issue", "ui.documents.issueDate", h("input", { name: "issueDate", type: "date" }));
  const expiry = field("doc-expiry", "ui.documents.expiryDate", h("input", { name: "expiryDate", type: "date" }));
  const longTerm = h("input", { type: "checkbox", id: "doc-long-term", name: "longTerm" });
  const longRow = h("div", { class: "check-row" }, longTerm, h("label", { for: "doc-long-term", i18n: "ui.documents.longTerm" }));
  const dates = h("fieldset", { id: "doc-dates", class: "dates" },
    h("legend", { i18n: "ui.documents.dates" }), issue.row, expiry.row, longRow);
  const verdict = h("p", { id: "doc-verdict", class: "verdict" });
  const fields = h("dl", { id: "doc-fields", class: "fields" });
  const result = h("div", { id: "doc-result", class: "result", hidden: true }, verdict, fields);
  const form = h("form", { id: "doc-form", novalidate: true, onsubmit: check },
    kind.row, number.row, dates, h("button", { type: "submit", id: "doc-check", i18n: "ui.documents.check" }));
  kind.control.addEventListener("change", () => {
    dates.hidden = kind.control.value === "cn_mobile" || kind.control.value === "email";
  });
  longTerm.addEventListener("change", () => {
    expiry.control.disabled = longTerm.checked;
  });

  const mrzText = field("mrz-text", "ui.documents.mrz.text",
    h("textarea", { name: "mrz", rows: "3", autocomplete: "off", spellcheck: "false", class: "mrz-input", maxlength: "400" }));
  const mrzVerdict = h("p", { id: "mrz-verdict", class: "verdict" });
  const mrzView = h("div", { id: "mrz-view", class: "mrz-view", "aria-hidden": "true" });
  const mrzFields = h("dl", { id: "mrz-fields", class: "fields" });
  const mrzResult = h("div", { id: "mrz-result", class: "result", hidden: true }, mrzVerdict, mrzView, mrzFields);
  const mrzForm = h("form", { id: "mrz-form", novalidate: true, onsubmit: checkMrz },
    h("h3", { i18n: "ui.documents.mrz.title" }), h("p", { class: "hint", i18n: "ui.documents.mrz.hint" }),
    mrzText.row, h("button", { type: "submit", id: "mrz-check", i18n: "ui.documents.mrz.check" }));

  section.append(h("h2", { i18n: titleCode }), form, result, mrzForm, mrzResult);
  els = {
    kind: kind.control, number: number.control, numberFindings: number.findings,
    issue: issue.control, issueFindings: issue.findings, expiry: expiry.control, expiryFindings: expiry.findings,
    longTerm, dates, verdict, fields, result,
    mrz: mrzText.control, mrzFindings: mrzText.findings, mrzVerdict, mrzView, mrzFields, mrzResult,
  };
}

function check(event) {
  event?.preventDefault();
  lastInput = { kind: els.kind.value, number: els.number.value };
  if (!els.dates.hidden) {
    if (els.issue.value) lastInput.issueDate = els.issue.value;
    if (els.longTerm.checked) lastInput.expiryDate = "long_term";
    else if (els.expiry.value) lastInput.expiryDate = els.expiry.value;
  }
  render(ctx.desk.validateDocument(lastInput));
}

function rowsOf(list) {
  return list.flatMap(([label, value]) => [h("dt", { text: ctx.t(label) }), h("dd", { text: value })]);
}

function render(res) {
  const t = (c) => ctx.t(c);
  els.result.hidden = false;
  els.verdict.textContent = t(res.valid ? "ui.documents.valid" : "ui.documents.invalid");
  els.verdict.className = `verdict ${res.valid ? "ok" : "bad"}`;
  const rows = [];
  if (res.valid) {
    if (res.masked) rows.push(["ui.documents.masked", res.masked]);
    for (const key of SHOWN) {
      const v = res.fields[key];
      if (v === undefined || v === null) continue;
      rows.push([`ui.field.${key}`, ENUMS[key] ? t(ENUMS[key] + v) : String(v)]);
    }
  }
  els.fields.replaceChildren(...rowsOf(rows));
  const on = (name) => res.findings.filter((f) => (f.field ?? "number") === name);
  renderFindings(els.numberFindings, res.findings.filter((f) => !["issueDate", "expiryDate"].includes(f.field)));
  renderFindings(els.issueFindings, on("issueDate"));
  renderFindings(els.expiryFindings, on("expiryDate"));
  if (res.valid && res.fields.ageGroup === "elderly") ctx.suggestElderly();
  els.number.setAttribute("aria-invalid", String(!res.valid));
  announceFindings(els.verdict.textContent, res.findings);
}

function checkMrz(event) {
  event?.preventDefault();
  lastMrz = els.mrz.value;
  renderMrz(ctx.desk.parseMrz(lastMrz));
}

/** "2:1-9,2:14-20" → [[line, from, to], …] (1-based, inclusive). */
function parseRanges(s) {
  return String(s ?? "").split(",").filter(Boolean).map((r) => {
    const [line, span] = r.split(":");
    const [a, b] = span.split("-");
    return [Number(line), Number(a), Number(b)];
  });
}

function renderMrz(res) {
  const t = (c) => ctx.t(c);
  els.mrzResult.hidden = false;
  els.mrzVerdict.textContent = t(res.valid ? "ui.documents.mrz.valid" : "ui.documents.mrz.invalid");
  els.mrzVerdict.className = `verdict ${res.valid ? "ok" : "bad"}`;
  // Which characters to mark: those covered by a failed check (range) and the check digit itself.
  const covered = new Set();
  const wrong = new Set();
  for (const f of res.findings) {
    if (f.severity !== "error") continue;
    for (const [line, a, b] of parseRanges(f.params.ranges)) for (let c = a; c <= b; c++) covered.add(`${line}:${c}`);
    if (f.params.line && f.params.column) wrong.add(`${f.params.line}:${f.params.column}`);
  }
  const lines = els.mrz.value.toUpperCase().split("\n").map((l) => l.trim()).filter(Boolean);
  els.mrzView.replaceChildren(...(res.format ? lines : []).map((line, i) =>
    h("div", { class: "mrz-line" }, [...line].map((ch, j) => {
      const key = `${i + 1}:${j + 1}`;
      const cls = wrong.has(key) ? "mrz-char mrz-wrong" : covered.has(key) ? "mrz-char mrz-covered" : "mrz-char";
      return h("span", { class: cls, "data-pos": key, text: ch });
    }))));
  const rows = [];
  if (res.format) rows.push(["ui.documents.mrz.format", res.format]);
  for (const key of MRZ_SHOWN) {
    const v = res.fields[key];
    if (v === undefined || v === null || v === "") continue;
    rows.push([`ui.field.${key}`, key === "sex" ? t(`ui.sex.${v}`) : v]);
  }
  els.mrzFields.replaceChildren(...rowsOf(rows));
  renderFindings(els.mrzFindings, res.findings);
  els.mrz.setAttribute("aria-invalid", String(!res.valid));
  announceFindings(els.mrzVerdict.textContent, res.findings);
}

/** Locale changed: re-run the last checks so messages follow the language. */
export function refresh() {
  if (lastInput) render(ctx.desk.validateDocument(lastInput));
  if (lastMrz !== null) renderMrz(ctx.desk.parseMrz(lastMrz));
}

/** Forget everything typed (kiosk timeout, finish). */
export function clear() {
  lastInput = null;
  lastMrz = null;
  if (!els) return;
  for (const el of [els.number, els.issue, els.expiry, els.mrz]) {
    el.value = "";
    el.removeAttribute("aria-invalid");
  }
  els.longTerm.checked = false;
  els.expiry.disabled = false;
  for (const r of [els.result, els.mrzResult]) r.hidden = true;
  for (const l of [els.fields, els.numberFindings, els.issueFindings, els.expiryFindings, els.mrzView, els.mrzFields, els.mrzFindings]) {
    l.replaceChildren();
  }
}
