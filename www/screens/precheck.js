// "Am I ready to open an account?": a step-by-step pre-check for phones and kiosks
// (applicant → documents → account & purpose → contact → result). The choices come from
// desk.precheckForm() and desk.inputLimits(), every decision from desk.precheck() (run as each
// step is left, so a mistyped ID is shown at its field before the customer moves on) and counts
// are read by desk.parseCount(); the result ends in a printable checklist and a hand-off ticket for
// the branch. No rule lives here. A draft of the answers is kept on the device only when the
// customer ticks "keep my answers" (never on a kiosk).
import { ctx, h, renderFindings, announce, announceFindings, describeBy, renderQr, markField, setVerdict, worst, focusFirstInvalid, DRAFT_PREFIX } from "../ui.js";

export const id = "precheck";
export const titleCode = "ui.precheck.title";

const STEPS = ["applicant", "documents", "account", "contact"];
/** Which step holds the fields under an application path (for "change" links on findings). */
const STEP_OF = [
  ["applicant.kind", 0],
  ["applicant.occupation", 2],
  ["applicant", 1],
  ["guardian", 1],
  ["business", 1],
  ["account", 2],
  ["held", 2],
  ["materials", 2],
  ["errands", 2],
  ["contact", 3],
  ["branch", 3],
];
const HELD = ["personal_class_1", "personal_class_2", "personal_class_3", "business_basic"];
/** The residence document an applicant kind may hold besides the one shown (issue 15 item 7). */
const RESIDENCE_DOC = { foreign_national: "foreign_permanent_residence_id", hmt_resident: "hmt_residence_permit" };
const DRAFT_KEY = `${DRAFT_PREFIX}precheck`;

let form; // desk.precheckForm()
let els;
let step = 0;
let materials = new Set();
let lastResult = null;

const t = (c, p) => ctx.t(c, p);

/** A labelled control with its hint and its findings list, both tied by aria-describedby. */
function labelled(idName, code, control, { hint, path } = {}) {
  control.id = idName;
  if (path) control.dataset.path = path;
  const parts = [h("label", { for: idName, i18n: code }), control];
  const described = [];
  if (hint) {
    const hintEl = h("p", { id: `${idName}-hint`, class: "hint", i18n: hint });
    described.push(hintEl.id);
    parts.push(hintEl);
  }
  const findings = h("ul", { class: "findings", id: `${idName}-findings` });
  described.push(findings.id);
  control.setAttribute("aria-describedby", described.join(" "));
  parts.push(findings);
  return h("div", { class: "field" }, ...parts);
}

const input = (attrs = {}) => h("input", { autocomplete: "off", spellcheck: "false", maxlength: String(ctx.limits.precheckTextChars), ...attrs });
const select = (attrs = {}) => h("select", attrs);
const count = (attrs = {}) => input({ inputmode: "numeric", maxlength: String(ctx.limits.numberMaxChars), ...attrs });

function options(sel, values, labelPrefix, { empty } = {}) {
  const keep = sel.value;
  const opts = values.map((v) =>
    typeof v === "string"
      ? h("option", { value: v, i18n: `${labelPrefix}${v}` })
      : h("option", { value: v.value, text: v.text }),
  );
  if (empty) opts.unshift(h("option", { value: "", i18n: empty }));
  sel.replaceChildren(...opts);
  if ([...sel.options].some((o) => o.value === keep)) sel.value = keep;
}

function provinceOptions(sel) {
  options(sel, form.provinces.map((p) => ({ value: p.code, text: p.name })), "", { empty: "ui.precheck.choose" });
}

/** The caps of a document kind (`inputLimits`), or none for kinds validateDocument does not know
 * (passport, household register). */
const kindLimits = (kind) => ctx.limits.documentKinds.find((k) => k.kind === kind);

/** A person's document block: kind select, number (or MRZ for a passport), dates. */
function docBlock(prefix, path, { dates = false } = {}) {
  const kind = select({ name: `${prefix}-kind` });
  const number = input({ name: `${prefix}-number` });
  const mrz = h("textarea", { name: `${prefix}-mrz`, rows: "3", wrap: "off", spellcheck: "false", autocomplete: "off", maxlength: String(ctx.limits.mrzMaxChars), class: "mrz" });
  const numberRow = labelled(`${prefix}-number`, "ui.precheck.doc.number", number, { path: `${path}.number` });
  const mrzRow = labelled(`${prefix}-mrz`, "ui.precheck.doc.mrz", mrz, { hint: "ui.precheck.doc.mrzHint", path: `${path}.mrz` });
  const block = h("div", { class: "pc-doc" }, labelled(`${prefix}-kind`, "ui.precheck.doc.kind", kind, { path: `${path}.kind` }), numberRow, mrzRow);
  const out = { block, kind, number, mrz, numberRow, mrzRow };
  if (dates) {
    out.expiry = input({ type: "date", name: `${prefix}-expiry` });
    out.longTerm = h("input", { type: "checkbox", id: `${prefix}-longterm`, name: `${prefix}-longterm` });
    block.append(
      labelled(`${prefix}-expiry`, "ui.precheck.doc.expiry", out.expiry, { path: `${path}.expiryDate` }),
      h("div", { class: "check" }, out.longTerm, h("label", { for: `${prefix}-longterm`, i18n: "ui.precheck.doc.longTerm" })),
    );
    out.longTerm.addEventListener("change", () => (out.expiry.disabled = out.longTerm.checked));
  }
  kind.addEventListener("change", () => syncDoc(out));
  return out;
}

