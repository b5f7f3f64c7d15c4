// frontdesk host page shell (started by app.js once the package and the rule pack are in): keeps
// the locale, routes between screens (`#/documents`, …), keeps the desk's clock on the device's
// time, and runs the phone, kiosk (`?mode=kiosk`) and elderly modes. Every rule, text and decision
// comes from the WASM package and its rule pack; JS only renders and forwards.
import { ctx, h, applyTexts, announce, DRAFT_PREFIX, LOCALE_KEY, nowIso } from "./ui.js";
/** Screens in menu order, each a module loaded only when the package can serve it: it exports id,
 * titleCode, mount(section), refresh(), clear() and may export textPrefixes (catalog sections besides
 * `ui.` whose texts it labels fields with). A flow's package (`#/tiers`) serves two or three of them,
 * so the others are never downloaded (issue 18: on a 4G phone they took the wasm's bandwidth). */
const SCREEN_FILES = {
  documents: "./screens/documents.js",
  precheck: "./screens/precheck.js",
  tiers: "./screens/tiers.js",
  questionnaire: "./screens/questionnaire.js",
  contact: "./screens/contact.js",
  calendar: "./screens/calendar.js",
  errands: "./screens/errands.js",
  dormant: "./screens/dormant.js",
  branch: "./screens/branch.js",
  callbacks: "./screens/callbacks.js",
};
/** The package capabilities each screen calls (`desk.info().capabilities`); a lean package built
 * with fewer (`cargo xtask pkg --features …`) shows only the screens it can serve. */
const NEEDS = { documents: ["documents"], precheck: ["precheck", "qr"], tiers: ["tiers"], questionnaire: ["questionnaire"], contact: ["contact"], calendar: ["calendar"], errands: ["service"], dormant: ["lifecycle"], branch: ["precheck"], callbacks: ["callbacks", "questionnaire"] };
/** Staff screens: reached by their address only, never on a kiosk. */
const STAFF = ["callbacks"];
/** The satisfaction card, used by the screens that end a flow (contact, questionnaire). */
const SURVEY_FILE = "./screens/satisfaction.js";
const NO_SURVEY = { resumeSurvey() {}, refreshSurvey() {}, clearSurvey() {} };
let survey = NO_SURVEY;

/** The screens a package with `capabilities` serves, in menu order (kiosk: no staff screen). */
function screenIds(capabilities, kiosk) {
  return Object.keys(SCREEN_FILES).filter((id) => NEEDS[id].every((c) => capabilities.includes(c)) && !(kiosk && STAFF.includes(id)));
}

/** Start downloading the screens a page will show before the package is in (entry.js calls it as
 * soon as it knows the package): every screen for the full package, else the flow's own screen and
 * the documents one (what a flow package serves; the shell loads exactly what the package's
 * capabilities allow once it is in, so a wrong guess costs time, never a screen). */
export function preloadScreens({ flow = null, kiosk = false } = {}) {
  const ids = flow ? ["documents", flow, ...(flow === "precheck" ? ["branch"] : [])] : Object.keys(SCREEN_FILES).filter((id) => !(kiosk && STAFF.includes(id)));
  for (const id of ids) if (SCREEN_FILES[id]) import(SCREEN_FILES[id]).catch(() => {});
  if (!flow || flow === "contact" || flow === "questionnaire") import(SURVEY_FILE).catch(() => {});
}

let SCREENS = [];
/** The screens built so far: each is built the first time it is shown (issue 18: the kiosk built
 * all nine before its first screen was usable, ~0.4 s of a throttled phone's CPU). */
const mounted = new Set();
const built = () => SCREENS.filter((s) => mounted.has(s));

/** Build screen `s` in its section now, if it is not built yet. */
function ensureMounted(s) {
  if (mounted.has(s)) return;
  mounted.add(s);
  s.mount(document.getElementById(`screen-${s.id}`));
}
const ELDERLY_KEY = "frontdesk.elderly";
const params = new URLSearchParams(location.search);

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

/** Every label text in the current locale: the `ui.` catalog and the sections screens ask for
 * (field names shared with the package's own messages). Read once per locale change, so a later
 * reload of the catalog can never drop what a screen added. */
function loadTexts() {
  ctx.texts = readTexts();
  showTexts();
}

/** The `ui.` catalog and the screens' own sections in the desk's locale. */
function readTexts() {
  const texts = ctx.desk.messages("ui.");
  for (const s of SCREENS) for (const prefix of s.textPrefixes ?? []) Object.assign(texts, ctx.desk.messages(prefix));
  return texts;
}

