//! `listTiers`, `explainTier` and `compareTiers`: the tiers in customer language.

use super::check::{dir_id, period_id};
use super::{
    Authority, Availability, Direction, Period, Tier, TierKind, TierRules, YearWindow,
    MAX_ID_CHARS, MAX_LIST,
};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::WriteJson;
use crate::money::yuan;

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct IdName {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TierSummary {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "TierId"))]
    pub id: String,
    pub kind: TierKind,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LevelSummary {
    pub id: String,
    pub name: String,
    pub due_diligence: String,
    pub bank_example: bool,
    pub applies_to: Vec<String>,
    pub limits: Vec<LimitRow>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct KindSummary {
    pub id: String,
    pub name: String,
    pub directions: Vec<Direction>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ChannelSummary {
    pub id: String,
    pub name: String,
    pub non_counter: bool,
}

/// `listTiers()`: everything a form needs to offer choices.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TierList {
    pub tiers: Vec<TierSummary>,
    pub bank_levels: Vec<LevelSummary>,
    pub whitelist: Vec<IdName>,
    pub kinds: Vec<KindSummary>,
    pub channels: Vec<ChannelSummary>,
    pub statuses: Vec<IdName>,
    pub year_window: YearWindow,
}

/// One row of a limits table.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct LimitRow {
    pub id: String,
    pub name: String,
    pub direction: Option<Direction>,
    pub period: Period,
    pub authority: Authority,
    pub amount_fen: i64,
    /// e.g. "¥10,000 per day".
    pub display: String,
    pub source: String,
    pub effective_date: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct FunctionLine {
    pub function: String,
    pub text: String,
    pub availability: Availability,
    /// "after an in-person identity check", when conditional.
    pub condition: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RestrictionLine {
    pub id: String,
    pub text: String,
    pub how_to_lift: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct PerPersonLine {
    pub max: u32,
    pub text: String,
    pub source: String,
}

/// `explainTier(id)`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TierExplanation {
    pub id: String,
    pub kind: TierKind,
    pub name: String,
    pub summary: String,
    pub can: Vec<FunctionLine>,
    pub cannot: Vec<FunctionLine>,
    pub limits: Vec<LimitRow>,
    pub not_counted: Vec<String>,
    pub restrictions: Vec<RestrictionLine>,
    pub per_person_per_bank: PerPersonLine,
    pub how_to_open: String,
    pub verification: String,
    pub how_to_upgrade: String,
    pub upgrade_to: Vec<IdName>,
    /// Bank levels that may apply to this tier (the bank's own, lower non-counter limits).
    pub bank_levels: Vec<LevelSummary>,
    /// How "per year" is counted, in words.
    pub year_window: String,
    pub sources: Vec<String>,
    pub effective_date: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ComparisonRow {
    pub id: String,
    pub label: String,
    pub cells: Vec<String>,
    /// For limit rows: the amount per column in fen (`null`: no such limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub amounts_fen: Option<Vec<Option<i64>>>,
}

/// `compareTiers(ids)`: one table, a column per tier.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TierComparison {
    pub columns: Vec<IdName>,
    pub rows: Vec<ComparisonRow>,
}

fn period_label(ctx: &Ctx, p: Period) -> String {
    ctx.text(match p {
        Period::Day => "tiers.label.per_day",
        Period::Year => "tiers.label.per_year",
        Period::Balance => "tiers.label.at_any_time",
    })
}

fn availability_label(ctx: &Ctx, a: Availability) -> String {
    ctx.text(match a {
        Availability::Yes => "tiers.label.available",
        Availability::No => "tiers.label.unavailable",
        Availability::FaceToFace => "tiers.label.after_face_to_face",
        Availability::DueDiligence => "tiers.label.after_due_diligence",
        Availability::Verified => "tiers.label.after_verification",
    })
}

fn tier_limits(ctx: &Ctx, t: &Tier) -> Vec<LimitRow> {
    let loc = ctx.locale();
    let mut rows = Vec::new();
    for b in &t.buckets {
        for l in &b.limits {
            rows.push(LimitRow {
                id: format!("{}.{}.{}", t.id, b.id, period_id(l.period)),
                name: b.name.get(loc).to_string(),
                direction: Some(b.direction),
                period: l.period,
                authority: l.authority,
                amount_fen: l.amount_fen,
                display: format!("{} {}", yuan(l.amount_fen), period_label(ctx, l.period)),
                source: l.source.clone(),
                effective_date: l.effective_date.clone(),
            });
        }
    }
    if let Some(c) = &t.balance_cap {
        rows.push(LimitRow {
            id: format!("{}.balance", t.id),
            name: ctx.text("tiers.label.balance_cap"),
            direction: None,
            period: Period::Balance,
            authority: c.authority,
            amount_fen: c.amount_fen,
            display: format!(
                "{} {}",
                yuan(c.amount_fen),
                period_label(ctx, Period::Balance)
            ),
            source: c.source.clone(),
            effective_date: c.effective_date.clone(),
        });
    }
    rows
}

fn levels_for(ctx: &Ctx, rules: &TierRules, tier: Option<&str>) -> Vec<LevelSummary> {
    let loc = ctx.locale();
    rules
        .bank_levels
        .iter()
        .filter(|l| tier.is_none_or(|t| l.applies_to.iter().any(|a| a == t)))
        .map(|l| LevelSummary {
            id: l.id.clone(),
            name: l.name.get(loc).to_string(),
            due_diligence: l.due_diligence.get(loc).to_string(),
            bank_example: l.bank_example,
            applies_to: l.applies_to.clone(),
            limits: l
                .limits
                .iter()
                .map(|b| LimitRow {
                    id: format!(
                        "bank.{}.{}.{}",
                        l.id,
                        dir_id(b.direction),
                        period_id(b.period)
                    ),
                    name: ctx.text(match b.direction {
                        Direction::Inbound => "tiers.label.bank_inbound",
                        Direction::Outbound => "tiers.label.bank_outbound",
                    }),
                    direction: Some(b.direction),
                    period: b.period,
                    authority: b.authority,
                    amount_fen: b.amount_fen,
                    display: format!("{} {}", yuan(b.amount_fen), period_label(ctx, b.period)),
                    source: b.source.clone(),
                    effective_date: b.effective_date.clone(),
                })
                .collect(),
        })
        .collect()
}

pub fn list_tiers(ctx: &Ctx, rules: &TierRules) -> TierList {
    let r = rules;
    let loc = ctx.locale();
    TierList {
        tiers: r
            .tiers
            .iter()
            .map(|t| TierSummary {
                id: t.id.clone(),
                kind: t.kind,
                name: t.name.get(loc).into(),
                summary: t.summary.get(loc).into(),
            })
            .collect(),
        bank_levels: levels_for(ctx, rules, None),
        whitelist: r
            .whitelist
            .iter()
            .map(|w| IdName {
                id: w.id.clone(),
                name: w.name.get(loc).into(),
            })
            .collect(),
        kinds: r
            .kinds
            .iter()
            .map(|k| KindSummary {
                id: k.id.clone(),
                name: k.name.get(loc).into(),
                directions: [
                    (Direction::Inbound, k.inbound.is_some()),
                    (Direction::Outbound, k.outbound.is_some()),
                ]
                .into_iter()
                .filter_map(|(d, ok)| ok.then_some(d))
                .collect(),
            })
            .collect(),
        channels: r
            .channels
            .iter()
            .map(|c| ChannelSummary {
                id: c.id.clone(),
                name: c.name.get(loc).into(),
                non_counter: c.non_counter,
            })
            .collect(),
        statuses: r
            .statuses
            .iter()
            .map(|s| IdName {
                id: s.id.clone(),
                name: s.name.get(loc).into(),
            })
            .collect(),
        year_window: r.settings.year_window,
    }
}

fn find_tier<'a>(rules: &'a TierRules, id: &str, path: &str) -> Result<&'a Tier, Error> {
    if id.chars().count() > MAX_ID_CHARS {
        return Err(Error::new(
            "argument.too_long",
            format!("at most {MAX_ID_CHARS} characters"),
        )
        .at_path(path));
    }
    rules
        .tier(id)
        .ok_or_else(|| Error::new("tiers.unknown_tier", "unknown tier id").at_path(path))
}

