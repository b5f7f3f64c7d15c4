//! The account lifecycle (issue 16 §2): "can I be whitelisted?" (`whitelistEligibility`) and
//! "why is my level what it is, and how do I object?" (`explainAccountLevel`).
//!
//! Rules are `lifecycle/whitelist.json` (the signed-service categories, admission criteria, the
//! two-step approval, review and exit — seed simple-account-opening-whitelist-dormant 二(一)–(三))
//! and `lifecycle/levels.json` (due diligence → the bank's non-counter level, downgrade notice and
//! objection — seed tiered-account-management-prereview; 反电信网络诈骗法 Art. 32; 反洗钱法 Arts. 30,
//! 39). What this capability needs from the tiers (the bank levels and their limits, a tier's
//! segment) and from the calendar (working days) it reads through `World`, which the api layer
//! implements: a capability imports no other capability.

pub mod api;
mod dormant;
mod level;
mod whitelist;

pub use dormant::{parse_dormant_input, wake_up, DormantAnswer, DormantInput};
pub use level::{explain_level, parse_level_input, LevelAnswer, LevelInput};
pub use whitelist::{eligibility, parse_whitelist_input, WhitelistAnswer, WhitelistInput};

use crate::error::Error;
use crate::i18n::Text;
use crate::loader::Loader;
use chrono::NaiveDate;
use serde::Serialize;

/// What lifecycle reads from other capabilities (implemented by the api layer).
pub trait World {
    /// `from` + `days` working days; `None` when the calendar does not cover the years.
    fn add_working_days(&self, from: NaiveDate, days: u32) -> Option<NaiveDate>;
    /// A bank level by id (localized), `None` when the pack has no such level.
    fn level(&self, id: &str) -> Option<LevelInfo>;
    /// `personal` or `business`, `None` for an unknown tier.
    fn tier_segment(&self, tier: &str) -> Option<&'static str>;
    /// The first working day on or after `date`; `None` beyond the calendar.
    fn working_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate>;
    /// A fee in the customer's words (builds with the service capability; else `None`).
    fn fee(&self, id: &str) -> Option<FeeLine>;
}

/// A fee as `serviceGuide` shows it (id, name, display: "免费" / the price-list wording).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FeeLine {
    pub id: String,
    pub name: String,
    pub display: String,
}

/// A bank level as lifecycle shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelInfo {
    pub id: String,
    pub name: String,
    /// The values are a bank example, not a national rule.
    pub bank_example: bool,
    /// Tiers the level applies to.
    #[serde(skip)]
    pub applies_to: Vec<String>,
    /// The outbound day limit (fen), to compare levels.
    pub day_limit_fen: Option<i64>,
    /// Each limit in words (`每日 ¥3,000`).
    pub limits: Vec<String>,
}

/// `lifecycle/*.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct LifecycleRules {
    pub whitelist: whitelist::WhitelistRules,
    pub levels: level::LevelRules,
    pub dormant: dormant::DormantRules,
}

impl LifecycleRules {
    pub fn load(loader: &Loader) -> Result<LifecycleRules, Error> {
        Ok(LifecycleRules {
            whitelist: whitelist::WhitelistRules::load(loader)?,
            levels: level::LevelRules::load(loader)?,
            dormant: dormant::DormantRules::load(loader)?,
        })
    }
}

/// A text with `{name}` placeholders filled, in the context's locale.
pub(crate) fn fill(ctx: &crate::ctx::Ctx, t: &Text, params: &crate::finding::Params) -> String {
    crate::i18n::fill(t.get(ctx.locale()), params)
}

/// `YYYY-MM-DD` of a required date argument.
pub(crate) fn date_at(s: &str, path: &str) -> Result<NaiveDate, Error> {
    crate::time::parse_date(s)
        .ok_or_else(|| Error::argument("expected a date YYYY-MM-DD").at_path(path))
}

/// A department's name (`lifecycle.department.<id>` in the catalog).
pub(crate) fn department_name(ctx: &crate::ctx::Ctx, id: &str) -> String {
    ctx.text(&format!("lifecycle.department.{id}"))
}
