// Bytes a page ships for some source: gzip -9 of a minified ESM browser bundle built with the e2e
// suite's esbuild. Shared by the peer comparisons; null when esbuild is not installed.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);

/** gzip -9 bytes of an esbuild bundle (minified, ESM, browser) of `source`. */
export function bundleBytes(source) {
  let esbuild;
  try {
    esbuild = require(here("../../tests/e2e/node_modules/esbuild"));
  } catch {
    return null;
  }
  const out = esbuild.buildSync({
    stdin: { contents: source, resolveDir: here("."), loader: "js" },
    bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent",
  });
  return gzipSync(out.outputFiles[0].contents, { level: 9 }).length;
}

/** gzip -9 bytes of the frontdesk package as a page ships it (wasm + JS glue from ../../pkg). */
export function packageBytes() {
  const gz = (p) => gzipSync(readFileSync(here(p)), { level: 9 }).length;
  return gz("../../pkg/frontdesk_bg.wasm") + gz("../../pkg/frontdesk.js");
}
