// Small DOM helpers shared by the screens. No domain logic: texts come from the package's catalog.

/** The shell's context: the desk, the current catalog texts and helpers. Set by app.js. */
export const ctx = {
  desk: null,
  texts: {},
  /** Catalog text (`ui.*` codes) in the current locale, or the code itself; `{name}` placeholders
   * are filled from `params` (presentation only). */
  t(code, params) {
    const text = this.texts[code] ?? code;
    return params ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text;
  },
  /** Set by the shell: offer elderly mode (called by screens when an applicant is elderly). */
  suggestElderly() {},
  /** Set by the shell: true in kiosk mode (shared device: nothing is kept). */
  kiosk: false,
  /** Set by app.js: the folder of the package this page loaded (`./pkg/` or `./pkg/flows/<flow>/`). */
  pkgDir: "./pkg/",
};

/** Keys of drafts the customer chose to keep on this device; the shell clears them on timeout. */
export const DRAFT_PREFIX = "frontdesk.draft.";
/** The customer's language choice (not kept on a kiosk). */
export const LOCALE_KEY = "frontdesk.locale";

/** `?now=` pins "now" for demos and tests; otherwise the device clock. */
const PINNED_NOW = new URLSearchParams(location.search).get("now");

/** "now" for the desk (RFC 3339 with offset): the pinned `?now=` or the device clock. */
export function nowIso() {
  return PINNED_NOW || new Date().toISOString();
}

/** `h("div", { class: "x", id: "y", onclick: fn }, child, "text")` */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k === "i18n") {
      el.dataset.i18n = v;
      el.textContent = ctx.t(v);
    } else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Re-render every `[data-i18n]` text under `root`. */
export function applyTexts(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = ctx.t(el.dataset.i18n);
}

/** One question at a time through a questionnaire session, as the dormant screen and the agent
 * view's side panel run one. `getRun()` gives the run `{ session, index, shown }` (replaced when a
 * new run starts), `panel()` the element the question is drawn in, `prefix` its ids' prefix
 * (`<prefix>-q-text`, `<prefix>-q-findings`), `draw(options)` redraws it. Whether a question is
 * answered, and what is missing, is the package's answer (its `next` refuses and explains). */
export function questionStepper(getRun, panel, prefix, draw) {
  /** A typed answer counts before moving on (text inputs answer on change). */
  const flush = () => {
    const run = getRun();
    const el = panel().querySelector("input:not([type=radio]):not([type=checkbox]), textarea");
    const qid = panel().querySelector(`#${prefix}-q-text`)?.dataset.q;
    if (el && qid) run.session.answer(qid, el.value.trim() === "" ? null : el.value);
  };
  const next = () => {
    flush();
    const run = getRun();
    const view = run.session.view();
    const q = view.questions[run.index];
    const done = q && !q.findings.some((f) => f.severity === "error") && (q.value !== null || !q.required);
    if (!done) {
      const before = view.page.number;
      const after = run.session.next();
      if (after.page.number === before) {
        run.shown = true;
        draw();
        panel().querySelector(`#${prefix}-q-text`)?.nextElementSibling?.querySelector("input, textarea")?.focus();
        announce(panel().querySelector(`#${prefix}-q-findings`)?.textContent ?? "");
        return;
      }
      run.index = 0;
    } else if (run.index < view.questions.length - 1) run.index += 1;
    else {
      run.session.next();
      run.index = 0;
    }
    run.shown = false;
    draw({ focus: true });
  };
  const back = () => {
    const run = getRun();
    if (run.index > 0) run.index -= 1;
    else {
      run.session.back();
      run.index = Number.MAX_SAFE_INTEGER;
    }
    run.shown = false;
    draw({ focus: true });
  };
  return { flush, next, back };
}

/** Announce a short text through the page's aria-live region. */
export function announce(text) {
  const region = document.getElementById("announce");
  region.textContent = "";
  requestAnimationFrame(() => (region.textContent = text));
}

/** Announce a verdict with the first error (or warning) behind it: findings reach screen readers
 * through the aria-live region, not only through the list next to the field. */
