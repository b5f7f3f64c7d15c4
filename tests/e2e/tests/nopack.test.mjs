// The package built without the embedded default pack (`cargo xtask pkg --no-embedded-pack`, for a
// bank that ships its own pack) behind the same www/: with no pack named by the host, the page
// fetches the default pack beside the package (`pkg/default-pack.json`, a verified bundle) and
// works; the package itself refuses a desk without a pack, with a coded error. The package is the
// one `cargo xtask test` builds under target/lean/no-pack/ before this layer runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { openPage, NOW, ROOT, serverAndBrowser, typeInto } from "../lib.mjs";

const NOPACK = path.join(ROOT, "target/lean/no-pack");
if (!existsSync(path.join(NOPACK, "default-pack.json"))) {
  throw new Error(`${NOPACK} is missing: run \`cargo xtask test\` (it builds this package first)`);
}

const env = serverAndBrowser({ pkg: NOPACK });

test("without the embedded pack the package refuses a desk with no pack, and loads the default bundle", async () => {
  const glue = await import(pathToFileURL(path.join(NOPACK, "frontdesk.js")).href);
  glue.initSync({ module: readFileSync(path.join(NOPACK, "frontdesk_bg.wasm")) });
  assert.throws(() => new glue.FrontDesk({ now: NOW }), (e) => e.code === "rule_pack.not_embedded");
  const rulePack = JSON.parse(readFileSync(path.join(NOPACK, "default-pack.json"), "utf8"));
  assert.equal(rulePack.format, "frontdesk-pack/1");
  const desk = new glue.FrontDesk({ now: NOW, locale: "en", rulePack });
  const r = desk.validateDocument({ kind: "cn_resident_id", number: "110105194912310021" });
  assert.equal(r.valid, false);
  assert.ok(r.findings.some((f) => f.code === "resident_id.checksum" && f.message && f.message !== f.code));
  assert.equal(JSON.parse(readFileSync(path.join(NOPACK, "build.json"), "utf8")).defaultPack, "default-pack.json");
});

test("the page fetches the default pack beside the package and every screen works from it", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}#/documents`);
  const screens = await page.$$eval("#nav a[data-screen]", (as) => as.map((a) => a.dataset.screen));
  assert.deepEqual(screens, ["documents", "precheck", "tiers", "questionnaire", "contact", "calendar", "errands", "dormant", "branch"]);
  await page.waitForSelector("#screen-documents:not([hidden])");
  await typeInto(page, "#doc-number", "110105194912310021");
  await page.click("#doc-check");
  await page.waitForSelector('#doc-result:not([hidden])');
  assert.ok(await page.locator('li[data-code="resident_id.checksum"]').count(), "the checksum finding is shown");
  assert.doesNotMatch(await page.textContent("body"), /\bui\.[a-z]/, "no raw catalog key");
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});
