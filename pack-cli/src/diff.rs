//! `diff`: what changed between two packs, in the words a reviewer approves — limits in yuan,
//! questionnaires and their questions, calendar days, messages, settings — and whether the version
//! was bumped. Everything else that changed is listed too, by file and path, so nothing is missed.

use frontdesk::rulepack::Files;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One titled group of changes.
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// How the version moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// Same version.
    Same,
    /// A higher version.
    Up,
    /// A lower version.
    Down,
    /// Different, and the two cannot be ordered (letters against digits, say).
    Changed,
}

pub struct Diff {
    pub old_version: String,
    pub new_version: String,
    pub bump: Bump,
    pub sections: Vec<Section>,
}

impl Diff {
    /// Whether anything besides the version changed.
    pub fn content_changed(&self) -> bool {
        self.sections.iter().any(|s| !s.lines.is_empty())
    }

    /// How many changes, in how many sections.
    pub fn count(&self) -> (usize, usize) {
        let used: Vec<&Section> = self
            .sections
            .iter()
            .filter(|s| !s.lines.is_empty())
            .collect();
        (used.iter().map(|s| s.lines.len()).sum(), used.len())
    }

    /// Content changed but the version was not bumped (or went down).
    pub fn needs_bump(&self) -> bool {
        self.content_changed() && matches!(self.bump, Bump::Same | Bump::Down)
    }
}

/// Compare dotted versions part by part (`2026.12.1` > `2026.11.9`): numbers as numbers, other
/// parts as text; a part that is a number against one that is not cannot be ordered.
pub fn compare_versions(old: &str, new: &str) -> Bump {
    if old == new {
        return Bump::Same;
    }
    let parts =
        |v: &str| -> Vec<String> { v.split(['.', '-', '+', '_']).map(str::to_string).collect() };
    let (a, b) = (parts(old), parts(new));
    for (x, y) in a.iter().zip(&b) {
        let ord = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(m), Ok(n)) => m.cmp(&n),
            (Err(_), Err(_)) => x.cmp(y),
            _ => return Bump::Changed,
        };
        match ord {
            std::cmp::Ordering::Less => return Bump::Up,
            std::cmp::Ordering::Greater => return Bump::Down,
            std::cmp::Ordering::Equal => {}
        }
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Less => Bump::Up,
        std::cmp::Ordering::Greater => Bump::Down,
        std::cmp::Ordering::Equal => Bump::Changed,
    }
}

/// Money as the page shows it (`¥10,000`, `¥1,234.50`): the library's own formatting.
pub use frontdesk::money::yuan;

fn preview(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 90 {
        format!("{}…", s.chars().take(87).collect::<String>())
    } else {
        s
    }
}

fn en(v: &Value) -> String {
    v.get("en")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| preview(v))
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

fn items<'a>(v: &'a Value, k: &str) -> &'a [Value] {
    v.get(k)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

// ---------------------------------------------------------------------------------------------
// Any JSON: every difference by path.

/// Every difference between `old` and `new` under `path`, one line each. Arrays of objects with an
/// `id` are matched by id (`tiers[id=personal_class_2]`), so an insertion is one change.
pub fn generic(path: &str, old: &Value, new: &Value, out: &mut Vec<String>) {
    if old == new {
        return;
    }
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => generic(&join(k), x, y, out),
                    (None, Some(y)) => out.push(format!("{}: added {}", join(k), preview(y))),
                    (Some(x), None) => {
                        out.push(format!("{}: removed (was {})", join(k), preview(x)))
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let id = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_string);
            let keyed = a.iter().chain(b).all(|v| id(v).is_some());
            let scalars = a.iter().chain(b).all(|v| !v.is_object() && !v.is_array());
            if keyed && !(a.is_empty() && b.is_empty()) {
                let old_ids: Vec<String> = a.iter().filter_map(id).collect();
                let new_ids: Vec<String> = b.iter().filter_map(id).collect();
                for x in a {
                    let i = id(x).unwrap_or_default();
                    match b.iter().find(|y| id(y).as_deref() == Some(&i)) {
                        Some(y) => generic(&format!("{path}[id={i}]"), x, y, out),
                        None => out.push(format!("{path}[id={i}]: removed")),
                    }
                }
                for y in b {
                    let i = id(y).unwrap_or_default();
                    if !old_ids.contains(&i) {
                        out.push(format!("{path}[id={i}]: added {}", preview(y)));
                    }
                }
                let common_old: Vec<&String> =
                    old_ids.iter().filter(|i| new_ids.contains(i)).collect();
                let common_new: Vec<&String> =
                    new_ids.iter().filter(|i| old_ids.contains(i)).collect();
                if common_old != common_new {
                    out.push(format!("{path}: order changed"));
                }
            } else if scalars {
                let added: Vec<String> = b.iter().filter(|v| !a.contains(v)).map(preview).collect();
                let removed: Vec<String> =
                    a.iter().filter(|v| !b.contains(v)).map(preview).collect();
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("added {}", added.join(", ")));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed {}", removed.join(", ")));
                }
                if parts.is_empty() {
                    parts.push("order or repeats changed".into());
                }
                out.push(format!("{path}: {}", parts.join("; ")));
            } else {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    generic(&format!("{path}[{i}]"), x, y, out);
                }
                for (i, y) in b.iter().enumerate().skip(a.len()) {
                    out.push(format!("{path}[{i}]: added {}", preview(y)));
                }
                for (i, x) in a.iter().enumerate().skip(b.len()) {
                    out.push(format!("{path}[{i}]: removed (was {})", preview(x)));
                }
            }
        }
        _ => out.push(format!("{path}: {} → {}", preview(old), preview(new))),
    }
}

