// frontdesk host page shell: loads the package, keeps the locale, routes between screens
// (`#/documents`, …). Every rule, text and decision comes from the WASM package and its rule pack;
// JS only renders and forwards.
import init, { FrontDesk } from "./pkg/frontdesk.js";
import { ctx, h, applyTexts } from "./ui.js";
import * as documents from "./screens/documents.js";
import * as tiers from "./screens/tiers.js";

/** Screens in menu order; each exports id, titleCode, mount(section), refresh(), clear(). */
const SCREENS = [documents, tiers];
const LOCALE_KEY = "frontdesk.locale";

/** "now" for the desk: the device clock, or `?now=` (not personal data) for demos and tests. */
function nowIso() {
  const q = new URLSearchParams(location.search).get("now");
  return q || new Date().toISOString();
}

function storedLocale() {
  try {
    return localStorage.getItem(LOCALE_KEY) || "zh-CN";
  } catch {
    return "zh-CN";
  }
}

function loadTexts() {
  ctx.texts = ctx.desk.messages("ui.");
  const info = ctx.desk.info();
  document.documentElement.lang = info.locale;
  applyTexts();
  document.getElementById("versions").textContent =
    `frontdesk ${info.packageVersion} · ${info.rulePackName} ${info.rulePackVersion}`;
}

function route() {
  const wanted = location.hash.replace(/^#\//, "") || SCREENS[0].id;
  const current = SCREENS.find((s) => s.id === wanted) ?? SCREENS[0];
  for (const s of SCREENS) {
    document.getElementById(`screen-${s.id}`).hidden = s !== current;
    const link = document.querySelector(`#nav a[data-screen="${s.id}"]`);
    if (s === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function switchLanguage() {
  const next = ctx.desk.info().locale === "zh-CN" ? "en" : "zh-CN";
  ctx.desk.setLocale(next);
  try {
    localStorage.setItem(LOCALE_KEY, next);
  } catch {
    /* storage may be disabled; the switch still works for this page */
  }
  loadTexts();
  for (const s of SCREENS) s.refresh?.();
}

async function main() {
  await init();
  ctx.desk = new FrontDesk({ now: nowIso(), locale: storedLocale() });
  ctx.texts = ctx.desk.messages("ui.");
  const nav = document.getElementById("nav");
  const screens = document.getElementById("screens");
  for (const s of SCREENS) {
    nav.append(h("a", { href: `#/${s.id}`, "data-screen": s.id, i18n: s.titleCode }));
    const section = h("section", { id: `screen-${s.id}`, class: "screen", "aria-label": ctx.t(s.titleCode) });
    screens.append(section);
    s.mount(section);
  }
  loadTexts();
  route();
  window.addEventListener("hashchange", route);
  document.getElementById("lang").addEventListener("click", switchLanguage);
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  console.error("frontdesk failed to start:", e?.code ?? e?.name);
});
