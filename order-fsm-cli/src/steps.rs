//! The steps of `simulate` as a person types them: in the scenario step syntax, where each
//! event, role, guard and state may be named by its id or by its label (`付定金 by 买家`,
//! `"PayDeposit by 买家"`, `"付款 => 待发货"`).
//!
//! Spec files keep ids (a label there is an error that names the id); on the command line a
//! label is what a PM knows, so each name is read here: an id as it is, a label as the id of
//! the one item that has it. A label several items share, or a name that is neither, is a
//! wrong command line with what it could have been. The text, now written with ids only, is
//! then read by the core like a scenario's steps.

use order_fsm_core::diag::{codes, Diagnostic};
use order_fsm_core::model::{ItemKind, Machine};
use order_fsm_core::msg::{self, Text};
use order_fsm_core::source::Span;
use order_fsm_core::t;

/// What a name at some place of a step stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    State,
    Event,
    Role,
    Guard,
}

impl Kind {
    fn one(self) -> &'static msg::Msg {
        match self {
            Kind::State => &msg::KIND_STATE,
            Kind::Event => &msg::KIND_EVENT,
            Kind::Role => &msg::KIND_ROLE,
            Kind::Guard => &msg::KIND_GUARD,
        }
    }
    fn many(self) -> &'static msg::Msg {
        match self {
            Kind::State => &msg::KINDS_STATE,
            Kind::Event => &msg::KINDS_EVENT,
            Kind::Role => &msg::KINDS_ROLE,
            Kind::Guard => &msg::KINDS_GUARD,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Kind::State => codes::UNKNOWN_STATE,
            Kind::Event => codes::UNKNOWN_EVENT,
            Kind::Role => codes::UNKNOWN_ROLE,
            Kind::Guard => codes::UNKNOWN_GUARD,
        }
    }
}

/// `(id, label)` of every item of a kind, in spec order (a guard's label is its
/// description).
fn items(m: &Machine, kind: Kind) -> Vec<(&str, Option<&str>)> {
    m.names(match kind {
        Kind::State => ItemKind::State,
        Kind::Event => ItemKind::Event,
        Kind::Role => ItemKind::Role,
        Kind::Guard => ItemKind::Guard,
    })
}

/// `付定金 (PayDeposit)`, or the id alone when the item has no label.
fn shown(id: &str, label: Option<&str>) -> Text {
    match label {
        Some(l) if !l.is_empty() => Text::Lit(format!("{l} (`{id}`)")),
        _ => Text::code(id),
    }
}

/// The id a name on the command line stands for, or why it stands for none. `span` is where
/// the name is in the text shown with a diagnostic.
pub fn resolve<'m>(
    m: &'m Machine,
    kind: Kind,
    name: &str,
    span: Span,
) -> Result<&'m str, Box<Diagnostic>> {
    let all = items(m, kind);
    if let Some((id, _)) = all.iter().find(|(id, _)| *id == name) {
        return Ok(id);
    }
    let with_label: Vec<&(&str, Option<&str>)> =
        all.iter().filter(|(_, l)| *l == Some(name)).collect();
    match with_label.as_slice() {
        [(id, _)] => Ok(id),
        [] => Err(Box::new(unknown(m, kind, name, span, &all))),
        several => {
            let ids: Vec<Text> = several.iter().map(|(id, _)| Text::code(id)).collect();
            Err(Box::new(
                Diagnostic::error(
                    kind.code(),
                    t!(
                        msg::CLI_STEP_AMBIGUOUS,
                        label = Text::code(name),
                        kinds = kind.many(),
                        ids = Text::List(ids.clone())
                    ),
                    span,
                    t!(
                        msg::CLI_STEP_AMBIGUOUS_LABEL,
                        n = several.len(),
                        kinds = kind.many()
                    ),
                )
                .with_help(t!(msg::CLI_STEP_WRITE_ID, ids = Text::OrList(ids))),
            ))
        }
    }
}

