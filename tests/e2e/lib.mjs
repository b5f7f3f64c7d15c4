// Shared helpers of the e2e suite: the xtask static server on 127.0.0.1 and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = process.env.FRONTDESK_ROOT || path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SHOTS = path.join(ROOT, "tests/e2e/screenshots");
export const NOW = "2026-11-23T10:00:00+08:00";

/** Start `xtask serve --port 0` (serving `pkg/`, or the package folder `pkg`); resolves to
 * { url, stop }. `FRONTDESK_WWW=<dir>` serves another checkout's page (e.g. main's `www/`, to see
 * a new test fail before its fix), `FRONTDESK_PKG=<dir>` another package. */
export async function startServer({ pkg } = {}) {
  const exe = process.env.FRONTDESK_XTASK;
  const www = process.env.FRONTDESK_WWW;
  pkg ??= process.env.FRONTDESK_PKG;
  const args = ["serve", "--port", "0", ...(pkg ? ["--pkg", pkg] : []), ...(www ? ["--www", www] : [])];
  const child = exe
    ? spawn(exe, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] })
    : spawn("cargo", ["xtask", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error("server did not start in 120 s")), 120_000);
    child.stdout.on("data", (d) => {
      buf += d;
      const m = buf.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A page that records every request leaving 127.0.0.1 and every console error. */
export async function openPage(browser, url, { viewport = { width: 390, height: 844 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const outside = [];
  const errors = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.hostname !== "127.0.0.1" && u.protocol !== "data:") outside.push(r.url());
  });
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return { page, context, outside, errors };
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** One server and one browser for a whole test file, started before its first test and stopped
 * after its last: `const env = serverAndBrowser();` then `env.server.url`, `env.browser`. */
export function serverAndBrowser(serverOptions = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(serverOptions);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** Rasterize the SVG at `selector` exactly as the page styles it (4 px per viewBox unit) and return
 * its RGBA pixels for a decoder, with the fills the stylesheet gave it, whether any inline style was
 * used, and its accessible label. */
export async function rasterizeSvg(page, selector) {
  const out = await page.evaluate(async (selector) => {
    const svg = document.querySelector(selector);
    const dark = svg.querySelector("path.qr-dark");
    const fills = [getComputedStyle(dark).fill, getComputedStyle(svg.querySelector("rect.qr-light")).fill];
    const markup = new XMLSerializer().serializeToString(svg)
      .replace(/<svg /, `<svg xmlns="http://www.w3.org/2000/svg" `)
      .replace(/(<svg[^>]*>)/, `$1<style>.qr-light{fill:${fills[1]}}.qr-dark{fill:${fills[0]}}</style>`);
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(markup);
    await img.decode();
    const side = Number(svg.getAttribute("viewBox").split(/\s+/)[2]) * 4;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = side;
    const c2d = canvas.getContext("2d");
    c2d.drawImage(img, 0, 0, side, side);
    return { side, data: Array.from(c2d.getImageData(0, 0, side, side).data), fills,
             styled: svg.hasAttribute("style") || dark.hasAttribute("style"), label: svg.getAttribute("aria-label") };
  }, selector);
  return { ...out, rgba: Uint8ClampedArray.from(out.data) };
}

// ---- acting like a person (issue 14): keys one at a time, Tab and arrows, reloads, languages ----

/** The modes a page is used in: phones (360 and 390 wide), the kiosk, elderly mode on a phone. */
export const MODES = {
  phone360: { viewport: { width: 360, height: 640 }, query: "" },
  phone: { viewport: { width: 390, height: 844 }, query: "" },
  kiosk: { viewport: { width: 1080, height: 1920 }, query: "&mode=kiosk" },
  elderly: { viewport: { width: 390, height: 844 }, query: "", elderly: true },
};

/** Open `screen` in `mode` ("phone", "kiosk", "elderly", …) and language ("zh-CN" or "en"), the way
 * a customer gets there: the page, then the elderly button and the language button if needed.
 * Returns { page, context, errors, outside }. */
export async function openAs(browser, base, { mode = "phone", lang = "zh-CN", screen = "documents", now = NOW, clock } = {}) {
  const m = MODES[mode];
  const context = await browser.newContext({ viewport: m.viewport });
  const page = await context.newPage();
  const errors = [];
  const outside = [];
  page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.hostname !== "127.0.0.1" && u.protocol !== "data:") outside.push(r.url());
  });
  if (clock) await page.clock.install(clock);
  const q = now ? `?now=${encodeURIComponent(now)}${m.query}` : `?${m.query.slice(1)}`;
  await page.goto(`${base}${q}#/${screen}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  if (m.elderly) {
    await page.click("#elderly");
    await page.waitForFunction(() => document.body.classList.contains("elderly"));
  }
  if (lang !== "zh-CN") await switchLanguage(page, lang);
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
  return { page, context, errors, outside };
}

/** Press the language button until the page is in `lang`. */
export async function switchLanguage(page, lang) {
  if ((await page.getAttribute("html", "lang")) === lang) return;
  await page.click("#lang");
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Click into a field and type `text` one key at a time (never `fill`). */
export async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(text);
}

/** Select what is in the focused field and type over it, one key at a time. */
export async function retype(page, selector, text) {
  await page.click(selector, { clickCount: 3 });
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

/** Press Tab until the focused element matches `selector` (at most `max` presses); returns how many. */
export async function tabTo(page, selector, { max = 80, back = false } = {}) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Reload and wait until the page is ready again (a customer coming back). */
export async function reloadReady(page) {
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
}

/** The id (or data-screen / tag) of the focused element. */
export const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

/** Slow 4G and a 4× slower CPU, as a phone on the move (Chrome DevTools Protocol). */
export async function throttle(page, { cpu = 4, latency = 150, downKbps = 1600, upKbps = 750 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency, downloadThroughput: (downKbps * 1024) / 8, uploadThroughput: (upKbps * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpu });
  return cdp;
}

/** Unmasked personal numbers: an 18-character ID, an 11-digit mainland mobile, a 16–19 digit
 * account or card number (masked forms have `*` in them and do not match). */
export const UNMASKED = [/(?<![\d*])\d{17}[\dXx](?![\d*])/, /(?<![\d*])1[3-9]\d{9}(?![\d*])/, /(?<![\d*])\d{16,19}(?![\d*])/];

/** Everything the page shows or keeps that could hold personal data: visible text, input values,
 * localStorage, sessionStorage and the URL. */
export async function exposed(page) {
  return page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    const values = [...document.querySelectorAll("input, textarea, select")].filter(visible).map((e) => e.value);
    const store = (s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`);
    return { text: document.body.innerText, values, local: store(localStorage), session: store(sessionStorage), url: location.href };
  });
}

