// The package's TypeScript face, as a bank front-end team compiles against it: consumer.ts (every
// method, typed misuse marked @ts-expect-error) through the TypeScript compiler with --strict and
// library checking on, plus checks of the generated pkg/frontdesk.d.ts itself.
//
// FRONTDESK_PKG=<dir> checks another package (how this layer was seen failing on main).

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const tsDir = path.resolve(here, "..");
const root = process.env.FRONTDESK_ROOT ?? path.resolve(tsDir, "../..");
const pkg = path.resolve(process.env.FRONTDESK_PKG ?? path.join(root, "pkg"));
const dts = path.join(pkg, "frontdesk.d.ts");
const consumer = path.join(tsDir, "consumer.ts");

/** tsconfig.json as the team wrote it, with `frontdesk` pointing at the package under test. */
function options() {
  const file = path.join(tsDir, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  });
  assert.ok(parsed, "tsconfig.json parses");
  assert.deepEqual(parsed.errors, []);
  return { ...parsed.options, paths: { frontdesk: [dts] } };
}

function format(diagnostics) {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => tsDir,
    getNewLine: () => "\n",
  });
}

/** The program of consumer.ts, or of `text` in its place. */
function program(text) {
  const opts = options();
  const host = ts.createCompilerHost(opts, true);
  if (text !== undefined) {
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      path.resolve(name) === consumer ? ts.createSourceFile(name, text, lang, true) : read(name, lang, ...rest);
  }
  return ts.createProgram({ rootNames: [consumer], options: opts, host });
}

function declarations() {
  assert.ok(fs.existsSync(dts), `${dts} exists (cargo xtask pkg builds it)`);
  return ts.createSourceFile(dts, fs.readFileSync(dts, "utf8"), ts.ScriptTarget.Latest, true);
}

test("the team's settings: --strict, library types checked (no skipLibCheck)", () => {
  const o = options();
  assert.equal(o.strict, true);
  assert.notEqual(o.skipLibCheck, true);
  assert.notEqual(o.skipDefaultLibCheck, true);
});

test("consumer.ts compiles against pkg/frontdesk.d.ts, and every @ts-expect-error line is an error", () => {
  // An @ts-expect-error above a line that compiles is itself an error (TS2578), so an empty list
  // means: every correct call type-checks, and every marked misuse is refused.
  const diagnostics = ts.getPreEmitDiagnostics(program());
  assert.equal(diagnostics.length, 0, `tsc --strict reports:\n${format(diagnostics)}`);
});

test("each misuse is refused on its own line (not by a neighbour)", () => {
  // Without the directives, exactly the marked lines fail, one error site each.
  const text = fs.readFileSync(consumer, "utf8");
  const lines = text.split("\n");
  const marked = [];
  lines.forEach((l, i) => {
    if (l.trim().startsWith("// @ts-expect-error")) marked.push(i + 1); // the next line, 0-based
  });
  assert.ok(marked.length >= 20, `consumer.ts holds ${marked.length} misuse lines`);
  const stripped = lines.map((l) => (l.trim().startsWith("// @ts-expect-error") ? "" : l)).join("\n");
  const p = program(stripped);
  const failing = new Set(
    ts.getPreEmitDiagnostics(p)
      .filter((d) => d.file && path.resolve(d.file.fileName) === consumer)
      .map((d) => d.file.getLineAndCharacterOfPosition(d.start).line),
  );
  for (const line of marked) {
    assert.ok(failing.has(line), `line ${line + 1} (${lines[line].trim()}) is refused`);
  }
  for (const line of failing) {
    assert.ok(marked.includes(line), `line ${line + 1} fails unmarked: ${lines[line].trim()}`);
  }
});

test("consumer.ts calls every method of FrontDesk and QuestionnaireSession", () => {
  const d = declarations();
  const methods = new Map();
  for (const s of d.statements) {
    if (ts.isClassDeclaration(s) && s.name) {
      const names = [];
      for (const m of s.members) {
        if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name)) names.push(m.name.text);
      }
      methods.set(s.name.text, names);
    }
  }
  assert.deepEqual([...methods.keys()].sort(), ["FrontDesk", "QuestionnaireSession"]);
  const src = ts.createSourceFile(consumer, fs.readFileSync(consumer, "utf8"), ts.ScriptTarget.Latest, true);
  const called = new Set();
  (function walk(n) {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) called.add(n.expression.name.text);
    ts.forEachChild(n, walk);
  })(src);
  const missing = [];
  for (const [cls, names] of methods) {
    for (const m of names) if (!called.has(m)) missing.push(`${cls}.${m}`);
  }
  assert.deepEqual(missing, [], "methods consumer.ts never calls");
  assert.ok(methods.get("FrontDesk").length >= 40, "FrontDesk has its methods");
});

