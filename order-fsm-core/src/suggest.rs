//! "Did you mean" suggestions.
//!
//! A name is close enough to a candidate when their Damerau-Levenshtein distance (case
//! ignored) is at most a third of the longer name, and at least 1. Among close candidates the
//! nearest wins; on a tie, the first in order.
//!
//! Specs can define tens of thousands of states and misspell thousands of names, so comparing
//! every unknown name with every candidate must stay cheap. A [`Suggester`] prepares the
//! candidates once (grouped by length and by which characters they use) and answers each
//! distinct name once. Before the exact distance it rules candidates out with two lower
//! bounds of that distance, first for whole groups: the difference in length, and the
//! difference of the two names' character counts (an edit changes at most one character
//! count on each side; a transposition none). Names longer than [`MAX_NAME_CHARS`] get no
//! suggestion: nobody types a near miss of a name that long.

use rustc_hash::FxHashMap;

/// Names (and candidates) longer than this, in characters, are never compared.
pub const MAX_NAME_CHARS: usize = 64;

/// A name related by its start to another (`Ship`, `Shipping`) has at least this many
/// characters in common with it.
pub const MIN_STEM_CHARS: usize = 3;

/// How far a name may be from a candidate: a third of the longer one, at least 1.
fn limit(a: usize, b: usize) -> usize {
    ((a.max(b) + 1) / 3).max(1)
}

/// What is known about one name before comparing it: lower-cased text, length in characters,
/// and its characters counted in 64 bins (two characters in one bin only lower the bound).
struct Profile {
    lower: String,
    chars: usize,
    mask: u64,
    bins: [u8; 64],
}

impl Profile {
    /// `None` for names too long to compare.
    fn new(name: &str) -> Option<Profile> {
        let lower = name.to_lowercase();
        let mut chars = 0;
        let mut mask = 0u64;
        let mut bins = [0u8; 64];
        for c in lower.chars() {
            chars += 1;
            if chars > MAX_NAME_CHARS {
                return None;
            }
            let bin = (c as u32 % 64) as usize;
            mask |= 1 << bin;
            bins[bin] += 1;
        }
        Some(Profile {
            lower,
            chars,
            mask,
            bins,
        })
    }

    /// A lower bound of the edit distance to a name of `chars` characters with bins `mask`.
    fn bound_to(&self, chars: usize, mask: u64) -> usize {
        let len = self.chars.abs_diff(chars);
        let only_here = (self.mask & !mask).count_ones() as usize;
        let only_there = (mask & !self.mask).count_ones() as usize;
        len.max(only_here).max(only_there)
    }

    /// A tighter lower bound: characters one name has more of than the other. (The two
    /// excesses add up to the summed difference of the counts, and differ by the difference
    /// in length, so the larger is half their sum plus that difference.)
    fn bag_bound(&self, other: &Profile) -> usize {
        let total: u32 = self
            .bins
            .iter()
            .zip(&other.bins)
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum();
        (total as usize + self.chars.abs_diff(other.chars)) / 2
    }
}

/// Candidates of one length and one set of character bins: the cheap bound is the same for
/// all of them, so it is checked once per group.
struct Group {
    chars: usize,
    mask: u64,
    /// Indices into the candidates, in order.
    members: Vec<usize>,
}

/// Candidates prepared once, for many lookups.
pub struct Suggester<'a> {
    /// Every candidate, in order, with its profile (`None`: too long to compare).
    candidates: Vec<(&'a str, Option<Profile>)>,
    groups: Vec<Group>,
    /// Lower-cased candidate → the first candidate spelled so (case-only differences).
    by_lower: FxHashMap<String, usize>,
    /// Answers already given, by name.
    answers: FxHashMap<String, Option<usize>>,
    /// Lower-cased candidates in order of their text, for names that start with one
    /// another; built at the first [`Suggester::related`] question.
    sorted: Option<Vec<(String, usize)>>,
}

