//! The JSON forms of what a service hands to its clients (with the `serde` feature): a
//! refusal and the events a role may fire. States, events, roles, guards and actions are
//! written by their ids, as everywhere else; a refusal carries its reason in English and
//! Chinese.
//!
//! A refusal:
//!
//! ```json
//! {"kind": "guard_failed", "state": "Created", "event": "Pay", "role": null,
//!  "allowed": [], "failed": ["payment_verified"], "seconds": null,
//!  "message": {"en": "…", "zh": "…"}}
//! ```
//!
//! `kind` is one of `final_state`, `no_transition`, `role_not_allowed`, `guard_failed`,
//! `no_timeout_due`; `role` and `allowed` are set for `role_not_allowed`, `seconds` for
//! `no_timeout_due`, `failed` lists the guards that said no. A permitted event:
//! `{"event": "Pay", "guards": ["payment_verified"]}`.

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::msg::Lang;
use crate::plan::{Permitted, RejectionKind, RejectionRecord};
use crate::{Enumerated, Machine, Rejection};

/// A text in both languages: `{"en": "…", "zh": "…"}`.
struct Both(crate::msg::Text);

impl Serialize for Both {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("en", &self.0.render(Lang::En))?;
        m.serialize_entry("zh", &self.0.render(Lang::Zh))?;
        m.end()
    }
}

fn ids<T: Enumerated>(all: impl IntoIterator<Item = T>) -> Vec<&'static str> {
    all.into_iter().map(|x| x.id()).collect()
}

impl<M: Machine> Serialize for Rejection<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rec = RejectionRecord::of(self);
        let (role, allowed) = match self {
            Rejection::RoleNotAllowed { role, allowed, .. } => {
                (Some(role.id()), ids(allowed.iter().copied()))
            }
            _ => (None, Vec::new()),
        };
        let event = match self {
            Rejection::NoTransition { event, .. }
            | Rejection::RoleNotAllowed { event, .. }
            | Rejection::GuardFailed { event, .. } => Some(event.id()),
            _ => None,
        };
        let failed = match self {
            Rejection::GuardFailed { failed, .. } | Rejection::NoTimeoutDue { failed, .. } => {
                ids(failed.iter())
            }
            _ => Vec::new(),
        };
        let seconds = matches!(rec.kind, RejectionKind::NoTimeoutDue).then_some(rec.seconds);
        let mut st = s.serialize_struct("Rejection", 8)?;
        st.serialize_field("kind", rec.kind.as_str())?;
        st.serialize_field("state", self.state().id())?;
        st.serialize_field("event", &event)?;
        st.serialize_field("role", &role)?;
        st.serialize_field("allowed", &allowed)?;
        st.serialize_field("failed", &failed)?;
        st.serialize_field("seconds", &seconds)?;
        st.serialize_field("message", &Both(self.text()))?;
        st.end()
    }
}

impl<M: Machine> Serialize for Permitted<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Permitted", 2)?;
        st.serialize_field("event", self.event.id())?;
        st.serialize_field("guards", &ids(self.guards.iter().copied()))?;
        st.end()
    }
}
