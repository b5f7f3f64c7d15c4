// "My account tier": the Class I/II/III comparison table and a "can I pay this?" form that shows
// the answer, the findings, what would allow it and the remaining quota as bars. Every rule, text
// and amount display comes from the package; JS only converts typed yuan to integer fen.
import { ctx, h, field, renderFindings, announce, announceFindings, describeBy } from "../ui.js";

export const id = "tiers";
export const titleCode = "ui.tiers.title";

let els;
let lastInput = null;

/**
 * Typed yuan → integer fen by exact string parsing (no floating point): "1,234.5" → 123450.
 * Returns null for anything that is not a plain amount with at most two decimals.
 */
export function yuanToFen(text) {
  const s = String(text).trim().replace(/[,，\s¥￥]/g, "");
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? "").padEnd(2, "0"));
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null;
}

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
  options(els.direction, [["outbound", t("ui.tiers.dir.outbound")], ["inbound", t("ui.tiers.dir.inbound")]], true);
  options(els.counterparty, [["non_bound", t("ui.tiers.cp.non_bound")], ["bound", t("ui.tiers.cp.bound")]], true);
  options(els.kind, list.kinds.filter((k) => k.directions.includes(els.direction.value)).map((k) => [k.id, k.name]), true);
  options(els.channel, list.channels.map((c) => [c.id, c.name]), true);
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
  const rows = cmp.rows.filter((r) => !PROSE_ROWS.includes(r.id)).map((r) =>
    h("tr", { "data-row": r.id, class: r.amountsFen ? "limit" : null },
      h("th", { scope: "row", text: r.label }),
      ...r.cells.map((c) => h("td", { text: c }))));
  els.compare.replaceChildren(
    h("caption", { i18n: "ui.tiers.compareCaption" }),
    h("thead", {}, head),
    h("tbody", {}, ...rows),
  );
}

export function mount(section) {
  const tier = field("tier-tier", "ui.tiers.tier", h("select", { name: "tier" }));
  const f2f = h("input", { type: "checkbox", id: "tier-f2f", name: "f2f", class: "check" });
  const level = field("tier-level", "ui.tiers.bankLevel", h("select", { name: "bankLevel" }));
  const balance = field("tier-balance", "ui.tiers.balance", h("input", { name: "balance", inputmode: "decimal", autocomplete: "off", value: "50000", maxlength: "20" }));
  const used = field("tier-used", "ui.tiers.usedToday", h("input", { name: "used", inputmode: "decimal", autocomplete: "off", value: "0", maxlength: "20" }));
  const amount = field("tier-amount", "ui.tiers.amount", h("input", { name: "amount", inputmode: "decimal", autocomplete: "off", maxlength: "20" }));
  const direction = field("tier-direction", "ui.tiers.direction", h("select", { name: "direction" }));
  const counterparty = field("tier-counterparty", "ui.tiers.counterparty", h("select", { name: "counterparty" }));
  const kind = field("tier-kind", "ui.tiers.kind", h("select", { name: "kind" }));
  const channel = field("tier-channel", "ui.tiers.channel", h("select", { name: "channel" }));
  const compare = h("table", { id: "tier-compare", class: "compare" });
  const details = h("div", { id: "tier-details", class: "tier-details" });
  const verdict = h("p", { id: "tier-verdict", class: "verdict" });
  const findings = h("ul", { id: "tier-findings", class: "findings" });
  const quota = h("div", { id: "tier-quota", class: "quota" });
  const upgrades = h("ul", { id: "tier-options", class: "upgrades" });
  const result = h("div", { id: "tier-result", class: "result", hidden: true, "aria-live": "polite" },
    verdict, findings,
    h("h4", { i18n: "ui.tiers.quota" }), quota,
    h("h4", { i18n: "ui.tiers.options", id: "tier-options-title" }), upgrades);
  const form = h("form", { id: "tier-form", novalidate: true, onsubmit: check },
    tier.row,
    h("div", { class: "field checkbox" }, f2f, h("label", { for: "tier-f2f", i18n: "ui.tiers.f2f" })),
    level.row, balance.row, direction.row, counterparty.row, kind.row, channel.row, used.row, amount.row,
    h("button", { type: "submit", id: "tier-check", i18n: "ui.tiers.submit" }));
  section.append(
    h("h2", { i18n: titleCode }),
    h("h3", { i18n: "ui.tiers.compare" }),
    h("div", { class: "table-wrap" }, compare),
    details,
    h("h3", { i18n: "ui.tiers.check" }),
    form, result);
  els = {
    tier: tier.control, f2f, level: level.control, balance: balance.control, used: used.control,
    amount: amount.control, amountFindings: amount.findings, direction: direction.control,
    counterparty: counterparty.control, kind: kind.control, channel: channel.control,
    compare, details, verdict, findings, quota, upgrades, result,
  };
  els.tier.addEventListener("change", () => (els.tier.dataset.touched = "1"));
  els.direction.addEventListener("change", fillChoices);
  fillChoices();
  renderComparison();
}

