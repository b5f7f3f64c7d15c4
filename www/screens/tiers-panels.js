// Two panels under "My account tier" (issue 16 §2.2, §2.3), in packages with the lifecycle
// capability:
// - "Can I be whitelisted?": the customer picks the signed service and says what they know (signed
//   or not, since when, how many such payments lately, their risk level if told); the package
//   answers each condition met / not met / not known, what is missing, and the two approval steps
//   with their due dates if they applied today (`whitelistEligibility`).
// - "Why did my limit change?": the due diligence the bank holds (how the identity was checked,
//   proof of the account's purpose, risk level, contact verified, a risk alert) gives the bank's
//   level; a downgrade's notice (reason, new limits, from when, how to object, what to bring), the
//   objection as a ready request (`requestLimitAdjustment`) and how to get a higher level back
//   (`explainAccountLevel`).
// Every condition, date, text and decision comes from the package; this module lays them out.
import { ctx, h, field, announce, markField, setVerdict, worst } from "../ui.js";

let els = null;

/** Whether this package answers the lifecycle questions (a lean tiers package does not). */
export const available = () => typeof ctx.desk.whitelistEligibility === "function";

/** The desk's today (Asia/Shanghai), for "if you applied today". */
const today = () => ctx.desk.info().today;

const t = (c, p) => ctx.t(c, p);

function select(id, name) {
  return h("select", { id, name });
}

function fill(sel, items) {
  const keep = sel.value;
  sel.replaceChildren(...items.map(([value, text]) => h("option", { value, text })));
  if (items.some(([v]) => v === keep)) sel.value = keep;
}

