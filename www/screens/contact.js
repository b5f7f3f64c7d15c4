// "Update my details": what the bank has on file (pre-filled with clearly synthetic demo values),
// what the customer wants instead, and the channel; the package returns the masked diff, the
// findings (shown next to each field), the verification needed and the request with its
// idempotency key. Every rule and text comes from the package; JS only collects and renders.
import { ctx, h, field, renderFindings, announce, applyTexts, DRAFT_PREFIX } from "../ui.js";

export const id = "contact";
export const titleCode = "ui.contact.title";

const DRAFT_KEY = `${DRAFT_PREFIX}contact`;
const ID_KINDS = ["cn_resident_id", "hmt_residence_permit", "foreign_permanent_residence_id"];
const ADDRESS_PARTS = ["province", "city", "district", "detail", "postcode"];

/** Demo values for "on file": published specimen / reserved values, not a real person. */
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
/** Input elements by path (`cur.mobile`, `new.residentialAddress.postcode`, …). */
const inputs = new Map();
/** Findings lists by path. */
const lists = new Map();

const domId = (path) => `ct-${path.replace(/\./g, "-")}`;

function textInput(path, attrs = {}) {
  return h("input", { name: path, autocomplete: "off", spellcheck: "false", ...attrs });
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

function fieldset(legendCode, ...children) {
  return h("fieldset", { class: "ct-group" }, h("legend", { i18n: legendCode }), ...children);
}

/** The inputs of one side (`cur` or `new`). */
function side(prefix) {
  const p = (rest) => `${prefix}.${rest}`;
  const address = (name) =>
    fieldset(`ui.contact.field.${name}`,
      ...ADDRESS_PARTS.map((part) =>
        row(p(`${name}.${part}`), `ui.contact.part.${part}`,
          textInput(p(`${name}.${part}`), { maxlength: part === "detail" ? "120" : part === "postcode" ? "16" : "40",
            inputmode: part === "postcode" ? "numeric" : undefined }))));
  return [
    row(p("mobile"), "ui.contact.field.mobile", textInput(p("mobile"), { inputmode: "tel", maxlength: "32" })),
    row(p("landline"), "ui.contact.field.landline", textInput(p("landline"), { inputmode: "tel", maxlength: "32" })),
    row(p("email"), "ui.contact.field.email", textInput(p("email"), { type: "email", inputmode: "email", maxlength: "320" })),
    address("residentialAddress"),
    address("mailingAddress"),
    fieldset("ui.contact.field.emergencyContact",
      row(p("emergencyContact.name"), "ui.contact.part.name", textInput(p("emergencyContact.name"), { maxlength: "40" })),
      row(p("emergencyContact.relationship"), "ui.contact.part.relationship", selectFrom(p("emergencyContact.relationship"), options.relationships)),
      row(p("emergencyContact.mobile"), "ui.contact.part.mobile", textInput(p("emergencyContact.mobile"), { inputmode: "tel", maxlength: "32" }))),
    fieldset("ui.contact.field.idDocument",
      row(p("idDocument.kind"), "ui.contact.part.kind",
        selectFrom(p("idDocument.kind"), ID_KINDS.map((k) => ({ id: k, name: ctx.t(`ui.kind.${k}`) })))),
      row(p("idDocument.number"), "ui.contact.part.number", textInput(p("idDocument.number"), { maxlength: "64" })),
      row(p("idDocument.expiryDate"), "ui.contact.part.expiryDate",
        textInput(p("idDocument.expiryDate"), { maxlength: "40", placeholder: "YYYY-MM-DD / 长期" }))),
    row(p("occupation"), "ui.contact.field.occupation", selectFrom(p("occupation"), options.occupations)),
  ];
}

/** Field names come from the package's catalog (`contact.field.*`), shared with the diff's labels. */
function fieldNames() {
  for (const [code, text] of Object.entries(ctx.desk.messages("contact.field."))) {
    ctx.texts[code.replace(/^contact\./, "ui.contact.")] = text;
  }
}

export function mount(section) {
  fieldNames();
  options = ctx.desk.contactOptions();
  const channel = h("select", { name: "channel" });
  for (const c of options.channels) channel.append(h("option", { value: c.id, "data-option": c.id, text: c.name }));
  const reachable = h("input", { type: "checkbox", id: "ct-reachable", name: "oldMobileReachable", checked: true });
  const general = h("ul", { class: "findings", id: "ct-general-findings" });
  const current = h("details", { class: "ct-current", id: "ct-current" },
    h("summary", { i18n: "ui.contact.current" }),
    h("p", { class: "hint", i18n: "ui.contact.currentHint" }),
    ...side("cur"));
  const proposed = h("fieldset", { class: "ct-proposed", id: "ct-proposed" },
    h("legend", { i18n: "ui.contact.proposed" }),
    h("p", { class: "hint", i18n: "ui.contact.proposedHint" }),
    ...side("new"));
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

  const summary = h("p", { id: "ct-summary", class: "verdict" });
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
  const result = h("div", { id: "ct-result", class: "result", hidden: true, "aria-live": "polite" },
    summary, diff,
    h("h3", { i18n: "ui.contact.verification" }), h("p", { id: "ct-level", class: "ct-level" }), steps,
    h("h4", { i18n: "ui.contact.reasons" }), reasons,
    h("h3", { i18n: "ui.contact.request" }),
    h("p", {}, h("span", { i18n: "ui.contact.key" }), " ", key), submittable);
  section.append(h("h2", { i18n: titleCode }), form, result);
  els = { channel, reachable, general, current, result, summary, diff, steps, reasons, key, submittable,
    level: result.querySelector("#ct-level"), draftStatus: form.querySelector("#ct-draft-status"),
    resume: form.querySelector("#ct-resume"), save: form.querySelector("#ct-save") };
  fill("cur", DEMO_CURRENT);
  updateDraftButtons();
}

/** Read one side into the input shape: empty strings and empty groups are left out. */
function read(prefix) {
  const out = {};
  for (const [path, el] of inputs) {
    if (!path.startsWith(`${prefix}.`)) continue;
    const v = el.value;
    if (v.trim() === "") continue;
    const parts = path.slice(prefix.length + 1).split(".");
    if (parts.length === 1) out[parts[0]] = v;
    else (out[parts[0]] ??= {})[parts[1]] = v;
  }
  return out;
}

function fill(prefix, values = {}) {
  for (const [path, el] of inputs) {
    if (!path.startsWith(`${prefix}.`)) continue;
    const parts = path.slice(prefix.length + 1).split(".");
    const v = parts.length === 1 ? values[parts[0]] : values[parts[0]]?.[parts[1]];
    el.value = v ?? "";
  }
}

function currentInput() {
  return {
    current: read("cur"),
    proposed: read("new"),
    channel: els.channel.value,
    oldMobileReachable: els.reachable.checked,
  };
}

function check(event) {
  event?.preventDefault();
  lastInput = currentInput();
  run();
}

function run() {
  try {
    render(ctx.desk.prepareContactUpdate(lastInput));
  } catch (e) {
    // Bounds and shape errors carry a code and a field path, never a value.
    clearFindings();
    renderFindings(els.general, [{ code: e.code ?? "error", severity: "error", field: e.path ?? "", message: ctx.t("ui.contact.inputError") }]);
    els.result.hidden = true;
  }
}

function clearFindings() {
  for (const list of lists.values()) list.replaceChildren();
  els.general.replaceChildren();
  for (const el of inputs.values()) el.removeAttribute("aria-invalid");
}

/** `proposed.residentialAddress.postcode` → the list of `new.residentialAddress.postcode`. */
function listFor(findingField) {
  if (!findingField) return null;
  let path = findingField.replace(/^proposed\./, "new.").replace(/^current\./, "cur.");
  while (path.includes(".")) {
    if (lists.has(path)) return path;
    path = path.slice(0, path.lastIndexOf("."));
  }
  return null;
}

function render(res) {
  const t = (c) => ctx.t(c);
  clearFindings();
  const byPath = new Map();
  const general = [];
  for (const f of res.findings) {
    const path = listFor(f.field);
    if (path) (byPath.get(path) ?? byPath.set(path, []).get(path)).push(f);
    else general.push(f);
  }
  for (const [path, fs] of byPath) {
    renderFindings(lists.get(path), fs);
    if (fs.some((f) => f.severity === "error")) inputs.get(path).setAttribute("aria-invalid", "true");
    if (path.startsWith("cur.")) els.current.open = true;
  }
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
  els.summary.textContent = v.summary;
  els.summary.className = `verdict ${v.goToCounter ? "bad" : "ok"}`;
  els.level.textContent = v.levelName;
  els.level.dataset.level = v.level;
  els.steps.replaceChildren(...v.steps.map((s) => h("li", { "data-step": s.id, text: s.name })));
  els.reasons.replaceChildren(...v.reasons.map((r) => h("li", { "data-code": r.code, "data-field": r.field, text: r.message })));
  els.key.textContent = res.request.idempotencyKey;
  els.submittable.textContent = t(res.request.submittable ? "ui.contact.submittable.yes" : "ui.contact.submittable.no");
  els.submittable.dataset.submittable = String(res.request.submittable);
  els.result.hidden = false;
  announce(v.summary);
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

function saveDraft() {
  try {
    const saved = ctx.desk.saveContactDraft(currentInput());
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
    fill("cur", input.current ?? {});
    fill("new", input.proposed ?? {});
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
  fill("new", followUp.prefill?.proposed ?? {});
  location.hash = `#/${id}`;
  return true;
}

/** Locale changed: option names and the last result follow the language. */
export function refresh() {
  fieldNames();
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
  if (lastInput) run();
}

/** Forget everything typed (kiosk timeout, finish); the demo "on file" values come back. */
export function clear() {
  lastInput = null;
  if (!els) return;
  fill("new", {});
  fill("cur", DEMO_CURRENT);
  clearFindings();
  els.result.hidden = true;
  els.diff.tBodies[0].replaceChildren();
  els.steps.replaceChildren();
  els.reasons.replaceChildren();
  els.key.textContent = "";
  els.draftStatus.textContent = "";
  els.current.open = false;
  updateDraftButtons();
}
