// Per-call times of the built package (../../pkg) from Node, for every case in ../cases.json.
// Prints one JSON document on stdout for `cargo xtask bench`; progress goes to stderr.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { initSync, FrontDesk } from "../../pkg/frontdesk.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
initSync({ module: readFileSync(here("../../pkg/frontdesk_bg.wasm")) });
const spec = JSON.parse(readFileSync(here("../cases.json"), "utf8"));
const desk = new FrontDesk({ now: spec.now, locale: spec.locale });

/** Median ns per call over several timed batches after a warm-up. */
export function time(fn, { batches = 15, minBatchMs = 40 } = {}) {
  let n = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms >= minBatchMs) break;
    n *= 2;
  }
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / n);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const frontdesk = [];
for (const c of spec.cases) {
  const fn = desk[c.method].bind(desk);
  // jsArgs: the JS call's arguments where the method takes more than the one JSON argument.
  const args = c.jsArgs ?? [c.input];
  const ns = time(() => fn(...args));
  process.stderr.write(`${c.id}: ${ns.toFixed(0)} ns\n`);
  frontdesk.push({ id: c.id, ns });
}
const peers = [];
// Each capability's peers, side by side in the same run.
peers.push(...(await import("./peers-documents.mjs")).run(desk, time));
peers.push(...(await import("./peers-questionnaire.mjs")).run(desk, time));
process.stdout.write(JSON.stringify({ node: process.version, frontdesk, peers }) + "\n");
