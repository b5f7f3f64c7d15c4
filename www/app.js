// frontdesk host page shell: loads the package, keeps the locale, routes between screens
// (`#/documents`, …), and runs the phone, kiosk (`?mode=kiosk`) and elderly modes. Every rule, text
// and decision comes from the WASM package and its rule pack; JS only renders and forwards.
import init, { FrontDesk } from "./pkg/frontdesk.js";
import { ctx, h, applyTexts, announce, DRAFT_PREFIX } from "./ui.js";
import * as documents from "./screens/documents.js";
import * as questionnaire from "./screens/questionnaire.js";
import * as calendar from "./screens/calendar.js";
import * as contact from "./screens/contact.js";
import * as precheck from "./screens/precheck.js";
import * as tiers from "./screens/tiers.js";

/** Screens in menu order; each exports id, titleCode, mount(section), refresh(), clear(). */
const ALL_SCREENS = [documents, precheck, tiers, questionnaire, contact, calendar];
/** The package capabilities each screen calls (`desk.info().capabilities`); a lean package built
 * with fewer (`cargo xtask pkg --features …`) shows only the screens it can serve. */
const NEEDS = { documents: ["documents"], precheck: ["precheck", "qr"], tiers: ["tiers"], questionnaire: ["questionnaire"], contact: ["contact"], calendar: ["calendar"] };
let SCREENS = ALL_SCREENS;
const LOCALE_KEY = "frontdesk.locale";
const ELDERLY_KEY = "frontdesk.elderly";
const params = new URLSearchParams(location.search);

/** "now" for the desk: the device clock, or `?now=` (not personal data) for demos and tests. */
function nowIso() {
  return params.get("now") || new Date().toISOString();
}

const store = {
  get(k) {
    try {
      return localStorage.getItem(k);
    } catch {
      return null;
    }
  },
  set(k, v) {
    try {
      localStorage.setItem(k, v);
    } catch {
      /* storage may be disabled; preferences then last for this page only */
    }
  },
};

function loadTexts() {
  ctx.texts = ctx.desk.messages("ui.");
  const info = ctx.desk.info();
  document.documentElement.lang = info.locale;
  applyTexts();
  for (const s of SCREENS) {
    document.getElementById(`screen-${s.id}`).setAttribute("aria-label", ctx.t(s.titleCode));
  }
  document.getElementById("elderly").textContent = ctx.t(
    document.body.classList.contains("elderly") ? "ui.mode.elderly.off" : "ui.mode.elderly.on",
  );
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

function setLocale(next) {
  ctx.desk.setLocale(next);
  if (!ctx.kiosk) store.set(LOCALE_KEY, next);
  loadTexts();
  for (const s of SCREENS) s.refresh?.();
}

function switchLanguage() {
  setLocale(ctx.desk.info().locale === "zh-CN" ? "en" : "zh-CN");
}

function setElderly(on) {
  document.body.classList.toggle("elderly", on);
  document.getElementById("elderly").setAttribute("aria-pressed", String(on));
  if (!ctx.kiosk) store.set(ELDERLY_KEY, on ? "1" : "0");
  document.getElementById("elderly-suggest").hidden = true;
  loadTexts();
  for (const s of SCREENS) s.refresh?.();
}

/** Offer elderly mode once per visit (screens call this when an applicant is at the elderly age). */
function suggestElderly() {
  if (document.body.classList.contains("elderly")) return;
  const banner = document.getElementById("elderly-suggest");
  if (banner.dataset.dismissed) return;
  banner.hidden = false;
  announce(ctx.t("ui.mode.elderly.suggest"));
}

/** Forget every personal value: each screen's state and DOM, drafts in storage, session storage. */
function clearEverything() {
  // Safety net first (any field a screen might miss), then each screen's clear() restores its
  // non-personal defaults (today's date, the demo "on file" values).
  for (const el of document.querySelectorAll("input, textarea")) {
    if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else el.value = "";
  }
  for (const s of SCREENS) s.clear?.();
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(DRAFT_PREFIX)) localStorage.removeItem(k);
    sessionStorage.clear();
  } catch {
    /* nothing stored */
  }
}

