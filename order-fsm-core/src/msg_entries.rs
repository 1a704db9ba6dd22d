// The message catalogue. Each entry: NAME [code] { en: "…", zh: "…" }, both languages with
// the same `{placeholders}`. Glossary (shared with the documents' headings): state 状态,
// event 事件, role 角色, guard 条件, action 动作, transition/line 流转, timeout 超时,
// scenario 场景, rule 规则, initial state 初始状态, final state 终态.
catalogue! {
// Shared pieces.
BECAUSE [""] { en: "because of {causes}", zh: "这是由 {causes} 引起的" }
BECAUSE_AT [""] { en: "{finding} at {line}:{col}", zh: "{line}:{col} 处的 {finding}" }
FOUND [""] { en: "{findings} found", zh: "发现{findings}" }
ONE_ERROR [""] { en: "1 error", zh: " 1 个错误" }
N_ERRORS [""] { en: "{n} errors", zh: " {n} 个错误" }
ONE_WARNING [""] { en: "1 warning", zh: " 1 个警告" }
N_WARNINGS [""] { en: "{n} warnings", zh: " {n} 个警告" }
AND_N_MORE [""] { en: "and {n} more", zh: "另外 {n} 个" }
}
