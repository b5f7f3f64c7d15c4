// "Check my documents": choose a kind, type the number (and, if you like, the issue and expiry
// dates), see each finding next to its field; or paste a passport / ID-card MRZ and see the
// characters a failed check digit covers marked as the suspects. Every decision comes from the
// package; the kinds and input caps too (`desk.inputLimits()`).
import { announceFindings, ctx, h, field, markField, setVerdict, worst, focusFirstInvalid } from "../ui.js";

export const id = "documents";
export const titleCode = "ui.documents.title";

/** Decoded fields shown to the customer, in order; the caller's own number is shown only masked. */
const SHOWN = [
  "region", "nationality", "birthDate", "sex", "age", "ageGroup",
  "issueCount", "registrationAuthorityName", "entityCategoryName", "domain",
];
/** Codes a customer need not read: under "details for staff". */
const STAFF = ["format", "provinceCode", "regionCode", "issuingOffice", "orgCode"];
const ENUMS = { sex: "ui.sex.", ageGroup: "ui.ageGroup.", region: "ui.region." };
const MRZ_SHOWN = ["issuingState", "nationality", "birthDate", "expiryDate", "sex"];

let els;
let lastInput = null;
let lastMrz = null;

export function mount(section) {
  const kinds = ctx.limits.documentKinds;
  const kind = field("doc-kind", "ui.documents.kind",
    h("select", { name: "kind" }, kinds.map((k) => h("option", { value: k.kind, i18n: `ui.kind.${k.kind}` }))));
  const number = field("doc-number", "ui.documents.number",
    h("input", { name: "number", autocomplete: "off", spellcheck: "false", maxlength: String(kinds[0].maxChars) }));
  const issue = field("doc-issue", "ui.documents.issueDate", h("input", { name: "issueDate", type: "date" }));
  const expiry = field("doc-expiry", "ui.documents.expiryDate", h("input", { name: "expiryDate", type: "date" }));
  const longTerm = h("input", { type: "checkbox", id: "doc-long-term", name: "longTerm" });
  const longRow = h("div", { class: "check-row" }, longTerm, h("label", { for: "doc-long-term", i18n: "ui.documents.longTerm" }));
  const dates = h("fieldset", { id: "doc-dates", class: "dates" },
    h("legend", { i18n: "ui.documents.dates" }), issue.row, expiry.row, longRow);
  const verdict = h("p", { id: "doc-verdict", class: "verdict", tabindex: "-1" });
  const fields = h("dl", { id: "doc-fields", class: "fields" });
  const staffFields = h("dl", { id: "doc-staff-fields", class: "fields" });
  const staff = h("details", { class: "staff", id: "doc-staff" }, h("summary", { i18n: "ui.staff.details" }), staffFields);
  const result = h("div", { id: "doc-result", class: "result", hidden: true }, verdict, fields, staff);
  const form = h("form", { id: "doc-form", novalidate: true, onsubmit: check },
    kind.row, number.row, dates, h("button", { type: "submit", id: "doc-check", i18n: "ui.documents.check" }));
  kind.control.addEventListener("change", () => {
    const k = kinds.find((x) => x.kind === kind.control.value);
    dates.hidden = !k?.hasValidity;
    number.control.maxLength = k?.maxChars ?? kinds[0].maxChars;
  });
  longTerm.addEventListener("change", () => {
    expiry.control.disabled = longTerm.checked;
  });

  // The zone is typed as it is printed: monospaced, one line each, never wrapped (the box scrolls).
  const mrzText = field("mrz-text", "ui.documents.mrz.text",
    h("textarea", { name: "mrz", rows: "3", wrap: "off", autocomplete: "off", spellcheck: "false", class: "mrz-input", maxlength: String(ctx.limits.mrzMaxChars) }));
  const mrzVerdict = h("p", { id: "mrz-verdict", class: "verdict", tabindex: "-1" });
  const mrzView = h("div", { id: "mrz-view", class: "mrz-view", "aria-hidden": "true" });
  const mrzLegend = h("p", { id: "mrz-view-label", class: "hint", i18n: "ui.documents.mrz.legend" });
  const mrzFields = h("dl", { id: "mrz-fields", class: "fields" });
  const mrzStaff = h("dl", { id: "mrz-staff-fields", class: "fields" });
  const mrzResult = h("div", { id: "mrz-result", class: "result", hidden: true }, mrzVerdict, mrzLegend, mrzView, mrzFields,
    h("details", { class: "staff" }, h("summary", { i18n: "ui.staff.details" }), mrzStaff));
  const mrzForm = h("form", { id: "mrz-form", novalidate: true, onsubmit: checkMrz },
    h("h3", { i18n: "ui.documents.mrz.title" }), h("p", { class: "hint", i18n: "ui.documents.mrz.hint" }),
    mrzText.row, h("button", { type: "submit", id: "mrz-check", i18n: "ui.documents.mrz.check" }));

  section.append(h("h2", { i18n: titleCode }), form, result, mrzForm, mrzResult);
  els = {
    kind: kind.control, number: number.control, numberFindings: number.findings,
    issue: issue.control, issueFindings: issue.findings, expiry: expiry.control, expiryFindings: expiry.findings,
    longTerm, dates, verdict, fields, staffFields, result, form,
    mrz: mrzText.control, mrzFindings: mrzText.findings, mrzVerdict, mrzView, mrzFields, mrzStaff, mrzResult, mrzForm,
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
  render(ctx.desk.validateDocument(lastInput), { focus: true });
}

function rowsOf(list) {
  return list.flatMap(([label, value]) => [h("dt", { text: ctx.t(label) }), h("dd", { text: value })]);
}

/** The verdict's words: whether the number is right, and whether anything else stops the document. */
function verdictCode(valid, severity) {
  if (!valid) return "ui.documents.invalid";
  if (severity === "error") return "ui.documents.validButErrors";
  if (severity === "warning") return "ui.documents.validWithWarnings";
  return "ui.documents.valid";
}

/** Show the answer: the first problem (at its field) gets the focus, else the verdict does, scrolled
 * into view (on a phone the result is below the fold). */
function reveal(form, verdict, severity) {
  if (severity === "error" && focusFirstInvalid(form)) return;
  verdict.scrollIntoView({ block: "center" });
  verdict.focus({ preventScroll: true });
}

function render(res, { focus = false } = {}) {
  const t = (c) => ctx.t(c);
  els.result.hidden = false;
  const severity = worst(res.findings);
  setVerdict(els.verdict, severity === "error" || !res.valid ? "error" : severity, t(verdictCode(res.valid, severity)));
  const rows = [];
  const staff = [];
  if (res.valid) {
    if (res.masked) rows.push(["ui.documents.masked", res.masked]);
    for (const key of [...SHOWN, ...STAFF]) {
      const v = res.fields[key];
      if (v === undefined || v === null) continue;
      (STAFF.includes(key) ? staff : rows).push([`ui.field.${key}`, ENUMS[key] ? t(ENUMS[key] + v) : String(v)]);
    }
  }
  els.fields.replaceChildren(...rowsOf(rows));
  els.staffFields.replaceChildren(...rowsOf(staff));
  els.staffFields.parentElement.hidden = staff.length === 0;
  const on = (name) => res.findings.filter((f) => f.field === name);
  markField(els.number, els.numberFindings, res.findings.filter((f) => !["issueDate", "expiryDate"].includes(f.field)));
  markField(els.issue, els.issueFindings, on("issueDate"));
  markField(els.expiry, els.expiryFindings, on("expiryDate"));
  if (res.valid && res.fields.ageGroup === "elderly") ctx.suggestElderly();
  announceFindings(els.verdict.textContent, res.findings);
  if (focus) reveal(els.form, els.verdict, els.verdict.dataset.severity);
}

function checkMrz(event) {
  event?.preventDefault();
  lastMrz = els.mrz.value;
  renderMrz(ctx.desk.parseMrz(lastMrz), { focus: true });
}

/** "2:1-9,2:14-20" → [[line, from, to], …] (1-based, inclusive). */
function parseRanges(s) {
  return String(s ?? "").split(",").filter(Boolean).map((r) => {
    const [line, span] = r.split(":");
    const [a, b] = span.split("-");
    return [Number(line), Number(a), Number(b)];
  });
}

function renderMrz(res, { focus = false } = {}) {
  const t = (c) => ctx.t(c);
  els.mrzResult.hidden = false;
  const severity = worst(res.findings);
  const zoneOk = res.valid;
  setVerdict(els.mrzVerdict, !zoneOk ? "error" : severity,
    t(!zoneOk ? "ui.documents.mrz.invalid" : severity === "error" ? "ui.documents.mrz.validButErrors" : "ui.documents.mrz.valid"));
  // The mistyped character is among those a failed check digit covers: they are the suspects. A
  // failed field check narrows them down; the composite alone (it covers most of the line) only
  // hints. The failed check digits themselves are outlined.
  const suspect = new Set();
  const hinted = new Set();
  const checks = new Set();
  for (const f of res.findings) {
    if (f.severity !== "error" || !f.code.startsWith("mrz.check.")) continue;
    const into = f.code === "mrz.check.composite" ? hinted : suspect;
    for (const [line, a, b] of parseRanges(f.params.ranges)) for (let c = a; c <= b; c++) into.add(`${line}:${c}`);
    if (f.params.line && f.params.column) checks.add(`${f.params.line}:${f.params.column}`);
  }
  const lines = els.mrz.value.toUpperCase().split("\n").map((l) => l.trim()).filter(Boolean);
  els.mrzView.replaceChildren(...(res.format ? lines : []).map((line, i) =>
    h("div", { class: "mrz-line" }, [...line].map((ch, j) => {
      const key = `${i + 1}:${j + 1}`;
      const cls = ["mrz-char"];
      if (suspect.has(key)) cls.push("mrz-suspect");
      else if (hinted.has(key) && suspect.size === 0) cls.push("mrz-covered");
      if (checks.has(key)) cls.push("mrz-check");
      return h("span", { class: cls.join(" "), "data-pos": key, text: ch });
    }))));
  els.mrzView.previousElementSibling.hidden = suspect.size === 0 && hinted.size === 0;
  const rows = [];
  for (const key of MRZ_SHOWN) {
    const v = res.fields[key];
    if (v === undefined || v === null || v === "") continue;
    rows.push([`ui.field.${key}`, key === "sex" ? t(`ui.sex.${v}`) : v]);
  }
  els.mrzFields.replaceChildren(...rowsOf(rows));
  els.mrzStaff.replaceChildren(...rowsOf([
    ...(res.format ? [["ui.documents.mrz.format", res.format]] : []),
    ...(res.fields.documentCode ? [["ui.field.documentCode", res.fields.documentCode]] : []),
  ]));
  markField(els.mrz, els.mrzFindings, res.findings);
  announceFindings(els.mrzVerdict.textContent, res.findings);
  if (focus) {
    // The marked zone is what to look at: bring the result (verdict first) into view.
    els.mrzVerdict.scrollIntoView({ block: "start" });
    els.mrzVerdict.focus({ preventScroll: true });
  }
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
  for (const l of [els.fields, els.staffFields, els.numberFindings, els.issueFindings, els.expiryFindings, els.mrzView, els.mrzFields, els.mrzStaff, els.mrzFindings]) {
    l.replaceChildren();
  }
}
