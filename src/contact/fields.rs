//! Field-by-field checks, normalization for comparison, and masking for display.

use super::ContactRules;
use super::{
    Address, ChangeStatus, ContactFields, ContactUpdateInput, EmergencyContact, IdDocument,
};
use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::documents::{self, checks::fold_width, DocumentInput, DocumentResult};
use crate::finding::{Finding, Severity};
use crate::mask;
use crate::params;
use crate::time::{add_years, age_on, iso, parse_date};
use chrono::NaiveDate;

/// One field of the diff before verification is decided.
#[derive(Debug, Clone)]
pub(super) struct Diff {
    pub field: &'static str,
    /// The verification rule (`idExpiry` / `idNumber` for the ID document).
    pub rule: &'static str,
    pub status: ChangeStatus,
    pub no_op: bool,
    pub before: Option<String>,
    pub after: Option<String>,
    pub changed_parts: Vec<String>,
}

/// Push a finding without parameters (one call site instead of many inlined ones).
#[inline(never)]
fn note(ctx: &Ctx, out: &mut Vec<Finding>, severity: Severity, code: &str, path: &str) {
    out.push(ctx.finding(severity, code, path, crate::finding::Params::new()));
}

/// Non-empty parts joined with " · ".
fn dot_join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(p);
    }
    out
}

/// A trimmed, non-empty value.
fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Findings of `documents::validate` re-homed under `path` (`number` is the value itself).
fn rehome(res: &DocumentResult, path: &str, out: &mut Vec<Finding>) {
    for f in &res.findings {
        let mut f = f.clone();
        f.field = Some(match f.field.as_deref() {
            None | Some("number") => path.to_string(),
            Some(other) => format!("{path}.{other}"),
        });
        out.push(f);
    }
}

fn validate(ctx: &Ctx, docs: &DocumentRules, kind: &str, number: &str) -> DocumentResult {
    documents::validate(
        ctx,
        docs,
        &DocumentInput {
            kind: kind.to_string(),
            number: number.to_string(),
            ..Default::default()
        },
    )
}

/// A checked value: its comparison key and its masked display.
struct Checked {
    key: String,
    masked: String,
}

fn compact(s: &str) -> String {
    fold_width(s)
        .0
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')'))
        .collect()
}

fn check_mobile(
    ctx: &Ctx,
    docs: &DocumentRules,
    raw: &str,
    path: Option<&str>,
    out: &mut Vec<Finding>,
) -> Checked {
    let res = validate(ctx, docs, "cn_mobile", raw);
    if let Some(p) = path {
        rehome(&res, p, out);
    }
    let digits: String = compact(raw).chars().filter(char::is_ascii_digit).collect();
    let masked = res.masked.clone().unwrap_or_else(|| mask::mobile(&digits));
    let key = res.normalized.clone().unwrap_or_else(|| compact(raw));
    Checked { key, masked }
}

fn check_email(
    ctx: &Ctx,
    docs: &DocumentRules,
    raw: &str,
    path: Option<&str>,
    out: &mut Vec<Finding>,
) -> Checked {
    let res = validate(ctx, docs, "email", raw);
    if let Some(p) = path {
        rehome(&res, p, out);
    }
    let masked = res
        .masked
        .clone()
        .unwrap_or_else(|| mask::email(raw.trim()));
    let key = res
        .normalized
        .clone()
        .unwrap_or_else(|| raw.trim().to_string());
    Checked { key, masked }
}

