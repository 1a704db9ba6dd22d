//! Support for the workspace's tests and benchmarks (not published): generated specs of any
//! size, the fenced code blocks of a Markdown page, and the workspace's own folders.

use std::fmt::Write;

/// A valid, warning-free machine with `states` states and `per_state` outgoing lines per
/// non-final state (events, guarded alternatives and a timeout), with Chinese labels.
///
/// State `S0` is initial; the last state is final; every state reaches the next one, so
/// every state is reachable and can finish.
pub fn generate_spec(states: usize, per_state: usize) -> String {
    generate(states, per_state, 0)
}

/// [`generate_spec`] with the target of the first `misspelled` spine lines misspelled
/// (`S12` written `Sx12`): that many distinct unknown state names, each close to many
/// defined ones.
pub fn generate_misspelled_spec(states: usize, per_state: usize, misspelled: usize) -> String {
    generate(states, per_state, misspelled)
}

/// [`generate_spec`] behind a new initial state `Start` (whose only line leads to `S0`),
/// followed by `per_form` business rules of each form when `rules` is true. Every rule
/// holds and is about reachable states, so the spec stays clean either way:
/// - `from Si never reach Start`: nothing leads back to `Start`, so each is a search over
///   every state reachable from `Si`;
/// - `from Si always reach S<last>`: every state reaches the last one, a search forwards
///   and one backwards over the whole machine;
/// - `reach Si only via S0`: every path passes `S0` first.
pub fn generate_rules_spec(
    states: usize,
    per_state: usize,
    per_form: usize,
    rules: bool,
) -> String {
    let states = states.max(2);
    let base = generate(states, per_state, 0);
    let mut s = base.replacen(
        "  state S0 \"状态0\" initial code 0\n",
        "  state Start \"开始\" initial code -1\n  state S0 \"状态0\" code 0\n",
        1,
    );
    if s.ends_with("}\n") {
        s.truncate(s.len() - 2);
    }
    s.push_str("  Start -> S0 on E0\n");
    if rules {
        let last = states - 1;
        for r in 0..per_form {
            let i = (r * 7919) % last;
            let _ = writeln!(
                s,
                "  rule \"不回到开始{r}\" {{ from S{i} never reach Start }}"
            );
            let _ = writeln!(
                s,
                "  rule \"总能结束{r}\" {{ from S{i} always reach S{last} }}"
            );
            let j = 1 + (r * 104_729) % last;
            let _ = writeln!(s, "  rule \"先经过起点{r}\" {{ reach S{j} only via S0 }}");
        }
    }
    s.push_str("}\n");
    s
}

/// A chain of `states` states (`S0000` initial) where every state also has a timeout that
/// jumps far along the chain, mostly backwards (`S_i` to `S_(7i+3) mod n`, after `i mod 50 + 1`
/// minutes), then `Done`; with `any`, an `any -> Dead on Kill` line too. Drawn naively, every
/// timeout is an edge across hundreds of layers: the shape that makes a diagram explode.
pub fn generate_long_edges_spec(states: usize, any: bool) -> String {
    let n = states.max(2);
    let mut s = String::with_capacity(n * 90);
    s.push_str("machine Big \"大\" {\n  event Go \"走\"\n");
    if any {
        s.push_str("  event Kill \"终止\"\n");
    }
    for i in 0..n {
        let flag = if i == 0 { " initial" } else { "" };
        let _ = writeln!(s, "  state S{i:04} \"状态{i}\"{flag}");
    }
    s.push_str("  state Done \"完成\" final\n");
    if any {
        s.push_str("  state Dead \"作废\" final\n");
    }
    for i in 0..n {
        if i + 1 < n {
            let _ = writeln!(s, "  S{i:04} -> S{:04} on Go", i + 1);
        } else {
            let _ = writeln!(s, "  S{i:04} -> Done on Go");
        }
        let _ = writeln!(
            s,
            "  S{i:04} -> S{:04} after {}m \"超时{i}\"",
            (7 * i + 3) % n,
            i % 50 + 1
        );
    }
    if any {
        s.push_str("  any -> Dead on Kill\n");
    }
    s.push_str("}\n");
    s
}

