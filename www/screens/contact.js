// "Update my details": what the bank has on file (shown masked, read-only: clearly synthetic demo
// values here, the bank's app passes its own), what the customer wants instead, and the channel;
// the package returns the masked diff, the findings (shown next to each field), the verification
// needed and the request. Every rule and text comes from the package; JS only collects and renders.
import { ctx, h, field, renderFindings, announce, applyTexts, DRAFT_PREFIX, markField, setVerdict, worst, focusFirstInvalid } from "../ui.js";
import { offerSurvey } from "./satisfaction.js";

export const id = "contact";
export const titleCode = "ui.contact.title";
/** Field names come from the package's catalog (`contact.field.*`), shared with the diff's labels. */
export const textPrefixes = ["contact.field."];

const DRAFT_KEY = `${DRAFT_PREFIX}contact`;
/** The ID kinds a contact update takes: the identity documents of `inputLimits().documentKinds`. */
const idKinds = () => ctx.limits.documentKinds.filter((k) => k.identity).map((k) => k.kind);
const ADDRESS_PARTS = ["province", "city", "district", "detail", "postcode"];

/** Demo values for "on file": published specimen / reserved values, not a real person. Kept in
 * memory only, shown masked, never in a field or in storage. */
const DEMO_CURRENT = {
  mobile: "13000000000",
  landline: "010-00000000",
  email: "demo@example.com",
  residentialAddress: { province: "北京市", city: "北京市", district: "东城区", detail: "示例路1号", postcode: "100010" },
  mailingAddress: { province: "北京市", city: "北京市", district: "东城区", detail: "示例路1号", postcode: "100010" },
  emergencyContact: { name: "欧阳示例", relationship: "sibling", mobile: "13000000001" },
  idDocument: { kind: "cn_resident_id", number: "11010519491231002X", expiryDate: "2026-10-01" },
  occupation: "retired",
};

let els;
let lastInput = null;
let options = null;
let onFile = DEMO_CURRENT;
/** Input elements by path (`new.mobile`, `new.residentialAddress.postcode`, …). */
const inputs = new Map();
/** Findings lists by path. */
const lists = new Map();

const domId = (path) => `ct-${path.replace(/\./g, "-")}`;
const cap = (key) => ctx.limits.contactChars[key] ?? ctx.limits.contactChars.other;

function textInput(path, key, attrs = {}) {
  return h("input", { name: path, autocomplete: "off", spellcheck: "false", maxlength: String(cap(key)), ...attrs });
}

function selectFrom(path, items, { empty = true } = {}) {
  const sel = h("select", { name: path });
  if (empty) sel.append(h("option", { value: "", i18n: "ui.contact.choose" }));
  for (const it of items) sel.append(h("option", { value: it.id, "data-option": it.id, text: it.name }));
  return sel;
}

/** One labelled control with its findings list; registered under `path`. */
function row(path, labelCode, control) {
  const f = field(domId(path), labelCode, control);
  inputs.set(path, f.control);
  lists.set(path, f.findings);
  return f.row;
}

/** A hint under the control of `path` (before its findings), read with it (aria-describedby). */
function withHint(rowEl, path, code) {
  const control = inputs.get(path);
  const hint = h("p", { class: "hint", id: `${domId(path)}-hint`, i18n: code });
  control.after(hint);
  control.setAttribute("aria-describedby", `${hint.id} ${control.getAttribute("aria-describedby")}`);
  return rowEl;
}

function fieldset(legendCode, ...children) {
  return h("fieldset", { class: "ct-group" }, h("legend", { i18n: legendCode }), ...children);
}

/** The inputs of what the customer wants instead. */
function proposedFields() {
  const p = (rest) => `new.${rest}`;
  const address = (name) =>
    fieldset(`contact.field.${name}`,
      ...ADDRESS_PARTS.map((part) =>
        row(p(`${name}.${part}`), `ui.contact.part.${part}`,
          textInput(p(`${name}.${part}`), part, { inputmode: part === "postcode" ? "numeric" : undefined }))));
  return [
    row(p("mobile"), "contact.field.mobile", textInput(p("mobile"), "mobile", { inputmode: "tel" })),
    row(p("landline"), "contact.field.landline", textInput(p("landline"), "landline", { inputmode: "tel" })),
    row(p("email"), "contact.field.email", textInput(p("email"), "email", { type: "email", inputmode: "email" })),
    address("residentialAddress"),
    address("mailingAddress"),
    fieldset("contact.field.emergencyContact",
      row(p("emergencyContact.name"), "ui.contact.part.name", textInput(p("emergencyContact.name"), "name")),
      row(p("emergencyContact.relationship"), "ui.contact.part.relationship", selectFrom(p("emergencyContact.relationship"), options.relationships)),
      row(p("emergencyContact.mobile"), "ui.contact.part.mobile", textInput(p("emergencyContact.mobile"), "mobile", { inputmode: "tel" }))),
    fieldset("contact.field.idDocument",
      row(p("idDocument.kind"), "ui.contact.part.kind",
        selectFrom(p("idDocument.kind"), idKinds().map((k) => ({ id: k, name: ctx.t(`ui.kind.${k}`) })))),
      row(p("idDocument.number"), "ui.contact.part.number", textInput(p("idDocument.number"), "number")),
      withHint(row(p("idDocument.expiryDate"), "ui.contact.part.expiryDate", textInput(p("idDocument.expiryDate"), "other")),
        p("idDocument.expiryDate"), "ui.contact.expiryHint")),
    row(p("occupation"), "contact.field.occupation", selectFrom(p("occupation"), options.occupations)),
  ];
}

