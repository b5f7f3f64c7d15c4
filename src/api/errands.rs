//! What the pre-check reads from the service capability (`crate::precheck::Errands`): an errand
//! with its channels and fees, in the customer's words — composed here because a capability
//! imports no other capability.

use crate::ctx::Ctx;
use crate::precheck::{Errands, SelfService, SelfServiceFee};
use crate::service::{errand_answer, Errand, ErrandAnswer, Offered, ServiceRules};

pub struct DeskErrands<'a> {
    pub ctx: &'a Ctx<'a>,
    pub service: &'a ServiceRules,
}

impl DeskErrands<'_> {
    fn view(&self, e: &Errand) -> SelfService {
        let ctx = self.ctx;
        let everywhere = Offered {
            in_app: true,
            kiosk: true,
        };
        let a: ErrandAnswer = errand_answer(ctx, self.service, e, everywhere);
        let sep = ctx.text("service.list_separator");
        let why = if a.counter_only {
            // Why the other channels cannot: the first reason the pack gives.
            match a.channels.iter().find_map(|c| c.why.as_deref()) {
                Some(w) => ctx.render(
                    "service.self_service.counter_only_why",
                    &crate::params![("why", w.to_string())],
                ),
                None => ctx.text("service.self_service.counter_only"),
            }
        } else {
            let places: Vec<String> = a
                .channels
                .iter()
                .filter(|c| c.available && a.without_queue.contains(&c.channel))
                .map(|c| match &c.conditions {
                    Some(k) => ctx.render(
                        "service.self_service.with_condition",
                        &crate::params![("channel", c.name.clone()), ("condition", k.clone())],
                    ),
                    None => c.name.clone(),
                })
                .collect();
            ctx.render(
                "service.self_service.without_queue",
                &crate::params![("channels", places.join(&sep))],
            )
        };
        SelfService {
            errand: a.id,
            name: a.name,
            without_queue: a.without_queue,
            counter_only: a.counter_only,
            why,
            fees: a
                .fees
                .into_iter()
                .map(|f| SelfServiceFee {
                    id: f.id,
                    name: f.name,
                    display: f.display,
                })
                .collect(),
        }
    }
}

impl Errands for DeskErrands<'_> {
    fn opening(&self, account_kind: &str) -> Option<SelfService> {
        let e = self
            .service
            .errands
            .iter()
            .find(|e| e.precheck_account_kinds.iter().any(|k| k == account_kind))?;
        Some(self.view(e))
    }

    fn errand(&self, id: &str) -> Option<SelfService> {
        self.service.errand(id).map(|e| self.view(e))
    }
}
