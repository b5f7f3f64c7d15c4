//! `checkTransaction`: can this account do this now, and if not, which limit blocks, how much is
//! left today and this year, when it resets and which upgrade would allow it.
//!
//! Day windows are calendar days in Asia/Shanghai; year windows follow the pack's `yearWindow`
//! setting (calendar year by default, or the last 365 days). Sums use saturating arithmetic: a
//! saturated sum is above every limit, so extreme amounts can never wrap into "allowed".

use super::{
    Authority, Availability, ChannelClass, Counterparty, Direction, Period, Tier, TierKind,
    TierRules, YearWindow, MAX_ID_CHARS, MAX_LIST,
};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::{Obj, Reader};
use crate::money::yuan;
use crate::params;
use crate::time::{parse_instant, shanghai};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};

/// The account as the app knows it.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AccountInput {
    /// A tier id from `listTiers()`, e.g. `personal_class_2`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "TierId"))]
    pub tier: String,
    /// Current balance in fen.
    pub balance_fen: i64,
    /// `active` (default), `dormant` or `suspended`.
    #[serde(default = "active")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "AccountStatus"))]
    pub status: String,
    /// Identity confirmed face to face (counter, or kiosk with staff).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub face_to_face_verified: bool,
    /// Whitelist categories the account is signed up for (`payroll`, `social_security`, …).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "WhitelistCategory[]"))]
    pub whitelist: Vec<String>,
    /// The bank's own non-counter level, if the bank has set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "BankLevelId"))]
    pub bank_level: Option<String>,
    /// The holder's age, for the elderly fraud warning (`tiers/elderly.json`); never echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub holder: Option<Holder>,
    /// A blocking status's measure, as the bank applied it: `inflow_only` (只收不付: money may
    /// still come in) or `none` (不收不付). Absent: the status's default (`inboundAllowed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub suspension: Option<String>,
    /// The bank has switched on non-bound inflows for this (remote Class III) account after a
    /// verifying transfer from the bound account with the customer's consent.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub non_bound_inflow_enabled: bool,
    /// Money in and out of all the person's Class III accounts at this bank so far, in fen (the
    /// bank's figure), for the ID request threshold (`idCheck`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub class3_two_way_total_fen: Option<i64>,
    /// The person has shown a valid ID and it is registered for these accounts.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub id_registered: bool,
}

/// The account holder as far as the elderly warning needs: a birth date (wins) or an age.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Holder {
    /// `YYYY-MM-DD`, not after today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub birth_date: Option<String>,
    /// Whole years, 0 to 130.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub age: Option<u32>,
}

/// Who the money goes to, as far as the elderly warning needs.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Payee {
    /// An opaque reference (never an account or phone number), to add up today's transfers.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reference: Option<String>,
    /// `YYYY-MM-DD` the customer first paid or saved this payee; `null`: never before.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub known_since: Option<String>,
}

fn active() -> String {
    "active".to_string()
}

impl AccountInput {
    pub(crate) fn read(o: &Obj) -> AccountInput {
        Self::read_as(o, true)
    }

    /// `balance_required: false` for a request that is not about a payment
    /// (`requestLimitAdjustment`: the balance is not part of it; absent reads as 0).
    pub(crate) fn read_as(o: &Obj, balance_required: bool) -> AccountInput {
        o.only(&[
            "tier",
            "balanceFen",
            "status",
            "faceToFaceVerified",
            "whitelist",
            "bankLevel",
            "holder",
            "suspension",
            "nonBoundInflowEnabled",
            "class3TwoWayTotalFen",
            "idRegistered",
        ]);
        o.require(if balance_required {
            &["tier", "balanceFen"]
        } else {
            &["tier"]
        });
        let suspension = o.opt_str("suspension");
        if suspension
            .as_deref()
            .is_some_and(|s| s != "inflow_only" && s != "none")
        {
            o.fail("suspension", "inflow_only or none");
        }
        AccountInput {
            tier: o.str("tier"),
            balance_fen: if balance_required {
                o.i64("balanceFen")
            } else {
                o.opt_i64("balanceFen").unwrap_or(0)
            },
            status: o.opt_str("status").unwrap_or_else(active),
            face_to_face_verified: o.bool("faceToFaceVerified"),
            whitelist: o.strings("whitelist"),
            bank_level: o.opt_str("bankLevel"),
            holder: o.opt_obj("holder").map(|h| {
                h.only(&["birthDate", "age"]);
                Holder {
                    birth_date: h.opt_str("birthDate"),
                    age: h.opt_u32("age"),
                }
            }),
            suspension,
            non_bound_inflow_enabled: o.bool("nonBoundInflowEnabled"),
            class3_two_way_total_fen: o
                .get("class3TwoWayTotalFen")
                .map(|_| o.int_in("class3TwoWayTotalFen", 0, 100_000_000_000)),
            id_registered: o.bool("idRegistered"),
        }
    }
}

impl TransactionInput {
    fn read(o: &Obj) -> TransactionInput {
        o.only(&[
            "at",
            "direction",
            "kind",
            "counterparty",
            "channel",
            "amountFen",
            "payee",
            "payeeRef",
        ]);
        o.require(&["direction", "kind", "counterparty", "channel", "amountFen"]);
        TransactionInput {
            at: o.opt_str("at"),
            direction: o.pick("direction", super::load::DIRECTIONS),
            kind: o.str("kind"),
            counterparty: o.pick("counterparty", super::load::COUNTERPARTIES),
            channel: o.str("channel"),
            amount_fen: o.i64("amountFen"),
            payee: o.opt_obj("payee").map(|p| {
                p.only(&["ref", "knownSince"]);
                Payee {
                    reference: p.opt_str("ref"),
                    known_since: p.opt_str("knownSince"),
                }
            }),
            payee_ref: o.opt_str("payeeRef"),
        }
    }
}

impl TransactionCheckInput {
    /// The `checkTransaction` argument, read with the shared reader: unknown fields refused, the
    /// first problem named by its path (`history[3].amountFen`).
    pub fn from_json(v: &serde_json::Value) -> Result<TransactionCheckInput, Error> {
        Reader::read(None, v, |o| {
            o.only(&["account", "history", "transaction"]);
            o.require(&["account", "transaction"]);
            TransactionCheckInput {
                account: AccountInput::read(&o.obj("account")),
                history: o.list("history", TransactionInput::read),
                transaction: TransactionInput::read(&o.obj("transaction")),
            }
        })
    }
}