fn unknown(
    m: &Machine,
    kind: Kind,
    name: &str,
    span: Span,
    all: &[(&str, Option<&str>)],
) -> Diagnostic {
    // The nearest id or label; a label is shown with its id.
    let words = all
        .iter()
        .flat_map(|(id, l)| std::iter::once(*id).chain(l.iter().copied()));
    let help = match order_fsm_core::suggest::did_you_mean(name, words) {
        // An id is suggested as it is written; a label with the id it stands for.
        Some(s) if all.iter().any(|(id, _)| *id == s) => {
            t!(msg::DID_YOU_MEAN, name = Text::code(s))
        }
        Some(s) => {
            let (id, label) = all
                .iter()
                .find(|(_, l)| *l == Some(s))
                .copied()
                .unwrap_or((s, None));
            t!(msg::DID_YOU_MEAN, name = shown(id, label))
        }
        None if all.is_empty() => t!(msg::CLI_STEP_NONE, kinds = kind.many()),
        None => t!(
            msg::ITEMS_OF,
            kinds = kind.many(),
            machine = Text::code(&m.id.text),
            names = Text::Join(all.iter().map(|(id, l)| shown(id, *l)).collect())
        ),
    };
    Diagnostic::error(
        kind.code(),
        t!(msg::UNKNOWN_NAME, kind = kind.one(), id = Text::code(name)),
        span,
        t!(msg::CLI_STEP_NO_SUCH, kind = kind.one()),
    )
    .with_help(help)
}

/// What the next word of a step names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    /// The start of a step: an event, or `after`.
    Step,
    /// After a comma outside brackets: `still` (after `rejected`) or a new step.
    AfterComma,
    Name(Kind),
    /// The delay after `after`.
    Delay,
    /// After `=>`: `rejected` or a state.
    Outcome,
    /// Anything else: left for the core to read (a misplaced word is its syntax error).
    Other,
}

/// Characters that end a word of a step.
fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '[' | ']' | '=')
}

