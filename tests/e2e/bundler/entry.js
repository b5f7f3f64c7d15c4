// What an app built with a bundler does: import the package, init, check a number.
import init, { FrontDesk } from "frontdesk";

await init();
const desk = new FrontDesk({ now: "2026-11-23T10:00:00+08:00", locale: "en" });
const r = desk.validateDocument({ kind: "cn_resident_id", number: "110105194912310021" });
document.body.dataset.result = JSON.stringify({ valid: r.valid, codes: r.findings.map((f) => f.code) });
