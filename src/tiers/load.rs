//! Hand-written decoding of `tiers.json` from a JSON value, with the same guarantees as serde's
//! `deny_unknown_fields` (unknown keys are refused) and errors naming the file and field path.
//! Written by hand because serde derives for the ~25 pack structs, instantiated through
//! serde_path_to_error, cost about 40 KB gzip of WASM.

use super::*;
use serde_json::{Map, Value};

/// One JSON object being read at `path`; `finish` refuses keys that were not read.
struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn obj<'a>(v: &'a Value, path: &str) -> Result<Obj<'a>, Error> {
    match v {
        Value::Object(map) => Ok(Obj {
            map,
            path: path.to_string(),
            known: Vec::new(),
        }),
        _ => Err(invalid(FILE, path, "invalid type, expected an object")),
    }
}

fn text_of(v: &Value, path: &str) -> Result<Text, Error> {
    let mut o = obj(v, path)?;
    let t = Text {
        zh_cn: o.string("zh-CN")?,
        en: o.string("en")?,
    };
    o.finish()?;
    Ok(t)
}

fn list_of<T>(
    v: &Value,
    path: &str,
    f: impl Fn(&Value, &str) -> Result<T, Error>,
) -> Result<Vec<T>, Error> {
    match v {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, x)| f(x, &format!("{path}[{i}]")))
            .collect(),
        _ => Err(invalid(FILE, path, "invalid type, expected an array")),
    }
}

fn string_of(v: &Value, path: &str) -> Result<String, Error> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| invalid(FILE, path, "invalid type, expected a string"))
}

fn pick<T: Copy>(v: &Value, path: &str, options: &[(&str, T)]) -> Result<T, Error> {
    let s = v
        .as_str()
        .ok_or_else(|| invalid(FILE, path, "invalid type, expected a string"))?;
    options
        .iter()
        .find(|(name, _)| *name == s)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            invalid(
                FILE,
                path,
                format!("unknown variant, expected one of {}", names(options)),
            )
        })
}

