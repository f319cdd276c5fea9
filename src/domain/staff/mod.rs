//! Staff accounts: who may sign in, with what role, and the rules their
//! credentials follow.

mod account;
mod device;
mod password;
mod recovery;
mod session;
mod throttle;

pub use account::{NotAName, NotAnEmail, Role, StaffEmail, StaffName};
pub use device::{DEVICE_LIFETIME, UNKNOWN_ADDRESS_INTERVAL, interval_start};
pub use password::{NewPassword, PasswordProblem};
pub use recovery::{NotARecoveryCode, RecoveryCode};
pub use session::{SessionStage, SessionTimes};
pub use throttle::sign_in_delay;
