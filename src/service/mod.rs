//! Service before the queue (issue 16 §3): which of a customer's errands can be done in the app,
//! at a kiosk or by phone instead of at the counter, what to bring, and the fees that apply —
//! said before the customer starts, with "free" said plainly.
//!
//! Rules are `service/errands.json` (errand → channels) and `service/fees.json` (free by a notice,
//! or set by the bank and published in its price list). Availability by channel is a bank setting
//! except where a rule fixes it (a Class I account needs a face-to-face identity check, domain
//! brief §1.1); amounts of market-regulated fees are not invented: `amountFen: null` means "see the
//! bank's published price list" until a bank fills in its figure.

pub mod api;

use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::Finding;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::loader::{invalid, Loader};
use crate::params;
use crate::vocabulary::Channel;
use serde_json::Value;

pub const ERRANDS_FILE: &str = "service/errands.json";
pub const FEES_FILE: &str = "service/fees.json";
/// Most errands one `serviceGuide` call asks about.
pub const MAX_ERRANDS: usize = 20;
/// The channels a person can use without queueing at a counter, in the order they are offered.
const WITHOUT_QUEUE: [&str; 3] = ["in_app", "kiosk", "phone"];
/// The channels of the shared vocabulary (`crate::vocabulary::Channel`) an errand is done
/// through, in the order they are shown (a JSON object's keys come in key order, not file order).
pub const CHANNELS: [Channel; 4] = [
    Channel::InApp,
    Channel::Kiosk,
    Channel::Counter,
    Channel::Phone,
];

/// A channel key of `errands.json` in its canonical spelling (`app`, the spelling before 2026-12,
/// is read as a deprecated alias of `in_app`); `None` for anything else.
fn channel_id(key: &str) -> Option<&'static str> {
    Channel::parse_in(key, &CHANNELS).map(Channel::id)
}