fn names<T>(options: &[(&str, T)]) -> String {
    options
        .iter()
        .map(|(n, _)| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<'a> Obj<'a> {
    fn get(&mut self, key: &'static str) -> Result<&'a Value, Error> {
        self.known.push(key);
        self.map
            .get(key)
            .ok_or_else(|| invalid(FILE, &self.path, format!("missing field `{key}`")))
    }
    fn opt(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }
    fn p(&self, key: &str) -> String {
        at(&self.path, key)
    }
    fn string(&mut self, key: &'static str) -> Result<String, Error> {
        let v = self.get(key)?;
        string_of(v, &self.p(key))
    }
    fn strings(&mut self, key: &'static str) -> Result<Vec<String>, Error> {
        let v = self.get(key)?;
        list_of(v, &self.p(key), string_of)
    }
    fn text(&mut self, key: &'static str) -> Result<Text, Error> {
        let v = self.get(key)?;
        text_of(v, &self.p(key))
    }
    fn bool(&mut self, key: &'static str) -> Result<bool, Error> {
        let v = self.get(key)?;
        v.as_bool()
            .ok_or_else(|| invalid(FILE, self.p(key), "invalid type, expected a boolean"))
    }
    fn i64(&mut self, key: &'static str) -> Result<i64, Error> {
        let v = self.get(key)?;
        v.as_i64()
            .ok_or_else(|| invalid(FILE, self.p(key), "invalid type, expected an integer"))
    }
    fn u32(&mut self, key: &'static str) -> Result<u32, Error> {
        let v = self.get(key)?;
        v.as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                invalid(
                    FILE,
                    self.p(key),
                    "invalid value, expected a non-negative integer",
                )
            })
    }
    fn list<T>(
        &mut self,
        key: &'static str,
        f: impl Fn(&Value, &str) -> Result<T, Error>,
    ) -> Result<Vec<T>, Error> {
        let v = self.get(key)?;
        list_of(v, &self.p(key), f)
    }
    fn pick<T: Copy>(&mut self, key: &'static str, options: &[(&str, T)]) -> Result<T, Error> {
        let v = self.get(key)?;
        pick(v, &self.p(key), options)
    }
    fn finish(self) -> Result<(), Error> {
        match self.map.keys().find(|k| !self.known.contains(&k.as_str())) {
            Some(k) => Err(invalid(
                FILE,
                at(&self.path, k),
                format!("unknown field, expected one of {}", self.known.join(", ")),
            )),
            None => Ok(()),
        }
    }
}

const DIRECTIONS: &[(&str, Direction)] = &[
    ("inbound", Direction::Inbound),
    ("outbound", Direction::Outbound),
];
const COUNTERPARTIES: &[(&str, Counterparty)] = &[
    ("bound", Counterparty::Bound),
    ("non_bound", Counterparty::NonBound),
];
const PERIODS: &[(&str, Period)] = &[
    ("day", Period::Day),
    ("year", Period::Year),
    ("balance", Period::Balance),
];
const AUTHORITIES: &[(&str, Authority)] = &[("pboc", Authority::Pboc), ("bank", Authority::Bank)];

fn function_by_cp(v: &Value, path: &str) -> Result<FunctionByCounterparty, Error> {
    let mut o = obj(v, path)?;
    let f = FunctionByCounterparty {
        bound: o.string("bound")?,
        non_bound: o.string("nonBound")?,
    };
    o.finish()?;
    Ok(f)
}

fn matcher(v: &Value, path: &str) -> Result<Match, Error> {
    let mut o = obj(v, path)?;
    let kinds = o.strings("kinds")?;
    let counterparty = match o.opt("counterparty") {
        Some(c) => Some(pick(c, &at(path, "counterparty"), COUNTERPARTIES)?),
        None => None,
    };
    o.finish()?;
    Ok(Match {
        kinds,
        counterparty,
    })
}

fn limit(v: &Value, path: &str) -> Result<Limit, Error> {
    let mut o = obj(v, path)?;
    let l = Limit {
        period: o.pick("period", PERIODS)?,
        amount_fen: o.i64("amountFen")?,
        authority: o.pick("authority", AUTHORITIES)?,
        source: o.string("source")?,
        effective_date: o.string("effectiveDate")?,
    };
    o.finish()?;
    Ok(l)
}

fn tier(v: &Value, path: &str) -> Result<Tier, Error> {
    let mut o = obj(v, path)?;
    let id = o.string("id")?;
    let kind = o.pick(
        "kind",
        &[
            ("personal", TierKind::Personal),
            ("business", TierKind::Business),
        ],
    )?;
    let name = o.text("name")?;
    let summary = o.text("summary")?;
    let functions = o.list("functions", |v, p| {
        let mut f = obj(v, p)?;
        let tf = TierFunction {
            function: f.string("function")?,
            availability: f.pick(
                "availability",
                &[
                    ("yes", Availability::Yes),
                    ("no", Availability::No),
                    ("face_to_face", Availability::FaceToFace),
                    ("due_diligence", Availability::DueDiligence),
                ],
            )?,
            source: f.string("source")?,
        };
        f.finish()?;
        Ok(tf)
    })?;
    let buckets = o.list("buckets", |v, p| {
        let mut b = obj(v, p)?;
        let bucket = Bucket {
            id: b.string("id")?,
            direction: b.pick("direction", DIRECTIONS)?,
            name: b.text("name")?,
            matches: b.list("match", matcher)?,
            limits: b.list("limits", limit)?,
        };
        b.finish()?;
        Ok(bucket)
    })?;
    let balance_cap = match o.opt("balanceCap") {
        Some(v) => {
            let p = at(path, "balanceCap");
            let mut c = obj(v, &p)?;
            let cap = BalanceCap {
                amount_fen: c.i64("amountFen")?,
                authority: c.pick("authority", AUTHORITIES)?,
                source: c.string("source")?,
                effective_date: c.string("effectiveDate")?,
            };
            c.finish()?;
            Some(cap)
        }
        None => None,
    };
    let exclusions = o.list("exclusions", |v, p| {
        let mut e = obj(v, p)?;
        let id = e.string("id")?;
        let m = e.get("match")?;
        let ex = Exclusion {
            id,
            matches: matcher(m, &at(p, "match"))?,
            text: e.text("text")?,
            source: e.string("source")?,
        };
        e.finish()?;
        Ok(ex)
    })?;
    let restrictions = o.list("restrictions", |v, p| {
        let mut r = obj(v, p)?;
        let x = Restriction {
            id: r.string("id")?,
            direction: r.pick("direction", DIRECTIONS)?,
            channel: r.pick(
                "channel",
                &[
                    ("counter", ChannelClass::Counter),
                    ("non_counter", ChannelClass::NonCounter),
                    ("any", ChannelClass::Any),
                ],
            )?,
            text: r.text("text")?,
            how_to_lift: r.text("howToLift")?,
            source: r.string("source")?,
        };
        r.finish()?;
        Ok(x)
    })?;
    let pp = o.get("perPersonPerBank")?;
    let per_person_per_bank = {
        let mut q = obj(pp, &at(path, "perPersonPerBank"))?;
        let x = PerPerson {
            max: q.u32("max")?,
            in_principle: q.bool("inPrinciple")?,
            source: q.string("source")?,
            effective_date: q.string("effectiveDate")?,
        };
        q.finish()?;
        x
    };
    let t = Tier {
        id,
        kind,
        name,
        summary,
        functions,
        buckets,
        balance_cap,
        exclusions,
        restrictions,
        per_person_per_bank,
        how_to_open: o.text("howToOpen")?,
        verification: o.text("verification")?,
        how_to_upgrade: o.text("howToUpgrade")?,
        upgrade_to: o.strings("upgradeTo")?,
        sources: o.strings("sources")?,
        effective_date: o.string("effectiveDate")?,
    };
    o.finish()?;
    Ok(t)
}

/// The common `{ id, name, … }` head of a list item; the object stays open for the rest.
fn id_name<'a>(v: &'a Value, p: &str) -> Result<(String, Text, Obj<'a>), Error> {
    let mut o = obj(v, p)?;
    Ok((o.string("id")?, o.text("name")?, o))
}