// ---------------------------------------------------------------------------------------------
// Limits.

#[derive(Debug, Clone, PartialEq)]
struct LimitEntry {
    label: String,
    /// Fen, or a count when `count` is set.
    amount: i64,
    count: bool,
    effective: String,
    authority: String,
}

fn period_words(p: &str) -> &'static str {
    match p {
        "day" => "per day",
        "year" => "per year",
        _ => "balance",
    }
}

fn limits(tiers: Option<&Value>) -> BTreeMap<String, LimitEntry> {
    let mut out = BTreeMap::new();
    let Some(t) = tiers else { return out };
    let entry = |label: String, v: &Value| LimitEntry {
        label,
        amount: v.get("amountFen").and_then(Value::as_i64).unwrap_or(0),
        count: false,
        effective: s(v, "effectiveDate").to_string(),
        authority: s(v, "authority").to_string(),
    };
    for tier in items(t, "tiers") {
        let (tid, tname) = (s(tier, "id"), en(&tier["name"]));
        for b in items(tier, "buckets") {
            for l in items(b, "limits") {
                let label = format!(
                    "{tname} — {}, {} ({})",
                    en(&b["name"]),
                    period_words(s(l, "period")),
                    s(b, "direction")
                );
                let key = format!("tier {tid} / bucket {} / {}", s(b, "id"), s(l, "period"));
                out.insert(key, entry(label, l));
            }
        }
        if let Some(c) = tier.get("balanceCap").filter(|c| c.is_object()) {
            out.insert(
                format!("tier {tid} / balance cap"),
                entry(format!("{tname} — balance cap"), c),
            );
        }
        if let Some(p) = tier.get("perPersonPerBank") {
            out.insert(
                format!("tier {tid} / per person"),
                LimitEntry {
                    label: format!("{tname} — accounts per person at one bank"),
                    amount: p.get("max").and_then(Value::as_i64).unwrap_or(0),
                    count: true,
                    effective: s(p, "effectiveDate").to_string(),
                    authority: String::new(),
                },
            );
        }
    }
    for level in items(t, "bankLevels") {
        let (lid, lname) = (s(level, "id"), en(&level["name"]));
        for l in items(level, "limits") {
            let label = format!(
                "Bank level {lname} — {} {}",
                s(l, "direction"),
                period_words(s(l, "period"))
            );
            let key = format!("level {lid} / {} / {}", s(l, "direction"), s(l, "period"));
            out.insert(key, entry(label, l));
        }
    }
    out
}

fn amount(e: &LimitEntry) -> String {
    if e.count {
        e.amount.to_string()
    } else {
        yuan(e.amount)
    }
}

fn limit_lines(old: Option<&Value>, new: Option<&Value>) -> Vec<String> {
    let (a, b) = (limits(old), limits(new));
    let mut out = Vec::new();
    for (key, x) in &a {
        match b.get(key) {
            None => out.push(format!("removed  {}: was {}", x.label, amount(x))),
            Some(y) if x != y => {
                let mut line = format!("changed  {}: {} → {}", y.label, amount(x), amount(y));
                if x.effective != y.effective {
                    line.push_str(&format!(" (effective {} → {})", x.effective, y.effective));
                } else if x.amount != y.amount {
                    line.push_str(&format!(
                        " (effective date still {}: is that right?)",
                        y.effective
                    ));
                }
                if x.authority != y.authority {
                    line.push_str(&format!(" (set by {} → {})", x.authority, y.authority));
                }
                out.push(line);
            }
            Some(_) => {}
        }
    }
    for (key, y) in &b {
        if !a.contains_key(key) {
            out.push(format!(
                "added    {}: {} (effective {})",
                y.label,
                amount(y),
                y.effective
            ));
        }
    }
    out
}

