//! Elderly customers: a large transfer to a new payee by a customer aged 60 or over gets a fraud
//! warning and a cooling-off suggestion in `checkTransaction` (issue 16 §2.4; seed
//! tiered-account-management-prereview: counter interception of elder fraud). A warning, never a
//! block: the verdict, the limits and the upgrade options are unchanged (老年人权益保障法 Art. 22,
//! the customer's right to dispose of their property). Thresholds are `tiers/elderly.json`.

use super::check::{TransactionCheckInput, TransactionInput};
use super::{Counterparty, Direction};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::Obj;
use crate::loader::{invalid, Loader};
use crate::money::yuan;
use crate::params;
use crate::time::{age_on, parse_date, parse_instant};

pub const FILE: &str = "tiers/elderly.json";
const DIR: &str = "tiers";
/// Oldest age accepted in `account.holder.age`.
pub const MAX_AGE: u32 = 130;

/// `tiers/elderly.json` (optional in a bank's pack: without it, no warning is given).
#[derive(Debug, Clone, PartialEq)]
pub struct ElderlyRules {
    pub min_age: u32,
    pub large_amount_fen: i64,
    pub new_payee_days: u32,
    pub directions: Vec<Direction>,
    pub kinds: Vec<String>,
    pub counterparties: Vec<Counterparty>,
    /// `None`: every channel.
    pub channels: Option<Vec<String>>,
    pub cooling_off_option: String,
    pub cooling_off: Text,
    pub checks: Vec<Text>,
    pub hotline: String,
}

fn read(o: &Obj) -> ElderlyRules {
    o.fields(
        &[
            "source",
            "minAge",
            "minAgeSource",
            "largeAmountFen",
            "largeAmountSource",
            "newPayeeDays",
            "newPayeeSource",
            "appliesTo",
            "action",
            "actionSource",
            "coolingOff",
            "checks",
            "hotline",
            "hotlineSource",
        ],
        &[],
    );
    for k in [
        "source",
        "minAgeSource",
        "largeAmountSource",
        "newPayeeSource",
        "actionSource",
        "hotlineSource",
    ] {
        if o.str(k).trim().is_empty() {
            o.fail(k, "a source must not be blank");
        }
    }
    if o.str("action") != "warn" {
        o.fail(
            "action",
            "only \"warn\": the customer decides (老年人权益保障法 Art. 22)",
        );
    }
    let a = o.obj("appliesTo");
    a.fields(&["directions", "kinds", "counterparties", "channels"], &[]);
    let channels = match a.get("channels") {
        Some(serde_json::Value::String(s)) if s == "all" => None,
        _ => Some(a.strings("channels")),
    };
    let c = o.obj("coolingOff");
    c.fields(&["option", "text", "source"], &[]);
    ElderlyRules {
        min_age: o.u32("minAge", MAX_AGE),
        large_amount_fen: o.int_in("largeAmountFen", 1, 100_000_000_000),
        new_payee_days: o.u32("newPayeeDays", 3650),
        directions: a.named_list("directions", |s| {
            super::load::DIRECTIONS
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, d)| *d)
        }),
        kinds: a.strings("kinds"),
        counterparties: a.named_list("counterparties", |s| {
            super::load::COUNTERPARTIES
                .iter()
                .find(|(n, _)| *n == s)
                .map(|(_, d)| *d)
        }),
        channels,
        cooling_off_option: c.str("option"),
        cooling_off: c.text("text"),
        checks: o.objs("checks").iter().map(|t| t.as_text()).collect(),
        hotline: o.str("hotline"),
    }
}

impl ElderlyRules {
    /// `tiers/elderly.json` when the pack has it. The kinds and channels it names must be the
    /// pack's own (`known_kind`, `known_channel`).
    pub fn load(
        loader: &Loader,
        known_kind: &dyn Fn(&str) -> bool,
        known_channel: &dyn Fn(&str) -> bool,
    ) -> Result<Option<ElderlyRules>, Error> {
        let mut found = None;
        for (path, value) in loader.raw_dir(DIR) {
            if path != FILE {
                return Err(Error::new(
                    "rule_pack.unknown_file",
                    "file is not part of the rule-pack format",
                )
                .in_file(&path));
            }
            found = Some(crate::jsonread::Reader::read(Some(FILE), value, read)?);
        }
        if let Some(r) = &found {
            if let Some(i) = r.kinds.iter().position(|k| !known_kind(k)) {
                return Err(invalid(
                    FILE,
                    format!("appliesTo.kinds[{i}]"),
                    "unknown kind (see tiers.json kinds)",
                ));
            }
            if let Some(i) = r.channels.iter().flatten().position(|c| !known_channel(c)) {
                return Err(invalid(
                    FILE,
                    format!("appliesTo.channels[{i}]"),
                    "unknown channel (see tiers.json channels)",
                ));
            }
        }
        Ok(found)
    }
}

/// The warning `checkTransaction` adds.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FraudWarning {
    /// `elder_large_transfer`.
    pub kind: String,
    /// `new` (first paid or saved recently, or never) or `unknown` (the host passed no payee).
    pub payee: String,
    /// Whole years on the desk's today (the birth date is never echoed).
    pub age: u32,
    pub amount_fen: i64,
    /// This transfer plus today's earlier ones to the same payee.
    pub today_to_payee_fen: i64,
    pub threshold_fen: i64,
    pub cooling_off: CoolingOff,
    /// Questions to ask oneself before sending.
    pub checks: Vec<String>,
    /// The national anti-fraud line.
    pub hotline: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CoolingOff {
    /// `next_day_arrival`.
    pub option: String,
    pub text: String,
}