fn guide(v: Option<&Value>, path: &str) -> Result<Option<StatusGuide>, Error> {
    let Some(v) = v else { return Ok(None) };
    let mut o = obj(v, path)?;
    let g = StatusGuide {
        definition: o.text("definition")?,
        wake_up: o.list("wakeUp", text_of)?,
        source: o.string("source")?,
    };
    o.finish()?;
    Ok(Some(g))
}

/// Decode the whole file.
pub(super) fn rules(v: &Value) -> Result<TierRules, Error> {
    let mut o = obj(v, "")?;
    let source = o.string("source")?;
    let settings = {
        let mut s = obj(o.get("settings")?, "settings")?;
        let max_history = s.get("maxHistory")?;
        let x = TierSettings {
            year_window: s.pick(
                "yearWindow",
                &[
                    ("calendar_year", YearWindow::CalendarYear),
                    ("rolling_365", YearWindow::Rolling365),
                ],
            )?,
            year_window_source: s.string("yearWindowSource")?,
            max_history: max_history
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    invalid(
                        FILE,
                        "settings.maxHistory",
                        "invalid value, expected a non-negative integer",
                    )
                })?,
            appeal_reply_days: s.u32("appealReplyDays")?,
            appeal_reply_source: s.string("appealReplySource")?,
        };
        s.finish()?;
        x
    };
    let functions = o.list("functions", |v, p| {
        let (id, name, f) = id_name(v, p)?;
        f.finish()?;
        Ok(FunctionDef { id, name })
    })?;
    let kinds = o.list("kinds", |v, p| {
        let (id, name, mut k) = id_name(v, p)?;
        let inbound = k
            .opt("inbound")
            .map(|x| function_by_cp(x, &at(p, "inbound")))
            .transpose()?;
        let outbound = k
            .opt("outbound")
            .map(|x| function_by_cp(x, &at(p, "outbound")))
            .transpose()?;
        k.finish()?;
        Ok(KindDef {
            id,
            name,
            inbound,
            outbound,
        })
    })?;
    let channels = o.list("channels", |v, p| {
        let (id, name, mut c) = id_name(v, p)?;
        let non_counter = c.bool("nonCounter")?;
        c.finish()?;
        Ok(ChannelDef {
            id,
            name,
            non_counter,
        })
    })?;
    let tiers = o.list("tiers", tier)?;
    let bank_levels = o.list("bankLevels", |v, p| {
        let (id, name, mut l) = id_name(v, p)?;
        let level = BankLevel {
            id,
            name,
            due_diligence: l.text("dueDiligence")?,
            bank_example: l.bool("bankExample")?,
            applies_to: l.strings("appliesTo")?,
            limits: l.list("limits", |v, p| {
                let mut b = obj(v, p)?;
                let x = BankLimit {
                    direction: b.pick("direction", DIRECTIONS)?,
                    period: b.pick("period", PERIODS)?,
                    amount_fen: b.i64("amountFen")?,
                    authority: b.pick("authority", AUTHORITIES)?,
                    source: b.string("source")?,
                    effective_date: b.string("effectiveDate")?,
                };
                b.finish()?;
                Ok(x)
            })?,
        };
        l.finish()?;
        Ok(level)
    })?;
    let whitelist = o.list("whitelist", |v, p| {
        let (id, name, mut w) = id_name(v, p)?;
        let x = WhitelistCategory {
            id,
            name,
            kinds: w.strings("kinds")?,
            source: w.string("source")?,
        };
        w.finish()?;
        Ok(x)
    })?;
    let statuses = o.list("statuses", |v, p| {
        let (id, name, mut s) = id_name(v, p)?;
        let x = StatusDef {
            id,
            blocks: s.bool("blocks")?,
            counter_allowed: s.bool("counterAllowed")?,
            name,
            personal: guide(s.opt("personal"), &at(p, "personal"))?,
            business: guide(s.opt("business"), &at(p, "business"))?,
            source: s
                .opt("source")
                .map(|x| string_of(x, &at(p, "source")))
                .transpose()?,
        };
        s.finish()?;
        Ok(x)
    })?;
    let adjustment = {
        let mut a = obj(o.get("adjustment")?, "adjustment")?;
        let x = AdjustmentRules {
            source: a.string("source")?,
            reasons: a.list("reasons", |v, p| {
                let (id, name, mut r) = id_name(v, p)?;
                let evidence = r.strings("evidence")?;
                r.finish()?;
                Ok(AdjustmentReason { id, name, evidence })
            })?,
            evidence: a.list("evidence", |v, p| {
                let (id, name, e) = id_name(v, p)?;
                e.finish()?;
                Ok(EvidenceDef { id, name })
            })?,
        };
        a.finish()?;
        x
    };
    o.finish()?;
    Ok(TierRules {
        source,
        settings,
        functions,
        kinds,
        channels,
        tiers,
        bank_levels,
        whitelist,
        statuses,
        adjustment,
    })
}