fn generate(states: usize, per_state: usize, misspelled: usize) -> String {
    let states = states.max(2);
    let per_state = per_state.max(1);
    let mut s = String::with_capacity(states * (60 + per_state * 48));
    s.push_str("/// 生成的状态机\nmachine Big \"大型状态机\" {\n  role buyer \"买家\"\n  role seller \"卖家\"\n");
    for i in 0..states {
        let flag = if i == 0 {
            " initial"
        } else if i == states - 1 {
            " final"
        } else {
            ""
        };
        let _ = writeln!(s, "  state S{i} \"状态{i}\"{flag} code {i}");
    }
    let mut used = std::collections::BTreeSet::from([0usize]);
    let mut actions = std::collections::BTreeSet::new();
    let last = states - 1;
    for i in 0..last {
        // Line 0: the spine to the next state, so everything is reachable and can finish.
        let typo = if i < misspelled { "x" } else { "" };
        let _ = writeln!(s, "  S{i} -> S{typo}{} on E0 then act{}", i + 1, i % 7);
        actions.insert(i % 7);
        for k in 1..per_state {
            let target = (i * 31 + k * 17) % states;
            match k % 4 {
                // A guarded line, then an unguarded "otherwise" on the same event.
                1 => {
                    used.insert(k);
                    let _ = writeln!(s, "  S{i} -> S{target} on E{k} if g{k} \"条件{k}\"");
                }
                2 => {
                    let _ = writeln!(s, "  S{i} -> S{target} on E{}", k - 1);
                }
                3 if k == 3 => {
                    let _ = writeln!(s, "  S{i} -> S{target} after 30m \"超时{k}\"");
                }
                _ => {
                    used.insert(k);
                    actions.insert(k % 5);
                    let _ = writeln!(s, "  S{i} -> S{target} on E{k} then act{}", k % 5);
                }
            }
        }
    }
    for e in used {
        let _ = writeln!(s, "  event E{e} \"事件{e}\" by buyer, seller");
    }
    for a in actions {
        let _ = writeln!(s, "  action act{a} \"动作{a}\"");
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_edge_specs_are_clean() {
        for any in [false, true] {
            let c = order_fsm_core::compile("long.fsm", &super::generate_long_edges_spec(500, any));
            assert!(c.diagnostics.is_empty(), "{}", c.render());
        }
    }

    #[test]
    fn generated_specs_are_clean() {
        for (n, k) in [(2, 1), (10, 5), (200, 5), (50, 9)] {
            let text = super::generate_spec(n, k);
            let c = order_fsm_core::compile("gen.fsm", &text);
            assert!(c.diagnostics.is_empty(), "{n}x{k}: {}", c.render());
            let m = &c.spec.expect("spec").machines[0];
            assert_eq!(m.states.len(), n);
            assert_eq!(m.transitions.len(), (n - 1) * k);
        }
    }

    #[test]
    fn rule_specs_are_clean_and_their_rules_hold() {
        for rules in [false, true] {
            let text = super::generate_rules_spec(300, 5, 10, rules);
            let c = order_fsm_core::compile("gen.fsm", &text);
            assert!(c.diagnostics.is_empty(), "{}", c.render());
            let m = &c.spec.expect("spec").machines[0];
            assert_eq!(m.rules.len(), if rules { 30 } else { 0 });
        }
    }

    #[test]
    fn misspelled_specs_report_each_name_with_a_suggestion() {
        let text = super::generate_misspelled_spec(100, 5, 40);
        let c = order_fsm_core::compile("gen.fsm", &text);
        let unknown: Vec<_> = c
            .diagnostics
            .iter()
            .filter(|d| d.code == order_fsm_core::diag::codes::UNKNOWN_STATE)
            .collect();
        assert_eq!(unknown.len(), 40, "{}", c.render());
        assert!(unknown.iter().all(|d| d
            .help
            .as_ref()
            .map(|h| h.render(order_fsm_core::msg::Lang::En))
            .is_some_and(|h| h.starts_with("did you mean `S"))));
    }
}

/// A fenced code block of a Markdown page, for the tests that hold the documentation to
/// what the code does (the reference's examples and transcripts, the README's programs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownBlock {
    /// The info string after the opening fence, trimmed (`fsm`, `fsm,E0013`, `console`).
    pub info: String,
    /// The lines between the fences, each ending in `\n`.
    pub text: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The `<!-- … -->` comments on their own lines directly above the opening fence (blank
    /// lines allowed between), in order.
    pub comments: Vec<String>,
}

/// The fenced blocks of a Markdown text, in order. Fences are three or more backticks at the
/// start of a line (after at most three spaces); a block ends at a fence of at least as many
/// backticks with nothing after it. A block left open is an error naming its line.
pub fn markdown_blocks(markdown: &str) -> Result<Vec<MarkdownBlock>, String> {
    let mut out = Vec::new();
    let mut open: Option<(usize, MarkdownBlock)> = None;
    let mut comments: Vec<String> = Vec::new();
    for (i, line) in markdown.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        let is_fence = indent <= 3 && ticks >= 3;
        match &mut open {
            Some((n, block)) => {
                if is_fence && ticks >= *n && rest[ticks..].trim().is_empty() {
                    if let Some((_, b)) = open.take() {
                        out.push(b);
                    }
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                }
            }
            None if is_fence => {
                open = Some((
                    ticks,
                    MarkdownBlock {
                        info: rest[ticks..].trim().to_string(),
                        text: String::new(),
                        line: i + 1,
                        comments: std::mem::take(&mut comments),
                    },
                ));
            }
            None => {
                let t = line.trim();
                if let Some(c) = t.strip_prefix("<!--").and_then(|c| c.strip_suffix("-->")) {
                    comments.push(c.trim().to_string());
                } else if !t.is_empty() {
                    comments.clear();
                }
            }
        }
    }
    match open {
        Some((_, b)) => Err(format!(
            "the code block opened on line {} is never closed",
            b.line
        )),
        None => Ok(out),
    }
}

#[cfg(test)]
mod markdown_tests {
    use super::*;