test("no two exported types share a name", () => {
  const seen = new Map();
  for (const s of declarations().statements) {
    if ((ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      seen.set(s.name.text, (seen.get(s.name.text) ?? 0) + 1);
    }
  }
  const twice = [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  assert.deepEqual(twice, []);
});

/** The string literals of `export type <name> = "a" | "b" | …`. */
function union(d, name) {
  const s = d.statements.find((x) => ts.isTypeAliasDeclaration(x) && x.name.text === name);
  assert.ok(s, `${name} is declared`);
  const out = [];
  (function walk(n) {
    if (ts.isLiteralTypeNode(n) && ts.isStringLiteral(n.literal)) out.push(n.literal.text);
    ts.forEachChild(n, walk);
  })(s.type);
  return out;
}

test("each Known* union is the default rule pack's ids, and its open type accepts any string", () => {
  const d = declarations();
  const pack = (f) => JSON.parse(fs.readFileSync(path.join(root, "pkg-config", f), "utf8"));
  const ids = (list) => list.map((x) => x.id);
  const tiers = pack("tiers.json");
  const contact = pack("contact.json");
  const callbacks = pack("callbacks.json");
  const questionnaires = fs.readdirSync(path.join(root, "pkg-config/questionnaires"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => pack(`questionnaires/${f}`).id);
  const expected = {
    KnownTierId: ids(tiers.tiers),
    KnownBankLevelId: ids(tiers.bankLevels),
    KnownWhitelistCategory: ids(tiers.whitelist),
    KnownTransactionKind: ids(tiers.kinds),
    KnownTransactionChannel: ids(tiers.channels),
    KnownAccountStatus: ids(tiers.statuses),
    KnownAdjustmentReason: ids(tiers.adjustment.reasons),
    KnownEvidenceId: ids(tiers.adjustment.evidence),
    KnownRelationship: contact.relationships,
    KnownVerificationLevel: ids(contact.verification.levels),
    KnownAccountType: Object.keys(callbacks.accountTypes),
    KnownCallbackEvent: Object.keys(callbacks.events),
    KnownQuestionnaireId: questionnaires,
    KnownMaterialId: ids(pack("precheck/materials.json").materials),
  };
  for (const [name, want] of Object.entries(expected)) {
    assert.deepEqual(union(d, name).sort(), [...want].sort(), `${name} lists the default pack's ids`);
    const open = name.slice("Known".length);
    const s = d.statements.find((x) => ts.isTypeAliasDeclaration(x) && x.name.text === open);
    assert.ok(s, `${open} is declared`);
    assert.match(s.type.getText(d), new RegExp(`^${name} \\| \\(string & \\{\\}\\)$`), `${open} is ${name} | (string & {})`);
  }
});

test("the channel vocabulary is one: each capability's channels are a subset of Channel", () => {
  const d = declarations();
  const all = union(d, "Channel");
  assert.deepEqual(all, ["in_app", "kiosk", "counter", "phone", "sms"]);
  for (const name of ["QuestionnaireChannel", "ContactChannel"]) {
    const s = d.statements.find((x) => ts.isTypeAliasDeclaration(x) && x.name.text === name);
    assert.ok(s, `${name} is declared`);
    assert.match(s.type.getText(d), /^Extract<Channel, /);
    for (const c of union(d, name)) assert.ok(all.includes(c), `${name}: ${c} is a Channel`);
  }
});

test("each lean package's .d.ts compiles on its own (FRONTDESK_LEAN, set by cargo xtask test)", (t) => {
  const lean = process.env.FRONTDESK_LEAN;
  if (!lean) {
    t.skip("FRONTDESK_LEAN not set: cargo xtask test builds the lean packages first");
    return;
  }
  const dirs = fs.readdirSync(lean).filter((d) => fs.existsSync(path.join(lean, d, "frontdesk.d.ts")));
  assert.ok(dirs.length >= 6, `lean packages under ${lean}: ${dirs.join(", ")}`);
  for (const dir of dirs) {
    const file = path.join(tsDir, `lean-${dir}.ts`);
    const text = `import { FrontDesk, type DeskInfo } from "frontdesk";\nexport const info: DeskInfo = new FrontDesk({ now: "2026-11-23T10:00:00+08:00" }).info();\n`;
    const opts = { ...options(), paths: { frontdesk: [path.join(lean, dir, "frontdesk.d.ts")] } };
    const host = ts.createCompilerHost(opts, true);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      path.resolve(name) === file ? ts.createSourceFile(name, text, lang, true) : read(name, lang, ...rest);
    host.fileExists = ((exists) => (name) => path.resolve(name) === file || exists(name))(host.fileExists.bind(host));
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram({ rootNames: [file], options: opts, host }));
    assert.equal(diagnostics.length, 0, `lean package ${dir}:\n${format(diagnostics)}`);
  }
});