function syncDoc(d) {
  const passport = d.kind.value === "passport";
  d.numberRow.hidden = passport;
  d.mrzRow.hidden = !passport;
  const caps = kindLimits(d.kind.value);
  if (caps) d.number.maxLength = caps.maxChars;
  if (d === els?.own) {
    // Only a number that does not carry the birth date (a travel permit) needs it typed.
    els.birthRow.hidden = !(caps && !caps.carriesBirthDate);
  }
}

function docValue(d) {
  const out = { kind: d.kind.value };
  if (d.kind.value === "passport") {
    if (d.mrz.value.trim()) out.mrz = d.mrz.value;
  } else if (d.number.value.trim()) out.number = d.number.value;
  if (d.longTerm?.checked) out.expiryDate = "long_term";
  else if (d.expiry?.value) out.expiryDate = d.expiry.value;
  return out.number || out.mrz ? out : null;
}

function place(prefix, path, legendCode) {
  const province = select({ name: `${prefix}-province` });
  const city = input({ name: `${prefix}-city` });
  const fs = h("fieldset", { class: "pc-place" }, h("legend", { i18n: legendCode }),
    labelled(`${prefix}-province`, "ui.precheck.place.province", province, { path: `${path}.province` }),
    labelled(`${prefix}-city`, "ui.precheck.place.city", city, { path: `${path}.city` }));
  return { fs, province, city };
}

const placeValue = (p) => (p.province.value ? { province: p.province.value, city: p.city.value.trim() } : null);

