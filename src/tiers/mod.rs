//! Account tiers and limits (domain brief §0.1, §1, §2, §3.2, §3.3): personal Class I/II/III
//! accounts, business accounts (simple opening), the PBoC limit buckets, the bank's own
//! non-counter levels, whitelists and dormant status — all as rule-pack data in
//! `pkg-config/tiers.json`. This module loads and validates that data; `explain` tells customers
//! what a tier is, `check` answers "can I do this now?", `adjust` builds a limit-adjustment request.

pub mod adjust;
pub mod api;
pub mod check;
pub mod elderly;
pub mod explain;
mod load;

use crate::error::Error;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::loader::{invalid, Loader};
use std::collections::BTreeSet;

pub const FILE: &str = "tiers.json";
/// Longest id-like string accepted in any input (tier, kind, channel, level, reason…).
pub const MAX_ID_CHARS: usize = 48;
/// Most ids in one list argument (compareTiers ids, whitelist, evidence).
pub const MAX_LIST: usize = 32;

/// Direction of money relative to the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Whether the other side is the account's bound account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Counterparty {
    Bound,
    NonBound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Period {
    Day,
    Year,
    Balance,
}

/// Who sets a limit: the PBoC (a ceiling a whitelist never lifts) or the bank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Authority {
    Pboc,
    Bank,
}

/// Whether a year limit counts the calendar year or the last 365 days (brief §1.3, §9 item 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum YearWindow {
    CalendarYear,
    #[serde(rename = "rolling_365")]
    Rolling365,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum TierKind {
    Personal,
    Business,
}

/// How a function is available on a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, WriteJson)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Availability {
    Yes,
    No,
    /// Only after identity is confirmed face to face (brief §0.1).
    FaceToFace,
    /// Only after the bank's further due diligence (simple opening, brief §3.2).
    DueDiligence,
    /// After a face-to-face check, or once the bank has switched it on after a verifying transfer
    /// from the bound account with the customer's consent (`account.nonBoundInflowEnabled`;
    /// remote Class III non-bound inflows, 银发〔2018〕16号 as restated).
    Verified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelClass {
    Counter,
    NonCounter,
    Any,
}

/// `tiers.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct TierRules {
    pub source: String,
    pub settings: TierSettings,
    pub functions: Vec<FunctionDef>,
    pub kinds: Vec<KindDef>,
    pub channels: Vec<ChannelDef>,
    pub tiers: Vec<Tier>,
    pub bank_levels: Vec<BankLevel>,
    pub whitelist: Vec<WhitelistCategory>,
    /// `tiers.json` `whitelistFloor`: a whitelisted account's bank level is at least this one
    /// (issue 16 §2.2); absent: a whitelist lifts only the kinds it covers.
    pub whitelist_floor: Option<WhitelistFloor>,
    pub statuses: Vec<StatusDef>,
    pub adjustment: AdjustmentRules,
    /// `tiers/elderly.json` (issue 16 §2.4), when the pack has it.
    pub elderly: Option<elderly::ElderlyRules>,
    /// Basic financial services a bank's own non-counter level never limits (issue 15 item 9).
    pub basic_services: BasicServices,
}

/// `tiers.json` `basicServices`: transactions never counted against, nor checked by, a bank's own
/// non-counter level (the PBoC class limits still apply). AML Law Art. 30 para 2.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BasicServices {
    pub source: String,
    pub items: Vec<BasicService>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BasicService {
    pub id: String,
    pub kinds: Vec<String>,
    /// `None`: both directions.
    pub direction: Option<Direction>,
    /// `None`: any counterparty; `Some(true)`: the bound account only.
    pub bound_only: bool,
    pub confidence: String,
}

/// `tiers[].idCheck`: once the person's two-way flows through all such accounts at this bank reach
/// the threshold, the bank must ask for a valid ID within `provide_within_days`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdCheck {
    pub two_way_total_fen: i64,
    pub provide_within_days: u32,
    pub source: String,
    pub confidence: String,
}

/// Basic services the law names (AML Law Art. 30 para 2: social security, public utilities): a
/// pack that has their kinds must keep them (`basicServices.items`); the others are bank policy.
pub const BASIC_SERVICES_BY_LAW: &[(&str, &str)] = &[
    ("social_security_in", "social_security"),
    ("utilities_out", "utilities"),
];

