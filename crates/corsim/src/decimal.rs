//! Numbers of seconds as text, the way `f64`'s `Display` prints them.
//!
//! Why not `Display`: it brings the standard library's float formatter
//! (Grisu and Dragon with their tables, about 9 KB gzip) into every
//! WebAssembly build. `zmij`, which `serde_json` already uses, finds a
//! shortest digit string that reads back as the same number; this lays it
//! out as `Display` does: in plain decimal notation, never with an exponent,
//! and without a trailing `.0`. Where two shortest strings read back as the
//! same number, the last digit can differ from `Display`'s
//! (`-1134219725751396.2` for `Display`'s `…396.3`); the tests found it.

use std::fmt;

/// An `f64` printed as its `Display` prints it, up to the last digit of a tie.
pub(crate) struct Decimal(pub(crate) f64);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = zmij::Buffer::new();
        // "NaN", "inf", "-inf", "0.5", "12.0", "-1.5e-7", "1e21".
        let shortest = buffer.format(self.0);
        if !self.0.is_finite() {
            return f.write_str(shortest);
        }
        let (sign, unsigned) = match shortest.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", shortest),
        };
        let (mantissa, exponent) = match unsigned.split_once('e') {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
            None => (unsigned, 0),
        };
        let (integer, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{integer}{fraction}");
        // Where the decimal point goes, counted in digits from the left.
        let point = i32::try_from(integer.len()).unwrap_or(i32::MAX) + exponent;
        let (whole, part) = if point <= 0 {
            let zeros = "0".repeat(point.unsigned_abs() as usize);
            ("0".to_owned(), format!("{zeros}{digits}"))
        } else if point as usize >= digits.len() {
            let zeros = "0".repeat(point as usize - digits.len());
            (format!("{digits}{zeros}"), String::new())
        } else {
            let (whole, part) = digits.split_at(point as usize);
            (whole.to_owned(), part.to_owned())
        };
        let whole = whole.trim_start_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        let part = part.trim_end_matches('0');
        f.write_str(sign)?;
        f.write_str(whole)?;
        if !part.is_empty() {
            f.write_str(".")?;
            f.write_str(part)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;
    use proptest::prelude::*;

    #[test]
    fn prints_as_display_does() {
        for x in [
            0.0,
            -0.0,
            1.0,
            12.0,
            0.5,
            600.5,
            1e-7,
            1.5e-7,
            0.000_123,
            1e15,
            1e16,
            1e21,
            1.234_5e21,
            123_456.789,
            -5.0,
            -0.25,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1 + 0.2,
        ] {
            assert_eq!(Decimal(x).to_string(), x.to_string(), "{x:e}");
        }
    }

    proptest! {
        #[test]
        fn prints_any_f64_shortest_and_plain(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            let (printed, display) = (Decimal(x).to_string(), x.to_string());
            prop_assert_eq!(printed.len(), display.len(), "{} vs {}", printed, display);
            if x.is_finite() {
                prop_assert_eq!(printed.parse::<f64>().map(f64::to_bits), Ok(bits));
            } else {
                prop_assert_eq!(printed, display);
            }
        }

        #[test]
        fn prints_clock_values_as_display_does(x in 0.0..1e7_f64) {
            prop_assert_eq!(Decimal(x).to_string(), x.to_string());
        }
    }
}
