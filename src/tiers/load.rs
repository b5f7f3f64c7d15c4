//! Decoding of `tiers.json` with the shared reader (`crate::jsonread`): unknown keys are refused,
//! missing ones are named, and every error names the file and the field path. (Serde derives for
//! the ~25 pack structs cost about 40 KB gzip of WASM; a Result-per-field reader of its own cost
//! another 10.)

use super::*;
use crate::jsonread::{Obj, Reader};
use serde_json::Value;

pub(crate) const DIRECTIONS: &[(&str, Direction)] = &[
    ("inbound", Direction::Inbound),
    ("outbound", Direction::Outbound),
];
pub(crate) const COUNTERPARTIES: &[(&str, Counterparty)] = &[
    ("bound", Counterparty::Bound),
    ("non_bound", Counterparty::NonBound),
];
const PERIODS: &[(&str, Period)] = &[
    ("day", Period::Day),
    ("year", Period::Year),
    ("balance", Period::Balance),
];
const AUTHORITIES: &[(&str, Authority)] = &[("pboc", Authority::Pboc), ("bank", Authority::Bank)];
const TIER_KINDS: &[(&str, TierKind)] = &[
    ("personal", TierKind::Personal),
    ("business", TierKind::Business),
];
const AVAILABILITIES: &[(&str, Availability)] = &[
    ("yes", Availability::Yes),
    ("no", Availability::No),
    ("face_to_face", Availability::FaceToFace),
    ("due_diligence", Availability::DueDiligence),
    ("verified", Availability::Verified),
];
const CHANNEL_CLASSES: &[(&str, ChannelClass)] = &[
    ("counter", ChannelClass::Counter),
    ("non_counter", ChannelClass::NonCounter),
    ("any", ChannelClass::Any),
];
const YEAR_WINDOWS: &[(&str, YearWindow)] = &[
    ("calendar_year", YearWindow::CalendarYear),
    ("rolling_365", YearWindow::Rolling365),
];

fn function_by_cp(o: &Obj) -> FunctionByCounterparty {
    o.fields(&["bound", "nonBound"], &[]);
    FunctionByCounterparty {
        bound: o.str("bound"),
        non_bound: o.str("nonBound"),
    }
}

fn matcher(o: &Obj) -> Match {
    o.fields(&["kinds"], &["counterparty"]);
    Match {
        kinds: o.strings("kinds"),
        counterparty: o.opt_pick("counterparty", COUNTERPARTIES),
    }
}

fn limit(o: &Obj) -> Limit {
    o.fields(
        &[
            "period",
            "amountFen",
            "authority",
            "source",
            "effectiveDate",
        ],
        &[],
    );
    Limit {
        period: o.pick("period", PERIODS),
        amount_fen: o.i64("amountFen"),
        authority: o.pick("authority", AUTHORITIES),
        source: o.str("source"),
        effective_date: o.str("effectiveDate"),
    }
}

fn tier(o: &Obj) -> Tier {
    o.fields(
        &[
            "id",
            "kind",
            "name",
            "summary",
            "functions",
            "buckets",
            "exclusions",
            "restrictions",
            "perPersonPerBank",
            "howToOpen",
            "verification",
            "howToUpgrade",
            "upgradeTo",
            "sources",
            "effectiveDate",
        ],
        &["balanceCap", "idCheck"],
    );
    let id_check = o.opt_obj("idCheck").map(|c| {
        c.fields(
            &[
                "twoWayTotalFen",
                "provideWithinDays",
                "source",
                "confidence",
            ],
            &[],
        );
        IdCheck {
            two_way_total_fen: c.int_in("twoWayTotalFen", 1, 100_000_000_000),
            provide_within_days: c.int_in("provideWithinDays", 1, 90) as u32,
            source: c.str("source"),
            confidence: c.str("confidence"),
        }
    });
    let functions = o.list("functions", |f| {
        f.fields(&["function", "availability", "source"], &[]);
        TierFunction {
            function: f.str("function"),
            availability: f.pick("availability", AVAILABILITIES),
            source: f.str("source"),
        }
    });
    let buckets = o.list("buckets", |b| {
        b.fields(&["id", "direction", "name", "match", "limits"], &[]);
        Bucket {
            id: b.str("id"),
            direction: b.pick("direction", DIRECTIONS),
            name: b.text("name"),
            matches: b.list("match", matcher),
            limits: b.list("limits", limit),
        }
    });
    let balance_cap = o.opt_obj("balanceCap").map(|c| {
        c.fields(&["amountFen", "authority", "source", "effectiveDate"], &[]);
        BalanceCap {
            amount_fen: c.i64("amountFen"),
            authority: c.pick("authority", AUTHORITIES),
            source: c.str("source"),
            effective_date: c.str("effectiveDate"),
        }
    });
    let exclusions = o.list("exclusions", |e| {
        e.fields(&["id", "match", "text", "source"], &[]);
        Exclusion {
            id: e.str("id"),
            matches: matcher(&e.obj("match")),
            text: e.text("text"),
            source: e.str("source"),
        }
    });
    let restrictions = o.list("restrictions", |r| {
        r.fields(
            &["id", "direction", "channel", "text", "howToLift", "source"],
            &[],
        );
        Restriction {
            id: r.str("id"),
            direction: r.pick("direction", DIRECTIONS),
            channel: r.pick("channel", CHANNEL_CLASSES),
            text: r.text("text"),
            how_to_lift: r.text("howToLift"),
            source: r.str("source"),
        }
    });
    let q = o.obj("perPersonPerBank");
    q.fields(&["max", "inPrinciple", "source", "effectiveDate"], &[]);
    Tier {
        id: o.str("id"),
        kind: o.pick("kind", TIER_KINDS),
        name: o.text("name"),
        summary: o.text("summary"),
        functions,
        buckets,
        balance_cap,
        exclusions,
        restrictions,
        per_person_per_bank: PerPerson {
            max: q.u32("max", u32::MAX),
            in_principle: q.bool("inPrinciple"),
            source: q.str("source"),
            effective_date: q.str("effectiveDate"),
        },
        id_check,
        how_to_open: o.text("howToOpen"),
        verification: o.text("verification"),
        how_to_upgrade: o.text("howToUpgrade"),
        upgrade_to: o.strings("upgradeTo"),
        sources: o.strings("sources"),
        effective_date: o.str("effectiveDate"),
    }
}