export function mount(section) {
  form = ctx.desk.precheckForm();
  // Step 1: who applies.
  const kinds = h("div", { class: "choices", role: "radiogroup", "aria-labelledby": "pc-kind-legend", "data-path": "applicant.kind", "aria-describedby": "pc-kind-findings" },
    ...form.applicants.map((a) =>
      h("div", { class: "choice" },
        h("input", { type: "radio", name: "pc-kind", id: `pc-kind-${a.kind}`, value: a.kind }),
        h("label", { for: `pc-kind-${a.kind}`, i18n: `ui.precheck.applicant.${a.kind}` }))));
  kinds.addEventListener("change", onKind);
  const s1 = h("fieldset", { class: "pc-step", "data-step": "0" }, h("legend", { id: "pc-kind-legend", i18n: "ui.precheck.step.applicant" }), kinds,
    h("ul", { class: "findings", id: "pc-kind-findings" }));

  // Step 2: documents.
  const name = input({ name: "pc-name" });
  const birth = input({ type: "date", name: "pc-birth" });
  const own = docBlock("pc-doc", "applicant.document", { dates: true });
  const birthRow = labelled("pc-birth", "ui.precheck.birthDate", birth, { hint: "ui.precheck.birthDateHint", path: "applicant.birthDate" });
  // Issue 15 items 7 and 11: a residence document held besides the one shown (no non-resident
  // questions then), and tax residence elsewhere (the self-certification needs the foreign TIN).
  const alsoResident = h("input", { type: "checkbox", id: "pc-also-resident", name: "pc-also-resident", "data-path": "applicant.alsoHolds" });
  const alsoResidentRow = h("div", { class: "check", hidden: true }, alsoResident, h("label", { for: "pc-also-resident", i18n: "ui.precheck.alsoHolds" }));
  const taxElsewhere = h("input", { type: "checkbox", id: "pc-tax-elsewhere", name: "pc-tax-elsewhere", "data-path": "applicant.taxResidentElsewhere" });
  const person = h("div", { class: "pc-person" },
    labelled("pc-name", "ui.precheck.name", name, { hint: "ui.precheck.nameHint", path: "applicant.name" }), own.block, birthRow,
    alsoResidentRow,
    h("div", { class: "check" }, taxElsewhere, h("label", { for: "pc-tax-elsewhere", i18n: "ui.precheck.taxResidentElsewhere" })));
  const gName = input({ name: "pc-gname" });
  const guardianDoc = docBlock("pc-gdoc", "guardian.document");
  const guardian = h("fieldset", { class: "pc-guardian" }, h("legend", { i18n: "ui.precheck.guardian" }),
    h("p", { class: "hint", id: "pc-guardian-need" }),
    guardianDoc.block, labelled("pc-gname", "ui.precheck.guardianName", gName, { path: "guardian.name" }));
  const uscc = input({ name: "pc-uscc" });
  const repName = input({ name: "pc-rname" });
  const repDoc = docBlock("pc-rdoc", "business.legalRepresentative.document");
  const isAgent = h("input", { type: "checkbox", id: "pc-agent", name: "pc-agent" });
  const agentName = input({ name: "pc-aname" });
  const agentDoc = docBlock("pc-adoc", "business.agent.document");
  const agent = h("fieldset", { class: "pc-agent", hidden: true }, h("legend", { i18n: "ui.precheck.agent" }),
    labelled("pc-aname", "ui.precheck.agentName", agentName, { path: "business.agent.name" }), agentDoc.block);
  isAgent.addEventListener("change", () => (agent.hidden = !isAgent.checked));
  const regAddr = select({ name: "pc-regaddr" });
  options(regAddr, form.addressKinds, "ui.precheck.address.", { empty: "ui.precheck.choose" });
  const trading = select({ name: "pc-trading" });
  options(trading, ["yes", "no"], "ui.precheck.trading.", { empty: "ui.precheck.choose" });
  const staff = count({ name: "pc-staff" });
  const basicAnywhere = select({ name: "pc-basic-anywhere" });
  options(basicAnywhere, ["yes", "no"], "ui.precheck.basicAccountAnywhere.", { empty: "ui.precheck.choose" });
  const business = h("div", { class: "pc-business" },
    labelled("pc-uscc", "ui.precheck.uscc", uscc, { path: "business.uscc" }),
    h("fieldset", {}, h("legend", { i18n: "ui.precheck.representative" }),
      labelled("pc-rname", "ui.precheck.representativeName", repName, { path: "business.legalRepresentative.name" }), repDoc.block),
    h("div", { class: "check" }, isAgent, h("label", { for: "pc-agent", i18n: "ui.precheck.isAgent" })),
    agent,
    labelled("pc-regaddr", "ui.precheck.registeredAddress", regAddr, { path: "business.registeredAddress" }),
    labelled("pc-trading", "ui.precheck.trading", trading, { path: "business.trading" }),
    labelled("pc-staff", "ui.precheck.staff", staff, { path: "business.staffCount" }),
    labelled("pc-basic-anywhere", "ui.precheck.basicAccountAnywhere", basicAnywhere, { path: "business.basicAccountAnywhere" }));
  const s2 = h("fieldset", { class: "pc-step", "data-step": "1", hidden: true }, h("legend", { i18n: "ui.precheck.step.documents" }), person, guardian, business);

  // Step 3: account and purpose.
  const account = select({ name: "pc-account" });
  const purpose = select({ name: "pc-purpose" });
  options(purpose, form.purposes, "ui.precheck.purpose.", { empty: "ui.precheck.choose" });
  const purposeText = input({ name: "pc-purpose-text", maxlength: String(form.maxTextChars) });
  const occupation = select({ name: "pc-occupation" });
  options(occupation, form.occupations, "ui.precheck.occupation.", { empty: "ui.precheck.choose" });
  const held = {};
  const heldRows = HELD.map((k) => {
    held[k] = count({ name: `pc-held-${k}` });
    return labelled(`pc-held-${k}`, `ui.precheck.account.${k}`, held[k], { path: `held.${k}` });
  });
  const purposeTextRow = labelled("pc-purpose-text", "ui.precheck.purposeText", purposeText, { hint: "ui.precheck.purposeTextHint", path: "account.purposeText" });
  purpose.addEventListener("change", () => (purposeTextRow.hidden = purpose.value !== "other"));
  // Other errands for the same visit (packages with the service capability only): the answer's
  // selfService says which need no queue.
  const errands = SERVICE() ? h("fieldset", { class: "pc-errands", id: "pc-errands", "data-path": "errands" },
    h("legend", { i18n: "ui.errands.precheck.pick" }), h("p", { class: "hint", i18n: "ui.errands.precheck.pickHint" })) : null;
  const s3 = h("fieldset", { class: "pc-step", "data-step": "2", hidden: true }, h("legend", { i18n: "ui.precheck.step.account" }),
    ...[labelled("pc-account", "ui.precheck.account", account, { path: "account.kind" }),
    labelled("pc-purpose", "ui.precheck.purpose", purpose, { path: "account.purpose" }),
    purposeTextRow,
    labelled("pc-occupation", "ui.precheck.occupation", occupation, { path: "applicant.occupation" }),
    h("fieldset", { class: "pc-held" }, h("legend", { i18n: "ui.precheck.held" }), ...heldRows),
    errands].filter(Boolean));

  // Step 4: contact and branch.
  const mobile = input({ name: "pc-mobile", inputmode: "tel", autocomplete: "off" });
  const home = place("pc-home", "contact.address", "ui.precheck.home");
  const work = place("pc-work", "contact.workAddress", "ui.precheck.work");
  const branch = place("pc-branch", "branch", "ui.precheck.branch");
  const s4 = h("fieldset", { class: "pc-step", "data-step": "3", hidden: true }, h("legend", { i18n: "ui.precheck.step.contact" }),
    labelled("pc-mobile", "ui.precheck.mobile", mobile, { path: "contact.mobile" }), home.fs, work.fs, branch.fs);

  const back = h("button", { type: "button", id: "pc-back", class: "secondary", i18n: "ui.precheck.back", onclick: () => go(step - 1) });
  const next = h("button", { type: "submit", id: "pc-next", i18n: "ui.precheck.next" });
  const stepError = h("p", { id: "pc-step-error", class: "verdict bad", role: "alert", hidden: true });
  const progress = h("ol", { class: "pc-progress" },
    ...[...STEPS, "result"].map((s) => h("li", { "data-step": s, i18n: `ui.precheck.step.${s}` })));
  const keep = h("input", { type: "checkbox", id: "pc-keep" });
  const keepRow = h("div", { class: "check pc-keep", hidden: ctx.kiosk }, keep, h("label", { for: "pc-keep", i18n: "ui.precheck.keep" }));
  const draftStatus = h("p", { id: "pc-draft-status", class: "hint", role: "status" });
  const formEl = h("form", { id: "pc-form", novalidate: true, onsubmit: onNext }, s1, s2, s3, s4, stepError, h("div", { class: "pc-buttons" }, back, next));

  // Result.
  const verdict = h("p", { id: "pc-verdict", class: "verdict", tabindex: "-1" });
  const checklist = h("table", { id: "pc-checklist", class: "pc-checklist" });
  const findings = h("ul", { id: "pc-findings", class: "findings" });
  const dd = h("div", { id: "pc-dd" });
  const advice = h("ul", { id: "pc-advice", class: "pc-advice" });
  const selfService = h("div", { id: "pc-self-service", class: "er-results" });
  const selfServiceTitle = h("h3", { id: "pc-self-service-title", i18n: SERVICE() ? "ui.errands.precheck.title" : null, hidden: true });
  const ticket = h("div", { id: "pc-ticket", class: "pc-ticket" });
  const result = h("div", { id: "pc-result", class: "result", hidden: true },
    verdict,
    h("h3", { i18n: "ui.precheck.checklist" }), checklist,
    h("h3", { i18n: "ui.precheck.findings", id: "pc-findings-title" }), findings,
    h("h3", { i18n: "ui.precheck.dueDiligence", id: "pc-dd-title" }), dd,
    h("h3", { i18n: "ui.precheck.advice" }), advice,
    selfServiceTitle, selfService,
    h("h3", { i18n: "ui.precheck.ticket" }), ticket,
    h("div", { class: "pc-buttons" },
      h("button", { type: "button", id: "pc-print", i18n: "ui.precheck.print", onclick: () => window.print() }),
      h("button", { type: "button", id: "pc-edit", class: "secondary", i18n: "ui.precheck.edit", onclick: () => go(0) }),
      h("button", { type: "button", id: "pc-restart", class: "secondary", i18n: "ui.precheck.restart", onclick: () => { clear(); announce(t("ui.precheck.cleared")); } })));

  section.classList.add("precheck");
  section.append(h("h2", { i18n: titleCode }), h("p", { class: "hint", i18n: "ui.precheck.intro" }), keepRow, draftStatus, progress, formEl, result);
  els = { formEl, kinds, name, birth, birthRow, own, person, guardian, gName, guardianDoc, business, uscc, repName, repDoc, isAgent, agent, agentName, agentDoc,
    regAddr, trading, staff, basicAnywhere, alsoResident, alsoResidentRow, taxElsewhere, account, purpose, purposeText, purposeTextRow, occupation, held, heldRows, mobile, home, work, branch,
    back, next, stepError, progress, verdict, checklist, findings, dd, advice, ticket, result, keep, draftStatus, errands, selfService, selfServiceTitle };
  for (const p of [home, work, branch]) provinceOptions(p.province);
  purposeTextRow.hidden = true;
  birthRow.hidden = true;
  keep.addEventListener("change", saveDraft);
  formEl.addEventListener("change", saveDraft);
  formEl.addEventListener("input", saveDraft);
  go(0, { focus: false });
  restoreDraft();
}