/// Reads an object keyed by channel, one spelling per channel: `app` and `in_app` in the same
/// object is an error (which one would win?).
fn channel_entries<'a, 'f>(o: &Obj<'a, 'f>, key: &str) -> Vec<(&'static str, Obj<'a, 'f>)> {
    let mut out: Vec<(&'static str, Obj<'a, 'f>)> = Vec::new();
    for (k, c) in o.obj(key).entries() {
        match channel_id(k) {
            None => c.fail_at(
                o.path(key) + "." + k,
                "unknown channel (expected in_app, kiosk, counter or phone)",
            ),
            Some(id) if out.iter().any(|(x, _)| *x == id) => c.fail_at(
                o.path(key) + "." + k,
                "channel given twice (app is the deprecated spelling of in_app)",
            ),
            Some(id) => out.push((id, c)),
        }
    }
    out
}

/// `service/errands.json` and `service/fees.json`, checked on load.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRules {
    /// Channel id → name.
    pub channels: Vec<(String, Text)>,
    pub errands: Vec<Errand>,
    pub fees: Vec<Fee>,
    pub free: Text,
    pub bank_set_unknown: Text,
    pub optional: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Errand {
    pub id: String,
    /// `personal`, `business` or `any`.
    pub segment: String,
    pub name: Text,
    /// The pre-check account kinds this errand is (opening that account).
    pub precheck_account_kinds: Vec<String>,
    pub channels: Vec<ErrandChannel>,
    pub bring: Vec<Text>,
    pub fees: Vec<String>,
    /// A screen of the host page (`contact`, `tiers`, …).
    pub links_to: Option<String>,
    pub confidence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrandChannel {
    pub channel: String,
    pub available: bool,
    pub conditions: Option<Text>,
    pub why: Option<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum FeeKind {
    /// Free by a regulator's notice (the `source` names it).
    Free,
    /// Set by the bank and published in its price list.
    BankSet,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fee {
    pub id: String,
    pub name: Text,
    pub kind: FeeKind,
    pub amount_fen: Option<i64>,
    /// `card`, `time`, `month` or `year`.
    pub per: Option<String>,
    pub typical_range_fen: Option<(i64, i64)>,
    pub optional: bool,
    pub note: Option<Text>,
    pub source: String,
    pub confidence: String,
}

const PERS: [&str; 4] = ["card", "time", "month", "year"];
const CONFIDENCES: [&str; 3] = ["A", "B", "C"];

fn read_fee(f: &Obj) -> Fee {
    f.fields(
        &["id", "name", "kind", "source", "confidence"],
        &["amountFen", "per", "typicalRangeFen", "optional", "note"],
    );
    let kind = [FeeKind::Free, FeeKind::BankSet][f.choice("kind", &["free", "bank_set"])];
    let amount_fen = f.opt_i64("amountFen");
    if amount_fen.is_some_and(|a| !(0..=100_000_000).contains(&a)) {
        f.fail("amountFen", "expected an amount from 0 to 100000000 fen");
    }
    if kind == FeeKind::Free && (amount_fen.is_some() || f.has("typicalRangeFen")) {
        f.fail("amountFen", "a free item has no amount");
    }
    let per = f.opt_str("per");
    if per.as_deref().is_some_and(|p| !PERS.contains(&p)) {
        f.fail("per", "unknown variant");
    }
    let typical_range_fen = f.opt_obj("typicalRangeFen").map(|r| {
        r.fields(&["min", "max"], &[]);
        let (min, max) = (
            r.int_in("min", 0, 100_000_000),
            r.int_in("max", 0, 100_000_000),
        );
        if min > max {
            r.fail("max", "max is below min");
        }
        (min, max)
    });
    let confidence = f.str("confidence");
    if !CONFIDENCES.contains(&confidence.as_str()) {
        f.fail("confidence", "expected A, B or C");
    }
    Fee {
        id: f.str("id"),
        name: f.text("name"),
        kind,
        amount_fen,
        per,
        typical_range_fen,
        optional: f.bool("optional"),
        note: f.opt_obj("note").map(|n| n.as_text()),
        source: f.str("source"),
        confidence,
    }
}

fn read_errand(e: &Obj) -> Errand {
    e.fields(
        &["id", "segment", "name", "channels", "fees", "confidence"],
        &["precheckAccountKinds", "bring", "linksTo", "source"],
    );
    let segment =
        ["personal", "business", "any"][e.choice("segment", &["personal", "business", "any"])];
    let mut channels = Vec::new();
    for (id, c) in channel_entries(e, "channels") {
        c.fields(&["available"], &["conditions", "why"]);
        channels.push(ErrandChannel {
            channel: id.to_string(),
            available: c.opt_bool("available").unwrap_or(false),
            conditions: c.opt_obj("conditions").map(|t| t.as_text()),
            why: c.opt_obj("why").map(|t| t.as_text()),
        });
    }
    let confidence = e.str("confidence");
    if !CONFIDENCES.contains(&confidence.as_str()) {
        e.fail("confidence", "expected A, B or C");
    }
    Errand {
        id: e.str("id"),
        segment: segment.to_string(),
        name: e.text("name"),
        precheck_account_kinds: e.strings("precheckAccountKinds"),
        channels,
        bring: e.objs("bring").iter().map(|t| t.as_text()).collect(),
        fees: e.strings("fees"),
        links_to: e.opt_str("linksTo"),
        confidence,
    }
}

impl ServiceRules {
    pub fn load(loader: &Loader) -> Result<ServiceRules, Error> {
        let (fees, words) = loader.read(FEES_FILE, |o| {
            o.fields(&["source", "currency", "items", "plainWords"], &[]);
            let words = o.obj("plainWords");
            words.fields(&["free", "bank_set_unknown", "optional"], &[]);
            (
                o.list("items", read_fee),
                [
                    words.text("free"),
                    words.text("bank_set_unknown"),
                    words.text("optional"),
                ],
            )
        })?;
        let (channels, errands) = loader.read(ERRANDS_FILE, |o| {
            o.fields(&["source", "channels", "errands"], &[]);
            let mut channels = Vec::new();
            for (id, c) in channel_entries(o, "channels") {
                c.fields(&["name"], &[]);
                channels.push((id.to_string(), c.text("name")));
            }
            (channels, o.list("errands", read_errand))
        })?;
        for (i, f) in fees.iter().enumerate() {
            if fees[..i].iter().any(|g| g.id == f.id) {
                return Err(invalid(
                    FEES_FILE,
                    format!("items[{i}].id"),
                    "fee id defined twice",
                ));
            }
        }
        for (i, e) in errands.iter().enumerate() {
            let at = |k: &str| format!("errands[{i}].{k}");
            if errands[..i].iter().any(|g| g.id == e.id) {
                return Err(invalid(ERRANDS_FILE, at("id"), "errand id defined twice"));
            }
            if let Some(f) = e.fees.iter().find(|f| !fees.iter().any(|g| &g.id == *f)) {
                let _ = f;
                return Err(invalid(
                    ERRANDS_FILE,
                    at("fees"),
                    "unknown fee id (see service/fees.json items)",
                ));
            }
            if let Some(c) = e
                .channels
                .iter()
                .find(|c| !channels.iter().any(|(id, _)| *id == c.channel))
            {
                let _ = c;
                return Err(invalid(
                    ERRANDS_FILE,
                    at("channels"),
                    "channel not defined in channels",
                ));
            }
        }
        let [free, bank_set_unknown, optional] = words;
        Ok(ServiceRules {
            channels,
            errands,
            fees,
            free,
            bank_set_unknown,
            optional,
        })
    }

    pub fn errand(&self, id: &str) -> Option<&Errand> {
        self.errands.iter().find(|e| e.id == id)
    }

    pub fn channel_name(&self, id: &str) -> Option<&Text> {
        self.channels.iter().find(|(c, _)| c == id).map(|(_, t)| t)
    }

    pub fn fee(&self, id: &str) -> Option<&Fee> {
        self.fees.iter().find(|f| f.id == id)
    }
}

// ---- input and output ----

/// Input of `serviceGuide`.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct GuideInput {
    /// Errand ids (`service/errands.json`); absent: every errand of the segment.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub errands: Option<Vec<String>>,
    /// `personal` (default) or `business`; errands of segment `any` belong to both.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub segment: Option<String>,
    /// What this place offers: `{ inApp: false }` (no app), `{ kiosk: false }` (a branch without
    /// kiosks) take those channels out of `withoutQueue`. (`app`, the spelling before 2026-12, is
    /// still read as a deprecated alias of `inApp`.)
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub available: Option<Offered>,
}

#[derive(Debug, Clone, Copy, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Offered {
    pub in_app: bool,
    pub kiosk: bool,
}

/// The answer of `serviceGuide`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ServiceGuide {
    pub errands: Vec<ErrandAnswer>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ErrandAnswer {
    pub id: String,
    pub name: String,
    pub segment: String,
    /// Available channels first (in_app, kiosk, counter, phone order), then the others with why not.
    pub channels: Vec<ChannelAnswer>,
    /// Channels that spare the queue (`in_app`, `kiosk`, `phone`) where this errand can be done.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel[]"))]
    pub without_queue: Vec<String>,
    /// Only the counter does it (here).
    pub counter_only: bool,
    /// What to bring (to a counter or kiosk).
    pub bring: Vec<String>,
    /// The fees that apply, free ones first.
    pub fees: Vec<FeeView>,
    /// The host page's screen for it, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub links_to: Option<String>,
    /// The pre-check account kinds this errand opens (empty: it opens no account) — the pre-check
    /// lists it first for those, and a form offering "other errands" leaves it out.
    pub opens_accounts: Vec<String>,
    /// How sure the channel data is (`A` a rule, `B` bank examples, `C` a setting).
    pub confidence: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ChannelAnswer {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel"))]
    pub channel: String,
    pub name: String,
    pub available: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub conditions: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub why: Option<String>,
}

/// One fee as a customer reads it.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FeeView {
    pub id: String,
    pub name: String,
    pub kind: FeeKind,
    /// "免费" / "Free"; "¥2.00/月"; or the price-list wording (with the typical range).
    pub display: String,
    /// `null` for free items and bank-set fees the pack gives no figure for.
    pub amount_fen: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub per: Option<String>,
    /// An optional service the customer may decline.
    pub optional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub note: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// A fee in the customer's words: free said plainly; a bank figure per unit; or the price-list
/// wording with the typical range across banks; "optional, you can say no" for optional services.
pub fn fee_view(ctx: &Ctx, rules: &ServiceRules, fee: &Fee) -> FeeView {
    let l = ctx.locale();
    let per_text = |amount: String| match &fee.per {
        Some(p) => ctx.render(&format!("service.per.{p}"), &params![("amount", amount)]),
        None => amount,
    };
    let mut display = match (fee.kind, fee.amount_fen) {
        (FeeKind::Free, _) => rules.free.get(l).to_string(),
        (FeeKind::BankSet, Some(0)) => rules.free.get(l).to_string(),
        (FeeKind::BankSet, Some(a)) => per_text(crate::money::yuan(a)),
        (FeeKind::BankSet, None) => {
            let mut s = rules.bank_set_unknown.get(l).to_string();
            if let Some((min, max)) = fee.typical_range_fen {
                let range = per_text(format!(
                    "{}–{}",
                    crate::money::yuan(min),
                    crate::money::yuan(max)
                ));
                s.push_str(&ctx.render("service.fee.typical", &params![("range", range)]));
            }
            s
        }
    };
    if fee.optional {
        display.push_str(&ctx.text("service.fee.separator"));
        display.push_str(rules.optional.get(l));
    }
    FeeView {
        id: fee.id.clone(),
        name: fee.name.get(l).to_string(),
        kind: fee.kind,
        display,
        amount_fen: fee.amount_fen,
        per: fee.per.clone(),
        optional: fee.optional,
        note: fee.note.as_ref().map(|n| n.get(l).to_string()),
        source: fee.source.clone(),
        confidence: fee.confidence.clone(),
    }
}

/// The fees of the ids given (unknown ids are left out: the loader checked the pack's own).
pub fn fee_views(ctx: &Ctx, rules: &ServiceRules, ids: &[String]) -> Vec<FeeView> {
    let mut out: Vec<FeeView> = Vec::new();
    for pass in [FeeKind::Free, FeeKind::BankSet] {
        for id in ids {
            if let Some(f) = rules.fee(id).filter(|f| f.kind == pass) {
                out.push(fee_view(ctx, rules, f));
            }
        }
    }
    out
}

/// One errand as a customer reads it, at a place offering `offered`.
pub fn errand_answer(
    ctx: &Ctx,
    rules: &ServiceRules,
    e: &Errand,
    offered: Offered,
) -> ErrandAnswer {
    let l = ctx.locale();
    let here = |c: &str| match c {
        "in_app" => offered.in_app,
        "kiosk" => offered.kiosk,
        _ => true,
    };
    let mut channels = Vec::new();
    for first in [true, false] {
        for id in CHANNELS.map(Channel::id) {
            let name = rules.channel_name(id);
            if let Some(c) = e.channels.iter().find(|c| c.channel == id) {
                let available = c.available && here(id);
                if available == first {
                    let why = match (&c.why, c.available) {
                        (Some(w), _) => Some(w.get(l).to_string()),
                        (None, true) if !available => Some(ctx.text("service.channel.not_here")),
                        _ => None,
                    };
                    channels.push(ChannelAnswer {
                        channel: id.to_string(),
                        name: name.map(|n| n.get(l).to_string()).unwrap_or_default(),
                        available,
                        conditions: c.conditions.as_ref().map(|t| t.get(l).to_string()),
                        why,
                    });
                }
            }
        }
    }
    let without_queue: Vec<String> = WITHOUT_QUEUE
        .iter()
        .filter(|id| channels.iter().any(|c| c.available && c.channel == **id))
        .map(|s| s.to_string())
        .collect();
    ErrandAnswer {
        id: e.id.clone(),
        name: e.name.get(l).to_string(),
        segment: e.segment.clone(),
        counter_only: without_queue.is_empty(),
        without_queue,
        channels,
        bring: e.bring.iter().map(|t| t.get(l).to_string()).collect(),
        fees: fee_views(ctx, rules, &e.fees),
        links_to: e.links_to.clone(),
        opens_accounts: e.precheck_account_kinds.clone(),
        confidence: e.confidence.clone(),
    }
}

/// `serviceGuide`: the errands asked about (or every errand of the segment), with their channels,
/// what to bring and their fees.
pub fn guide(ctx: &Ctx, rules: &ServiceRules, input: &GuideInput) -> Result<ServiceGuide, Error> {
    let offered = input.available.unwrap_or(Offered {
        in_app: true,
        kiosk: true,
    });
    let mut errands = Vec::new();
    match &input.errands {
        Some(ids) => {
            for (i, id) in ids.iter().enumerate() {
                let e = rules.errand(id).ok_or_else(|| {
                    Error::argument("unknown errand (see service/errands.json)")
                        .at_path(format!("errands[{i}]"))
                })?;
                errands.push(errand_answer(ctx, rules, e, offered));
            }
        }
        None => {
            let segment = input.segment.as_deref().unwrap_or("personal");
            for e in rules
                .errands
                .iter()
                .filter(|e| e.segment == segment || e.segment == "any")
            {
                errands.push(errand_answer(ctx, rules, e, offered));
            }
        }
    }
    let mut findings = Vec::new();
    let counter: Vec<&str> = errands
        .iter()
        .filter(|e| e.counter_only)
        .map(|e| e.name.as_str())
        .collect();
    if !counter.is_empty() {
        let sep = ctx.text("service.list_separator");
        findings.push(ctx.finding(
            crate::finding::Severity::Info,
            "service.counter_only",
            "errands",
            params![("errands", counter.join(&sep))],
        ));
    }
    Ok(ServiceGuide { errands, findings })
}

/// The JSON argument of `serviceGuide`: `{ errands?, segment?, available? }`.
pub fn parse_guide_input(v: &Value) -> Result<GuideInput, Error> {
    Reader::read(None, v, |o| {
        o.only(&["errands", "segment", "available"]);
        o.at_most("errands", MAX_ERRANDS);
        let segment = o.opt_str("segment").map(|_| {
            ["personal", "business"][o.choice("segment", &["personal", "business"])].to_string()
        });
        GuideInput {
            errands: o.has("errands").then(|| o.strings("errands")),
            segment,
            available: o.opt_obj("available").map(|a| {
                a.only(&["inApp", "app", "kiosk"]);
                if a.has("inApp") && a.has("app") {
                    a.fail(
                        "app",
                        "given twice (app is the deprecated spelling of inApp)",
                    );
                }
                Offered {
                    in_app: a
                        .opt_bool("inApp")
                        .or_else(|| a.opt_bool("app"))
                        .unwrap_or(true),
                    kiosk: a.opt_bool("kiosk").unwrap_or(true),
                }
            }),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::disk_files;
    use serde_json::json;

    fn rules() -> ServiceRules {
        let files = disk_files();
        ServiceRules::load(&Loader::new(&files)).unwrap()
    }

    #[test]
    fn the_default_pack_loads_and_free_is_said_plainly() {
        let r = rules();
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::ZhCn);
        let g = guide(
            &ctx,
            &r,
            &parse_guide_input(&json!({ "errands": ["open_class_1"] })).unwrap(),
        )
        .unwrap();
        let e = &g.errands[0];
        assert!(e.counter_only == false && e.without_queue == ["kiosk"]);
        assert_eq!(e.fees[0].display, "免费");
        assert_eq!(e.fees[1].kind, FeeKind::BankSet);
        let app = e.channels.iter().find(|c| c.channel == "in_app").unwrap();
        assert!(!app.available && app.why.is_some());
    }

    #[test]
    fn a_bank_figure_is_shown_per_unit_and_a_bad_fee_is_refused() {
        let mut files = disk_files();
        let fees = files.get_mut(FEES_FILE).unwrap();
        for item in fees["items"].as_array_mut().unwrap() {
            if item["id"] == "sms_alerts" {
                item["amountFen"] = json!(200);
            }
        }
        let r = ServiceRules::load(&Loader::new(&files)).unwrap();
        let f = r.fee("sms_alerts").unwrap();
        let en = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        assert!(fee_view(&en, &r, f).display.starts_with("¥2 a month"));
        let zh = test_ctx("2026-11-23T10:00:00+08:00", Locale::ZhCn);
        assert!(fee_view(&zh, &r, f).display.starts_with("¥2/月"));
        files.get_mut(FEES_FILE).unwrap()["items"][0]["amountFen"] = json!(100);
        let e = ServiceRules::load(&Loader::new(&files)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("items[0].amountFen"));
    }

    #[test]
    fn a_bank_pack_spelling_app_is_read_as_in_app_and_both_spellings_are_refused() {
        let mut files = disk_files();
        let errands = files.get_mut(ERRANDS_FILE).unwrap();
        let rename = |o: &mut serde_json::Map<String, Value>| {
            let v = o.remove("in_app").unwrap();
            o.insert("app".to_string(), v);
        };
        rename(errands["channels"].as_object_mut().unwrap());
        rename(errands["errands"][0]["channels"].as_object_mut().unwrap());
        let r = ServiceRules::load(&Loader::new(&files)).unwrap();
        assert_eq!(r.channels[0].0, "in_app");
        assert!(r.errands[0].channels.iter().any(|c| c.channel == "in_app"));
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let g = guide(
            &ctx,
            &r,
            &GuideInput {
                errands: Some(vec!["open_class_1".into()]),
                ..GuideInput::default()
            },
        )
        .unwrap();
        assert!(g.errands[0]
            .channels
            .iter()
            .any(|c| c.channel == "in_app" && c.name == "Mobile banking"));
        files.get_mut(ERRANDS_FILE).unwrap()["errands"][0]["channels"]["in_app"] =
            json!({ "available": true });
        let e = ServiceRules::load(&Loader::new(&files)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("errands[0].channels.in_app"));
    }
}
