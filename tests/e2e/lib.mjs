// Shared helpers of the e2e suite: the xtask static server on 127.0.0.1 and Debian's Chromium
// driven by playwright-core (never a downloaded browser).
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = process.env.FRONTDESK_ROOT || path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const SHOTS = path.join(ROOT, "tests/e2e/screenshots");
export const NOW = "2026-11-23T10:00:00+08:00";

/** Start `xtask serve --port 0` (serving `pkg/`, or the package folder `pkg`); resolves to
 * { url, stop }. */
export async function startServer({ pkg } = {}) {
  const exe = process.env.FRONTDESK_XTASK;
  const args = ["serve", "--port", "0", ...(pkg ? ["--pkg", pkg] : [])];
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