export function mount(section) {
  options = ctx.desk.contactOptions();
  const channel = h("select", { name: "channel" });
  for (const c of options.channels) channel.append(h("option", { value: c.id, "data-option": c.id, text: c.name }));
  const reachable = h("input", { type: "checkbox", id: "ct-reachable", name: "oldMobileReachable", checked: true });
  const general = h("ul", { class: "findings", id: "ct-general-findings" });
  const onFileList = h("dl", { class: "fields ct-onfile", id: "ct-onfile" });
  const current = h("details", { class: "ct-current", id: "ct-current" },
    h("summary", { i18n: "ui.contact.current" }),
    h("p", { class: "hint", i18n: "ui.contact.currentHint" }),
    onFileList);
  const proposed = h("fieldset", { class: "ct-proposed", id: "ct-proposed" },
    h("legend", { i18n: "ui.contact.proposed" }),
    h("p", { class: "hint", i18n: "ui.contact.proposedHint" }),
    ...proposedFields());
  const channelRow = field("ct-channel", "ui.contact.channel", channel);
  const form = h("form", { id: "ct-form", novalidate: true, onsubmit: check },
    current, proposed, channelRow.row,
    h("div", { class: "ct-check" }, reachable, h("label", { for: "ct-reachable", i18n: "ui.contact.oldMobileReachable" })),
    general,
    h("div", { class: "ct-actions" },
      h("button", { type: "submit", id: "ct-check", i18n: "ui.contact.check" }),
      h("button", { type: "button", id: "ct-save", class: "secondary", i18n: "ui.contact.saveDraft", onclick: saveDraft }),
      h("button", { type: "button", id: "ct-resume", class: "secondary", i18n: "ui.contact.resumeDraft", onclick: resumeDraft })),
    h("p", { id: "ct-draft-status", class: "hint", role: "status" }));

  const summary = h("p", { id: "ct-summary", class: "verdict", tabindex: "-1" });
  const diff = h("table", { id: "ct-diff", class: "ct-diff" },
    h("caption", { i18n: "ui.contact.diff" }),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", i18n: "ui.contact.col.field" }),
      h("th", { scope: "col", i18n: "ui.contact.col.before" }),
      h("th", { scope: "col", i18n: "ui.contact.col.after" }),
      h("th", { scope: "col", i18n: "ui.contact.col.status" }))),
    h("tbody", {}));
  const steps = h("ol", { id: "ct-steps", class: "ct-steps" });
  const reasons = h("ul", { id: "ct-reasons", class: "ct-reasons" });
  const key = h("code", { id: "ct-key" });
  const submittable = h("p", { id: "ct-submittable" });
  const result = h("div", { id: "ct-result", class: "result", hidden: true },
    summary, diff,
    h("h3", { i18n: "ui.contact.verification" }), h("p", { id: "ct-level", class: "ct-level" }), steps,
    h("h4", { i18n: "ui.contact.reasons" }), reasons,
    h("h3", { i18n: "ui.contact.request" }), submittable,
    h("details", { class: "staff" }, h("summary", { i18n: "ui.staff.details" }),
      h("p", {}, h("span", { i18n: "ui.contact.key" }), " ", key)));
  section.append(h("h2", { i18n: titleCode }), form, result);
  els = { channel, reachable, general, current, onFileList, result, summary, diff, steps, reasons, key, submittable,
    level: result.querySelector("#ct-level"), draftStatus: form.querySelector("#ct-draft-status"),
    resume: form.querySelector("#ct-resume"), save: form.querySelector("#ct-save") };
  // What is on file is put on the page only when the customer opens it (or a check is about it):
  // a kiosk's next customer never finds the previous one's details in the page.
  current.addEventListener("toggle", () => current.open && !els.onFileList.children.length && showOnFile());
  updateDraftButtons();
}

/** What the bank has on file, masked by the package (its diff from nothing), one row per item with
 * a findings list for what the check says about it (e.g. an expired ID on file). */
