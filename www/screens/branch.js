// The branch side of the pre-check ticket (issue 17), for staff at the counter: one input that
// keeps the focus, so a handheld scanner in keyboard-wedge mode (characters a few ms apart, then
// Enter) or a person typing the code both land in it; the camera where the browser has
// BarcodeDetector. Everything shown is desk.readTicket()'s answer: whether the checksum matches,
// the ticket's age, its pack version, the checklist and masked numbers, what staff must still check
// (rule-pack data) and findings for a changed, expired or foreign ticket. No rule lives here.
import { ctx, h, announce, announceFindings, markField, setVerdict, worst } from "../ui.js";

export const id = "branch";
export const titleCode = "ui.branch.title";

let els;
/** The last readTicket() answer (re-rendered when the language changes), or null. */
let last = null;
let camera = null; // { stream, timer }

const t = (c, p) => ctx.t(c, p);

export function mount(section) {
  const code = h("input", {
    id: "br-code",
    name: "br-code",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    enterkeyhint: "go",
    class: "br-code",
    // Scanners send the code as fast keystrokes: never let the browser suggest or correct.
    "aria-describedby": "br-code-hint br-code-findings",
  });
  // The findings about the code sit under the verdict, tied to the field (aria-describedby).
  const list = h("ul", { class: "findings", id: "br-code-findings" });
  const noCamera = h("p", { id: "br-no-camera", class: "hint", i18n: "ui.branch.noCamera" });
  const cameraButton = h("button", { type: "button", id: "br-camera", class: "secondary", i18n: "ui.branch.camera", hidden: true, onclick: startCamera });
  const form = h("form", { id: "br-form", novalidate: true, onsubmit: onRead },
    h("div", { class: "field" },
      h("label", { for: "br-code", i18n: "ui.branch.code" }),
      code,
      h("p", { id: "br-code-hint", class: "hint", i18n: "ui.branch.codeHint" }),
      noCamera),
    h("div", { class: "br-buttons" },
      h("button", { type: "submit", id: "br-read", i18n: "ui.branch.read" }),
      cameraButton,
      h("button", { type: "button", id: "br-clear", class: "secondary", i18n: "ui.branch.clear", onclick: () => { clear(); announce(t("ui.branch.cleared")); els.code.focus(); } })));
  const video = h("video", { id: "br-video", muted: true, playsinline: true, "aria-hidden": "true" });
  const cameraBox = h("div", { id: "br-camera-box", class: "br-camera", hidden: true },
    h("p", { id: "br-camera-status", class: "hint", role: "status", i18n: "ui.branch.cameraLooking" }),
    video,
    h("button", { type: "button", id: "br-camera-stop", class: "secondary", i18n: "ui.branch.cameraStop", onclick: () => { stopCamera(); els.code.focus(); } }));

  const verdict = h("p", { id: "br-verdict", class: "verdict", role: "status", hidden: true });
  const summary = h("dl", { id: "br-summary", class: "fields br-summary" });
  const ids = h("dl", { id: "br-ids", class: "fields br-ids" });
  const checklist = h("table", { id: "br-checklist", class: "pc-checklist br-checklist" });
  const staff = h("ol", { id: "br-staff", class: "br-staff" });
  const codeShown = h("code", { id: "br-ticket-code", class: "pc-code" });
  const details = h("div", { id: "br-details" },
    h("h3", { i18n: "ui.branch.summary" }), summary,
    h("h3", { i18n: "ui.branch.staffChecks" }), staff,
    h("h3", { i18n: "ui.branch.identifiers" }), ids,
    h("h3", { i18n: "ui.branch.checklist" }), checklist,
    h("details", { class: "staff" }, h("summary", { i18n: "ui.branch.code.details" }), codeShown));
  const result = h("div", { id: "br-result", class: "result br-result", hidden: true }, details);

  section.classList.add("branch");
  section.append(h("h2", { i18n: titleCode }), h("p", { class: "hint", i18n: "ui.branch.intro" }), form, cameraBox, verdict, list, result);
  els = { code, list, form, cameraButton, noCamera, cameraBox, video, verdict, summary, ids, checklist, staff, codeShown, details, result, section };

  // The camera only where the browser can read QR codes itself (feature detection; no fallback
  // library): elsewhere the button stays hidden and a note says to use the scanner.
  const canScan = "BarcodeDetector" in window && !!navigator.mediaDevices?.getUserMedia;
  cameraButton.hidden = !canScan;
  noCamera.hidden = canScan;

  // A counter PC: whatever had the focus, a scanner's characters go into the code field. Printable
  // keys typed outside any field move the focus there first (the key then lands in it).
  document.addEventListener("keydown", (e) => {
    if (section.hidden || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (e.key.length !== 1 || e.key === " ") return;
    const a = document.activeElement;
    if (a && a.matches("input, textarea, select, [contenteditable]")) return;
    if (document.getElementById("idle-dialog")?.hidden === false) return;
    els.code.focus();
  }, { capture: true });
  // Arriving on the screen (link, deep link, back button): ready for the first scan.
  window.addEventListener("hashchange", focusSoon);
  focusSoon();
}

function focusSoon() {
  requestAnimationFrame(() => {
    if (!els.section.hidden && !document.getElementById("idle-dialog")?.contains(document.activeElement)) els.code.focus({ preventScroll: true });
  });
}

function onRead(event) {
  event.preventDefault();
  read(els.code.value);
}

/** Read `text` (a scan, a typed code or the camera's reading) and show the desk's answer. */
function read(text) {
  let res;
  try {
    res = ctx.desk.readTicket(text);
  } catch (e) {
    console.warn("readTicket:", e?.code);
    return;
  }
  if (text.trim() === "") {
    // Nothing scanned yet: the message at the field, no verdict.
    last = null;
    els.result.hidden = true;
    els.verdict.hidden = true;
    markField(els.code, els.list, res.findings);
    els.code.focus();
    announceFindings("", res.findings);
    return;
  }
  last = { res, text };
  render();
  // Ready for the next scan: the code stays (a typed one can be corrected) but is selected, so
  // the next scan replaces it.
  els.code.focus({ preventScroll: true });
  els.code.select();
  announceFindings(els.verdict.textContent, res.findings);
}

const ROLE = { document: "ui.branch.role.document", name: "ui.branch.role.name", mobile: "ui.branch.role.mobile", guardian: "ui.branch.role.guardian" };

function ageText(days) {
  if (days < 0) return t("ui.branch.age.future");
  if (days === 0) return t("ui.branch.age.today");
  if (days === 1) return t("ui.branch.age.one");
  return t("ui.branch.age.days", { days });
}

/** `2026-11-23T10:00:00+08:00` → `2026-11-23 10:00` (the desk gives it in +08:00). */
const when = (rfc3339) => rfc3339.replace("T", " ").slice(0, 16);

function pair(labelCode, value, id) {
  return [h("dt", { i18n: labelCode }), h("dd", { id, text: value })];
}

function render() {
  const { res, text } = last;
  markField(els.code, els.list, res.findings);
  const severity = worst(res.findings);
  const headline = severity === "error" ? "ui.branch.verdict.error" : severity === "warning" ? "ui.branch.verdict.warning" : "ui.branch.verdict.ok";
  setVerdict(els.verdict, severity, t(headline));
  els.verdict.hidden = false;
  const v = res.ticket;
  // Nothing from a ticket that does not verify: no checklist, no numbers.
  els.result.hidden = !v;
  if (!v) {
    for (const el of [els.summary, els.ids, els.checklist, els.staff]) el.replaceChildren();
    els.codeShown.textContent = "";
    return;
  }
  const info = ctx.desk.info();
  const business = ctx.desk.precheckForm().applicants.find((a) => a.kind === v.applicantKind)?.business;
  els.summary.replaceChildren(
    ...pair("ui.branch.reference", v.reference, "br-reference"),
    ...pair("ui.branch.checksum", t("ui.branch.checksumOk", { checksum: v.checksum }), "br-checksum"),
    ...pair("ui.branch.made", when(v.now), "br-made"),
    ...pair("ui.branch.age", ageText(v.ageDays), "br-age"),
    ...pair("ui.branch.pack", v.rulePackVersion === info.rulePackVersion
      ? t("ui.branch.packSame", { version: v.rulePackVersion })
      : t("ui.branch.packOther", { version: v.rulePackVersion, current: info.rulePackVersion }), "br-pack"),
    ...pair("ui.branch.applicant", t(`ui.precheck.applicant.${v.applicantKind}`), "br-applicant"),
    ...pair("ui.branch.account", t(`ui.precheck.account.${v.account}`), "br-account"),
    ...pair("ui.branch.purpose", v.purpose ? t(`ui.precheck.purpose.${v.purpose}`) : t("ui.branch.none"), "br-purpose"),
    ...pair("ui.branch.readiness", t(v.ready ? "ui.branch.ready.yes" : "ui.branch.ready.no"), "br-ready"),
  );
  els.summary.querySelector("#br-ready").className = v.ready ? "st ok" : "st missing";
  els.ids.replaceChildren(...v.identifiers.flatMap((i) => [
    h("dt", { i18n: i.role === "document" && business ? "ui.branch.role.uscc" : ROLE[i.role] }),
    h("dd", { class: "masked", "data-role": i.role, text: i.masked }),
  ]));
  els.staff.replaceChildren(...(v.staffChecks.length
    ? v.staffChecks.map((c) => h("li", { "data-check": c.id, text: c.text }))
    : [h("li", { class: "none", i18n: "ui.branch.staffChecksNone" })]));
  els.checklist.replaceChildren(
    h("thead", {}, h("tr", {}, ...["item", "need", "status"].map((c) => h("th", { scope: "col", i18n: `ui.precheck.col.${c}` })))),
    h("tbody", {}, ...v.checklist.map((item) => h("tr", { "data-id": item.id, "data-status": item.status },
      h("th", { scope: "row" }, item.label),
      h("td", {}, t(`ui.precheck.need.${item.need}`)),
      h("td", { class: `st ${item.status}`, "data-status": item.status }, t(`ui.precheck.status.${item.status}`))))),
  );
  els.codeShown.textContent = text.trim();
}

// ---- the camera (only where BarcodeDetector exists) ----

async function startCamera() {
  if (camera) return;
  els.cameraBox.hidden = false;
  const status = document.getElementById("br-camera-status");
  status.dataset.i18n = "ui.branch.cameraLooking";
  status.textContent = t(status.dataset.i18n);
  try {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    camera = { stream, timer: null };
    els.video.srcObject = stream;
    await els.video.play();
    const look = async () => {
      if (!camera) return;
      try {
        const found = await detector.detect(els.video);
        if (found.length && camera) {
          const value = found[0].rawValue;
          stopCamera();
          els.code.value = value;
          read(value);
          return;
        }
      } catch {
        /* a frame that could not be read: try the next one */
      }
      camera.timer = setTimeout(look, 200);
    };
    look();
  } catch (e) {
    console.warn("camera:", e?.name);
    stopCamera({ keepBox: true });
    status.dataset.i18n = "ui.branch.cameraError";
    status.textContent = t(status.dataset.i18n);
  }
}

function stopCamera({ keepBox = false } = {}) {
  if (camera) {
    clearTimeout(camera.timer);
    for (const track of camera.stream.getTracks()) track.stop();
    camera = null;
  }
  if (els) {
    els.video.srcObject = null;
    els.cameraBox.hidden = !keepBox;
  }
}

/** Language or mode changed: the desk's texts follow (the ticket is read again in the new locale). */
export function refresh() {
  if (!els) return;
  if (last) {
    last.res = ctx.desk.readTicket(last.text);
    render();
  }
  const status = document.getElementById("br-camera-status");
  status.textContent = t(status.dataset.i18n);
}

/** Forget the ticket: the code, the answer, the camera (kiosk timeout, "clear"). */
export function clear() {
  last = null;
  stopCamera();
  if (!els) return;
  els.code.value = "";
  markField(els.code, els.list, []);
  els.result.hidden = true;
  els.verdict.hidden = true;
  els.verdict.textContent = "";
  for (const el of [els.summary, els.ids, els.checklist, els.staff]) el.replaceChildren();
  els.codeShown.textContent = "";
}