/** Kiosk idle timeout: warn, then clear everything and return to the start. */
function startIdleTimer(info) {
  const dialog = document.getElementById("idle-dialog");
  const body = document.getElementById("idle-body");
  let lastInput = Date.now();
  let warned = false;
  const reset = () => {
    lastInput = Date.now();
    if (warned) {
      warned = false;
      dialog.hidden = true;
    }
  };
  for (const ev of ["pointerdown", "keydown", "input", "touchstart", "wheel"]) {
    document.addEventListener(ev, reset, { capture: true, passive: true });
  }
  document.getElementById("idle-continue").addEventListener("click", reset);
  setInterval(() => {
    const idle = (Date.now() - lastInput) / 1000;
    const left = Math.max(0, Math.ceil(info.kioskIdleSeconds - idle));
    if (idle >= info.kioskIdleSeconds) {
      warned = false;
      dialog.hidden = true;
      clearEverything();
      document.getElementById("elderly-suggest").hidden = true;
      delete document.getElementById("elderly-suggest").dataset.dismissed;
      document.body.classList.remove("elderly");
      if (ctx.desk.info().locale !== "zh-CN") setLocale("zh-CN");
      location.hash = `#/${SCREENS[0].id}`;
      route();
      lastInput = Date.now();
      document.getElementById("main").focus();
      announce(ctx.t("ui.kiosk.cleared"));
    } else if (idle >= info.kioskIdleSeconds - info.kioskWarningSeconds) {
      body.textContent = ctx.t("ui.kiosk.warning.body", { seconds: left });
      if (!warned) {
        warned = true;
        dialog.hidden = false;
        document.getElementById("idle-continue").focus();
      }
    }
  }, 1000);
}

/** Offline: a service worker caches the page, the JS, the wasm (with its rule pack) and the styles,
 * versioned by the package build so that an update replaces them. */
async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  try {
    const build = await fetch("pkg/build.json", { cache: "no-store" }).then((r) => r.json());
    await navigator.serviceWorker.register(`sw.js?v=${encodeURIComponent(build.version)}`);
    await navigator.serviceWorker.ready;
    document.body.dataset.offline = "ready";
  } catch (e) {
    console.warn("service worker:", String(e));
    // Offline with no network: the worker registered on an earlier visit still serves the page.
    if (navigator.serviceWorker.controller) document.body.dataset.offline = "ready";
  }
}

async function main() {
  await init();
  ctx.kiosk = params.get("mode") === "kiosk";
  document.body.classList.toggle("kiosk", ctx.kiosk);
  ctx.desk = new FrontDesk({ now: nowIso(), locale: ctx.kiosk ? "zh-CN" : store.get(LOCALE_KEY) || "zh-CN" });
  ctx.texts = ctx.desk.messages("ui.");
  ctx.suggestElderly = suggestElderly;
  const have = ctx.desk.info().capabilities;
  SCREENS = ALL_SCREENS.filter((s) => NEEDS[s.id].every((c) => have.includes(c)));
  const nav = document.getElementById("nav");
  const screens = document.getElementById("screens");
  for (const s of SCREENS) {
    nav.append(h("a", { href: `#/${s.id}`, "data-screen": s.id, i18n: s.titleCode }));
    const section = h("section", { id: `screen-${s.id}`, class: "screen" });
    screens.append(section);
    s.mount(section);
  }
  if (!ctx.kiosk && store.get(ELDERLY_KEY) === "1") document.body.classList.add("elderly");
  document.getElementById("elderly").setAttribute("aria-pressed", String(document.body.classList.contains("elderly")));
  loadTexts();
  route();
  window.addEventListener("hashchange", route);
  document.getElementById("lang").addEventListener("click", switchLanguage);
  document.getElementById("elderly").addEventListener("click", () => setElderly(!document.body.classList.contains("elderly")));
  document.getElementById("elderly-accept").addEventListener("click", () => setElderly(true));
  document.getElementById("elderly-dismiss").addEventListener("click", () => {
    const banner = document.getElementById("elderly-suggest");
    banner.hidden = true;
    banner.dataset.dismissed = "1";
  });
  // A questionnaire follow-up ("your phone changed") opens the screen that handles it, pre-filled.
  window.addEventListener("frontdesk:open-followup", (e) => {
    for (const s of SCREENS) if (s.openFollowUp?.(e.detail)) break;
  });
  if (ctx.kiosk) startIdleTimer(ctx.desk.info());
  document.body.dataset.ready = "true";
  registerServiceWorker();
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  console.error("frontdesk failed to start:", e?.code ?? e?.name);
});