function showOnFile() {
  forgetOnFile();
  const shown = ctx.desk.prepareContactUpdate({ current: {}, proposed: onFile, channel: els.channel.value });
  els.onFileList.replaceChildren(...shown.changes.flatMap((c) => {
    const list = h("ul", { class: "findings", id: domId(`cur.${c.field}`) + "-findings" });
    lists.set(`cur.${c.field}`, list);
    const dd = h("dd", { id: domId(`cur.${c.field}`), "data-field": c.field, "aria-describedby": list.id }, c.after ?? ctx.t("ui.contact.empty"), list);
    inputs.set(`cur.${c.field}`, dd);
    return [h("dt", { text: c.label }), dd];
  }));
}

/** Take the on-file rows off the page (and out of the field registry). */
function forgetOnFile() {
  els.onFileList.replaceChildren();
  for (const path of [...lists.keys()]) {
    if (path.startsWith("cur.")) {
      lists.delete(path);
      inputs.delete(path);
    }
  }
}

/** Read the proposed side into the input shape: empty strings and empty groups are left out. */
function readProposed() {
  const out = {};
  for (const [path, el] of inputs) {
    if (!path.startsWith("new.")) continue;
    const v = el.value;
    if (v.trim() === "") continue;
    const parts = path.slice(4).split(".");
    if (parts.length === 1) out[parts[0]] = v;
    else (out[parts[0]] ??= {})[parts[1]] = v;
  }
  return out;
}

function fillProposed(values = {}) {
  for (const [path, el] of inputs) {
    if (!path.startsWith("new.")) continue;
    const parts = path.slice(4).split(".");
    const v = parts.length === 1 ? values[parts[0]] : values[parts[0]]?.[parts[1]];
    el.value = v ?? "";
  }
}

function currentInput() {
  return {
    current: onFile,
    proposed: readProposed(),
    channel: els.channel.value,
    oldMobileReachable: els.reachable.checked,
  };
}

function check(event) {
  event?.preventDefault();
  lastInput = currentInput();
  run({ focus: true });
  // A request ready to submit finishes the flow: offer the satisfaction survey (issue 16 §3.1).
  if (els.submittable.dataset.submittable === "true" && !els.result.hidden) {
    const served = { counter: "branch", phone: "phone", kiosk: "kiosk" };
    offerSurvey({ flow: "contact", serviceChannel: served[els.channel.value] ?? "app" });
  }
}

function run({ focus = false } = {}) {
  try {
    render(ctx.desk.prepareContactUpdate(lastInput), { focus });
  } catch (e) {
    // Bounds and shape errors carry a code and a field path, never a value.
    clearFindings();
    const path = listFor(e.path?.replace(/^proposed\./, "proposed.") ?? "");
    const f = { code: e.code ?? "error", severity: "error", field: e.path ?? "", message: ctx.t("ui.contact.inputError") };
    if (path) markField(inputs.get(path), lists.get(path), [f]);
    else renderFindings(els.general, [f]);
    els.result.hidden = true;
    if (focus) focusFirstInvalid(document.getElementById("ct-form"));
  }
}

function clearFindings() {
  for (const [path, list] of lists) markField(inputs.get(path), list, []);
  els.general.replaceChildren();
}

/** `proposed.residentialAddress.postcode` → the path of its field (`new.residentialAddress.postcode`). */
function listFor(findingField) {
  if (!findingField) return null;
  let path = findingField.replace(/^proposed\./, "new.").replace(/^current\./, "cur.");
  while (path.includes(".")) {
    if (lists.has(path)) return path;
    path = path.slice(0, path.lastIndexOf("."));
  }
  return null;
}

