//! The five-dimension satisfaction survey (issue 16 §3.1): `questionnaire.json` `satisfaction` maps
//! the rating questions of the `satisfaction` definition to products, efficiency, service quality,
//! environment and attitude, and sets the low score; `satisfactionSummary(record)` turns a finished
//! survey's record into the host's thank-you card — the five ratings, the lowest, whether it is
//! low, and the second contact the record carries (department and due date), if any.

use super::engine::verify_record;
use super::{QuestionType, QuestionnaireRules};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::i18n::Text;
use crate::jsonout::WriteJson;
use crate::jsonread::Obj;
use crate::loader::invalid;
use serde_json::Value;

/// `questionnaire.json` `satisfaction`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct SatisfactionRules {
    /// The survey's definition id (`satisfaction`).
    pub questionnaire: String,
    /// A rating at or below this is low (1–5 scale).
    pub low_score_at_or_below: i64,
    pub dimensions: Vec<Dimension>,
    /// The flows after which the host offers the survey (`contact`, `precheck`, …).
    pub offer_after: Vec<String>,
    /// The host does not offer it again within this many days (it keeps the date itself).
    pub not_more_often_than_days: u32,
    pub source: String,
    pub confidence: String,
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    pub id: String,
    pub name: Text,
    /// The rating questions that measure it (one is shown, chosen by `context.serviceChannel`).
    pub questions: Vec<String>,
}

impl SatisfactionRules {
    pub(super) fn read(o: &Obj) -> SatisfactionRules {
        o.fields(
            &[
                "questionnaire",
                "lowScoreAtOrBelow",
                "dimensions",
                "offerAfter",
                "notMoreOftenThanDays",
                "source",
                "confidence",
            ],
            &[],
        );
        SatisfactionRules {
            questionnaire: o.str("questionnaire"),
            low_score_at_or_below: o.int_in("lowScoreAtOrBelow", 1, 4),
            dimensions: o.list("dimensions", |d| {
                d.fields(&["id", "name", "questions"], &[]);
                Dimension {
                    id: d.str("id"),
                    name: d.text("name"),
                    questions: d.strings("questions"),
                }
            }),
            offer_after: o.strings("offerAfter"),
            not_more_often_than_days: o.u32("notMoreOftenThanDays", 365),
            source: o.str("source"),
            confidence: o.str("confidence"),
        }
    }

    /// Every dimension question is a rating question of the survey's bundled definition, used
    /// once; at least one dimension.
    pub(super) fn check(&self, rules: &QuestionnaireRules) -> Result<(), Error> {
        const FILE: &str = "questionnaire.json";
        let Some(def) = rules.definitions.get(&self.questionnaire) else {
            return Err(invalid(
                FILE,
                "satisfaction.questionnaire",
                "names a questionnaire that questionnaires/ does not bundle",
            ));
        };
        if self.dimensions.is_empty() {
            return Err(invalid(
                FILE,
                "satisfaction.dimensions",
                "at least one dimension",
            ));
        }
        let mut seen = Vec::new();
        for (di, d) in self.dimensions.iter().enumerate() {
            if d.questions.is_empty() {
                return Err(invalid(
                    FILE,
                    format!("satisfaction.dimensions[{di}].questions"),
                    "at least one question",
                ));
            }
            for (qi, q) in d.questions.iter().enumerate() {
                let rating = def.question(q).map(|(_, q)| q.kind) == Some(QuestionType::Rating);
                if !rating || seen.contains(&q) {
                    return Err(invalid(
                        FILE,
                        format!("satisfaction.dimensions[{di}].questions[{qi}]"),
                        "must be a rating question of the survey, used once",
                    ));
                }
                seen.push(q);
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct DimensionRating {
    pub id: String,
    pub name: String,
    /// 1 to 5; `null` when the record has no answer for it.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub rating: Option<i64>,
}

/// The second contact a record asks for.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SecondContact {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub department: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub department_name: Option<String>,
    /// `YYYY-MM-DD`, or `null` when it could not be computed.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string | null"))]
    pub due_by: Option<String>,
}

/// `satisfactionSummary`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SatisfactionSummary {
    pub dimensions: Vec<DimensionRating>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "number | null"))]
    pub lowest: Option<i64>,
    /// The lowest rating is at or below the pack's low score.
    pub low: bool,
    pub low_score_at_or_below: i64,
    /// Present when the customer agreed to be contacted about a low score.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "SecondContact | null"))]
    pub second_contact: Option<SecondContact>,
}

/// The summary of a finished survey's record (its checksum must hold).
pub fn summary(
    ctx: &Ctx,
    rules: &QuestionnaireRules,
    record: &Value,
) -> Result<SatisfactionSummary, Error> {
    let Some(s) = &rules.settings.satisfaction else {
        return Err(Error::new(
            "questionnaire.unknown",
            "this rule pack has no satisfaction survey (questionnaire.json satisfaction)",
        ));
    };
    if !verify_record(record)? {
        return Err(Error::argument("the record does not match its checksum").at_path("checksum"));
    }
    if record.get("questionnaireId").and_then(Value::as_str) != Some(s.questionnaire.as_str()) {
        return Err(
            Error::argument(format!("not a record of the '{}' survey", s.questionnaire))
                .at_path("questionnaireId"),
        );
    }
    let answers = record.get("answers").and_then(Value::as_array);
    let rating_of = |q: &str| {
        answers?
            .iter()
            .find(|a| a.get("questionId").and_then(Value::as_str) == Some(q))
            .and_then(|a| a.get("value"))
            .and_then(Value::as_i64)
    };
    let dimensions: Vec<DimensionRating> = s
        .dimensions
        .iter()
        .map(|d| DimensionRating {
            id: d.id.clone(),
            name: d.name.get(ctx.locale()).to_string(),
            rating: d.questions.iter().find_map(|q| rating_of(q)),
        })
        .collect();
    let lowest = dimensions.iter().filter_map(|d| d.rating).min();
    let second_contact = record
        .get("followUps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|f| f.get("action").and_then(Value::as_str) == Some("second_contact"))
        .map(|f| {
            let department = f
                .get("department")
                .and_then(Value::as_str)
                .map(str::to_string);
            SecondContact {
                department_name: department
                    .as_deref()
                    .and_then(|d| ctx.settings().department_name(d, ctx.locale())),
                department,
                due_by: f.get("dueBy").and_then(Value::as_str).map(str::to_string),
            }
        });
    Ok(SatisfactionSummary {
        low: lowest.is_some_and(|l| l <= s.low_score_at_or_below),
        lowest,
        low_score_at_or_below: s.low_score_at_or_below,
        dimensions,
        second_contact,
    })
}