/// One transaction, past (in `history`) or considered (`transaction`).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TransactionInput {
    /// RFC 3339 with offset. Required in `history`; for `transaction` it defaults to the desk's now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub at: Option<String>,
    pub direction: Direction,
    /// A kind id (`transfer`, `cash`, `consumption`, `payment`, `utilities`, `payroll`, …).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "TransactionKind"))]
    pub kind: String,
    pub counterparty: Counterparty,
    /// A channel id (`counter`, `mobile_banking`, `online_banking`, `quick_pay`, `pos`, `atm`).
    #[cfg_attr(target_arch = "wasm32", tsify(type = "TransactionChannel"))]
    pub channel: String,
    pub amount_fen: i64,
    /// The payee of the transaction considered (elderly fraud warning).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub payee: Option<Payee>,
    /// In `history`: the payee's opaque reference, to add up today's transfers to one payee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub payee_ref: Option<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TransactionCheckInput {
    pub account: AccountInput,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub history: Vec<TransactionInput>,
    pub transaction: TransactionInput,
}

/// Quota left before this transaction, over the limits that apply to it (`null`: no limit applies).
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Remaining {
    pub day_fen: Option<i64>,
    pub year_fen: Option<i64>,
    pub balance_room_fen: Option<i64>,
}

/// One limit as it stands for this transaction.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LimitState {
    /// `personal_class_2.outbound.day`, `personal_class_3.balance`, `bank.basic_1000.outbound.day`.
    pub id: String,
    pub authority: Authority,
    pub name: String,
    pub direction: Option<Direction>,
    pub period: Period,
    pub limit_fen: i64,
    /// Already used in the current window (for the balance cap: the balance).
    pub used_fen: i64,
    /// Left before this transaction; never negative.
    pub remaining_fen: i64,
    /// `remainingFen` as money, e.g. "¥4,000".
    pub remaining_display: String,
    /// Left if this transaction goes through (what it adds to this limit taken off); never
    /// negative. The `tiers.allowed` finding quotes these.
    pub remaining_after_fen: i64,
    /// `remainingAfterFen` as money.
    pub remaining_after_display: String,
    pub exceeded: bool,
    /// When enough of the limit frees up for this transaction (if blocked) or the window restarts
    /// (if not), RFC 3339 in +08:00; `null` for the balance cap or when it never would.
    pub resets_at: Option<String>,
    /// e.g. "¥10,000 per day".
    pub display: String,
    pub source: String,
    pub effective_date: String,
}

/// A step that would allow the transaction.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UpgradeOption {
    /// `wake_up`, `use_counter`, `face_to_face_verification`, `upgrade_tier`, `whitelist`,
    /// `limit_adjustment_request`.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "UpgradeOptionId"))]
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "TierId"))]
    pub target_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "BankLevelId"))]
    pub target_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "WhitelistCategory"))]
    pub whitelist_category: Option<String>,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TransactionCheck {
    pub allowed: bool,
    pub findings: Vec<Finding>,
    pub remaining: Remaining,
    /// The exceeded limit the customer has to wait longest for, if a limit blocks.
    pub blocking_limit: Option<LimitState>,
    /// Every limit that applies to this transaction, for a quota bar.
    pub limits: Vec<LimitState>,
    pub upgrade_options: Vec<UpgradeOption>,
    /// A large transfer to a new payee by a customer aged 60 or over (`tiers/elderly.json`): a
    /// warning and a cooling-off suggestion; `allowed` is unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub fraud_warning: Option<super::elderly::FraudWarning>,
}

/// A history entry, parsed and resolved.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    at: DateTime<FixedOffset>,
    direction: Direction,
    kind: String,
    cp: Counterparty,
    non_counter: bool,
    amount: i64,
}

/// The account's situation, varied when trying upgrades.
#[derive(Debug, Clone)]
struct Account {
    tier: String,
    status: String,
    f2f: bool,
    whitelist: Vec<String>,
    level: Option<String>,
    channel: String,
    balance: i64,
}

struct Eval {
    allowed: bool,
    findings: Vec<Finding>,
    limits: Vec<LimitState>,
    /// Input errors (unknown ids): no upgrade can help.
    invalid: bool,
    status_blocked: bool,
    bank_blocked: bool,
}

fn too_long(path: &str) -> Error {
    Error::new(
        "argument.too_long",
        format!("at most {MAX_ID_CHARS} characters"),
    )
    .at_path(path)
}

fn check_len(s: &str, path: &str) -> Result<(), Error> {
    if s.chars().count() > MAX_ID_CHARS {
        return Err(too_long(path));
    }
    Ok(())
}

/// Bound and parse the input; errors for what a caller got wrong, findings for the rest.
pub fn check_transaction(
    ctx: &Ctx,
    rules: &TierRules,
    input: &TransactionCheckInput,
) -> Result<TransactionCheck, Error> {
    check_transaction_with(ctx, rules, None, input)
}