/// Mainland landline: optional `+86`/`0086`, then `0` + area code and local number, 10 to 12
/// digits in all; an extension may follow `#`, `ext` or `转`.
fn check_landline(ctx: &Ctx, raw: &str, path: Option<&str>, out: &mut Vec<Finding>) -> Checked {
    let c = compact(raw).to_ascii_lowercase();
    let (main, ext) = match c.find(['#', '转']).or_else(|| c.find("ext")) {
        Some(i) => (
            &c[..i],
            c[i..].trim_start_matches(['#', '转', 'e', 'x', 't']),
        ),
        None => (c.as_str(), ""),
    };
    let national = if let Some(rest) = main
        .strip_prefix("+86")
        .or_else(|| main.strip_prefix("0086"))
    {
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        main.to_string()
    };
    let ok = national.starts_with('0')
        && (10..=12).contains(&national.len())
        && national.bytes().all(|b| b.is_ascii_digit())
        && ext.len() <= 6
        && ext.bytes().all(|b| b.is_ascii_digit());
    if !ok {
        if let Some(p) = path {
            note(ctx, out, Severity::Error, "contact.landline.format", p);
        }
    }
    let key = if ext.is_empty() {
        national.clone()
    } else {
        format!("{national}#{ext}")
    };
    Checked {
        key,
        masked: mask::landline(&national),
    }
}

/// Province code for a province as typed: its code, its zh-CN or en name, or the start of its
/// zh-CN name (`广西` for 广西壮族自治区).
fn province_code(docs: &DocumentRules, s: &str) -> Option<String> {
    let t = s.trim();
    let provinces = &docs.provinces;
    if provinces.contains_key(t) {
        return Some(t.to_string());
    }
    provinces
        .iter()
        .find(|(_, n)| {
            n.zh_cn == t
                || n.en.eq_ignore_ascii_case(t)
                || (t.chars().count() >= 2 && n.zh_cn.starts_with(t))
        })
        .map(|(c, _)| c.clone())
}

fn address_part<'a>(a: &'a Address, part: &str) -> Option<&'a str> {
    text(match part {
        "province" => &a.province,
        "city" => &a.city,
        "district" => &a.district,
        "detail" => &a.detail,
        _ => &a.postcode,
    })
}

// Plain loops instead of iterator chains collected into vectors: each chain is its own generic
// instantiation in the WASM, a loop shares `Vec::push`.
fn address_key(a: &Address) -> Vec<(&'static str, String)> {
    let mut out = Vec::with_capacity(5);
    for p in ["province", "city", "district", "detail", "postcode"] {
        out.push((
            p,
            address_part(a, p)
                .map(|v| fold_width(v).0)
                .unwrap_or_default(),
        ));
    }
    out
}

fn check_address(
    ctx: &Ctx,
    rules: &ContactRules,
    docs: &DocumentRules,
    field: &str,
    a: &Address,
    path: Option<&str>,
    out: &mut Vec<Finding>,
) -> String {
    if let Some(p) = path {
        if let Some(rule) = super::rules::lookup(&rules.addresses, field) {
            for part in &rule.required {
                if address_part(a, part).is_none() {
                    out.push(ctx.finding(
                        Severity::Error,
                        "contact.address.missing",
                        &format!("{p}.{part}"),
                        params![("part", part.as_str())],
                    ));
                }
            }
        }
        let code = address_part(a, "province").map(|pr| (pr, province_code(docs, pr)));
        if let Some((_, None)) = code {
            note(
                ctx,
                out,
                Severity::Warning,
                "contact.address.province_unknown",
                &format!("{p}.province"),
            );
        }
        if let Some(pc) = address_part(a, "postcode") {
            let pc = fold_width(pc).0;
            if pc.len() != 6 || !pc.bytes().all(|b| b.is_ascii_digit()) {
                note(
                    ctx,
                    out,
                    Severity::Error,
                    "contact.address.postcode_format",
                    &format!("{p}.postcode"),
                );
            } else if let Some((_, Some(code))) = &code {
                if let Some(prefixes) =
                    super::rules::lookup(&rules.postcodes.prefixes, code.as_str())
                {
                    if !prefixes.iter().any(|x| pc.starts_with(x.as_str())) {
                        out.push(ctx.finding(
                            rules.postcodes.severity,
                            "contact.address.postcode_province",
                            &format!("{p}.postcode"),
                            params![("confidence", rules.postcodes.confidence.as_str())],
                        ));
                    }
                }
            }
        }
    }
    let part = |n: &str| address_part(a, n).unwrap_or("");
    mask::address(
        part("province"),
        part("city"),
        part("district"),
        part("detail"),
    )
}

