//! The monthly quality sample (seed §十.1: 每月抽取一定比例的回访记录进行检查; §七.3 monthly
//! statistics per agent): which completed callbacks a reviewer checks, drawn deterministically from
//! a seed the host passes so an auditor can draw the same sample again (`callbacks.json`
//! `qualitySample`). The core has no randomness: each entry's place is SHA-256(seed | ref).

use super::plan::check_ref;
use super::CallbackRules;
use crate::ctx::Ctx;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::jsonout::WriteJson;
use crate::jsonread::Obj;
use crate::params;
use crate::time::{parse_instant, shanghai};
use chrono::Datelike;

/// Most completed callbacks one sample is drawn from.
pub const MAX_COMPLETED: usize = 10_000;

/// One completed callback of the month (input).
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Completed {
    #[serde(rename = "ref")]
    pub reference: String,
    /// The agent's id (工号): never in any output; shown masked.
    pub agent_id: String,
    /// RFC 3339.
    pub completed_at: String,
    /// `completed` or `refused`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub lowest_rating: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub satisfied_in_end: Option<bool>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub follow_up_actions: Vec<String>,
}

/// `quality` of `callbackPlan`: `{ month: "YYYY-MM", seed, completed }`.
#[derive(Debug, Clone, Default, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QualityInput {
    pub month: String,
    pub seed: String,
    pub completed: Vec<Completed>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AgentCount {
    pub agent: String,
    /// Tells apart agents whose masked ids look alike (1-based, in id order).
    pub agent_index: usize,
    pub population: usize,
    pub sampled: usize,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SampleItem {
    #[serde(rename = "ref")]
    pub reference: String,
    pub agent: String,
    pub agent_index: usize,
    pub completed_at: String,
    /// `alwaysInclude` reasons it matched, and `random` when the draw picked it.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct CheckItem {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct QualitySample {
    pub month: String,
    pub seed: String,
    pub method: &'static str,
    pub population: usize,
    pub size: usize,
    pub by_agent: Vec<AgentCount>,
    pub items: Vec<SampleItem>,
    pub checklist: Vec<CheckItem>,
    pub findings: Vec<Finding>,
}

/// An agent id shown: 7 or more characters → first 2 + `***` + last 2; 4–6 → first 1 + `***` +
/// last 1; shorter → `***`.
pub fn mask_agent(id: &str) -> String {
    let c: Vec<char> = id.chars().collect();
    let keep = match c.len() {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    };
    let head: String = c[..keep].iter().collect();
    let tail: String = c[c.len() - keep..].iter().collect();
    format!("{head}***{tail}")
}

pub fn read_input(q: &Obj) -> QualityInput {
    q.fields(&["month", "seed", "completed"], &[]);
    q.at_most("completed", MAX_COMPLETED);
    QualityInput {
        month: q.str("month"),
        seed: q.str("seed"),
        completed: q.list("completed", |c| {
            c.fields(
                &["ref", "agentId", "completedAt", "outcome"],
                &[
                    "channel",
                    "lowestRating",
                    "satisfiedInEnd",
                    "followUpActions",
                ],
            );
            Completed {
                reference: c.str("ref"),
                agent_id: c.str("agentId"),
                completed_at: c.str("completedAt"),
                outcome: c.str("outcome"),
                lowest_rating: c.opt_u32("lowestRating"),
                satisfied_in_end: c.opt_bool("satisfiedInEnd"),
                follow_up_actions: c.strings("followUpActions"),
            }
        }),
    }
}

/// The `alwaysInclude` reasons an entry matches.
fn reasons(rules: &CallbackRules, c: &Completed) -> Vec<String> {
    let mut out = Vec::new();
    for r in &rules.quality.always_include {
        let hit = match r.as_str() {
            "low_rating" => c.lowest_rating.is_some_and(|x| x <= 2),
            "not_satisfied_in_end" => c.satisfied_in_end == Some(false),
            "refused" => c.outcome == "refused",
            action => c.follow_up_actions.iter().any(|a| a == action),
        };
        if hit {
            out.push(r.clone());
        }
    }
    out
}

/// Draw the month's sample: population = entries completed in `month` (Asia/Shanghai); `R` =
/// rate × population clamped to `[minTotal, maxTotal]` and to the population; entries ordered by
/// SHA-256(seed | ref); `minPerAgent` per agent in that order, then filled to `R`; plus every
/// entry an `alwaysInclude` reason matches.
pub fn sample(ctx: &Ctx, rules: &CallbackRules, q: &QualityInput) -> Result<QualitySample, Error> {
    let month = crate::time::parse_date(&format!("{}-01", q.month))
        .filter(|_| q.month.len() == 7)
        .ok_or_else(|| Error::argument("month is YYYY-MM").at_path("quality.month"))?;
    if q.seed.is_empty() || q.seed.len() > 64 {
        return Err(Error::argument("seed is 1 to 64 characters").at_path("quality.seed"));
    }
    let mut pop: Vec<(&Completed, [u8; 32], Vec<String>)> = Vec::new();
    let mut agents: Vec<&str> = Vec::new();
    for (i, c) in q.completed.iter().enumerate() {
        let p = |f: &str| format!("quality.completed[{i}].{f}");
        check_ref(&c.reference, &p("ref"))?;
        check_ref(&c.agent_id, &p("agentId"))?;
        let at = parse_instant(&c.completed_at, &p("completedAt"))?.with_timezone(&shanghai());
        if !matches!(c.outcome.as_str(), "completed" | "refused") {
            return Err(Error::argument("outcome is completed or refused").at_path(p("outcome")));
        }
        if at.year() != month.year() || at.month() != month.month() {
            continue;
        }
        let h = crate::digest::sha256(format!("{}|{}", q.seed, c.reference).as_bytes());
        let pos = pop.partition_point(|x| x.1 <= h);
        pop.insert(pos, (c, h, reasons(rules, c)));
        if !agents.contains(&c.agent_id.as_str()) {
            let pos = agents.partition_point(|a| *a < c.agent_id.as_str());
            agents.insert(pos, &c.agent_id);
        }
    }
    let qr = &rules.quality;
    let n = pop.len();
    let by_rate = (n * qr.rate_percent as usize).div_ceil(100);
    let r = by_rate
        .clamp(qr.min_total as usize, qr.max_total as usize)
        .min(n);
    let mut picked = vec![false; n];
    let mut per_agent = vec![0usize; agents.len()];
    let index = |id: &str| agents.iter().position(|a| *a == id).unwrap_or(0);
    for (k, (c, _, _)) in pop.iter().enumerate() {
        let a = index(&c.agent_id);
        if per_agent[a] < qr.min_per_agent as usize {
            per_agent[a] += 1;
            picked[k] = true;
        }
    }
    let mut count = picked.iter().filter(|p| **p).count();
    for p in picked.iter_mut() {
        if count >= r {
            break;
        }
        if !*p {
            *p = true;
            count += 1;
        }
    }
    let mut items = Vec::new();
    let mut by_agent: Vec<AgentCount> = agents
        .iter()
        .enumerate()
        .map(|(i, a)| AgentCount {
            agent: mask_agent(a),
            agent_index: i + 1,
            population: 0,
            sampled: 0,
        })
        .collect();
    for (k, (c, _, why)) in pop.iter().enumerate() {
        let a = index(&c.agent_id);
        by_agent[a].population += 1;
        if !picked[k] && why.is_empty() {
            continue;
        }
        by_agent[a].sampled += 1;
        let mut reasons = why.clone();
        if picked[k] {
            reasons.push("random".to_string());
        }
        items.push(SampleItem {
            reference: c.reference.clone(),
            agent: mask_agent(&c.agent_id),
            agent_index: a + 1,
            completed_at: c.completed_at.clone(),
            reasons,
        });
    }
    let mut findings = Vec::new();
    if n > 0 && r == n {
        findings.push(ctx.finding(
            Severity::Info,
            "callback.sample.small_population",
            "quality",
            params![("population", n)],
        ));
    }
    Ok(QualitySample {
        month: q.month.clone(),
        seed: q.seed.clone(),
        method: "stratified_by_agent_hash",
        population: n,
        size: items.len(),
        by_agent,
        items,
        checklist: qr
            .checklist
            .iter()
            .map(|(id, t)| CheckItem {
                id: id.clone(),
                text: t.get(ctx.locale()).to_string(),
            })
            .collect(),
        findings,
    })
}