/// `checkTransaction` with the pack's calendar, so a date the answer gives (the Class III ID
/// request's `provideBy`) rolls past rest days (Civil Code Art. 203).
pub fn check_transaction_with(
    ctx: &Ctx,
    rules: &TierRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    input: &TransactionCheckInput,
) -> Result<TransactionCheck, Error> {
    let max = rules.settings.max_history;
    if input.history.len() > max {
        return Err(Error::new(
            "argument.too_large",
            format!("history holds at most {max} entries"),
        )
        .at_path("history"));
    }
    let a = &input.account;
    check_len(&a.tier, "account.tier")?;
    check_len(&a.status, "account.status")?;
    if let Some(l) = &a.bank_level {
        check_len(l, "account.bankLevel")?;
    }
    if a.whitelist.len() > MAX_LIST {
        return Err(Error::new(
            "argument.too_large",
            format!("at most {MAX_LIST} whitelist categories"),
        )
        .at_path("account.whitelist"));
    }
    for (i, w) in a.whitelist.iter().enumerate() {
        check_len(w, &format!("account.whitelist[{i}]"))?;
    }
    if a.balance_fen < 0 {
        return Err(Error::argument("balance cannot be negative").at_path("account.balanceFen"));
    }
    let t = &input.transaction;
    check_len(&t.kind, "transaction.kind")?;
    check_len(&t.channel, "transaction.channel")?;
    let at = match &t.at {
        Some(s) => parse_instant(s, "transaction.at")?,
        None => ctx.now(),
    };
    let mut history = Vec::with_capacity(input.history.len());
    for (i, h) in input.history.iter().enumerate() {
        let p = |f: &str| format!("history[{i}].{f}");
        let Some(s) = &h.at else {
            return Err(Error::argument("a past transaction needs its time").at_path(p("at")));
        };
        let hat = parse_instant(s, &p("at"))?;
        check_len(&h.kind, &p("kind"))?;
        check_len(&h.channel, &p("channel"))?;
        if rules.kind(&h.kind).is_none() {
            return Err(Error::argument("unknown transaction kind").at_path(p("kind")));
        }
        let Some(ch) = rules.channel(&h.channel) else {
            return Err(Error::argument("unknown channel").at_path(p("channel")));
        };
        if h.amount_fen < 0 {
            return Err(Error::argument("amount cannot be negative").at_path(p("amountFen")));
        }
        history.push(Entry {
            at: hat,
            direction: h.direction,
            kind: h.kind.clone(),
            cp: h.counterparty,
            non_counter: ch.non_counter,
            amount: h.amount_fen,
        });
    }
    let acct = Account {
        tier: a.tier.clone(),
        status: a.status.clone(),
        f2f: a.face_to_face_verified,
        whitelist: a.whitelist.clone(),
        level: a.bank_level.clone(),
        channel: t.channel.clone(),
        balance: a.balance_fen,
    };
    let question = Question {
        ctx,
        rules,
        history: &history,
        tx: t,
        at,
        inflow_only: a.suspension.as_deref().map(|s| s == "inflow_only"),
        non_bound_inflow: a.non_bound_inflow_enabled,
    };
    let eval = question.evaluate(&acct);
    let upgrade_options = if eval.allowed || eval.invalid {
        Vec::new()
    } else {
        question.upgrades(&acct, &eval)
    };
    let mut remaining = Remaining::default();
    for l in &eval.limits {
        let slot = match l.period {
            Period::Day => &mut remaining.day_fen,
            Period::Year => &mut remaining.year_fen,
            Period::Balance => &mut remaining.balance_room_fen,
        };
        *slot = Some(slot.map_or(l.remaining_fen, |v: i64| v.min(l.remaining_fen)));
    }
    let blocking_limit = eval
        .limits
        .iter()
        .filter(|l| l.exceeded)
        .max_by(|x, y| reset_key(x).cmp(&reset_key(y)))
        .cloned();
    let mut findings = eval.findings;
    id_request(ctx, rules, cal, input, &mut findings);
    // Issue 16 §2.4: the elderly fraud warning (never changes the verdict).
    let fraud_warning = match &rules.elderly {
        Some(r) => super::elderly::assess(ctx, r, input, at)?.map(|(f, w)| {
            findings.push(f);
            w
        }),
        None => None,
    };
    Ok(TransactionCheck {
        allowed: eval.allowed,
        findings,
        remaining,
        blocking_limit,
        limits: eval.limits,
        upgrade_options,
        fraud_warning,
    })
}

/// Class III (issue 15 item 12): once money in and out of all the person's Class III accounts at
/// this bank reaches `idCheck.twoWayTotalFen` with this transaction, the bank must ask for a valid
/// ID within `provideWithinDays` (a warning; the transaction itself is not blocked: the text read
/// does not say it is).
fn id_request(
    ctx: &Ctx,
    rules: &TierRules,
    cal: Option<&dyn crate::time::WorkingDays>,
    input: &TransactionCheckInput,
    findings: &mut Vec<Finding>,
) {
    let a = &input.account;
    let (Some(check), Some(total)) = (
        rules.tier(&a.tier).and_then(|t| t.id_check.as_ref()),
        a.class3_two_way_total_fen,
    ) else {
        return;
    };
    if a.id_registered
        || total.saturating_add(input.transaction.amount_fen) < check.two_way_total_fen
    {
        return;
    }
    let p = crate::time::civil_period(ctx.today(), check.provide_within_days, cal);
    let mut params = params![
        ("threshold", yuan(check.two_way_total_fen)),
        ("days", check.provide_within_days)
    ];
    let code = match p.last {
        Some(d) => {
            crate::finding::put(&mut params, "provideBy", crate::time::iso(d).into());
            "tiers.class3_id_required"
        }
        None => "tiers.class3_id_required_no_date",
    };
    findings.push(ctx.finding(
        Severity::Warning,
        code,
        "account.class3TwoWayTotalFen",
        params,
    ));
}

/// Order for "which exceeded limit does the customer wait longest for": never-resetting first,
/// then the latest reset.
fn reset_key(l: &LimitState) -> (bool, String) {
    match &l.resets_at {
        None => (true, String::new()),
        Some(s) => (false, s.clone()),
    }
}

fn midnight(d: NaiveDate) -> Option<DateTime<FixedOffset>> {
    shanghai()
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .single()
}

/// A day or year window: entries with `start <= at < end` count; `rolling` windows count
/// `end - 365 d < at <= end` instead.
struct Window {
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    rolling: bool,
}

impl Window {
    fn new(period: Period, at: DateTime<FixedOffset>, setting: YearWindow) -> Option<Window> {
        let d = at.date_naive();
        match (period, setting) {
            (Period::Day, _) => Some(Window {
                start: midnight(d)?,
                end: midnight(d.succ_opt()?)?,
                rolling: false,
            }),
            (Period::Year, YearWindow::CalendarYear) => Some(Window {
                start: midnight(NaiveDate::from_ymd_opt(d.year(), 1, 1)?)?,
                end: midnight(NaiveDate::from_ymd_opt(d.year().checked_add(1)?, 1, 1)?)?,
                rolling: false,
            }),
            (Period::Year, YearWindow::Rolling365) => Some(Window {
                start: at.checked_sub_signed(Duration::days(365))?,
                end: at,
                rolling: true,
            }),
            (Period::Balance, _) => None,
        }
    }
    fn contains(&self, t: DateTime<FixedOffset>) -> bool {
        if self.rolling {
            self.start < t && t <= self.end
        } else {
            self.start <= t && t < self.end
        }
    }
}

/// Used amount in `window` over entries passing `counts`, and when `amount` more would fit.
fn window_state(
    history: &[Entry],
    window: &Window,
    counts: &dyn Fn(&Entry) -> bool,
    limit: i64,
    amount: i64,
) -> (i64, Option<DateTime<FixedOffset>>) {
    let counted = history
        .iter()
        .filter(|e| window.contains(e.at) && counts(e));
    if !window.rolling {
        let used = counted.fold(0i64, |s, e| s.saturating_add(e.amount));
        // Calendar windows restart at their end; if the amount alone is over the limit, never.
        return (
            used,
            if amount > limit {
                None
            } else {
                Some(window.end)
            },
        );
    }
    let mut inside: Vec<&Entry> = counted.collect();
    let used = inside.iter().fold(0i64, |s, e| s.saturating_add(e.amount));
    let fits = used.saturating_add(amount) <= limit;
    crate::finding::stable_sort_by_key(&mut inside, |e| {
        i128::from(e.at.timestamp()) * 1_000_000_000 + i128::from(e.at.timestamp_subsec_nanos())
    });
    let year = Duration::days(365);
    if fits {
        // Not blocked: the next moment room grows is when the oldest counted entry drops out.
        return (
            used,
            inside
                .first()
                .and_then(|e| e.at.checked_add_signed(year))
                .or(Some(window.end)),
        );
    }
    if amount > limit {
        return (used, None);
    }
    let mut left = used;
    for e in inside {
        left = left.saturating_sub(e.amount);
        if left.saturating_add(amount) <= limit {
            return (used, e.at.checked_add_signed(year));
        }
    }
    (used, None)
}

