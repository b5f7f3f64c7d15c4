// "My account tier": the Class I/II/III comparison table and a "can I pay this?" form that shows
// the answer, the findings (each at its field), what would allow it and the remaining quota as
// bars. Every rule, text and amount comes from the package, typed amounts included
// (`desk.parseAmount`: `1,234.50`, `1234.5元`, `1.5万`, full-width digits); JS only renders.
import { ctx, h, field, renderFindings, announce, announceFindings, describeBy, markField, setVerdict, worst, focusFirstInvalid } from "../ui.js";
import * as elderly from "./tiers-elderly.js";
import * as panels from "./tiers-panels.js";

export const id = "tiers";
export const titleCode = "ui.tiers.title";

let els;
let lastInput = null;

function options(select, items, keep) {
  const old = keep ? select.value : null;
  select.replaceChildren(...items.map(([value, text]) => h("option", { value, text })));
  if (old !== null && items.some(([v]) => v === old)) select.value = old;
}

function fillChoices() {
  const list = ctx.desk.listTiers();
  const t = (c) => ctx.t(c);
  options(els.tier, list.tiers.map((x) => [x.id, x.name]), true);
  if (!lastInput && !els.tier.dataset.touched) els.tier.value = "personal_class_2";
  options(els.level, [["", t("ui.tiers.noBankLevel")], ...list.bankLevels.map((l) => [l.id, l.name])], true);
  // Levels a pack marks as examples (the default pack's) are said to be examples, once, in words.
  els.levelHint.hidden = !list.bankLevels.some((l) => l.bankExample);
  options(els.direction, [["outbound", t("ui.tiers.dir.outbound")], ["inbound", t("ui.tiers.dir.inbound")]], true);
  options(els.counterparty, [["non_bound", t("ui.tiers.cp.non_bound")], ["bound", t("ui.tiers.cp.bound")]], true);
  options(els.kind, list.kinds.filter((k) => k.directions.includes(els.direction.value)).map((k) => [k.id, k.name]), true);
  const fresh = !els.channel.options.length;
  options(els.channel, list.channels.map((c) => [c.id, c.name]), true);
  // "Can I pay this now?" is asked about the app, an ATM or a card, not the counter: the first
  // non-counter channel is the default.
  if (fresh) els.channel.value = list.channels.find((c) => c.nonCounter)?.id ?? els.channel.value;
}

/** Rows of long prose go under the table as one expandable section per tier; short rows stay in it. */
const PROSE_ROWS = ["summary", "how_to_open", "how_to_upgrade"];

function renderComparison() {
  const cmp = ctx.desk.compareTiers([]);
  const head = h("tr", {}, h("th", { scope: "col", i18n: "ui.tiers.feature" }), ...cmp.columns.map((c) => h("th", { scope: "col", text: c.name })));
  const prose = cmp.rows.filter((r) => PROSE_ROWS.includes(r.id));
  els.details.replaceChildren(...cmp.columns.map((c, i) =>
    h("details", { "data-tier": c.id },
      h("summary", { text: c.name }),
      h("dl", { class: "fields" }, ...prose.flatMap((r) => [h("dt", { text: r.label }), h("dd", { text: r.cells[i] })])))));
  // On a phone the table stacks: each row a card, each cell labelled with its column (data-label).
  const rows = cmp.rows.filter((r) => !PROSE_ROWS.includes(r.id)).map((r) =>
    h("tr", { "data-row": r.id, class: r.amountsFen ? "limit" : null },
      h("th", { scope: "row", text: r.label }),
      ...r.cells.map((c, i) => h("td", { text: c, "data-label": cmp.columns[i].name }))));
  els.compare.replaceChildren(
    h("caption", { i18n: "ui.tiers.compareCaption" }),
    h("thead", {}, head),
    h("tbody", {}, ...rows),
  );
}

