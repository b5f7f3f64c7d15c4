// The customer's usual mistakes, typed like a person, shared by the e2e files that walk them
// (sweep.test.mjs checks every screen after one; mistake-paths.test.mjs photographs them).
import { typeInto, retype } from "./lib.mjs";

export const WRONG_DIGIT_ID = "440305200005010011"; // 440305200005010010 with its last digit wrong
export const SHORT_MOBILE = "1390000567"; // ten digits

/** Pre-check: an adult, one wrong digit in the ID number; the documents step stops at the field. */
export async function precheckWrongDigit(page) {
  await page.click("#pc-kind-resident_adult");
  await page.click("#pc-next");
  await typeInto(page, "#pc-doc-number", WRONG_DIGIT_ID);
  await page.click("#pc-next");
  await page.waitForSelector("#pc-doc-number[aria-invalid=true]");
}

/** Contact: a new mobile number one digit short, checked. */
export async function contactShortMobile(page) {
  await typeInto(page, "#ct-new-mobile", SHORT_MOBILE);
  await page.click("#ct-check");
  await page.waitForSelector("#ct-new-mobile[aria-invalid=true]");
}

/** Calendar: the number of working days left empty. */
export async function calendarNoDays(page) {
  await retype(page, "#cal-days", "");
  await page.click("#cal-compute");
  await page.waitForSelector("#cal-days[aria-invalid=true]");
}

/** Type an MRZ line by line, as printed (Enter between lines). */
export async function typeMrz(page, lines) {
  await page.click("#mrz-text");
  for (const [i, line] of lines.entries()) {
    if (i) await page.keyboard.press("Enter");
    await page.keyboard.type(line);
  }
}
