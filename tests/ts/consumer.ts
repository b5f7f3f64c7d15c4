// A bank front-end team's code against the package's types: every method of `FrontDesk` and
// `QuestionnaireSession` called with correctly typed arguments, its answers read with their types,
// and misuse that must not compile, each marked `@ts-expect-error` (tsc fails if one of them
// compiles after all). Compiled with `tsc --strict` and library checking on (tsconfig.json) by
// tests/tsc.test.mjs, which `cargo xtask test` runs. Nothing here runs: it is checked, not executed.

import init, {
  FrontDesk,
  initSync,
  type Application,
  type CallbackContext,
  type CallbackRecord,
  type SatisfactionSummary,
  type Channel,
  type ContactChannel,
  type ContactUpdateInput,
  type DocumentKind,
  type Finding,
  type FrontDeskError,
  type KnownTierId,
  type QuestionnaireChannel,
  type ServiceChannel,
  type QuestionnaireSession,
  type Severity,
  type TierId,
  type TransactionCheckInput,
  type View,
} from "frontdesk";

declare const wasmBytes: Uint8Array;
declare function show(text: string): void;

export async function boot(): Promise<void> {
  await init();
  initSync({ module: wasmBytes });
}

// ---- the desk ------------------------------------------------------------------------------

const desk = new FrontDesk({ now: "2026-11-23T10:00:00+08:00", locale: "zh-CN" });
new FrontDesk({ now: "2026-11-23T10:00:00+08:00", rulePack: FrontDesk.defaultRulePack() });
const version: string = FrontDesk.validateRulePack(FrontDesk.defaultRulePack());
desk.setNow("2026-11-23T10:05:00+08:00");
desk.setLocale("en");
const info = desk.info();
const hasTiers: boolean = info.capabilities.includes("tiers");
const labels: Record<string, string> = desk.messages("ui.");
const any: unknown = desk.callMethod("isWorkingDay", "2026-10-01");
desk.callMethod("listTiers");
const limits = desk.inputLimits();
for (const k of limits.documentKinds) {
  const kind: DocumentKind = k.kind;
  show(`${kind} ${k.maxChars}`);
}
show(`${version} ${info.locale} ${hasTiers} ${labels["ui.title"]} ${String(any)}`);

// Errors are FrontDeskError with a code and a path.
try {
  desk.validateDocument({ kind: "cn_resident_id", number: "" });
} catch (e) {
  const err = e as FrontDeskError;
  show(`${err.code} ${err.path ?? ""}`);
}

// ---- documents -----------------------------------------------------------------------------

const doc = desk.validateDocument({
  kind: "cn_resident_id",
  number: "11010519491231002x",
  issueDate: "2005-03-10",
  expiryDate: "2025-03-10",
});
const severities: Severity[] = doc.findings.map((f: Finding) => f.severity);
const docKind: DocumentKind = doc.kind;
if (doc.fields.region === "HK") show("Hong Kong");
show(`${doc.masked ?? ""} ${severities.join()} ${docKind} ${doc.fields.ageGroup ?? ""}`);
const mrz = desk.parseMrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10");
show(`${mrz.format ?? ""} ${mrz.fields.sex ?? ""}`);
const amount = desk.parseAmount({ text: "1.5万" });
const fen: number | undefined = amount.fen;
const count = desk.parseCount({ text: "3", max: 10 });
show(`${fen ?? 0} ${count.value ?? 0}`);

// ---- pre-check -----------------------------------------------------------------------------