pub fn explain_tier(ctx: &Ctx, rules: &TierRules, id: &str) -> Result<TierExplanation, Error> {
    let r = rules;
    let t = find_tier(rules, id, "id")?;
    let loc = ctx.locale();
    let (mut can, mut cannot) = (Vec::new(), Vec::new());
    for f in &t.functions {
        let line = FunctionLine {
            function: f.function.clone(),
            text: r
                .function(&f.function)
                .map_or(f.function.clone(), |d| d.name.get(loc).to_string()),
            availability: f.availability,
            condition: matches!(
                f.availability,
                Availability::FaceToFace | Availability::DueDiligence | Availability::Verified
            )
            .then(|| availability_label(ctx, f.availability)),
            source: f.source.clone(),
        };
        if f.availability == Availability::No {
            cannot.push(line);
        } else {
            can.push(line);
        }
    }
    let pp = &t.per_person_per_bank;
    let code = if pp.in_principle {
        "tiers.label.per_person_in_principle"
    } else {
        "tiers.label.per_person"
    };
    let year_window = ctx.text(match r.settings.year_window {
        YearWindow::CalendarYear => "tiers.label.year_calendar",
        YearWindow::Rolling365 => "tiers.label.year_rolling",
    });
    Ok(TierExplanation {
        id: t.id.clone(),
        kind: t.kind,
        name: t.name.get(loc).into(),
        summary: t.summary.get(loc).into(),
        can,
        cannot,
        limits: tier_limits(ctx, t),
        not_counted: t
            .exclusions
            .iter()
            .map(|e| e.text.get(loc).to_string())
            .collect(),
        restrictions: t
            .restrictions
            .iter()
            .map(|x| RestrictionLine {
                id: x.id.clone(),
                text: x.text.get(loc).into(),
                how_to_lift: x.how_to_lift.get(loc).into(),
                source: x.source.clone(),
            })
            .collect(),
        per_person_per_bank: PerPersonLine {
            max: pp.max,
            text: ctx.render(code, &crate::params![("max", pp.max)]),
            source: pp.source.clone(),
        },
        how_to_open: t.how_to_open.get(loc).into(),
        verification: t.verification.get(loc).into(),
        how_to_upgrade: t.how_to_upgrade.get(loc).into(),
        upgrade_to: t
            .upgrade_to
            .iter()
            .filter_map(|u| r.tier(u))
            .map(|u| IdName {
                id: u.id.clone(),
                name: u.name.get(loc).into(),
            })
            .collect(),
        bank_levels: levels_for(ctx, rules, Some(&t.id)),
        year_window,
        sources: t.sources.clone(),
        effective_date: t.effective_date.clone(),
    })
}