export function mount(section) {
  if (!available()) return;
  // ---- can I be whitelisted? ----
  const wlTier = field("wl-tier", "ui.wl.tier", select("wl-tier-select", "wlTier"));
  const wlCategory = field("wl-category", "ui.wl.category", select("wl-category-select", "wlCategory"));
  const wlSigned = field("wl-signed", "ui.wl.signed", select("wl-signed-select", "wlSigned"));
  const wlSince = field("wl-since", "ui.wl.since", h("input", { type: "date", name: "wlSince" }));
  const wlCount = field("wl-count", "ui.wl.count", h("input", { name: "wlCount", inputmode: "numeric", autocomplete: "off", maxlength: String(ctx.limits?.numberMaxChars ?? 20) }));
  const wlCountHint = h("p", { class: "hint", id: "wl-count-hint" });
  wlCount.control.after(wlCountHint);
  wlCount.control.setAttribute("aria-describedby", `${wlCountHint.id} ${wlCount.findings.id}`);
  const wlRisk = field("wl-risk", "ui.wl.risk", select("wl-risk-select", "wlRisk"));
  const wlF2f = h("input", { type: "checkbox", id: "wl-f2f", name: "wlF2f" });
  const wlVerdict = h("p", { id: "wl-verdict", class: "verdict", role: "status" });
  const wlCriteria = h("ul", { id: "wl-criteria", class: "wl-criteria" });
  const wlApproval = h("ol", { id: "wl-approval", class: "wl-approval" });
  const wlApply = h("p", { id: "wl-apply", class: "hint" });
  const wlEffect = h("p", { id: "wl-effect" });
  const wlApprovalTitle = h("h4", { i18n: "ui.wl.approval", id: "wl-approval-title" });
  const wl = h("details", { class: "tier-panel", id: "wl" },
    h("summary", { i18n: "ui.wl.title" }),
    h("p", { class: "hint", i18n: "ui.wl.hint" }),
    h("form", { id: "wl-form", novalidate: true, onsubmit: (e) => e.preventDefault() },
      wlTier.row, wlCategory.row, wlSigned.row, wlSince.row, wlCount.row, wlRisk.row,
      h("div", { class: "field checkbox" }, wlF2f, h("label", { for: "wl-f2f", i18n: "ui.wl.f2f" }))),
    wlVerdict,
    h("h4", { i18n: "ui.wl.criteria" }), wlCriteria,
    wlApprovalTitle, wlApproval, wlApply, wlEffect);

  // ---- why did my limit change? ----
  const lvTier = field("lv-tier", "ui.lv.tier", select("lv-tier-select", "lvTier"));
  const lvCurrent = field("lv-current", "ui.lv.current", select("lv-current-select", "lvCurrent"));
  const lvVerification = field("lv-verification", "ui.lv.verification", select("lv-verification-select", "lvVerification"));
  const lvPurpose = field("lv-purpose", "ui.lv.purpose", select("lv-purpose-select", "lvPurpose"));
  const lvRisk = field("lv-risk", "ui.lv.risk", select("lv-risk-select", "lvRisk"));
  const lvContact = h("input", { type: "checkbox", id: "lv-contact", name: "lvContact" });
  const lvFlag = field("lv-flag", "ui.lv.flag", select("lv-flag-select", "lvFlag"));
  const lvBasis = field("lv-basis", "ui.lv.basis", select("lv-basis-select", "lvBasis"));
  const lvSent = field("lv-sent", "ui.lv.sent", h("input", { type: "date", name: "lvSent" }));
  const lvVerdict = h("p", { id: "lv-verdict", class: "verdict", role: "status" });
  const lvLevel = h("dl", { id: "lv-level", class: "fields" });
  const lvNotice = h("div", { id: "lv-notice", class: "er-card", hidden: true });
  const lvObjection = h("div", { id: "lv-objection", hidden: true });
  const lvRequest = h("div", { id: "lv-request", class: "er-card", hidden: true, tabindex: "-1" });
  const lvUpgrade = h("ul", { id: "lv-upgrade" });
  const lvUpgradeTitle = h("h4", { i18n: "ui.lv.upgrade", id: "lv-upgrade-title" });
  const lv = h("details", { class: "tier-panel", id: "lv" },
    h("summary", { i18n: "ui.lv.title" }),
    h("p", { class: "hint", i18n: "ui.lv.hint" }),
    h("form", { id: "lv-form", novalidate: true, onsubmit: (e) => e.preventDefault() },
      lvTier.row, lvCurrent.row, lvVerification.row, lvPurpose.row, lvRisk.row,
      h("div", { class: "field checkbox" }, lvContact, h("label", { for: "lv-contact", i18n: "ui.lv.contact" })),
      lvFlag.row, lvBasis.row, lvSent.row),
    lvVerdict, lvLevel, lvNotice, lvObjection, lvRequest, lvUpgradeTitle, lvUpgrade);

  section.append(h("h3", { i18n: "ui.wl.section" }), wl, lv);
  els = {
    wl, wlTier: wlTier.control, wlCategory: wlCategory.control, wlSigned: wlSigned.control, wlSince: wlSince.control,
    wlCount: wlCount.control, wlCountFindings: wlCount.findings, wlCountHint, wlRisk: wlRisk.control, wlF2f,
    wlVerdict, wlCriteria, wlApproval, wlApprovalTitle, wlApply, wlEffect,
    lv, lvTier: lvTier.control, lvCurrent: lvCurrent.control, lvVerification: lvVerification.control,
    lvPurpose: lvPurpose.control, lvRisk: lvRisk.control, lvContact, lvFlag: lvFlag.control, lvBasis: lvBasis.control,
    lvSent: lvSent.control, lvSentFindings: lvSent.findings, lvVerdict, lvLevel, lvNotice, lvObjection, lvRequest, lvUpgrade, lvUpgradeTitle,
  };
  for (const el of wl.querySelectorAll("input, select")) {
    el.addEventListener("input", renderWhitelist);
    el.addEventListener("change", renderWhitelist);
  }
  for (const el of lv.querySelectorAll("input, select")) {
    el.addEventListener("input", renderLevel);
    el.addEventListener("change", renderLevel);
  }
  labels();
  renderWhitelist();
  renderLevel();
}

