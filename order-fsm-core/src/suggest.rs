//! "Did you mean" suggestions.

/// The candidate closest to `name`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = if c.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &c.to_lowercase())
        };
        let limit = ((name.chars().count().max(c.chars().count()) + 1) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case() {
        assert_eq!(
            did_you_mean("Shiped", ["Created", "Shipped", "Paid"]),
            Some("Shipped")
        );
        assert_eq!(did_you_mean("paid", ["Created", "Paid"]), Some("Paid"));
        assert_eq!(did_you_mean("Refund", ["Created", "Paid"]), None);
        assert_eq!(did_you_mean("X", Vec::<&str>::new()), None);
    }
}