/// tiers.json without what `limit_lines` reports.
fn tiers_rest(v: Option<&Value>) -> Value {
    let mut v = v.cloned().unwrap_or(Value::Null);
    if let Some(tiers) = v.get_mut("tiers").and_then(Value::as_array_mut) {
        for t in tiers {
            if let Some(m) = t.as_object_mut() {
                m.remove("balanceCap");
            }
            if let Some(p) = t.get_mut("perPersonPerBank").and_then(Value::as_object_mut) {
                p.remove("max");
                p.remove("effectiveDate");
            }
            if let Some(buckets) = t.get_mut("buckets").and_then(Value::as_array_mut) {
                for b in buckets {
                    if let Some(m) = b.as_object_mut() {
                        m.remove("limits");
                    }
                }
            }
        }
    }
    if let Some(levels) = v.get_mut("bankLevels").and_then(Value::as_array_mut) {
        for l in levels {
            if let Some(m) = l.as_object_mut() {
                m.remove("limits");
            }
        }
    }
    v
}

// ---------------------------------------------------------------------------------------------
// Questionnaires.

fn questions(def: &Value) -> BTreeMap<String, (String, Value)> {
    let mut out = BTreeMap::new();
    for page in items(def, "pages") {
        for q in items(page, "questions") {
            out.insert(
                s(q, "id").to_string(),
                (s(page, "id").to_string(), q.clone()),
            );
        }
    }
    out
}

fn without_questions(def: &Value) -> Value {
    let mut v = def.clone();
    if let Some(pages) = v.get_mut("pages").and_then(Value::as_array_mut) {
        for p in pages {
            if let Some(m) = p.as_object_mut() {
                m.remove("questions");
            }
        }
    }
    if let Some(m) = v.as_object_mut() {
        m.remove("version");
    }
    v
}