/// The emergency contact: masked display and comparison key.
fn check_emergency(
    ctx: &Ctx,
    rules: &ContactRules,
    docs: &DocumentRules,
    e: &EmergencyContact,
    own: &[String],
    path: Option<&str>,
    out: &mut Vec<Finding>,
) -> (String, Vec<(&'static str, String)>) {
    if let Some(p) = path {
        for (part, v) in [
            ("name", &e.name),
            ("relationship", &e.relationship),
            ("mobile", &e.mobile),
        ] {
            if text(v).is_none() {
                out.push(ctx.finding(
                    Severity::Error,
                    "contact.emergency.missing",
                    &format!("{p}.{part}"),
                    params![("part", part)],
                ));
            }
        }
        if let Some(r) = text(&e.relationship) {
            if !rules.relationships.iter().any(|x| x == r) {
                note(
                    ctx,
                    out,
                    Severity::Error,
                    "contact.emergency.relationship",
                    &format!("{p}.relationship"),
                );
            }
        }
    }
    let mobile = text(&e.mobile).map(|m| {
        let path = path.map(|p| format!("{p}.mobile"));
        let c = check_mobile(ctx, docs, m, path.as_deref(), out);
        if let Some(p) = &path {
            if own.contains(&c.key) {
                note(ctx, out, Severity::Error, "contact.emergency.own_number", p);
            }
        }
        c
    });
    let name = text(&e.name).map(mask::name);
    let relationship = text(&e.relationship).map(|r| {
        if rules.relationships.iter().any(|x| x == r) {
            super::name(ctx, "contact.relationship", r)
        } else {
            "—".to_string()
        }
    });
    let display = [
        name.unwrap_or_default(),
        relationship.unwrap_or_default(),
        mobile
            .as_ref()
            .map(|m| m.masked.clone())
            .unwrap_or_default(),
    ];
    let key = vec![
        ("name", text(&e.name).unwrap_or("").to_string()),
        (
            "relationship",
            text(&e.relationship).unwrap_or("").to_string(),
        ),
        ("mobile", mobile.map(|m| m.key).unwrap_or_default()),
    ];
    (dot_join(&display), key)
}

use crate::documents::validity::{parse_expiry, Expiry};

/// Does an expiry fit a holder born on `birth` under the validity bands of `kind` (`documents.json`
/// `validity`, §0.3, §4.2)? True when
/// some issue date on or before today (and not before birth) gives exactly this expiry.
fn expiry_fits(
    ctx: &Ctx,
    docs: &DocumentRules,
    kind: &str,
    birth: NaiveDate,
    expiry: Expiry,
) -> Option<bool> {
    let validity = &docs.validity;
    let doc_kind = documents::DocumentKind::parse(kind)?;
    let bands = validity.bands.get(kind)?;
    let today = ctx.today();
    if birth > today {
        return None;
    }
    Some(match expiry {
        // Long-term cards are issued from the long-term band's age: the holder must have reached it.
        Expiry::LongTerm => bands
            .iter()
            .filter(|b| b.years.is_none())
            .any(|b| age_on(birth, today) >= b.from_age),
        Expiry::Date(e) => bands.iter().filter_map(|b| b.years).any(|years| {
            add_years(e, -years).is_some_and(|issue| {
                issue <= today
                    && issue >= birth
                    && validity.expected(doc_kind, age_on(birth, issue)) == Some(Some(years))
            })
        }),
    })
}

struct IdChecked {
    masked: String,
    kind: String,
    number_key: String,
    expiry_key: String,
    birth: Option<NaiveDate>,
}

fn check_id(
    ctx: &Ctx,
    docs: &DocumentRules,
    d: &IdDocument,
    path: Option<&str>,
    out: &mut Vec<Finding>,
) -> IdChecked {
    if let Some(p) = path {
        for (part, v) in [
            ("kind", &d.kind),
            ("number", &d.number),
            ("expiryDate", &d.expiry_date),
        ] {
            if text(v).is_none() {
                out.push(ctx.finding(
                    Severity::Error,
                    "contact.id.missing",
                    &format!("{p}.{part}"),
                    params![("part", part)],
                ));
            }
        }
    }
    let kind = text(&d.kind).unwrap_or("").to_string();
    let number = text(&d.number).unwrap_or("");
    let res = (!kind.is_empty() && !number.is_empty()).then(|| validate(ctx, docs, &kind, number));
    if let (Some(res), Some(p)) = (&res, path) {
        rehome(res, &format!("{p}.number"), out);
    }
    let raw_key = compact(number).to_ascii_uppercase();
    let number_key = res
        .as_ref()
        .and_then(|r| r.normalized.clone())
        .unwrap_or(raw_key.clone());
    let masked_number = res
        .as_ref()
        .and_then(|r| r.masked.clone())
        .unwrap_or_else(|| mask::id_number(&raw_key, ctx.settings().id_mask_style));
    let birth = res
        .as_ref()
        .and_then(|r| r.fields.birth_date.as_deref())
        .and_then(parse_date);
    let expiry = text(&d.expiry_date).map(|s| (s, parse_expiry(s)));
    let expiry_path = path.map(|p| format!("{p}.expiryDate"));
    if let (Some(p), Some((_, parsed))) = (&expiry_path, expiry) {
        match parsed {
            None => note(ctx, out, Severity::Error, "contact.id.expiry_format", p),
            Some(Expiry::Date(e)) if e < ctx.today() => {
                note(ctx, out, Severity::Error, "contact.id.expired", p);
            }
            Some(e) => {
                if let Some(false) = birth.and_then(|b| expiry_fits(ctx, docs, &kind, b, e)) {
                    note(ctx, out, Severity::Warning, "contact.id.expiry_age", p);
                }
            }
        }
    }
    let expiry_key = match expiry {
        Some((_, Some(Expiry::Date(e)))) => iso(e),
        Some((_, Some(Expiry::LongTerm))) => "long_term".to_string(),
        Some((raw, None)) => raw.to_string(),
        None => String::new(),
    };
    let kind_name = if kind.is_empty() {
        String::new()
    } else {
        let label = super::name(ctx, "ui.kind", &kind);
        if label.starts_with("ui.") {
            kind.clone()
        } else {
            label
        }
    };
    let expiry_text = match expiry {
        Some((_, Some(Expiry::Date(e)))) => {
            ctx.finding(
                Severity::Info,
                "contact.id.valid_until",
                "",
                params![("date", iso(e))],
            )
            .message
        }
        Some((_, Some(Expiry::LongTerm))) => ctx.text("contact.id.long_term"),
        _ => String::new(),
    };
    let masked = dot_join(&[
        kind_name,
        if number.is_empty() {
            String::new()
        } else {
            masked_number
        },
        expiry_text,
    ]);
    IdChecked {
        masked,
        kind,
        number_key,
        expiry_key,
        birth,
    }
}

/// Age of the holder at `today`, from the ID document on file (or the proposed one).
pub(super) fn holder_age(
    ctx: &Ctx,
    docs: &DocumentRules,
    input: &ContactUpdateInput,
) -> Option<i32> {
    let mut scratch = Vec::new();
    for d in [&input.current.id_document, &input.proposed.id_document]
        .into_iter()
        .flatten()
    {
        if let Some(b) = check_id(ctx, docs, d, None, &mut scratch)
            .birth
            .filter(|b| *b <= ctx.today())
        {
            return Some(age_on(b, ctx.today()));
        }
    }
    None
}

fn status(before: &Option<String>, same: bool) -> (ChangeStatus, bool) {
    match (before, same) {
        (None, _) => (ChangeStatus::Added, false),
        (Some(_), true) => (ChangeStatus::Unchanged, true),
        (Some(_), false) => (ChangeStatus::Changed, false),
    }
}

fn parts_changed(a: &[(&'static str, String)], b: &[(&'static str, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(b) {
        if x.1 != y.1 {
            out.push(x.0.to_string());
        }
    }
    out
}

fn simple(field: &'static str, cur: Option<Checked>, new: Checked) -> Diff {
    let same = cur.as_ref().is_some_and(|c| c.key == new.key);
    let before = cur.map(|c| c.masked);
    let (status, no_op) = status(&before, same);
    Diff {
        field,
        rule: field,
        status,
        no_op,
        before,
        after: Some(new.masked),
        changed_parts: vec![],
    }
}

fn empty_value(
    ctx: &Ctx,
    field: &'static str,
    before: Option<String>,
    out: &mut Vec<Finding>,
) -> Diff {
    note(
        ctx,
        out,
        Severity::Error,
        "contact.value_missing",
        &format!("proposed.{field}"),
    );
    let (status, _) = status(&before, false);
    Diff {
        field,
        rule: field,
        status,
        no_op: false,
        before,
        after: None,
        changed_parts: vec![],
    }
}

/// The diff of every field present in `proposed`, in display order, with the findings about the
/// proposed values (and about an ID on file that has expired).
pub(super) fn diff(
    ctx: &Ctx,
    rules: &ContactRules,
    docs: &DocumentRules,
    input: &ContactUpdateInput,
    out: &mut Vec<Finding>,
) -> Vec<Diff> {
    let mut d = Differ {
        ctx,
        rules,
        docs,
        cur: &input.current,
        new: &input.proposed,
        out,
        quiet: Vec::new(),
        diffs: Vec::new(),
    };
    let own = d.phone_and_email();
    d.addresses();
    d.emergency_contact(&own);
    d.id_document();
    d.current_id_expiry();
    d.occupation();
    d.diffs
}

/// One diff in progress: what it reads, the findings about the proposed values (`out`), and the
/// diffs so far. Values on file are checked too (for their masks and keys) into `quiet`, which
/// nobody reads: the customer is not told about what they are replacing.
struct Differ<'a, 'o> {
    ctx: &'a Ctx<'a>,
    rules: &'a ContactRules,
    docs: &'a DocumentRules,
    cur: &'a ContactFields,
    new: &'a ContactFields,
    out: &'o mut Vec<Finding>,
    quiet: Vec<Finding>,
    diffs: Vec<Diff>,
}

/// The ID document on file, if one is given.
fn current_id(cur: &ContactFields) -> Option<&IdDocument> {
    cur.id_document
        .as_ref()
        .filter(|d| **d != IdDocument::default())
}

impl Differ<'_, '_> {
    /// Mobile, landline and e-mail. Returns the keys of the customer's own mobile numbers (an
    /// emergency contact must be someone else).
    fn phone_and_email(&mut self) -> Vec<String> {
        let (ctx, docs, cur, new) = (self.ctx, self.docs, self.cur, self.new);
        let current_mobile =
            text(&cur.mobile).map(|m| check_mobile(ctx, docs, m, None, &mut self.quiet));
        let mut own: Vec<String> = Vec::new();
        if let Some(c) = &current_mobile {
            own.push(c.key.clone());
        }
        if let Some(raw) = new.mobile.as_ref() {
            match text(&Some(raw.clone())) {
                Some(m) => {
                    let checked = check_mobile(ctx, docs, m, Some("proposed.mobile"), self.out);
                    own.push(checked.key.clone());
                    self.diffs.push(simple("mobile", current_mobile, checked));
                }
                None => self.diffs.push(empty_value(
                    ctx,
                    "mobile",
                    current_mobile.map(|c| c.masked),
                    self.out,
                )),
            }
        }
        if let Some(raw) = new.landline.as_ref() {
            let before = text(&cur.landline).map(|v| check_landline(ctx, v, None, &mut self.quiet));
            match text(&Some(raw.clone())) {
                Some(v) => self.diffs.push(simple(
                    "landline",
                    before,
                    check_landline(ctx, v, Some("proposed.landline"), self.out),
                )),
                None => self.diffs.push(empty_value(
                    ctx,
                    "landline",
                    before.map(|c| c.masked),
                    self.out,
                )),
            }
        }
        if let Some(raw) = new.email.as_ref() {
            let before = text(&cur.email).map(|v| check_email(ctx, docs, v, None, &mut self.quiet));
            match text(&Some(raw.clone())) {
                Some(v) => self.diffs.push(simple(
                    "email",
                    before,
                    check_email(ctx, docs, v, Some("proposed.email"), self.out),
                )),
                None => self.diffs.push(empty_value(
                    ctx,
                    "email",
                    before.map(|c| c.masked),
                    self.out,
                )),
            }
        }
        own
    }

    /// The residential and mailing addresses, part by part.
    fn addresses(&mut self) {
        let (ctx, rules, docs, cur, new) = (self.ctx, self.rules, self.docs, self.cur, self.new);
        for (field, c, n) in [
            (
                "residentialAddress",
                &cur.residential_address,
                &new.residential_address,
            ),
            ("mailingAddress", &cur.mailing_address, &new.mailing_address),
        ] {
            let Some(n) = n else { continue };
            let c = c.as_ref().filter(|a| **a != Address::default());
            let path = format!("proposed.{field}");
            let after = check_address(ctx, rules, docs, field, n, Some(&path), self.out);
            let before =
                c.map(|a| check_address(ctx, rules, docs, field, a, None, &mut self.quiet));
            let changed_parts = match c {
                Some(a) => parts_changed(&address_key(a), &address_key(n)),
                None => vec![],
            };
            let (status, no_op) = status(&before, changed_parts.is_empty());
            self.diffs.push(Diff {
                field,
                rule: field,
                status,
                no_op,
                before,
                after: Some(after),
                changed_parts,
            });
        }
    }

    /// The emergency contact (not one of the customer's own numbers).
    fn emergency_contact(&mut self, own: &[String]) {
        let (ctx, rules, docs, cur, new) = (self.ctx, self.rules, self.docs, self.cur, self.new);
        if let Some(n) = &new.emergency_contact {
            let c = cur
                .emergency_contact
                .as_ref()
                .filter(|e| **e != EmergencyContact::default());
            let (after, new_key) = check_emergency(
                ctx,
                rules,
                docs,
                n,
                own,
                Some("proposed.emergencyContact"),
                self.out,
            );
            let before =
                c.map(|e| check_emergency(ctx, rules, docs, e, &[], None, &mut self.quiet));
            let changed_parts = before
                .as_ref()
                .map(|(_, k)| parts_changed(k, &new_key))
                .unwrap_or_default();
            let before_text = before.map(|(t, _)| t);
            let (status, no_op) = status(&before_text, changed_parts.is_empty());
            self.diffs.push(Diff {
                field: "emergencyContact",
                rule: "emergencyContact",
                status,
                no_op,
                before: before_text,
                after: Some(after),
                changed_parts,
            });
        }
    }

    /// The ID document: a new number, or only a new expiry date (a lighter rule).
    fn id_document(&mut self) {
        let (ctx, docs, cur, new) = (self.ctx, self.docs, self.cur, self.new);
        let cur_id = current_id(cur);
        if let Some(n) = &new.id_document {
            let after = check_id(ctx, docs, n, Some("proposed.idDocument"), self.out);
            let before = cur_id.map(|d| check_id(ctx, docs, d, None, &mut self.quiet));
            let mut changed_parts = Vec::new();
            if let Some(b) = &before {
                for (part, x, y) in [
                    ("kind", &b.kind, &after.kind),
                    ("number", &b.number_key, &after.number_key),
                    ("expiryDate", &b.expiry_key, &after.expiry_key),
                ] {
                    if x != y {
                        changed_parts.push(part.to_string());
                    }
                }
            }
            let rule = if before.is_some() && changed_parts.iter().all(|p| p == "expiryDate") {
                "idExpiry"
            } else {
                "idNumber"
            };
            let before_text = before.map(|b| b.masked);
            let (status, no_op) = status(&before_text, changed_parts.is_empty());
            self.diffs.push(Diff {
                field: "idDocument",
                rule,
                status,
                no_op,
                before: before_text,
                after: Some(after.masked),
                changed_parts,
            });
        }
    }

    /// An ID on file that has expired or expires soon, with no new one proposed (§6: chase
    /// expiry).
    fn current_id_expiry(&mut self) {
        let (ctx, docs) = (self.ctx, self.docs);
        let cur_id = current_id(self.cur);
        // An ID on file that has expired or expires soon, with no new one proposed (§6: chase expiry).
        let id_updated = self
            .diffs
            .iter()
            .any(|d| d.field == "idDocument" && !d.no_op);
        if let (Some(d), false) = (cur_id, id_updated) {
            if let Some(Expiry::Date(e)) = text(&d.expiry_date).and_then(parse_expiry) {
                let days = (e - ctx.today()).num_days();
                if days < 0 {
                    note(
                        ctx,
                        self.out,
                        Severity::Warning,
                        "contact.id.current_expired",
                        "current.idDocument.expiryDate",
                    );
                } else if days <= i64::from(docs.expiring_soon_days) {
                    self.out.push(ctx.finding(
                        Severity::Info,
                        "contact.id.current_expiring_soon",
                        "current.idDocument.expiryDate",
                        params![("days", days)],
                    ));
                }
            }
        }
    }

    /// The occupation, from the pack's list.
    fn occupation(&mut self) {
        let (ctx, rules, cur, new) = (self.ctx, self.rules, self.cur, self.new);
        if let Some(raw) = new.occupation.as_ref() {
            let name = |id: &str| -> Checked {
                let known = rules.occupations.ids.iter().any(|x| x == id);
                let masked = if known {
                    super::name(ctx, "contact.occupation", id)
                } else {
                    "—".to_string()
                };
                Checked {
                    key: id.to_string(),
                    masked,
                }
            };
            let before = text(&cur.occupation).map(name);
            match text(&Some(raw.clone())) {
                Some(v) => {
                    if !rules.occupations.ids.iter().any(|x| x == v) {
                        note(
                            ctx,
                            self.out,
                            Severity::Error,
                            "contact.occupation_not_listed",
                            "proposed.occupation",
                        );
                    }
                    self.diffs.push(simple("occupation", before, name(v)));
                }
                None => self.diffs.push(empty_value(
                    ctx,
                    "occupation",
                    before.map(|c| c.masked),
                    self.out,
                )),
            }
        }
    }
}

/// `fields` reduced to the changed fields of `changed`.
pub(super) fn only_changed(f: &ContactFields, changed: &[&Diff]) -> ContactFields {
    let has = |name: &str| changed.iter().any(|d| d.field == name);
    let mut out = f.clone();
    if !has("mobile") {
        out.mobile = None;
    }
    if !has("landline") {
        out.landline = None;
    }
    if !has("email") {
        out.email = None;
    }
    if !has("residentialAddress") {
        out.residential_address = None;
    }
    if !has("mailingAddress") {
        out.mailing_address = None;
    }
    if !has("emergencyContact") {
        out.emergency_contact = None;
    }
    if !has("idDocument") {
        out.id_document = None;
    }
    if !has("occupation") {
        out.occupation = None;
    }
    out
}