/** Choices in the current language (ids from the package; words from the catalog). */
function labels() {
  const list = ctx.desk.listTiers();
  const personal = list.tiers.filter((x) => x.kind === "personal");
  const tiers = personal.map((x) => [x.id, x.name]);
  fill(els.wlTier, tiers);
  fill(els.lvTier, tiers);
  const cats = ctx.desk.whitelistEligibility({ account: { tier: els.wlTier.value || tiers[0]?.[0] } }).categories;
  fill(els.wlCategory, cats.map((c) => [c.category, c.name]));
  fill(els.wlSigned, ["", "active", "ended"].map((v) => [v, t(`ui.wl.signed.${v || "unknown"}`)]));
  const risks = ["low", "medium", "high"].map((v) => [v, t(`ui.risk.${v}`)]);
  fill(els.wlRisk, [["", t("ui.risk.unknown")], ...risks]);
  fill(els.lvCurrent, [["", t("ui.lv.current.none")], ...list.bankLevels.map((l) => [l.id, l.name])]);
  fill(els.lvVerification, ["face_to_face", "kiosk_with_staff", "remote_bound_account", "remote_face", "none"].map((v) => [v, t(`ui.lv.verification.${v}`)]));
  fill(els.lvPurpose, ["documented", "stated", "none"].map((v) => [v, t(`ui.lv.purpose.${v}`)]));
  fill(els.lvRisk, risks);
  fill(els.lvFlag, ["", "model_alert", "reactivated_after_dormancy", "fraud_measure", "aml_measure"].map((v) => [v, t(`ui.lv.flag.${v || "none"}`)]));
  fill(els.lvBasis, ["", "routine", "fraud_measure", "aml_measure"].map((v) => [v, t(`ui.lv.basis.${v || "none"}`)]));
}

// ---- whitelist ----

function whitelistInput() {
  const category = els.wlCategory.value;
  const input = { account: { tier: els.wlTier.value, faceToFaceVerified: els.wlF2f.checked }, category, submittedOn: today() };
  if (els.wlRisk.value) input.account.riskLevel = els.wlRisk.value;
  if (els.wlSigned.value) {
    const s = { category, active: els.wlSigned.value === "active" };
    if (els.wlSince.value) s.since = els.wlSince.value;
    input.services = [s];
  }
  return input;
}

function renderWhitelist() {
  if (!els) return;
  const input = whitelistInput();
  // The count as typed ("6", "６", "6笔"): read by the package; a bad one is said at its field.
  const typed = els.wlCount.value.trim();
  let countFindings = [];
  if (typed) {
    const c = ctx.desk.parseCount({ text: typed });
    if (c.valid) {
      input.activity = [{ category: input.category, recentCount: c.value }];
    } else countFindings = c.findings;
  }
  markField(els.wlCount, els.wlCountFindings, countFindings);
  let a;
  try {
    a = ctx.desk.whitelistEligibility(input);
  } catch (e) {
    setVerdict(els.wlVerdict, "error", e.message);
    return;
  }
  const c = a.categories[0];
  if (!c) return;
  const history = c.criteria.find((x) => x.id === "history");
  els.wlCountHint.textContent = history ? t("ui.wl.countHint", { rule: history.text }) : "";
  const sev = c.state === "eligible" || c.state === "whitelisted" ? "ok" : c.state === "incomplete" ? "warning" : "error";
  const said = a.findings.find((f) => f.severity !== "info") ?? a.findings[0];
  setVerdict(els.wlVerdict, sev, `${t(`ui.wl.state.${c.state}`)}${said ? ` ${said.message}` : ""}`);
  els.wlVerdict.dataset.state = c.state;
  els.wlCriteria.replaceChildren(...c.criteria.map((x) => {
    const mark = x.met === true ? "met" : x.met === false ? "not_met" : "unknown";
    return h("li", { "data-criterion": x.id, "data-met": mark, class: mark },
      h("span", { class: "sev", text: t(`ui.wl.met.${mark}`) }), " ", x.text);
  }));
  const applies = c.state === "eligible";
  els.wlApprovalTitle.hidden = !applies;
  els.wlApproval.hidden = !applies;
  els.wlApproval.replaceChildren(...(applies ? c.approval : []).map((s) =>
    h("li", { "data-step": s.step },
      h("strong", { text: s.name }), " ",
      t("ui.wl.stepBy", { department: s.departmentName, date: s.dueBy ?? t("ui.wl.dateUnknown") }))));
  els.wlApply.textContent = applies ? c.apply.text : "";
  els.wlEffect.textContent = c.effect ? c.effect.text : "";
}

// ---- level ----