function render(res, { focus = false } = {}) {
  const t = (c) => ctx.t(c);
  if (res.findings.some((f) => f.field?.startsWith("current."))) {
    els.current.open = true;
    if (!els.onFileList.children.length) showOnFile();
  }
  clearFindings();
  const byPath = new Map();
  const general = [];
  for (const f of res.findings) {
    const path = listFor(f.field);
    if (path) (byPath.get(path) ?? byPath.set(path, []).get(path)).push(f);
    else general.push(f);
  }
  for (const [path, fs] of byPath) markField(inputs.get(path), lists.get(path), fs);
  renderFindings(els.general, general);

  const rows = res.changes.map((c) =>
    h("tr", { "data-field": c.field, class: c.noOp ? "noop" : "" },
      h("th", { scope: "row", text: c.label }),
      h("td", { text: c.before ?? t("ui.contact.empty") }),
      h("td", {}, c.after ?? t("ui.contact.empty"),
        c.changedParts.length && c.before !== null
          ? h("small", { class: "ct-parts", text: ` (${c.changedParts.map((p) => t(`ui.contact.part.${p}`)).join(", ")})` })
          : null),
      h("td", { text: t(`ui.contact.status.${c.status}`) })));
  els.diff.tBodies[0].replaceChildren(...rows);
  const v = res.verification;
  const severity = worst(res.findings);
  // Any error: the summary says to fix the marked fields first, never a green "all set".
  setVerdict(els.summary, severity, severity === "error" ? `${t("ui.contact.fixFirst")} ${v.summary}` : v.summary);
  els.level.textContent = v.levelName;
  els.level.dataset.level = v.level;
  els.steps.replaceChildren(...v.steps.map((s) => h("li", { "data-step": s.id, text: s.name })));
  els.reasons.replaceChildren(...v.reasons.map((r) => h("li", { "data-code": r.code, "data-field": r.field, text: r.message })));
  els.key.textContent = res.request.idempotencyKey ?? t("ui.contact.empty");
  els.submittable.textContent = t(res.request.submittable ? "ui.contact.submittable.yes" : "ui.contact.submittable.no");
  els.submittable.dataset.submittable = String(res.request.submittable);
  els.result.hidden = false;
  announce(els.summary.textContent);
  if (!focus) return;
  // The first problem is scrolled into view and focused; otherwise the answer is.
  if (severity === "error" && focusFirstInvalid(document.getElementById("ct-form"))) return;
  els.summary.scrollIntoView({ block: "start" });
  els.summary.focus({ preventScroll: true });
}

function draftsAllowed() {
  return !ctx.kiosk;
}

function storedDraft() {
  try {
    return localStorage.getItem(DRAFT_KEY);
  } catch {
    return null;
  }
}

function updateDraftButtons() {
  // A kiosk is shared: nothing is kept there.
  els.save.hidden = !draftsAllowed();
  els.resume.hidden = !draftsAllowed() || !storedDraft();
}

/** A draft holds what the customer typed (the proposed side) only: the numbers on file come from
 * the bank's app each time and never reach the device's storage. */
function saveDraft() {
  try {
    const saved = ctx.desk.saveContactDraft({ ...currentInput(), current: {} });
    localStorage.setItem(DRAFT_KEY, saved);
    els.draftStatus.textContent = ctx.t("ui.contact.draftSaved");
  } catch (e) {
    els.draftStatus.textContent = ctx.t("ui.contact.draftError");
  }
  updateDraftButtons();
}

function resumeDraft() {
  const saved = storedDraft();
  if (!saved) return;
  try {
    const input = ctx.desk.resumeContactDraft(saved);
    fillProposed(input.proposed ?? {});
    els.channel.value = input.channel;
    els.reachable.checked = input.oldMobileReachable !== false;
    els.draftStatus.textContent = ctx.t("ui.contact.draftResumed");
  } catch (e) {
    // Tampered, truncated or saved under other rules: say so and drop it.
    els.draftStatus.textContent = ctx.t(`ui.contact.draftRefused`);
    els.draftStatus.dataset.code = e.code ?? "";
    try {
      localStorage.removeItem(DRAFT_KEY);
    } catch {
      /* nothing stored */
    }
  }
  updateDraftButtons();
}

/** Open the flow from a questionnaire follow-up `{ action: "contact_update", prefill: { proposed } }`:
 * `prefill.proposed` is the `proposed` object of `prepareContactUpdate`. */
export function openFollowUp(followUp) {
  if (followUp?.action !== "contact_update") return false;
  fillProposed(followUp.prefill?.proposed ?? {});
  location.hash = `#/${id}`;
  return true;
}

/** Locale changed: option names, the on-file list and the last result follow the language. */
export function refresh() {
  if (!els) return;
  applyTexts(document.getElementById("screen-contact"));
  options = ctx.desk.contactOptions();
  for (const sel of document.querySelectorAll("#screen-contact select")) {
    for (const opt of sel.options) {
      const o = opt.dataset.option;
      if (!o) continue;
      const list = sel === els.channel ? options.channels
        : sel.name.endsWith("relationship") ? options.relationships
        : sel.name.endsWith("occupation") ? options.occupations : null;
      opt.textContent = list ? (list.find((x) => x.id === o)?.name ?? o) : ctx.t(`ui.kind.${o}`);
    }
  }
  if (els.current.open) showOnFile();
  if (lastInput) run();
}

/** Forget everything typed (kiosk timeout, finish); the demo "on file" values come back. */
export function clear() {
  lastInput = null;
  if (!els) return;
  fillProposed({});
  onFile = DEMO_CURRENT;
  clearFindings();
  els.result.hidden = true;
  els.diff.tBodies[0].replaceChildren();
  els.steps.replaceChildren();
  els.reasons.replaceChildren();
  els.key.textContent = "";
  els.draftStatus.textContent = "";
  els.current.open = false;
  forgetOnFile();
  updateDraftButtons();
}
