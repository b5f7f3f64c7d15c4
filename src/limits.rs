//! `inputLimits()`: what a host page needs to build its fields without literals of its own: the
//! document kinds `validateDocument` knows (with their longest accepted input and whether their
//! number carries the birth date), and the longest text each capability accepts. The values are the
//! core's own bounds, so the page's `maxlength` and the core's refusal never disagree.

use crate::desk::FrontDesk;
use crate::documents::DocumentKind;
use serde::Serialize;

/// One kind of `validateDocument`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DocumentKindLimits {
    pub kind: &'static str,
    /// Longest number (or address) accepted, in characters.
    pub max_chars: usize,
    /// Whether issue and expiry dates mean anything for this kind.
    pub has_validity: bool,
    /// Whether it is a person's identity document (not a business licence, a mobile or an e-mail):
    /// what a form offers for "your ID document".
    pub identity: bool,
    /// Whether the number itself carries the holder's birth date (resident ID, residence permits,
    /// the permanent-residence ID): a form asks for a birth date only for kinds where it does not.
    pub carries_birth_date: bool,
}

/// Answer of `inputLimits`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct InputLimits {
    /// Every kind `validateDocument` accepts, in the order a form lists them.
    pub document_kinds: Vec<DocumentKindLimits>,
    /// Longest text `parseMrz` reads.
    pub mrz_max_chars: usize,
    /// Longest text `parseAmount` / `parseCount` read.
    pub number_max_chars: usize,
    /// Longest free text of a pre-check form (names, purpose, city).
    #[cfg(feature = "precheck")]
    pub precheck_text_chars: u32,
    /// Longest text answer of a questionnaire.
    #[cfg(feature = "questionnaire")]
    pub questionnaire_text_chars: u32,
    /// Longest text per contact-update field (`mobile`, `email`, `detail`, `postcode`, …; any other
    /// field: `other`).
    #[cfg(feature = "contact")]
    pub contact_chars: std::collections::BTreeMap<&'static str, usize>,
    /// Largest `days` of `addWorkingDays`.
    #[cfg(feature = "calendar")]
    pub max_working_days: i64,
}

fn carries_birth_date(kind: DocumentKind) -> bool {
    matches!(
        kind,
        DocumentKind::CnResidentId
            | DocumentKind::HmtResidencePermit
            | DocumentKind::ForeignPermanentResidenceId
    )
}

/// The limits of this build and rule pack.
pub fn input_limits(desk: &FrontDesk) -> InputLimits {
    let _ = desk;
    #[cfg(feature = "contact")]
    let contact_chars = {
        let mut m = std::collections::BTreeMap::new();
        for k in [
            "mobile", "landline", "email", "detail", "postcode", "number", "other",
        ] {
            m.insert(k, crate::contact::max_chars(k));
        }
        m
    };
    InputLimits {
        document_kinds: DocumentKind::ALL
            .iter()
            .map(|&k| DocumentKindLimits {
                kind: k.name(),
                max_chars: k.max_chars(),
                has_validity: k.has_validity(),
                identity: k.has_validity() && k != DocumentKind::Uscc,
                carries_birth_date: carries_birth_date(k),
            })
            .collect(),
        mrz_max_chars: crate::documents::mrz::MAX_TEXT_CHARS,
        number_max_chars: crate::amount::MAX_TEXT_CHARS,
        #[cfg(feature = "precheck")]
        precheck_text_chars: desk.pack.precheck.rules.settings.max_text_chars,
        #[cfg(feature = "questionnaire")]
        questionnaire_text_chars: desk.pack().questionnaires.settings.max_text_chars,
        #[cfg(feature = "contact")]
        contact_chars,
        #[cfg(feature = "calendar")]
        max_working_days: crate::calendar::MAX_WORKING_DAYS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_cores_own() {
        let desk =
            FrontDesk::with_default_pack("2026-11-23T10:00:00+08:00", crate::Locale::En).unwrap();
        let l = input_limits(&desk);
        assert_eq!(l.document_kinds.len(), DocumentKind::ALL.len());
        let id = &l.document_kinds[0];
        assert_eq!(id.kind, "cn_resident_id");
        assert!(id.carries_birth_date && id.has_validity);
        let permit = l
            .document_kinds
            .iter()
            .find(|k| k.kind == "hk_macao_travel_permit")
            .unwrap();
        assert!(!permit.carries_birth_date);
        #[cfg(feature = "contact")]
        assert_eq!(l.contact_chars["mobile"], 32);
    }
}
