//! Delays written as `30m`, `7d`, `1d12h`.

/// Seconds per unit letter.
pub fn unit_seconds(unit: char) -> Option<u64> {
    match unit {
        's' => Some(1),
        'm' => Some(60),
        'h' => Some(3600),
        'd' => Some(86_400),
        _ => None,
    }
}

/// Parse a delay such as `30m` or `1d12h` into seconds. `None` if malformed or too large.
pub fn parse_duration(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut num: Option<u64> = None;
    for c in text.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(num.unwrap_or(0).checked_mul(10)?.checked_add(d as u64)?);
        } else {
            let n = num.take()?;
            total = total.checked_add(n.checked_mul(unit_seconds(c)?)?)?;
        }
    }
    if num.is_some() || text.is_empty() {
        return None;
    }
    Some(total)
}

/// Format seconds the way a spec writes them: `30m`, `1d12h`, `0s`.
pub use order_fsm_msg::format_seconds;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units_and_compounds() {
        assert_eq!(parse_duration("30m"), Some(1800));
        assert_eq!(parse_duration("7d"), Some(604_800));
        assert_eq!(parse_duration("1d12h"), Some(129_600));
        assert_eq!(parse_duration("45s"), Some(45));
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("m"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
    }

    #[test]
    fn formats_back() {
        assert_eq!(format_seconds(1800), "30m");
        assert_eq!(format_seconds(129_600), "1d12h");
        assert_eq!(format_seconds(0), "0s");
        assert_eq!(format_seconds(3661), "1h1m1s");
    }
}
