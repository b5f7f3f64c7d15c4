//! What the lifecycle capability reads from the tiers and the calendar (`crate::lifecycle::World`),
//! composed here because a capability imports no other capability.

use crate::calendar::Calendar;
use crate::ctx::Ctx;
use crate::lifecycle::{LevelInfo, World};
use crate::tiers::{Direction, Period, TierKind, TierRules};
use chrono::NaiveDate;

pub struct DeskWorld<'a> {
    pub ctx: &'a Ctx<'a>,
    pub tiers: &'a TierRules,
    pub calendar: &'a Calendar,
    #[cfg(feature = "service")]
    pub service: &'a crate::service::ServiceRules,
}

impl World for DeskWorld<'_> {
    fn add_working_days(&self, from: NaiveDate, days: u32) -> Option<NaiveDate> {
        crate::calendar::add_working_days(self.calendar, from, days).ok()
    }

    fn level(&self, id: &str) -> Option<LevelInfo> {
        let l = self.tiers.level(id)?;
        let mut limits = Vec::new();
        let mut day_limit_fen = None;
        for x in l
            .limits
            .iter()
            .filter(|x| x.direction == Direction::Outbound)
        {
            let period = match x.period {
                Period::Day => {
                    day_limit_fen = Some(x.amount_fen);
                    "day"
                }
                Period::Year => "year",
                Period::Balance => "balance",
            };
            let code = format!("lifecycle.limit.{period}");
            let amount = crate::money::yuan(x.amount_fen);
            limits.push(self.ctx.render(&code, &crate::params![("amount", amount)]));
        }
        Some(LevelInfo {
            id: l.id.clone(),
            name: l.name.get(self.ctx.locale()).to_string(),
            bank_example: l.bank_example,
            applies_to: l.applies_to.clone(),
            day_limit_fen,
            limits,
        })
    }

    fn whitelist_floor(&self) -> Option<String> {
        self.tiers.whitelist_floor.as_ref().map(|f| f.level.clone())
    }

    fn working_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        crate::calendar::working_day_on_or_after(self.calendar, date).ok()
    }

    #[cfg(feature = "service")]
    fn fee(&self, id: &str) -> Option<crate::lifecycle::FeeLine> {
        let f = self.service.fee(id)?;
        let v = crate::service::fee_view(self.ctx, self.service, f);
        Some(crate::lifecycle::FeeLine {
            id: v.id,
            name: v.name,
            display: v.display,
        })
    }

    #[cfg(not(feature = "service"))]
    fn fee(&self, _id: &str) -> Option<crate::lifecycle::FeeLine> {
        None
    }

    fn tier_segment(&self, tier: &str) -> Option<&'static str> {
        Some(match self.tiers.tier(tier)?.kind {
            TierKind::Personal => "personal",
            TierKind::Business => "business",
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::desk::FrontDesk;
    use serde_json::json;

    /// The objection of `explainAccountLevel` is exactly what the host passes to
    /// `requestLimitAdjustment` (one tap), for every basis.
    #[test]
    fn the_objection_is_a_ready_limit_adjustment_request() {
        let desk =
            FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", crate::Locale::ZhCn).unwrap();
        for (basis, flags) in [
            ("routine", json!([])),
            ("fraud_measure", json!(["model_alert"])),
            ("aml_measure", json!(["aml_measure"])),
        ] {
            let level = crate::api::call(
                &desk,
                "explainAccountLevel",
                &json!({ "account": { "tier": "personal_class_1", "bankLevel": "verified_5000" },
                    "dueDiligence": { "verification": "remote_bound_account", "purposeEvidence": "stated",
                        "riskLevel": "medium", "contactVerified": true, "flags": flags },
                    "change": { "basis": basis } }),
            )
            .unwrap();
            let req = &level["objection"]["request"];
            assert_eq!(req["method"], "requestLimitAdjustment");
            let r = crate::api::call(&desk, "requestLimitAdjustment", &req["input"]);
            assert!(r.is_ok(), "{basis}: {r:?}");
            // Each basis reaches its own reply rule: a fraud measure's appeal is handled promptly
            // with no day count (Anti-Fraud Law Art. 32), not as an AML objection's 15 days.
            let want = match basis {
                "routine" => "bank_service",
                "fraud_measure" => "fraud_measure_appeal",
                _ => "aml_objection",
            };
            assert_eq!(r.unwrap()["deadlineId"], want, "{basis}");
        }
    }
}