fn guide(o: Option<Obj>) -> Option<StatusGuide> {
    let o = o?;
    o.fields(&["definition", "wakeUp", "source"], &["noticePeriod"]);
    let notice_period = o.opt_obj("noticePeriod").map(|n| {
        n.fields(&["days", "from", "source", "confidence"], &[]);
        if n.opt_str("from").as_deref() != Some("notice_sent") {
            n.fail(
                "from",
                "notice_sent (the period runs from the day the notice is sent)",
            );
        }
        super::NoticePeriod {
            days: n.int_in("days", 1, 90) as u32,
            from: n.str("from"),
            source: n.str("source"),
            confidence: n.str("confidence"),
        }
    });
    Some(StatusGuide {
        definition: o.text("definition"),
        wake_up: o.list("wakeUp", Obj::as_text),
        source: o.str("source"),
        notice_period,
    })
}

/// `tiers.json` as a whole. (Read in this order, so the first problem reported is the same as
/// it has always been: settings, the id lists, adjustment, source, tiers.)
fn read(o: &Obj) -> TierRules {
    o.fields(
        &[
            "source",
            "settings",
            "functions",
            "kinds",
            "channels",
            "tiers",
            "bankLevels",
            "whitelist",
            "statuses",
            "adjustment",
            "basicServices",
        ],
        &["whitelistFloor"],
    );
    let settings = settings(&o.obj("settings"));
    let functions = o.list("functions", |f| {
        f.fields(&["id", "name"], &[]);
        FunctionDef {
            id: f.str("id"),
            name: f.text("name"),
        }
    });
    let kinds = o.list("kinds", kind);
    let channels = o.list("channels", |c| {
        c.fields(&["id", "name", "nonCounter"], &[]);
        ChannelDef {
            id: c.str("id"),
            name: c.text("name"),
            non_counter: c.bool("nonCounter"),
        }
    });
    let bank_levels = o.list("bankLevels", bank_level);
    let whitelist = o.list("whitelist", |w| {
        w.fields(&["id", "name", "kinds", "source"], &[]);
        WhitelistCategory {
            id: w.str("id"),
            name: w.text("name"),
            kinds: w.strings("kinds"),
            source: w.str("source"),
        }
    });
    let whitelist_floor = o.opt_obj("whitelistFloor").map(|f| {
        f.fields(&["level", "statuses", "source"], &[]);
        super::WhitelistFloor {
            level: f.str("level"),
            statuses: f.strings("statuses"),
            source: f.str("source"),
        }
    });
    let statuses = o.list("statuses", status);
    let bs = o.obj("basicServices");
    bs.fields(&["source", "items"], &[]);
    let basic_services = BasicServices {
        source: bs.str("source"),
        items: bs.list("items", |b| {
            b.fields(
                &["id", "kinds", "confidence"],
                &["direction", "counterparty"],
            );
            let direction = match b.opt_str("direction").as_deref() {
                None => None,
                Some("inbound") => Some(Direction::Inbound),
                Some("outbound") => Some(Direction::Outbound),
                Some(_) => {
                    b.fail("direction", "inbound or outbound");
                    None
                }
            };
            let bound_only = match b.opt_str("counterparty").as_deref() {
                None => false,
                Some("bound") => true,
                Some(_) => {
                    b.fail("counterparty", "bound");
                    false
                }
            };
            BasicService {
                id: b.str("id"),
                kinds: b.strings("kinds"),
                direction,
                bound_only,
                confidence: b.str("confidence"),
            }
        }),
    };
    let adjustment = adjustment(&o.obj("adjustment"));
    TierRules {
        source: o.str("source"),
        settings,
        functions,
        kinds,
        channels,
        tiers: o.list("tiers", tier),
        bank_levels,
        whitelist,
        whitelist_floor,
        statuses,
        adjustment,
        elderly: None,
        basic_services,
    }
}