const application: Application = {
  applicant: {
    kind: "resident_adult",
    occupation: "employee",
    document: { kind: "cn_resident_id", number: "440305200005010010", expiryDate: "2028-05-10" },
  },
  account: { kind: "personal_class_1", purpose: "savings" },
  held: { personal_class_1: 1 },
  contact: { mobile: "13812341234", address: { province: "44", city: "深圳" } },
  branch: { province: "44", city: "深圳" },
  materials: ["resident_id", "a_material_my_bank_added"],
};
const pre = desk.precheck(application);
const form = desk.precheckForm();
show(`${form.applicants[0]?.documentKinds.join() ?? ""}`);
const ticket = desk.readTicket(pre.ticket.code);
show(`${pre.ready} ${pre.checklist[0]?.status ?? ""} ${ticket.ticket?.reference ?? ""}`);
desk.precheck({
  applicant: { kind: "foreign_national", document: { kind: "passport", mrz: "P<UTO…" } },
  account: { kind: "personal_class_2" },
});
// Other errands of the same visit (packages with the service capability): which need no queue.
const diverted = desk.precheck({ ...application, account: { kind: "personal_class_2" }, errands: ["replace_card"] });
const noQueue: ServiceChannel[] = diverted.selfService[0]?.withoutQueue ?? [];
show(`${noQueue.join()} ${diverted.selfService.map((s) => `${s.name}: ${s.why} ${s.fees[0]?.display ?? ""}`).join()}`);

// ---- tiers and limits ----------------------------------------------------------------------

const tiers = desk.listTiers();
const firstTier: TierId = tiers.tiers[0]?.id ?? "personal_class_1";
const explained = desk.explainTier("personal_class_2");
desk.explainTier("a_tier_my_bank_added"); // an open set: any pack id is accepted
const compared = desk.compareTiers(["personal_class_1", "personal_class_2"]);
const check: TransactionCheckInput = {
  account: { tier: "personal_class_2", balanceFen: 500_000, status: "active", whitelist: ["payroll"] },
  history: [{ at: "2026-11-23T09:00:00+08:00", direction: "outbound", kind: "transfer", counterparty: "non_bound", channel: "mobile_banking", amountFen: 100_000 }],
  transaction: { direction: "outbound", kind: "transfer", counterparty: "non_bound", channel: "mobile_banking", amountFen: 900_000 },
};
const checked = desk.checkTransaction(check);
const left: number | undefined = checked.remaining.dayFen;
const adjust = desk.requestLimitAdjustment({
  account: { tier: "personal_class_2", balanceFen: 0, bankLevel: "basic_1000" },
  reason: "limit_too_low",
  evidence: ["valid_id"],
  requestedLevel: "standard_3000",
});
show(`${firstTier} ${explained.name} ${compared.rows.length} ${checked.allowed} ${left ?? 0} ${adjust.reference}`);
const known: KnownTierId = "personal_class_3";
show(known);

// ---- questionnaires ------------------------------------------------------------------------