impl BasicServices {
    /// The basic service a transaction of `kind`, `direction`, counterparty is, if any.
    pub fn find(&self, kind: &str, direction: Direction, bound: bool) -> Option<&BasicService> {
        self.items.iter().find(|b| {
            b.kinds.iter().any(|k| k == kind)
                && b.direction.is_none_or(|d| d == direction)
                && (!b.bound_only || bound)
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierSettings {
    pub year_window: YearWindow,
    pub year_window_source: String,
    /// Most history entries `checkTransaction` accepts.
    pub max_history: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    pub id: String,
    pub name: Text,
}

/// Which function a transaction kind uses, per counterparty.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionByCounterparty {
    pub bound: String,
    pub non_bound: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KindDef {
    pub id: String,
    pub name: Text,
    pub inbound: Option<FunctionByCounterparty>,
    pub outbound: Option<FunctionByCounterparty>,
}

impl KindDef {
    pub fn function(&self, direction: Direction, cp: Counterparty) -> Option<&str> {
        let f = match direction {
            Direction::Inbound => self.inbound.as_ref()?,
            Direction::Outbound => self.outbound.as_ref()?,
        };
        Some(match cp {
            Counterparty::Bound => &f.bound,
            Counterparty::NonBound => &f.non_bound,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChannelDef {
    pub id: String,
    pub non_counter: bool,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TierFunction {
    pub function: String,
    pub availability: Availability,
    pub source: String,
}

/// Which transactions a bucket or exclusion covers: any of `kinds`, with `counterparty` when set.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub kinds: Vec<String>,
    pub counterparty: Option<Counterparty>,
}

impl Match {
    pub fn covers(&self, kind: &str, cp: Counterparty) -> bool {
        self.kinds.iter().any(|k| k == kind) && self.counterparty.is_none_or(|c| c == cp)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Limit {
    pub period: Period,
    pub amount_fen: i64,
    pub authority: Authority,
    pub source: String,
    pub effective_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bucket {
    pub id: String,
    pub direction: Direction,
    pub name: Text,
    pub matches: Vec<Match>,
    pub limits: Vec<Limit>,
}

impl Bucket {
    pub fn counts(&self, direction: Direction, kind: &str, cp: Counterparty) -> bool {
        self.direction == direction && self.matches.iter().any(|m| m.covers(kind, cp))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BalanceCap {
    pub amount_fen: i64,
    pub authority: Authority,
    pub source: String,
    pub effective_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exclusion {
    pub id: String,
    pub matches: Match,
    pub text: Text,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Restriction {
    pub id: String,
    pub direction: Direction,
    pub channel: ChannelClass,
    pub text: Text,
    pub how_to_lift: Text,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PerPerson {
    pub max: u32,
    pub in_principle: bool,
    pub source: String,
    pub effective_date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    pub id: String,
    pub kind: TierKind,
    pub name: Text,
    pub summary: Text,
    pub functions: Vec<TierFunction>,
    pub buckets: Vec<Bucket>,
    pub balance_cap: Option<BalanceCap>,
    pub exclusions: Vec<Exclusion>,
    pub restrictions: Vec<Restriction>,
    pub per_person_per_bank: PerPerson,
    /// When the bank must ask for an ID (Class III cumulative two-way flows, issue 15 item 12).
    pub id_check: Option<IdCheck>,
    pub how_to_open: Text,
    pub verification: Text,
    pub how_to_upgrade: Text,
    pub upgrade_to: Vec<String>,
    pub sources: Vec<String>,
    pub effective_date: String,
}

impl Tier {
    pub fn availability(&self, function: &str) -> Availability {
        self.functions
            .iter()
            .find(|f| f.function == function)
            .map_or(Availability::No, |f| f.availability)
    }
    pub fn exclusion_for(&self, kind: &str, cp: Counterparty) -> Option<&Exclusion> {
        self.exclusions.iter().find(|e| e.matches.covers(kind, cp))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BankLimit {
    pub direction: Direction,
    pub period: Period,
    pub amount_fen: i64,
    pub authority: Authority,
    pub source: String,
    pub effective_date: String,
}

/// A bank-set non-counter level below the PBoC ceilings, chosen by due-diligence level (brief §2).
#[derive(Debug, Clone, PartialEq)]
pub struct BankLevel {
    pub id: String,
    pub name: Text,
    pub due_diligence: Text,
    /// True when the values are an example, not a national rule.
    pub bank_example: bool,
    pub applies_to: Vec<String>,
    pub limits: Vec<BankLimit>,
}

/// The account-level promise of a signed-service whitelist: "满足客户日常非柜面业务需求" (seed
/// tiered-account-management-prereview) — a whitelisted account's non-counter level is not below
/// `level`, in the statuses listed (a risk measure in force wins).
#[derive(Debug, Clone, PartialEq)]
pub struct WhitelistFloor {
    pub level: String,
    /// Statuses the floor holds in (default pack: `active`).
    pub statuses: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WhitelistCategory {
    pub id: String,
    pub name: Text,
    pub kinds: Vec<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusGuide {
    pub definition: Text,
    pub wake_up: Vec<Text>,
    pub source: String,
    /// A notice period the texts state as `{days}` (dormant business accounts: 30 days from the
    /// day the bank sends the notice, issue 15 item 5).
    pub notice_period: Option<NoticePeriod>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoticePeriod {
    pub days: u32,
    /// What the period runs from: `notice_sent` (the day the bank sends it, not receipt).
    pub from: String,
    pub source: String,
    pub confidence: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusDef {
    pub id: String,
    /// Whether the status stops transactions.
    pub blocks: bool,
    /// Whether counter transactions still work in this status.
    pub counter_allowed: bool,
    pub name: Text,
    pub personal: Option<StatusGuide>,
    pub business: Option<StatusGuide>,
    pub source: Option<String>,
    /// A blocking status that still lets money in (只收不付) unless the account says otherwise
    /// (`account.suspension`).
    pub inbound_allowed: bool,
}

impl StatusDef {
    pub fn guide(&self, kind: TierKind) -> Option<&StatusGuide> {
        match kind {
            TierKind::Personal => self.personal.as_ref(),
            TierKind::Business => self.business.as_ref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentReason {
    pub id: String,
    pub name: Text,
    pub evidence: Vec<String>,
    /// The id of its reply deadline (`adjustment.deadlines`).
    pub deadline: String,
}

/// How long the bank has to answer one kind of request, and on what basis (issue 15 item 3).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyDeadline {
    pub id: String,
    /// Calendar days (start day not counted, last day rolled past rest days: Civil Code Arts.
    /// 201, 203); `None` when the law says "promptly" without a number.
    pub days: Option<u32>,
    pub promptly: bool,
    /// "Promptly", but not later than this many days (AML Art. 39 where basic services are hit).
    pub outer_limit_days: Option<u32>,
    pub extended_days: Option<u32>,
    pub further_extended_days: Option<u32>,
    /// Set by a law (a bank may shorten it, not lengthen it) or the bank's own commitment.
    pub statutory: bool,
    /// Where to complain when the reply is late or unsatisfying (`aml_regulator`), if a law says.
    pub complain_to: Option<String>,
    pub source: String,
    pub confidence: String,
}

/// Statutory reply deadlines a pack may shorten but not lengthen: AML Law Art. 39 (15 days),
/// the 2020 complaint measures (15 days; 30 for complex cases).
pub const STATUTORY_MAX_DAYS: &[(&str, u32)] = &[("aml_objection", 15), ("consumer_complaint", 15)];

#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceDef {
    pub id: String,
    pub name: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdjustmentRules {
    pub source: String,
    pub reasons: Vec<AdjustmentReason>,
    pub evidence: Vec<EvidenceDef>,
    pub deadlines: Vec<ReplyDeadline>,
}

impl TierRules {
    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }
    pub fn kind(&self, id: &str) -> Option<&KindDef> {
        self.kinds.iter().find(|k| k.id == id)
    }
    pub fn channel(&self, id: &str) -> Option<&ChannelDef> {
        self.channels.iter().find(|c| c.id == id)
    }
    pub fn level(&self, id: &str) -> Option<&BankLevel> {
        self.bank_levels.iter().find(|l| l.id == id)
    }
    pub fn status(&self, id: &str) -> Option<&StatusDef> {
        self.statuses.iter().find(|s| s.id == id)
    }
    pub fn function(&self, id: &str) -> Option<&FunctionDef> {
        self.functions.iter().find(|f| f.id == id)
    }
    pub fn whitelist_category(&self, id: &str) -> Option<&WhitelistCategory> {
        self.whitelist.iter().find(|w| w.id == id)
    }

    /// Load `tiers.json` and check that every reference resolves and every amount makes sense.
    pub fn load(loader: &Loader) -> Result<Self, Error> {
        // Read as plain JSON and decoded by hand (`load.rs`): serde derives for ~25 pack structs
        // cost ≈ 40 KB gzip of WASM through serde_path_to_error.
        let value: &serde_json::Value = loader.raw(FILE)?;
        let mut rules = load::rules(value)?;
        rules.validate()?;
        rules.elderly = elderly::ElderlyRules::load(loader, &|k| rules.kind(k).is_some(), &|c| {
            rules.channel(c).is_some()
        })?;
        Ok(rules)
    }

    /// The settings, every id list (unique, named), the kinds' functions, each tier, each bank
    /// level, the whitelist, the statuses and the adjustment reasons.
    fn validate(&self) -> Result<(), Error> {
        self.check_settings()?;
        let functions = unique_ids(
            self.functions.iter().map(|f| (f.id.as_str(), &f.name)),
            "functions",
        )?;
        let kinds = unique_ids(self.kinds.iter().map(|k| (k.id.as_str(), &k.name)), "kinds")?;
        self.check_basic_services(&kinds)?;
        unique_ids(
            self.channels.iter().map(|c| (c.id.as_str(), &c.name)),
            "channels",
        )?;
        let tier_ids = unique_ids(self.tiers.iter().map(|t| (t.id.as_str(), &t.name)), "tiers")?;
        unique_ids(
            self.bank_levels.iter().map(|l| (l.id.as_str(), &l.name)),
            "bankLevels",
        )?;
        unique_ids(
            self.whitelist.iter().map(|w| (w.id.as_str(), &w.name)),
            "whitelist",
        )?;
        let statuses = unique_ids(
            self.statuses.iter().map(|s| (s.id.as_str(), &s.name)),
            "statuses",
        )?;
        let evidence = unique_ids(
            self.adjustment
                .evidence
                .iter()
                .map(|e| (e.id.as_str(), &e.name)),
            "adjustment.evidence",
        )?;
        unique_ids(
            self.adjustment
                .reasons
                .iter()
                .map(|r| (r.id.as_str(), &r.name)),
            "adjustment.reasons",
        )?;
        if self.tiers.is_empty() {
            return Err(invalid(FILE, "tiers", "at least one tier"));
        }
        if !statuses.contains("active") {
            return Err(invalid(FILE, "statuses", "needs an `active` status"));
        }
        self.check_kinds(&functions)?;
        for (i, t) in self.tiers.iter().enumerate() {
            self.check_tier(i, t, &functions, &kinds, &tier_ids)?;
        }
        for (i, l) in self.bank_levels.iter().enumerate() {
            self.check_bank_level(i, l)?;
        }
        for (i, w) in self.whitelist.iter().enumerate() {
            if w.kinds.is_empty()
                || w.kinds.iter().any(|k| !kinds.contains(k.as_str()))
                || w.source.trim().is_empty()
            {
                return Err(invalid(
                    FILE,
                    format!("whitelist[{i}]"),
                    "kinds must be known kinds; source required",
                ));
            }
        }
        if let Some(f) = &self.whitelist_floor {
            if self.level(&f.level).is_none() {
                return Err(invalid(
                    FILE,
                    "whitelistFloor.level",
                    "not a bank level (see bankLevels)",
                ));
            }
            if let Some(i) = f.statuses.iter().position(|s| self.status(s).is_none()) {
                return Err(invalid(
                    FILE,
                    format!("whitelistFloor.statuses[{i}]"),
                    "not a status (see statuses)",
                ));
            }
        }
        for (i, st) in self.statuses.iter().enumerate() {
            if st.blocks && (st.personal.is_none() || st.business.is_none()) {
                return Err(invalid(
                    FILE,
                    format!("statuses[{i}]"),
                    "a blocking status needs personal and business guidance",
                ));
            }
            for g in [&st.personal, &st.business].into_iter().flatten() {
                if !g.definition.is_complete()
                    || g.wake_up.is_empty()
                    || g.wake_up.iter().any(|t| !t.is_complete())
                {
                    return Err(invalid(
                        FILE,
                        format!("statuses[{i}]"),
                        "guidance needs a definition and wake-up steps in zh-CN and en",
                    ));
                }
            }
        }
        for (i, r) in self.adjustment.reasons.iter().enumerate() {
            if r.evidence.iter().any(|e| !evidence.contains(e.as_str())) {
                return Err(invalid(
                    FILE,
                    format!("adjustment.reasons[{i}].evidence"),
                    "unknown evidence id",
                ));
            }
        }
        Ok(())
    }

    /// Basic services name known kinds; those the law names stay while the pack has their kind.
    fn check_basic_services(&self, kinds: &BTreeSet<&str>) -> Result<(), Error> {
        let b = &self.basic_services;
        for (i, item) in b.items.iter().enumerate() {
            if item.kinds.is_empty() || item.kinds.iter().any(|k| !kinds.contains(k.as_str())) {
                return Err(invalid(
                    FILE,
                    format!("basicServices.items[{i}].kinds"),
                    "known transaction kinds",
                ));
            }
        }
        for (id, kind) in BASIC_SERVICES_BY_LAW {
            if kinds.contains(kind) && !b.items.iter().any(|x| x.id == *id) {
                return Err(invalid(
                    FILE,
                    "basicServices.items",
                    format!("{id} is required by law (AML Law Art. 30 para 2); a pack may add basic services, not remove it"),
                ));
            }
        }
        Ok(())
    }

    fn check_settings(&self) -> Result<(), Error> {
        let s = &self.settings;
        if !(1..=100_000).contains(&s.max_history) {
            return Err(invalid(FILE, "settings.maxHistory", "must be 1 to 100000"));
        }
        if self.source.trim().is_empty() || s.year_window_source.trim().is_empty() {
            return Err(invalid(FILE, "source", "sources must not be empty"));
        }
        Ok(())
    }

    /// Each kind has a direction, and its functions exist.
    fn check_kinds(&self, functions: &BTreeSet<&str>) -> Result<(), Error> {
        for (i, k) in self.kinds.iter().enumerate() {
            if k.inbound.is_none() && k.outbound.is_none() {
                return Err(invalid(
                    FILE,
                    format!("kinds[{i}]"),
                    "a kind needs inbound or outbound",
                ));
            }
            for (d, f) in [("inbound", &k.inbound), ("outbound", &k.outbound)] {
                if let Some(f) = f {
                    for (which, id) in [("bound", &f.bound), ("nonBound", &f.non_bound)] {
                        if !functions.contains(id.as_str()) {
                            return Err(invalid(
                                FILE,
                                format!("kinds[{i}].{d}.{which}"),
                                "unknown function",
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// A tier's texts, dates, sources, functions, buckets and limits, balance cap, exclusions,
    /// restrictions and upgrades.
    fn check_tier(
        &self,
        i: usize,
        t: &Tier,
        functions: &BTreeSet<&str>,
        kinds: &BTreeSet<&str>,
        tier_ids: &BTreeSet<&str>,
    ) -> Result<(), Error> {
        let p = format!("tiers[{i}]");
        for text in [
            &t.summary,
            &t.how_to_open,
            &t.verification,
            &t.how_to_upgrade,
        ] {
            if !text.is_complete() {
                return Err(invalid(FILE, &p, "every text needs zh-CN and en"));
            }
        }
        check_date(&t.effective_date, &format!("{p}.effectiveDate"))?;
        check_date(
            &t.per_person_per_bank.effective_date,
            &format!("{p}.perPersonPerBank.effectiveDate"),
        )?;
        if t.sources.is_empty() {
            return Err(invalid(
                FILE,
                format!("{p}.sources"),
                "cite at least one brief section",
            ));
        }
        for (j, f) in t.functions.iter().enumerate() {
            if !functions.contains(f.function.as_str()) {
                return Err(invalid(
                    FILE,
                    format!("{p}.functions[{j}].function"),
                    "unknown function",
                ));
            }
            if f.source.trim().is_empty() {
                return Err(invalid(
                    FILE,
                    format!("{p}.functions[{j}].source"),
                    "source must not be empty",
                ));
            }
        }
        let mut bucket_ids = BTreeSet::new();
        for (j, b) in t.buckets.iter().enumerate() {
            let bp = format!("{p}.buckets[{j}]");
            if !bucket_ids.insert(b.id.as_str()) || !b.name.is_complete() {
                return Err(invalid(
                    FILE,
                    format!("{bp}.id"),
                    "bucket ids are unique, names need zh-CN and en",
                ));
            }
            check_matches(&b.matches, kinds, &format!("{bp}.match"))?;
            let mut periods = BTreeSet::new();
            for (l, lim) in b.limits.iter().enumerate() {
                let lp = format!("{bp}.limits[{l}]");
                check_limit(
                    lim.period,
                    lim.amount_fen,
                    &lim.source,
                    &lim.effective_date,
                    &lp,
                )?;
                if lim.period == Period::Balance || !periods.insert(lim.period) {
                    return Err(invalid(
                        FILE,
                        format!("{lp}.period"),
                        "one day and one year limit per bucket",
                    ));
                }
            }
        }
        if let Some(c) = &t.balance_cap {
            check_limit(
                Period::Balance,
                c.amount_fen,
                &c.source,
                &c.effective_date,
                &format!("{p}.balanceCap"),
            )?;
        }
        for (j, e) in t.exclusions.iter().enumerate() {
            check_matches(
                std::slice::from_ref(&e.matches),
                kinds,
                &format!("{p}.exclusions[{j}].match"),
            )?;
            if !e.text.is_complete() || e.source.trim().is_empty() {
                return Err(invalid(
                    FILE,
                    format!("{p}.exclusions[{j}]"),
                    "needs text and source",
                ));
            }
        }
        for (j, r) in t.restrictions.iter().enumerate() {
            if !r.text.is_complete() || !r.how_to_lift.is_complete() || r.source.trim().is_empty() {
                return Err(invalid(
                    FILE,
                    format!("{p}.restrictions[{j}]"),
                    "needs text, howToLift and source",
                ));
            }
        }
        for (j, u) in t.upgrade_to.iter().enumerate() {
            if !tier_ids.contains(u.as_str()) || u == &t.id {
                return Err(invalid(FILE, format!("{p}.upgradeTo[{j}]"), "unknown tier"));
            }
        }
        Ok(())
    }

    /// A bank level's texts and limits: bank limits, one per direction and period, below the
    /// PBoC ceilings of every tier it applies to.
    fn check_bank_level(&self, i: usize, l: &BankLevel) -> Result<(), Error> {
        let p = format!("bankLevels[{i}]");
        if !l.due_diligence.is_complete() {
            return Err(invalid(
                FILE,
                format!("{p}.dueDiligence"),
                "needs zh-CN and en",
            ));
        }
        let mut seen = BTreeSet::new();
        for (j, lim) in l.limits.iter().enumerate() {
            let lp = format!("{p}.limits[{j}]");
            check_limit(
                lim.period,
                lim.amount_fen,
                &lim.source,
                &lim.effective_date,
                &lp,
            )?;
            if lim.period == Period::Balance
                || lim.authority != Authority::Bank
                || !seen.insert((lim.direction, lim.period))
            {
                return Err(invalid(
                    FILE,
                    lp,
                    "bank limits are day or year, authority bank, one per direction and period",
                ));
            }
        }
        for (j, tid) in l.applies_to.iter().enumerate() {
            let Some(t) = self.tier(tid) else {
                return Err(invalid(FILE, format!("{p}.appliesTo[{j}]"), "unknown tier"));
            };
            // Bank levels sit below the PBoC ceilings (brief §1.3, §2).
            for lim in &l.limits {
                for b in t.buckets.iter().filter(|b| b.direction == lim.direction) {
                    for pl in b.limits.iter().filter(|pl| pl.period == lim.period) {
                        if lim.amount_fen > pl.amount_fen {
                            return Err(invalid(
                                FILE,
                                format!("{p}.limits"),
                                format!("above the PBoC ceiling of {tid}"),
                            ));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn unique_ids<'a>(
    items: impl Iterator<Item = (&'a str, &'a Text)>,
    path: &str,
) -> Result<BTreeSet<&'a str>, Error> {
    let mut seen = BTreeSet::new();
    for (i, (id, name)) in items.enumerate() {
        if !is_id(id) {
            return Err(invalid(
                FILE,
                format!("{path}[{i}].id"),
                "ids are lowercase letters, digits and _",
            ));
        }
        if !seen.insert(id) {
            return Err(invalid(FILE, format!("{path}[{i}].id"), "id defined twice"));
        }
        if !name.is_complete() {
            return Err(invalid(
                FILE,
                format!("{path}[{i}].name"),
                "needs zh-CN and en",
            ));
        }
    }
    Ok(seen)
}

fn check_matches(matches: &[Match], kinds: &BTreeSet<&str>, path: &str) -> Result<(), Error> {
    if matches.is_empty() {
        return Err(invalid(FILE, path, "at least one match rule"));
    }
    for (i, m) in matches.iter().enumerate() {
        if m.kinds.is_empty() || m.kinds.iter().any(|k| !kinds.contains(k.as_str())) {
            return Err(invalid(
                FILE,
                format!("{path}[{i}].kinds"),
                "kinds must be known kinds",
            ));
        }
    }
    Ok(())
}

fn check_limit(
    _period: Period,
    amount: i64,
    source: &str,
    date: &str,
    path: &str,
) -> Result<(), Error> {
    if amount <= 0 {
        return Err(invalid(
            FILE,
            format!("{path}.amountFen"),
            "must be a positive number of fen",
        ));
    }
    if source.trim().is_empty() {
        return Err(invalid(
            FILE,
            format!("{path}.source"),
            "cite the brief section",
        ));
    }
    check_date(date, &format!("{path}.effectiveDate"))
}

fn check_date(date: &str, path: &str) -> Result<(), Error> {
    match crate::time::parse_date(date) {
        Some(_) => Ok(()),
        None => Err(invalid(FILE, path, "must be a YYYY-MM-DD date")),
    }
}

/// Ids used in the data and accepted from input: lowercase ASCII letters, digits and `_`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ctx::test_ctx;
    use crate::i18n::Locale;
    use crate::loader::{disk_files, files};
    use serde_json::json;

    /// `TierRules` alone, from the default pack's `tiers.json` changed by `f`.
    pub(crate) fn rules_with(f: impl FnOnce(&mut serde_json::Value)) -> Result<TierRules, Error> {
        let mut files = disk_files();
        f(files.get_mut(FILE).unwrap());
        TierRules::load(&Loader::new(&files))
    }

    fn load_with(f: impl FnOnce(&mut serde_json::Value)) -> Error {
        rules_with(f).unwrap_err()
    }

    /// One tier, one kind, two channels: a Class II-like account with a 100-yuan daily limit out.
    const SMALL: &str = r#"{ "source": "test",
        "settings": { "yearWindow": "calendar_year", "yearWindowSource": "t", "maxHistory": 10 },
        "functions": [{ "id": "transfer_out", "name": { "zh-CN": "转出", "en": "Transfer out" } }],
        "kinds": [{ "id": "transfer", "name": { "zh-CN": "转账", "en": "Transfer" },
                    "outbound": { "bound": "transfer_out", "nonBound": "transfer_out" } }],
        "channels": [
            { "id": "counter", "nonCounter": false, "name": { "zh-CN": "柜台", "en": "Counter" } },
            { "id": "app", "nonCounter": true, "name": { "zh-CN": "手机银行", "en": "App" } } ],
        "tiers": [{ "id": "small", "kind": "personal", "name": { "zh-CN": "小户", "en": "Small" },
            "summary": { "zh-CN": "小", "en": "Small" },
            "functions": [{ "function": "transfer_out", "availability": "yes", "source": "t" }],
            "buckets": [{ "id": "out", "direction": "outbound", "name": { "zh-CN": "转出", "en": "Out" },
                "match": [{ "kinds": ["transfer"] }],
                "limits": [{ "period": "day", "amountFen": 10000, "authority": "pboc",
                             "source": "t", "effectiveDate": "2018-01-12" }] }],
            "exclusions": [], "restrictions": [],
            "perPersonPerBank": { "max": 5, "inPrinciple": true, "source": "t", "effectiveDate": "2018-01-12" },
            "howToOpen": { "zh-CN": "开", "en": "Open" }, "verification": { "zh-CN": "验", "en": "Check" },
            "howToUpgrade": { "zh-CN": "升", "en": "Upgrade" }, "upgradeTo": [], "sources": ["t"],
            "effectiveDate": "2018-01-12" }],
        "bankLevels": [], "whitelist": [],
        "statuses": [{ "id": "active", "blocks": false, "counterAllowed": true,
                       "name": { "zh-CN": "正常", "en": "Active" } }],
        "adjustment": { "source": "t", "reasons": [], "evidence": [], "deadlines": {} },
        "basicServices": { "source": "t", "items": [] } }"#;

    #[test]
    fn a_small_pack_answers_from_its_own_rules() {
        let f = files(&[(FILE, SMALL)]);
        let rules = TierRules::load(&Loader::new(&f)).unwrap();
        let ctx = test_ctx("2026-11-23T10:00:00+08:00", Locale::En);
        let tx = |amount: i64| {
            json!({ "at": "2026-11-23T09:00:00+08:00", "direction": "outbound", "kind": "transfer",
                    "counterparty": "non_bound", "channel": "app", "amountFen": amount })
        };
        let input = |history: Vec<serde_json::Value>, amount: i64| {
            check::TransactionCheckInput::from_json(&json!({
                "account": { "tier": "small", "balanceFen": 1_000_000 },
                "history": history, "transaction": tx(amount) }))
            .unwrap()
        };
        let ok = check::check_transaction(&ctx, &rules, &input(vec![], 10_000)).unwrap();
        assert!(ok.allowed, "{:?}", ok.findings);
        assert_eq!(ok.remaining.day_fen, Some(10_000));
        // 50 yuan spent today: 60 more is over the 100-yuan day, free again at midnight.
        let over = check::check_transaction(&ctx, &rules, &input(vec![tx(5_000)], 6_000)).unwrap();
        assert!(!over.allowed);
        assert_eq!(over.findings[0].code, "tiers.limit_exceeded");
        assert_eq!(
            over.blocking_limit.unwrap().resets_at.as_deref(),
            Some("2026-11-24T00:00:00+08:00")
        );
        let list = explain::list_tiers(&ctx, &rules);
        assert_eq!(list.tiers.len(), 1);
        // A reference to a function the pack does not define is refused.
        let bad = SMALL.replace(r#""function": "transfer_out""#, r#""function": "cash""#);
        let f = files(&[(FILE, bad.as_str())]);
        let e = TierRules::load(&Loader::new(&f)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("tiers[0].functions[0].function"));
    }

    #[test]
    fn default_tiers_load() {
        let rules = rules_with(|_| {}).unwrap();
        assert_eq!(rules.tiers.len(), 5);
        assert!(rules.tier("personal_class_2").is_some());
    }
    #[test]
    fn bad_tier_data_names_file_and_field() {
        let e = load_with(|t| t["tiers"][1]["buckets"][0]["limits"][0]["amountFen"] = json!(0));
        assert_eq!(
            (e.file.as_deref(), e.path.as_deref()),
            (
                Some("tiers.json"),
                Some("tiers[1].buckets[0].limits[0].amountFen")
            )
        );
        let e = load_with(|t| {
            t["tiers"][1]["buckets"][0]["limits"][0]["effectiveDate"] = json!("2018-13-01")
        });
        assert_eq!(
            e.path.as_deref(),
            Some("tiers[1].buckets[0].limits[0].effectiveDate")
        );
        let e = load_with(|t| t["tiers"][0]["upgradeTo"] = json!(["personal_class_9"]));
        assert_eq!(e.path.as_deref(), Some("tiers[0].upgradeTo[0]"));
        let e = load_with(|t| t["settings"]["yearWindow"] = json!("fiscal"));
        assert_eq!(e.path.as_deref(), Some("settings.yearWindow"));
        let e = load_with(|t| t["tiers"][0]["colour"] = json!("red"));
        assert!(e.message.contains("unknown field"), "{e}");
        assert_eq!(e.path.as_deref(), Some("tiers[0].colour"));
        let e = load_with(|t| {
            t["tiers"][1]["buckets"][0]["limits"][0]
                .as_object_mut()
                .unwrap()
                .remove("authority");
        });
        assert_eq!(
            e.path.as_deref(),
            Some("tiers[1].buckets[0].limits[0].authority")
        );
        assert!(e.message.contains("missing field"), "{e}");
        let e = load_with(|t| t["kinds"][0]["outbound"]["bound"] = json!(3));
        assert_eq!(e.path.as_deref(), Some("kinds[0].outbound.bound"));
        assert!(e.message.contains("expected a string"), "{e}");
        let e = load_with(|t| t["settings"]["maxHistory"] = json!(-1));
        assert_eq!(e.path.as_deref(), Some("settings.maxHistory"));
        let e = load_with(|t| t["tiers"][0]["balanceCap"] = json!([]));
        assert_eq!(e.path.as_deref(), Some("tiers[0].balanceCap"));
        assert!(e.message.contains("expected an object"), "{e}");
    }

    #[test]
    fn the_whitelist_floor_names_a_bank_level_and_known_statuses_and_is_optional() {
        let e = load_with(|t| t["whitelistFloor"]["level"] = json!("gold"));
        assert_eq!(e.path.as_deref(), Some("whitelistFloor.level"));
        let e = load_with(|t| t["whitelistFloor"]["statuses"] = json!(["active", "sleeping"]));
        assert_eq!(e.path.as_deref(), Some("whitelistFloor.statuses[1]"));
        let rules = rules_with(|t| {
            t.as_object_mut().unwrap().remove("whitelistFloor");
        })
        .unwrap();
        assert!(rules.whitelist_floor.is_none());
        assert_eq!(
            rules_with(|_| {}).unwrap().whitelist_floor.unwrap().level,
            "standard_3000"
        );
    }

    #[test]
    fn bank_levels_stay_below_pboc_ceilings() {
        // 3,000 yuan a day is above Class III's 2,000 ceiling.
        let e = load_with(|t| t["bankLevels"][2]["appliesTo"] = json!(["personal_class_3"]));
        assert_eq!(e.path.as_deref(), Some("bankLevels[2].limits"));
        assert!(e.message.contains("PBoC ceiling"), "{e}");
    }
}