/** Put `ctx.texts` on the page: every labelled element, the screens' names, the footer. */
function showTexts() {
  const info = ctx.desk.info();
  document.documentElement.lang = info.locale;
  applyTexts();
  for (const s of SCREENS) {
    document.getElementById(`screen-${s.id}`).setAttribute("aria-label", ctx.t(s.titleCode));
  }
  syncElderlyButton();
  document.getElementById("pack-version").textContent = ctx.t("ui.app.rules", { name: info.rulePackName, version: info.rulePackVersion });
  document.getElementById("versions").textContent = `frontdesk ${info.packageVersion} · ${info.rulePackName} ${info.rulePackVersion} · ${info.capabilities.join(", ")}`;
  // The footer (rules version, "about") shows once it has its words: before, or under a start-up
  // error, its fold was a lone "▸".
  document.getElementById("foot").hidden = false;
}

function route() {
  const wanted = location.hash.replace(/^#\//, "") || SCREENS[0].id;
  const current = SCREENS.find((s) => s.id === wanted) ?? SCREENS[0];
  // The page's customer subtitle is not said on the staff screen (style.css).
  document.body.dataset.screen = current.id;
  for (const s of SCREENS) {
    document.getElementById(`screen-${s.id}`).hidden = s !== current;
    const link = document.querySelector(`#nav a[data-screen="${s.id}"]`);
    if (s === current) link?.setAttribute("aria-current", "page");
    else link?.removeAttribute("aria-current");
  }
  ensureMounted(current);
}

function setLocale(next) {
  ctx.desk.setLocale(next);
  if (!ctx.kiosk) store.set(LOCALE_KEY, next);
  loadTexts();
  for (const s of built()) s.refresh?.();
  survey.refreshSurvey();
}

function switchLanguage() {
  setLocale(ctx.desk.info().locale === "zh-CN" ? "en" : "zh-CN");
}

const isElderly = () => document.body.classList.contains("elderly");

/** The elderly button says what pressing it does and reports its state. */
function syncElderlyButton() {
  const button = document.getElementById("elderly");
  button.setAttribute("aria-pressed", String(isElderly()));
  button.dataset.i18n = isElderly() ? "ui.mode.elderly.off" : "ui.mode.elderly.on";
  button.textContent = ctx.t(button.dataset.i18n);
}

function setElderly(on, { remember = !ctx.kiosk } = {}) {
  document.body.classList.toggle("elderly", on);
  document.documentElement.classList.toggle("elderly", on);
  if (remember) store.set(ELDERLY_KEY, on ? "1" : "0");
  document.getElementById("elderly-suggest").hidden = true;
  syncElderlyButton();
  for (const s of built()) s.refresh?.();
}

/** Offer elderly mode once per visit (screens call this when an applicant is at the elderly age). */
function suggestElderly() {
  if (isElderly()) return;
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
  for (const s of built()) s.clear?.();
  survey.clearSurvey();
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(DRAFT_PREFIX)) localStorage.removeItem(k);
    sessionStorage.clear();
  } catch {
    /* nothing stored */
  }
}

/** Kiosk idle timeout: warn, then clear everything and return to the start for the next customer:
 * standard mode, Chinese, the screen the kiosk was started on (a counter PC opened at `#/branch`
 * stays there), else the first screen. */
