// Peer of the questionnaire capability, side by side in the same run: survey-core (the SurveyJS
// model package) building and stepping the same 40-question conditional questionnaire
// (../questionnaire-40.json, used only here). Both answer every shown question page by page and
// read the shown questions after each answer; both must agree on which questions were shown.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleBytes, packageBytes } from "./bundle-size.mjs";
import { Model } from "survey-core";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const DEF = JSON.parse(readFileSync(here("../questionnaire-40.json"), "utf8"));

/** The same questionnaire in SurveyJS's format. */
function toSurveyJs(def) {
  const cond = (e) => e.replace(/\b(q\d+)\b/g, "{$1}").replace(/==/g, "=").replace(/ in /g, " anyof ");
  return {
    pages: def.pages.map((p) => ({
      name: p.id,
      elements: p.questions.map((q) => {
        const base = { name: q.id, title: q.text.en, isRequired: !!q.required, ...(q.visibleIf ? { visibleIf: cond(q.visibleIf) } : {}) };
        switch (q.type) {
          case "yes_no": return { ...base, type: "boolean" };
          case "rating": return { ...base, type: "rating", rateMin: 1, rateMax: 5 };
          case "single_choice": return { ...base, type: "radiogroup", choices: q.options.map((o) => ({ value: o.value, text: o.text.en })) };
          default: return { ...base, type: "text", validators: [{ type: "text", minLength: 1, maxLength: 100 }] };
        }
      }),
    })),
  };
}

const VALUE = { yes_no: true, rating: 4, single_choice: "a", text: "ok" };
const typeOf = new Map(DEF.pages.flatMap((p) => p.questions.map((q) => [q.id, q.type])));

function runFrontdesk(desk) {
  const s = desk.startQuestionnaire(DEF, {}, "in_app");
  let view = s.view();
  const shown = [];
  for (;;) {
    // An answer can reveal a later question on the same page: take the first unanswered each time.
    for (let q = view.questions.find((x) => x.value === null); q; q = view.questions.find((x) => x.value === null)) {
      shown.push(q.id);
      view = s.answer(q.id, VALUE[q.type]);
    }
    if (!view.canNext) break;
    view = s.next();
  }
  s.finish();
  s.free();
  return shown;
}

function runSurvey(json) {
  const m = new Model(json);
  const shown = [];
  for (;;) {
    const next = () => m.currentPage.questions.find((x) => x.isVisible && m.getValue(x.name) === undefined);
    for (let q = next(); q; q = next()) {
      shown.push(q.name);
      m.setValue(q.name, VALUE[typeOf.get(q.name)]);
    }
    if (m.isLastPage) break;
    m.nextPage();
  }
  m.completeLastPage();
  return shown;
}

export function run(desk, time) {
  const fdBytes = packageBytes();
  const peer = "survey-core";
  const peerBytes = bundleBytes('import { Model } from "survey-core"; globalThis.x = Model;');
  const json = toSurveyJs(DEF);
  const a = runFrontdesk(desk);
  const b = runSurvey(json);
  if (a.join() !== b.join()) process.stderr.write(`WARNING questionnaire-40: shown questions differ (${a.length} vs ${b.length})\n`);
  const answers = a.length;
  const buildFd = time(() => desk.startQuestionnaire(DEF, {}, "in_app").free());
  const buildPeer = time(() => new Model(json));
  const fullFd = time(() => runFrontdesk(desk), { batches: 7 });
  const fullPeer = time(() => runSurvey(json), { batches: 7 });
  const rows = [
    { id: "questionnaire-40/build", peer, frontdeskNs: buildFd, peerNs: buildPeer, frontdeskBytes: fdBytes, peerBytes },
    { id: `questionnaire-40/per answer (${answers} shown)`, peer, frontdeskNs: (fullFd - buildFd) / answers, peerNs: (fullPeer - buildPeer) / answers, frontdeskBytes: fdBytes, peerBytes },
    { id: "questionnaire-40/full run", peer, frontdeskNs: fullFd, peerNs: fullPeer, frontdeskBytes: fdBytes, peerBytes },
  ];
  for (const r of rows) process.stderr.write(`${r.id}: frontdesk ${r.frontdeskNs.toFixed(0)} ns, ${peer} ${r.peerNs.toFixed(0)} ns\n`);
  return rows;
}