/** Whether this package has the service capability (a lean pre-check package has not). */
const SERVICE = () => typeof ctx.desk.serviceGuide === "function";

/** The other errands of the applicant's segment as checkboxes (those that open an account are the
 * pre-check itself); ticks survive a change of applicant where the errand still applies. */
function errandBoxes(business) {
  if (!els?.errands) return;
  const ticked = new Set([...els.errands.querySelectorAll("input:checked")].map((b) => b.value));
  const all = ctx.desk.serviceGuide({ segment: business ? "business" : "personal" }).errands.filter((e) => e.opensAccounts.length === 0);
  const keep = [...els.errands.children].slice(0, 2);
  els.errands.replaceChildren(...keep, ...all.map((e) => {
    const box = h("input", { type: "checkbox", id: `pc-errand-${e.id}`, value: e.id });
    box.checked = ticked.has(e.id);
    return h("div", { class: "check" }, box, h("label", { for: box.id, text: e.name }));
  }));
}

/** The answer's selfService: where each errand can be done without queueing, and its fees. */
function renderSelfService(res) {
  const list = res.selfService ?? [];
  els.selfServiceTitle.hidden = list.length === 0;
  els.selfService.replaceChildren(...list.map((s) =>
    h("article", { class: "er-card", "data-errand": s.errand, "data-counter-only": String(s.counterOnly) },
      h("h4", { text: s.name }),
      h("p", { class: s.counterOnly ? "er-lead counter" : "er-lead ok", text: s.why }),
      s.fees.length ? h("ul", { class: "er-fees" }, ...s.fees.map((f) =>
        h("li", { "data-fee": f.id }, `${f.name}${t("ui.errands.colon")}`, h("strong", { text: f.display })))) : null)));
}

