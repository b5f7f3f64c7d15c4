// "Update my details": masked diff, findings next to each field, verification and the request's
// idempotency key; the full number never reaches the rendered page; drafts survive a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, screenshot, NOW, serverAndBrowser } from "../lib.mjs";

const NEW_MOBILE = "13900005678";
const env = serverAndBrowser();

async function open(extra = "", opts) {
  const r = await openPage(env.browser, `${env.server.url}?now=${encodeURIComponent(NOW)}${extra}#/contact`, opts);
  await r.page.waitForSelector("#screen-contact:not([hidden])");
  return r;
}

test("a new mobile number via the app: masked diff, codes to the old and new numbers + live face check, idempotency key", async () => {
  const { page, context, outside, errors } = await open();
  await page.fill("#ct-new-mobile", NEW_MOBILE);
  await page.selectOption("#ct-channel", "in_app");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  const row = page.locator('#ct-diff tr[data-field="mobile"]');
  assert.match(await row.textContent(), /130\*{4}0000/);
  assert.match(await row.textContent(), /139\*{4}5678/);
  // Issue 15 item 14: the number on file must still return a code, and a live face check (never a
  // photo of the ID) — the page shows every step as text.
  assert.equal(await page.getAttribute("#ct-level", "data-level"), "sms_old_new_live_face");
  assert.deepEqual(await page.$$eval("#ct-steps li", (l) => l.map((x) => x.dataset.step)), ["sms_on_file", "sms_new_number", "live_face"]);
  assert.match(await page.textContent('#ct-steps li[data-step="live_face"]'), /活体人脸识别/);
  const key = await page.textContent("#ct-key");
  // HMAC under the page's per-desk nonce (issue 15 item 16): versioned, 130 bits.
  assert.match(key, /^h1\.[0-9A-HJKMNP-TV-Z]{26}$/);
  // The full number never appears in the rendered page (markup or visible text).
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  for (const s of [html, text]) {
    assert.ok(!s.includes(NEW_MOBILE), "new number rendered");
    assert.ok(!s.includes("13000000000"), "number on file rendered");
    assert.ok(!s.includes("11010519491231002X"), "ID number rendered");
  }
  // The ID on file has expired: the reminder sits next to it (the on-file row, shown masked and
  // read-only since issue 14), tied by aria-describedby.
  const described = await page.getAttribute("#ct-cur-idDocument", "aria-describedby");
  assert.ok(await page.locator(`#${described} li[data-code="contact.id.current_expired"]`).count());
  await screenshot(page, "contact-mobile-app");
  // Same change, same key (a double submit is harmless).
  await page.click("#ct-check");
  assert.equal(await page.textContent("#ct-key"), key);
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("old number unreachable: new number's code, live face and a second factor; findings next to each field; English", async () => {
  const { page, context } = await open();
  await page.click("#lang");
  await page.waitForFunction(() => document.documentElement.lang === "en");
  await page.fill("#ct-new-mobile", NEW_MOBILE);
  await page.uncheck("#ct-reachable");
  await page.fill("#ct-new-emergencyContact-name", "王示例");
  await page.selectOption("#ct-new-emergencyContact-relationship", "friend");
  await page.fill("#ct-new-emergencyContact-mobile", NEW_MOBILE);
  await page.fill("#ct-new-mailingAddress-province", "上海");
  await page.fill("#ct-new-mailingAddress-city", "上海市");
  await page.fill("#ct-new-mailingAddress-district", "浦东新区");
  await page.fill("#ct-new-mailingAddress-detail", "示例路2号");
  await page.fill("#ct-new-mailingAddress-postcode", "100080");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  assert.equal(await page.getAttribute("#ct-level", "data-level"), "sms_new_live_face_second_factor");
  assert.deepEqual(await page.$$eval("#ct-steps li", (l) => l.map((x) => x.dataset.step)), ["sms_new_number", "live_face", "second_factor"]);
  assert.match(await page.textContent('#ct-steps li[data-step="second_factor"]'), /transaction password/);
  // The emergency contact's own-number error still blocks the request.
  assert.equal(await page.getAttribute("#ct-submittable", "data-submittable"), "false");
  const own = page.locator('#ct-new-emergencyContact-mobile-findings li[data-code="contact.emergency.own_number"]');
  assert.match(await own.textContent(), /cannot be your own/);
  assert.equal(await page.getAttribute("#ct-new-emergencyContact-mobile", "aria-invalid"), "true");
  assert.ok(await page.locator('#ct-new-mailingAddress-postcode-findings li.warning[data-code="contact.address.postcode_province"]').count());
  assert.ok(await page.locator('#ct-reasons li[data-code="contact.why.old_mobile_unreachable"]').count());
  assert.ok(!(await page.content()).includes(NEW_MOBILE));
  await screenshot(page, "contact-unreachable-en");
  await context.close();
});

test("during a bank-initiated call nothing is changed: the page says where to go (issue 15 item 15)", async () => {
  const { page, context } = await open();
  await page.selectOption("#ct-channel", "phone");
  await page.fill("#ct-new-mailingAddress-province", "上海");
  await page.fill("#ct-new-mailingAddress-city", "上海市");
  await page.fill("#ct-new-mailingAddress-district", "浦东新区");
  await page.fill("#ct-new-mailingAddress-detail", "示例路2号");
  await page.fill("#ct-new-mailingAddress-postcode", "200120");
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  assert.equal(await page.getAttribute("#ct-level", "data-level"), "refer");
  assert.match(await page.textContent("#ct-summary"), /电话中不能修改资料/);
  assert.match(await page.textContent('#ct-steps li[data-step="refer_app_or_branch"]'), /手机银行.*网点/);
  assert.equal(await page.getAttribute("#ct-submittable", "data-submittable"), "false");
  await screenshot(page, "contact-phone-callback-referral");
  await context.close();
});

test("a draft is saved, survives a reload, and a tampered draft is refused", async () => {
  const { page, context } = await open();
  await page.fill("#ct-new-email", "new.demo@example.net");
  await page.click("#ct-save");
  await page.waitForFunction(() => document.getElementById("ct-draft-status").textContent !== "");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.inputValue("#ct-new-email"), "");
  await page.click("#ct-resume");
  assert.equal(await page.inputValue("#ct-new-email"), "new.demo@example.net");
  await page.evaluate(() => {
    const k = "frontdesk.draft.contact";
    localStorage.setItem(k, localStorage.getItem(k).replace("new.demo", "evil.demo"));
  });
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await page.click("#ct-resume");
  assert.equal(await page.getAttribute("#ct-draft-status", "data-code"), "contact_draft.tampered");
  assert.equal(await page.inputValue("#ct-new-email"), "");
  assert.equal(await page.evaluate(() => localStorage.getItem("frontdesk.draft.contact")), null);
  await context.close();
});

test("kiosk: no draft buttons, and the idle reset clears the screen", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1080, height: 1920 } });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(`${env.server.url}?now=${encodeURIComponent(NOW)}&mode=kiosk#/contact`);
  await page.waitForSelector("body[data-ready=true]");
  assert.equal(await page.isHidden("#ct-save"), true);
  await page.fill("#ct-new-mobile", NEW_MOBILE);
  await page.click("#ct-check");
  await page.waitForSelector("#ct-result:not([hidden])");
  await screenshot(page, "contact-kiosk");
  await page.clock.runFor(95_000);
  await page.waitForFunction(() => document.getElementById("ct-new-mobile").value === "");
  assert.equal(await page.isHidden("#ct-result"), true);
  assert.ok(!(await page.content()).includes("139****5678"), "masked diff cleared too");
  await context.close();
});
