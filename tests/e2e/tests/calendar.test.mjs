// The working-day helper screen, and QR codes from desk.qrCode() drawn by ui.js renderQr(),
// decoded back with jsQR (npm `jsqr`, an independent decoder) — both from the modules in Node and
// from the SVG rendered in Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import jsQR from "jsqr";
import { openPage, screenshot, NOW, ROOT, serverAndBrowser, rasterizeSvg } from "../lib.mjs";

const env = serverAndBrowser();

const url = () => `${env.server.url}?now=${encodeURIComponent(NOW)}#/calendar`;

test("adding working days across National Day 2026, in zh-CN then en", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, url());
  assert.equal(await page.inputValue("#cal-date"), "2026-11-23", "defaults to the desk's today");
  await page.fill("#cal-date", "2026-09-30");
  await page.fill("#cal-days", "2");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-result:not([hidden])");
  // Oct 1–7 are off; Thu Oct 8 is the 1st working day, Fri Oct 9 the 2nd.
  assert.equal(await page.getAttribute("#cal-result", "data-date"), "2026-10-09");
  assert.match(await page.textContent("#cal-fields"), /2026-10-09 · 星期五 · 工作日/);
  await screenshot(page, "calendar-national-day-zh");

  await page.fill("#cal-date", "2026-10-09");
  await page.fill("#cal-days", "1");
  await page.click("#cal-compute");
  await page.waitForFunction(() => document.querySelector("#cal-result").dataset.date === "2026-10-10");
  assert.match(await page.textContent("#cal-fields"), /2026-10-10 · 星期六 · 国庆节调休，照常上班/);

  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  assert.match(await page.textContent("#cal-fields"), /2026-10-10 · Saturday · working day \(swapped for National Day\)/);
  await screenshot(page, "calendar-adjusted-en");
  assert.deepEqual(outside, [], "no request leaves 127.0.0.1");
  assert.deepEqual(errors, [], "no console errors");
  await context.close();
});

test("a year the rule pack does not cover is an error, not a guess", async () => {
  const { page, context } = await openPage(env.browser, url());
  await page.fill("#cal-date", "2026-12-31");
  await page.fill("#cal-days", "1");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-error:not([hidden])");
  assert.equal(await page.getAttribute("#cal-error", "data-code"), "calendar.year_not_covered");
  assert.match(await page.textContent("#cal-error"), /还没有这一年/);
  assert.equal(await page.isHidden("#cal-result"), true);
  await context.close();
});

const SAMPLES = [
  { text: "HELLO WORLD", ecc: "Q" },
  { text: "01234567890123456789", ecc: "H" },
  { text: "https://bank.example/precheck?t=7K3M-9QX2", ecc: "M" },
  { text: "预约号 7K3M-9QX2：请携带身份证原件到网点办理。", ecc: "M" },
  { text: "前台".repeat(60), ecc: "L" },
  { text: "A1b2".repeat(100), ecc: "Q" },
  { text: "x".repeat(1000), ecc: "H" },
];

/** Decode an RGBA bitmap with jsQR; returns the UTF-8 text of the byte payload. */
function decode(rgba, width, height) {
  const r = jsQR(rgba, width, height, { inversionAttempts: "dontInvert" });
  assert.ok(r, "jsQR found a code");
  return { text: Buffer.from(r.binaryData).toString("utf8"), version: r.version };
}

test("modules from the package decode back to the text (Node, jsQR)", async () => {
  const pkg = await import(pathToFileURL(path.join(ROOT, "pkg/frontdesk.js")).href);
  pkg.initSync({ module: readFileSync(path.join(ROOT, "pkg/frontdesk_bg.wasm")) });
  const desk = new pkg.FrontDesk({ now: NOW });
  const versions = new Set();
  for (const { text, ecc } of SAMPLES) {
    const qr = desk.qrCode(text, { ecc });
    assert.equal(qr.modules.length, qr.size);
    const scale = 4;
    const quiet = 4;
    const side = (qr.size + 2 * quiet) * scale;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    for (let y = 0; y < qr.size; y++) {
      for (let x = 0; x < qr.size; x++) {
        if (qr.modules[y][x] !== "1") continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const p = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
            rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
          }
        }
      }
    }
    const got = decode(rgba, side, side);
    assert.equal(got.text, text, `${ecc} v${qr.version}`);
    assert.equal(got.version, qr.version);
    versions.add(qr.version);
  }
  assert.ok(versions.size >= 5, `several versions exercised: ${[...versions]}`);
  assert.throws(() => desk.qrCode("x".repeat(1001)), (e) => e.code === "argument.too_long");
  assert.throws(() => desk.qrCode("x", { ecc: "X" }), (e) => e.code === "argument.invalid");
});

test("renderQr draws an SVG that decodes back to the text (Chromium, jsQR)", async () => {
  const { page, context, errors } = await openPage(env.browser, url(), { viewport: { width: 900, height: 900 } });
  for (const { text, ecc } of SAMPLES) {
    const version = await page.evaluate(async ({ text, ecc }) => {
      const ui = await import("/ui.js");
      const host = document.getElementById("screen-calendar");
      let box = document.getElementById("qr-e2e");
      if (!box) {
        box = document.createElement("div");
        box.id = "qr-e2e";
        host.append(box);
      }
      const qr = ui.ctx.desk.qrCode(text, { ecc });
      ui.renderQr(box, qr, { labelCode: "ui.qr.label" });
      return qr.version;
    }, { text, ecc });
    // Rasterize the very markup renderQr built, with the stylesheet's colours.
    const out = await rasterizeSvg(page, "#qr-e2e svg");
    assert.deepEqual(out.fills, ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], "colours come from style.css");
    assert.equal(out.styled, false, "no inline style");
    assert.equal(out.label, "二维码");
    const got = decode(out.rgba, out.side, out.side);
    assert.equal(got.text, text, `${ecc} v${version}`);
  }
  await screenshot(page, "calendar-qr");
  assert.deepEqual(errors, [], "no console errors (CSP included)");
  await context.close();
});