    #[test]
    fn markdown_blocks_keep_lines_info_and_comments() {
        let md = "text\n<!-- file: a.fsm -->\n\n```fsm,E0002\nmachine X {}\n```\nmore\n<!-- lost -->\nprose\n````console\n```\n$ ls\n````\n";
        let blocks = markdown_blocks(md).expect("closed");
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].info, "fsm,E0002");
        assert_eq!(blocks[0].line, 4);
        assert_eq!(blocks[0].text, "machine X {}\n");
        assert_eq!(blocks[0].comments, vec!["file: a.fsm".to_string()]);
        // A shorter fence inside a longer one is text; prose between drops a comment.
        assert_eq!(blocks[1].text, "```\n$ ls\n");
        assert!(blocks[1].comments.is_empty());
        assert!(markdown_blocks("```rust\nfn main() {}\n")
            .unwrap_err()
            .contains("line 1"));
    }
}

/// The workspace's root folder (where `specs/`, `docs/` and the crates are).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
}

/// A path inside the workspace, e.g. `workspace_path("specs/order.fsm")`.
pub fn workspace_path(relative: &str) -> std::path::PathBuf {
    workspace_root().join(relative)
}

/// The spec fixtures of the core crate: `fixtures("valid")`, `fixtures("invalid")`.
pub fn fixtures(kind: &str) -> std::path::PathBuf {
    workspace_path("order-fsm-core/tests/fixtures").join(kind)
}

/// A small random machine, the same for the same `seed`: up to three roles, three guards,
/// two events (some limited to roles), states `S0` (initial) to `S2` and the final `S3` and
/// `S4`, and one to eight lines drawn from every kind the language has: lines from a list
/// of states or from `any`, with or without a target (a line that keeps the state, a
/// reminder), events narrowed to a role, timeouts (some on final states, which never fire),
/// guarded or not. Shadowed lines and dead timeouts are common; errors (a dead line) occur,
/// so a caller that needs a clean spec checks it.
///
/// With `rules`, up to four business rules follow, of every form, with names holding a
/// tab, a line break, quotes and backslashes (written with the language's escapes), some
/// of them broken in their own start state.
pub fn random_small_spec(seed: u64, rules: bool) -> String {
    let mut r = SmallRng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut s = String::from("machine M \"m\" {\n");
    let n_roles = r.below(3);
    for i in 0..n_roles {
        let _ = writeln!(s, "  role r{i} \"角色{i}\"");
    }
    s.push_str("  state S0 \"零\" initial\n  state S1 \"一\"\n  state S2 \"二\"\n  state S3 \"三\" final\n  state S4 \"四\" final\n");
    let mut event_roles = Vec::new();
    for e in 0..2 {
        if n_roles > 0 && r.below(2) == 0 {
            let by = if n_roles > 1 { "r0, r1" } else { "r0" };
            let _ = writeln!(s, "  event E{e} \"事件{e}\" by {by}");
            event_roles.push(true);
        } else {
            let _ = writeln!(s, "  event E{e} \"事件{e}\"");
            event_roles.push(false);
        }
    }
    for _ in 0..1 + r.below(8) {
        let sources = match r.below(5) {
            0 => "any".to_string(),
            _ => {
                let mut v: Vec<usize> = (0..1 + r.below(2)).map(|_| r.below(5)).collect();
                v.sort_unstable();
                v.dedup();
                v.iter()
                    .map(|x| format!("S{x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let target = match r.below(6) {
            0 => String::new(),
            _ => format!(" -> S{}", r.below(5)),
        };
        let trigger = if r.below(3) == 0 {
            let label = if r.below(2) == 0 { " \"提醒\"" } else { "" };
            format!("after {}h{label}", 1 + r.below(3))
        } else {
            let e = r.below(2);
            let by = match (n_roles, r.below(3)) {
                (0, _) | (_, 0) => String::new(),
                (_, k) => format!(" by r{}", (k - 1).min(n_roles - 1)),
            };
            format!("on E{e}{by}")
        };
        let guard = match r.below(4) {
            0 | 1 => String::new(),
            g => format!(" if g{}", g - 2 + r.below(2)),
        };
        let _ = writeln!(s, "  {sources}{target} {trigger}{guard}");
    }
    if rules {
        const NAMES: [&str; 6] = [
            "发货后\\t不能取消",
            "第一行\\n第二行",
            "带\\\"引号\\\"的规则",
            "反斜杠\\\\结尾\\\\",
            "tab\\tand \\\"both\\\"\\n\\\\",
            "普通规则",
        ];
        for k in 0..1 + r.below(4) {
            let name = NAMES[r.below(NAMES.len())];
            let (a, b) = (r.below(5), r.below(5));
            let body = match r.below(3) {
                0 => format!("from S{a} never reach S{b}"),
                1 => format!("from S{a} always reach S{b}"),
                _ => format!("reach S{b} only via S{a}"),
            };
            let _ = writeln!(s, "  rule \"{name}{k}\" {{ {body} }}");
        }
    }
    s.push_str("}\n");
    s
}

/// xorshift64*: enough randomness for test specs, with no dependency.
struct SmallRng(u64);

impl SmallRng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}