/// `text` (the steps, as typed) with every name written as its id, or the diagnostics
/// (positions in `text`) of the names that stand for no single item.
pub fn with_ids(m: &Machine, text: &str) -> Result<String, Vec<Diagnostic>> {
    let mut out = String::with_capacity(text.len());
    let mut diags = Vec::new();
    let mut next = Next::Step;
    let mut in_guards = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        if rest.starts_with("=>") {
            out.push_str("=>");
            i += 2;
            next = Next::Outcome;
            continue;
        }
        if matches!(c, ',' | '[' | ']' | '=') {
            out.push(c);
            i += 1;
            next = match c {
                ',' if in_guards => Next::Name(Kind::Guard),
                ',' => Next::AfterComma,
                '[' => {
                    in_guards = true;
                    Next::Name(Kind::Guard)
                }
                ']' => {
                    in_guards = false;
                    Next::Other
                }
                _ => Next::Other,
            };
            continue;
        }
        let word_len = rest.find(ends_word).unwrap_or(rest.len());
        let word = &rest[..word_len];
        // What this word names, and what the word after it names.
        let (kind, after) = match (next, word) {
            (Next::Step | Next::AfterComma, "after") => (None, Next::Delay),
            (Next::AfterComma, "still") => (None, Next::Name(Kind::State)),
            (Next::Step | Next::AfterComma, _) => (Some(Kind::Event), Next::Other),
            (Next::Other, "by") => (None, Next::Name(Kind::Role)),
            (Next::Name(Kind::Guard), "not") => (None, Next::Name(Kind::Guard)),
            (Next::Name(k), _) => (Some(k), Next::Other),
            (Next::Outcome, "rejected") => (None, Next::Other),
            (Next::Outcome, _) => (Some(Kind::State), Next::Other),
            (Next::Delay | Next::Other, _) => (None, Next::Other),
        };
        next = after;
        let Some(kind) = kind else {
            out.push_str(word);
            i += word_len;
            continue;
        };
        // A label may hold spaces or commas: the longest label of the kind written here
        // wins when it is longer than the word (`Cancel order` over the id `Cancel`).
        let label_len = items(m, kind)
            .iter()
            .filter_map(|(_, l)| *l)
            .filter(|l| {
                l.len() > word_len
                    && rest.starts_with(l)
                    && rest[l.len()..].chars().next().is_none_or(ends_word)
            })
            .map(str::len)
            .max();
        let len = label_len.unwrap_or(word_len).max(1);
        let len = (1..=len.min(rest.len()))
            .rev()
            .find(|&n| rest.is_char_boundary(n))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        match resolve(m, kind, name, Span::new(i, i + len)) {
            Ok(id) => out.push_str(id),
            Err(d) => {
                diags.push(*d);
                out.push_str(name);
            }
        }
        i += len;
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"machine Presale "预售订单" {
  role buyer  "买家"
  role seller "卖家"
  role helper "买家"
  state Deposit  "待付定金" initial
  state Balance  "待付尾款"
  state Closed   "已关闭"   final
  event PayDeposit "付定金" by buyer, helper
  event Cancel "Cancel order"
  guard ok "定金到账"
  Deposit -> Balance on PayDeposit if ok
  Deposit -> Closed  on Cancel
  Balance -> Closed  on Cancel
}
"#;

    fn machine() -> order_fsm_core::Compiled {
        order_fsm_core::compile("presale.fsm", SPEC)
    }

    fn ids(text: &str) -> Result<String, Vec<String>> {
        let c = machine();
        let m = &c.spec.as_ref().expect("spec").machines[0];
        with_ids(m, text).map_err(|ds| {
            ds.iter()
                .map(|d| format!("{} {}", d.code, d.message.render(msg::Lang::En)))
                .collect()
        })
    }

    #[test]
    fn labels_become_ids_and_ids_stay() {
        assert_eq!(
            ids("付定金 by seller [定金到账, not ok] => 待付尾款").as_deref(),
            Ok("PayDeposit by seller [ok, not ok] => Balance")
        );
        assert_eq!(
            ids("Cancel order => rejected, still 待付定金, after 30m, Cancel => 已关闭").as_deref(),
            Ok("Cancel => rejected, still Deposit, after 30m, Cancel => Closed")
        );
        assert_eq!(
            ids("PayDeposit by 卖家").as_deref(),
            Ok("PayDeposit by seller")
        );
    }

    #[test]
    fn a_shared_label_or_an_unknown_name_says_what_it_could_be() {
        assert_eq!(
            ids("付定金 by 买家"),
            Err(vec![
                "E0004 `买家` is the label of several roles: `buyer` and `helper`".to_string()
            ])
        );
        assert_eq!(
            ids("付订金, Pay => 已关闭x"),
            Err(vec![
                "E0003 unknown event `付订金`".to_string(),
                "E0003 unknown event `Pay`".to_string(),
                "E0002 unknown state `已关闭x`".to_string(),
            ])
        );
    }

    /// Texts made of the pieces of steps in any order: reading them never panics, and what
    /// it gives the core is read by it without a panic either.
    #[test]
    fn steps_of_any_shape_are_read_without_a_panic() {
        let pieces = [
            "付定金",
            "by",
            "买家",
            "[",
            "]",
            ",",
            "=>",
            "=",
            "not",
            "定金到账",
            "after",
            "30m",
            "rejected",
            "still",
            "待付定金",
            " ",
            "Cancel order",
            "Cancel",
            "é",
            "\n",
            "ok",
        ];
        let c = machine();
        let m = &c.spec.as_ref().expect("spec").machines[0];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let mut text = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 9) as usize;
            let mut s = seed;
            for _ in 0..n {
                text.push_str(pieces[(s % pieces.len() as u64) as usize]);
                s /= pieces.len() as u64;
                if s % 2 == 0 {
                    text.push(' ');
                }
            }
            if let Ok(ids) = with_ids(m, &text) {
                let _ = order_fsm_core::lower::resolve_steps(m, &ids);
            }
        }
    }

    #[test]
    fn any_text_is_read_without_a_panic() {
        for text in [
            "", "=", "=>", "[", "]]", ",,", "é", "付 [", "after", "by by", "a=>b=>c",
        ] {
            let _ = ids(text);
        }
    }
}