/** The unmasked personal numbers found in `exposed(page)`, as "where: match" strings. `allow`
 * lists values the customer is typing right now (their own input on their own screen). The
 * package's own checksums in storage — a questionnaire draft's `sha256:<hex>`, a saved callback
 * case's `b32:<Crockford base32>` — are not scanned: a run of digits in one is chance, not personal
 * data (found by the callbacks tests flaking). */
export async function unmaskedFound(page, { allow = [] } = {}) {
  const x = await exposed(page);
  const out = [];
  const scan = (where, s) => {
    s = String(s).replace(/sha256:[0-9a-f]{64}|b32:[0-9A-Z]{40,}/g, "");
    for (const re of UNMASKED) {
      const m = s.match(re);
      if (m && !allow.some((a) => a.includes(m[0]))) out.push(`${where}: ${m[0]}`);
    }
  };
  scan("text", x.text);
  x.values.forEach((v, i) => scan(`input ${i}`, v));
  x.local.forEach((v) => scan("localStorage", v));
  x.session.forEach((v) => scan("sessionStorage", v));
  scan("url", decodeURIComponent(x.url));
  return out;
}

/** Problems with findings on the page: a finding about a field whose field does not show it
 * (aria-describedby naming its list or itself) or, for an error, is not marked invalid (aria-invalid
 * and a red border); a verdict whose severity is not the worst of the findings shown with it. */
export async function findingProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const visible = (e) => e.getClientRects().length > 0;
    for (const li of document.querySelectorAll("ul.findings > li")) {
      if (!visible(li) || !li.dataset.field) continue;
      const ids = [li.id, li.parentElement.id].filter(Boolean);
      const owner = [...document.querySelectorAll("[aria-describedby]")].find((el) =>
        el.getAttribute("aria-describedby").split(/\s+/).some((id) => ids.includes(id)));
      if (!owner) {
        out.push(`finding ${li.dataset.code} (${li.dataset.field}) is not tied to a field`);
        continue;
      }
      if (li.classList.contains("error")) {
        if (owner.getAttribute("aria-invalid") !== "true") out.push(`field of ${li.dataset.code} is not aria-invalid`);
        const cs = getComputedStyle(owner);
        const red = (c) => /rgb\(164, 22, 26\)/.test(c);
        if (!red(cs.borderTopColor) && !red(cs.boxShadow) && !red(cs.outlineColor)) out.push(`field of ${li.dataset.code} is not styled invalid`);
      }
    }
    return out;
  });
}

/** A verdict's `data-severity` against the worst of the findings it sums up (`listSelector`). */
export async function verdictAgrees(page, verdictSelector, listSelector) {
  return page.evaluate(([v, l]) => {
    const rank = { ok: 0, info: 1, warning: 2, error: 3 };
    let worst = "ok";
    for (const li of document.querySelectorAll(`${l} li[class]`)) {
      const s = ["error", "warning", "info"].find((c) => li.classList.contains(c));
      if (s && rank[s] > rank[worst]) worst = s;
    }
    const el = document.querySelector(v);
    return { verdict: el?.dataset.severity, worst, green: el?.classList.contains("ok") };
  }, [verdictSelector, listSelector]);
}

/** The agent's staff screens at a phone (390×844) or a counter PC (1366×768), with the device clock
 * set to `start` (the desk follows it) and page errors collected. */
export const STAFF_SIZES = { phone: { width: 390, height: 844 }, counter: { width: 1366, height: 768 } };
export async function openStaffScreen(env, { screen, size, lang, start }) {
  const context = await env.browser.newContext({ viewport: STAFF_SIZES[size], bypassCSP: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.clock.install({ time: start });
  await page.goto(`${env.server.url}#/${screen}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
  if (lang !== "zh-CN") await switchLanguage(page, lang);
  return { context, page, errors };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** axe-core's serious and critical violations on the page, as "rule: targets" strings. */
export async function axeProblems(page) {
  await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
  return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
