//! Passports in the pre-check: the MRZ is parsed by the documents module (ICAO 9303, brief §4.6)
//! and its findings, birth date and masked number are taken over.

use super::Checked;
use crate::ctx::Ctx;
use crate::documents::DocumentRules;
use crate::finding::Severity;
use crate::params;

/// Parse `mrz` and fill `c` (findings re-pathed to `<base>.mrz`).
pub(super) fn check(ctx: &Ctx, docs: &DocumentRules, mrz: &str, base: &str, c: &mut Checked) {
    let res = crate::documents::parse_mrz(ctx, docs, mrz);
    let field = format!("{base}.mrz");
    c.findings.extend(res.findings.into_iter().map(|mut f| {
        f.field = Some(field.clone());
        f
    }));
    let f = &res.fields;
    if let Some(n) = f.document_number.as_deref().filter(|n| !n.is_empty()) {
        c.masked = Some(crate::mask::id_number(n, ctx.settings().id_mask_style));
    }
    if let Some(b) = f
        .birth_date
        .as_deref()
        .and_then(crate::time::parse_date)
        .filter(|b| *b <= ctx.today())
    {
        crate::documents::age_fields(ctx, docs, b, &mut c.fields);
    }
    c.fields.nationality = f.nationality.clone();
    // A PRC passport belongs to a Chinese citizen (settled abroad), not a foreign national (§4.1).
    if f.nationality.as_deref() == Some("CHN") {
        c.findings.push(ctx.finding(
            Severity::Warning,
            "precheck.passport.chinese_citizen",
            &field,
            params![],
        ));
    }
}