function startIdleTimer(info) {
  const opened = location.hash.replace(/^#\//, "");
  const home = SCREENS.find((s) => s.id === opened) ?? SCREENS[0];
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
      const banner = document.getElementById("elderly-suggest");
      banner.hidden = true;
      delete banner.dataset.dismissed;
      if (isElderly()) setElderly(false, { remember: false });
      if (ctx.desk.info().locale !== "zh-CN") setLocale("zh-CN");
      location.hash = `#/${home.id}`;
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

/** The desk's clock follows the device's (unless `?now=` pins it): set before every action the
 * customer takes, so a kiosk left on past midnight answers for the new day, and every minute, so
 * what a screen shows as "today" moves on by itself. */
function keepClock() {
  if (params.get("now")) return;
  let today = ctx.desk.info().today;
  const tick = () => {
    try {
      ctx.desk.setNow(nowIso());
    } catch {
      return;
    }
    const now = ctx.desk.info().today;
    if (now !== today) {
      today = now;
      for (const s of built()) s.dayChanged?.(today);
    }
  };
  // Capture phase: runs before the screens' own handlers of the same event.
  for (const ev of ["click", "submit", "change", "keydown"]) document.addEventListener(ev, tick, { capture: true });
  setInterval(tick, 60_000);
}

/** Offline: a service worker caches the page, the JS, the wasm (with its rule pack) and the styles,
 * versioned by the package build so that an update replaces them. The package this page loaded
 * (a flow's, `pkg/flows/<flow>/`, came before the worker was there) is cached too before the page
 * says it works offline, so that the same entry URL opens with the network off. */
async function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  try {
    const build = await fetch("pkg/build.json", { cache: "no-store" }).then((r) => r.json());
    await navigator.serviceWorker.register(`sw.js?v=${encodeURIComponent(build.version)}`);
    const registration = await navigator.serviceWorker.ready;
    if (ctx.pkgDir !== "./pkg/") {
      const urls = ["frontdesk.js", "frontdesk_bg.wasm"].map((f) => new URL(ctx.pkgDir + f, location.href).href);
      await new Promise((resolve, reject) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => (e.data?.ok ? resolve() : reject(new Error("package not cached")));
        registration.active.postMessage({ cache: urls }, [channel.port2]);
      });
    }
    document.body.dataset.offline = "ready";
  } catch (e) {
    console.warn("service worker:", String(e));
    // Offline with no network: the worker registered on an earlier visit still serves the page.
    if (navigator.serviceWorker.controller) document.body.dataset.offline = "ready";
  }
}

/** Start the page on a desk built by app.js. */
export async function start(desk) {
  ctx.desk = desk;
  document.body.classList.toggle("kiosk", ctx.kiosk);
  document.documentElement.classList.toggle("kiosk", ctx.kiosk);
  ctx.suggestElderly = suggestElderly;
  ctx.limits = ctx.desk.inputLimits();
  const have = ctx.desk.info().capabilities;
  // Only the screens this package serves are downloaded (staff screens are never on a kiosk).
  const ids = screenIds(have, ctx.kiosk);
  const useSurvey = ids.includes("contact") || ids.includes("questionnaire");
  const [modules, surveyModule] = await Promise.all([
    Promise.all(ids.map((id) => import(SCREEN_FILES[id]))),
    useSurvey ? import(SURVEY_FILE) : NO_SURVEY,
  ]);
  SCREENS = modules;
  survey = surveyModule;
  // The screens' own catalog sections are in the texts before any screen builds a label.
  ctx.texts = readTexts();
  // The customer's elderly choice applies before any screen builds (a resumed questionnaire shows
  // one question per screen from the start).
  const elderly = !ctx.kiosk && store.get(ELDERLY_KEY) === "1";
  document.body.classList.toggle("elderly", elderly);
  document.documentElement.classList.toggle("elderly", elderly);
  const nav = document.getElementById("nav");
  const screens = document.getElementById("screens");
  for (const s of SCREENS) {
    // A staff screen is reached by its address only: no link in the customer menu.
    if (!s.staff) nav.append(h("a", { href: `#/${s.id}`, "data-screen": s.id, i18n: s.titleCode }));
    const section = h("section", { id: `screen-${s.id}`, class: "screen" });
    screens.append(section);
  }
  showTexts();
  route();
  // A satisfaction survey the customer was answering before a reload (issue 16 §3.1).
  if (have.includes("questionnaire")) survey.resumeSurvey();
  document.getElementById("tools").hidden = false;
  window.addEventListener("hashchange", route);
  document.getElementById("lang").addEventListener("click", switchLanguage);
  document.getElementById("elderly").addEventListener("click", () => setElderly(!isElderly()));
  document.getElementById("elderly-accept").addEventListener("click", () => setElderly(true));
  document.getElementById("elderly-dismiss").addEventListener("click", () => {
    const banner = document.getElementById("elderly-suggest");
    banner.hidden = true;
    banner.dataset.dismissed = "1";
  });
  // A questionnaire follow-up ("your phone changed") opens the screen that handles it, pre-filled.
  window.addEventListener("frontdesk:open-followup", (e) => {
    for (const s of SCREENS) {
      if (!s.openFollowUp) continue;
      ensureMounted(s);
      if (s.openFollowUp(e.detail)) break;
    }
  });
  keepClock();
  if (ctx.kiosk) startIdleTimer(ctx.desk.info());
  document.body.dataset.ready = "true";
  registerServiceWorker();
}