const context: CallbackContext = {
  accountRef: "6228480402564890018",
  accountType: "personal_class_1",
  riskLevel: "medium",
  transactionAmountFen: 5_000_000,
  transactionDate: "2026-11-20",
  transactionChannel: "mobile_banking",
};
const list = desk.listQuestionnaires();
const lint = desk.lintQuestionnaire({ id: "mine", version: "1", title: { "zh-CN": "回访", en: "Callback" }, pages: [] });
const session: QuestionnaireSession = desk.startQuestionnaire("event_large_transaction", context, "in_app");
desk.startQuestionnaire("periodic"); // context and channel are optional
let view: View = session.view();
view = session.answer("txn_mine", false);
view = session.answer("satisfaction", 4);
view = session.answer("mb_features", ["transfer"]);
view = session.answer("new_address", { province: "广东", city: "深圳" });
view = session.answer("txn_mine", null);
view = session.next();
view = session.back();
session.setLocale("zh-CN");
const saved: string = session.save();
const draft: string = session.saveDraft();
const resumed = desk.resumeQuestionnaire(saved);
desk.resumeQuestionnaire(draft, context);
const finished = resumed.finish();
const record: CallbackRecord = finished.record;
const recordChannel: QuestionnaireChannel = record.channel;
const verified: boolean = desk.verifyQuestionnaireRecord(record).valid;
session.free();
const run = desk.runQuestionnaire({ id: "periodic", channel: "phone", context, answers: { mobile_same: true } });
const started = desk.questionnaireStart({ id: "periodic", channel: "kiosk" });
const stepped = desk.questionnaireStep({
  saved: started.saved,
  actions: [{ do: "answer", questionId: "mobile_same", value: true }, { do: "next" }, { do: "back" }, { do: "finish" }],
});
const again: View = desk.questionnaireView({ saved: stepped.saved });
const script = desk.renderScript("periodic", "en");
desk.renderScript({ id: "periodic", locale: "zh-CN" });
const sms = desk.renderSms("new_account");
const smsAt = desk.renderSms("periodic", "zh-CN", { at: "2026-11-23T20:59:00+08:00", sentAt: ["2026-11-20T09:00:00+08:00"] });
const smsBlocked: "rest_hours" | "daily_cap" | "rolling_cap" | null | undefined = smsAt.send?.blockedBy;
show(`${smsAt.send?.allowedNow} ${smsBlocked}`);
// Issue 16 §3.1: the satisfaction survey, its follow-up with a department and due date, and its card.
const survey = desk.runQuestionnaire({
  id: "satisfaction",
  context: { serviceChannel: "app", flow: "contact" },
  answers: { rate_products: 4, rate_efficiency: 4, rate_service_quality: 4, rate_environment_online: 4, rate_attitude_online: 1, low_areas: ["attitude"], contact_ok: "phone" },
});
const surveyDue: string | null | undefined = survey.followUps?.[0]?.dueBy;
const surveyDepartment: string | undefined = survey.record?.followUps[0]?.department;
const card: SatisfactionSummary | null = survey.record ? desk.satisfactionSummary(survey.record) : null;
const cardLow: boolean | undefined = card?.low;
const cardDue: string | null | undefined = card?.secondContact?.dueBy;
show(`${surveyDue} ${surveyDepartment} ${cardLow} ${cardDue} ${card?.dimensions.map((d) => `${d.id}:${d.rating}`).join(",")}`);
show(`${list.length} ${lint.valid} ${view.channel} ${recordChannel} ${verified} ${run.complete} ${again.progress.percent} ${script.lines.length} ${sms.encoding}`);
{
  using scoped = desk.startQuestionnaire("periodic");
  show(scoped.view().title);
}

// ---- calendar ------------------------------------------------------------------------------

const day = desk.isWorkingDay("2026-10-08");
const added = desk.addWorkingDays("2026-09-30", 3);
const between = desk.workingDaysBetween("2026-09-30", "2026-10-09");
show(`${day.kind} ${added.date} ${between.workingDays}`);

// ---- callbacks -----------------------------------------------------------------------------

const plan = desk.callbackPlan({
  accounts: [
    { ref: "A1", type: "personal_class_1", riskLevel: "high", openedOn: "2026-01-05" },
    {
      ref: "B-0042", customerRef: "C-77", type: "business_basic", riskLevel: "medium", openedOn: "2024-01-10",
      lastCallbackOn: "2026-08-20", status: "abnormal",
      attempts: [{ at: "2026-11-20T10:05:00+08:00", channel: "phone", outcome: "no_answer" }],
      smsSentAt: ["2026-11-18T09:00:00+08:00"],
    },
  ],
  events: [
    { ref: "E1", kind: "large_transaction", on: "2026-11-20", segment: "business" },
    { ref: "E2", kind: "suspected_fraud", on: "2026-11-23", at: "2026-11-23T09:30:00+08:00" },
  ],
  quality: { month: "2026-11", seed: "QA-2026-11", completed: [{ ref: "B-1", agentId: "A100293", completedAt: "2026-11-20T10:00:00+08:00", outcome: "completed", followUpActions: [] }] },
});
const first = plan.items[0];
const action: "call" | "send_sms" | "send_in_app" | "wait_reply" | "escalate" | "none" | undefined = first?.nextStep.action;
const smsOk: boolean | undefined = first?.sms.allowedNow;
const urgent: boolean | undefined = first?.urgent;
show(`${first?.questionnaire ?? ""} ${first?.segment ?? ""} ${first?.dueAt ?? ""} ${action ?? ""} ${smsOk} ${urgent} ${plan.summary.nextActions.send_sms} ${plan.qualitySample?.items.length ?? 0}`);
const caseStep = desk.callbackCase({
  open: { ref: "B-0042", customerRef: "C-77", trigger: "periodic", questionnaire: "periodic", segment: "business" },
  action: { type: "attempt", at: "2026-11-23T09:30:00+08:00", channel: "phone", outcome: "no_answer", agentId: "A100293" },
});
const caseAgain = desk.callbackCase({ saved: caseStep.saved, action: { type: "close", at: "2026-11-23T09:40:00+08:00", reason: "cancelled" } });
show(`${caseStep.case.attempts[0]?.agent ?? ""} ${caseStep.nextStep.action} ${caseAgain.case.finalOutcome ?? ""} ${caseAgain.case.satisfaction.satisfiedInEnd}`);
// @ts-expect-error — a close reason that does not exist
desk.callbackCase({ saved: caseStep.saved, action: { type: "close", at: "2026-11-23T09:40:00+08:00", reason: "bored" } });