const current = () => form.applicants.find((a) => a.kind === els.formEl.querySelector("input[name=pc-kind]:checked")?.value);

function onKind() {
  const a = current();
  if (!a) return;
  const docOpts = (sel, kinds) => options(sel, kinds, "ui.precheck.doc.kind.");
  docOpts(els.own.kind, a.documentKinds);
  docOpts(els.guardianDoc.kind, a.guardianDocumentKinds);
  docOpts(els.repDoc.kind, a.representativeDocumentKinds);
  docOpts(els.agentDoc.kind, a.representativeDocumentKinds);
  for (const d of [els.own, els.guardianDoc, els.repDoc, els.agentDoc]) syncDoc(d);
  els.person.hidden = a.business;
  els.business.hidden = !a.business;
  els.guardian.hidden = !a.guardian;
  const need = document.getElementById("pc-guardian-need");
  if (a.guardian) {
    need.dataset.i18n = `ui.precheck.guardian.${a.guardian}`;
    need.textContent = t(need.dataset.i18n);
  }
  options(els.account, a.accounts, "ui.precheck.account.");
  errandBoxes(a.business);
  els.alsoResidentRow.hidden = !RESIDENCE_DOC[a.kind];
  const alsoLabel = els.alsoResidentRow.querySelector("label");
  if (RESIDENCE_DOC[a.kind]) {
    alsoLabel.dataset.i18n = `ui.precheck.alsoHolds.${a.kind}`;
    alsoLabel.textContent = t(alsoLabel.dataset.i18n);
  }
  for (const [i, k] of HELD.entries()) {
    els.heldRows[i].hidden = a.business !== (k === "business_basic");
  }
  if (a.kind === "elderly") ctx.suggestElderly();
}

function go(n, { focus = true } = {}) {
  step = Math.max(0, Math.min(n, STEPS.length - 1));
  for (const fs of els.formEl.querySelectorAll(".pc-step")) fs.hidden = Number(fs.dataset.step) !== step;
  els.formEl.hidden = false;
  els.result.hidden = true;
  els.back.hidden = step === 0;
  els.next.dataset.i18n = step === STEPS.length - 1 ? "ui.precheck.check" : "ui.precheck.next";
  els.next.textContent = t(els.next.dataset.i18n);
  els.stepError.hidden = true;
  markProgress(STEPS[step]);
  if (focus) els.formEl.querySelector(`.pc-step[data-step="${step}"] legend`)?.scrollIntoView({ block: "nearest" });
}

function markProgress(name) {
  for (const li of els.progress.children) {
    if (li.dataset.step === name) li.setAttribute("aria-current", "step");
    else li.removeAttribute("aria-current");
  }
}

/** Counts typed by the customer, read by the package: `{ held, staff, findings: [[control, list, findings]] }`. */
function counts() {
  const bad = [];
  const read = (el) => {
    const res = ctx.desk.parseCount({ text: el.value.trim() === "" ? "0" : el.value });
    if (!res.valid) bad.push([el, res.findings]);
    return res.value;
  };
  const held = {};
  for (const [i, k] of HELD.entries()) {
    if (els.heldRows[i].hidden) continue;
    const n = read(els.held[k]);
    if (n > 0) held[k] = n;
  }
  const staff = els.business.hidden || els.staff.value.trim() === "" ? null : read(els.staff);
  return { held, staff, bad };
}

function onNext(event) {
  event.preventDefault();
  clearFieldFindings();
  if (step === 0 && !current()) {
    markField(els.kinds, document.getElementById("pc-kind-findings"),
      [{ code: "ui.precheck.chooseApplicant", severity: "error", field: "applicant.kind", message: t("ui.precheck.chooseApplicant") }]);
    focusFirstInvalid(els.formEl);
    return;
  }
  if (step === 1) suggestIfElderly();
  // Check the step as it is left: its errors (and those it reveals on an earlier step, e.g. an
  // ID showing a child while "adult" was chosen) are shown at their fields before moving on.
  if (stepErrors()) return;
  if (step < STEPS.length - 1) {
    go(step + 1);
    els.formEl.querySelector(`.pc-step[data-step="${step}"] input:not([type=hidden]), .pc-step[data-step="${step}"] select`)?.focus();
    return;
  }
  run();
}

/** Errors already shown when a step was left (`field:code`): pressing Next again with the same
 * errors goes on (the customer saw them; the result lists them with a "change" link). */
let seenErrors = new Set();

/** Errors of the steps up to this one, shown at their fields; true when the customer should stay
 * (new errors, or a count the package cannot read). */
