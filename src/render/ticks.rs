//! Axis ticks and number labels: a value range -> a few "nice" tick values and their text.

/// `%.{sig}g` as C and Python print it (`212.3`, `-0.5`, `1.5e+06`).
pub fn fmt_g(v: f64, sig: usize) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let sig = sig.max(1);
    // The exponent after rounding to `sig` digits (9.9996 -> 10.00 has exponent 1).
    let sci = format!("{:.*e}", sig - 1, v);
    let (mant, exp) = sci.split_once('e').expect("`e` in scientific format");
    let exp: i32 = exp.parse().expect("integer exponent");
    if exp < -4 || exp >= sig as i32 {
        let mant = strip_zeros(mant);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mant}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (sig as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{v:.decimals$}")).to_string()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// About `target` evenly spaced round values (steps of 1, 2 or 5 times a power of ten)
/// inside [lo, hi], with their labels.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<(f64, String)> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater)
        || !lo.is_finite()
        || !hi.is_finite()
    {
        return vec![(lo, fmt_g(lo, 4))];
    }
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * mag);
    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            let text = if v.abs() >= 1e6 || (v != 0.0 && decimals > 5) {
                fmt_g(v, 3)
            } else {
                format!("{v:.decimals$}")
            };
            (v, if text == "-0" { "0".into() } else { text })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fmt_g_matches_python_percent_g() {
        // python3 -c 'print(["%.4g" % v for v in (212.34, -0.5, 1.5e6, 0.000123456, 9.99996, 5.0, 1234.5)])'
        let got: Vec<String> = [212.34, -0.5, 1.5e6, 0.000123456, 9.99996, 5.0, 1234.5]
            .iter()
            .map(|&v| fmt_g(v, 4))
            .collect();
        assert_eq!(
            got,
            ["212.3", "-0.5", "1.5e+06", "0.0001235", "10", "5", "1234"]
        );
        assert_eq!(fmt_g(1.0e-7, 4), "1e-07");
        assert_eq!(fmt_g(0.0, 4), "0");
    }

    #[test]
    fn ticks_are_round_and_inside_the_range() {
        let t = nice_ticks(0.0, 99.0, 5);
        let vals: Vec<f64> = t.iter().map(|t| t.0).collect();
        assert_eq!(vals, vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        let t = nice_ticks(-0.93, 1.07, 4);
        let labels: Vec<&str> = t.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(labels, vec!["-0.5", "0.0", "0.5", "1.0"]);
    }
}
