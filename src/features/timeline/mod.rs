//! The treatment timeline (its data and checks are in `crate::timeline` until they move here).

mod feature;
pub use crate::timeline::*;
pub use feature::SPEC;