fn period_label(ctx: &Ctx, period: Period) -> String {
    ctx.text(match period {
        Period::Day => "tiers.label.per_day",
        Period::Year => "tiers.label.per_year",
        Period::Balance => "tiers.label.at_any_time",
    })
}

#[allow(clippy::too_many_arguments)]
fn limit_state(
    ctx: &Ctx,
    id: String,
    authority: Authority,
    name: String,
    direction: Option<Direction>,
    period: Period,
    limit: i64,
    used: i64,
    amount: i64,
    resets: Option<DateTime<FixedOffset>>,
    source: &str,
    effective_date: &str,
) -> LimitState {
    LimitState {
        id,
        authority,
        name,
        direction,
        period,
        limit_fen: limit,
        used_fen: used,
        remaining_fen: limit.saturating_sub(used).max(0),
        remaining_display: yuan(limit.saturating_sub(used).max(0)),
        remaining_after_fen: limit.saturating_sub(used).saturating_sub(amount).max(0),
        remaining_after_display: yuan(limit.saturating_sub(used).saturating_sub(amount).max(0)),
        exceeded: used.saturating_add(amount) > limit,
        resets_at: resets.map(|t| t.to_rfc3339()),
        display: format!("{} {}", yuan(limit), period_label(ctx, period)),
        source: source.to_string(),
        effective_date: effective_date.to_string(),
    }
}

fn whitelisted(rules: &TierRules, whitelist: &[String], kind: &str) -> Option<String> {
    whitelist
        .iter()
        .filter_map(|w| rules.whitelist_category(w))
        .find(|c| c.kinds.iter().any(|k| k == kind))
        .map(|c| c.id.clone())
}

fn counted_by_pboc(tier: &Tier, bucket: &super::Bucket, e: &Entry) -> bool {
    bucket.counts(e.direction, &e.kind, e.cp) && tier.exclusion_for(&e.kind, e.cp).is_none()
}

/// The transaction asked about: what every evaluation of it reads (the account varies when
/// upgrades are tried).
struct Question<'a> {
    ctx: &'a Ctx<'a>,
    rules: &'a TierRules,
    history: &'a [Entry],
    tx: &'a TransactionInput,
    at: DateTime<FixedOffset>,
    /// `account.suspension`: `Some(true)` inflow only, `Some(false)` nothing in or out.
    inflow_only: Option<bool>,
    /// `account.nonBoundInflowEnabled`.
    non_bound_inflow: bool,
}

/// The ids of the account and the transaction, resolved against the rules.
struct Resolved<'a> {
    tier: &'a Tier,
    status: &'a super::StatusDef,
    function: &'a str,
    channel: &'a super::ChannelDef,
    level: Option<&'a super::BankLevel>,
    /// The account's own level when the whitelist floor replaced it by `level`.
    floored_from: Option<&'a super::BankLevel>,
}

/// One evaluation in progress: the findings and limit states so far.
struct Evaluation<'q, 'a> {
    q: &'q Question<'a>,
    acct: &'q Account,
    r: Resolved<'a>,
    findings: Vec<Finding>,
    limits: Vec<LimitState>,
}

impl<'a> Question<'a> {
    fn err(&self, code: &str, field: &str, p: crate::finding::Params) -> Finding {
        self.ctx.finding(Severity::Error, code, field, p)
    }

    /// Whether the transaction passes for `acct`, with every finding and limit: the ids resolved,
    /// then the account status, the function on this tier, the tier's restrictions, the balance,
    /// the PBoC buckets, the balance cap and the bank's own level, and finally what is left.
    fn evaluate(&self, acct: &Account) -> Eval {
        let mut findings = Vec::new();
        let Some(r) = self.resolve(acct, &mut findings) else {
            return Eval {
                allowed: no_errors(&findings),
                findings,
                limits: Vec::new(),
                invalid: true,
                status_blocked: false,
                bank_blocked: false,
            };
        };
        let mut e = Evaluation {
            q: self,
            acct,
            r,
            findings,
            limits: Vec::new(),
        };
        let status_blocked = e.status();
        e.function();
        e.restrictions();
        e.balance();
        e.pboc_buckets();
        e.balance_cap();
        let bank_blocked = e.bank_level();
        e.what_is_left();
        Eval {
            allowed: no_errors(&e.findings),
            findings: e.findings,
            limits: e.limits,
            invalid: false,
            status_blocked,
            bank_blocked,
        }
    }

