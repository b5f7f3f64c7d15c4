// `cargo xtask serve` as a real host serves the package (issue 14 #12, issue 18): brotli for the
// package files `cargo xtask pkg` precompressed (`<file>.br`) when the request accepts `br`, gzip
// otherwise when it accepts that, with Content-Encoding and Vary; the same bytes otherwise.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { startServer, ROOT } from "../lib.mjs";

let server;
before(async () => (server = await startServer()));
after(() => server?.stop());

function get(pathname, headers = {}, method = "GET") {
  return new Promise((resolve, reject) => {
    const req = request(new URL(pathname, server.url), { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

const FILES = [["/pkg/frontdesk_bg.wasm", "pkg/frontdesk_bg.wasm"], ["/pkg/frontdesk.js", "pkg/frontdesk.js"], ["/app.js", "www/app.js"], ["/style.css", "www/style.css"], ["/", "www/index.html"]];

test("gzip when Accept-Encoding allows it: Content-Encoding, Vary, and the same bytes once unzipped", async () => {
  for (const [url, file] of FILES) {
    const raw = readFileSync(path.join(ROOT, file));
    const r = await get(url, { "Accept-Encoding": "gzip, deflate" });
    assert.equal(r.status, 200, url);
    assert.equal(r.headers["content-encoding"], "gzip", url);
    assert.match(r.headers.vary ?? "", /Accept-Encoding/i, url);
    assert.equal(Number(r.headers["content-length"]), r.body.length, url);
    assert.deepEqual(gunzipSync(r.body), raw, url);
    if (url.endsWith(".wasm")) {
      assert.ok(r.body.length < raw.length * 0.6, `wasm compressed: ${raw.length} → ${r.body.length} bytes`);
      assert.equal(r.headers["content-type"], "application/wasm");
    }
  }
});

test("brotli for the precompressed package when br is accepted (smaller than gzip), gzip for the page's files", async () => {
  for (const [url, file] of FILES) {
    const raw = readFileSync(path.join(ROOT, file));
    const r = await get(url, { "Accept-Encoding": "gzip, deflate, br" });
    assert.equal(r.status, 200, url);
    assert.match(r.headers.vary ?? "", /Accept-Encoding/i, url);
    assert.equal(Number(r.headers["content-length"]), r.body.length, url);
    if (url.startsWith("/pkg/")) {
      assert.equal(r.headers["content-encoding"], "br", url);
      assert.deepEqual(brotliDecompressSync(r.body), raw, url);
      const gz = await get(url, { "Accept-Encoding": "gzip" });
      assert.ok(r.body.length < gz.body.length, `${url}: br ${r.body.length} < gzip ${gz.body.length} bytes`);
    } else {
      assert.equal(r.headers["content-encoding"], "gzip", url);
      assert.deepEqual(gunzipSync(r.body), raw, url);
    }
  }
  // br;q=0 or not listed: gzip.
  const r = await get("/pkg/frontdesk_bg.wasm", { "Accept-Encoding": "gzip, br;q=0" });
  assert.equal(r.headers["content-encoding"], "gzip");
});

test("no compression without it (no header, identity, gzip;q=0): the file as it is, still Vary", async () => {
  const raw = readFileSync(path.join(ROOT, "pkg/frontdesk_bg.wasm"));
  for (const headers of [{}, { "Accept-Encoding": "identity" }, { "Accept-Encoding": "gzip;q=0" }]) {
    const r = await get("/pkg/frontdesk_bg.wasm", headers);
    assert.equal(r.headers["content-encoding"], undefined, JSON.stringify(headers));
    assert.match(r.headers.vary ?? "", /Accept-Encoding/i);
    assert.deepEqual(r.body, raw);
  }
});

test("HEAD gives the compressed length and no body; a missing file is a plain 404", async () => {
  const full = await get("/app.js", { "Accept-Encoding": "gzip" });
  const head = await get("/app.js", { "Accept-Encoding": "gzip" }, "HEAD");
  assert.equal(head.headers["content-encoding"], "gzip");
  assert.equal(head.headers["content-length"], full.headers["content-length"]);
  assert.equal(head.body.length, 0);
  const missing = await get("/nope.js", { "Accept-Encoding": "gzip" });
  assert.equal(missing.status, 404);
  assert.equal(missing.headers["content-encoding"], undefined);
});
