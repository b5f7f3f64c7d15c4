//! `checkTransaction`: can this account do this now, and if not, which limit blocks, how much is
//! left today and this year, when it resets and which upgrade would allow it.
//!
//! Day windows are calendar days in Asia/Shanghai; year windows follow the pack's `yearWindow`
//! setting (calendar year by default, or the last 365 days). Sums use saturating arithmetic: a
//! saturated sum is above every limit, so extreme amounts can never wrap into "allowed".

use super::money::yuan;
use super::{
    Authority, Availability, ChannelClass, Counterparty, Direction, Period, Tier, TierKind,
    TierRules, YearWindow, MAX_ID_CHARS, MAX_LIST,
};
use crate::desk::FrontDesk;
use crate::error::Error;
use crate::finding::{no_errors, Finding, Severity};
use crate::jsonread::{Obj, Reader};
use crate::params;
use crate::time::{parse_instant, shanghai};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;

/// The account as the app knows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AccountInput {
    /// A tier id from `listTiers()`, e.g. `personal_class_2`.
    pub tier: String,
    /// Current balance in fen.
    pub balance_fen: i64,
    /// `active` (default), `dormant` or `suspended`.
    #[serde(default = "active")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub status: String,
    /// Identity confirmed face to face (counter, or kiosk with staff).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub face_to_face_verified: bool,
    /// Whitelist categories the account is signed up for (`payroll`, `social_security`, …).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub whitelist: Vec<String>,
    /// The bank's own non-counter level, if the bank has set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub bank_level: Option<String>,
}

fn active() -> String {
    "active".to_string()
}