impl<'a> Suggester<'a> {
    pub fn new<I>(candidates: I) -> Self
    where
        I: IntoIterator<Item = &'a str>,
    {
        let candidates: Vec<(&'a str, Option<Profile>)> = candidates
            .into_iter()
            .map(|c| (c, Profile::new(c)))
            .collect();
        let mut by_lower = FxHashMap::default();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: FxHashMap<(usize, u64), usize> = FxHashMap::default();
        for (i, (_, p)) in candidates.iter().enumerate() {
            if let Some(p) = p {
                by_lower.entry(p.lower.clone()).or_insert(i);
                let g = *group_of.entry((p.chars, p.mask)).or_insert_with(|| {
                    groups.push(Group {
                        chars: p.chars,
                        mask: p.mask,
                        members: Vec::new(),
                    });
                    groups.len() - 1
                });
                groups[g].members.push(i);
            }
        }
        Suggester {
            candidates,
            groups,
            by_lower,
            answers: FxHashMap::default(),
            sorted: None,
        }
    }

    /// A candidate that `name` starts with, or that starts with `name` (case ignored, the
    /// shorter of the two at least [`MIN_STEM_CHARS`] characters): `Ship` for `Shipping`,
    /// `pickup_code_ok` for `pickup_code`. Not a typo, so not a [`Suggester::suggest`]
    /// answer: the name may be a new one, or the other one meant. The one nearest in
    /// length wins, then the longer, then the first.
    pub fn related(&mut self, name: &str) -> Option<&'a str> {
        let target = Profile::new(name)?;
        if target.chars < MIN_STEM_CHARS {
            return None;
        }
        let candidates = &self.candidates;
        let sorted = self.sorted.get_or_insert_with(|| {
            let mut v: Vec<(String, usize)> = candidates
                .iter()
                .enumerate()
                .filter_map(|(i, (_, p))| p.as_ref().map(|p| (p.lower.clone(), i)))
                .collect();
            v.sort();
            v
        });
        // (length difference, shorter first, index).
        let mut best: Option<(usize, bool, usize)> = None;
        let mut consider = |i: usize, chars: usize| {
            if candidates[i].0 == name {
                return;
            }
            let key = (chars.abs_diff(target.chars), chars < target.chars, i);
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        };
        // Candidates that start with the name.
        let from = sorted.partition_point(|(l, _)| l.as_str() < target.lower.as_str());
        for (l, i) in &sorted[from..] {
            if !l.starts_with(&target.lower) {
                break;
            }
            consider(*i, l.chars().count());
        }
        // Candidates the name starts with.
        for (at, _) in target.lower.char_indices().skip(MIN_STEM_CHARS) {
            if let Some(&i) = self.by_lower.get(&target.lower[..at]) {
                consider(i, target.lower[..at].chars().count());
            }
        }
        best.map(|(_, _, i)| self.candidates[i].0)
    }

    /// The candidate closest to `name`, if it is close enough to be a plausible typo.
    pub fn suggest(&mut self, name: &str) -> Option<&'a str> {
        let ix = match self.answers.get(name) {
            Some(&answer) => answer,
            None => {
                let answer = self.search(name);
                self.answers.insert(name.to_string(), answer);
                answer
            }
        };
        ix.map(|i| self.candidates[i].0)
    }

    fn search(&self, name: &str) -> Option<usize> {
        let target = Profile::new(name)?;
        // A candidate that differs only in case is at distance 0: nothing can be closer.
        // (The first such candidate that is not `name` itself.)
        if let Some(&i) = self.by_lower.get(&target.lower) {
            if self.candidates[i].0 != name {
                return Some(i);
            }
            if let Some(j) = self.candidates.iter().position(|(c, p)| {
                *c != name && p.as_ref().is_some_and(|p| p.lower == target.lower)
            }) {
                return Some(j);
            }
        }
        // The nearest candidate, the first one on a tie: the least (distance, index).
        let mut best: Option<(usize, usize)> = None;
        for g in &self.groups {
            // Groups whose length and characters already rule them out are skipped whole.
            let group_bar = match best {
                None => limit(target.chars, g.chars),
                Some((bd, _)) => bd.min(limit(target.chars, g.chars)),
            };
            if target.bound_to(g.chars, g.mask) > group_bar {
                continue;
            }
            for &i in &g.members {
                let (c, Some(p)) = &self.candidates[i] else {
                    continue;
                };
                if *c == name {
                    continue;
                }
                // Only a distance within the limit, and nearer than the best so far (or as
                // near and earlier), can win.
                let bar = match best {
                    None => limit(target.chars, p.chars),
                    Some((bd, bi)) if i < bi => bd.min(limit(target.chars, p.chars)),
                    Some((0, _)) => continue,
                    Some((bd, _)) => (bd - 1).min(limit(target.chars, p.chars)),
                };
                if target.bag_bound(p) > bar {
                    continue;
                }
                let d = strsim::damerau_levenshtein(&target.lower, &p.lower);
                if d <= bar {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(_, i)| i)
    }
}

/// The candidate closest to `name`, if it is close enough to be a plausible typo. For many
/// names against the same candidates, use a [`Suggester`].
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    Suggester::new(candidates).suggest(name)
}

