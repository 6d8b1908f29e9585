//! `multipleOf`: whole multiples, exact for integers and within rounding for floats.

use super::validate::Checks;
use std::fmt;

/// Numbers that can be checked for being a whole multiple of another.
pub trait Multiple: Copy + fmt::Display {
    /// Whether `self` is `divisor` times a whole number (`divisor` > 0).
    fn is_multiple_of(self, divisor: Self) -> bool;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Multiple for $t {
            fn is_multiple_of(self, divisor: Self) -> bool {
                divisor != 0 && self % divisor == 0
            }
        }
    )*};
}
integers!(i32, i64, u32, u64);

macro_rules! floats {
    ($($t:ty),*) => {$(
        impl Multiple for $t {
            // `0.3` is not exactly three times `0.1` in binary: a quotient within rounding of
            // a whole number counts.
            fn is_multiple_of(self, divisor: Self) -> bool {
                let quotient = self / divisor;
                (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0) as $t
            }
        }
    )*};
}
floats!(f32, f64);

impl<T: Multiple> Checks<'_, T> {
    /// A whole multiple of `divisor`.
    pub fn multiple_of(&mut self, divisor: T) -> &mut Self {
        if let Some(&value) = self.value {
            if !value.is_multiple_of(divisor) {
                self.fail(format!("{value} is not a multiple of {divisor}"));
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::super::validate::{value, Violation};

    #[test]
    fn whole_multiples_pass_and_others_name_the_divisor() {
        let mut out = Vec::new();
        value(&mut out, "a", &15_i64).multiple_of(5);
        value(&mut out, "b", &0.3_f64).multiple_of(0.1);
        value(&mut out, "c", &7_u32).multiple_of(2);
        value(&mut out, "d", &0.25_f32).multiple_of(0.1);
        let messages: Vec<String> = out
            .iter()
            .map(|v: &Violation| format!("{}: {}", v.path, v.message))
            .collect();
        assert_eq!(
            messages,
            [
                "c: 7 is not a multiple of 2",
                "d: 0.25 is not a multiple of 0.1"
            ]
        );
    }
}
