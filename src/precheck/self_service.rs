//! "These can be done without queueing" (issue 16 §3.2): in builds with the service capability the
//! pre-check says, for the account being opened and for each other errand the customer named,
//! where it can be done instead of at the counter (the app, a kiosk, the hotline), why, and its
//! fees. The errands and their channels are the service capability's rules
//! (`service/errands.json`); the pre-check reads them through `Errands`, which the api layer
//! implements — a capability imports no other capability.

use super::rules::AdviceKind;
use super::{Advice, Application};
use crate::ctx::Ctx;
use crate::error::Error;
use crate::jsonout::WriteJson;
use crate::params;

/// Most errands one pre-check names (as `serviceGuide`).
pub const MAX_ERRANDS: usize = 20;

/// What the pre-check reads from the service capability.
pub trait Errands {
    /// The errand that opening an account of `account_kind` is (`precheckAccountKinds`), if the
    /// pack has one.
    fn opening(&self, account_kind: &str) -> Option<SelfService>;
    /// An errand by id, in the customer's words; `None` when the pack has no such errand.
    fn errand(&self, id: &str) -> Option<SelfService>;
}

/// One errand of the pre-check's `selfService`.
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SelfService {
    /// The errand id (`service/errands.json`).
    pub errand: String,
    pub name: String,
    /// Where it can be done without queueing (`in_app`, `kiosk`, `phone`); empty: only at the
    /// counter.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "ServiceChannel[]"))]
    pub without_queue: Vec<String>,
    pub counter_only: bool,
    /// In plain words: where, with each channel's condition; or why only the counter.
    pub why: String,
    /// Its fees, free ones first ("免费" said plainly).
    pub fees: Vec<SelfServiceFee>,
}

/// A fee as the pre-check shows it (the wording `serviceGuide` uses).
#[derive(Debug, Clone, PartialEq, WriteJson)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SelfServiceFee {
    pub id: String,
    pub name: String,
    pub display: String,
}

/// The account being opened first, then each errand named (once each); an unknown errand is an
/// argument error at its place.
pub(super) fn answer(errands: &dyn Errands, app: &Application) -> Result<Vec<SelfService>, Error> {
    let mut out: Vec<SelfService> = Vec::new();
    out.extend(errands.opening(app.account.kind.name()));
    for (i, id) in app.errands.iter().enumerate() {
        let e = errands.errand(id).ok_or_else(|| {
            Error::argument("unknown errand (see service/errands.json)")
                .at_path(format!("errands[{i}]"))
        })?;
        if !out.iter().any(|x| x.errand == e.errand) {
            out.push(e);
        }
    }
    Ok(out)
}

/// The advice "these can be done without queueing", naming the errands the customer named that
/// need no counter; none when there is none (the account being opened has its own advice).
pub(super) fn advice(ctx: &Ctx, list: &[SelfService], app: &Application) -> Option<Advice> {
    let names: Vec<&str> = list
        .iter()
        .filter(|s| !s.without_queue.is_empty() && app.errands.contains(&s.errand))
        .map(|s| s.name.as_str())
        .collect();
    if names.is_empty() {
        return None;
    }
    let sep = ctx.text("service.list_separator");
    Some(Advice {
        id: "self_service".to_string(),
        kind: AdviceKind::SelfService,
        text: ctx.render(
            "service.self_service.advice",
            &params![("errands", names.join(&sep))],
        ),
    })
}