fn questionnaire_lines(old: &Files, new: &Files) -> Vec<String> {
    let defs = |f: &Files| -> BTreeMap<String, Value> {
        f.iter()
            .filter(|(k, _)| k.starts_with("questionnaires/"))
            .map(|(_, v)| (s(v, "id").to_string(), v.clone()))
            .collect()
    };
    let (a, b) = (defs(old), defs(new));
    let mut out = Vec::new();
    for (id, x) in &a {
        let Some(y) = b.get(id) else {
            out.push(format!(
                "removed  questionnaire {id} \"{}\" (version {})",
                en(&x["title"]),
                s(x, "version")
            ));
            continue;
        };
        let mut changes = Vec::new();
        let (qa, qb) = (questions(x), questions(y));
        for (qid, (page, q)) in &qa {
            match qb.get(qid) {
                None => changes.push(format!(
                    "question removed: {qid} (page {page}) \"{}\"",
                    en(&q["text"])
                )),
                Some((page2, q2)) => {
                    let mut lines = Vec::new();
                    if page != page2 {
                        lines.push(format!("moved from page {page} to page {page2}"));
                    }
                    generic("", q, q2, &mut lines);
                    for l in lines {
                        changes.push(format!("question changed: {qid}: {l}"));
                    }
                }
            }
        }
        for (qid, (page, q)) in &qb {
            if !qa.contains_key(qid) {
                changes.push(format!(
                    "question added: {qid} (page {page}, {}) \"{}\"",
                    s(q, "type"),
                    en(&q["text"])
                ));
            }
        }
        generic(
            "",
            &without_questions(x),
            &without_questions(y),
            &mut changes,
        );
        if changes.is_empty() && s(x, "version") == s(y, "version") {
            continue;
        }
        let version = if s(x, "version") == s(y, "version") {
            format!(
                "version still {} — NOT BUMPED: callback records name the questionnaire version",
                s(y, "version")
            )
        } else {
            format!("version {} → {}", s(x, "version"), s(y, "version"))
        };
        out.push(format!("changed  questionnaire {id} ({version})"));
        for c in changes {
            out.push(format!("           {c}"));
        }
    }
    for (id, y) in &b {
        if !a.contains_key(id) {
            out.push(format!(
                "added    questionnaire {id} \"{}\" (version {}, {} questions)",
                en(&y["title"]),
                s(y, "version"),
                questions(y).len()
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Calendar.

/// Date → (day off?, holiday name).
fn days(files: &Files) -> BTreeMap<String, (bool, String)> {
    let mut out = BTreeMap::new();
    for (_, v) in files.range("calendar/".to_string()..) {
        for h in items(v, "holidays") {
            for (key, off) in [("off", true), ("work", false)] {
                for d in items(h, key) {
                    out.insert(d.as_str().unwrap_or("").to_string(), (off, en(&h["name"])));
                }
            }
        }
    }
    out.retain(|k, _| !k.is_empty());
    out
}

fn calendar_files(files: &Files) -> BTreeMap<String, Value> {
    files
        .iter()
        .filter(|(k, _)| k.starts_with("calendar/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn calendar_lines(old: &Files, new: &Files) -> Vec<String> {
    let kind = |off: bool| {
        if off {
            "day off"
        } else {
            "working day (调休)"
        }
    };
    let (a, b) = (days(old), days(new));
    let mut out = Vec::new();
    let (ya, yb) = (calendar_files(old), calendar_files(new));
    for (f, v) in &yb {
        if !ya.contains_key(f) {
            out.push(format!(
                "added    year {} ({} holidays)",
                v["year"],
                items(v, "holidays").len()
            ));
        }
    }
    for (f, v) in &ya {
        if !yb.contains_key(f) {
            out.push(format!(
                "removed  year {} — its dates are no longer covered",
                v["year"]
            ));
        }
    }
    for (d, (off, name)) in &a {
        match b.get(d) {
            None => out.push(format!("removed  {d} {} ({name})", kind(*off))),
            Some((off2, name2)) if (off, name) != (off2, name2) => out.push(format!(
                "changed  {d}: {} ({name}) → {} ({name2})",
                kind(*off),
                kind(*off2)
            )),
            Some(_) => {}
        }
    }
    for (d, (off, name)) in &b {
        if !a.contains_key(d) {
            out.push(format!("added    {d} {} ({name})", kind(*off)));
        }
    }
    // Sources, notices and names of files in both.
    for (f, x) in &ya {
        if let Some(y) = yb.get(f) {
            let strip = |v: &Value| {
                let mut v = v.clone();
                if let Some(m) = v.as_object_mut() {
                    m.remove("holidays");
                }
                v
            };
            let mut lines = Vec::new();
            generic("", &strip(x), &strip(y), &mut lines);
            out.extend(lines.into_iter().map(|l| format!("changed  {f}: {l}")));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Messages.

fn messages(files: &Files) -> BTreeMap<String, (String, Value)> {
    let mut out = BTreeMap::new();
    for (f, v) in files.range("messages/".to_string()..) {
        if !f.starts_with("messages/") {
            break;
        }
        for (code, text) in v.as_object().into_iter().flatten() {
            if code != "$schema" {
                out.insert(code.clone(), (f.clone(), text.clone()));
            }
        }
    }
    out
}

fn message_lines(old: &Files, new: &Files) -> Vec<String> {
    let (a, b) = (messages(old), messages(new));
    let text = |v: &Value| format!("{} / {}", preview(&v["zh-CN"]), preview(&v["en"]));
    let mut out = Vec::new();
    for (code, (f, x)) in &a {
        match b.get(code) {
            None => out.push(format!("removed  {code} (was {})", text(x))),
            Some((f2, y)) => {
                for locale in ["zh-CN", "en"] {
                    if x.get(locale) != y.get(locale) {
                        out.push(format!(
                            "changed  {code} ({locale}): {} → {}",
                            preview(&x[locale]),
                            preview(&y[locale])
                        ));
                    }
                }
                if f != f2 {
                    out.push(format!("moved    {code}: {f} → {f2}"));
                }
            }
        }
    }
    for (code, (_, y)) in &b {
        if !a.contains_key(code) {
            out.push(format!("added    {code}: {}", text(y)));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------

fn strip_schema(files: &Files) -> Files {
    let mut out = files.clone();
    for v in out.values_mut() {
        if let Value::Object(m) = v {
            m.remove("$schema");
        }
    }
    out
}

/// The differences between two packs' files (`$schema` keys are not content).
pub fn diff(old: &Files, new: &Files) -> Diff {
    let (old, new) = (strip_schema(old), strip_schema(new));
    let version = |f: &Files| s(f.get("pack.json").unwrap_or(&Value::Null), "version").to_string();
    let (old_version, new_version) = (version(&old), version(&new));
    let mut sections = vec![
        Section {
            title: "Limits and account counts (tiers.json)".into(),
            lines: limit_lines(old.get("tiers.json"), new.get("tiers.json")),
        },
        Section {
            title: "Questionnaires (questionnaires/)".into(),
            lines: questionnaire_lines(&old, &new),
        },
        Section {
            title: "Calendar days (calendar/)".into(),
            lines: calendar_lines(&old, &new),
        },
        Section {
            title: "Messages (messages/)".into(),
            lines: message_lines(&old, &new),
        },
    ];
    // Everything else, file by file: settings and the rest of the data.
    let mut rest = Vec::new();
    let files: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for f in files {
        if ["questionnaires/", "calendar/", "messages/"]
            .iter()
            .any(|p| f.starts_with(p))
        {
            continue;
        }
        let (mut x, mut y) = (
            old.get(f).cloned().unwrap_or(Value::Null),
            new.get(f).cloned().unwrap_or(Value::Null),
        );
        if f == "tiers.json" {
            (x, y) = (tiers_rest(old.get(f)), tiers_rest(new.get(f)));
        }
        if f == "pack.json" {
            for v in [&mut x, &mut y] {
                if let Some(m) = v.as_object_mut() {
                    m.remove("version");
                }
            }
        }
        match (old.contains_key(f), new.contains_key(f)) {
            (false, true) => rest.push(format!("{f}: file added")),
            (true, false) => rest.push(format!("{f}: file removed")),
            _ => {
                let mut lines = Vec::new();
                generic("", &x, &y, &mut lines);
                rest.extend(lines.into_iter().map(|l| format!("{f}  {l}")));
            }
        }
    }
    sections.push(Section {
        title: "Settings and other data (by file and path)".into(),
        lines: rest,
    });
    Diff {
        bump: compare_versions(&old_version, &new_version),
        old_version,
        new_version,
        sections,
    }
}

/// The report as text.
pub fn render(d: &Diff, old_label: &str, new_label: &str) -> String {
    let mut out = format!("Rule-pack changes: {old_label} → {new_label}\n");
    let version = match d.bump {
        Bump::Same => format!("Version: {} (unchanged)", d.new_version),
        Bump::Up => format!("Version: {} → {} (bumped)", d.old_version, d.new_version),
        Bump::Down => format!(
            "Version: {} → {} (LOWER than before)",
            d.old_version, d.new_version
        ),
        Bump::Changed => format!(
            "Version: {} → {} (changed; the two cannot be ordered)",
            d.old_version, d.new_version
        ),
    };
    out.push_str(&version);
    out.push('\n');
    for s in d.sections.iter().filter(|s| !s.lines.is_empty()) {
        out.push_str(&format!("\n{}\n", s.title));
        for l in &s.lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    let (changes, sections) = d.count();
    out.push('\n');
    if changes == 0 {
        out.push_str("No content changes.\n");
    } else {
        out.push_str(&format!("{changes} changes in {sections} sections.\n"));
    }
    if d.needs_bump() {
        out.push_str(&format!(
            "\n!!! WARNING: the content changed but the version {} ({}).\n\
             !!! Tickets, callback records and saved states name the pack version: bump \"version\" in pack.json.\n",
            if d.bump == Bump::Down { "went down" } else { "did not change" },
            d.new_version
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_and_versions() {
        assert_eq!(yuan(1_000_000), "¥10,000");
        assert_eq!(compare_versions("2026.11.1", "2026.12.1"), Bump::Up);
        assert_eq!(compare_versions("2026.11.10", "2026.11.9"), Bump::Down);
        assert_eq!(compare_versions("2026.11", "2026.11.1"), Bump::Up);
        assert_eq!(compare_versions("bank-7", "bank-8"), Bump::Up);
        assert_eq!(compare_versions("7", "seven"), Bump::Changed);
        assert_eq!(compare_versions("1.0", "1.0"), Bump::Same);
    }

    #[test]
    fn generic_matches_ids_and_sets() {
        let a = serde_json::json!({ "l": [{ "id": "a", "v": 1 }, { "id": "b" }], "s": ["x", "y"], "n": 1 });
        let b = serde_json::json!({ "l": [{ "id": "b" }, { "id": "a", "v": 2 }, { "id": "c" }], "s": ["y", "z"], "m": true });
        let mut out = Vec::new();
        generic("", &a, &b, &mut out);
        assert_eq!(
            out,
            [
                "l[id=a].v: 1 → 2",
                "l[id=c]: added {\"id\":\"c\"}",
                "l: order changed",
                "m: added true",
                "n: removed (was 1)",
                "s: added \"z\"; removed \"x\""
            ]
        );
    }

    #[test]
    fn unknown_map_keys_are_not_content() {
        let mut f = Files::new();
        f.insert(
            "pack.json".into(),
            serde_json::json!({ "$schema": "x", "version": "1" }),
        );
        let mut g = f.clone();
        g.get_mut("pack.json").unwrap()["$schema"] = Value::from("y");
        assert!(!diff(&f, &g).content_changed());
    }
}