function levelInput() {
  const dd = {
    verification: els.lvVerification.value,
    purposeEvidence: els.lvPurpose.value,
    riskLevel: els.lvRisk.value,
    contactVerified: els.lvContact.checked,
  };
  if (els.lvFlag.value) dd.flags = [els.lvFlag.value];
  const account = { tier: els.lvTier.value };
  if (els.lvCurrent.value) account.bankLevel = els.lvCurrent.value;
  const input = { account, dueDiligence: dd };
  if (els.lvBasis.value) {
    input.change = { basis: els.lvBasis.value };
    if (els.lvSent.value) input.change.noticeSentOn = els.lvSent.value;
  }
  return input;
}

let lastLevel = null;

function renderLevel() {
  if (!els) return;
  els.lvSent.closest(".field").hidden = !els.lvBasis.value;
  let a;
  try {
    a = ctx.desk.explainAccountLevel(levelInput());
    markField(els.lvSent, els.lvSentFindings, []);
  } catch (e) {
    if (String(e.path ?? "").startsWith("change.noticeSentOn")) {
      markField(els.lvSent, els.lvSentFindings, [{ code: e.code, severity: "error", field: "lvSent", message: t("ui.lv.sentFuture") }]);
    }
    setVerdict(els.lvVerdict, "error", t("ui.lv.sentFuture"));
    return;
  }
  lastLevel = a;
  const sev = worst(a.findings);
  const first = a.findings.find((f) => f.severity === sev) ?? a.findings[0];
  setVerdict(els.lvVerdict, sev, first ? first.message : "");
  els.lvVerdict.dataset.change = a.change ?? "";
  els.lvLevel.replaceChildren(...(a.level ? [
    h("dt", { i18n: "ui.lv.level" }), h("dd", { id: "lv-level-name", text: `${a.level.name} — ${a.level.limits.join(t("ui.errands.separator"))}` }),
    h("dt", { i18n: "ui.lv.why" }), h("dd", { id: "lv-why", text: a.matchedRule?.why ?? "" }),
  ] : []));
  // The notice in plain words, when the level goes down.
  const n = a.notice;
  els.lvNotice.hidden = !n;
  els.lvNotice.replaceChildren(...(n ? [
    h("h4", { i18n: n.atOnce ? "ui.lv.noticeAtOnce" : "ui.lv.notice" }),
    h("p", { id: "lv-effective", class: "dm-close-by", text: t("ui.lv.effective", { date: n.effectiveOn }) }),
    h("p", { id: "lv-notice-text", text: n.text }),
  ] : []));
  const o = a.objection;
  els.lvObjection.hidden = !o;
  els.lvRequest.hidden = true;
  els.lvObjection.replaceChildren(...(o ? [
    h("h4", { i18n: "ui.lv.object" }),
    h("p", { id: "lv-objection-text", text: o.text }),
    h("button", { type: "button", id: "lv-object", i18n: "ui.lv.objectButton", onclick: object }),
  ] : []));
  els.lvUpgradeTitle.hidden = !a.upgradePath?.length;
  els.lvUpgrade.replaceChildren(...(a.upgradePath ?? []).map((u) => h("li", { "data-level": u.toLevel, text: u.text })));
}

/** "Object": the prepared request, exactly what the answer says to send (one tap). */
function object() {
  const req = lastLevel?.objection?.request;
  if (!req) return;
  const r = ctx.desk.requestLimitAdjustment(req.input);
  els.lvRequest.replaceChildren(...[
    h("h4", { i18n: "ui.lv.requestTitle" }),
    h("p", {}, h("span", { i18n: "ui.lv.reference" }), " ", h("strong", { id: "lv-reference", text: r.reference })),
    r.required.length ? h("p", { i18n: "ui.lv.bring" }) : null,
    r.required.length ? h("ul", { id: "lv-evidence" }, ...r.required.map((e) => h("li", { "data-evidence": e.id, text: e.name }))) : null,
    h("p", { id: "lv-reply", text: r.replyText }),
  ].filter(Boolean));
  els.lvRequest.hidden = false;
  els.lvRequest.focus();
  announce(els.lvRequest.textContent);
}

/** Locale changed: the choices and both answers again from the package. */
export function refresh() {
  if (!els) return;
  labels();
  renderWhitelist();
  renderLevel();
}

/** Forget what was chosen (kiosk timeout). */
export function clear() {
  if (!els) return;
  for (const f of [els.wl.querySelector("form"), els.lv.querySelector("form")]) f.reset();
  els.wl.open = false;
  els.lv.open = false;
  labels();
  renderWhitelist();
  renderLevel();
}