impl AccountInput {
    pub(crate) fn read(o: &Obj) -> AccountInput {
        o.only(&[
            "tier",
            "balanceFen",
            "status",
            "faceToFaceVerified",
            "whitelist",
            "bankLevel",
        ]);
        o.require(&["tier", "balanceFen"]);
        AccountInput {
            tier: o.str("tier"),
            balance_fen: o.i64("balanceFen"),
            status: o.opt_str("status").unwrap_or_else(active),
            face_to_face_verified: o.bool("faceToFaceVerified"),
            whitelist: o.strings("whitelist"),
            bank_level: o.opt_str("bankLevel"),
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
        ]);
        o.require(&["direction", "kind", "counterparty", "channel", "amountFen"]);
        TransactionInput {
            at: o.opt_str("at"),
            direction: o.pick("direction", super::load::DIRECTIONS),
            kind: o.str("kind"),
            counterparty: o.pick("counterparty", super::load::COUNTERPARTIES),
            channel: o.str("channel"),
            amount_fen: o.i64("amountFen"),
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TransactionInput {
    /// RFC 3339 with offset. Required in `history`; for `transaction` it defaults to the desk's now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub at: Option<String>,
    pub direction: Direction,
    /// A kind id (`transfer`, `cash`, `consumption`, `payment`, `utilities`, `payroll`, …).
    pub kind: String,
    pub counterparty: Counterparty,
    /// A channel id (`counter`, `mobile_banking`, `online_banking`, `quick_pay`, `pos`, `atm`).
    pub channel: String,
    pub amount_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Remaining {
    pub day_fen: Option<i64>,
    pub year_fen: Option<i64>,
    pub balance_room_fen: Option<i64>,
}

/// One limit as it stands for this transaction.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct UpgradeOption {
    /// `wake_up`, `use_counter`, `face_to_face_verification`, `upgrade_tier`, `whitelist`,
    /// `limit_adjustment_request`.
    pub id: String,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub target_tier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub target_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub whitelist_category: Option<String>,
    pub steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
struct Ctx {
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
    desk: &FrontDesk,
    input: &TransactionCheckInput,
) -> Result<TransactionCheck, Error> {
    let rules = &desk.pack().tiers;
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
        None => desk.now(),
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
    let ctx = Ctx {
        tier: a.tier.clone(),
        status: a.status.clone(),
        f2f: a.face_to_face_verified,
        whitelist: a.whitelist.clone(),
        level: a.bank_level.clone(),
        channel: t.channel.clone(),
        balance: a.balance_fen,
    };
    let eval = evaluate(desk, rules, &ctx, &history, t, at);
    let upgrade_options = if eval.allowed || eval.invalid {
        Vec::new()
    } else {
        upgrades(desk, rules, &ctx, &eval, &history, t, at)
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
    Ok(TransactionCheck {
        allowed: eval.allowed,
        findings: eval.findings,
        remaining,
        blocking_limit,
        limits: eval.limits,
        upgrade_options,
    })
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

fn period_label(desk: &FrontDesk, period: Period) -> String {
    desk.text(match period {
        Period::Day => "tiers.label.per_day",
        Period::Year => "tiers.label.per_year",
        Period::Balance => "tiers.label.at_any_time",
    })
}

#[allow(clippy::too_many_arguments)]
fn limit_state(
    desk: &FrontDesk,
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
        display: format!("{} {}", yuan(limit), period_label(desk, period)),
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

fn evaluate(
    desk: &FrontDesk,
    rules: &TierRules,
    ctx: &Ctx,
    history: &[Entry],
    tx: &TransactionInput,
    at: DateTime<FixedOffset>,
) -> Eval {
    let mut findings = Vec::new();
    let mut limits = Vec::new();
    let out = |findings: Vec<Finding>, limits, invalid, status_blocked, bank_blocked| Eval {
        allowed: no_errors(&findings),
        findings,
        limits,
        invalid,
        status_blocked,
        bank_blocked,
    };
    let err = |code: &str, field: &str, p| desk.finding(Severity::Error, code, field, p);
    // 1. Resolve ids.
    let tier = rules.tier(&ctx.tier);
    if tier.is_none() {
        findings.push(err("tiers.unknown_tier", "account.tier", params![]));
    }
    let status = rules.status(&ctx.status);
    if status.is_none() {
        findings.push(err("tiers.unknown_status", "account.status", params![]));
    }
    let kind = rules.kind(&tx.kind);
    let function = match kind {
        None => {
            findings.push(err("tiers.unknown_kind", "transaction.kind", params![]));
            None
        }
        Some(k) => {
            let f = k.function(tx.direction, tx.counterparty);
            if f.is_none() {
                findings.push(err(
                    "tiers.kind_direction",
                    "transaction.direction",
                    params![("kind", k.name.get(desk.locale()))],
                ));
            }
            f
        }
    };
    let channel = rules.channel(&ctx.channel);
    if channel.is_none() {
        findings.push(err(
            "tiers.unknown_channel",
            "transaction.channel",
            params![],
        ));
    }
    let level = match &ctx.level {
        None => None,
        Some(id) => match rules.level(id) {
            None => {
                findings.push(err(
                    "tiers.unknown_bank_level",
                    "account.bankLevel",
                    params![],
                ));
                None
            }
            Some(l) if !l.applies_to.iter().any(|t| t == &ctx.tier) && tier.is_some() => {
                findings.push(err(
                    "tiers.bank_level_not_applicable",
                    "account.bankLevel",
                    params![],
                ));
                None
            }
            Some(l) => Some(l),
        },
    };
    for (i, w) in ctx.whitelist.iter().enumerate() {
        if rules.whitelist_category(w).is_none() {
            findings.push(desk.finding(
                Severity::Warning,
                "tiers.unknown_whitelist",
                &format!("account.whitelist[{i}]"),
                params![],
            ));
        }
    }
    if tx.amount_fen <= 0 {
        findings.push(err(
            "tiers.amount_not_positive",
            "transaction.amountFen",
            params![],
        ));
    }
    let (Some(tier), Some(status), Some(_kind), Some(function), Some(channel)) =
        (tier, status, kind, function, channel)
    else {
        return out(findings, limits, true, false, false);
    };
    if !no_errors(&findings) {
        return out(findings, limits, true, false, false);
    }
    let amount = tx.amount_fen;
    let loc = desk.locale();
    // 2. Account status.
    let mut status_blocked = false;
    if status.blocks && (channel.non_counter || !status.counter_allowed) {
        status_blocked = true;
        findings.push(err(
            "tiers.status_blocked",
            "account.status",
            params![("status", status.name.get(loc))],
        ));
    }
    // 3. Function available on this tier?
    let fname = rules
        .function(function)
        .map_or(function.to_string(), |f| f.name.get(loc).to_string());
    match tier.availability(function) {
        Availability::Yes => {}
        Availability::No => findings.push(err(
            "tiers.function_unavailable",
            "transaction.kind",
            params![("function", fname.clone()), ("tier", tier.name.get(loc))],
        )),
        Availability::FaceToFace if ctx.f2f => {}
        Availability::FaceToFace => findings.push(err(
            "tiers.needs_face_to_face",
            "transaction.kind",
            params![("function", fname.clone())],
        )),
        Availability::DueDiligence => findings.push(err(
            "tiers.needs_due_diligence",
            "transaction.kind",
            params![("function", fname.clone())],
        )),
    }
    // 4. Restrictions of the tier (simple-opening business accounts).
    for r in &tier.restrictions {
        let channel_hits = match r.channel {
            ChannelClass::Any => true,
            ChannelClass::Counter => !channel.non_counter,
            ChannelClass::NonCounter => channel.non_counter,
        };
        if r.direction == tx.direction && channel_hits {
            findings.push(err(
                "tiers.restricted",
                "transaction.channel",
                params![("detail", r.text.get(loc))],
            ));
        }
    }
    // 5. Enough money for an outflow.
    if tx.direction == Direction::Outbound && amount > ctx.balance {
        findings.push(err(
            "tiers.insufficient_balance",
            "transaction.amountFen",
            params![("balance", yuan(ctx.balance))],
        ));
    }
    // 6. PBoC buckets, unless the transaction is not counted.
    if let Some(ex) = tier.exclusion_for(&tx.kind, tx.counterparty) {
        findings.push(desk.finding(
            Severity::Info,
            "tiers.not_counted",
            "transaction.kind",
            params![("reason", ex.text.get(loc))],
        ));
    } else {
        for b in tier
            .buckets
            .iter()
            .filter(|b| b.counts(tx.direction, &tx.kind, tx.counterparty))
        {
            for lim in &b.limits {
                let Some(w) = Window::new(lim.period, at, rules.settings.year_window) else {
                    continue;
                };
                let (used, resets) = window_state(
                    history,
                    &w,
                    &|e| counted_by_pboc(tier, b, e),
                    lim.amount_fen,
                    amount,
                );
                let st = limit_state(
                    desk,
                    format!("{}.{}.{}", tier.id, b.id, period_id(lim.period)),
                    lim.authority,
                    b.name.get(loc).to_string(),
                    Some(b.direction),
                    lim.period,
                    lim.amount_fen,
                    used,
                    amount,
                    resets,
                    &lim.source,
                    &lim.effective_date,
                );
                if st.exceeded {
                    findings.push(exceeded_finding(desk, "tiers.limit_exceeded", &st));
                }
                limits.push(st);
            }
        }
    }
    // 7. Balance cap (counts every inflow, excluded or not).
    if let Some(cap) = &tier.balance_cap {
        let incoming = if tx.direction == Direction::Inbound {
            amount
        } else {
            0
        };
        let st = limit_state(
            desk,
            format!("{}.balance", tier.id),
            cap.authority,
            desk.text("tiers.label.balance_cap"),
            None,
            Period::Balance,
            cap.amount_fen,
            ctx.balance,
            incoming,
            None,
            &cap.source,
            &cap.effective_date,
        );
        if st.exceeded {
            findings.push(desk.finding(
                Severity::Error,
                "tiers.balance_cap_exceeded",
                "transaction.amountFen",
                params![
                    ("limit", yuan(st.limit_fen)),
                    ("room", yuan(st.remaining_fen))
                ],
            ));
        }
        limits.push(st);
    }
    // 8. The bank's own non-counter level (whitelists lift these, never the PBoC caps).
    let mut bank_blocked = false;
    if let Some(level) = level {
        let applicable: Vec<_> = level
            .limits
            .iter()
            .filter(|l| l.direction == tx.direction)
            .collect();
        if !applicable.is_empty() {
            if !channel.non_counter {
                findings.push(desk.finding(
                    Severity::Info,
                    "tiers.counter_not_limited",
                    "transaction.channel",
                    params![],
                ));
            } else if let Some(cat) = whitelisted(rules, &ctx.whitelist, &tx.kind) {
                let name = rules
                    .whitelist_category(&cat)
                    .map_or(cat.clone(), |c| c.name.get(loc).to_string());
                findings.push(desk.finding(
                    Severity::Info,
                    "tiers.whitelisted",
                    "account.whitelist",
                    params![("category", name)],
                ));
            } else {
                for lim in applicable {
                    let Some(w) = Window::new(lim.period, at, rules.settings.year_window) else {
                        continue;
                    };
                    let counts = |e: &Entry| {
                        e.direction == lim.direction
                            && e.non_counter
                            && whitelisted(rules, &ctx.whitelist, &e.kind).is_none()
                    };
                    let (used, resets) = window_state(history, &w, &counts, lim.amount_fen, amount);
                    let st = limit_state(
                        desk,
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
                        amount,
                        resets,
                        &lim.source,
                        &lim.effective_date,
                    );
                    if st.exceeded {
                        bank_blocked = true;
                        findings.push(exceeded_finding(desk, "tiers.bank_limit_exceeded", &st));
                    }
                    limits.push(st);
                }
            }
        }
    }
    // 9. What is left, when allowed.
    if no_errors(&findings) {
        let left = |p: Period| {
            let v = limits
                .iter()
                .filter(|l| l.period == p)
                .map(|l| l.remaining_after_fen)
                .min();
            v.map_or(desk.text("tiers.label.no_limit"), yuan)
        };
        if limits.is_empty() {
            findings.push(desk.finding(Severity::Info, "tiers.allowed_no_limit", "", params![]));
        } else {
            let p = params![
                ("day", left(Period::Day)),
                ("year", left(Period::Year)),
                ("room", left(Period::Balance))
            ];
            findings.push(desk.finding(Severity::Info, "tiers.allowed", "", p));
        }
    } else if limits.iter().any(|l| l.exceeded) {
        // Blocked by a limit: say what is left today and this year, before this transaction.
        let left = |p: Period| {
            let v = limits
                .iter()
                .filter(|l| l.period == p)
                .map(|l| l.remaining_fen)
                .min();
            v.map_or(desk.text("tiers.label.no_limit"), yuan)
        };
        let p = params![
            ("day", left(Period::Day)),
            ("year", left(Period::Year)),
            ("room", left(Period::Balance))
        ];
        findings.push(desk.finding(Severity::Info, "tiers.remaining", "", p));
    }
    out(findings, limits, false, status_blocked, bank_blocked)
}

/// Over a limit: when the limit frees up, or (`<code>_single`, no reset) that the amount alone is
/// over it, so waiting does not help. Each sentence is written around its own values; none takes a
/// phrase as a placeholder.
fn exceeded_finding(desk: &FrontDesk, code: &str, st: &LimitState) -> Finding {
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
    desk.finding(Severity::Error, &code, "transaction.amountFen", p)
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

/// Try each upgrade on a copy of the account and keep those under which the transaction passes.
fn upgrades(
    desk: &FrontDesk,
    rules: &TierRules,
    ctx: &Ctx,
    eval: &Eval,
    history: &[Entry],
    tx: &TransactionInput,
    at: DateTime<FixedOffset>,
) -> Vec<UpgradeOption> {
    let loc = desk.locale();
    let mut options = Vec::new();
    let passes = |c: &Ctx| evaluate(desk, rules, c, history, tx, at).allowed;
    let option = |id: &str, title_params, description: String| UpgradeOption {
        id: id.to_string(),
        title: desk
            .pack()
            .messages
            .render(&format!("tiers.option.{id}"), loc, &title_params),
        description,
        target_tier: None,
        target_level: None,
        whitelist_category: None,
        steps: Vec::new(),
    };
    let Some(tier) = rules.tier(&ctx.tier) else {
        return options;
    };
    let counter = rules.channels.iter().find(|c| !c.non_counter);
    if eval.status_blocked {
        if let Some(st) = rules.status(&ctx.status) {
            let mut o = option(
                "wake_up",
                params![("status", st.name.get(loc))],
                String::new(),
            );
            if let Some(g) = st.guide(tier.kind) {
                o.description = g.definition.get(loc).to_string();
                o.steps = g.wake_up.iter().map(|s| s.get(loc).to_string()).collect();
            }
            options.push(o);
        }
    }
    // Everything below assumes the account is awake again, and is offered only when being awake
    // is not enough.
    let base = Ctx {
        status: "active".into(),
        ..ctx.clone()
    };
    let needs_more = !passes(&base);
    if needs_more && !ctx.f2f && tier.kind == TierKind::Personal {
        let c = Ctx {
            f2f: true,
            ..base.clone()
        };
        if passes(&c) {
            options.push(option(
                "face_to_face_verification",
                params![],
                tier.how_to_upgrade.get(loc).to_string(),
            ));
        }
    }
    for w in &rules.whitelist {
        if needs_more
            && w.kinds.iter().any(|k| k == &tx.kind)
            && !ctx.whitelist.contains(&w.id)
            && eval.bank_blocked
        {
            let mut list = base.whitelist.clone();
            list.push(w.id.clone());
            if passes(&Ctx {
                whitelist: list,
                ..base.clone()
            }) {
                let mut o = option(
                    "whitelist",
                    params![("category", w.name.get(loc))],
                    desk.text("tiers.option.whitelist_description"),
                );
                o.whitelist_category = Some(w.id.clone());
                options.push(o);
            }
        }
    }
    if needs_more && eval.bank_blocked {
        if let Some(current) = &ctx.level {
            let pos = rules
                .bank_levels
                .iter()
                .position(|l| &l.id == current)
                .unwrap_or(0);
            let higher = rules
                .bank_levels
                .iter()
                .skip(pos + 1)
                .filter(|l| l.applies_to.contains(&ctx.tier));
            let mut target = None;
            for l in higher {
                if passes(&Ctx {
                    level: Some(l.id.clone()),
                    ..base.clone()
                }) {
                    target = Some(Some(l));
                    break;
                }
            }
            if target.is_none()
                && passes(&Ctx {
                    level: None,
                    ..base.clone()
                })
            {
                target = Some(None);
            }
            if let Some(t) = target {
                let name = t.map_or(desk.text("tiers.label.no_bank_limit"), |l| {
                    l.name.get(loc).to_string()
                });
                let mut o = option(
                    "limit_adjustment_request",
                    params![("level", name)],
                    desk.text("tiers.option.limit_adjustment_request_description"),
                );
                o.target_level = t.map(|l| l.id.clone());
                options.push(o);
            }
        }
    }
    for up in tier.upgrade_to.iter().filter(|_| needs_more) {
        let Some(target) = rules.tier(up) else {
            continue;
        };
        let level = base
            .level
            .clone()
            .filter(|l| rules.level(l).is_some_and(|l| l.applies_to.contains(up)));
        let c = Ctx {
            tier: up.clone(),
            f2f: true,
            level,
            ..base.clone()
        };
        if passes(&c) {
            let mut o = option(
                "upgrade_tier",
                params![("tier", target.name.get(loc))],
                tier.how_to_upgrade.get(loc).to_string(),
            );
            o.target_tier = Some(up.clone());
            o.steps = vec![target.how_to_open.get(loc).to_string()];
            options.push(o);
            break;
        }
    }
    if let Some(counter) = counter {
        if ctx.channel != counter.id {
            let c = Ctx {
                channel: counter.id.clone(),
                ..ctx.clone()
            };
            if passes(&c) {
                options.push(option(
                    "use_counter",
                    params![],
                    desk.text("tiers.option.use_counter_description"),
                ));
            }
        }
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulepack::{default_files, RulePack};
    use crate::Locale;
    use serde_json::json;
    use std::sync::Arc;

    fn desk_with(f: impl FnOnce(&mut serde_json::Value)) -> FrontDesk {
        let mut files = default_files().unwrap();
        f(files.get_mut("tiers.json").unwrap());
        FrontDesk::new(
            Arc::new(RulePack::from_files(&files).unwrap()),
            "2026-11-23T10:00:00+08:00",
            Locale::En,
        )
        .unwrap()
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