// ---- contact updates -----------------------------------------------------------------------

const update: ContactUpdateInput = {
  current: { mobile: "13800001234", idDocument: { kind: "cn_resident_id", number: "110105199005151232", expiryDate: "2040-06-01" } },
  proposed: { mobile: "13900005678", emergencyContact: { name: "欧阳示例", relationship: "spouse", mobile: "13700001111" } },
  channel: "in_app",
  oldMobileReachable: true,
};
const prepared = desk.prepareContactUpdate(update);
const requestChannel: ContactChannel = prepared.request.channel;
const contactDraft: string = desk.saveContactDraft(update);
const back: ContactUpdateInput = desk.resumeContactDraft(contactDraft);
const options = desk.contactOptions();
const optionChannels: ContactChannel[] = options.channels.map((c) => c.id);
show(`${prepared.verification.level} ${requestChannel} ${back.channel} ${optionChannels.join()}`);

// One vocabulary: a channel both capabilities serve has one spelling, and both accept it.
const shared: QuestionnaireChannel & ContactChannel = "kiosk";
const everywhere: Channel = shared;
desk.prepareContactUpdate({ channel: shared });
desk.startQuestionnaire("periodic", {}, shared);
show(everywhere);

// ---- QR ------------------------------------------------------------------------------------

const qr = desk.qrCode(pre.ticket.code, { ecc: "Q" });
desk.qrCode("FD1TEST");
show(`${qr.size} ${qr.svgPath.length}`);
desk.free();

// ---- misuse: each line below must NOT compile ----------------------------------------------