export function mount(section) {
  const tier = field("tier-tier", "ui.tiers.tier", h("select", { name: "tier" }));
  const f2f = h("input", { type: "checkbox", id: "tier-f2f", name: "f2f" });
  const level = field("tier-level", "ui.tiers.bankLevel", h("select", { name: "bankLevel" }));
  const money = (name, value) => h("input", { name, inputmode: "decimal", autocomplete: "off", value, maxlength: String(ctx.limits.numberMaxChars) });
  const balance = field("tier-balance", "ui.tiers.balance", money("balance", "50000"));
  const used = field("tier-used", "ui.tiers.usedToday", money("used", "0"));
  const amount = field("tier-amount", "ui.tiers.amount", money("amount"));
  const direction = field("tier-direction", "ui.tiers.direction", h("select", { name: "direction" }));
  const counterparty = field("tier-counterparty", "ui.tiers.counterparty", h("select", { name: "counterparty" }));
  const kind = field("tier-kind", "ui.tiers.kind", h("select", { name: "kind" }));
  const channel = field("tier-channel", "ui.tiers.channel", h("select", { name: "channel" }));
  const compare = h("table", { id: "tier-compare", class: "compare" });
  const details = h("div", { id: "tier-details", class: "tier-details" });
  const verdict = h("p", { id: "tier-verdict", class: "verdict", tabindex: "-1" });
  const findings = h("ul", { id: "tier-findings", class: "findings" });
  const elder = elderly.fields(); // issue 16: the elderly fraud warning's two facts
  const elderCard = h("section", { id: "tier-elder", class: "elder-warning", role: "alert", tabindex: "-1", hidden: true });
  const quota = h("div", { id: "tier-quota", class: "quota" });
  const upgrades = h("ul", { id: "tier-options", class: "upgrades" });
  const result = h("div", { id: "tier-result", class: "result", hidden: true },
    elderCard, verdict, findings,
    h("h4", { i18n: "ui.tiers.quota" }), quota,
    h("h4", { i18n: "ui.tiers.options", id: "tier-options-title" }), upgrades);
  // What most customers do not know (identity checked in person, the bank's own level) is folded.
  const more = h("details", { class: "tier-more", id: "tier-more" },
    h("summary", { i18n: "ui.tiers.more" }),
    h("div", { class: "field checkbox" }, f2f, h("label", { for: "tier-f2f", i18n: "ui.tiers.f2f" })),
    level.row);
  const levelHint = h("p", { class: "hint", id: "tier-level-hint", i18n: "ui.tiers.levelExamples" });
  level.control.after(levelHint);
  level.control.setAttribute("aria-describedby", `${levelHint.id} ${level.findings.id}`);
  const form = h("form", { id: "tier-form", novalidate: true, onsubmit: check },
    tier.row, balance.row, direction.row, counterparty.row, kind.row, channel.row, used.row, amount.row, elder.row, more,
    h("ul", { class: "findings", id: "tier-form-findings" }),
    h("button", { type: "submit", id: "tier-check", i18n: "ui.tiers.submit" }));
  section.append(
    h("h2", { i18n: titleCode }),
    h("h3", { i18n: "ui.tiers.compare" }),
    h("div", { class: "table-wrap" }, compare),
    details,
    h("h3", { i18n: "ui.tiers.check" }),
    form, result);
  panels.mount(section); // issue 16: whitelist and level panels (packages with lifecycle)
  els = {
    tier: tier.control, tierFindings: tier.findings, f2f, more, level: level.control, levelHint,
    balance: balance.control, balanceFindings: balance.findings, used: used.control, usedFindings: used.findings,
    amount: amount.control, amountFindings: amount.findings, direction: direction.control,
    counterparty: counterparty.control, kind: kind.control, channel: channel.control,
    compare, details, verdict, findings, quota, upgrades, result, form, formFindings: form.querySelector("#tier-form-findings"),
    elder, elderCard,
  };
  els.tier.addEventListener("change", () => (els.tier.dataset.touched = "1"));
  els.direction.addEventListener("change", fillChoices);
  fillChoices();
  renderComparison();
}

/** Where a finding of `checkTransaction` belongs on the form. */
function fieldFor(path) {
  if (!path) return null;
  if (path.startsWith("transaction.amountFen")) return [els.amount, els.amountFindings];
  if (path.startsWith("account.balanceFen")) return [els.balance, els.balanceFindings];
  if (path.startsWith("account.tier")) return [els.tier, els.tierFindings];
  if (path.startsWith("history")) return [els.used, els.usedFindings];
  return null;
}

const MONEY = () => [[els.amount, els.amountFindings], [els.balance, els.balanceFindings], [els.used, els.usedFindings]];

function clearMarks() {
  for (const [el, list] of [...MONEY(), [els.tier, els.tierFindings]]) {
    markField(el, list, []);
    describeBy(el, []);
  }
  els.formFindings.replaceChildren();
}

