// Peers of the documents capability, side by side in the same run: the npm packages users pick
// today for the same job. Same inputs through both; per-call time from Node and the bytes each
// ships for that use (gzip -9 of an esbuild bundle of just the import used; frontdesk: the whole
// package, wasm + JS glue, every capability and the default rule pack included).
import { bundleBytes, packageBytes } from "./bundle-size.mjs";
import { parse as mrzParse } from "mrz";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import isIdentityCard from "validator/lib/isIdentityCard.js";


const TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";

export function run(desk, time) {
  const fdBytes = packageBytes();
  const peerBytes = {
    mrz: bundleBytes('import { parse } from "mrz"; globalThis.x = parse;'),
    "libphonenumber-js/max": bundleBytes('import { parsePhoneNumberFromString } from "libphonenumber-js/max"; globalThis.x = parsePhoneNumberFromString;'),
    "validator isIdentityCard": bundleBytes('import isIdentityCard from "validator/es/lib/isIdentityCard"; globalThis.x = isIdentityCard;'),
  };
  const rows = [];
  const row = (id, peer, fd, other) => {
    // Interleaved rounds (frontdesk, peer, frontdesk, …) so that load from other processes hits
    // both sides alike; each side's figure is the median over the rounds.
    const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const fdRounds = [];
    const peerRounds = [];
    for (let r = 0; r < 7; r++) {
      fdRounds.push(time(fd, { batches: 5, minBatchMs: 20 }));
      peerRounds.push(time(other, { batches: 5, minBatchMs: 20 }));
    }
    const frontdeskNs = median(fdRounds);
    const peerNs = median(peerRounds);
    process.stderr.write(`${id}: frontdesk ${frontdeskNs.toFixed(0)} ns, ${peer} ${peerNs.toFixed(0)} ns\n`);
    rows.push({ id, peer, frontdeskNs, peerNs, frontdeskBytes: fdBytes, peerBytes: peerBytes[peer] });
  };
  const agree = (label, a, b) => {
    if (a !== b) process.stderr.write(`WARNING ${label}: frontdesk says ${a}, peer says ${b}\n`);
  };
  agree("mrz TD3", desk.parseMrz(TD3).valid, mrzParse(TD3.split("\n")).details.filter((d) => !d.valid && d.field !== "issuingState" && d.field !== "nationality").length === 0);
  row("parseMrz/TD3 specimen", "mrz", () => desk.parseMrz(TD3), () => mrzParse(TD3.split("\n")));
  row("parseMrz/TD1 specimen", "mrz", () => desk.parseMrz(TD1), () => mrzParse(TD1.split("\n")));
  for (const [id, number] of [["cn_mobile/+86 spaced", "+86 138 1234 1234"], ["cn_mobile/plain", "13812341234"]]) {
    agree(id, desk.validateDocument({ kind: "cn_mobile", number }).valid, parsePhoneNumberFromString(number, "CN")?.isValid());
    row(`validateDocument/${id}`, "libphonenumber-js/max",
      () => desk.validateDocument({ kind: "cn_mobile", number }),
      () => { const p = parsePhoneNumberFromString(number, "CN"); return p && p.isValid() && p.number; });
  }
  for (const [id, number] of [["cn_resident_id/valid", "11010519491231002X"], ["cn_resident_id/checksum", "110105194912310021"]]) {
    agree(id, desk.validateDocument({ kind: "cn_resident_id", number }).valid, isIdentityCard(number, "zh-CN"));
    row(`validateDocument/${id}`, "validator isIdentityCard",
      () => desk.validateDocument({ kind: "cn_resident_id", number }),
      () => isIdentityCard(number, "zh-CN"));
  }
  return rows;
}