/// `compareTiers(ids)`; an empty list compares every personal tier. The rows: the texts
/// (summary, how to open, accounts per person), the functions any of them has, the national
/// limits and balance cap, how to upgrade.
pub fn compare_tiers(
    ctx: &Ctx,
    rules: &TierRules,
    ids: &[String],
) -> Result<TierComparison, Error> {
    let tiers = chosen_tiers(rules, ids)?;
    let loc = ctx.locale();
    let mut rows = text_rows(ctx, &tiers);
    function_rows(ctx, rules, &tiers, &mut rows);
    limit_rows(ctx, &tiers, &mut rows);
    rows.push(text_row(
        "how_to_upgrade",
        ctx.text("tiers.label.how_to_upgrade"),
        tiers
            .iter()
            .map(|t| t.how_to_upgrade.get(loc).to_string())
            .collect(),
    ));
    Ok(TierComparison {
        columns: tiers
            .iter()
            .map(|t| IdName {
                id: t.id.clone(),
                name: t.name.get(loc).into(),
            })
            .collect(),
        rows,
    })
}

/// The tiers named (each must exist), or every personal tier.
fn chosen_tiers<'r>(rules: &'r TierRules, ids: &[String]) -> Result<Vec<&'r Tier>, Error> {
    if ids.len() > MAX_LIST {
        return Err(
            Error::new("argument.too_large", format!("at most {MAX_LIST} tiers")).at_path("ids"),
        );
    }
    if ids.is_empty() {
        return Ok(rules
            .tiers
            .iter()
            .filter(|t| t.kind == TierKind::Personal)
            .collect());
    }
    ids.iter()
        .enumerate()
        .map(|(i, id)| find_tier(rules, id, &format!("[{i}]")))
        .collect()
}