function check(event) {
  event?.preventDefault();
  clearMarks();
  // Each amount is read by the package; its problems show at its own field.
  const parsed = MONEY().map(([el, list]) => {
    const res = ctx.desk.parseAmount({ text: el === els.used && el.value.trim() === "" ? "0" : el.value });
    markField(el, list, res.findings);
    return res;
  });
  if (parsed.some((r) => !r.valid)) {
    els.result.hidden = true;
    lastInput = null;
    focusFirstInvalid(els.form);
    announce(parsed.find((r) => !r.valid).findings[0].message);
    return;
  }
  const [amountFen, balanceFen, usedFen] = parsed.map((r) => r.fen);
  const now = ctx.desk.info().now;
  const tx = {
    direction: els.direction.value, kind: els.kind.value, counterparty: els.counterparty.value,
    channel: els.channel.value, amountFen,
  };
  const account = { tier: els.tier.value, balanceFen, faceToFaceVerified: els.f2f.checked };
  if (els.level.value) account.bankLevel = els.level.value;
  // "Already used today" stands for the account's history in this demo form.
  const history = usedFen > 0 ? [{ ...tx, at: now, amountFen: usedFen }] : [];
  const { holder, payee } = els.elder.read();
  if (holder) account.holder = holder;
  lastInput = { account, history, transaction: { ...tx, at: now, ...(payee ? { payee } : {}) } };
  let res;
  try {
    res = ctx.desk.checkTransaction(lastInput);
  } catch (e) {
    if (!els.elder.showError(e)) throw e;
    lastInput = null;
    els.result.hidden = true;
    return;
  }
  render(res, { focus: true });
}

function render(res, { focus = false } = {}) {
  const t = (c) => ctx.t(c);
  clearMarks();
  els.result.hidden = false;
  const severity = worst(res.findings);
  setVerdict(els.verdict, res.allowed && severity !== "error" ? severity : "error", t(res.allowed && severity !== "error" ? "ui.tiers.allowed" : "ui.tiers.blocked"));
  // The reasons read under the verdict; each one about a field is also tied to that field (its
  // description, and a red border for an error), so the amount says why it is too much.
  renderFindings(els.findings, res.findings);
  elderly.renderWarning(els.elderCard, res);
  const tied = new Map();
  for (const [i, li] of [...els.findings.children].entries()) {
    li.id = `tier-finding-${i}`;
    const target = fieldFor(li.dataset.field);
    if (target) tied.set(target[0], [...(tied.get(target[0]) ?? []), li]);
  }
  for (const [el, lis] of tied) {
    describeBy(el, lis.map((li) => li.id));
    if (lis.some((li) => li.classList.contains("error"))) el.setAttribute("aria-invalid", "true");
  }
  els.quota.replaceChildren(
    ...(res.limits.length
      ? res.limits.map((l) =>
          h("div", { class: `bar${l.exceeded ? " over" : ""}${res.blockingLimit?.id === l.id ? " blocking" : ""}`, "data-limit": l.id },
            h("span", { class: "bar-label", text: `${l.name} · ${l.display}` }),
            // Allowed: the bar and the text show the quota as it stands after this payment (as the
            // allowed finding does); blocked: as it stands now.
            h("meter", { min: "0", max: String(l.limitFen), value: String(res.allowed ? l.limitFen - l.remainingAfterFen : Math.min(l.usedFen, l.limitFen)), low: String(Math.floor(l.limitFen * 0.7)), high: String(Math.floor(l.limitFen * 0.9)), optimum: "0", "aria-label": l.name }),
            h("span", { class: "bar-left", text: res.allowed ? `${t("ui.tiers.leftAfter")} ${l.remainingAfterDisplay}` : `${t("ui.tiers.left")} ${l.remainingDisplay}` }),
            l.resetsAt ? h("span", { class: "bar-reset", text: `${t("ui.tiers.resets")} ${l.resetsAt.slice(0, 16).replace("T", " ")}` }) : null))
      : [h("p", { class: "muted", i18n: "ui.tiers.noLimits" })]),
  );
  const opts = res.upgradeOptions;
  document.getElementById("tier-options-title").hidden = opts.length === 0;
  els.upgrades.replaceChildren(...opts.map((o) =>
    h("li", { "data-option": o.id },
      h("strong", { text: o.title }),
      o.description ? h("p", { text: o.description }) : null,
      o.steps.length ? h("ol", {}, ...o.steps.map((s) => h("li", { text: s }))) : null)));
  announceFindings(els.verdict.textContent, res.findings);
  if (!focus) return;
  els.verdict.scrollIntoView({ block: "start" });
  els.verdict.focus({ preventScroll: true });
}

/** Locale changed: relabel choices and table, re-run the last check. */
export function refresh() {
  if (!els) return;
  fillChoices();
  renderComparison();
  els.elder.relabel();
  if (lastInput) render(ctx.desk.checkTransaction(lastInput));
  panels.refresh();
}

/** Forget everything typed (kiosk timeout, finish). */
export function clear() {
  lastInput = null;
  if (!els) return;
  els.amount.value = "";
  els.balance.value = "50000";
  els.used.value = "0";
  els.f2f.checked = false;
  els.more.open = false;
  els.elder.clear();
  elderly.renderWarning(els.elderCard, {});
  els.result.hidden = true;
  els.findings.replaceChildren();
  els.quota.replaceChildren();
  els.upgrades.replaceChildren();
  clearMarks();
  panels.clear();
}