function stepErrors() {
  const c = counts();
  let res;
  try {
    res = c.bad.length ? null : ctx.desk.precheck(application(c));
  } catch (e) {
    showInputError(e);
    return true;
  }
  const found = c.bad.map(([el, fs]) => [el, fs]);
  let fresh = c.bad.length > 0;
  if (res) {
    const byEl = new Map();
    for (const f of res.findings) {
      if (f.severity !== "error" || !f.field || stepFor(f.field) > step) continue;
      const el = elementFor(f.field, { anyStep: true });
      if (!el) continue;
      byEl.set(el, [...(byEl.get(el) ?? []), f]);
      const key = `${f.field}:${f.code}`;
      if (!seenErrors.has(key)) fresh = true;
      seenErrors.add(key);
    }
    found.push(...byEl);
  }
  if (!found.length || !fresh) return false;
  for (const [el, fs] of found) markField(el, listOf(el), fs);
  // Go to the earliest step with a problem and focus its first field.
  const first = Math.min(...found.map(([el]) => Number(el.closest(".pc-step").dataset.step)));
  if (first !== step) go(first, { focus: false });
  focusFirstInvalid(els.formEl.querySelector(`.pc-step[data-step="${first}"]`));
  announce(found[0][1][0].message);
  return true;
}

/** The findings list under a field (built by `labelled`). */
function listOf(el) {
  return document.getElementById(`${el.id || "pc-kind"}-findings`);
}

