// Cold start of a package from Node: each sample is a fresh process that reads the wasm, compiles
// and instantiates it, builds the first desk and asks the first question (`validateDocument` of a
// resident ID); the same process then times a plain `JSON.parse` of the default pack's text (the
// files of `pkg-config/` as one bundle object, the text a host would fetch) and reads the wasm
// linear memory after the first desk. `node cold.mjs [pkgDir] [runs]` prints one JSON document:
// the median of every figure over the runs (10 by default).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join, relative } from "node:path";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The default pack as bundle text: `{ "<path>": <file JSON>, … }` (schemas left out, minified). */
export function defaultPackText(dir = here("../../pkg-config")) {
  const files = {};
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).replaceAll("\\", "/");
      if (statSync(p).isDirectory()) {
        if (rel !== "schema") walk(p);
      } else if (rel.endsWith(".json")) {
        const v = JSON.parse(readFileSync(p, "utf8"));
        delete v.$schema;
        files[rel] = v;
      }
    }
  };
  walk(dir);
  return JSON.stringify(files);
}

async function child(pkgDir) {
  const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
  const bytes = readFileSync(join(pkgDir, "frontdesk_bg.wasm"));
  const glue = await import(pathToFileURL(join(pkgDir, "frontdesk.js")).href);
  const packText = process.env.FRONTDESK_PACK_TEXT_FILE ? readFileSync(process.env.FRONTDESK_PACK_TEXT_FILE, "utf8") : null;
  const t0 = process.hrtime.bigint();
  const module = new WebAssembly.Module(bytes);
  const compile = ms(t0);
  const t1 = process.hrtime.bigint();
  const exports = glue.initSync({ module });
  const instantiate = ms(t1);
  const t2 = process.hrtime.bigint();
  const desk = new glue.FrontDesk({ now: "2026-11-23T10:00:00+08:00", locale: "zh-CN" });
  const firstDesk = ms(t2);
  const t3 = process.hrtime.bigint();
  const answer = desk.validateDocument({ kind: "cn_resident_id", number: "11010519491231002X" });
  const firstAnswer = ms(t3);
  if (!answer || !answer.valid) throw new Error("first answer is wrong: " + JSON.stringify(answer));
  const total = ms(t0);
  const memory = exports.memory.buffer.byteLength;
  const t4 = process.hrtime.bigint();
  const desk2 = new glue.FrontDesk({ now: "2026-11-23T10:00:00+08:00", locale: "en" });
  const secondDesk = ms(t4);
  desk2.free();
  // The same pack text, parsed by the engine: the yardstick for the desk's construction.
  let jsonParse = null;
  if (packText) {
    const t5 = process.hrtime.bigint();
    JSON.parse(packText);
    jsonParse = ms(t5);
  }
  return { compile, instantiate, firstDesk, firstAnswer, total, secondDesk, jsonParse, memory };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(await child(process.argv[3])) + "\n");
} else {
  const pkgDir = process.argv[2] ? process.argv[2] : here("../../pkg");
  const runs = Number(process.argv[3] ?? 10);
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const packText = defaultPackText();
  const textFile = join(mkdtempSync(join(tmpdir(), "frontdesk-cold-")), "pack.json");
  writeFileSync(textFile, packText);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--child", pkgDir], {
      env: { ...process.env, FRONTDESK_PACK_TEXT_FILE: textFile },
    });
    samples.push(JSON.parse(out.toString()));
  }
  const result = { runs, packTextBytes: Buffer.byteLength(packText) };
  for (const k of Object.keys(samples[0])) result[k] = median(samples.map((s) => s[k]));
  result.deskOverJsonParse = result.firstDesk / result.jsonParse;
  process.stdout.write(JSON.stringify(result) + "\n");
}