fn settings(s: &Obj) -> TierSettings {
    s.fields(&["yearWindow", "yearWindowSource", "maxHistory"], &[]);
    TierSettings {
        year_window: s.pick("yearWindow", YEAR_WINDOWS),
        year_window_source: s.str("yearWindowSource"),
        max_history: s.u32("maxHistory", u32::MAX) as usize,
    }
}

fn kind(k: &Obj) -> KindDef {
    k.fields(&["id", "name"], &["inbound", "outbound"]);
    KindDef {
        id: k.str("id"),
        name: k.text("name"),
        inbound: k.opt_obj("inbound").map(|x| function_by_cp(&x)),
        outbound: k.opt_obj("outbound").map(|x| function_by_cp(&x)),
    }
}

fn bank_level(l: &Obj) -> BankLevel {
    l.fields(
        &[
            "id",
            "name",
            "dueDiligence",
            "bankExample",
            "appliesTo",
            "limits",
        ],
        &[],
    );
    BankLevel {
        id: l.str("id"),
        name: l.text("name"),
        due_diligence: l.text("dueDiligence"),
        bank_example: l.bool("bankExample"),
        applies_to: l.strings("appliesTo"),
        limits: l.list("limits", |b| {
            b.fields(
                &[
                    "direction",
                    "period",
                    "amountFen",
                    "authority",
                    "source",
                    "effectiveDate",
                ],
                &[],
            );
            BankLimit {
                direction: b.pick("direction", DIRECTIONS),
                period: b.pick("period", PERIODS),
                amount_fen: b.i64("amountFen"),
                authority: b.pick("authority", AUTHORITIES),
                source: b.str("source"),
                effective_date: b.str("effectiveDate"),
            }
        }),
    }
}

fn status(s: &Obj) -> StatusDef {
    s.fields(
        &["id", "name", "blocks", "counterAllowed"],
        &["personal", "business", "source", "inboundAllowed"],
    );
    StatusDef {
        inbound_allowed: s.opt_bool("inboundAllowed").unwrap_or(false),
        id: s.str("id"),
        blocks: s.bool("blocks"),
        counter_allowed: s.bool("counterAllowed"),
        name: s.text("name"),
        personal: guide(s.opt_obj("personal")),
        business: guide(s.opt_obj("business")),
        source: s.opt_str("source"),
    }
}

fn adjustment(a: &Obj) -> AdjustmentRules {
    a.fields(&["source", "reasons", "evidence", "deadlines"], &[]);
    let dl = a.obj("deadlines");
    let mut deadlines = Vec::new();
    for (id, d) in dl.entries() {
        d.fields(
            &["statutory", "source", "confidence"],
            &[
                "days",
                "promptly",
                "outerLimitDays",
                "extendedDays",
                "furtherExtendedDays",
                "complainTo",
            ],
        );
        let opt_days = |k: &str| match d.get(k) {
            None | Some(Value::Null) => None,
            Some(_) => Some(d.int_in(k, 1, 365) as u32),
        };
        let days = opt_days("days");
        let promptly = d.opt_bool("promptly").unwrap_or(false);
        if days.is_none() != promptly {
            d.fail("days", "a number of days, or null with promptly: true");
        }
        if let Some((_, max)) = super::STATUTORY_MAX_DAYS.iter().find(|(k, _)| *k == id) {
            if days.is_some_and(|n| n > *max) {
                d.fail("days", &format!("cannot exceed the law's {max} days"));
            }
        }
        deadlines.push(super::ReplyDeadline {
            id: id.to_string(),
            days,
            promptly,
            outer_limit_days: opt_days("outerLimitDays"),
            extended_days: opt_days("extendedDays"),
            further_extended_days: opt_days("furtherExtendedDays"),
            statutory: d.bool("statutory"),
            complain_to: d.opt_str("complainTo"),
            source: d.str("source"),
            confidence: d.str("confidence"),
        });
    }
    AdjustmentRules {
        source: a.str("source"),
        reasons: a.list("reasons", |r| {
            r.fields(&["id", "name", "evidence", "deadline"], &[]);
            let deadline = r.str("deadline");
            if !deadlines.iter().any(|d| d.id == deadline) {
                r.fail("deadline", "one of adjustment.deadlines");
            }
            AdjustmentReason {
                id: r.str("id"),
                name: r.text("name"),
                evidence: r.strings("evidence"),
                deadline,
            }
        }),
        deadlines,
        evidence: a.list("evidence", |e| {
            e.fields(&["id", "name"], &[]);
            EvidenceDef {
                id: e.str("id"),
                name: e.text("name"),
            }
        }),
    }
}

/// Decode the whole file.
pub(super) fn rules(v: &Value) -> Result<TierRules, Error> {
    Reader::read(Some(FILE), v, read)
}