// @ts-expect-error — an unknown document kind (a typo)
desk.validateDocument({ kind: "cn_pasport", number: "E12345678" });
// @ts-expect-error — a missing required field (`number`)
desk.validateDocument({ kind: "cn_mobile" });
// @ts-expect-error — an unknown field
desk.validateDocument({ kind: "cn_mobile", number: "13812341234", country: "CN" });
// @ts-expect-error — a string amount where integer fen is expected
desk.checkTransaction({ ...check, transaction: { ...check.transaction, amountFen: "9000.00" } });
// @ts-expect-error — a missing required field (`transaction`)
desk.checkTransaction({ account: check.account });
// @ts-expect-error — a direction that does not exist
desk.checkTransaction({ ...check, transaction: { ...check.transaction, direction: "sideways" } });
// @ts-expect-error — the deprecated contact spelling `app` (still read at run time, not in new code)
desk.prepareContactUpdate({ ...update, channel: "app" });
// @ts-expect-error — `phone_callback` is now `phone`
desk.prepareContactUpdate({ ...update, channel: "phone_callback" });
// @ts-expect-error — a contact update is not made by SMS
desk.prepareContactUpdate({ ...update, channel: "sms" });
// @ts-expect-error — a missing required field (`channel`)
desk.prepareContactUpdate({ proposed: { email: "new.demo@example.net" } });
// @ts-expect-error — a questionnaire does not run at a counter
desk.startQuestionnaire("periodic", {}, "counter");
// @ts-expect-error — a wrong channel spelling
desk.runQuestionnaire({ id: "periodic", channel: "app_in" });
// @ts-expect-error — an applicant kind that does not exist
desk.precheck({ ...application, applicant: { kind: "resident" } });
// @ts-expect-error — an account kind that does not exist
desk.precheck({ ...application, account: { kind: "personal_class_4" } });
// @ts-expect-error — an identity document kind that does not exist
desk.precheck({ ...application, applicant: { kind: "resident_adult", document: { kind: "drivers_licence", number: "1" } } });
// @ts-expect-error — a locale the package does not speak
desk.setLocale("fr");
// @ts-expect-error — a locale the package does not speak
new FrontDesk({ now: "2026-11-23T10:00:00+08:00", locale: "zh-TW" });
// @ts-expect-error — `now` is required
new FrontDesk({ locale: "en" });
// @ts-expect-error — a risk level that does not exist
desk.callbackPlan({ accounts: [{ ref: "A1", type: "personal_class_1", riskLevel: "extreme", openedOn: "2026-01-05" }] });
// @ts-expect-error — a callback channel that does not exist
desk.callbackPlan({ accounts: [{ ref: "A1", type: "personal_class_1", riskLevel: "low", openedOn: "2026-01-05", attempts: [{ at: "2026-11-20T10:05:00+08:00", channel: "fax", outcome: "no_answer" }] }] });
// @ts-expect-error — a number of working days given as text
desk.addWorkingDays("2026-09-30", "3");
// @ts-expect-error — an error-correction level that does not exist
desk.qrCode("FD1TEST", { ecc: "X" });
// @ts-expect-error — a questionnaire step that does not exist
desk.questionnaireStep({ saved, actions: [{ do: "skip" }] });
// @ts-expect-error — an answer action without its question
desk.questionnaireStep({ saved, actions: [{ do: "answer", value: true }] });
// ---- service and lifecycle (issue 16) --------------------------------------------------------

const guide = desk.serviceGuide({ errands: ["open_class_1"], available: { inApp: true, kiosk: false } });
show(JSON.stringify(guide));
// The channels an errand answer names are the shared vocabulary's: in_app, not app.
const spared: ServiceChannel[] = guide.errands[0]?.withoutQueue ?? [];
const inApp: boolean = guide.errands[0]?.channels.some((c) => c.channel === "in_app") ?? false;
show(`${spared.join(",")} ${inApp}`);
// @ts-expect-error — "app" is the deprecated spelling: read at run time, absent from the types
const oldSpelling: ServiceChannel = "app";
show(oldSpelling);
const wl = desk.whitelistEligibility({
  account: { tier: "personal_class_1", riskLevel: "low" },
  services: [{ category: "payroll", active: true }],
  activity: [{ category: "payroll", dates: ["2026-10-10", "2026-11-10"] }],
  category: "payroll",
  submittedOn: "2026-11-23",
});
show(JSON.stringify(wl));
const level = desk.explainAccountLevel({
  account: { tier: "personal_class_1", bankLevel: "verified_5000" },
  dueDiligence: { verification: "remote_bound_account", purposeEvidence: "stated", riskLevel: "medium", contactVerified: true },
  change: { basis: "routine" },
});
show(JSON.stringify(level));
const dormant = desk.dormantWakeUp({
  account: { tier: "personal_class_1", status: "dormant", accountRef: "6222020200112233018", lastActiveOn: "2020-05-01", balanceFen: 12000 },
});
show(JSON.stringify(dormant));
// @ts-expect-error — a balance given as text, not integer fen
desk.dormantWakeUp({ account: { tier: "personal_class_1", status: "dormant", balanceFen: "120.00" } });

// @ts-expect-error — a method name that does not exist
desk.callMethod("validateDocuments", {});
// @ts-expect-error — the answer is read with its type: `valid` is a boolean
const notText: string = doc.valid;
// @ts-expect-error — a closed output set: a severity is never "fatal"
const fatal: boolean = doc.findings[0]?.severity === "fatal";
show(`${notText} ${fatal}`);