export function announceFindings(lead, findings = []) {
  const first = findings.find((f) => f.severity === "error") ?? findings.find((f) => f.severity === "warning");
  announce(first ? `${lead} ${first.message}` : lead);
}

/** Tie `control` to extra description ids (findings) on top of the ids it was built with (hints). */
export function describeBy(control, ids) {
  if (!("describedbyBase" in control.dataset)) control.dataset.describedbyBase = control.getAttribute("aria-describedby") ?? "";
  const all = [control.dataset.describedbyBase, ...ids].join(" ").trim();
  if (all) control.setAttribute("aria-describedby", all);
  else control.removeAttribute("aria-describedby");
}

/** Render findings into `list` (an element with an id, referenced by the field's aria-describedby). */
export function renderFindings(list, findings) {
  list.replaceChildren(
    ...findings.map((f) =>
      h("li", { class: f.severity, "data-code": f.code, "data-field": f.field ?? "" },
        h("span", { class: "sev", text: ctx.t(`ui.severity.${f.severity}`) }),
        f.message),
    ),
  );
}

/** A labelled input row: label + control + findings list tied by aria-describedby. */
export function field(id, labelCode, control) {
  control.id = id;
  const findings = h("ul", { class: "findings", id: `${id}-findings` });
  control.setAttribute("aria-describedby", findings.id);
  return { row: h("div", { class: "field" }, h("label", { for: id, i18n: labelCode }), control, findings), control, findings };
}

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * Draw a `desk.qrCode(text, { ecc })` result into `parent` (its children are replaced): an <svg
 * class="qr"> with the quiet zone as a <rect class="qr-light"> and every dark module in one
 * <path class="qr-dark" d="…svgPath">. Colours come from style.css (no inline style), so the
 * host's stylesheet decides them; keep dark on light for scanners. Returns the <svg>.
 */
export function renderQr(parent, qr, { labelCode } = {}) {
  const [x, y, w, hgt] = qr.viewBox.split(" ");
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", qr.viewBox);
  svg.setAttribute("class", "qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.setAttribute("data-version", String(qr.version));
  if (labelCode) svg.setAttribute("aria-label", ctx.t(labelCode));
  const light = document.createElementNS(SVG_NS, "rect");
  for (const [k, v] of Object.entries({ x, y, width: w, height: hgt, class: "qr-light" })) light.setAttribute(k, v);
  const dark = document.createElementNS(SVG_NS, "path");
  dark.setAttribute("class", "qr-dark");
  dark.setAttribute("d", qr.svgPath);
  svg.append(light, dark);
  parent.replaceChildren(svg);
  return svg;
}

const RANK = { info: 1, warning: 2, error: 3 };

/** The worst severity among `findings`: "error", "warning", "info", or "ok" when there are none. */
export function worst(findings = []) {
  let w = "ok";
  for (const f of findings) if ((RANK[f.severity] ?? 0) > (RANK[w] ?? 0)) w = f.severity;
  return w;
}

/** Set a verdict: its text, its look and `data-severity` all follow `severity` (the worst finding
 * behind it), so a verdict is never green beside an error. */
export function setVerdict(el, severity, text) {
  el.textContent = text;
  el.className = `verdict ${severity === "error" ? "bad" : severity === "warning" ? "warn" : "ok"}`;
  el.dataset.severity = severity;
}

/** Show `findings` at their field: the list under it (tied by aria-describedby, see `field`) and
 * the field marked invalid (aria-invalid, red border) when one of them is an error. */
export function markField(control, list, findings) {
  renderFindings(list, findings);
  if (!control) return;
  const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
  if (findings.length && !ids.includes(list.id)) describeBy(control, [list.id]);
  if (findings.some((f) => f.severity === "error")) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/** Scroll the first visible invalid control under `root` into view and focus it; false if none. */
export function focusFirstInvalid(root) {
  const el = [...root.querySelectorAll("[aria-invalid=true]")].find((e) => e.getClientRects().length > 0);
  if (!el) return false;
  el.scrollIntoView({ block: "center" });
  const target = el.matches("input, select, textarea, button, [tabindex]") ? el : el.querySelector("input, select, textarea");
  (target ?? el).focus({ preventScroll: true });
  return true;
}