/// A candidate `name` starts with or that starts with `name`, when no candidate is close
/// enough to be a typo of it: see [`Suggester::related`].
pub fn related<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    Suggester::new(candidates).related(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_names_share_their_start() {
        let names = ["Created", "Ship", "Shipped", "pickup_code_ok", "Pay"];
        assert_eq!(related("Shipping", names), Some("Ship"));
        assert_eq!(related("Shipping", ["Ship", "Pay"]), Some("Ship"));
        assert_eq!(related("pickup_code", names), Some("pickup_code_ok"));
        assert_eq!(related("ShipBack", ["Ship", "Shipped"]), Some("Ship"));
        assert_eq!(related("Pa", names), None);
        assert_eq!(related("Ship", ["Ship"]), None);
        assert_eq!(related("Refund", names), None);
        assert_eq!(related("待发货了", ["待发货"]), Some("待发货"));
    }

    #[test]
    fn finds_typos_and_case() {
        assert_eq!(
            did_you_mean("Shiped", ["Created", "Shipped", "Paid"]),
            Some("Shipped")
        );
        assert_eq!(did_you_mean("paid", ["Created", "Paid"]), Some("Paid"));
        assert_eq!(did_you_mean("Refund", ["Created", "Paid"]), None);
        assert_eq!(did_you_mean("X", Vec::<&str>::new()), None);
        // Transpositions count once.
        assert_eq!(did_you_mean("Apid", ["Created", "Paid"]), Some("Paid"));
        // The nearest wins, then the first.
        assert_eq!(did_you_mean("Shipp", ["Ship", "Shipped"]), Some("Ship"));
        assert_eq!(did_you_mean("Sa", ["Sb", "Sc"]), Some("Sb"));
        // A name is not its own suggestion, but another spelling of it in case is.
        assert_eq!(did_you_mean("Paid", ["Paid", "PAID"]), Some("PAID"));
        assert_eq!(did_you_mean("Paid", ["Paid"]), None);
    }

    /// The plain scan the [`Suggester`] must agree with: every candidate compared.
    fn plain<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let lower = name.to_lowercase();
        let mut best: Option<(usize, &'a str)> = None;
        for &c in candidates {
            if c == name {
                continue;
            }
            let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
            let l = ((name.chars().count().max(c.chars().count()) + 1) / 3).max(1);
            if d <= l && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }

    /// The filters only skip work: the answer is the one a plain scan over every candidate
    /// gives.
    #[test]
    fn same_answer_as_comparing_everything() {
        let words = [
            "Created",
            "Paid",
            "Shipped",
            "Completed",
            "Cancelled",
            "Refunded",
            "Refunding",
            "paid",
            "PAID",
            "Pad",
            "Ship",
            "Shiped",
            "Cancel",
            "Canceled",
            "S1",
            "S12",
            "S21",
            "S123",
            "s123",
            "待付款",
            "待发货",
            "WaitPay",
            "WaitShip",
            "Closed",
            "Close",
            "x",
        ];
        let mut s = Suggester::new(words);
        for name in words
            .iter()
            .chain(&["Cancle", "Refnud", "S1234", "Shpied", "y", "待付"])
        {
            assert_eq!(s.suggest(name), plain(name, &words), "{name}");
            // Asked again: the cached answer.
            assert_eq!(s.suggest(name), plain(name, &words), "{name}");
        }
    }

    proptest::proptest! {
        #[test]
        fn same_answer_on_random_names(
            names in proptest::collection::vec("[a-cA-C0-2_]{1,7}", 0..40),
            asked in proptest::collection::vec("[a-cA-C0-2_]{1,7}", 1..10),
        ) {
            let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
            let mut s = Suggester::new(candidates.iter().copied());
            for name in &asked {
                proptest::prop_assert_eq!(s.suggest(name), plain(name, &candidates), "{}", name);
            }
        }
    }

    #[test]
    fn very_long_names_get_no_suggestion() {
        let long = "S".repeat(1_000_000);
        let near = "S".repeat(MAX_NAME_CHARS);
        assert_eq!(did_you_mean(&long, [near.as_str(), "S"]), None);
        let just = "S".repeat(MAX_NAME_CHARS - 1);
        assert_eq!(did_you_mean(&just, [near.as_str()]), Some(near.as_str()));
    }
}