    /// The whitelist floor (issue 16 §2.2): a whitelisted account (any known category) in a status
    /// the floor holds in is judged against the floor level when its own level is lower (by the
    /// outbound day limit); `None` when the floor does not apply. A blocking status — a risk
    /// measure — wins: the floor lifts no suspension. (The answer says so where the bank's level
    /// is applied, step 8.)
    fn whitelist_floor(
        &self,
        acct: &Account,
        status: &super::StatusDef,
        level: &'a super::BankLevel,
    ) -> Option<&'a super::BankLevel> {
        let rules = self.rules;
        let floor = rules.whitelist_floor.as_ref()?;
        let listed = acct
            .whitelist
            .iter()
            .any(|w| rules.whitelist_category(w).is_some());
        let day = |l: &super::BankLevel| {
            l.limits
                .iter()
                .filter(|x| x.direction == Direction::Outbound && x.period == Period::Day)
                .map(|x| x.amount_fen)
                .min()
                .unwrap_or(i64::MAX)
        };
        rules.level(&floor.level).filter(|f| {
            listed
                && !status.blocks
                && floor.statuses.contains(&status.id)
                && f.applies_to.contains(&acct.tier)
                && day(f) > day(level)
        })
    }

    /// Step 1: Resolve the ids; `None` (with findings) when one is unknown or the amount is not positive.
    fn resolve(&self, acct: &Account, findings: &mut Vec<Finding>) -> Option<Resolved<'a>> {
        let (rules, tx) = (self.rules, self.tx);
        let tier = rules.tier(&acct.tier);
        if tier.is_none() {
            findings.push(self.err("tiers.unknown_tier", "account.tier", params![]));
        }
        let status = rules.status(&acct.status);
        if status.is_none() {
            findings.push(self.err("tiers.unknown_status", "account.status", params![]));
        }
        let kind = rules.kind(&tx.kind);
        let function = match kind {
            None => {
                findings.push(self.err("tiers.unknown_kind", "transaction.kind", params![]));
                None
            }
            Some(k) => {
                let f = k.function(tx.direction, tx.counterparty);
                if f.is_none() {
                    findings.push(self.err(
                        "tiers.kind_direction",
                        "transaction.direction",
                        params![("kind", k.name.get(self.ctx.locale()))],
                    ));
                }
                f
            }
        };
        let channel = rules.channel(&acct.channel);
        if channel.is_none() {
            findings.push(self.err("tiers.unknown_channel", "transaction.channel", params![]));
        }
        let level = match &acct.level {
            None => None,
            Some(id) => match rules.level(id) {
                None => {
                    findings.push(self.err(
                        "tiers.unknown_bank_level",
                        "account.bankLevel",
                        params![],
                    ));
                    None
                }
                Some(l) if !l.applies_to.iter().any(|t| t == &acct.tier) && tier.is_some() => {
                    findings.push(self.err(
                        "tiers.bank_level_not_applicable",
                        "account.bankLevel",
                        params![],
                    ));
                    None
                }
                Some(l) => Some(l),
            },
        };
        for (i, w) in acct.whitelist.iter().enumerate() {
            if rules.whitelist_category(w).is_none() {
                findings.push(self.ctx.finding(
                    Severity::Warning,
                    "tiers.unknown_whitelist",
                    &format!("account.whitelist[{i}]"),
                    params![],
                ));
            }
        }
        if tx.amount_fen <= 0 {
            findings.push(self.err(
                "tiers.amount_not_positive",
                "transaction.amountFen",
                params![],
            ));
        }
        let (Some(tier), Some(status), Some(_kind), Some(function), Some(channel)) =
            (tier, status, kind, function, channel)
        else {
            return None;
        };
        if !no_errors(findings) {
            return None;
        }
        let floored = level.and_then(|l| self.whitelist_floor(acct, status, l));
        Some(Resolved {
            tier,
            status,
            function,
            channel,
            level: floored.or(level),
            floored_from: floored.and(level),
        })
    }
}

impl Evaluation<'_, '_> {
    fn err(&mut self, code: &str, field: &str, p: crate::finding::Params) {
        let f = self.q.err(code, field, p);
        self.findings.push(f);
    }

    fn info(&mut self, code: &str, field: &str, p: crate::finding::Params) {
        let f = self.q.ctx.finding(Severity::Info, code, field, p);
        self.findings.push(f);
    }

    fn loc(&self) -> crate::i18n::Locale {
        self.q.ctx.locale()
    }

    /// Step 2: An account status that stops this channel (dormant, suspended).
    fn status(&mut self) -> bool {
        let (status, channel) = (self.r.status, self.r.channel);
        let inflow_only = self.q.inflow_only.unwrap_or(status.inbound_allowed);
        if status.blocks && inflow_only && self.q.tx.direction == Direction::Inbound {
            // 只收不付: money may still come in (salary, pension); outflows stay blocked.
            let name = status.name.get(self.loc());
            self.info(
                "tiers.status_inflow_only",
                "account.status",
                params![("status", name)],
            );
            return false;
        }
        if status.blocks && (channel.non_counter || !status.counter_allowed) {
            let name = status.name.get(self.loc());
            self.err(
                "tiers.status_blocked",
                "account.status",
                params![("status", name)],
            );
            return true;
        }
        false
    }

    /// Step 3: Whether the function is available on this tier.
    fn function(&mut self) {
        let (tier, function, loc) = (self.r.tier, self.r.function, self.loc());
        let fname = self
            .q
            .rules
            .function(function)
            .map_or(function.to_string(), |f| f.name.get(loc).to_string());
        match tier.availability(function) {
            Availability::Yes => {}
            Availability::No => self.err(
                "tiers.function_unavailable",
                "transaction.kind",
                params![("function", fname), ("tier", tier.name.get(loc))],
            ),
            Availability::FaceToFace if self.acct.f2f => {}
            Availability::Verified if self.acct.f2f || self.q.non_bound_inflow => {}
            Availability::Verified => self.err(
                "tiers.needs_verification",
                "transaction.kind",
                params![("function", fname)],
            ),
            Availability::FaceToFace => self.err(
                "tiers.needs_face_to_face",
                "transaction.kind",
                params![("function", fname)],
            ),
            Availability::DueDiligence => self.err(
                "tiers.needs_due_diligence",
                "transaction.kind",
                params![("function", fname)],
            ),
        }
    }

    /// Step 4: Restrictions of the tier (simple-opening business accounts).
    fn restrictions(&mut self) {
        let (tier, non_counter, loc) = (self.r.tier, self.r.channel.non_counter, self.loc());
        for r in &tier.restrictions {
            let channel_hits = match r.channel {
                ChannelClass::Any => true,
                ChannelClass::Counter => !non_counter,
                ChannelClass::NonCounter => non_counter,
            };
            if r.direction == self.q.tx.direction && channel_hits {
                self.err(
                    "tiers.restricted",
                    "transaction.channel",
                    params![("detail", r.text.get(loc))],
                );
            }
        }
    }

    /// Step 5: Enough money for an outflow.
    fn balance(&mut self) {
        let tx = self.q.tx;
        if tx.direction == Direction::Outbound && tx.amount_fen > self.acct.balance {
            let balance = yuan(self.acct.balance);
            self.err(
                "tiers.insufficient_balance",
                "transaction.amountFen",
                params![("balance", balance)],
            );
        }
    }

    /// Step 6: The PBoC buckets, unless the transaction is not counted.
    fn pboc_buckets(&mut self) {
        let (q, tier, loc) = (self.q, self.r.tier, self.loc());
        let tx = q.tx;
        if let Some(ex) = tier.exclusion_for(&tx.kind, tx.counterparty) {
            self.info(
                "tiers.not_counted",
                "transaction.kind",
                params![("reason", ex.text.get(loc))],
            );
            return;
        }
        for b in tier
            .buckets
            .iter()
            .filter(|b| b.counts(tx.direction, &tx.kind, tx.counterparty))
        {
            for lim in &b.limits {
                let Some(w) = Window::new(lim.period, q.at, q.rules.settings.year_window) else {
                    continue;
                };
                let (used, resets) = window_state(
                    q.history,
                    &w,
                    &|e| counted_by_pboc(tier, b, e),
                    lim.amount_fen,
                    tx.amount_fen,
                );
                let st = limit_state(
                    q.ctx,
                    format!("{}.{}.{}", tier.id, b.id, period_id(lim.period)),
                    lim.authority,
                    b.name.get(loc).to_string(),
                    Some(b.direction),
                    lim.period,
                    lim.amount_fen,
                    used,
                    tx.amount_fen,
                    resets,
                    &lim.source,
                    &lim.effective_date,
                );
                if st.exceeded {
                    self.findings
                        .push(exceeded_finding(q.ctx, "tiers.limit_exceeded", &st));
                }
                self.limits.push(st);
            }
        }
    }

