// "Check my documents": every kind, validity dates and the MRZ view with highlighted characters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const env = serverAndBrowser();

const url = () => `${env.server.url}?now=${encodeURIComponent(NOW)}#/documents`;

test("every kind is offered with a localized label, and a mobile number comes back masked", async () => {
  const { page, context, outside, errors } = await openPage(env.browser, url());
  const values = await page.$$eval("#doc-kind option", (os) => os.map((o) => [o.value, o.textContent]));
  assert.equal(values.length, 8);
  for (const [value, label] of values) assert.ok(label && !label.startsWith("ui."), `label for ${value}`);
  await page.selectOption("#doc-kind", "cn_mobile");
  assert.equal(await page.isHidden("#doc-dates"), true, "no dates for a mobile number");
  await page.fill("#doc-number", "+86 138-1234-1234");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-verdict.ok");
  assert.match(await page.textContent("#doc-fields"), /138\*{4}1234/);
  assert.doesNotMatch(await page.content(), /13812341234/, "the full number is never rendered");
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an expired card: the number is fine, the expiry finding sits next to the expiry date", async () => {
  const { page, context } = await openPage(env.browser, url());
  await page.selectOption("#doc-kind", "cn_resident_id");
  await page.fill("#doc-number", "11010519491231002X");
  await page.fill("#doc-issue", "2005-03-10");
  await page.fill("#doc-expiry", "2025-03-10");
  await page.click("#doc-check");
  // The number is right, but an expired card cannot be used: the verdict is not green (issue 14).
  await page.waitForSelector('#doc-verdict.bad[data-severity="error"]');
  const expired = page.locator('#doc-expiry-findings li[data-code="resident_id.expired"]');
  await expired.waitFor();
  assert.match(await expired.textContent(), /已于 2025-03-10 过期/);
  // Issued at 55: the card should be long-term, so the 20-year period is questioned too.
  assert.equal(await page.locator('#doc-expiry-findings li[data-code="resident_id.validity_period"]').count(), 1);
  assert.equal(await page.locator("#doc-number-findings li").count(), 0);
  // Long-term replaces the date and fits the holder's age at issue.
  await page.check("#doc-long-term");
  assert.equal(await page.isDisabled("#doc-expiry"), true);
  await page.click("#doc-check");
  await page.waitForFunction(() => document.querySelectorAll("#doc-expiry-findings li").length === 0);
  await context.close();
});

test("a USCC shows its decoded authority and category", async () => {
  const { page, context } = await openPage(env.browser, url());
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.selectOption("#doc-kind", "uscc");
  await page.fill("#doc-number", "91350100M000100Y43");
  await page.click("#doc-check");
  await page.waitForSelector("#doc-verdict.ok");
  const fields = await page.textContent("#doc-fields");
  assert.match(fields, /Market regulation/);
  assert.match(fields, /Enterprise/);
  await context.close();
});

test("an MRZ with a mistyped document number highlights the number and its check digit", async () => {
  const { page, context, errors } = await openPage(env.browser, url());
  const mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C46UTO7408122F1204159ZE184226B<<<<<10";
  await page.fill("#mrz-text", mrz);
  await page.click("#mrz-check");
  await page.waitForSelector("#mrz-verdict.bad");
  assert.ok(await page.locator('#mrz-text-findings li[data-code="mrz.check.document_number"]').count());
  assert.ok(await page.locator('#mrz-text-findings li[data-code="mrz.specimen_state"]').count(), "UTO is a warning");
  // The characters the failed document-number check covers are marked as the suspects (the typo is
  // among them, not on the check digit)…
  assert.ok(await page.locator('#mrz-view .mrz-suspect[data-pos="2:9"]').count());
  assert.equal(await page.locator('#mrz-view .mrz-suspect[data-pos^="1:"]').count(), 0);
  // …and the check digits that failed (line 2, column 10; the composite at 44) are outlined.
  assert.deepEqual(await page.$$eval("#mrz-view .mrz-check", (s) => s.map((x) => x.dataset.pos)), ["2:10", "2:44"]);
  assert.equal(await page.locator("[style]").count(), 0, "classes only, no inline styles");
  await screenshot(page, "documents-mrz-highlight");
  // Fix the typo: the zone is valid, but the specimen is expired: an error, so the verdict is not
  // green (issue 14: a verdict never contradicts its findings).
  await page.fill("#mrz-text", mrz.replace("C46", "C36"));
  await page.click("#mrz-check");
  await page.waitForSelector('#mrz-verdict.bad[data-severity="error"]');
  assert.equal(await page.locator("#mrz-view .mrz-suspect, #mrz-view .mrz-check").count(), 0);
  assert.ok(await page.locator('#mrz-text-findings li[data-code="mrz.expired"]').count());
  assert.match(await page.textContent("#mrz-fields"), /1974-08-12/);
  assert.deepEqual(errors, []);
  await context.close();
});
