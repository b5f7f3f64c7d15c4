// Start-up of the host page in headless Chromium, throttled as a 4G phone (150 ms latency,
// 1.6 Mbit/s down, 0.75 up, a 4× slower CPU): the time from navigation to the first screen usable
// (`body[data-ready=true]`, seen on the next animation frame), and to the "loading" state. Each run is a fresh browser context (an
// empty cache, no service worker), against `cargo xtask serve` (compressed bodies). Uses the e2e
// suite's helpers and its playwright-core driving Debian's /usr/bin/chromium.
// `node browser.mjs [runs] [hash]` prints one JSON document with the median and every run.
import { startServer, launch, throttle } from "../../tests/e2e/lib.mjs";

const runs = Number(process.argv[2] ?? 3);
const hash = process.argv[3] ?? "";
const server = await startServer();
const browser = await launch();
const samples = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: "block" });
    const page = await context.newPage();
    let bytes = 0;
    page.on("response", async (r) => {
      const len = Number((await r.allHeaders())["content-length"] ?? 0);
      bytes += len;
    });
    await throttle(page, { cpu: 4, latency: 150, downKbps: 1600, upKbps: 750 });
    const t0 = Date.now();
    await page.goto(server.url + "?now=2026-11-23T10:00:00%2B08:00" + hash, { waitUntil: "commit" });
    // Checked on every animation frame (`polling: "raf"`): waitForSelector backs off to polling
    // every 500 ms, which put up to half a second of the driver's own delay into these figures.
    await page.waitForFunction(() => document.getElementById("boot")?.offsetParent != null, null, { polling: "raf", timeout: 60_000 });
    const loading = Date.now() - t0;
    await page.waitForFunction(() => document.body?.dataset.ready === "true", null, { polling: "raf", timeout: 120_000 });
    const usable = Date.now() - t0;
    // Where the time went: when each resource finished arriving (ms since navigation start).
    const resources = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((r) => [r.name.replace(location.origin, ""), Math.round(r.startTime), Math.round(r.responseEnd)]),
    );
    // The page's own milestones (app.js): glue loaded, wasm compiled and instantiated, desk built, ready.
    const marks = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("frontdesk:")).map((m) => [m.name.slice(10), Math.round(m.startTime)])),
    );
    samples.push({ loading, usable, bytes, marks, resources });
    process.stderr.write(`browser run ${i + 1}: loading ${loading} ms, usable ${usable} ms, ${bytes} bytes\n`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
const median = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
process.stdout.write(JSON.stringify({ runs, hash, loading: median("loading"), usable: median("usable"), bytes: median("bytes"), samples }) + "\n");