    /// Step 7: The balance cap (counts every inflow, excluded or not).
    fn balance_cap(&mut self) {
        let (q, tier) = (self.q, self.r.tier);
        let Some(cap) = &tier.balance_cap else {
            return;
        };
        let incoming = if q.tx.direction == Direction::Inbound {
            q.tx.amount_fen
        } else {
            0
        };
        let st = limit_state(
            q.ctx,
            format!("{}.balance", tier.id),
            cap.authority,
            q.ctx.text("tiers.label.balance_cap"),
            None,
            Period::Balance,
            cap.amount_fen,
            self.acct.balance,
            incoming,
            None,
            &cap.source,
            &cap.effective_date,
        );
        if st.exceeded {
            self.err(
                "tiers.balance_cap_exceeded",
                "transaction.amountFen",
                params![
                    ("limit", yuan(st.limit_fen)),
                    ("room", yuan(st.remaining_fen))
                ],
            );
        }
        self.limits.push(st);
    }

    /// Step 8: the bank's own non-counter level (whitelists lift these, never the PBoC caps).
    /// True when one of its limits blocks.
    fn bank_level(&mut self) -> bool {
        let (q, acct, loc) = (self.q, self.acct, self.loc());
        let (rules, tx) = (q.rules, q.tx);
        let Some(level) = self.r.level else {
            return false;
        };
        let applicable: Vec<_> = level
            .limits
            .iter()
            .filter(|l| l.direction == tx.direction)
            .collect();
        if applicable.is_empty() {
            return false;
        }
        if !self.r.channel.non_counter {
            self.info(
                "tiers.counter_not_limited",
                "transaction.channel",
                params![],
            );
            return false;
        }
        // Basic services (AML Law Art. 30 para 2; bank policy for the C items): never limited by
        // the bank's own level, whitelisted or not.
        let bound = tx.counterparty == Counterparty::Bound;
        if rules
            .basic_services
            .find(&tx.kind, tx.direction, bound)
            .is_some()
        {
            let kind = rules
                .kind(&tx.kind)
                .map_or(tx.kind.clone(), |k| k.name.get(loc).to_string());
            self.info(
                "tiers.basic_service_not_limited",
                "transaction.kind",
                params![("kind", kind)],
            );
            return false;
        }
        if let Some(cat) = whitelisted(rules, &acct.whitelist, &tx.kind) {
            let name = rules
                .whitelist_category(&cat)
                .map_or(cat.clone(), |c| c.name.get(loc).to_string());
            self.info(
                "tiers.whitelisted",
                "account.whitelist",
                params![("category", name)],
            );
            return false;
        }
        if let Some(own) = self.r.floored_from {
            self.info(
                "tiers.whitelist_floor",
                "account.whitelist",
                params![
                    ("level", level.name.get(loc).to_string()),
                    ("own", own.name.get(loc).to_string())
                ],
            );
        }
        let mut blocked = false;
        for lim in applicable {
            let Some(w) = Window::new(lim.period, q.at, rules.settings.year_window) else {
                continue;
            };
            let counts = |e: &Entry| {
                e.direction == lim.direction
                    && e.non_counter
                    && whitelisted(rules, &acct.whitelist, &e.kind).is_none()
                    && rules
                        .basic_services
                        .find(&e.kind, e.direction, e.cp == Counterparty::Bound)
                        .is_none()
            };
            let (used, resets) =
                window_state(q.history, &w, &counts, lim.amount_fen, tx.amount_fen);
            let st = limit_state(
                q.ctx,
                format!(
                    "bank.{}.{}.{}",
                    level.id,
                    dir_id(lim.direction),
                    period_id(lim.period)
                ),
                lim.authority,
                level.name.get(loc).to_string(),
                Some(lim.direction),
                lim.period,
                lim.amount_fen,
                used,
                tx.amount_fen,
                resets,
                &lim.source,
                &lim.effective_date,
            );
            if st.exceeded {
                blocked = true;
                self.findings
                    .push(exceeded_finding(q.ctx, "tiers.bank_limit_exceeded", &st));
            }
            self.limits.push(st);
        }
        blocked
    }

    /// Step 9: What is left: after this transaction when it is allowed, before it when a limit blocks.
    fn what_is_left(&mut self) {
        let ctx = self.q.ctx;
        let allowed = no_errors(&self.findings);
        if !allowed && !self.limits.iter().any(|l| l.exceeded) {
            return;
        }
        if allowed && self.limits.is_empty() {
            self.info("tiers.allowed_no_limit", "", params![]);
            return;
        }
        let left = |p: Period| {
            let v = self
                .limits
                .iter()
                .filter(|l| l.period == p)
                .map(|l| {
                    if allowed {
                        l.remaining_after_fen
                    } else {
                        l.remaining_fen
                    }
                })
                .min();
            v.map_or(ctx.text("tiers.label.no_limit"), yuan)
        };
        let p = params![
            ("day", left(Period::Day)),
            ("year", left(Period::Year)),
            ("room", left(Period::Balance))
        ];
        let code = if allowed {
            "tiers.allowed"
        } else {
            "tiers.remaining"
        };
        self.info(code, "", p);
    }
}

/// Over a limit: when the limit frees up, or (`<code>_single`, no reset) that the amount alone is
/// over it, so waiting does not help. Each sentence is written around its own values; none takes a
/// phrase as a placeholder.
fn exceeded_finding(ctx: &Ctx, code: &str, st: &LimitState) -> Finding {
    let mut p = params![
        ("limit", st.name.clone()),
        ("amount", st.display.clone()),
        ("remaining", yuan(st.remaining_fen))
    ];
    let code = match st.resets_at.as_deref() {
        Some(at) => {
            crate::finding::put(&mut p, "resetsAt", human_time(at).into());
            code.to_string()
        }
        None => format!("{code}_single"),
    };
    ctx.finding(Severity::Error, &code, "transaction.amountFen", p)
}

/// `2026-11-24T00:00:00+08:00` → `2026-11-24 00:00 (UTC+8)`.
fn human_time(rfc: &str) -> String {
    match (rfc.get(0..10), rfc.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} (UTC+8)"),
        _ => rfc.to_string(),
    }
}

pub(crate) fn period_id(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Year => "year",
        Period::Balance => "balance",
    }
}

