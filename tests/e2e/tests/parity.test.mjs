// Parity: every shared fixture answered by the WASM package (loaded in Node) must equal, byte for
// byte, the native crate's answer written by `cargo run --example parity` (cargo xtask test runs it
// first). Both sides are compared as JSON text after JSON.parse/JSON.stringify, the form a JS caller
// sees; an error must carry the same code on both sides.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../lib.mjs";

const nativePath = path.join(ROOT, "target/parity-native.json");

test("every fixture gives the same JSON natively and in WASM", async (t) => {
  assert.ok(existsSync(nativePath), `${nativePath} missing: run \`cargo run --example parity\` first`);
  const { initSync, FrontDesk } = await import(path.join(ROOT, "pkg/frontdesk.js"));
  initSync({ module: readFileSync(path.join(ROOT, "pkg/frontdesk_bg.wasm")) });
  const rows = JSON.parse(readFileSync(nativePath, "utf8"));
  assert.ok(rows.length > 0);
  const mismatches = [];
  for (const row of rows) {
    let wasm;
    try {
      const desk = new FrontDesk({ now: row.now, locale: row.locale, ...(row.desk ?? {}) });
      const fn = typeof desk[row.method] === "function" ? desk[row.method].bind(desk) : (x) => desk.callMethod(row.method, x);
      wasm = { ok: true, json: JSON.stringify(fn(row.input)) };
    } catch (e) {
      wasm = { ok: false, json: e?.code ?? String(e) };
    }
    const native = row.ok ? JSON.stringify(JSON.parse(row.json)) : row.json;
    if (wasm.ok !== row.ok || wasm.json !== native) {
      mismatches.push(`${row.file} :: ${row.name}\n  native: ${native.slice(0, 300)}\n  wasm:   ${wasm.json.slice(0, 300)}`);
    }
  }
  t.diagnostic(`${rows.length} fixture answers compared`);
  assert.deepEqual(mismatches, [], mismatches.join("\n"));
});
