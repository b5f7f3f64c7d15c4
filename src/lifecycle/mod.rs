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
use crate::jsonout::WriteJson;
use crate::jsonread::Obj;
use crate::loader::Loader;
use crate::vocabulary::Channel;
use chrono::NaiveDate;

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
    /// The level a whitelisted account is not put below (`tiers.json` `whitelistFloor`), if the
    /// pack sets one.
    fn whitelist_floor(&self) -> Option<String>;
    /// A fee in the customer's words (builds with the service capability; else `None`).
    fn fee(&self, id: &str) -> Option<FeeLine>;
}

/// A fee as `serviceGuide` shows it (id, name, display: "免费" / the price-list wording).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FeeLine {
    pub id: String,
    pub name: String,
    pub display: String,
}

/// A bank level as lifecycle shows it.
#[derive(Debug, Clone, PartialEq, WriteJson)]
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

/// The channels a person is served through (`in_app`, `kiosk`, `counter`, `phone`): where a
/// wake-up, an application or an objection is made.
pub(crate) const SERVICE_CHANNELS: [Channel; 4] = [
    Channel::InApp,
    Channel::Kiosk,
    Channel::Counter,
    Channel::Phone,
];

/// A list of channels at `key`, in the shared vocabulary's canonical spelling (`app`, the spelling
/// before 2026-12 a bank's pack may still carry, is read as a deprecated alias of `in_app`).
pub(crate) fn read_channels(o: &Obj, key: &str, allowed: &[Channel]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, s) in o.strings(key).iter().enumerate() {
        match Channel::parse_in(s, allowed) {
            Some(c) if !out.iter().any(|x| x == c.id()) => out.push(c.id().to_string()),
            Some(_) => o.fail_at(format!("{}[{i}]", o.path(key)), "channel given twice"),
            None => o.fail_at(format!("{}[{i}]", o.path(key)), "unknown channel"),
        }
    }
    out
}

/// A department's name (`lifecycle.department.<id>` in the catalog).
pub(crate) fn department_name(ctx: &crate::ctx::Ctx, id: &str) -> String {
    ctx.text(&format!("lifecycle.department.{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::disk_files;
    use serde_json::json;

    #[test]
    fn channels_are_read_in_the_shared_spelling_with_app_as_a_deprecated_alias() {
        let r = LifecycleRules::load(&Loader::new(&disk_files())).unwrap();
        assert_eq!(r.levels.objection_channels, ["in_app", "counter"]);
        assert_eq!(r.whitelist.apply_channels, ["in_app", "counter"]);
        // A bank pack written before 2026-12 still loads, and answers in the new spelling.
        let mut files = disk_files();
        files.get_mut(level::FILE).unwrap()["objection"]["channels"] = json!(["app", "counter"]);
        files.get_mut(whitelist::FILE).unwrap()["approval"]["apply"]["channels"] = json!(["app"]);
        let ways =
            &mut files.get_mut(dormant::FILE).unwrap()["personal"]["outcomes"]["keep"]["channels"];
        ways[0]["channel"] = json!("app");
        let r = LifecycleRules::load(&Loader::new(&files)).unwrap();
        assert_eq!(r.levels.objection_channels, ["in_app", "counter"]);
        assert_eq!(r.whitelist.apply_channels, ["in_app"]);
        let keep = r.dormant.personal.outcomes[0].as_ref().unwrap();
        assert_eq!(keep.ways[0].channel, "in_app");
        // One spelling per channel; an unknown channel is named where it is.
        files.get_mut(level::FILE).unwrap()["objection"]["channels"] = json!(["app", "in_app"]);
        let e = LifecycleRules::load(&Loader::new(&files)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("objection.channels[1]"));
        files.get_mut(level::FILE).unwrap()["objection"]["channels"] = json!(["fax"]);
        let e = LifecycleRules::load(&Loader::new(&files)).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("objection.channels[0]"));
    }
}