function clearFieldFindings() {
  for (const list of els.formEl.querySelectorAll("ul.findings")) list.replaceChildren();
  for (const el of els.formEl.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  untieFindings();
}

function showInputError(e) {
  // Bounds (argument.too_long) and the like: shown at the field, without any typed value.
  const el = e.path ? elementFor(e.path, { anyStep: true }) : null;
  const f = { code: e.code ?? "error", severity: "error", field: e.path ?? "", message: t("ui.precheck.inputError") };
  if (el) {
    markField(el, listOf(el), [f]);
    go(Number(el.closest(".pc-step").dataset.step), { focus: false });
    focusFirstInvalid(els.formEl);
  } else {
    els.stepError.textContent = f.message;
    els.stepError.hidden = false;
  }
}

function application(c = counts()) {
  const a = current();
  const app = { applicant: { kind: a.kind }, account: { kind: els.account.value }, materials: [...materials] };
  if (els.purpose.value) app.account.purpose = els.purpose.value;
  if (els.purpose.value === "other") app.account.purposeText = els.purposeText.value;
  if (els.occupation.value) app.applicant.occupation = els.occupation.value;
  app.held = c.held;
  if (a.business) {
    const b = {};
    if (els.uscc.value.trim()) b.uscc = els.uscc.value;
    const rep = { name: els.repName.value.trim() || undefined, document: docValue(els.repDoc) ?? undefined };
    if (rep.name || rep.document) b.legalRepresentative = rep;
    if (els.isAgent.checked) b.agent = { name: els.agentName.value.trim() || undefined, document: docValue(els.agentDoc) ?? undefined };
    if (els.regAddr.value) b.registeredAddress = els.regAddr.value;
    if (els.trading.value) b.trading = els.trading.value === "yes";
    if (c.staff !== null) b.staffCount = c.staff;
    if (els.basicAnywhere.value) b.basicAccountAnywhere = els.basicAnywhere.value === "yes";
    app.business = b;
  } else {
    if (els.name.value.trim()) app.applicant.name = els.name.value.trim();
    const doc = docValue(els.own);
    if (doc) app.applicant.document = doc;
    if (els.birth.value && !els.birthRow.hidden) app.applicant.birthDate = els.birth.value;
    const residence = RESIDENCE_DOC[a.kind];
    if (residence && els.alsoResident.checked) app.applicant.alsoHolds = [residence];
    if (els.taxElsewhere.checked) app.applicant.taxResidentElsewhere = true;
    if (a.guardian) {
      const g = docValue(els.guardianDoc);
      if (g || els.gName.value.trim()) app.guardian = { name: els.gName.value.trim() || undefined, document: g ?? undefined };
    }
  }
  const contact = {};
  if (els.mobile.value.trim()) contact.mobile = els.mobile.value;
  const home = placeValue(els.home);
  const work = placeValue(els.work);
  if (home) contact.address = home;
  if (work) contact.workAddress = work;
  app.contact = contact;
  const branch = placeValue(els.branch);
  if (branch) app.branch = branch;
  const errands = els.errands ? [...els.errands.querySelectorAll("input:checked")].map((b) => b.value) : [];
  if (errands.length) app.errands = errands;
  return app;
}

/** MIIT elderly-friendly rules (§6): offer elderly mode when the applicant's own document shows an
 * applicant of 60 or older (the package decides the age group; nothing is kept). */
function suggestIfElderly() {
  const doc = els.person.hidden ? null : docValue(els.own);
  if (!doc?.number || !kindLimits(doc.kind)) return;
  try {
    const res = ctx.desk.validateDocument({ kind: doc.kind, number: doc.number });
    if (res.valid && res.fields?.ageGroup === "elderly") ctx.suggestElderly();
  } catch {
    /* a refused number is reported by the pre-check itself */
  }
}

function run({ focus = true } = {}) {
  suggestIfElderly();
  const c = counts();
  if (c.bad.length) {
    stepErrors();
    return;
  }
  try {
    lastResult = ctx.desk.precheck(application(c));
  } catch (e) {
    showInputError(e);
    return;
  }
  render(lastResult, { focus });
}

function stepFor(path) {
  const hit = STEP_OF.find(([p]) => path === p || path.startsWith(`${p}.`));
  return hit ? hit[1] : 0;
}

/** The control for an application path: the field itself, else the first shown field under it
 * (`guardian` → the guardian's document kind), else the nearest field above it. */
function elementFor(path, { anyStep = false } = {}) {
  const shown = (el) => {
    if (!el) return false;
    const hiddenBy = el.closest("[hidden]");
    return !hiddenBy || (anyStep && hiddenBy.classList.contains("pc-step"));
  };
  const all = [...els.formEl.querySelectorAll("[data-path]")];
  let p = path;
  while (p) {
    const exact = all.find((el) => el.dataset.path === p && shown(el));
    if (exact) return exact;
    // Under an object (`guardian`): the first field to type into, else the first choice.
    const below = all.filter((el) => el.dataset.path.startsWith(`${p}.`) && shown(el));
    const under = below.find((el) => el.matches("input, textarea")) ?? below[0];
    if (under) return under;
    p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "";
  }
  return null;
}

function render(res, { focus = true } = {}) {
  clearFieldFindings();
  els.formEl.hidden = true;
  els.result.hidden = false;
  markProgress("result");
  const errors = res.findings.filter((f) => f.severity === "error");
  // One rule: any error finding makes the verdict not green, and it says what to do.
  const text = res.ready ? t("ui.precheck.ready")
    : errors.length ? t("ui.precheck.notReadyErrors", { count: errors.length })
    : t("ui.precheck.notReadyMaterials");
  setVerdict(els.verdict, worst(res.findings), text);
  if (!res.ready && errors.length === 0) els.verdict.className = "verdict warn";

  els.checklist.replaceChildren(
    h("caption", { i18n: "ui.precheck.checklistCaption" }),
    h("thead", {}, h("tr", {}, ...["item", "need", "status", "why"].map((c) => h("th", { scope: "col", i18n: `ui.precheck.col.${c}` })))),
    h("tbody", {}, ...res.checklist.map((item) => {
      const status = h("td", { class: `st ${item.status}`, "data-status": item.status }, t(`ui.precheck.status.${item.status}`));
      if (item.field === null) {
        // A material the customer has or not: ticking it re-runs the check.
        const box = h("input", { type: "checkbox", id: `pc-have-${item.id}`, checked: materials.has(item.id) });
        box.addEventListener("change", () => {
          if (box.checked) materials.add(item.id);
          else materials.delete(item.id);
          saveDraft();
          run({ focus: false });
          document.getElementById(`pc-have-${item.id}`)?.focus();
        });
        status.append(h("div", { class: "check" }, box, h("label", { for: box.id, i18n: "ui.precheck.have" })));
      }
      return h("tr", { "data-id": item.id, "data-status": item.status },
        h("th", { scope: "row" }, item.label), h("td", {}, t(`ui.precheck.need.${item.need}`)), status, h("td", {}, item.why));
    })),
  );

  renderFindings(els.findings, res.findings);
  const tied = new Map();
  for (const [i, li] of [...els.findings.children].entries()) {
    li.id = `pc-finding-${i}`;
    const path = li.dataset.field;
    if (!path) continue;
    // Each finding also sits at its field (its list, tied by aria-describedby, red when an error),
    // so "change" lands on a field that says why.
    const field = elementFor(path, { anyStep: true });
    const f = res.findings[i];
    if (field) {
      tied.set(field, [...(tied.get(field) ?? []), li.id]);
      const list = listOf(field);
      if (list) list.append(...renderedAt(f));
      if (f.severity === "error") field.setAttribute("aria-invalid", "true");
    }
    const target = () => {
      const el = elementFor(path, { anyStep: true });
      go(el ? Number(el.closest(".pc-step").dataset.step) : stepFor(path));
      if (el) {
        el.scrollIntoView({ block: "center" });
        (el.matches("input, select, textarea") ? el : el.querySelector("input:checked, input"))?.focus({ preventScroll: true });
      }
    };
    li.append(" ", h("button", { type: "button", class: "link", i18n: "ui.precheck.change", onclick: target }));
  }
  for (const [field, ids] of tied) describeBy(field, ids);
  document.getElementById("pc-findings-title").hidden = res.findings.length === 0;

  document.getElementById("pc-dd-title").hidden = res.dueDiligence.length === 0;
  els.dd.replaceChildren(...res.dueDiligence.map((d) =>
    h("div", { class: "pc-signal", "data-signal": d.signal },
      h("p", { class: "reason" }, d.reason),
      h("ul", {}, ...d.questions.map((q) => h("li", { "data-question": q.id }, q.text))))));

  els.advice.replaceChildren(...res.advice.map((a) =>
    h("li", { class: a.kind, "data-advice": a.id }, h("span", { class: "sev", text: t(a.kind === "self_service" ? "ui.errands.precheck.adviceKind" : `ui.precheck.adviceKind.${a.kind}`) }), a.text)));
  renderSelfService(res);

  const code = res.ticket.code;
  const parts = [
    h("p", {}, h("span", { i18n: "ui.precheck.reference" }), " ", h("strong", { id: "pc-reference", text: res.ticket.reference })),
    h("p", { class: "hint", i18n: res.ready ? "ui.precheck.ticketReady" : "ui.precheck.ticketNotReady" }),
  ];
  try {
    parts.push(qrSvg(ctx.desk.qrCode(code, { ecc: "M" })));
  } catch (e) {
    console.warn("qrCode:", e?.code); // the code is still shown as text below
  }
  parts.push(h("details", { class: "staff" }, h("summary", { i18n: "ui.staff.details" }),
    h("code", { id: "pc-ticket-code", class: "pc-code" }, code)));
  els.ticket.replaceChildren(...parts);
  announceFindings(els.verdict.textContent, res.findings);
  if (!focus) return;
  els.verdict.scrollIntoView({ block: "start" });
  els.verdict.focus({ preventScroll: true });
}

/** A finding as shown under its field on the form (the summary keeps its "change" link). */
function renderedAt(f) {
  const tmp = h("ul");
  renderFindings(tmp, [f]);
  return [...tmp.children];
}

/** The ticket's QR code: an inline <svg> drawn by ui.js renderQr (DOM calls, colours from style.css,
 * no inline markup or style), rendered locally from desk.qrCode(). */
function qrSvg(qr) {
  const box = h("div", { class: "pc-qr-box" });
  const svg = renderQr(box, qr, { labelCode: "ui.precheck.qrAlt" });
  svg.id = "pc-qr";
  svg.classList.add("pc-qr");
  svg.dataset.mode = qr.mode;
  return box;
}

// ---- the customer's own draft (only when they tick "keep my answers"; never on a kiosk) ----

function storage() {
  try {
    return ctx.kiosk ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The form's answers: every named control's value (checkboxes and radios by state). */
function answers() {
  const out = {};
  for (const el of els.formEl.querySelectorAll("input[id], select[id], textarea[id]")) {
    if (el.type === "radio") {
      if (el.checked) out[el.name] = el.value;
    } else if (el.type === "checkbox") out[el.id] = el.checked;
    else if (el.value !== "") out[el.id] = el.value;
  }
  out["#materials"] = [...materials];
  return out;
}

function saveDraft() {
  const store = storage();
  if (!store) return;
  if (els.keep.checked) store.setItem(DRAFT_KEY, JSON.stringify(answers()));
  else store.removeItem(DRAFT_KEY);
}

function restoreDraft() {
  const store = storage();
  const saved = store?.getItem(DRAFT_KEY);
  if (!saved) return;
  let values;
  try {
    values = JSON.parse(saved);
  } catch {
    store.removeItem(DRAFT_KEY);
    return;
  }
  const kind = values["pc-kind"];
  const radio = kind && els.formEl.querySelector(`input[name=pc-kind][value="${CSS.escape(kind)}"]`);
  if (radio) {
    radio.checked = true;
    onKind();
  }
  // Selects that decide what else is shown first, then everything else.
  for (const pass of [0, 1]) {
    for (const [key, v] of Object.entries(values)) {
      const el = document.getElementById(key);
      if (!el || !els.formEl.contains(el) || (pass === 0) !== (el.tagName === "SELECT")) continue;
      if (el.type === "checkbox") el.checked = v === true;
      else el.value = String(v);
      el.dispatchEvent(new Event("change", { bubbles: false }));
    }
  }
  materials = new Set(Array.isArray(values["#materials"]) ? values["#materials"] : []);
  els.agent.hidden = !els.isAgent.checked;
  els.purposeTextRow.hidden = els.purpose.value !== "other";
  els.keep.checked = true;
  els.draftStatus.textContent = t("ui.precheck.draftRestored");
}

/** Locale changed: province names come from the desk; re-run the check so texts follow. */
export function refresh() {
  if (!els) return;
  form = ctx.desk.precheckForm();
  for (const p of [els.home, els.work, els.branch]) provinceOptions(p.province);
  if (current()) errandBoxes(current().business);
  if (lastResult && !els.result.hidden) run({ focus: false });
  else els.next.textContent = t(els.next.dataset.i18n);
}

/** Forget which findings described which field. */
function untieFindings() {
  for (const el of els.formEl.querySelectorAll("[data-describedby-base]")) describeBy(el, []);
}

/** Forget everything typed (kiosk timeout, "start over"), the kept draft too. */
export function clear() {
  lastResult = null;
  materials = new Set();
  seenErrors = new Set();
  if (!els) return;
  els.formEl.reset();
  for (const p of [els.home, els.work, els.branch]) p.province.value = "";
  els.agent.hidden = true;
  els.purposeTextRow.hidden = true;
  els.birthRow.hidden = true;
  clearFieldFindings();
  for (const d of [els.own]) d.expiry.disabled = false;
  els.checklist.replaceChildren();
  els.findings.replaceChildren();
  els.dd.replaceChildren();
  els.advice.replaceChildren();
  els.selfService.replaceChildren();
  els.selfServiceTitle.hidden = true;
  els.ticket.replaceChildren();
  els.person.hidden = false;
  els.guardian.hidden = true;
  els.business.hidden = true;
  els.keep.checked = false;
  els.draftStatus.textContent = "";
  storage()?.removeItem(DRAFT_KEY);
  go(0, { focus: false });
}