pub(crate) fn dir_id(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

/// The upgrade options: each tried on a copy of the account, kept when the transaction then passes.
struct Upgrades<'q, 'a> {
    q: &'q Question<'a>,
    acct: &'q Account,
    /// The account awake again: every option but waking up is tried from here, and offered only
    /// when being awake is not enough.
    base: Account,
    tier: &'a Tier,
    options: Vec<UpgradeOption>,
}

impl Question<'_> {
    /// Try each upgrade on a copy of the account and keep those under which the transaction
    /// passes: waking the account up, face-to-face verification, a whitelist, a higher bank level,
    /// a higher tier, the counter.
    fn upgrades(&self, acct: &Account, eval: &Eval) -> Vec<UpgradeOption> {
        let Some(tier) = self.rules.tier(&acct.tier) else {
            return Vec::new();
        };
        let mut u = Upgrades {
            q: self,
            acct,
            base: Account {
                status: "active".into(),
                ..acct.clone()
            },
            tier,
            options: Vec::new(),
        };
        if eval.status_blocked {
            u.wake_up();
        }
        let needs_more = !u.passes(&u.base);
        if needs_more {
            u.face_to_face();
            if eval.bank_blocked {
                u.whitelists();
                u.bank_level();
            }
            u.higher_tier();
        }
        u.counter();
        u.options
    }
}

impl Upgrades<'_, '_> {
    fn passes(&self, acct: &Account) -> bool {
        self.q.evaluate(acct).allowed
    }

    fn loc(&self) -> crate::i18n::Locale {
        self.q.ctx.locale()
    }

    fn option(
        &self,
        id: &str,
        title_params: crate::finding::Params,
        description: String,
    ) -> UpgradeOption {
        UpgradeOption {
            id: id.to_string(),
            title: self
                .q
                .ctx
                .render(&format!("tiers.option.{id}"), &title_params),
            description,
            target_tier: None,
            target_level: None,
            whitelist_category: None,
            steps: Vec::new(),
        }
    }

    /// A dormant or suspended account: how to wake it up.
    fn wake_up(&mut self) {
        let loc = self.loc();
        let Some(st) = self.q.rules.status(&self.acct.status) else {
            return;
        };
        let mut o = self.option(
            "wake_up",
            params![("status", st.name.get(loc))],
            String::new(),
        );
        if let Some(g) = st.guide(self.tier.kind) {
            // The notice period is data (`noticePeriod.days`); the texts say `{days}`.
            let days = g.notice_period.as_ref().map(|n| n.days.to_string());
            let fill = |t: &str| match &days {
                Some(d) => t.replace("{days}", d),
                None => t.to_string(),
            };
            o.description = fill(g.definition.get(loc));
            o.steps = g.wake_up.iter().map(|s| fill(s.get(loc))).collect();
        }
        self.options.push(o);
    }

    /// A personal account verified face to face.
    fn face_to_face(&mut self) {
        if self.acct.f2f || self.tier.kind != TierKind::Personal {
            return;
        }
        let c = Account {
            f2f: true,
            ..self.base.clone()
        };
        if self.passes(&c) {
            let o = self.option(
                "face_to_face_verification",
                params![],
                self.tier.how_to_upgrade.get(self.loc()).to_string(),
            );
            self.options.push(o);
        }
    }

    /// A whitelist category covering the transaction's kind (lifts the bank's level only).
    fn whitelists(&mut self) {
        let (q, loc) = (self.q, self.loc());
        for w in &q.rules.whitelist {
            if !w.kinds.iter().any(|k| k == &q.tx.kind) || self.acct.whitelist.contains(&w.id) {
                continue;
            }
            let mut list = self.base.whitelist.clone();
            list.push(w.id.clone());
            if self.passes(&Account {
                whitelist: list,
                ..self.base.clone()
            }) {
                let mut o = self.option(
                    "whitelist",
                    params![("category", w.name.get(loc))],
                    q.ctx.text("tiers.option.whitelist_description"),
                );
                o.whitelist_category = Some(w.id.clone());
                self.options.push(o);
            }
        }
    }

    /// The first higher bank level of this tier under which it passes (or no bank level at all).
    fn bank_level(&mut self) {
        let (q, loc) = (self.q, self.loc());
        let Some(current) = &self.acct.level else {
            return;
        };
        let levels = &q.rules.bank_levels;
        let pos = levels.iter().position(|l| &l.id == current).unwrap_or(0);
        let higher = levels
            .iter()
            .skip(pos + 1)
            .filter(|l| l.applies_to.contains(&self.acct.tier));
        let mut target = None;
        for l in higher {
            if self.passes(&Account {
                level: Some(l.id.clone()),
                ..self.base.clone()
            }) {
                target = Some(Some(l));
                break;
            }
        }
        if target.is_none()
            && self.passes(&Account {
                level: None,
                ..self.base.clone()
            })
        {
            target = Some(None);
        }
        if let Some(t) = target {
            let name = t.map_or(q.ctx.text("tiers.label.no_bank_limit"), |l| {
                l.name.get(loc).to_string()
            });
            let mut o = self.option(
                "limit_adjustment_request",
                params![("level", name)],
                q.ctx
                    .text("tiers.option.limit_adjustment_request_description"),
            );
            o.target_level = t.map(|l| l.id.clone());
            self.options.push(o);
        }
    }

    /// The first tier this one upgrades to under which it passes (verified face to face, keeping
    /// a bank level that applies there).
    fn higher_tier(&mut self) {
        let (rules, loc) = (self.q.rules, self.loc());
        for up in &self.tier.upgrade_to {
            let Some(target) = rules.tier(up) else {
                continue;
            };
            let level = self
                .base
                .level
                .clone()
                .filter(|l| rules.level(l).is_some_and(|l| l.applies_to.contains(up)));
            let c = Account {
                tier: up.clone(),
                f2f: true,
                level,
                ..self.base.clone()
            };
            if self.passes(&c) {
                let mut o = self.option(
                    "upgrade_tier",
                    params![("tier", target.name.get(loc))],
                    self.tier.how_to_upgrade.get(loc).to_string(),
                );
                o.target_tier = Some(up.clone());
                o.steps = vec![target.how_to_open.get(loc).to_string()];
                self.options.push(o);
                break;
            }
        }
    }