fn text_row(id: &str, label: String, cells: Vec<String>) -> ComparisonRow {
    ComparisonRow {
        id: id.into(),
        label,
        cells,
        amounts_fen: None,
    }
}

/// Summary, how to open, and how many accounts a person may hold per bank.
fn text_rows(ctx: &Ctx, tiers: &[&Tier]) -> Vec<ComparisonRow> {
    let loc = ctx.locale();
    vec![
        text_row(
            "summary",
            ctx.text("tiers.label.summary"),
            tiers
                .iter()
                .map(|t| t.summary.get(loc).to_string())
                .collect(),
        ),
        text_row(
            "how_to_open",
            ctx.text("tiers.label.how_to_open"),
            tiers
                .iter()
                .map(|t| t.how_to_open.get(loc).to_string())
                .collect(),
        ),
        text_row(
            "per_person_per_bank",
            ctx.text("tiers.label.per_person_row"),
            tiers
                .iter()
                .map(|t| {
                    let pp = &t.per_person_per_bank;
                    let code = if pp.in_principle {
                        "tiers.label.per_person_in_principle"
                    } else {
                        "tiers.label.per_person"
                    };
                    ctx.render(code, &crate::params![("max", pp.max)])
                })
                .collect(),
        ),
    ]
}

/// One row per function that any of the tiers has: how it is available on each.
fn function_rows(ctx: &Ctx, rules: &TierRules, tiers: &[&Tier], rows: &mut Vec<ComparisonRow>) {
    for f in &rules.functions {
        if !tiers
            .iter()
            .any(|t| t.functions.iter().any(|tf| tf.function == f.id))
        {
            continue;
        }
        rows.push(text_row(
            &format!("function.{}", f.id),
            f.name.get(ctx.locale()).to_string(),
            tiers
                .iter()
                .map(|t| availability_label(ctx, t.availability(&f.id)))
                .collect(),
        ));
    }
}

/// The national day and year limits in and out (the tightest bucket of each tier), and the
/// balance cap.
fn limit_rows(ctx: &Ctx, tiers: &[&Tier], rows: &mut Vec<ComparisonRow>) {
    let no_limit = ctx.text("tiers.label.no_national_limit");
    let amount_row = |id: String, label: String, amounts: Vec<Option<i64>>| ComparisonRow {
        id,
        label,
        cells: amounts
            .iter()
            .map(|a| a.map_or(no_limit.clone(), yuan))
            .collect(),
        amounts_fen: Some(amounts),
    };
    for (dir, label_code) in [
        (Direction::Inbound, "tiers.label.row_inbound"),
        (Direction::Outbound, "tiers.label.row_outbound"),
    ] {
        for period in [Period::Day, Period::Year] {
            let amounts: Vec<Option<i64>> = tiers
                .iter()
                .map(|t| {
                    t.buckets
                        .iter()
                        .filter(|b| b.direction == dir)
                        .flat_map(|b| b.limits.iter())
                        .filter(|l| l.period == period)
                        .map(|l| l.amount_fen)
                        .min()
                })
                .collect();
            let label = format!("{} {}", ctx.text(label_code), period_label(ctx, period));
            let id = format!("limit.{}.{}", dir_id(dir), period_id(period));
            rows.push(amount_row(id, label, amounts));
        }
    }
    let caps: Vec<Option<i64>> = tiers
        .iter()
        .map(|t| t.balance_cap.as_ref().map(|c| c.amount_fen))
        .collect();
    rows.push(amount_row(
        "limit.balance".into(),
        ctx.text("tiers.label.balance_cap"),
        caps,
    ));
}
