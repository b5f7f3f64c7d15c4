//! Words several capabilities share, named once: the channels a customer is served through and
//! the customer's risk level. (Sets a bank's rule pack can extend — tier ids, account types,
//! transaction channels, questionnaire ids — are ids in the pack; their TypeScript names, known
//! values plus any string, are declared once in `bindings/mod.rs`.)
//!
//! A callback questionnaire runs in the app, at a kiosk, by phone or by SMS; a contact-detail
//! change is made in the app, at a kiosk, at a counter or during a phone call. These are the same
//! places, so they have one spelling each (`in_app`, `kiosk`, `counter`, `phone`, `sms`), named
//! here once; each capability accepts the subset it serves (`questionnaire::CHANNELS`,
//! `contact::CHANNELS`).
//!
//! Until 2026-12 the contact capability spelled two of them `app` and `phone_callback`. Those
//! spellings are still read on input (arguments, saved drafts, a bank's `contact.json` keys) as
//! deprecated aliases; every output writes the canonical spelling.

use serde::Serialize;

/// Where the customer is served: `in_app` (the bank's mobile app or web page), `kiosk`
/// (self-service machine), `counter` (a branch counter), `phone` (a call with an agent), `sms`.
/// Each method accepts the subset it serves (`QuestionnaireChannel`, `ContactChannel`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum Channel {
    #[default]
    InApp,
    Kiosk,
    Counter,
    Phone,
    Sms,
}

/// The customer's risk level, as the bank rates it: what a periodic callback's interval depends on
/// (`callbackPlan`) and what a questionnaire's conditions may test (`context.riskLevel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl crate::jsonout::WriteJson for Channel {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.str(self.id());
    }
}

impl RiskLevel {
    /// The JSON name (`low`, `medium`, `high`).
    pub fn id(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
}

impl crate::jsonout::WriteJson for RiskLevel {
    fn write_json(&self, out: &mut crate::jsonout::JsonOut) {
        out.str(self.id());
    }
}

impl Channel {
    /// The canonical spelling.
    pub fn id(self) -> &'static str {
        match self {
            Channel::InApp => "in_app",
            Channel::Kiosk => "kiosk",
            Channel::Counter => "counter",
            Channel::Phone => "phone",
            Channel::Sms => "sms",
        }
    }

    /// A channel among `allowed`, by its canonical spelling or a deprecated one: `app` (→ `in_app`)
    /// and `phone_callback` (→ `phone`), the contact capability's spellings before 2026-12.
    pub fn parse_in(s: &str, allowed: &[Channel]) -> Option<Channel> {
        let c = match s {
            "in_app" | "app" => Channel::InApp,
            "kiosk" => Channel::Kiosk,
            "counter" => Channel::Counter,
            "phone" | "phone_callback" => Channel::Phone,
            "sms" => Channel::Sms,
            _ => return None,
        };
        allowed.contains(&c).then_some(c)
    }

    /// Whether `s` is a deprecated spelling (`app`, `phone_callback`).
    pub fn is_deprecated(s: &str) -> bool {
        matches!(s, "app" | "phone_callback")
    }

    /// The optional channel at `key` of an object being read, among `allowed`; anything else is
    /// the reader's error at `key` saying `expected` (e.g. "expected in_app, kiosk, phone or sms").
    pub fn read(
        o: &crate::jsonread::Obj,
        key: &str,
        allowed: &[Channel],
        expected: &str,
    ) -> Option<Channel> {
        let s = o.opt_str(key)?;
        let c = Channel::parse_in(&s, allowed);
        if c.is_none() {
            o.fail(key, expected);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_spelling_each_and_the_deprecated_aliases() {
        let all = &[
            Channel::InApp,
            Channel::Kiosk,
            Channel::Counter,
            Channel::Phone,
            Channel::Sms,
        ];
        for &c in all {
            assert_eq!(Channel::parse_in(c.id(), all), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.id());
            assert_eq!(crate::jsonout::text(&c), serde_json::to_string(&c).unwrap());
        }
        assert_eq!(Channel::parse_in("app", all), Some(Channel::InApp));
        assert_eq!(
            Channel::parse_in("phone_callback", all),
            Some(Channel::Phone)
        );
        assert_eq!(Channel::parse_in("sms", &[Channel::InApp]), None);
        assert_eq!(Channel::parse_in("fax", all), None);
        assert!(Channel::is_deprecated("app") && !Channel::is_deprecated("in_app"));
        for r in [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High] {
            assert_eq!(crate::jsonout::text(&r), serde_json::to_string(&r).unwrap());
        }
    }
}