/// Age on `today` from the holder's birth date, else the age given; `None` when neither.
fn holder_age(ctx: &Ctx, input: &TransactionCheckInput) -> Result<Option<u32>, Error> {
    let Some(h) = &input.account.holder else {
        return Ok(None);
    };
    if let Some(b) = &h.birth_date {
        let birth = parse_date(b).ok_or_else(|| {
            Error::argument("expected a date YYYY-MM-DD").at_path("account.holder.birthDate")
        })?;
        if birth > ctx.today() {
            return Err(
                Error::argument("birth date after today").at_path("account.holder.birthDate")
            );
        }
        return Ok(Some(age_on(birth, ctx.today()).max(0) as u32));
    }
    match h.age {
        Some(a) if a > MAX_AGE => {
            Err(Error::argument("age out of range (0 to 130)").at_path("account.holder.age"))
        }
        a => Ok(a),
    }
}

fn applies(r: &ElderlyRules, t: &TransactionInput) -> bool {
    r.directions.contains(&t.direction)
        && r.kinds.contains(&t.kind)
        && r.counterparties.contains(&t.counterparty)
        && r.channels.as_ref().is_none_or(|c| c.contains(&t.channel))
}

/// An opaque reference: 1–64 visible ASCII characters, and not something that looks like a
/// mobile, ID or card number (personal data must not travel as a reference).
pub fn check_ref(s: &str, path: &str) -> Result<(), Error> {
    let visible = !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_graphic());
    if !visible {
        return Err(
            Error::argument("a reference is 1 to 64 visible ASCII characters").at_path(path),
        );
    }
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let all_digits = digits == s.len();
    let b = s.as_bytes();
    let mobile = all_digits && s.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let id = (s.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x'))
        || (all_digits && s.len() == 15);
    let card = all_digits && (16..=19).contains(&s.len());
    if mobile || id || card {
        return Err(Error::argument(
            "reference looks like personal data; pass an opaque reference",
        )
        .at_path(path));
    }
    Ok(())
}

/// The elderly fraud warning for this transaction, if one is due (see the module comment). `at`
/// is the transaction's time; history entries were checked by the caller.
pub fn assess(
    ctx: &Ctx,
    r: &ElderlyRules,
    input: &TransactionCheckInput,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Option<(Finding, FraudWarning)>, Error> {
    let t = &input.transaction;
    for (i, h) in input.history.iter().enumerate() {
        if let Some(r) = &h.payee_ref {
            check_ref(r, &format!("history[{i}].payeeRef"))?;
        }
    }
    if let Some(r) = t.payee.as_ref().and_then(|p| p.reference.as_deref()) {
        check_ref(r, "transaction.payee.ref")?;
    }
    if let Some(p) = &t.payee {
        if let Some(k) = &p.known_since {
            if parse_date(k).is_none() {
                return Err(Error::argument("expected a date YYYY-MM-DD or null")
                    .at_path("transaction.payee.knownSince"));
            }
        }
    }
    let age = holder_age(ctx, input)?;
    let Some(age) = age.filter(|a| *a >= r.min_age) else {
        return Ok(None);
    };
    if !applies(r, t) {
        return Ok(None);
    }
    let local = at.with_timezone(&crate::time::shanghai()).date_naive();
    let payee_ref = t.payee.as_ref().and_then(|p| p.reference.as_deref());
    let mut total = t.amount_fen.max(0);
    if let Some(pr) = payee_ref {
        for (i, h) in input.history.iter().enumerate() {
            let same = h.payee_ref.as_deref() == Some(pr) && h.direction == Direction::Outbound;
            let Some(s) = h.at.as_deref().filter(|_| same) else {
                continue;
            };
            let hat = parse_instant(s, &format!("history[{i}].at"))?;
            if hat.with_timezone(&crate::time::shanghai()).date_naive() == local && hat <= at {
                total = total.saturating_add(h.amount_fen.max(0));
            }
        }
    }
    if total < r.large_amount_fen {
        return Ok(None);
    }
    let payee = match &t.payee {
        None => "unknown",
        Some(p) => {
            let known = p.known_since.as_deref().and_then(parse_date);
            let old =
                known.is_some_and(|k| (ctx.today() - k).num_days() >= i64::from(r.new_payee_days));
            if old {
                return Ok(None);
            }
            "new"
        }
    };
    let l = ctx.locale();
    let finding = if payee == "new" {
        ctx.finding(
            Severity::Warning,
            "tiers.elder.large_transfer_new_payee",
            "transaction.amountFen",
            params![("amount", yuan(t.amount_fen)), ("total", yuan(total))],
        )
    } else {
        ctx.finding(
            Severity::Warning,
            "tiers.elder.large_transfer_unknown_payee",
            "transaction.amountFen",
            params![("amount", yuan(t.amount_fen))],
        )
    };
    let warning = FraudWarning {
        kind: "elder_large_transfer".to_string(),
        payee: payee.to_string(),
        age,
        amount_fen: t.amount_fen,
        today_to_payee_fen: total,
        threshold_fen: r.large_amount_fen,
        cooling_off: CoolingOff {
            option: r.cooling_off_option.clone(),
            text: r.cooling_off.get(l).to_string(),
        },
        checks: r.checks.iter().map(|c| c.get(l).to_string()).collect(),
        hotline: r.hotline.clone(),
    };
    Ok(Some((finding, warning)))
}
