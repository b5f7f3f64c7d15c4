//! `inputLimits()`: what a host page needs to build its fields without literals of its own: the
//! document kinds `validateDocument` knows (with their longest accepted input and whether their
//! number carries the birth date), and the longest text each capability accepts. The values are the
//! core's own bounds, so the page's `maxlength` and the core's refusal never disagree.
//!
//! The answer is built as a JSON value rather than serialized from structs: its shape is fixed and
//! small, and a derived serializer per struct cost more of the package than the whole method (its
//! TypeScript type, `InputLimits`, is declared in `bindings/amount.rs`).

use crate::desk::FrontDesk;
use crate::documents::DocumentKind;
use serde_json::{json, Map, Value};

/// Whether the number itself carries the holder's birth date (resident ID, residence permits, the
/// permanent-residence ID): a form asks for a birth date only for kinds where it does not.
fn carries_birth_date(kind: DocumentKind) -> bool {
    matches!(
        kind,
        DocumentKind::CnResidentId
            | DocumentKind::HmtResidencePermit
            | DocumentKind::ForeignPermanentResidenceId
    )
}

/// The limits of this build and rule pack:
/// `{ documentKinds: [{ kind, maxChars, hasValidity, identity, carriesBirthDate }], mrzMaxChars,
/// numberMaxChars, precheckTextChars?, questionnaireTextChars?, contactChars?: { field: chars },
/// maxWorkingDays? }` (the optional ones when the build has the capability). `identity`: a
/// person's identity document (not a business licence, a mobile or an e-mail), what a form offers
/// for "your ID document".
pub fn input_limits(desk: &FrontDesk) -> Value {
    let kinds: Vec<Value> = DocumentKind::ALL
        .iter()
        .map(|&k| {
            json!({
                "kind": k.name(),
                "maxChars": k.max_chars(),
                "hasValidity": k.has_validity(),
                "identity": k.has_validity() && k != DocumentKind::Uscc,
                "carriesBirthDate": carries_birth_date(k),
            })
        })
        .collect();
    let mut out = Map::new();
    out.insert("documentKinds".into(), Value::from(kinds));
    out.insert(
        "mrzMaxChars".into(),
        Value::from(crate::documents::mrz::MAX_TEXT_CHARS),
    );
    out.insert(
        "numberMaxChars".into(),
        Value::from(crate::documents::amount::MAX_TEXT_CHARS),
    );
    #[cfg(feature = "precheck")]
    out.insert(
        "precheckTextChars".into(),
        Value::from(desk.pack.precheck().rules.settings.max_text_chars),
    );
    #[cfg(feature = "questionnaire")]
    out.insert(
        "questionnaireTextChars".into(),
        Value::from(desk.pack().questionnaires().settings.max_text_chars),
    );
    #[cfg(feature = "contact")]
    {
        let mut m = Map::new();
        for k in [
            "mobile", "landline", "email", "detail", "postcode", "number", "other",
        ] {
            m.insert(k.into(), Value::from(crate::contact::max_chars(k)));
        }
        out.insert("contactChars".into(), Value::Object(m));
    }
    #[cfg(feature = "calendar")]
    out.insert(
        "maxWorkingDays".into(),
        Value::from(crate::calendar::MAX_WORKING_DAYS),
    );
    let _ = desk;
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_cores_own() {
        let desk =
            FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", crate::Locale::En).unwrap();
        let l = input_limits(&desk);
        let kinds = l["documentKinds"].as_array().unwrap();
        assert_eq!(kinds.len(), DocumentKind::ALL.len());
        assert_eq!(kinds[0]["kind"], "cn_resident_id");
        assert_eq!(kinds[0]["carriesBirthDate"], true);
        assert_eq!(kinds[0]["identity"], true);
        let permit = kinds
            .iter()
            .find(|k| k["kind"] == "hk_macao_travel_permit")
            .unwrap();
        assert_eq!(permit["carriesBirthDate"], false);
        assert_eq!(l["mrzMaxChars"], crate::documents::mrz::MAX_TEXT_CHARS);
        #[cfg(feature = "contact")]
        assert_eq!(l["contactChars"]["mobile"], 32);
    }
}