function check(event) {
  event?.preventDefault();
  const amountFen = yuanToFen(els.amount.value);
  const balanceFen = yuanToFen(els.balance.value);
  const usedFen = yuanToFen(els.used.value || "0");
  const bad = [[els.amount, amountFen], [els.balance, balanceFen], [els.used, usedFen]].filter(([, v]) => v === null);
  for (const el of [els.amount, els.balance, els.used]) el.removeAttribute("aria-invalid");
  if (bad.length) {
    for (const [el] of bad) el.setAttribute("aria-invalid", "true");
    els.amountFindings.replaceChildren(h("li", { class: "error", "data-code": "ui.tiers.amountInvalid" }, ctx.t("ui.tiers.amountInvalid")));
    els.result.hidden = true;
    announce(ctx.t("ui.tiers.amountInvalid"));
    return;
  }
  els.amountFindings.replaceChildren();
  const now = ctx.desk.info().now;
  const tx = {
    direction: els.direction.value, kind: els.kind.value, counterparty: els.counterparty.value,
    channel: els.channel.value, amountFen,
  };
  const account = { tier: els.tier.value, balanceFen, faceToFaceVerified: els.f2f.checked };
  if (els.level.value) account.bankLevel = els.level.value;
  // "Already used today" stands for the account's history in this demo form.
  const history = usedFen > 0 ? [{ ...tx, at: now, amountFen: usedFen }] : [];
  lastInput = { account, history, transaction: { ...tx, at: now } };
  render(ctx.desk.checkTransaction(lastInput));
}

function render(res) {
  const t = (c) => ctx.t(c);
  els.result.hidden = false;
  els.verdict.textContent = t(res.allowed ? "ui.tiers.allowed" : "ui.tiers.blocked");
  els.verdict.className = `verdict ${res.allowed ? "ok" : "bad"}`;
  renderFindings(els.findings, res.findings);
  // The findings explain the amount: tie them to it (on top of its own input findings).
  describeBy(els.amount, res.findings.length ? [els.findings.id] : []);
  els.quota.replaceChildren(
    ...(res.limits.length
      ? res.limits.map((l) =>
          h("div", { class: `bar${l.exceeded ? " over" : ""}${res.blockingLimit?.id === l.id ? " blocking" : ""}`, "data-limit": l.id },
            h("span", { class: "bar-label", text: `${l.name} · ${l.display}` }),
            // Allowed: the bar and the text show the quota as it stands after this payment (as the
            // allowed finding does); blocked: as it stands now.
            h("meter", { min: "0", max: String(l.limitFen), value: String(res.allowed ? l.limitFen - l.remainingAfterFen : Math.min(l.usedFen, l.limitFen)), low: String(Math.floor(l.limitFen * 0.7)), high: String(Math.floor(l.limitFen * 0.9)), optimum: "0", "aria-label": l.name }),
            h("span", { class: "bar-left", text: res.allowed ? `${t("ui.tiers.leftAfter")} ${l.remainingAfterDisplay}` : `${t("ui.tiers.left")} ${l.remainingDisplay}` }),
            l.resetsAt ? h("span", { class: "bar-reset", text: `${t("ui.tiers.resets")} ${l.resetsAt.slice(0, 16).replace("T", " ")} (UTC+8)` }) : null))
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
}

/** Locale changed: relabel choices and table, re-run the last check. */
export function refresh() {
  if (!els) return;
  fillChoices();
  renderComparison();
  if (lastInput) render(ctx.desk.checkTransaction(lastInput));
}

/** Forget everything typed (kiosk timeout, finish). */
export function clear() {
  lastInput = null;
  if (!els) return;
  els.amount.value = "";
  els.balance.value = "50000";
  els.used.value = "0";
  els.f2f.checked = false;
  els.result.hidden = true;
  els.findings.replaceChildren();
  els.quota.replaceChildren();
  els.upgrades.replaceChildren();
  els.amountFindings.replaceChildren();
  describeBy(els.amount, []);
}