    /// The same transaction at the counter.
    fn counter(&mut self) {
        let q = self.q;
        let Some(counter) = q.rules.channels.iter().find(|c| !c.non_counter) else {
            return;
        };
        if self.acct.channel == counter.id {
            return;
        }
        let c = Account {
            channel: counter.id.clone(),
            ..self.acct.clone()
        };
        if self.passes(&c) {
            let o = self.option(
                "use_counter",
                params![],
                q.ctx.text("tiers.option.use_counter_description"),
            );
            self.options.push(o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use serde_json::json;

    /// The default `tiers.json` changed by `f`, loaded alone.
    fn desk_with(f: impl FnOnce(&mut serde_json::Value)) -> TierRules {
        super::super::tests::rules_with(f).unwrap()
    }

    fn check_transaction(
        rules: &TierRules,
        input: &TransactionCheckInput,
    ) -> Result<TransactionCheck, Error> {
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        super::check_transaction(&ctx, rules, input)
    }

    fn input(v: serde_json::Value) -> TransactionCheckInput {
        TransactionCheckInput::from_json(&v).unwrap()
    }

    #[test]
    fn argument_errors_name_their_field() {
        let tx = class2_out("2026-11-23T10:00:00+08:00", 100);
        let acct = json!({ "tier": "personal_class_2", "balanceFen": 0 });
        let path = |v: serde_json::Value| {
            let e = TransactionCheckInput::from_json(&v).unwrap_err();
            assert_eq!(e.code, "argument.invalid");
            e.path.clone().unwrap_or_default()
        };
        let mut bad = class2_out("2026-11-23T09:00:00+08:00", 1);
        bad["amountFen"] = json!("1");
        assert_eq!(
            path(json!({ "account": acct, "history": [tx, bad], "transaction": tx })),
            "history[1].amountFen"
        );
        let mut bad = tx.clone();
        bad["direction"] = json!("sideways");
        assert_eq!(
            path(json!({ "account": acct, "transaction": bad })),
            "transaction.direction"
        );
        assert_eq!(path(json!({ "transaction": tx })), "account");
        assert_eq!(
            path(json!({ "account": acct, "transaction": tx, "extra": 1 })),
            "extra"
        );
        assert_eq!(
            path(json!({ "account": { "tier": "personal_class_2" }, "transaction": tx })),
            "account.balanceFen"
        );
        assert_eq!(path(json!([1])), "");
        let ok = TransactionCheckInput::from_json(&json!({ "account": acct, "transaction": tx }))
            .unwrap();
        assert_eq!(
            (
                ok.account.status.as_str(),
                ok.history.len(),
                ok.transaction.amount_fen
            ),
            ("active", 0, 100)
        );
    }

    fn class2_out(at: &str, amount: i64) -> serde_json::Value {
        json!({ "at": at, "direction": "outbound", "kind": "transfer", "counterparty": "non_bound", "channel": "mobile_banking", "amountFen": amount })
    }

    #[test]
    fn rolling_365_counts_the_last_365_days() {
        let history = json!([class2_out("2025-12-01T10:00:00+08:00", 19_000_001)]);
        let tx = class2_out("2026-02-01T10:00:00+08:00", 999_999);
        let acct = json!({ "tier": "personal_class_2", "balanceFen": 100_000_000 });
        // Calendar year: 2026 is a fresh year.
        let cal = desk_with(|_| {});
        let r = check_transaction(
            &cal,
            &input(json!({ "account": acct, "history": history, "transaction": tx })),
        )
        .unwrap();
        assert!(r.allowed, "{:?}", r.findings);
        assert_eq!(r.remaining.year_fen, Some(20_000_000));
        // Rolling: the December payment still counts until 2026-12-01 10:00.
        let roll = desk_with(|t| t["settings"]["yearWindow"] = json!("rolling_365"));
        let r = check_transaction(
            &roll,
            &input(json!({ "account": acct, "history": history, "transaction": tx })),
        )
        .unwrap();
        assert!(r.allowed);
        assert_eq!(r.remaining.year_fen, Some(999_999));
        let tx2 = class2_out("2026-02-01T10:00:00+08:00", 1_000_000);
        let r = check_transaction(
            &roll,
            &input(json!({ "account": acct, "history": history, "transaction": tx2 })),
        )
        .unwrap();
        assert!(!r.allowed);
        let b = r.blocking_limit.unwrap();
        assert_eq!(b.id, "personal_class_2.outbound.year");
        assert_eq!(b.resets_at.as_deref(), Some("2026-12-01T10:00:00+08:00"));
        // At exactly 365 days the old payment no longer counts.
        let tx3 = class2_out("2026-12-01T10:00:00+08:00", 1_000_000);
        let r = check_transaction(
            &roll,
            &input(json!({ "account": acct, "history": history, "transaction": tx3 })),
        )
        .unwrap();
        assert!(r.allowed, "{:?}", r.findings);
    }

    #[test]
    fn day_window_is_shanghai_midnight_even_for_utc_input() {
        let desk = desk_with(|_| {});
        // 15:50Z = 23:50 +08:00 on the 23rd; 16:10Z = 00:10 on the 24th.
        let history = json!([class2_out("2026-11-23T15:50:00Z", 1_000_000)]);
        let acct = json!({ "tier": "personal_class_2", "balanceFen": 100_000_000 });
        let r = check_transaction(&desk, &input(json!({ "account": acct, "history": history, "transaction": class2_out("2026-11-23T16:10:00Z", 1_000_000) }))).unwrap();
        assert!(r.allowed, "{:?}", r.findings);
        let r = check_transaction(&desk, &input(json!({ "account": acct, "history": history, "transaction": class2_out("2026-11-23T15:55:00Z", 1) }))).unwrap();
        assert!(!r.allowed);
        assert_eq!(
            r.blocking_limit.unwrap().resets_at.as_deref(),
            Some("2026-11-24T00:00:00+08:00")
        );
    }

    #[test]
    fn full_history_of_10000_entries_is_accepted() {
        let desk = desk_with(|_| {});
        let history: Vec<_> = (0..10_000)
            .map(|i| {
                class2_out(
                    &format!("2026-{:02}-{:02}T10:00:00+08:00", 1 + i % 10, 1 + i % 28),
                    1,
                )
            })
            .collect();
        let r = check_transaction(
            &desk,
            &input(json!({ "account": { "tier": "personal_class_2", "balanceFen": 100_000_000, "bankLevel": "basic_1000" }, "history": history, "transaction": class2_out("2026-11-23T10:00:00+08:00", 100_001) })),
        )
        .unwrap();
        assert!(!r.allowed);
        assert_eq!(r.remaining.year_fen, Some(5_000_000 - 10_000));
        assert!(r
            .upgrade_options
            .iter()
            .any(|o| o.id == "limit_adjustment_request"));
    }

    #[test]
    fn history_bound_is_an_error() {
        let desk = desk_with(|t| t["settings"]["maxHistory"] = json!(2));
        let h = class2_out("2026-11-20T10:00:00+08:00", 1);
        let e = check_transaction(
            &desk,
            &input(json!({ "account": { "tier": "personal_class_2", "balanceFen": 0 }, "history": [h, h, h], "transaction": class2_out("2026-11-23T10:00:00+08:00", 1) })),
        )
        .unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.path.as_deref()),
            ("argument.too_large", Some("history"))
        );
    }
}
