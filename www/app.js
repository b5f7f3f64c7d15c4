// frontdesk host page boot. index.html shows "loading" at once (static text, both languages); this
// module then loads the package (JS glue + wasm) and the shell, the host's optional configuration
// (`./host-config.json`: `{ "rulePackUrl": "<url>" }`; `{}` as shipped, or a 404, means "the
// embedded default pack", or `pkg/default-pack.json` for a package built without one) and the
// bank's rule pack it names, builds the desk and hands it to the
// shell. Every failure is shown in plain words with a retry button, never a blank page: a package
// that did not arrive (static text), a rule pack that did not download, or one the package refused
// (its file and field).
import { ctx, nowIso, LOCALE_KEY } from "./ui.js";

const params = new URLSearchParams(location.search);

function storedLocale() {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

/** The locale to start in: a kiosk always starts in Chinese; elsewhere the customer's last choice. */
function startLocale() {
  return params.get("mode") === "kiosk" ? "zh-CN" : storedLocale() || "zh-CN";
}

/** A start-up failure: `stage` says which step, `file` the URL or pack file, `path` the field. */
class BootError extends Error {
  constructor(stage, { file, path, code } = {}) {
    super(stage);
    this.stage = stage;
    this.file = file;
    this.path = path;
    this.code = code ?? stage;
  }
}

/** GET a JSON document; `optional` makes a 404 answer null. */
async function fetchJson(url, stage, { optional = false } = {}) {
  let res;
  try {
    res = await fetch(url, { cache: "no-store", credentials: "same-origin" });
  } catch {
    throw new BootError(stage, { file: url, code: "network" });
  }
  if (optional && res.status === 404) return null;
  if (!res.ok) throw new BootError(stage, { file: url, code: `http_${res.status}` });
  try {
    return await res.json();
  } catch {
    throw new BootError(stage, { file: url, code: "not_json" });
  }
}

/** The bank's rule pack named by the host, or undefined for the embedded default. */
async function hostRulePack() {
  const config = await fetchJson("./host-config.json", "config", { optional: true });
  if (config === null) return undefined;
  if (typeof config !== "object" || Array.isArray(config)) {
    throw new BootError("config", { file: "host-config.json", code: "not_an_object" });
  }
  if (config.rulePackUrl === undefined || config.rulePackUrl === null) return undefined;
  if (typeof config.rulePackUrl !== "string" || !config.rulePackUrl) {
    throw new BootError("config", { file: "host-config.json", path: "rulePackUrl", code: "not_a_url" });
  }
  const url = new URL(config.rulePackUrl, new URL("./host-config.json", location.href)).href;
  return fetchJson(url, "pack_download");
}

function showError(err, pkg) {
  const box = document.getElementById("boot-error");
  const text = document.getElementById("boot-error-text");
  const staff = document.getElementById("boot-error-staff");
  document.getElementById("boot").hidden = true;
  // With the package loaded, the words come from its catalog (the embedded default pack, which a
  // broken bank pack cannot spoil) in the customer's language; without it, the static text stays.
  if (pkg && err.stage !== "package") {
    try {
      const desk = new pkg.FrontDesk({ now: nowIso(), locale: startLocale() });
      const ui = desk.messages("ui.");
      const t = (code, p = {}) => (ui[code] ?? code).replace(/\{(\w+)\}/g, (m, k) => (k in p ? String(p[k]) : m));
      const file = err.file ? err.file.replace(/^.*\//, "") : "";
      const code = err.stage === "pack_invalid"
        ? (err.path ? "ui.boot.packInvalidAt" : err.file ? "ui.boot.packInvalidFile" : "ui.boot.packInvalid")
        : err.stage === "config" || err.stage === "pack_download" ? "ui.boot.packDownload" : "ui.boot.failed";
      text.textContent = t(code, { file, path: err.path ?? "" });
      document.getElementById("boot-retry").textContent = t("ui.boot.retry");
      document.getElementById("boot-error-staff-title").textContent = t("ui.staff.details");
      document.documentElement.lang = desk.info().locale;
      desk.free();
    } catch {
      /* keep the static text */
    }
  }
  document.getElementById("boot-error-code").textContent = [err.code, err.file, err.path].filter(Boolean).join(" · ");
  staff.hidden = false;
  box.hidden = false;
  document.body.dataset.ready = "error";
  document.getElementById("boot-retry").focus();
}

// A per-desk random value for change-request idempotency keys (issue 15 item 16): generated in
// this browser for this page load and kept in memory only (the page stores nothing but the
// customer's preferences and the drafts they chose to keep); never sent anywhere by itself. A
// bank host that shares a secret with its server passes `idempotencySecret` instead; neither ever
// goes in a rule pack.
function deskNonce() {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}

/** A start-up milestone on the performance timeline (`frontdesk:glue`, `:wasm`, `:desk`, `:ready`),
 * read by the start-up bench (benches/js/browser.mjs) to say where the time went. */
function mark(name) {
  try {
    performance.mark(`frontdesk:${name}`);
  } catch {
    /* no performance timeline: nothing to record */
  }
}

async function boot() {
  document.body.dataset.ready = "loading";
  document.getElementById("boot-retry").addEventListener("click", () => location.reload());
  let pkg = null;
  let shell;
  // The host's configuration (and the pack it names) downloads while the package loads.
  const hostPack = hostRulePack();
  hostPack.catch(() => {});
  try {
    // entry.js (a classic script in <head>) picked the package and started its download.
    const chosen = globalThis.frontdeskPackage ?? import("./pkg/frontdesk.js").then((module) => ({ module }));
    let dir;
    [[pkg, dir], shell] = await Promise.all([chosen.then((p) => [p.module, p.dir]), import("./shell.js")]);
    ctx.pkgDir = dir ?? "./pkg/";
    mark("glue");
    await pkg.default();
    mark("wasm");
  } catch (e) {
    console.error("frontdesk: the package did not load:", e?.name);
    showError(new BootError("package", { code: e?.name ?? "load" }), null);
    return;
  }
  try {
    let rulePack = await hostPack;
    let desk;
    const makeDesk = () => {
      try {
        return new pkg.FrontDesk({ now: nowIso(), locale: startLocale(), rulePack, deskNonce: deskNonce() });
      } catch (e) {
        if (e?.code === "rule_pack.not_embedded") return null;
        throw new BootError("pack_invalid", { file: e?.file, path: e?.path, code: e?.code });
      }
    };
    desk = makeDesk();
    mark("desk");
    // A package built without the embedded default pack (for banks that ship their own) and a host
    // that names none: the default pack beside the package, as a verified bundle.
    if (desk === null) {
      rulePack = await fetchJson("./pkg/default-pack.json", "pack_download");
      desk = makeDesk();
      if (desk === null) throw new BootError("pack_invalid", { code: "rule_pack.not_embedded" });
    }
    ctx.kiosk = params.get("mode") === "kiosk";
    await shell.start(desk);
    document.getElementById("boot").hidden = true;
    mark("ready");
  } catch (e) {
    console.error("frontdesk failed to start:", e?.code ?? e?.name);
    showError(e instanceof BootError ? e : new BootError("start", { code: e?.code ?? e?.name }), pkg);
  }
}

boot();
