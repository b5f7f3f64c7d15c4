// The elderly fraud warning on the "Can I pay this?" form (issue 16 §2.4): two optional facts — the
// holder's birth date and whether the payee is new — and, when `checkTransaction` answers with a
// `fraudWarning`, a card above the verdict with the plain checks, the 96110 line and the
// next-day-arrival suggestion. It never hides the verdict; the decision is the package's.
import { ctx, h, markField } from "../ui.js";

/** The fold with the two facts; open by default in elderly mode. */
export function fields() {
  const birth = h("input", { type: "date", id: "tier-birth", name: "birthDate", autocomplete: "off", "aria-describedby": "tier-birth-findings" });
  const birthFindings = h("ul", { class: "findings", id: "tier-birth-findings" });
  const payee = h("select", { id: "tier-payee", name: "payee" });
  const since = h("input", { type: "date", id: "tier-payee-since", name: "payeeSince" });
  const sinceRow = h("div", { class: "field", id: "tier-payee-since-row", hidden: true },
    h("label", { for: "tier-payee-since", i18n: "ui.elder.payeeSince" }), since);
  payee.addEventListener("change", () => (sinceRow.hidden = payee.value !== "known"));
  const fold = h("details", { class: "tier-more", id: "tier-elder-facts" },
    h("summary", { i18n: "ui.elder.facts" }),
    h("p", { class: "hint", i18n: "ui.elder.factsHint" }),
    h("div", { class: "field" }, h("label", { for: "tier-birth", i18n: "ui.elder.birthDate" }), birth, birthFindings),
    h("div", { class: "field" }, h("label", { for: "tier-payee", i18n: "ui.elder.payee" }), payee),
    sinceRow);
  // Called on a language or mode change: elderly mode opens the fold (never closes it on anyone).
  const relabel = () => {
    if (document.body.classList.contains("elderly")) fold.open = true;
    const keep = payee.value;
    payee.replaceChildren(...["", "new", "known"].map((v) => h("option", { value: v, text: ctx.t(`ui.elder.payee.${v || "unset"}`) })));
    payee.value = keep;
  };
  relabel();
  return {
    row: fold,
    relabel,
    /** `account.holder` and `transaction.payee` for the check (absent when not given). */
    /** A refused birth date (after today) said at its field; true when `e` was about it. */
    showError(e) {
      const about = String(e?.path ?? "").startsWith("account.holder");
      markField(birth, birthFindings, about ? [{ code: e.code, severity: "error", field: "birthDate", message: ctx.t("ui.elder.birthFuture") }] : []);
      if (about) birth.focus();
      return about;
    },
    read() {
      markField(birth, birthFindings, []);
      const out = {};
      if (birth.value) out.holder = { birthDate: birth.value };
      if (payee.value === "new") out.payee = { knownSince: null };
      if (payee.value === "known") out.payee = since.value ? { knownSince: since.value } : {};
      return out;
    },
    clear() {
      birth.value = "";
      payee.value = "";
      since.value = "";
      sinceRow.hidden = true;
      fold.open = document.body.classList.contains("elderly");
    },
  };
}

/** The warning card (emptied and hidden when the answer has none). */
export function renderWarning(card, res) {
  const w = res.fraudWarning;
  card.hidden = !w;
  if (!w) {
    card.replaceChildren();
    return;
  }
  const t = (c, p) => ctx.t(c, p);
  card.replaceChildren(
    h("h4", { text: t("ui.elder.title") }),
    h("ul", { class: "elder-checks" }, ...w.checks.map((c) => h("li", { text: c }))),
    h("p", { class: "elder-cooling", text: w.coolingOff.text }),
    h("p", {}, t("ui.elder.hotline"), " ", h("a", { href: `tel:${w.hotline}`, id: "tier-elder-hotline", text: w.hotline })));
}
