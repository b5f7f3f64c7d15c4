//! Shared driver of the fuzz targets: the raw bytes become one call of a public method through
//! `frontdesk::api::call`, exactly as a bank's server would make it (or, for the rule-pack loader
//! and the expression language, one call of the Rust entry point). The native test
//! `tests/fuzz_regressions.rs` includes this very file and replays every kept input and every seed
//! through `run`, so a crash found here stays a regression test of the main crate.

use frontdesk::{api, FrontDesk, Locale};
use serde_json::{json, Value};
use std::sync::OnceLock;

fn desk() -> &'static FrontDesk {
    static DESK: OnceLock<FrontDesk> = OnceLock::new();
    DESK.get_or_init(|| {
        FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", Locale::ZhCn)
            .expect("default desk")
    })
}

/// How a target turns its bytes into a call.
#[derive(Clone, Copy)]
pub enum Decode {
    /// `number\nissueDate\nexpiryDate` → `validateDocument` of that kind.
    Document(&'static str),
    /// The bytes as text, passed as a JSON string argument.
    Text(&'static str),
    /// The bytes as JSON (`serde_json::from_slice`), or as a JSON string when they are not JSON.
    Json(&'static str),
    /// The rule-pack loader: `<file path>\n<JSON>` replaces that file of the default pack; any
    /// other bytes go to `RulePack::from_bundle_json` whole.
    RulePack,
    /// The questionnaire expression language: parse, then evaluate within the step budget.
    Expr,
}

/// Every fuzz target (the file names in `fuzz/fuzz_targets/`) and its decoding.
pub const TARGETS: &[(&str, Decode)] = &[
    (
        "validate_cn_resident_id",
        Decode::Document("cn_resident_id"),
    ),
    (
        "validate_hmt_residence_permit",
        Decode::Document("hmt_residence_permit"),
    ),
    (
        "validate_foreign_permanent_residence_id",
        Decode::Document("foreign_permanent_residence_id"),
    ),
    (
        "validate_hk_macao_travel_permit",
        Decode::Document("hk_macao_travel_permit"),
    ),
    (
        "validate_taiwan_travel_permit",
        Decode::Document("taiwan_travel_permit"),
    ),
    ("validate_uscc", Decode::Document("uscc")),
    ("validate_cn_mobile", Decode::Document("cn_mobile")),
    ("validate_email", Decode::Document("email")),
    ("parse_mrz", Decode::Text("parseMrz")),
    ("rule_pack", Decode::RulePack),
    ("expr", Decode::Expr),
    ("lint_questionnaire", Decode::Json("lintQuestionnaire")),
    ("run_questionnaire", Decode::Json("runQuestionnaire")),
    ("questionnaire_step", Decode::Json("questionnaireStep")),
    ("questionnaire_view", Decode::Json("questionnaireView")),
    (
        "verify_questionnaire_record",
        Decode::Json("verifyQuestionnaireRecord"),
    ),
    ("resume_contact_draft", Decode::Text("resumeContactDraft")),
    (
        "prepare_contact_update",
        Decode::Json("prepareContactUpdate"),
    ),
    ("read_ticket", Decode::Text("readTicket")),
    ("precheck", Decode::Json("precheck")),
    ("check_transaction", Decode::Json("checkTransaction")),
    (
        "request_limit_adjustment",
        Decode::Json("requestLimitAdjustment"),
    ),
    ("callback_plan", Decode::Json("callbackPlan")),
    ("qr_code", Decode::Json("qrCode")),
];

/// Run `target` on `data`. Returns false when the target is unknown. Panics (the fuzz finding)
/// when the library panics or breaks an invariant.
pub fn run(target: &str, data: &[u8]) -> bool {
    let Some((_, decode)) = TARGETS.iter().find(|(n, _)| *n == target) else {
        return false;
    };
    match *decode {
        Decode::Document(kind) => document(kind, data),
        Decode::Text(method) => {
            let mut text = String::from_utf8_lossy(data).into_owned();
            if method == "resumeContactDraft" {
                text = reseal_draft(text);
            }
            if method == "readTicket" {
                text = seal_ticket(data).unwrap_or(text);
            }
            check(method, api::call(desk(), method, &json!(text)));
        }
        Decode::Json(method) => {
            let mut input: Value = serde_json::from_slice(data)
                .unwrap_or_else(|_| json!(String::from_utf8_lossy(data)));
            reseal_questionnaire(&mut input);
            check(method, api::call(desk(), method, &input));
        }
        Decode::RulePack => rule_pack(data),
        Decode::Expr => expr(data),
    }
    true
}

/// A fuzzer cannot forge a SHA-256: a saved questionnaire state (`{ saved }` of `questionnaireStep`
/// and `questionnaireView`) whose `state` decodes gets its checksum recomputed, so the code behind
/// the integrity check (resuming, replaying answers, stepping) is reached with any state.
fn reseal_questionnaire(input: &mut Value) {
    use frontdesk::questionnaire::engine::State;
    let Some(saved) = input.get_mut("saved") else {
        return;
    };
    let Some(text) = saved.as_str() else { return };
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return;
    };
    let Some(state) = v.get("state") else { return };
    let Ok(state) = State::from_json(state) else {
        return;
    };
    let checksum = frontdesk::digest::checksum(frontdesk::jsonout::text(&state).as_bytes());
    let state = frontdesk::jsonout::to_value(&state);
    *saved = json!(json!({ "state": state, "checksum": checksum }).to_string());
}

/// The same for a saved contact draft: the checksum over the canonical JSON of the other fields.
fn reseal_draft(text: String) -> String {
    let Ok(mut v) = serde_json::from_str::<Value>(&text) else {
        return text;
    };
    let Some(o) = v.as_object_mut() else {
        return text;
    };
    if o.remove("checksum").is_none() {
        return text;
    }
    let checksum = frontdesk::digest::checksum(Value::Object(o.clone()).to_string().as_bytes());
    o.insert("checksum".into(), json!(checksum));
    v.to_string()
}

/// Bytes that do not start with the ticket prefix are a ticket body: sealed with its checksum and
/// encoded, so the body parser is reached with any bytes.
fn seal_ticket(data: &[u8]) -> Option<String> {
    let settings = &desk().pack().precheck().ticket;
    if data.starts_with(settings.prefix.as_bytes()) {
        return None;
    }
    let mut sealed = settings.prefix.as_bytes().to_vec();
    sealed.extend_from_slice(data);
    let sum = frontdesk::digest::sha256(&sealed);
    let mut payload = data.to_vec();
    payload.extend(sum.iter().take(usize::from(settings.checksum_bytes)));
    Some(format!(
        "{}{}",
        settings.prefix,
        frontdesk::digest::base32(&payload)
    ))
}

/// Every answer is either a result or an error with a dotted code and a message.
fn check(method: &str, out: Result<Value, frontdesk::Error>) {
    match out {
        Ok(v) => assert!(
            !v.is_null() || method == "noSuchMethod",
            "{method}: null result"
        ),
        Err(e) => assert!(
            e.code.contains('.') && !e.message.is_empty(),
            "{method}: bad error {e:?}"
        ),
    }
}

/// `number\nissueDate\nexpiryDate` (dates optional) → `validateDocument` of `kind`.
pub fn document(kind: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let number = parts.next().unwrap_or("");
    let mut input = json!({ "kind": kind, "number": number });
    if let Some(issue) = parts.next() {
        input["issueDate"] = json!(issue);
    }
    if let Some(expiry) = parts.next() {
        input["expiryDate"] = json!(expiry);
    }
    let out = api::call(desk(), "validateDocument", &input)
        .expect("validateDocument never fails on a well-typed input");
    // A valid answer always carries a normalized number and a masked one.
    if out["valid"] == json!(true) {
        assert!(out["normalized"].is_string() && out["masked"].is_string());
    }
}

/// The bytes as MRZ text → `parseMrz`.
pub fn mrz(data: &[u8]) {
    run("parse_mrz", data);
}

/// The rule-pack loader on a default pack with one file replaced, or on the whole bytes.
fn rule_pack(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    static FILES: OnceLock<frontdesk::rulepack::Files> = OnceLock::new();
    let files = FILES.get_or_init(|| frontdesk::rulepack::default_files().expect("default files"));
    let replaced = text.split_once('\n').and_then(|(path, body)| {
        let value: Value = serde_json::from_str(body).ok()?;
        files.contains_key(path).then(|| {
            let mut f = files.clone();
            f.insert(path.to_string(), value);
            f
        })
    });
    let result = match replaced {
        Some(f) => frontdesk::RulePack::from_files(&f),
        None => frontdesk::RulePack::from_bundle_json(&text),
    };
    if let Ok(pack) = result {
        // A pack that loads must serve a desk: a few calls on it must not panic either.
        if let Ok(d) = FrontDesk::new(
            std::sync::Arc::new(pack),
            "2026-11-23T10:00:00+08:00",
            Locale::En,
        ) {
            for m in [
                "info",
                "listQuestionnaires",
                "contactOptions",
                "precheckForm",
                "listTiers",
            ] {
                check(m, api::call(&d, m, &Value::Null));
            }
        }
    } else if let Err(e) = result {
        assert!(e.code.contains('.'), "rule pack: bad error {e:?}");
    }
}

struct Env;
impl frontdesk::questionnaire::expr::Env for Env {
    fn answer(&self, question: &str) -> frontdesk::questionnaire::expr::Val {
        use frontdesk::questionnaire::expr::Val;
        match question.len() % 5 {
            0 => Val::Null,
            1 => Val::Bool(true),
            2 => Val::Int(i64::MAX),
            3 => Val::Str("2026-02-29".into()),
            _ => Val::List(vec![Val::Str("a".repeat(100)), Val::Int(i64::MIN)]),
        }
    }
    fn context(&self, name: &str) -> frontdesk::questionnaire::expr::Val {
        frontdesk::questionnaire::expr::Val::Str(name.repeat(3))
    }
    fn today(&self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }
}

/// The expression language: any text parses to an expression or a coded error, and an expression
/// evaluates or stops at its step budget.
fn expr(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(e) = frontdesk::questionnaire::expr::parse(&text) {
        let mut budget = desk().pack().questionnaires().settings.max_steps;
        let _ = e.eval(&Env, &mut budget);
        let mut refs = Vec::new();
        e.refs(&mut refs);
    }
}
