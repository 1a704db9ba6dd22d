// The message catalogue. Each entry: NAME [code] { en: "…", zh: "…" }, both languages with
// the same `{placeholders}`. Glossary (shared with the documents' headings): state 状态,
// event 事件, role 角色, guard 条件, action 动作, transition/line 流转, timeout 超时,
// scenario 场景, rule 规则, initial state 初始状态, final state 终态.
catalogue! {
// Shared pieces.
BECAUSE [""] { en: "because of {causes}", zh: "这是由 {causes} 引起的" }
BECAUSE_AT [""] { en: "{finding} at {line}:{col}", zh: "{line}:{col} 处的 {finding}" }
FOUND [""] { en: "{findings} found", zh: "发现 {findings}" }
ONE_ERROR [""] { en: "1 error", zh: "1 个错误" }
N_ERRORS [""] { en: "{n} errors", zh: "{n} 个错误" }
ONE_WARNING [""] { en: "1 warning", zh: "1 个警告" }
N_WARNINGS [""] { en: "{n} warnings", zh: "{n} 个警告" }
AND_N_MORE [""] { en: "and {n} more", zh: "另外 {n} 个" }

// Pieces used by several codes.
IS_FINAL [""] { en: "{state} is final", zh: "{state} 是终态" }
MARKED_FINAL_HERE [""] { en: "marked `final` here", zh: "在这里标为终态（`final`）" }
IN_ANY_STATE [""] { en: "in any state", zh: "在任何状态下" }
IN_STATES [""] { en: "in {states}", zh: "在 {states}" }
FOR_ROLES [""] { en: " for {roles}", zh: "（对 {roles}）" }
REMOVE_LINE [""] { en: "delete this line", zh: "删掉这条流转" }
REMOVE_TIMEOUT [""] { en: "delete this timeout", zh: "删掉这个超时" }
REMOVE_REMINDER [""] { en: "delete this reminder", zh: "删掉这条提醒" }
REMOVE_SOURCES [""] { en: "remove {states} from its sources", zh: "把 {states} 从它的起始状态中去掉" }
NEVER_TAKEN [""] { en: "never taken", zh: "永远走不到" }
NEVER_FIRES [""] { en: "never fires", zh: "永远不会触发" }
NEVER_RUNS [""] { en: "never runs", zh: "永远不会执行" }
ALWAYS_TAKEN_FIRST [""] { en: "always taken first", zh: "总是先走这条" }
SAME_GUARD_TRIED_FIRST [""] { en: "same guard, tried first", zh: "条件相同，先判断这条" }
TIMEOUT_FIRES_FIRST [""] { en: "this timeout fires first", zh: "这个超时先触发" }
SAME_GUARD_FIRES_FIRST [""] { en: "same guard, fires first", zh: "条件相同，先触发" }
DECLARED_HERE [""] { en: "{name} declared here", zh: "{name} 在这里声明" }
DEFINED_HERE [""] { en: "{name} defined here", zh: "{name} 在这里定义" }
FIRST_DEFINED_HERE [""] { en: "first defined here", zh: "第一次定义在这里" }
FIRST_LISTED_HERE [""] { en: "first listed here", zh: "第一次写在这里" }
KIND_MACHINE [""] { en: "machine", zh: "状态机" }
KIND_STATE [""] { en: "state", zh: "状态" }
KIND_EVENT [""] { en: "event", zh: "事件" }
KIND_FIELD [""] { en: "field", zh: "字段" }
KIND_ROLE [""] { en: "role", zh: "角色" }
KIND_GUARD [""] { en: "guard", zh: "条件" }
KIND_ACTION [""] { en: "action", zh: "动作" }
KIND_SYSTEM [""] { en: "code system", zh: "状态码体系" }
THEN_SEP [""] { en: ", then ", zh: "，接着 " }

// Why a step is refused (scenarios, `simulate`).
REJECT_FINAL [""] { en: "{state} is a final state: nothing can happen to it any more", zh: "{state} 是终态：订单到这里就结束了，不会再发生任何事" }
REJECT_NO_LINE [""] { en: "{event} is not possible in {state}: no line of the spec handles it there", zh: "在 {state} 不能{event}：规格里没有流转在这个状态处理它" }
REJECT_ROLE [""] { en: "{role} may not fire {event} in {state}; allowed: {allowed}", zh: "{role} 不能在 {state} 触发 {event}；可以触发的角色：{allowed}" }
REJECT_GUARD [""] { en: "{event} in {state} was refused: guard {guards} said no", zh: "在 {state} 的 {event} 被拒绝：条件 {guards} 不成立" }
REJECT_NO_TIMEOUT [""] { en: "no timeout of {state} is due after {after}", zh: "{state} 在 {after} 后没有到期的超时" }
REJECT_TIMEOUT_GUARD [""] { en: "no timeout of {state} fired after {after}: guard {guards} said no", zh: "{state} 在 {after} 后没有超时触发：条件 {guards} 不成立" }

// E0009, W0006
E0009_MESSAGE ["E0009"] { en: "transition out of final state {state}", zh: "终态 {state} 之后还有流转" }
E0009_NOTE ["E0009"] { en: "a final state accepts no events, so {event} can never happen here", zh: "终态不再接受任何事件，所以 {event} 在这里永远不会发生" }
E0009_HELP ["E0009"] { en: "decide which of the two is wrong:\n- the line is the mistake: {drop_line}; an order that is {state_name} then stays so for good, and {event_name} is refused there\n- {state} is not really final: remove `final` from it; an order that is {state_name} is then still open: {event_name} {moves}, and its life ends only in another final state", zh: "先想清楚是哪一边错了：\n- 这条流转写错了：{drop_line}；订单到了 {state_name} 就一直停在那里，{event_name} 在那里会被拒绝\n- {state} 其实不是终态：去掉它的 `final`；订单到了 {state_name} 还没有结束：{event_name} {moves}，要到别的终态订单才算结束" }
E0009_DROP_SOURCE ["E0009"] { en: "remove {state} from this line's sources", zh: "把 {state} 从这条流转的起始状态中去掉" }
E0009_DROP_LINE ["E0009"] { en: "delete this line, or start it from the state where it should happen", zh: "删掉这条流转，或者让它从真正该发生的状态出发" }
E0009_STAYS ["E0009"] { en: "is accepted there and leaves it as it is", zh: "在那里会被接受，状态保持不变" }
E0009_TAKES_TO ["E0009"] { en: "takes it to {target}", zh: "会把订单带到 {target}" }
W0006_MESSAGE ["W0006"] { en: "timeout on final state {state} never fires", zh: "终态 {state} 上的超时永远不会触发" }
W0006_HELP ["W0006"] { en: "final states never change; remove the timeout, or remove `final` if the order still moves on", zh: "终态不会再变化：删掉这个超时；如果订单到这里后还会继续流转，就去掉 `final`" }

// E0010, E0011
E0010_SAME_GUARD ["E0010"] { en: "two lines for {event} {place} have the same guard {guard}", zh: "{place}，事件 {event} 的两条流转用了同一个条件 {guard}" }
E0010_ANY_NEVER ["E0010"] { en: "this `any` line for {event} can never be taken {place}", zh: "事件 {event} 的这条 `any` 流转{place}都永远走不到" }
E0010_NEVER ["E0010"] { en: "this line for {event} {place} can never be taken", zh: "{place}，事件 {event} 的这条流转永远走不到" }
E0010_WHY_SAME_GUARD ["E0010"] { en: "a line tried before it has the same guard {guard}: when {guard} says yes that line is taken, and when it says no it says no for this line too", zh: "排在它前面的一条流转用了同一个条件 {guard}：{guard} 成立时走那一条，不成立时这一条也不成立" }
E0010_WHY_ONE_UNGUARDED ["E0010"] { en: "the marked line is tried before it and has no guard, so it is always taken", zh: "标出的那条流转排在它前面，而且没有条件，所以总是走那一条" }
E0010_WHY_ALL_UNGUARDED ["E0010"] { en: "the marked lines are tried before it and have no guard, so one of them is always taken", zh: "标出的几条流转排在它前面，而且都没有条件，所以总会走其中一条" }
E0010_WHY_MIXED ["E0010"] { en: "each marked line is tried before it and always wins, having no guard or the same guard", zh: "标出的每条流转都排在它前面，没有条件或条件相同，总是它们先被选中" }
E0010_FIX_OWN_GUARD ["E0010"] { en: "{remove}, or give it a guard of its own", zh: "{remove}，或者给它一个自己的条件" }
E0010_FIX_MOVE_ONE ["E0010"] { en: "{remove}, or move it above the line marked if it should win there", zh: "{remove}；如果那里应该走它，就把它挪到标出的那条流转前面" }
E0010_FIX_MOVE_MANY ["E0010"] { en: "{remove}, or move it above the lines marked if it should win there", zh: "{remove}；如果那里应该走它，就把它挪到标出的那些流转前面" }
E0010_FIX_ANY ["E0010"] { en: "{remove} (lines that name a state are always tried before `any` lines, so moving it does not help)", zh: "{remove}（写明状态的流转总是先于 `any` 流转判断，挪动位置没有用）" }
E0010_DEAD_FOR ["E0010"] { en: "this line is dead for {roles}: ", zh: "对 {roles} 来说这条流转永远走不到：" }
E0010_HELP ["E0010"] { en: "{dead_for}{why}; {fix}", zh: "{dead_for}{why}。{fix}" }
E0010_MORE_WINNERS ["E0010"] { en: "and {n} more lines win over it in other states", zh: "在其他状态下还有 {n} 条流转抢在它前面" }
E0011_ANY ["E0011"] { en: "this `any` timeout after {delay} can never fire in any state", zh: "这条 `any` 超时（{delay} 后）在任何状态下都不会触发" }
E0011_MESSAGE ["E0011"] { en: "timeout after {delay} {place} can never fire", zh: "{place}，{delay} 后的超时永远不会触发" }
E0011_HELP_UNGUARDED ["E0011"] { en: "the unguarded timeout after {earlier} always fires first; {remove}, or give the earlier one a guard", zh: "{earlier} 后的那个超时没有条件，总是先触发：{remove}，或者给先触发的那个超时加上条件" }
E0011_HELP_SAME_GUARD ["E0011"] { en: "the timeout after {earlier} has the same guard {guard} and is tried first: when {guard} says yes it fires, and when it says no it says no for this one too; {remove}, or give this one a guard of its own", zh: "{earlier} 后的超时用了同一个条件 {guard}，而且先判断：{guard} 成立时它触发，不成立时这一个也不成立。{remove}，或者给这个超时一个自己的条件" }
E0011_REMINDER ["E0011"] { en: "reminder after {delay} {place} can never run", zh: "{place}，{delay} 后的提醒永远不会执行" }
E0011_REMINDER_ANY ["E0011"] { en: "this `any` reminder after {delay} can never run in any state", zh: "这条 `any` 提醒（{delay} 后）在任何状态下都不会执行" }
E0011_HELP_REMINDER ["E0011"] { en: "the unguarded timeout after {earlier} takes the order out of the state before this reminder is due (a reminder runs first only when it is due at the same moment or earlier); make the reminder earlier than {earlier}, {remove}, or give the timeout a guard", zh: "{earlier} 后的那个超时没有条件，提醒到期前订单就已经离开这个状态了（提醒只有在同一时刻或更早到期时才会先执行）：把提醒提前到 {earlier} 之前，{remove}，或者给那个超时加上条件" }
E0011_HELP_MANY ["E0011"] { en: "in each state a shorter (or earlier) timeout without a guard, or with the same guard, fires first; {remove}", zh: "在每个状态下，都有一个更短（或排在前面）、没有条件或条件相同的超时先触发：{remove}" }

// E0012
E0012_NOTE ["E0012"] { en: "{first} and {second} are one code: a system that sends the code as text cannot tell them apart", zh: "{first} 和 {second} 是同一个状态码：按文本传状态码的系统分不清它们" }
E0012_TWICE ["E0012"] { en: "status code {code} is listed twice for state {state}", zh: "状态 {state} 的状态码 {code} 写了两次" }
E0012_CODE_REPEATED ["E0012"] { en: "code repeated", zh: "状态码重复" }
E0012_LIST_ONCE ["E0012"] { en: "list each code once", zh: "每个状态码只写一次" }
E0012_SHARED ["E0012"] { en: "states {first} and {second} share status code {code}", zh: "状态 {first} 和 {second} 用了同一个状态码 {code}" }
E0012_USES ["E0012"] { en: "{state} uses {code}", zh: "{state} 用了 {code}" }
E0012_ALREADY_USES ["E0012"] { en: "{state} already uses {code}", zh: "{state} 已经用了 {code}" }
E0012_HELP ["E0012"] { en: "a status code must map back to exactly one state; give each state its own code (where another system uses one code for several states, declare it with `codes legacy \"…\"` and mark the code `shared` on every state using it: `legacy 5 shared`)", zh: "一个状态码只能对应一个状态：给每个状态一个自己的状态码（如果是别的系统用一个状态码表示几个状态，就用 `codes legacy \"…\"` 声明那个体系，并在每个用这个状态码的状态上标 `shared`：`legacy 5 shared`）" }
E0012_SHARED_IN ["E0012"] { en: "states {first} and {second} share {system} code {code}, and not every state using it is marked `shared`", zh: "状态 {first} 和 {second} 在 {system} 里用了同一个状态码 {code}，但不是每个用它的状态都标了 `shared`" }
E0012_TWICE_IN ["E0012"] { en: "{system} code {code} is listed twice for state {state}", zh: "状态 {state} 在 {system} 里的状态码 {code} 写了两次" }
E0012_MARK_SHARED ["E0012"] { en: "if that system really uses one code for these states, mark it `shared` on every state that uses it: {example}; otherwise give each state its own code", zh: "如果那个系统确实用一个状态码表示这几个状态，就在每个用它的状态上标 `shared`：{example}；否则给每个状态一个自己的状态码" }
E0012_NOT_MARKED ["E0012"] { en: "{state} uses {code} without `shared`", zh: "{state} 用了 {code}，没有标 `shared`" }

// E0013, E0014
E0013_IS ["E0013"] { en: "{kind} name {id} is the Rust keyword {form}", zh: "{kind}名 {id} 是 Rust 关键字 {form}" }
E0013_BECOMES ["E0013"] { en: "{kind} {id} becomes {form} in generated code, a Rust keyword", zh: "{kind} {id} 在生成的代码里会变成 Rust 关键字 {form}" }
E0013_LABEL ["E0013"] { en: "{form} cannot be a name in Rust, not even as {raw}", zh: "{form} 在 Rust 里不能当名字用，写成 {raw} 也不行" }
E0013_HELP ["E0013"] { en: "rename it, e.g. {suggestion}", zh: "换个名字，比如 {suggestion}" }
E0014_METHOD ["E0014"] { en: "event {event} collides with the generated method {method}", zh: "事件 {event} 和生成的方法 {method} 重名" }
E0014_BECOMES_METHOD ["E0014"] { en: "becomes the method {method}", zh: "会变成方法 {method}" }
E0014_RENAME_EVENT ["E0014"] { en: "rename the event, e.g. {suggestion}", zh: "给事件换个名字，比如 {suggestion}" }
E0014_EVENTS ["E0014"] { en: "events {first} and {second} both become the method {method}", zh: "事件 {first} 和 {second} 都会变成方法 {method}" }
E0014_COLLIDES ["E0014"] { en: "collides", zh: "重名" }
E0014_RENAME_ONE_EVENT ["E0014"] { en: "rename one of the two events", zh: "给这两个事件中的一个换个名字" }
E0014_ROLES ["E0014"] { en: "roles {first} and {second} both become {variant} in generated code", zh: "角色 {first} 和 {second} 在生成的代码里都会变成 {variant}" }
E0014_RENAME_ONE_ROLE ["E0014"] { en: "rename one of the two roles", zh: "给这两个角色中的一个换个名字" }
E0014_SYSTEMS ["E0014"] { en: "code systems {first} and {second} both become the method {method}", zh: "状态码体系 {first} 和 {second} 都会变成方法 {method}" }
E0014_SYSTEM_METHOD ["E0014"] { en: "code system {system} becomes the method {method}, which the state type already has", zh: "状态码体系 {system} 会变成方法 {method}，而状态类型已经有这个方法" }
E0014_RENAME_SYSTEM ["E0014"] { en: "rename the code system, e.g. {suggestion}", zh: "给状态码体系换个名字，比如 {suggestion}" }
E0014_HOOK ["E0014"] { en: "{name} is both a guard and an action", zh: "{name} 既是条件又是动作" }
E0014_USED_AS_ACTION ["E0014"] { en: "used as an action here", zh: "在这里用作动作" }
E0014_USED_AS_GUARD ["E0014"] { en: "used as a guard here", zh: "在这里用作条件" }
E0014_HOOK_HELP ["E0014"] { en: "guards and actions become methods of one hooks trait; give them different names, e.g. `check_…` for the guard", zh: "条件和动作会成为同一个钩子 trait 的方法：给它们起不同的名字，比如条件用 `check_…`" }

// E0015
E0015_MESSAGE ["E0015"] { en: "scenario \"{name}\" fails", zh: "场景「{name}」没有通过" }
E0015_TAKEN ["E0015"] { en: "this line was taken", zh: "走的是这条流转" }
E0015_STEPS ["E0015"] { en: "steps run: {steps}", zh: "已执行的步骤：{steps}" }
E0015_HELP ["E0015"] { en: "either the transitions or the scenario is wrong; fix the one that does not match the PRD", zh: "要么流转写错了，要么场景写错了：改掉和 PRD 不一致的那一边" }
E0015_LEADS_TO ["E0015"] { en: "{step} leads to {to}, but the scenario expects {want}", zh: "{step} 走到了 {to}，但场景期望的是 {want}" }
E0015_ACCEPTED ["E0015"] { en: "{step} is accepted in {from} and leads to {to}, but the scenario expects it to be rejected", zh: "{step} 在 {from} 被接受并走到了 {to}，但场景期望它被拒绝" }
E0015_REJECTED ["E0015"] { en: "{step} is rejected: {why}", zh: "{step} 被拒绝：{why}" }
E0015_TRUSTED ["E0015"] { en: "the step says no `by`, so it runs as a trusted caller that passes role checks; only {roles} may take this line. To check that another role is refused, name that role{example}", zh: "这一步没有写 `by`，所以按可信调用方执行，不做角色检查；只有 {roles} 能走这条流转。要检查别的角色会被拒绝，就写明那个角色{example}" }
E0015_STAYS ["E0015"] { en: "{step}: nothing happens ({why}), so the order is still {at}, but the scenario expects {want}", zh: "{step}：什么也没发生（{why}），订单仍是 {at}，但场景期望的是 {want}" }
E0015_REFUSED_ELSEWHERE ["E0015"] { en: "{step} is rejected as expected ({why}), but the order is {at}, not {want}", zh: "{step} 如期被拒绝（{why}），但订单此时是 {at}，不是 {want}" }
E0015_STILL_HINT ["E0015"] { en: "to say that the step is refused and the order stays where it is, write {example}", zh: "如果想说这一步会被拒绝、订单留在原状态，请写 {example}" }
E0015_STARTS ["E0015"] { en: "the scenario starts in {start}, but it expects {want}", zh: "场景从 {start} 开始，但它期望的是 {want}" }
E0015_TRUSTED_EXAMPLE ["E0015"] { en: ", e.g. {example}", zh: "，比如 {example}" }

// W0001 – W0009
W0001_MESSAGE ["W0001"] { en: "state {state} can never be reached", zh: "状态 {state} 永远到达不了" }
W0001_LABEL ["W0001"] { en: "no path from the initial state leads here", zh: "从初始状态出发，没有任何路径通到这里" }
W0001_HELP ["W0001"] { en: "add a transition into {state}, or remove the state", zh: "加一条进入 {state} 的流转，或者删掉这个状态" }
W0002_MESSAGE ["W0002"] { en: "state {state} is not final but has no way out", zh: "状态 {state} 不是终态，却没有出路" }
W0002_LABEL ["W0002"] { en: "orders get stuck here", zh: "订单会卡在这里" }
W0002_HELP ["W0002"] { en: "add a transition out of {state}, or mark it `final`", zh: "加一条从 {state} 出去的流转，或者把它标为终态（`final`）" }
W0003_NO_FINAL ["W0003"] { en: "machine {machine} has no final state", zh: "状态机 {machine} 没有终态" }
W0003_NEVER_FINISH ["W0003"] { en: "orders never finish", zh: "订单永远不会结束" }
W0003_NO_FINAL_HELP ["W0003"] { en: "mark the states where an order's life ends with `final`, e.g. `state Completed \"交易成功\" final`", zh: "用 `final` 标出订单在哪些状态结束，比如 `state Completed \"交易成功\" final`" }
W0003_MESSAGE ["W0003"] { en: "no final state can be reached from {state}", zh: "从 {state} 出发到不了任何终态" }
W0003_LABEL ["W0003"] { en: "orders here never finish", zh: "到了这里的订单永远不会结束" }
W0003_HELP ["W0003"] { en: "add a path from this state (or the states it leads to) to a final state", zh: "从这个状态（或它能到的状态）加一条通往终态的路径" }
W0004_MESSAGE ["W0004"] { en: "event {event} is never used", zh: "事件 {event} 没有用到" }
W0004_LABEL ["W0004"] { en: "no transition uses it", zh: "没有流转用到它" }
W0004_HELP ["W0004"] { en: "add a transition with `on {id}`, or remove the event", zh: "加一条 `on {id}` 的流转，或者删掉这个事件" }
W0005_STATE ["W0005"] { en: "state {state} has no label", zh: "状态 {state} 没有中文名（标签）" }
W0005_EVENT ["W0005"] { en: "event {event} has no label", zh: "事件 {event} 没有中文名（标签）" }
W0005_LABEL ["W0005"] { en: "documents will show the id", zh: "文档里只能显示英文 id" }
W0005_STATE_HELP ["W0005"] { en: "add a label after the id, e.g. `state {id} \"待发货\"`", zh: "在 id 后面加上标签，比如 `state {id} \"待发货\"`" }
W0005_EVENT_HELP ["W0005"] { en: "add a label after the id, e.g. `event {id} \"发货\"`", zh: "在 id 后面加上标签，比如 `event {id} \"发货\"`" }
W0007_MESSAGE ["W0007"] { en: "role {role} is never used", zh: "角色 {role} 没有用到" }
W0007_LABEL ["W0007"] { en: "no event names it", zh: "没有事件提到它" }
W0007_HELP ["W0007"] { en: "add `by {id}` to the events this role may fire, or remove the role", zh: "在这个角色可以触发的事件上加 `by {id}`，或者删掉这个角色" }
W0009_GUARD ["W0009"] { en: "guard {guard} is never used", zh: "条件 {guard} 没有用到" }
W0009_GUARD_LABEL ["W0009"] { en: "no transition checks it", zh: "没有流转检查它" }
W0009_GUARD_HELP ["W0009"] { en: "use it on a transition with `if {id}`, or remove the declaration", zh: "在流转上用 `if {id}` 检查它，或者删掉这个声明" }
W0009_ACTION ["W0009"] { en: "action {action} is never used", zh: "动作 {action} 没有用到" }
W0009_ACTION_LABEL ["W0009"] { en: "no transition runs it", zh: "没有流转执行它" }
W0009_ACTION_HELP ["W0009"] { en: "run it on a transition with `then {id}`, or remove the declaration", zh: "在流转上用 `then {id}` 执行它，或者删掉这个声明" }

// E0022
E0022_EVENT_ONE ["E0022"] { en: "state {state} has {n} lines for event {event}; at most {max} are allowed", zh: "状态 {state} 对事件 {event} 有 {n} 条流转，最多只能有 {max} 条" }
E0022_EVENT_MANY ["E0022"] { en: "states {states} have up to {n} lines for event {event}; at most {max} are allowed", zh: "状态 {states} 对事件 {event} 最多有 {n} 条流转，最多只能有 {max} 条" }
E0022_TIMEOUT_ONE ["E0022"] { en: "state {state} has {n} timeouts; at most {max} are allowed", zh: "状态 {state} 有 {n} 个超时，最多只能有 {max} 个" }
E0022_TIMEOUT_MANY ["E0022"] { en: "states {states} have up to {n} timeouts; at most {max} are allowed", zh: "状态 {states} 最多有 {n} 个超时，最多只能有 {max} 个" }
E0022_LINE_LABEL ["E0022"] { en: "line {k} for this state and event", zh: "这个状态和事件的第 {k} 条流转" }
E0022_TIMEOUT_LABEL ["E0022"] { en: "timeout {k} of this state", zh: "这个状态的第 {k} 个超时" }
E0022_HELP_EVENT ["E0022"] { en: "the generated code tells at most {max} lines apart for one state and event; split the event into several events (e.g. one per channel), or make one guard decide what several lines decide now", zh: "生成的代码对同一个状态和事件最多能区分 {max} 条流转：把这个事件拆成几个事件（比如每个渠道一个），或者让一个条件来决定现在由好几条流转决定的事" }
E0022_HELP_TIMEOUT ["E0022"] { en: "the generated code tells at most {max} timeouts apart for one state; keep fewer timeouts, e.g. one per deadline with a guard that decides what happens", zh: "生成的代码对同一个状态最多能区分 {max} 个超时：减少超时，比如每个期限只留一个，由条件决定之后怎么走" }

// E0001: lines written the PRD way.
SEMI_SEP [""] { en: "; ", zh: "；" }
DID_YOU_MEAN [""] { en: "did you mean {name}?", zh: "是不是想写 {name}？" }
E0001_PRD_MESSAGE ["E0001"] { en: "this transition is not written in the spec language", zh: "这条流转不是按规格语言写的" }
E0001_PRD_LABEL ["E0001"] { en: "written as in a PRD", zh: "这是 PRD 里的写法" }
E0001_PRD_MISSING ["E0001"] { en: "the {kind} is missing", zh: "缺少{kind}" }
E0001_PRD_IS ["E0001"] { en: "{written} is {kind} {id}", zh: "{written} 是{kind} {id}" }
E0001_PRD_NEAR ["E0001"] { en: "{written}: did you mean {kind} {id}?", zh: "{written}：是不是想写{kind} {id}？" }
E0001_PRD_UNKNOWN ["E0001"] { en: "{written} is neither the id nor the label of any {kind} (a new one is declared as {declare})", zh: "{written} 既不是任何{kind}的 id，也不是它们的标签（新的{kind}这样声明：{declare}）" }
E0001_PRD_IDS ["E0001"] { en: "names in a line are ids, not labels: {names}", zh: "流转里写的是 id，不是标签：{names}" }
E0001_PRD_ASCII ["E0001"] { en: "the arrow is `->`, and commas and brackets are ASCII", zh: "箭头写作 `->`，逗号和括号用英文半角" }
E0001_PRD_WRITE ["E0001"] { en: "write it as {line}", zh: "写成 {line}" }
E0001_PRD_WRITE_LINE ["E0001"] { en: "write the line as {line}", zh: "这一行写成 {line}" }
E0001_PRD_WRITE_IDS ["E0001"] { en: "write it as {template}, with ids where it says `…`; a transition reads `Source -> Target on Event` (or `by role` after the event, or `after 30m` instead of `on`)", zh: "写成 {template}，`…` 处填上 id；流转的写法是 `起始状态 -> 目标状态 on 事件`（事件后可加 `by 角色`，或者用 `after 30m` 代替 `on`）" }
E0001_PRD_FORM ["E0001"] { en: "a transition reads `Source -> Target on Event` (or `by role` after the event, or `after 30m` instead of `on`), then `if guard`, `then action, …` and `note \"…\"` in this order", zh: "流转的写法是 `起始状态 -> 目标状态 on 事件`（事件后可加 `by 角色`，或者用 `after 30m` 代替 `on`），后面依次是 `if 条件`、`then 动作, …` 和 `note \"…\"`" }
E0001_KIND_ID ["E0001"] { en: "{kind} {id}", zh: "{kind} {id}" }
E0001_IS_LABEL ["E0001"] { en: "{word} is a label; names in a spec are ids", zh: "{word} 是标签；规格里引用名字要写 id" }
E0001_LABEL_OF ["E0001"] { en: "the label of {items}", zh: "这是{items} 的标签" }

// Names: E0002 – E0008, E0017 – E0021, E0023, W0008.
KINDS_STATE [""] { en: "states", zh: "状态" }
KINDS_EVENT [""] { en: "events", zh: "事件" }
KINDS_ROLE [""] { en: "roles", zh: "角色" }
KINDS_GUARD [""] { en: "guards", zh: "条件" }
KINDS_ACTION [""] { en: "actions", zh: "动作" }
KINDS_SYSTEM [""] { en: "code systems", zh: "状态码体系" }
UNKNOWN_NAME [""] { en: "unknown {kind} {id}", zh: "未知的{kind} {id}" }
NO_SUCH_NAME [""] { en: "no {kind} is named {id}", zh: "没有名为 {id} 的{kind}" }
DECLARE_IT [""] { en: "declare it: {decl}", zh: "先声明它：{decl}" }
NEAR_OR_DECLARE [""] { en: "did you mean {name}? If {id} is a new {kind}, declare it: {decl}", zh: "是不是想写 {name}？如果 {id} 是新的{kind}，先声明它：{decl}" }
ITEMS_OF [""] { en: "{kinds} of {machine}: {names}", zh: "{machine} 的{kinds}有：{names}" }
E0002_IS_EVENT ["E0002"] { en: "{id} is an event, not a state", zh: "{id} 是事件，不是状态" }
E0003_IS_STATE ["E0003"] { en: "{id} is a state, not an event", zh: "{id} 是状态，不是事件" }
E0004_DECLARE ["E0004"] { en: "declare it in the machine: {decl}", zh: "先在状态机里声明它：{decl}" }
E0005_MESSAGE ["E0005"] { en: "{kind} {id} is defined twice", zh: "{kind} {id} 定义了两次" }
E0005_AGAIN ["E0005"] { en: "defined again here", zh: "这里又定义了一次" }
E0005_HELP ["E0005"] { en: "remove one of the two lines, or rename one of the {kinds}", zh: "删掉其中一行，或者给其中一个{kinds}换个名字" }
E0005_MACHINE_HELP ["E0005"] { en: "give each machine in a file its own name", zh: "同一个文件里的每个状态机要有自己的名字" }
E0005_FIELD ["E0005"] { en: "field {field} is defined twice in event {event}", zh: "事件 {event} 的字段 {field} 定义了两次" }
E0006_STATES ["E0006"] { en: "states {first} and {second} have the same label \"{label}\"", zh: "状态 {first} 和 {second} 的标签都是“{label}”" }
E0006_EVENTS ["E0006"] { en: "events {first} and {second} have the same label \"{label}\"", zh: "事件 {first} 和 {second} 的标签都是“{label}”" }
E0006_AGAIN ["E0006"] { en: "same label again", zh: "标签重复" }
E0006_FIRST ["E0006"] { en: "first used here", zh: "第一次用在这里" }
E0006_STATES_HELP ["E0006"] { en: "readers of the PRD tell states apart by their labels; give each state its own", zh: "看 PRD 的人靠标签区分状态：给每个状态起一个不同的标签" }
E0006_EVENTS_HELP ["E0006"] { en: "readers of the PRD tell events apart by their labels; give each event its own", zh: "看 PRD 的人靠标签区分事件：给每个事件起一个不同的标签" }
E0007_MESSAGE ["E0007"] { en: "machine {machine} has no initial state", zh: "状态机 {machine} 没有初始状态" }
E0007_LABEL ["E0007"] { en: "no state is marked `initial`", zh: "没有状态标为初始状态（`initial`）" }
E0007_HELP ["E0007"] { en: "mark the state a new order starts in, e.g. {example}", zh: "标出新订单所处的第一个状态，比如 {example}" }
E0008_MESSAGE ["E0008"] { en: "machine {machine} has several initial states", zh: "状态机 {machine} 有多个初始状态" }
E0008_LABEL ["E0008"] { en: "{state} is marked `initial`", zh: "{state} 标为了初始状态（`initial`）" }
E0008_ALREADY ["E0008"] { en: "{state} is already the initial state", zh: "{state} 已经是初始状态" }
E0008_HELP ["E0008"] { en: "a new order starts in exactly one state; keep `initial` on one of them", zh: "新订单只能从一个状态开始：只在其中一个状态上保留 `initial`" }
E0001_CODE_TOO_LARGE ["E0001"] { en: "status code is too large", zh: "状态码太大" }
E0001_CODE_64 ["E0001"] { en: "does not fit in 64 bits", zh: "超出了 64 位整数的范围" }
E0001_CODE_HELP ["E0001"] { en: "write large codes as text in quotes, e.g. `code \"90000000000000000000\"`", zh: "很大的状态码请写成带引号的文本，比如 `code \"90000000000000000000\"`" }
E0017_MESSAGE ["E0017"] { en: "unknown guard {guard}", zh: "未知的条件 {guard}" }
E0017_LABEL ["E0017"] { en: "no transition uses this guard", zh: "没有流转用到这个条件" }
E0017_UNUSED ["E0017"] { en: "guard {guard} is declared, but no transition checks it", zh: "条件 {guard} 声明了，但没有流转检查它" }
E0017_UNUSED_HELP ["E0017"] { en: "a scenario answers only guards that a line checks: check it on a line with `if` and its name, or leave it out of the step", zh: "场景只能回答流转检查的条件：在流转上用 `if` 加它的名字检查它，或者把它从这一步里去掉" }
E0017_NO_GUARDS ["E0017"] { en: "this machine has no guards; guards are introduced with `if name` on a transition", zh: "这个状态机没有条件；条件是在流转上用 `if 名字` 引入的" }
E0017_GUARDS ["E0017"] { en: "guards of this machine: {guards}", zh: "这个状态机的条件有：{guards}" }
E0018_ZERO ["E0018"] { en: "a delay of zero", zh: "超时时长为零" }
E0018_ZERO_LABEL ["E0018"] { en: "fires at once", zh: "会立刻触发" }
E0018_ZERO_HELP ["E0018"] { en: "a timeout needs a delay greater than zero; for an immediate move use an event", zh: "超时的时长必须大于零；要立刻流转，请用事件" }
E0018_LARGE ["E0018"] { en: "delay {delay} is too large", zh: "超时时长 {delay} 太长" }
E0018_LARGE_LABEL ["E0018"] { en: "more than 100 years", zh: "超过了 100 年" }
E0018_LARGE_HELP ["E0018"] { en: "write a delay of at most 100 years, e.g. `365d`", zh: "时长最多 100 年，比如 `365d`" }
E0019_MESSAGE ["E0019"] { en: "this file defines no machine", zh: "这个文件没有定义任何状态机" }
E0019_LABEL ["E0019"] { en: "nothing defined", zh: "什么都没有定义" }
E0019_HELP ["E0019"] { en: "a spec starts with `machine Order \"订单\" {`, lists states, events and transitions, and ends with `}`", zh: "规格以 `machine Order \"订单\" {` 开头，依次写状态、事件和流转，最后以 `}` 结束" }
E0020_MESSAGE ["E0020"] { en: "scenario \"{name}\" does not say how it ends", zh: "场景「{name}」没有写明结果" }
E0020_LABEL ["E0020"] { en: "the last step needs an outcome", zh: "最后一步需要写明结果" }
E0020_NO_STEPS ["E0020"] { en: "scenario \"{name}\" has no step that could be rejected", zh: "场景「{name}」没有可以被拒绝的步骤" }
E0020_NO_STEPS_LABEL ["E0020"] { en: "there is no step before this", zh: "这之前没有任何步骤" }
E0020_NO_STEPS_HELP ["E0020"] { en: "a scenario without steps says the state the order starts in, e.g. {example}", zh: "没有步骤的场景写的是订单开始时的状态，比如 {example}" }
E0020_HELP ["E0020"] { en: "end the last step with `=> StateName` or `=> rejected`", zh: "在最后一步末尾写上 `=> 状态名` 或 `=> rejected`" }
E0021_MESSAGE ["E0021"] { en: "role {role} may not fire event {event} at all", zh: "角色 {role} 根本不能触发事件 {event}" }
E0021_LABEL ["E0021"] { en: "not one of the event's roles", zh: "不在这个事件的角色里" }
E0021_LISTED ["E0021"] { en: "the event's roles are listed here", zh: "事件的角色写在这里" }
E0021_HELP ["E0021"] { en: "use one of {roles}, or add {role} to the event's `by` list", zh: "改用 {roles} 中的一个，或者把 {role} 加到事件的 `by` 列表里" }
E0023_MESSAGE ["E0023"] { en: "guard {guard} is given two different answers in one step", zh: "同一步里给条件 {guard} 写了两个不同的结果" }
E0023_HERE ["E0023"] { en: "{answer} here", zh: "这里写的是 {answer}" }
E0023_FIRST ["E0023"] { en: "{answer} first", zh: "先写的是 {answer}" }
E0023_HELP ["E0023"] { en: "a guard answers once per step; keep {yes} or {no}, or write two steps", zh: "每一步里一个条件只有一个结果：保留 {yes} 或 {no}，或者拆成两步" }
W0008_MESSAGE ["W0008"] { en: "guard {guard} is described in two different ways", zh: "条件 {guard} 有两种不同的说明" }
W0008_LABEL ["W0008"] { en: "described differently here", zh: "这里的说明不一样" }
W0008_FIRST ["W0008"] { en: "described first here", zh: "第一次说明在这里" }
W0008_HELP ["W0008"] { en: "one guard is one check in code; use the same description, or give the two checks different names", zh: "一个条件就是代码里的一项检查：用同一个说明，或者给这两项检查起不同的名字" }

// Rules: E0024, E0025, W0010.
E0024_MESSAGE ["E0024"] { en: "rule \"{name}\" is broken", zh: "规则「{name}」不成立" }
E0024_LABEL ["E0024"] { en: "not true on every path", zh: "并非每条路径都满足" }
E0024_LAST_LINE ["E0024"] { en: "the path's last line", zh: "这条路径的最后一条流转" }
E0024_NOTE ["E0024"] { en: "{what}:\n    {path}", zh: "{what}：\n    {path}" }
E0024_REACHED ["E0024"] { en: "{target} is reached from {from}", zh: "从 {from} 可以走到 {target}" }
E0024_WITHOUT ["E0024"] { en: "{target} is reached without {via}", zh: "不经过 {via} 也能走到 {target}" }
E0024_OTHER_FINAL ["E0024"] { en: "the order ends in {end} instead of {targets}", zh: "订单最后停在 {end}，而不是 {targets}" }
E0024_STUCK ["E0024"] { en: "from {from}, {targets} can never be reached", zh: "从 {from} 出发，再也到不了 {targets}" }
E0024_HELP_SCENARIO ["E0024"] { en: "as a scenario: {scenario}\neither the transitions or the rule is wrong; fix the one that does not match the PRD", zh: "写成场景：{scenario}\n要么流转写错了，要么规则写错了：改掉和 PRD 不一致的那一边" }
E0025_MESSAGE ["E0025"] { en: "rule \"{name}\" contradicts itself", zh: "规则「{name}」自相矛盾" }
E0025_HELP ["E0025"] { en: "name different states on the two sides of the rule", zh: "规则两边要写不同的状态" }
E0025_NEVER ["E0025"] { en: "{state} is both where the rule starts and a state it must never reach", zh: "{state} 既是规则的起点，又是规则说永远不能到达的状态" }
E0025_VIA ["E0025"] { en: "{state} is both a state to reach and a state to pass before it", zh: "{state} 既是要到达的状态，又是到达之前必须经过的状态" }
E0025_INITIAL ["E0025"] { en: "every order starts in {state}, before any other state", zh: "每个订单都从 {state} 开始，它在任何其他状态之前" }
W0010_MESSAGE ["W0010"] { en: "rule \"{name}\" holds only because {state} can never be reached", zh: "规则「{name}」成立，只是因为 {state} 永远到达不了" }
W0010_LABEL ["W0010"] { en: "true of no order", zh: "对任何真实订单都不起作用" }
W0010_NOTE ["W0010"] { en: "no path from the initial state leads to {state}, so the rule says nothing about real orders", zh: "从初始状态出发没有路径通到 {state}，所以这条规则对真实订单什么也没说" }
// E0026 … E0029, W0011, W0012: status codes of other systems
E0026_MESSAGE ["E0026"] { en: "code system {system} mixes numbers and texts: {first} and {second}", zh: "状态码体系 {system} 里既有数字又有文本：{first} 和 {second}" }
E0026_LABEL ["E0026"] { en: "not the same kind as {first}", zh: "和 {first} 不是同一类" }
E0026_FIRST ["E0026"] { en: "the first code of {system} is written here", zh: "{system} 的第一个状态码写在这里" }
E0026_HELP ["E0026"] { en: "write every code of one system the same way: all numbers ({int}) or all texts in double quotes ({str})", zh: "同一个体系的状态码要写成同一类：都写数字（{int}），或者都写带双引号的文本（{str}）" }
E0027_MESSAGE ["E0027"] { en: "unknown code system {system}", zh: "未知的状态码体系 {system}" }
E0027_LABEL ["E0027"] { en: "no `codes` line defines this system", zh: "没有 `codes` 行定义这个体系" }
E0027_DECLARE ["E0027"] { en: "declare the system in the machine first: {decl}", zh: "先在状态机里声明这个体系：{decl}" }
E0028_MAIN ["E0028"] { en: "a code system cannot be called `main`: that is the name of the `code …` system on the command line", zh: "状态码体系不能叫 `main`：命令行里 `main` 指的是 `code …` 写的主状态码" }
E0028_KEYWORD ["E0028"] { en: "a code system cannot be called {word}: it is a word of the spec language", zh: "状态码体系不能叫 {word}：它是规格语言里的关键字" }
E0028_LABEL ["E0028"] { en: "reserved name", zh: "保留的名字" }
E0028_HELP ["E0028"] { en: "choose another name, e.g. {example}", zh: "换一个名字，比如 {example}" }
E0029_MESSAGE ["E0029"] { en: "the main code of state {state} cannot be `shared`", zh: "状态 {state} 的主状态码不能标 `shared`" }
E0029_LABEL ["E0029"] { en: "not allowed on `code`", zh: "`code` 后面不能写它" }
E0029_HELP ["E0029"] { en: "the main code is the one orders are stored with and must name exactly one state; remove `shared`, and put a code that several states share in another system (`codes legacy \"…\"`, then `legacy 5 shared`)", zh: "主状态码是订单保存时用的状态码，必须只对应一个状态：删掉 `shared`；几个状态共用的状态码请放进另一个体系（先写 `codes legacy \"…\"`，再在状态上写 `legacy 5 shared`）" }
W0011_MESSAGE ["W0011"] { en: "state {state} has no code in {system}, though other states have one", zh: "状态 {state} 在 {system} 里没有状态码，而别的状态有" }
W0011_LABEL ["W0011"] { en: "no {system} code", zh: "没有 {system} 状态码" }
W0011_NOTE ["W0011"] { en: "an order in this state cannot be written to {system}, and no {system} code reads back as it", zh: "处于这个状态的订单没法写到 {system}，{system} 的任何状态码也读不回这个状态" }
W0011_HELP ["W0011"] { en: "give it a code in that system, e.g. {example} (add `shared` if it reuses another state's code); if it has no code there on purpose, write {none}", zh: "给它一个该体系的状态码，比如 {example}（如果和别的状态共用状态码，加上 `shared`）；如果它在这个体系里本来就没有状态码，写 {none}" }
W0012_MESSAGE ["W0012"] { en: "no state has a code in code system {system}", zh: "没有任何状态有状态码体系 {system} 的状态码" }
W0012_LABEL ["W0012"] { en: "declared but never used", zh: "声明了但没用到" }
W0012_HELP ["W0012"] { en: "give the states their codes in it ({example} on a state line), or delete this line", zh: "在状态行上写上这个体系的状态码（比如 {example}），或者删掉这一行" }
E0005_SYSTEM_TWICE ["E0005"] { en: "code system {system} is given twice on state {state}", zh: "状态 {state} 上写了两次状态码体系 {system}" }
E0005_SYSTEM_HELP ["E0005"] { en: "list all of the state's codes in that system after one name: {example}", zh: "把这个状态在该体系里的状态码都写在一个名字后面：{example}" }
W0013_MESSAGE ["W0013"] { en: "the reminder {delay} runs no action", zh: "{delay} 的提醒不执行任何动作" }
W0013_LABEL ["W0013"] { en: "does nothing", zh: "什么也不做" }
W0013_HELP ["W0013"] { en: "a timeout without `-> Target` keeps the state and only runs its actions: add `then some_action`, or `-> Target` if the order should move", zh: "没有 `-> 目标状态` 的超时不改变状态，只执行它的动作：加上 `then 某个动作`；如果订单应当转到别的状态，就写上 `-> 目标状态`" }

// W0014
W0014_MESSAGE ["W0014"] { en: "action {action} has no label", zh: "动作 {action} 没有中文名（标签）" }
W0014_LABEL ["W0014"] { en: "documents will show the id", zh: "文档里只能显示英文 id" }
W0014_HELP_DECLARE ["W0014"] { en: "say what it does in a label, on a line of its own: `action {id} \"…\"`; documents then show the label beside the id", zh: "单独写一行，用标签说明它做什么：`action {id} \"…\"`；文档里就会在 id 旁边显示这个标签" }
W0014_HELP_LABEL ["W0014"] { en: "say what it does in a label after the id: `action {id} \"…\"`", zh: "在 id 后面用标签说明它做什么：`action {id} \"…\"`" }

// W0015
W0015_MESSAGE ["W0015"] { en: "the name {name} is {n} characters long", zh: "名字 {name} 有 {n} 个字符" }
W0015_LABEL ["W0015"] { en: "longer than {max} characters", zh: "超过 {max} 个字符" }
W0015_HELP ["W0015"] { en: "use an id of at most {max} characters and put the words in its label; generated code, file names and messages all carry the id", zh: "换一个不超过 {max} 个字符的 id，把要说的话写进标签；生成的代码、文件名和提示信息里都会带着这个 id" }
W0010_HELP ["W0010"] { en: "add the transitions that lead there, or check that the rule names the states you meant", zh: "加上通往那里的流转，或者检查规则里写的是不是你想要的状态" }

// E0016: the file itself.
E0016_TOO_LARGE ["E0016"] { en: "file is too large to be a spec ({bytes} bytes)", zh: "文件太大，不像是规格文件（{bytes} 字节）" }
E0016_STARTS_HERE ["E0016"] { en: "the file starts here", zh: "文件从这里开始" }
E0016_LIMIT ["E0016"] { en: "spec files are limited to {mib} MiB", zh: "规格文件最大 {mib} MiB" }
E0016_NUL ["E0016"] { en: "file contains a NUL byte; it looks like a binary file, not a spec", zh: "文件里有 NUL 字节；它看起来是二进制文件，不是规格" }
E0016_NUL_HERE ["E0016"] { en: "NUL byte here", zh: "NUL 字节在这里" }
E0016_NUL_HELP ["E0016"] { en: "spec files are plain UTF-8 text; check that this is the file you meant", zh: "规格文件是 UTF-8 纯文本：请确认打开的是不是你想要的文件" }
E0016_NOT_UTF8 ["E0016"] { en: "file is not valid UTF-8 text", zh: "文件不是有效的 UTF-8 文本" }
E0016_INVALID_BYTE ["E0016"] { en: "invalid byte here", zh: "这里的字节无效" }
E0016_NOT_UTF8_HELP ["E0016"] { en: "save the file as UTF-8 (files saved as GBK or GB2312 by older editors must be converted)", zh: "把文件另存为 UTF-8（老编辑器存成 GBK 或 GB2312 的文件需要转换）" }
E0016_WIDE ["E0016"] { en: "file is saved as {encoding} text, not UTF-8", zh: "文件存成了 {encoding} 文本，不是 UTF-8" }
E0016_WIDE_LABEL ["E0016"] { en: "this file is {encoding}", zh: "这个文件是 {encoding}" }
E0016_WIDE_HELP ["E0016"] { en: "save it as UTF-8: in Notepad choose 另存为 (Save As) and set 编码 (Encoding) to UTF-8; in VS Code choose 通过编码保存 (Save with Encoding) → UTF-8; or convert it with `iconv -f {from} -t UTF-8`", zh: "把它另存为 UTF-8：记事本里选“另存为”，把“编码”设为 UTF-8；VS Code 里选“通过编码保存” → UTF-8；或者用 `iconv -f {from} -t UTF-8` 转换" }

// E0001: the grammar's words.
WORD_NAME [""] { en: "a name", zh: "名字" }
WORD_TEXT [""] { en: "a text in double quotes", zh: "双引号里的文本" }
WORD_NUMBER [""] { en: "a number", zh: "数字" }
WORD_DELAY [""] { en: "a delay such as `30m`, `24h` or `7d`", zh: "时长，比如 `30m`、`24h` 或 `7d`" }
WORD_TYPE [""] { en: "a Rust type such as `String` or `u64`", zh: "Rust 类型，比如 `String` 或 `u64`" }
WORD_EOF [""] { en: "end of file", zh: "文件结尾" }
WORD_EOL [""] { en: "end of line", zh: "行尾" }
WORD_SPACE [""] { en: "a space", zh: "空格" }
WORD_STEP [""] { en: "an event name or `after`", zh: "事件名或 `after`" }
WORD_OUTCOME [""] { en: "a state name or `rejected`", zh: "状态名或 `rejected`" }
WORD_GUARD [""] { en: "a guard name", zh: "条件名" }
WORD_SYSTEM [""] { en: "a code system's name", zh: "状态码体系名" }
WORD_FIELD [""] { en: "a field such as `waybill_no: String`", zh: "字段，比如 `waybill_no: String`" }
WORD_LINE [""] { en: "a `state`, `event`, `role`, `guard`, `action`, `note` or `scenario` line, or a transition such as `Created -> Paid on Pay`", zh: "`state`、`event`、`role`、`guard`、`action`、`note` 或 `scenario` 开头的一行，或者一条流转，比如 `Created -> Paid on Pay`" }
E0001_UNEXPECTED ["E0001"] { en: "unexpected {found}", zh: "这里不该出现{found}" }
E0001_EXPECTED_FOUND ["E0001"] { en: "expected {expected}, found {found}", zh: "这里应该是{expected}，但写的是{found}" }
E0001_NOT_EXPECTED ["E0001"] { en: "not expected here", zh: "这里不该有它" }
E0001_EXPECTED ["E0001"] { en: "expected {expected}", zh: "这里应该是{expected}" }
E0001_TOO_DEEP ["E0001"] { en: "type is nested more than {max} levels deep", zh: "类型嵌套超过了 {max} 层" }
E0001_TOO_DEEP_LABEL ["E0001"] { en: "nested too deeply", zh: "嵌套太深" }
E0001_TOO_DEEP_HELP ["E0001"] { en: "payload types are plain Rust types such as `Option<Vec<String>>`; define a type in Rust for anything deeper", zh: "事件数据的类型就是普通的 Rust 类型，比如 `Option<Vec<String>>`；更复杂的请在 Rust 里定义一个类型" }
E0001_FN_POINTER ["E0001"] { en: "a fn pointer", zh: "函数指针" }
E0001_BAD_TYPE ["E0001"] { en: "payload type {ty} has {form}, which an event cannot carry", zh: "事件数据类型 {ty} 里有{form}，事件带不了这种数据" }
E0001_BAD_TYPE_LABEL ["E0001"] { en: "{form} is not a payload type", zh: "{form}不能作为事件数据的类型" }
E0001_BAD_TYPE_HELP ["E0001"] { en: "an event owns its data: write an owned type, e.g. `String` for `&str`, `Vec<u8>` for `&[u8]`, `Box<T>` or a named type of your own for a trait; paths with generic arguments, tuples and arrays are supported", zh: "事件拥有自己的数据：请写拥有所有权的类型，比如用 `String` 代替 `&str`，用 `Vec<u8>` 代替 `&[u8]`，trait 用 `Box<T>` 或自己定义的类型；带泛型参数的路径、元组和数组都可以用" }
E0001_ESCAPE ["E0001"] { en: "unknown escape in text", zh: "文本里有未知的转义" }
E0001_ESCAPE_LABEL ["E0001"] { en: "not a known escape", zh: "不是已知的转义" }
E0001_ESCAPE_HELP ["E0001"] { en: "inside quotes write `\\\"` for a quote, `\\\\` for a backslash, `\\n` for a new line", zh: "引号里用 `\\\"` 表示引号，`\\\\` 表示反斜杠，`\\n` 表示换行" }
E0001_UNCLOSED ["E0001"] { en: "text is not closed: the line ends before the closing `\"`", zh: "文本没有闭合：这一行在结尾的 `\"` 之前就结束了" }
E0001_UNCLOSED_LABEL ["E0001"] { en: "this quote is never closed", zh: "这个引号没有闭合" }
E0001_UNCLOSED_HELP ["E0001"] { en: "add a `\"` at the end of the text; a text cannot span several lines", zh: "在文本末尾加上 `\"`；文本不能跨行" }
E0001_ASCII_NAME ["E0001"] { en: "names must be written in ASCII letters, digits and `_`", zh: "名字只能用英文字母、数字和 `_`" }
E0001_ASCII_NAME_LABEL ["E0001"] { en: "not an ASCII name", zh: "不是英文名字" }
E0001_ASCII_NAME_HELP ["E0001"] { en: "give it an ASCII id and put the Chinese text in quotes as its label, e.g. `state Paid \"待发货\"`", zh: "给它起一个英文 id，把中文放在引号里作为标签，比如 `state Paid \"待发货\"`" }
E0001_RESERVED ["E0001"] { en: "{word} is a word of the spec language and cannot be used as a name", zh: "{word} 是规格语言的关键字，不能用作名字" }
E0001_RESERVED_LABEL ["E0001"] { en: "reserved word", zh: "关键字" }
E0001_RESERVED_HELP ["E0001"] { en: "choose another name, e.g. {name}", zh: "换个名字，比如 {name}" }
E0001_DIGIT ["E0001"] { en: "a name cannot start with a digit", zh: "名字不能以数字开头" }
E0001_DIGIT_LABEL ["E0001"] { en: "expected a name here", zh: "这里应该是名字" }
E0001_DIGIT_HELP ["E0001"] { en: "start names with a letter, e.g. `S1` instead of `1`", zh: "名字要以字母开头，比如用 `S1` 而不是 `1`" }
E0001_DOC_LINE ["E0001"] { en: "a doc comment must stand on its own line", zh: "文档注释要单独占一行" }
E0001_DOC_LINE_LABEL ["E0001"] { en: "doc comment after other text", zh: "文档注释跟在了别的内容后面" }
E0001_DOC_LINE_HELP ["E0001"] { en: "put `/// …` on the line above the item it describes, or use `//` for a remark at the end of a line", zh: "把 `/// …` 放在它说明的那一项的上一行；行尾的备注请用 `//`" }
E0001_DOC_DANGLING ["E0001"] { en: "a doc comment must be followed by the item it describes", zh: "文档注释后面要紧跟它说明的那一项" }
E0001_DOC_DANGLING_LABEL ["E0001"] { en: "nothing follows this doc comment", zh: "这条文档注释后面什么都没有" }
E0001_DOC_DANGLING_HELP ["E0001"] { en: "add the state, event or transition it describes below it, or turn it into a plain comment with `//`", zh: "在它下面写上它说明的状态、事件或流转，或者改成 `//` 普通注释" }
E0001_EOF ["E0001"] { en: "the file ends before the machine is closed", zh: "状态机还没有闭合，文件就结束了" }
E0001_EOF_LABEL ["E0001"] { en: "expected `}` here", zh: "这里应该有 `}`" }
E0001_EOF_HELP ["E0001"] { en: "add a `}` on its own line after the machine's last line", zh: "在状态机最后一行之后单独加一行 `}`" }
E0001_CURLY ["E0001"] { en: "use straight double quotes `\"`, not curly quotes `“ ”`", zh: "请用英文直双引号 `\"`，不要用中文引号 `“ ”`" }
E0001_FULL_WIDTH ["E0001"] { en: "write the ASCII {ascii} instead of the full-width {wide} (switch the input method to English punctuation)", zh: "把全角的 {wide} 换成半角的 {ascii}（把输入法切换到英文标点）" }
E0001_LOWERCASE ["E0001"] { en: "the words of the language are lowercase: write {lower}, not {written}", zh: "规格语言的关键字都是小写：写 {lower}，不要写 {written}" }
E0001_QUOTE_SCENARIO ["E0001"] { en: "put the scenario's name in double quotes: {example}", zh: "场景名要放在双引号里：{example}" }
E0001_QUOTE_LABEL ["E0001"] { en: "put the label in double quotes: {example}", zh: "标签要放在双引号里：{example}" }
E0001_ONE_EVENT ["E0001"] { en: "one event per line: write another transition line for the second event", zh: "一行只写一个事件：第二个事件请另写一条流转" }
E0001_DELAY_HELP ["E0001"] { en: "write a number followed by a unit: `s` seconds, `m` minutes, `h` hours, `d` days, e.g. `after 30m`", zh: "写数字加单位：`s` 秒、`m` 分钟、`h` 小时、`d` 天，比如 `after 30m`" }
E0001_MACHINE_HELP ["E0001"] { en: "everything lives inside a machine: `machine Order \"订单\" { … }`", zh: "所有内容都写在状态机里：`machine Order \"订单\" { … }`" }
E0001_TRIGGER_HELP ["E0001"] { en: "a transition says what makes it happen: `Created -> Paid on Pay` or `Created -> Cancelled after 30m`", zh: "流转要写明由什么触发：`Created -> Paid on Pay` 或 `Created -> Cancelled after 30m`" }
E0001_BLOCK_HELP ["E0001"] { en: "only `machine`, `event` payloads and `scenario`s open a `{` block", zh: "只有 `machine`、`event` 的数据和 `scenario` 才能用 `{` 开一个块" }
E0001_GUARD_AND ["E0001"] { en: "a line has one guard, and there is no `and`: make one guard that checks both, e.g. `if paid_and_in_stock \"已付款且有库存\"` (language reference, §8 Transitions, `if guard`)", zh: "一条流转只能有一个条件，也没有 `and`：写一个同时检查两者的条件，比如 `if paid_and_in_stock \"已付款且有库存\"`（见语言参考 §8 流转，`if guard`）" }
E0001_GUARD_AND_LINE ["E0001"] { en: "a line has one guard, and there is no `and`: make one guard that checks both and write the line as {line}, with a description in quotes after the guard if you like (language reference, §8 Transitions, `if guard`)", zh: "一条流转只能有一个条件，也没有 `and`：写一个同时检查两者的条件，这一行写成 {line}，条件后面可以再加引号写明说明（见语言参考 §8 流转，`if guard`）" }
E0001_GUARD_OR ["E0001"] { en: "a line has one guard, and there is no `or`: write one line for each guard (same source, target and event, one with each `if`), or make one guard that checks either (language reference, §8 Transitions, `if guard`)", zh: "一条流转只能有一个条件，也没有 `or`：每个条件各写一条流转（起始状态、目标状态和事件都相同，各带一个 `if`），或者写一个“两者之一成立”的条件（见语言参考 §8 流转，`if guard`）" }
E0001_GUARD_NOT ["E0001"] { en: "the guard of a line is one name, and there is no `not`: make a guard that asks the opposite question, e.g. `if not_paid \"未付款\"` (language reference, §8 Transitions, `if guard`)", zh: "一条流转的条件就是一个名字，没有 `not`：写一个问相反问题的条件，比如 `if not_paid \"未付款\"`（见语言参考 §8 流转，`if guard`）" }
E0001_GUARD_NOT_LINE ["E0001"] { en: "the guard of a line is one name, and there is no `not`: make a guard that asks the opposite question and write the line as {line} (language reference, §8 Transitions, `if guard`)", zh: "一条流转的条件就是一个名字，没有 `not`：写一个问相反问题的条件，这一行写成 {line}（见语言参考 §8 流转，`if guard`）" }
E0001_CLAUSE_ORDER ["E0001"] { en: "the parts of a line come in the order `if`, `then`, `note`, so {clause} goes earlier: write the line as {line}", zh: "一行里的各部分要按 `if`、`then`、`note` 的顺序写，{clause} 要往前放：这一行写成 {line}" }
E0001_LIST_WORD ["E0001"] { en: "names in a list are separated by commas, not {word}: write the line as {line}", zh: "列出几个名字时用逗号隔开，不用 {word}：这一行写成 {line}" }
E0001_STILL ["E0001"] { en: "a comma comes before `still`: write the line as {line}", zh: "`still` 前面要有逗号：这一行写成 {line}" }
E0001_JOIN_NEXT ["E0001"] { en: "a transition is written on one line: join the next line to this one, as {line}", zh: "一条流转要写在同一行里：把下一行接到这一行后面，写成 {line}" }
E0001_CONTINUES_ABOVE ["E0001"] { en: "this is the rest of the line above, and a transition is written on one line: put it at the end of that line, as {joined}", zh: "这是上一行流转的后半部分，而一条流转要写在同一行里：把它接到上一行末尾，写成 {joined}" }
E0001_QUOTED_STEP ["E0001"] { en: "a step in a scenario is written without quotes (on the command line the quotes of `simulate` are the shell's, not the step's): write {step}, so the line reads {line}", zh: "场景里的步骤不加引号（命令行里 `simulate` 的引号是给 shell 的，不是步骤的一部分）：写成 {step}，这一行就是 {line}" }
E0001_NONE_ALONE ["E0001"] { en: "`none` says the state has no code in {system} at all, so it stands alone: write {none} by itself, or the codes without `none`", zh: "`none` 表示这个状态在 {system} 里完全没有状态码，所以只能单独写：要么只写 {none}，要么只写状态码、去掉 `none`" }
E0001_LIFETIME ["E0001"] { en: "a lifetime", zh: "生命周期" }
E0001_REFERENCE ["E0001"] { en: "a reference", zh: "引用" }

// The command line: `check`, `simulate`, `test`.
// Reading files and folders
INPUT_NOT_FOUND [""] { en: "{path}: no such file or folder", zh: "{path}：没有这个文件或文件夹" }
INPUT_IS_FOLDER [""] { en: "{path} is a folder; this command reads one spec file", zh: "{path} 是文件夹；这个命令只读一个规格文件" }
INPUT_SPECIAL [""] { en: "{path} is {kind}, not a spec file; give a regular `.{ext}` file or a folder", zh: "{path} 是{kind}，不是规格文件；请给出普通的 `.{ext}` 文件或文件夹" }
INPUT_IS [""] { en: "{path} is {what}", zh: "文件 {path} {what}" }
INPUT_TOO_LARGE [""] { en: "too large to be a spec ({size}); spec files are limited to {limit}", zh: "太大，不会是规格文件（{size}）；规格文件最大 {limit}" }
INPUT_MORE_THAN [""] { en: "more than {size}", zh: "超过 {size}" }
INPUT_NO_SPECS [""] { en: "no .{ext} files in {path}", zh: "{path} 里没有 .{ext} 文件" }
INPUT_FOLDER_UNREADABLE [""] { en: "cannot read folder {path}: {why}", zh: "无法读取文件夹 {path}：{why}" }
INPUT_UNREADABLE [""] { en: "cannot read {path}: {why}", zh: "无法读取 {path}：{why}" }
INPUT_NOT_THERE [""] { en: "no such file or folder", zh: "没有这个文件或文件夹" }
INPUT_PERMISSION [""] { en: "permission denied", zh: "没有权限" }
INPUT_REASON_FOLDER [""] { en: "it is a folder, not a file", zh: "这是文件夹，不是文件" }
INPUT_REASON_SPECIAL [""] { en: "it is {kind}, not a regular file", zh: "这是{kind}，不是普通文件" }
INPUT_REASON_NO_SPECS [""] { en: "there is no .{ext} file in it", zh: "里面没有 .{ext} 文件" }
INPUT_KIND_FIFO [""] { en: "a named pipe (FIFO)", zh: "命名管道（FIFO）" }
INPUT_KIND_CHAR_DEVICE [""] { en: "a character device", zh: "字符设备" }
INPUT_KIND_BLOCK_DEVICE [""] { en: "a block device", zh: "块设备" }
INPUT_KIND_SOCKET [""] { en: "a socket", zh: "套接字" }
INPUT_KIND_OTHER [""] { en: "not a regular file", zh: "非普通文件" }
INPUT_SKIPPED [""] { en: "skipped {path}: it is {kind}, not a regular file", zh: "已跳过 {path}：它是{kind}，不是普通文件" }

// Command-line messages around the specs: which machine, writing files, summaries
CLI_NO_MACHINE [""] { en: "no machine {machine} in {file}; it has {machines}", zh: "{file} 里没有状态机 {machine}；它有 {machines}" }
CLI_SEVERAL_MACHINES [""] { en: "{file} has several machines ({machines}); choose one with --machine", zh: "{file} 里有多个状态机（{machines}）；请用 --machine 选一个" }
CLI_NO_MACHINE_IN_SPECS [""] { en: "no machine {machine} in the given specs", zh: "给出的规格里没有状态机 {machine}" }
CLI_COULD_NOT_READ [""] { en: "{path} could not be read", zh: "无法读取 {path}" }
CLI_CANNOT_WRITE [""] { en: "cannot write {path}: {why}", zh: "无法写入 {path}：{why}" }
CLI_CANNOT_CREATE [""] { en: "cannot create {path}: {why}", zh: "无法创建 {path}：{why}" }
CLI_IS_A_FOLDER [""] { en: "it is a folder", zh: "那是一个文件夹" }
CLI_CANNOT_WRITE_STDOUT [""] { en: "cannot write standard output: {why}", zh: "无法写入标准输出：{why}" }
CLI_FMT_SYNTAX [""] { en: "{path} has syntax errors and was left as it is", zh: "{path} 有语法错误，保持原样未改" }
CLI_FMT_UNSAFE [""] { en: "{path} was left as it is: {why}", zh: "{path} 保持原样未改：{why}" }
CLI_FMT_DIFFERS [""] { en: "differs: {path}", zh: "格式不同：{path}" }
CLI_FMT_CHECKED [""] { en: "{files} checked, {n} not formatted", zh: "已检查 {files}，{n} 个未格式化" }
CLI_FMT_DONE [""] { en: "{files}, {n} reformatted", zh: "{files}，{n} 个已重新格式化" }
CLI_DOC_ALL_NEEDS_OUT [""] { en: "{format} writes several files: give a directory with `--out DIR`", zh: "{format} 会写多个文件：请用 `--out DIR` 给出一个目录" }
CLI_DOC_WAS [""] { en: "{path} was {what}; it is now a file", zh: "{path} 原来是{what}；现在是文件" }
CLI_DOC_WRITTEN [""] { en: "{files} in {dir} ({n} updated)", zh: "{dir} 里共 {files}（{n} 个已更新）" }
CLI_DOC_DIFFERS [""] { en: "differs: {path}", zh: "内容不同：{path}" }
CLI_DOC_DIFFERS_WHAT [""] { en: "differs: {path} (it is {what})", zh: "内容不同：{path}（那是{what}）" }
CLI_DOC_FOLDER [""] { en: "a folder", zh: "文件夹" }
CLI_DOC_MISSING [""] { en: "missing: {path}", zh: "缺少：{path}" }
CLI_DOC_STALE [""] { en: "stale:   {path} (no machine {machine} in {spec})", zh: "已过时：{path}（{spec} 里已没有状态机 {machine}）" }
CLI_DOC_NOT_UP_TO_DATE [""] { en: "{bad} of {files} in {dir} are not up to date; run without --check to regenerate", zh: "{dir} 的 {files}中有 {bad} 个不是最新的；去掉 --check 重新生成" }
CLI_DOC_STALE_SUMMARY [""] { en: "{files} in {dir} belong to machines the specs no longer have; delete them if nothing uses them", zh: "{dir} 里有 {files}属于规格里已经没有的状态机；没有用处的话请删除" }
CLI_DOC_CLASH [""] { en: "{a} and {b} would both write {path}{more}: both specs are named {stem} and both have machine {machine}", zh: "{a} 和 {b} 都会写 {path}{more}：两个规格都叫 {stem}，而且都有状态机 {machine}" }
CLI_DOC_CLASH_ONE_MORE [""] { en: " and 1 more file", zh: "，另外还有 1 个文件" }
CLI_DOC_CLASH_MORE [""] { en: " and {n} more files", zh: "，另外还有 {n} 个文件" }
CLI_DOC_CLASH_HELP [""] { en: "document them into different folders (`--out`), or rename one of the spec files", zh: "把它们的文档写到不同的文件夹（`--out`），或者给其中一个规格文件改名" }
CLI_DOC_LEFT_OVER [""] { en: "{path} is left from machine {machine}, which {spec} no longer has; delete it if nothing uses it", zh: "{path} 是状态机 {machine} 留下的，而 {spec} 里已经没有它；没有用处的话请删除" }
CLI_DOC_SYMLINK [""] { en: "a symbolic link", zh: "符号链接" }
CLI_DIFF_NOT_A_SPEC [""] { en: "{arg} is not a file, nor `REV:PATH` (as in `main:specs/order.fsm`)", zh: "{arg} 既不是文件，也不是 `REV:PATH`（如 `main:specs/order.fsm`）" }
CLI_DIFF_HAS_ERRORS [""] { en: "{name} has errors; fix them before comparing", zh: "{name} 有错误；请先改正再比较" }
CLI_DIFF_ACCEPT_UNKNOWN [""] { en: "accepted id {id} matches no finding", zh: "接受的 id {id} 没有对应的变更" }
CLI_GIT_CANNOT_RUN [""] { en: "cannot run {cmd}: {why}", zh: "无法运行 {cmd}：{why}" }
CLI_GIT_CANNOT_READ [""] { en: "cannot read the output of {cmd}", zh: "无法读取 {cmd} 的输出" }
CLI_GIT_FAILED [""] { en: "{cmd} failed", zh: "{cmd} 执行失败" }
CLI_COUNTS_NOT_UTF8 [""] { en: "{path} is not UTF-8 text", zh: "{path} 不是 UTF-8 文本" }
CLI_COUNTS_HEADER [""] { en: "{path}: the first line must be `state,count`, found {found}", zh: "{path}：第一行必须是 `state,count`，实际是 {found}" }
CLI_COUNTS_LINE [""] { en: "{path} line {line}: expected `state,count`", zh: "{path} 第 {line} 行：应为 `state,count`" }
CLI_COUNTS_NOT_A_COUNT [""] { en: "{path} line {line}: {found} is not a count of orders", zh: "{path} 第 {line} 行：{found} 不是订单数" }
CLI_COUNTS_TOO_MANY [""] { en: "{path} line {line}: the counts of one state add up to more than {max}", zh: "{path} 第 {line} 行：同一状态的订单数加起来超过了 {max}" }
CLI_SQL_NO_SCHEMA [""] { en: "--schema is for PostgreSQL; SQLite has no schemas (use --prefix)", zh: "--schema 只用于 PostgreSQL；SQLite 没有 schema（请用 --prefix）" }
CLI_SQL_BAD_NAME [""] { en: "the name {name} given to {option} cannot be used: {reason}", zh: "{option} 给的名字 {name} 不能用：{reason}" }
SQL_NAME_EMPTY [""] { en: "it is empty", zh: "它是空的" }
SQL_NAME_NUL [""] { en: "it contains a NUL character, which no database takes in a name", zh: "它含有 NUL 字符，数据库的名字里都不能有" }
SQL_NAME_AT [""] { en: "it contains `@`, which the store uses to mark the parameters of its statements", zh: "它含有 `@`，存储层用 `@` 标记语句里的参数" }
SQL_NAME_TOO_LONG [""] { en: "it is longer than PostgreSQL's 63 bytes", zh: "它超过了 PostgreSQL 名字的 63 字节上限" }
SQL_MIXED [""] { en: "the status column cannot be both a number and text: {numeric} have numeric main codes, {text} have text codes or none; give every state a numeric first code, or store the codes as text with `--status-type text`", zh: "状态列不能既是数字又是文本：{numeric} 的主状态码是数字，{text} 的是文本或没有；请给每个状态一个数字的第一个状态码，或者用 `--status-type text` 按文本保存" }
SQL_NOT_NUMERIC [""] { en: "state {state} has no numeric first code, so the status column cannot be a number; give it one (`code 10`) or store the codes as text with `--status-type text`", zh: "状态 {state} 没有数字的第一个状态码，所以状态列不能是数字；请给它一个（`code 10`），或者用 `--status-type text` 按文本保存" }
SQL_SAME_STATUS [""] { en: "states {first} and {second} would both be stored as status {value}; give each state its own first code", zh: "状态 {first} 和 {second} 会存成同一个状态值 {value}；请给每个状态各自的第一个状态码" }
SQL_BAD_NAME [""] { en: "the {what} name {name} cannot be used: {reason}", zh: "{what}的名字 {name} 不能用：{reason}" }
SQL_NAME_ID_COLUMN [""] { en: "id column", zh: "订单号列" }
SQL_NAME_STATUS_COLUMN [""] { en: "status column", zh: "状态列" }
SQL_NAME_SCHEMA [""] { en: "schema", zh: "模式（schema）" }
SQL_NAME_TABLE [""] { en: "table", zh: "表" }
SQL_NAME_PREFIX [""] { en: "prefix", zh: "表名前缀" }
SQL_INCONSISTENT [""] { en: "the machine's metadata is inconsistent: {what}", zh: "状态机的元数据自相矛盾：{what}" }
CLI_EXPAND_UNPARSABLE [""] { en: "the generated code does not parse: {why}", zh: "生成的代码无法解析：{why}" }
CLI_HOOKS_NAME [""] { en: "`{name}` is not a Rust type name: give `--name` a name such as `AppHooks`", zh: "`{name}` 不是合法的 Rust 类型名：请给 `--name` 一个名字，比如 `AppHooks`" }

CLI_CHECK_OK [""] { en: "ok {file} {machine}{label}: {states} states, {events} events, {transitions} transitions, {scenarios} scenarios", zh: "ok {file} {machine}{label}：{states} 个状态，{events} 个事件，{transitions} 条流转，{scenarios} 个场景" }
CLI_CHECKED [""] { en: "checked {files}: {errors}, {warnings}{unread}", zh: "已检查 {files}：{errors}，{warnings}{unread}" }
CLI_UNREAD [""] { en: " ({paths} could not be read)", zh: "（{paths}无法读取）" }
CLI_ONE_FILE [""] { en: "1 file", zh: "1 个文件" }
CLI_N_FILES [""] { en: "{n} files", zh: "{n} 个文件" }
CLI_ONE_PATH [""] { en: "1 path", zh: "1 个路径" }
CLI_N_PATHS [""] { en: "{n} paths", zh: "{n} 个路径" }
CLI_NO_INITIAL [""] { en: "the machine has no initial state; use --from", zh: "状态机没有初始状态；请用 --from 指定起始状态" }
CLI_STARTING [""] { en: "{machine}: starting in {state}", zh: "{machine}：从 {state} 开始" }
CLI_GUARD_YES [""] { en: "guard {guard} yes", zh: "条件 {guard} 成立" }
CLI_GUARD_NO [""] { en: "guard {guard} no", zh: "条件 {guard} 不成立" }
CLI_THEN [""] { en: "then {actions}", zh: "执行动作 {actions}" }
CLI_REMINDER [""] { en: "reminder {label} after {after}: {state} stays", zh: "提醒 {label}（{after} 后）：{state} 不变" }
CLI_STAYS [""] { en: "{state} stays", zh: "{state} 不变" }
CLI_REJECTED [""] { en: "rejected: {why}", zh: "被拒绝：{why}" }
CLI_NOTHING_DUE [""] { en: "stays where it is: {why}", zh: "留在原状态：{why}" }
CLI_NOTHING_CAN_FIRE [""] { en: "nothing {who}can fire in {state}", zh: "{who}在 {state} 什么事件都不能触发" }
CLI_CAN_FIRE [""] { en: "{who}can fire in {state}: {events}", zh: "{who}在 {state} 可以触发：{events}" }
CLI_NOT_MET [""] { en: "expectation not met: {why}", zh: "与预期不符：{why}" }
CLI_AS_EXPECTED [""] { en: "as expected", zh: "符合预期" }
CLI_ENDS_IN [""] { en: "ends in {state}{end}", zh: "停在 {state}{end}" }
CLI_FINAL [""] { en: " (final)", zh: "（终态）" }
CLI_PENDING [""] { en: "pending timeouts: {timers}", zh: "待触发的超时：{timers}" }
CLI_CANNOT_RUN [""] { en: "{file}: cannot run scenarios, the spec has errors", zh: "{file}：规格有错误，无法运行场景" }
CLI_SCENARIO_OK [""] { en: "ok     {name}", zh: "通过   {name}" }
CLI_SCENARIO_FAILED [""] { en: "FAILED {name}  ({at})", zh: "未通过 {name}  ({at})" }
CLI_START_IN [""] { en: "start in {state}", zh: "从 {state} 开始" }
CLI_STEP_REJECTED [""] { en: "rejected", zh: "被拒绝" }
CLI_HERE [""] { en: "  <- here", zh: "  <- 这里" }
CLI_HINT [""] { en: "hint: {hint}", zh: "提示：{hint}" }
CLI_RULE_OK [""] { en: "ok     rule \"{name}\"", zh: "成立   规则「{name}」" }
CLI_RULE_BROKEN [""] { en: "BROKEN rule \"{name}\"  ({at})", zh: "不成立 规则「{name}」  ({at})" }
CLI_SKIPPED [""] { en: ", {n} skipped", zh: "，{n} 个跳过" }
CLI_SCENARIOS [""] { en: "scenarios: {passed} passed, {failed} failed{skipped}", zh: "场景：{passed} 个通过，{failed} 个未通过{skipped}" }
CLI_RULES [""] { en: "rules: {held} hold, {broken} broken", zh: "规则：{held} 条成立，{broken} 条不成立" }
CLI_CHECK_RULE_PROVED [""] { en: "  ✓ rule \"{name}\" holds on every path", zh: "  ✓ 规则「{name}」在每条路径上都成立" }
CLI_CHECK_RULE_TRIVIAL [""] { en: "  - rule \"{name}\" holds trivially: {why}; it holds whatever the transitions say, so it proves nothing about them", zh: "  - 规则「{name}」必然成立：{why}；不管流转怎么写它都成立，所以它对流转什么也没有证明" }
CLI_CHECK_RULE_VACUOUS [""] { en: "  - rule \"{name}\" holds only because {state} is never reached (warning W0010)", zh: "  - 规则「{name}」成立只是因为永远到不了 {state}（警告 W0010）" }
RULE_TRIVIAL_FINAL [""] { en: "{state} is final, and an order there never moves again", zh: "{state} 是终态，订单到了那里就不会再变" }
RULE_TRIVIAL_NO_WAY_OUT [""] { en: "no line leads out of {state}", zh: "没有任何流转离开 {state}" }
RULE_TRIVIAL_THERE [""] { en: "it starts in {state}, which is one of the states it must reach", zh: "它的出发状态 {state} 本身就是要到达的状态之一" }
DOC_RULE_TRIVIAL [""] { en: "holds trivially: {why}, so it proves nothing about the transitions", zh: "必然成立：{why}，所以它对流转什么也没有证明" }
DOC_RULE_VACUOUS [""] { en: "holds only because {state} can never be reached", zh: "只是因为{state}永远到达不了才成立" }
DOC_RULE_BROKEN [""] { en: "does not hold: see order-fsm check", zh: "不成立：见 order-fsm check" }
CLI_NO_SCENARIO [""] { en: "no scenario name contains {filter}", zh: "没有场景名包含 {filter}" }
CLI_CODES_UNKNOWN_SYSTEM [""] { en: "unknown code system {system} in machine {machine}; it has {systems}", zh: "状态机 {machine} 里没有状态码体系 {system}；它有 {systems}" }
CLI_CODES_UNKNOWN_CODE [""] { en: "{system} has no code {code}", zh: "{system} 里没有状态码 {code}" }
CLI_CODES_NO_TARGET [""] { en: "state {state} has no code in {system}", zh: "状态 {state} 在 {system} 里没有状态码" }
CLI_CODES_NOT_APPLICABLE [""] { en: "state {state} has no code in {system} on purpose: the spec says {none}", zh: "状态 {state} 在 {system} 里不适用：规格里写的是 {none}" }
CLI_CODES_NA [""] { en: "not applicable", zh: "不适用" }
CLI_CODES_SHARED [""] { en: "{system} code {code} stands for {n} states, {states}: the answer is not unique", zh: "{system} 的状态码 {code} 对应 {n} 个状态（{states}），答案不唯一" }
CLI_EXPLAIN_LIST [""] { en: "Diagnostic codes (`order-fsm explain CODE` shows one, with an example and the fix):", zh: "诊断代码（`order-fsm explain 代码` 查看其中一个的说明、示例和改法）：" }
CLI_EXPLAIN_UNKNOWN [""] { en: "unknown diagnostic code {code}; `order-fsm explain` lists the codes", zh: "没有诊断代码 {code}；`order-fsm explain` 会列出所有代码" }

// The derive.
DERIVE_SPEC_ERRORS [""] { en: "the spec has errors", zh: "规格有错误" }
DERIVE_WARNING [""] { en: "the spec {spec} has 1 warning {code} ({title})", zh: "规格 {spec} 有 1 个 {code} 警告（{title}）" }
DERIVE_WARNINGS [""] { en: "the spec {spec} has {n} warnings {code} ({title})", zh: "规格 {spec} 有 {n} 个 {code} 警告（{title}）" }
DERIVE_MORE [""] { en: "and {n} more — run {command}", zh: "另外还有 {n} 个，运行 {command} 查看" }
DERIVE_SILENCE [""] { en: "silence with {one}, or all spec warnings with {all}", zh: "用 {one} 关掉这一种警告，或者用 {all} 关掉规格的所有警告" }

// The runtime (`order-fsm`): a transition, and why a call failed. Refusals use REJECT_*.
TRANSITION_MOVES [""] { en: "{from} -> {to} {cause}{actor}", zh: "{from} → {to}：{cause}{actor}" }
TRANSITION_STAYS [""] { en: "{state} stays, {cause}{actor}", zh: "{state} 不变：{cause}{actor}" }
CAUSE_EVENT [""] { en: "on {event}", zh: "事件 {event}" }
CAUSE_AFTER [""] { en: "after {after}", zh: "{after} 后超时" }
CAUSE_TIMEOUT [""] { en: "after a timeout", zh: "超时" }
BY_ROLE [""] { en: " by {role}", zh: "，由 {role} 触发" }
RUNTIME_ACTION_FAILED [""] { en: "action `{action}` failed during {transition}: {error}", zh: "动作 `{action}` 执行失败（{transition}）：{error}" }
RUNTIME_WRONG_STATE [""] { en: "expected state {expected}, found {found}", zh: "应当处于状态 {expected}，实际是 {found}" }
RUNTIME_UNKNOWN_ID [""] { en: "unknown {what} `{found}`", zh: "没有这个{what}：`{found}`" }

// The store (`order-fsm-store`).
STORE_NOT_FOUND [""] { en: "order {order} does not exist", zh: "订单 {order} 不存在" }
STORE_EXISTS [""] { en: "order {order} already exists", zh: "订单 {order} 已经存在" }
STORE_CONFLICT [""] { en: "order {order} was changed by another writer at the same time; read it again and retry", zh: "订单 {order} 同时被另一个写入方修改了；请重新读取后重试" }
STORE_BUSY [""] { en: "the database is busy, retry: {error}", zh: "数据库正忙，请重试：{error}" }
STORE_KEY_MISMATCH [""] { en: "idempotency key `{key}` of order {order} was first used for another request ({recorded}), not this one ({given})", zh: "订单 {order} 的幂等键 `{key}` 第一次用于另一个请求（{recorded}），不是这一次的请求（{given}）" }
STORE_REQUEST [""] { en: "event `{event}`{actor}, payload {payload}", zh: "事件 `{event}`{actor}，载荷 {payload}" }
STORE_REQUEST_ACTOR [""] { en: " by `{role}`", zh: "，由 `{role}` 发出" }
STORE_REQUEST_TRUSTED [""] { en: " by a trusted caller", zh: "，由受信任的调用方发出" }
STORE_REQUEST_NO_PAYLOAD [""] { en: "none", zh: "无" }
STORE_INVALID [""] { en: "order {order}: nothing was written: {what}", zh: "订单 {order}：什么都没有写入：{what}" }
STORE_INVALID_NUMBER [""] { en: "the event's payload holds {value} at `{path}`, which JSON cannot hold (it would be stored as null)", zh: "事件的载荷在 `{path}` 处是 {value}，JSON 存不下它（会被存成 null）" }
STORE_INVALID_NUL [""] { en: "{what} contains a NUL character, which PostgreSQL cannot store", zh: "{what} 含有 NUL 字符，PostgreSQL 存不下" }
STORE_INVALID_KEY_LENGTH [""] { en: "the idempotency key is {bytes} bytes long; the longest the store takes is {max}", zh: "幂等键长 {bytes} 字节；存储最多接受 {max} 字节" }
STORE_WHAT_PAYLOAD [""] { en: "the event's payload at `{path}`", zh: "事件载荷的 `{path}`" }
STORE_WHAT_KEY [""] { en: "the idempotency key", zh: "幂等键" }
STORE_WHAT_ORDER_ID [""] { en: "the order id", zh: "订单号" }
STORE_GUARD_FAILED [""] { en: "guard `{guard}` failed: {error}", zh: "条件 `{guard}` 判断出错：{error}" }
STORE_ACTION_FAILED [""] { en: "action `{action}` failed, the transition was rolled back: {error}", zh: "动作 `{action}` 执行失败，这次流转已回滚：{error}" }
STORE_UNKNOWN [""] { en: "order {order}: {what}", zh: "订单 {order}：{what}" }
STORE_UNKNOWN_STATUS [""] { en: "status {status} is not the code of any state of the spec", zh: "状态值 {status} 不是规格里任何状态的状态码" }
STORE_UNKNOWN_REJECTION [""] { en: "recorded rejection `{text}` does not fit the spec", zh: "记录下的拒绝原因 `{text}` 与规格对不上" }
STORE_MISSING_LOG_ROW [""] { en: "idempotency key `{key}` names log row {seq}, which is missing", zh: "幂等键 `{key}` 指向的日志第 {seq} 行不存在" }
STORE_WRONG_DIALECT [""] { en: "the store was built for {store} but the connection is {connection}", zh: "存储是为 {store} 建的，连接却是 {connection}" }
STORE_SCHEMA [""] { en: "schema: {error}", zh: "表结构：{error}" }
STORE_READ_ONLY [""] { en: "the database is read-only, nothing was written: {error}", zh: "数据库只读，什么都没有写入：{error}" }
STORE_FULL [""] { en: "the database is full, nothing was written: {error}", zh: "数据库已满，什么都没有写入：{error}" }
STORE_CONNECTION_LOST [""] { en: "the connection to the database was lost; the transaction was not committed: {error}", zh: "与数据库的连接断开了；事务没有提交：{error}" }
STORE_DB_ERROR [""] { en: "database error: {error}", zh: "数据库错误：{error}" }
STORE_UNREADABLE_ROW [""] { en: "unreadable row: {problems}; kept for a person to look at", zh: "无法读取的记录：{problems}；保留下来等人工处理" }
STORE_UNREADABLE_VALUE [""] { en: "column `{column}` holds {value}, not {expected}", zh: "列 `{column}` 存的是 {value}，不是{expected}" }
STORE_EXPECTED_INTEGER [""] { en: "an integer", zh: "整数" }
STORE_EXPECTED_TEXT [""] { en: "text", zh: "文本" }
STORE_EXPECTED_KEY [""] { en: "an order id of the store's key type", zh: "符合订单号类型的订单号" }
STORE_OUTBOX_NO_ORDER [""] { en: "order {order} does not exist; the message is not delivered", zh: "订单 {order} 不存在；这条消息不投递" }
STORE_OUTBOX_NO_LOG_ROW [""] { en: "order {order} has no log row {seq}; the message is not delivered", zh: "订单 {order} 没有第 {seq} 条日志；这条消息不投递" }
STORE_OUTBOX_UNKNOWN_ACTION [""] { en: "no relay delivered action `{action}` within {grace}: this relay's spec has no such action", zh: "{grace}内没有投递程序发出动作 `{action}`：本投递程序的规格里没有这个动作" }

// order-fsm diff: two versions of a spec compared (`order-fsm-diff`). A state or an event is
// shown as `label (id)`; {what} of a reminder and a payload's fields are written as in the spec.
DIFF_BREAKING [""] { en: "breaking", zh: "破坏性" }
DIFF_DANGEROUS [""] { en: "dangerous", zh: "危险" }
DIFF_SAFE [""] { en: "safe", zh: "安全" }
DIFF_SUMMARY [""] { en: "{breaking} breaking, {dangerous} dangerous, {safe} safe ({accepted} accepted)", zh: "破坏性 {breaking} 项，危险 {dangerous} 项，安全 {safe} 项（已接受 {accepted} 项）" }
DIFF_STORED_ORDERS [""] { en: " ({n} stored orders in {states})", zh: "（{states} 中有 {n} 个订单）" }
DIFF_MACHINE_REMOVED [""] { en: "machine {machine} was removed", zh: "状态机 {machine} 被删除" }
DIFF_MACHINE_ADDED [""] { en: "machine {machine} was added", zh: "新增状态机 {machine}" }
DIFF_DECISION_REMOVED [""] { en: "{event} can no longer lead to {target} where it could before", zh: "{event} 不能再转为 {target}（之前可以）" }
DIFF_DECISION_NARROWED [""] { en: "{event} leads to {target} under fewer guard answers than before", zh: "{event} 转为 {target} 的条件变窄" }
DIFF_ACTIONS_CHANGED [""] { en: "{event} to {target} runs other actions", zh: "{event} 转为 {target} 时执行的动作有变化" }
DIFF_DECISION_WIDENED [""] { en: "{event} leads to {target} under more guard answers than before", zh: "{event} 转为 {target} 的条件变宽" }
DIFF_DECISION_ADDED [""] { en: "{event} can now lead to {target}", zh: "{event} 现在可以转为 {target}" }
DIFF_OWN_STATE [""] { en: "its own state, kept (no re-entry)", zh: "原状态（原地处理，不重新进入）" }
DIFF_TIMEOUT_ADDED [""] { en: "a timeout to {target} after {after} was added", zh: "新增超时：{after} 后转为 {target}" }
DIFF_TIMEOUT_REMOVED [""] { en: "the timeout to {target} after {before} was removed", zh: "删除超时：原 {before} 后转为 {target}" }
DIFF_TIMEOUT_SHORTENED [""] { en: "the timeout to {target} was shortened from {before} to {after}", zh: "转为 {target} 的超时由 {before} 缩短为 {after}" }
DIFF_TIMEOUT_LENGTHENED [""] { en: "the timeout to {target} was lengthened from {before} to {after}", zh: "转为 {target} 的超时由 {before} 延长为 {after}" }
DIFF_TIMEOUT_CHANGED [""] { en: "when the timeout to {target} fires has changed", zh: "转为 {target} 的超时条件有变化" }
DIFF_REMINDER_MOVED [""] { en: "{state}: the reminder `{what}` now comes after {after} instead of {before}; orders already there get it at the new time counted from their entry (at once if that has passed), unless they already had it", zh: "{state}：提醒 `{what}` 由 {before} 后改为 {after} 后；已在此状态的订单按新时间提醒（从进入时算起，已过则立即提醒），已提醒过的不再提醒" }
DIFF_REMINDER_REMOVED [""] { en: "{state}: the reminder `{what}` was removed", zh: "{state}：删除了提醒 `{what}`" }
DIFF_REMINDER_ADDED [""] { en: "{state}: the reminder `{what}` was added; orders already there get it too, due from their entry", zh: "{state}：新增提醒 `{what}`；已在此状态的订单也会收到，从进入时算起" }
DIFF_CODE_SYSTEM_REMOVED [""] { en: "the codes of system `{system}` are no longer listed: code translations to and from it stop", zh: "不再列出状态码体系 `{system}` 的状态码：与它之间的状态码转换不再可用" }
DIFF_CODE_SYSTEM_ADDED [""] { en: "the codes of system `{system}` are listed", zh: "新列出状态码体系 `{system}` 的状态码" }
DIFF_SYSTEM_CODE_CHANGED [""] { en: "the `{system}` codes of {state} changed from {before} to {after}: what that system's codes translate to changes", zh: "{state} 在 `{system}` 里的状态码由 {before} 改为 {after}，与该系统之间的状态码转换随之改变" }
DIFF_NO_CODES [""] { en: "none", zh: "无" }
DIFF_NOT_APPLICABLE [""] { en: "not applicable (`none`)", zh: "不适用（`none`）" }
DIFF_SHARED_CODES [""] { en: "{codes} (shared)", zh: "{codes}（共用）" }
DIFF_STATE_REMOVED [""] { en: "state {state} was removed", zh: "删除状态 {state}" }
DIFF_STATE_RENAMED [""] { en: "state {old} is now {new} (same main code {code}): stored rows keep their code, the Rust variant changes from `{old_id}` to `{new_id}`", zh: "状态 {old} 改名为 {new}（主状态码 {code} 不变，已存订单不受影响；Rust 枚举成员由 `{old_id}` 改为 `{new_id}`）" }
DIFF_CODE_CHANGED [""] { en: "the main code of {state} changed from {before} to {after}: stored rows no longer match", zh: "{state} 的主状态码由 {before} 改为 {after}，已存订单对不上" }
DIFF_CODE_GIVEN [""] { en: "the main code of {state} changed from none to {after}: stored rows no longer match", zh: "{state} 的主状态码由 none 改为 {after}，已存订单对不上" }
DIFF_CODE_DROPPED [""] { en: "the main code of {state} changed from {before} to none: stored rows no longer match", zh: "{state} 的主状态码由 {before} 改为 none，已存订单对不上" }
DIFF_CODE_REUSED [""] { en: "main code {code} of {state} now belongs to {other}: stored rows would change state", zh: "{state} 的主状态码 {code} 现在属于 {other}，已存订单会变成另一个状态" }
DIFF_INITIAL_CHANGED [""] { en: "new orders no longer start in {state}", zh: "新订单不再从 {state} 开始" }
DIFF_NOW_FINAL [""] { en: "{state} is now final", zh: "{state} 变为终态" }
DIFF_NO_LONGER_FINAL [""] { en: "{state} is no longer final", zh: "{state} 不再是终态" }
DIFF_STATE_TEXT_CHANGED [""] { en: "the label or doc of state `{id}` changed: {before} → {after}", zh: "状态 {id} 的名称或说明有变化：{before} → {after}" }
DIFF_STATE_ADDED [""] { en: "state {state} was added", zh: "新增状态 {state}" }
DIFF_EVENT_REMOVED [""] { en: "event `{id}` was removed: Rust callers and stored payloads break", zh: "删除事件 {id}：调用它的 Rust 代码和已存的事件数据会失效" }
DIFF_MAYBE_RENAMED [""] { en: " (possibly renamed to `{id}`)", zh: "（可能改名为 {id}）" }
DIFF_PAYLOAD_CHANGED [""] { en: "the payload of `{id}` changed from { {before} } to { {after} }: Rust callers and stored payloads break", zh: "事件 {id} 的数据由 { {before} } 改为 { {after} }：调用它的 Rust 代码和已存的事件数据会失效" }
DIFF_EVENT_TEXT_CHANGED [""] { en: "the label or doc of event `{id}` changed", zh: "事件 {id} 的名称或说明有变化" }
DIFF_EVENT_ADDED [""] { en: "event `{id}` was added", zh: "新增事件 {id}" }
DIFF_ITEM_REMOVED [""] { en: "{kind} `{id}` was removed", zh: "删除{kind} {id}" }
DIFF_ITEM_TEXT_CHANGED [""] { en: "the label of {kind} `{id}` changed", zh: "{kind} {id} 的名称有变化" }
DIFF_ITEM_ADDED [""] { en: "{kind} `{id}` was added", zh: "新增{kind} {id}" }
DIFF_NOTES_CHANGED [""] { en: "the notes changed", zh: "备注有变化" }
// Where a finding shows: a state, a role, guard answers, the outcome before → after.
DIFF_CASE [""] { en: "in {state}{role}, {condition}: {before} → {after}", zh: "在 {state}{role}，{condition}：{before} → {after}" }
DIFF_CASE_ROLE [""] { en: ", by {role}", zh: "，角色 {role}" }
DIFF_ALWAYS [""] { en: "always", zh: "总是" }
DIFF_WHEN [""] { en: "when {conditions}", zh: "当 {conditions}" }
DIFF_WHEN_AND [""] { en: " and ", zh: " 且 " }
DIFF_AFTER_IN_STATE [""] { en: "after {delay} or more in the state", zh: "停留满 {delay}" }
DIFF_GUARD_YES [""] { en: "{guard} yes", zh: "{guard} 是" }
DIFF_GUARD_NO [""] { en: "{guard} no", zh: "{guard} 否" }
DIFF_REJECTED [""] { en: "rejected", zh: "拒绝" }
// A scenario of the old version that the new one breaks.
DIFF_SCENARIO_NOW [""] { en: "{before} before, {now} now", zh: "原来{before}，现在{now}" }
DIFF_SCENARIO_LEADS_TO [""] { en: "{state}", zh: "转为 {state}" }
DIFF_SCENARIO_NO_TIMEOUT [""] { en: "no timeout due, stays in {state}", zh: "没有到期的超时，仍停在 {state}" }
DIFF_SCENARIO_REJECTED [""] { en: "rejected", zh: "被拒绝" }
DIFF_SCENARIO_STARTS [""] { en: "starts in {before} before, in {now} now", zh: "原来从 {before} 开始，现在从 {now} 开始" }
DIFF_SCENARIO_FAILS [""] { en: "no longer passes", zh: "不再通过" }
DIFF_SCENARIO_START_GONE [""] { en: "starts in {state}, which the new version no longer has", zh: "起始状态 {state} 在新版本中已删除" }
DIFF_SCENARIO_STATE_GONE [""] { en: "expects {state}, which the new version no longer has", zh: "期望的状态 {state} 在新版本中已删除" }
DIFF_SCENARIO_EVENT_GONE [""] { en: "event `{id}` is no longer in the new version", zh: "事件 {id} 在新版本中已删除" }
DIFF_SCENARIO_ROLE_GONE [""] { en: "role `{id}` is no longer in the new version", zh: "角色 {id} 在新版本中已删除" }
// The report of `order-fsm diff` (text and Markdown) and its review page.
DIFF_NO_DIFFERENCES [""] { en: "no differences in behaviour, codes or texts", zh: "行为、状态码和文字都没有变化" }
DIFF_REPORT_TITLE [""] { en: "Spec changes", zh: "状态机变更" }
DIFF_BROKEN_INTRO [""] { en: "scenarios of the old version the new one breaks:", zh: "旧版本的验收场景在新版本上不再通过：" }
DIFF_BROKEN_TITLE [""] { en: "Scenarios the new version breaks", zh: "不再通过的验收场景" }
DIFF_BROKEN_SCENARIO [""] { en: "\"{name}\" {step} {step_text}: {what}; broken by {findings}", zh: "「{name}」{step} {step_text}：{what}；原因：{findings}" }
DIFF_STEP [""] { en: "step {n}", zh: "第 {n} 步" }
DIFF_NO_SINGLE_FINDING [""] { en: "no single finding explains it", zh: "未能对应到具体变更项" }
DIFF_ACCEPTED [""] { en: "accepted", zh: "已接受" }
DIFF_ACCEPTED_NOTE [""] { en: " (accepted)", zh: "（已接受）" }
// The review page of `order-fsm diff` (`order-fsm diff --format html`).
DIFF_ROW_ADDED [""] { en: "added", zh: "新增" }
DIFF_ROW_REMOVED [""] { en: "removed", zh: "删除" }
DIFF_ROW_CHANGED [""] { en: "changed", zh: "修改" }
DIFF_ROWS_MD_TITLE [""] { en: "transition table: changed rows", zh: "状态流转表：变更的行" }
DIFF_CHANGE_COLUMN [""] { en: "Change", zh: "变更" }
DIFF_BREAKING_MEANS [""] { en: "stored orders, callers or existing decisions break: migrate or confirm before release", zh: "已存订单、调用方代码或原有操作会受影响，上线前须迁移数据或确认" }
DIFF_DANGEROUS_MEANS [""] { en: "behaviour changes (narrower conditions, other targets or actions, timeouts): confirm each", zh: "行为有变化（条件变窄、目标或动作改变、超时改变），请逐条确认" }
DIFF_SAFE_MEANS [""] { en: "new possibilities or wording: existing behaviour is unchanged", zh: "新增的能力或文字修改，不影响已有行为" }
DIFF_REVIEW_TITLE [""] { en: "State machine change review", zh: "状态机变更评审" }
DIFF_OLD_VERSION [""] { en: "old", zh: "旧版本" }
DIFF_NEW_VERSION [""] { en: "new", zh: "新版本" }
DIFF_SCENARIOS_BROKEN_COUNT [""] { en: "scenarios broken", zh: "个验收场景不再通过" }
DIFF_GENERATED_BY [""] { en: "Generated by order-fsm diff, comparing behaviour", zh: "由 order-fsm diff 按行为比较生成" }
DIFF_SUMMARY_TITLE [""] { en: "Summary", zh: "变更摘要" }
DIFF_FINDINGS_TITLE [""] { en: "Every finding", zh: "全部变更项" }
DIFF_BROKEN_TOC [""] { en: "Broken scenarios", zh: "不再通过的验收场景" }
DIFF_DIAGRAM_TITLE [""] { en: "Diagram of old ∪ new", zh: "新旧合并状态图" }
DIFF_ROWS_TOC [""] { en: "Changed rows", zh: "状态流转表的变更" }
DIFF_LEVEL_COLUMN [""] { en: "Level", zh: "级别" }
DIFF_COUNT_COLUMN [""] { en: "Findings", zh: "项数" }
DIFF_ACCEPTED_COLUMN [""] { en: "Accepted", zh: "其中已接受" }
DIFF_MEANING_COLUMN [""] { en: "Meaning", zh: "含义" }
DIFF_BROKEN_RERUN [""] { en: "the old version's scenarios, run again on the new version", zh: "旧版本的验收场景在新版本上重新运行" }
DIFF_SCENARIO_COLUMN [""] { en: "Scenario", zh: "场景" }
DIFF_STEP_COLUMN [""] { en: "Step", zh: "出错的步骤" }
DIFF_OUTCOME_COLUMN [""] { en: "What happens", zh: "结果" }
DIFF_BROKEN_BY_COLUMN [""] { en: "Broken by", zh: "原因（变更项）" }
DIFF_IN_PARENS [""] { en: "({text})", zh: "（{text}）" }
DIFF_FINDINGS_NOTE [""] { en: "each has a stable id; --accept records it as intended", zh: "每项有稳定的编号，可用 --accept 记为有意为之" }
DIFF_N_FINDINGS [""] { en: "{n}", zh: "{n} 项" }
DIFF_DIAGRAM_NOTE [""] { en: "both versions in one drawing: green added, grey dashed removed, orange changed", zh: "新旧两个版本画在同一张图上：绿色为新增，灰色虚线为删除，橙色为修改" }
DIFF_LEGEND_STATE_ADDED [""] { en: "state added", zh: "新增的状态" }
DIFF_LEGEND_STATE_REMOVED [""] { en: "state removed (faded)", zh: "删除的状态（淡色）" }
DIFF_LEGEND_STATE_CHANGED [""] { en: "state changed", zh: "有修改的状态" }
DIFF_LEGEND_LINE_ADDED [""] { en: "line added", zh: "新增的流转" }
DIFF_LEGEND_LINE_REMOVED [""] { en: "line removed (faded)", zh: "删除的流转（淡色）" }
DIFF_LEGEND_LINE_CHANGED [""] { en: "line changed", zh: "有修改的流转" }
DIFF_LEGEND_TIMEOUT [""] { en: "timeout", zh: "超时自动流转" }
DIFF_ROWS_TITLE [""] { en: "Changed rows of the transition table", zh: "状态流转表的变更" }
DIFF_ROWS_NOTE [""] { en: "only rows that differ; a changed cell reads before → after", zh: "只列出有变化的行；修改的单元格写作 原值 → 新值" }
DIFF_NO_ROWS [""] { en: "no row was added, removed or changed (a change of order shows in the findings above)", zh: "状态流转表没有增删改的行（行的先后顺序变化见上面的变更项）" }
DIFF_OFFLINE [""] { en: "This page loads nothing from the network: archive it or attach it to the review", zh: "本页不联网，可直接存档或随评审材料发送" }

// `--allow` and `--deny` on check, test and doc
CLI_LEVEL_UNKNOWN [""] { en: "{given}: no warning has the code {code}; the warning codes are {codes}", zh: "{given}：没有代码为 {code} 的警告；警告代码有 {codes}" }
CLI_LEVEL_ERROR_CODE [""] { en: "{given}: {code} is an error, not a warning; an error always fails the run and cannot be allowed or denied, only warnings can: {codes}", zh: "{given}：{code} 是错误，不是警告；错误总会让运行失败，不能放行也不能再设为错误，只有警告可以：{codes}" }
CLI_LEVEL_BOTH [""] { en: "{code} is given to both `--allow` and `--deny`; keep one of them", zh: "{code} 同时给了 `--allow` 和 `--deny`；请只保留一个" }

// `doc`: the spec's warnings, one line per code
CLI_DOC_WARNINGS [""] { en: "{title} ({n} in {file}; `--verbose` shows each, `--allow {code}` hides them)", zh: "{title}（{file} 里有 {n} 处；加 `--verbose` 可逐条查看，加 `--allow {code}` 不再显示）" }

// `simulate`: names in steps, why the run failed, what is still pending
CLI_STEP_AMBIGUOUS [""] { en: "{label} is the label of several {kinds}: {ids}", zh: "{label} 是好几个{kinds}的标签：{ids}" }
CLI_STEP_AMBIGUOUS_LABEL [""] { en: "{n} {kinds} have this label", zh: "有 {n} 个{kinds}用这个标签" }
CLI_STEP_WRITE_ID [""] { en: "write the id of the one you mean: {ids}", zh: "请写你要的那个的 id：{ids}" }
CLI_STEP_NONE [""] { en: "the machine has no {kinds}", zh: "这个状态机没有{kinds}" }
CLI_STEP_NO_SUCH [""] { en: "no {kind} has this id or label", zh: "没有哪个{kind}的 id 或标签是这个" }
CLI_NO_LEAVING_DUE [""] { en: "stays where it is: no timeout that leaves {state} is due after {after}", zh: "留在原状态：{state} 在 {after} 后没有到期的、会离开它的超时" }
CLI_SIM_STEP_FAILED [""] { en: "step {n} {step} {why}", zh: "第 {n} 步 {step}{why}" }
CLI_SIM_WHY_REFUSED [""] { en: "was refused, so the run fails (status 1); if that is expected, write {fix}", zh: "被拒绝，所以运行失败（退出码 1）；如果这在预期之中，就写成 {fix}" }
CLI_SIM_WHY_STAYED [""] { en: "fired no timeout that leaves {state}{reminders}, so the run fails (status 1), as that step would in a scenario; if that is expected, write {fix}", zh: "没有触发离开 {state} 的超时{reminders}，和场景里的这一步一样，运行失败（退出码 1）；如果这在预期之中，就写成 {fix}" }
CLI_SIM_ONLY_REMINDERS [""] { en: " (only reminders ran)", zh: "（只执行了提醒）" }
CLI_SIM_WHY_NOT_MET [""] { en: "did not end as its `=>` says, so the run fails (status 1)", zh: "的结果与 `=>` 写的不符，所以运行失败（退出码 1）" }
CLI_ENDS_IN_SINCE [""] { en: "ends in {state}, {elapsed} after entering it", zh: "停在 {state}，进入这个状态已有 {elapsed}" }
CLI_IN [""] { en: "in {delay} -> {state}{guard}", zh: "{delay} 后 -> {state}{guard}" }
CLI_NOW [""] { en: "now -> {state}{guard}", zh: "现在 -> {state}{guard}" }
CLI_IN_REMINDER [""] { en: "in {delay} reminder {label}{guard}", zh: "{delay} 后提醒 {label}{guard}" }
CLI_IF_GUARD [""] { en: " if {guard}", zh: "（如果 {guard} 成立）" }

// The command line itself: `--help`, usage errors, and the words clap would otherwise write.
HELP_USAGE [""] { en: "Usage:", zh: "用法：" }
HELP_ARGUMENTS [""] { en: "Arguments", zh: "参数" }
HELP_OPTIONS [""] { en: "Options", zh: "选项" }
HELP_COMMANDS [""] { en: "Commands", zh: "命令" }
HELP_OPTIONS_PLACEHOLDER [""] { en: "[OPTIONS]", zh: "[选项]" }
HELP_COMMAND_PLACEHOLDER [""] { en: "COMMAND", zh: "命令" }
HELP_DEFAULT [""] { en: "[default: {value}]", zh: "[默认：{value}]" }
HELP_POSSIBLE [""] { en: "[possible values: {values}]", zh: "[可选值：{values}]" }
HELP_POSSIBLE_LIST [""] { en: "Possible values:", zh: "可选值：" }
HELP_HELP_SHORT [""] { en: "Print help (see more with '--help')", zh: "显示帮助（`--help` 显示更详细的说明）" }
HELP_HELP_LONG [""] { en: "Print help (see a summary with '-h')", zh: "显示帮助（`-h` 只显示摘要）" }
HELP_VERSION [""] { en: "Print version", zh: "显示版本号" }
HELP_HELP_COMMAND [""] { en: "Print this message or the help of the given subcommand(s)", zh: "显示本帮助，或者给出的命令的帮助" }
HELP_THE_COMMANDS [""] { en: "the commands are {commands}", zh: "可用的命令有 {commands}" }
HELP_HELP_COMMAND_ARG [""] { en: "The command to explain", zh: "要查看帮助的命令" }
HELP_EXIT_TABLE [""] { en: "Exit status (every command):\n  0  success\n  1  the spec, a scenario, an expectation or a --check failed, or test --filter matched nothing\n  2  the command line is wrong, or an input cannot be read (or an output cannot be written)", zh: "退出状态（所有命令相同）：\n  0  成功\n  1  规格、场景、预期或 --check 没有通过，或者 test --filter 一个场景也没匹配到\n  2  命令行写错了，或者输入读不了（或输出写不了）" }
HELP_EXAMPLES [""] { en: "Examples:", zh: "示例：" }
HELP_TRY_HELP [""] { en: "For more information, try {help}.", zh: "更多说明请运行 {help}。" }
HELP_TIP [""] { en: "tip: {tip}", zh: "提示：{tip}" }
HELP_SIMILAR_ARG [""] { en: "a similar argument exists: {arg}", zh: "有一个相近的参数：{arg}" }
HELP_SIMILAR_COMMAND [""] { en: "a similar command exists: {command}", zh: "有一个相近的命令：{command}" }
HELP_SIMILAR_VALUE [""] { en: "a similar value exists: {value}", zh: "有一个相近的值：{value}" }
HELP_AS_VALUE [""] { en: "to pass {arg} as a value, use {fix}", zh: "如果 {arg} 是一个值，请写成 {fix}" }
CLAP_UNKNOWN_ARGUMENT [""] { en: "unexpected argument {arg} found", zh: "不认识的参数 {arg}" }
CLAP_INVALID_VALUE [""] { en: "invalid value {value} for {arg}", zh: "{arg} 的值 {value} 无效" }
CLAP_VALUE_REQUIRED [""] { en: "a value is required for {arg} but none was supplied", zh: "{arg} 需要一个值，但没有给出" }
CLAP_POSSIBLE_VALUES [""] { en: "possible values: {values}", zh: "可选值：{values}" }
CLAP_INVALID_SUBCOMMAND [""] { en: "unrecognized subcommand {command}", zh: "没有命令 {command}" }
CLAP_MISSING_ARGUMENTS [""] { en: "the following required arguments were not provided: {args}", zh: "缺少必需的参数：{args}" }
CLAP_MISSING_SUBCOMMAND [""] { en: "{command} requires a subcommand but one was not provided; subcommands: {commands}", zh: "{command} 后面需要一个命令，但没有给出；可用的命令：{commands}" }
CLAP_CONFLICT [""] { en: "the argument {arg} cannot be used with {other}", zh: "参数 {arg} 不能和 {other} 一起用" }
CLAP_CONFLICT_OTHERS [""] { en: "the argument {arg} cannot be used with one or more of the other arguments given", zh: "参数 {arg} 不能和给出的其他某些参数一起用" }
CLAP_TWICE [""] { en: "the argument {arg} cannot be used more than once", zh: "参数 {arg} 只能用一次" }
CLAP_TOO_MANY_VALUES [""] { en: "unexpected value {value} for {arg} found; no more were expected", zh: "{arg} 多出了一个值 {value}；它不再需要更多的值" }
CLAP_TOO_FEW_VALUES [""] { en: "{arg} needs at least {min} values, {n} given", zh: "{arg} 至少需要 {min} 个值，只给了 {n} 个" }
CLAP_WRONG_NUMBER [""] { en: "{arg} needs {expected} values, {n} given", zh: "{arg} 需要 {expected} 个值，给了 {n} 个" }
CLAP_NO_EQUALS [""] { en: "an equal sign is needed when giving a value to {arg}", zh: "给 {arg} 赋值时需要写等号" }
CLAP_NOT_UTF8 [""] { en: "an argument is not valid UTF-8 text", zh: "有一个参数不是有效的 UTF-8 文本" }
CLAP_OTHER [""] { en: "the command line cannot be read", zh: "无法读懂这个命令行" }

// `--help` of each command and argument.
HELP_ABOUT [""] { en: "Check, simulate, test and document order lifecycle specs (`.fsm` files).", zh: "检查、试运行、测试订单生命周期规格（`.fsm` 文件），并生成文档。" }
HELP_ABOUT_LONG [""] { en: "Check, simulate, test and document order lifecycle specs (`.fsm` files).\n\nA spec describes one order lifecycle: its states (待付款, 待发货 …), the events that move an order between them, who may fire each event, guards, actions, timeouts and scenarios. `order-fsm explain` lists the diagnostic codes and `order-fsm explain E0010` shows one, with an example and the fix (`--lang zh` for Chinese).", zh: "检查、试运行、测试订单生命周期规格（`.fsm` 文件），并生成文档。\n\n一份规格描述一个订单的生命周期：有哪些状态（待付款、待发货 …），哪些事件让订单在状态之间流转，每个事件由谁触发，以及条件、动作、超时和场景。`order-fsm explain` 列出所有诊断代码，`order-fsm explain E0010` 查看其中一个的说明、示例和改法（`--lang en` 显示英文）。" }
HELP_ROOT_EXAMPLES [""] { en: "  order-fsm check specs/\n  order-fsm simulate specs/order.fsm Pay \"Ship by seller\" Confirm\n  order-fsm test specs/order.fsm\n  order-fsm doc specs/order.fsm --format html --out docs/generated\n  order-fsm explain E0010 --lang zh", zh: "  order-fsm check specs/\n  order-fsm simulate specs/order.fsm 付款 \"发货 by 卖家\" 确认收货\n  order-fsm test specs/order.fsm\n  order-fsm doc specs/order.fsm --format md,html --out docs/generated\n  order-fsm explain E0010 --lang zh" }
HELP_LANG [""] { en: "Language of messages (diagnostics, summaries). Default: ORDER_FSM_LANG, then LC_ALL, LC_MESSAGES, LANG (zh_* gives Chinese, anything else English)", zh: "消息的语言（诊断信息、汇总）。默认依次看 ORDER_FSM_LANG、LC_ALL、LC_MESSAGES、LANG（zh_* 为中文，其他为英文）" }
HELP_LANG_ZH [""] { en: "中文", zh: "中文" }
HELP_LANG_EN [""] { en: "English", zh: "英文" }
HELP_COLOR [""] { en: "When to use colour in diagnostics", zh: "诊断信息什么时候用颜色" }
HELP_COLOR_AUTO [""] { en: "Colour when printing to a terminal and NO_COLOR is not set", zh: "输出到终端且没有设置 NO_COLOR 时用颜色" }
HELP_COLOR_ALWAYS [""] { en: "Always colour", zh: "总是用颜色" }
HELP_COLOR_NEVER [""] { en: "Never colour", zh: "从不用颜色" }
HELP_PATHS [""] { en: "Spec files, or folders to search for `.fsm` files", zh: "规格文件，或要在其中查找 `.fsm` 文件的文件夹" }
HELP_SPEC [""] { en: "The spec file (`specs/order.fsm`)", zh: "规格文件（`specs/order.fsm`）" }
HELP_ALLOW [""] { en: "Do not report this warning (`W0005`, or a list `W0005,W0007`); an allowed warning never fails the run, not even with --deny-warnings", zh: "不报告这个警告（`W0005`，或用逗号分隔的多个 `W0005,W0007`）；放行的警告不会让运行失败，加了 --deny-warnings 也不会" }
HELP_DENY [""] { en: "Report this warning as an error (`W0004`, or a list): it fails the run (status 1) like any error", zh: "把这个警告当作错误报告（`W0004`，或用逗号分隔的多个）：和任何错误一样，它会让运行失败（退出码 1）" }
HELP_CHECK_ABOUT [""] { en: "Check spec files for mistakes and print every error and warning", zh: "检查规格文件里的错误，列出每个错误和警告" }
HELP_CHECK_LONG [""] { en: "Check spec files for mistakes and print every error and warning.\n\nWith --deny-warnings, warnings fail the run (status 1) as errors do. --allow CODE hides one warning (it then fails no run, even with --deny-warnings); --deny CODE makes one warning an error.", zh: "检查规格文件里的错误，列出每个错误和警告。\n\n加 --deny-warnings 时，警告和错误一样会让运行失败（退出码 1）。--allow 代码 不再报告某个警告（即使加了 --deny-warnings，它也不会让运行失败）；--deny 代码 把某个警告当作错误。" }
HELP_CHECK_DENY_WARNINGS [""] { en: "Fail (exit 1) on warnings too, except those given to --allow", zh: "有警告时也失败（退出码 1），--allow 放行的警告除外" }
HELP_CHECK_FORMAT [""] { en: "How to print diagnostics", zh: "诊断信息的输出格式" }
HELP_CHECK_FORMAT_HUMAN [""] { en: "Diagnostics as rustc prints them, for people", zh: "像 rustc 那样的诊断信息，给人看" }
HELP_CHECK_FORMAT_JSON [""] { en: "One JSON array of diagnostics, for editors and CI tools", zh: "一个 JSON 数组，给编辑器和 CI 工具用" }
HELP_SIMULATE_ABOUT [""] { en: "Walk an order through events and see where it ends up, or why an event is refused", zh: "带着一个订单走过一串事件，看它停在哪里，或者某个事件为什么被拒绝" }
HELP_SIMULATE_LONG [""] { en: "Walk an order through events and see where it ends up, or why an event is refused.\n\nEach step is written as in a scenario: `Pay`, `\"Ship by seller\"`, `\"Pay [not payment_verified]\"`, `\"after 30m\"`, and may end with an expectation such as `\"Cancel => rejected\"` or `\"Pay => Paid\"`. Events, roles, guards and states may be named by their labels too: `\"付款 => 待发货\"`. Guards say yes unless a step says otherwise.\n\nA refused step fails the run (status 1) unless it says `=> rejected`, and so does a wait that takes the order nowhere unless it says `=> State`; the last lines say which step failed and why. An unknown event, role, state or guard in a step, or a label several of them share, is a wrong command line (status 2).", zh: "带着一个订单走过一串事件，看它停在哪里，或者某个事件为什么被拒绝。\n\n每一步的写法和场景里一样：`Pay`、`\"Ship by seller\"`、`\"Pay [not payment_verified]\"`、`\"after 30m\"`，结尾可以写预期结果，如 `\"Cancel => rejected\"` 或 `\"Pay => Paid\"`。事件、角色、条件和状态也可以写标签：`\"付款 => 待发货\"`。步骤里没写的条件一律按成立处理。\n\n没写 `=> rejected` 的步骤被拒绝时运行失败（退出码 1）；没写 `=> 状态` 的等待没有让订单离开时也一样；最后几行会说明是哪一步、为什么失败。步骤里有未知的事件、角色、状态或条件，或者用了几个名字共用的标签，算命令行写错（退出码 2）。" }
HELP_SIMULATE_SPEC [""] { en: "The spec file", zh: "规格文件" }
HELP_SIMULATE_MACHINE [""] { en: "The machine to run, when the file has several", zh: "文件里有多个状态机时，运行哪一个" }
HELP_SIMULATE_FROM [""] { en: "Start in this state (its id or label) instead of the initial one", zh: "从这个状态（写 id 或标签）开始，而不是从初始状态" }
HELP_SIMULATE_STEPS [""] { en: "The steps, e.g. `Pay` `\"Ship by seller\"` `\"Pay [not payment_verified]\"` `\"after 30m\"` `\"付款 by 买家\"`", zh: "步骤，如 `Pay` `\"Ship by seller\"` `\"Pay [not payment_verified]\"` `\"after 30m\"` `\"付款 by 买家\"`" }
HELP_TEST_ABOUT [""] { en: "Run every scenario in the specs and report each one as passed or failed", zh: "运行规格里的每个场景，逐一报告通过还是未通过" }
HELP_TEST_FILTER [""] { en: "Only run scenarios whose name contains this text", zh: "只运行名称里包含这段文字的场景" }
HELP_DOC_ABOUT [""] { en: "Write the PRD documents: 状态流转表, matrix and diagrams (Markdown, Mermaid, DOT, PlantUML, SVG, HTML, JSON, CSV)", zh: "生成 PRD 文档：状态流转表、矩阵和流程图（Markdown、Mermaid、DOT、PlantUML、SVG、HTML、JSON、CSV）" }
HELP_DOC_LONG [""] { en: "Write the PRD documents: 状态流转表, matrix and diagrams (Markdown, Mermaid, DOT, PlantUML, SVG, HTML, JSON, CSV).\n\nThe spec's warnings are summed up, one line per code (--verbose prints each); --allow CODE hides a warning and --deny CODE makes it an error, which stops the documents of that spec.", zh: "生成 PRD 文档：状态流转表、矩阵和流程图（Markdown、Mermaid、DOT、PlantUML、SVG、HTML、JSON、CSV）。\n\n规格里的警告按代码汇总，每个代码一行（--verbose 逐条显示）；--allow 代码 不再显示某个警告，--deny 代码 把它当作错误，这个规格的文档就不会生成。" }
HELP_DOC_SPECS [""] { en: "Spec files to document, or folders to search for `.fsm` files", zh: "要生成文档的规格文件，或要在其中查找 `.fsm` 文件的文件夹" }
HELP_DOC_FORMAT [""] { en: "Output formats: one, a list (`md,html`, or `--format` again), or `all`", zh: "输出格式：一个，或一组（`md,html`，或者多写几次 `--format`），或者 `all`" }
HELP_DOC_FORMAT_MD [""] { en: "Markdown: tables, scenarios and a Mermaid diagram", zh: "Markdown：表格、场景和一张 Mermaid 流程图" }
HELP_DOC_FORMAT_MERMAID [""] { en: "Mermaid flowchart (timeouts dashed, each final state its own double circle)", zh: "Mermaid 流程图（超时为虚线，每个终态各是一个双圈）" }
HELP_DOC_FORMAT_DOT [""] { en: "Graphviz DOT", zh: "Graphviz 的 DOT 格式" }
HELP_DOC_FORMAT_PLANTUML [""] { en: "PlantUML", zh: "PlantUML 格式" }
HELP_DOC_FORMAT_SVG [""] { en: "SVG drawn without external programs", zh: "SVG，不需要外部程序就能画出" }
HELP_DOC_FORMAT_HTML [""] { en: "One self-contained HTML page", zh: "一个自带全部内容的 HTML 页面" }
HELP_DOC_FORMAT_JSON [""] { en: "The model as JSON, with ids instead of indices", zh: "JSON 格式的模型，用 id 而不是序号" }
HELP_DOC_FORMAT_CSV [""] { en: "The 状态流转表 as CSV (UTF-8 with BOM)", zh: "CSV 格式的状态流转表（带 BOM 的 UTF-8）" }
HELP_DOC_FORMAT_ALL [""] { en: "Every format (needs --out)", zh: "所有格式（需要 --out）" }
HELP_DOC_LANG [""] { en: "Language of headings and column names (labels are shown as written), and of messages. Documents are in Chinese unless this says otherwise, whatever the locale; messages follow the environment (see `check --help`)", zh: "标题和列名的语言（标签按原样显示），也是消息的语言。不管系统语言是什么，文档都是中文，除非这里另有指定；消息的语言跟随环境（见 `check --help`）" }
HELP_DOC_MACHINE [""] { en: "Only the machine with this id", zh: "只处理这个 id 的状态机" }
HELP_DOC_OUT [""] { en: "Write files into this directory instead of printing", zh: "把文件写进这个目录，而不是打印出来" }
HELP_DOC_CHECK [""] { en: "Write nothing; exit 1 listing files in DIR that differ from what would be generated, are missing, or are left from a machine the spec no longer has", zh: "什么都不写；DIR 里有文件与将要生成的内容不同、缺少，或者属于规格里已经没有的状态机时，列出它们并以退出码 1 结束" }
HELP_DOC_VERBOSE [""] { en: "Print each of the spec's warnings in full, instead of one line per code", zh: "逐条完整显示规格里的警告，而不是每个代码一行" }
HELP_EXPAND_ABOUT [""] { en: "Print the Rust code that `#[derive(StateMachine)]` generates for a spec", zh: "打印 `#[derive(StateMachine)]` 为规格生成的 Rust 代码" }
HELP_EXPAND_MACHINE [""] { en: "The machine to expand; needed when the file defines several", zh: "要展开的状态机；文件里有多个状态机时必须给出" }
HELP_EXPAND_TYPE [""] { en: "The name of the generated machine type (default: the machine's id)", zh: "生成的状态机类型的名字（默认是状态机的 id）" }
HELP_EXPAND_TYPESTATE [""] { en: "Generate the typestate API or not, as `typestate = …` in `#[fsm(…)]` (default, like the derive: on for machines of up to 256 transition lines)", zh: "是否生成 typestate API，和 `#[fsm(…)]` 里的 `typestate = …` 一样（默认和 derive 相同：流转不超过 256 条的状态机生成）" }
HELP_HOOKS_ABOUT [""] { en: "Print an `impl` of a machine's hooks trait with every method's signature, ready to fill in", zh: "打印状态机钩子 trait 的 `impl`，每个方法都带好签名，填上代码即可" }
HELP_HOOKS_LONG [""] { en: "Print an `impl` of a machine's hooks trait with every method's exact signature, a doc comment (the guard's or action's description and the lines that use it) and a `todo!()` body, ready to paste next to `#[derive(StateMachine)]`. With `--store`, of the store variant (`OrderStoreHooks`), whose methods get the store's `Call` (the transaction and the order) and may fail. After the spec gains a guard or an action, the build fails naming the missing method; this prints its signature.", zh: "打印状态机钩子 trait 的 `impl`：每个方法都有准确的签名、一行文档注释（条件或动作的说明，以及用到它的流转）和 `todo!()` 方法体，可以直接贴到 `#[derive(StateMachine)]` 旁边。加 `--store` 时打印存储用的版本（`OrderStoreHooks`），它的方法会拿到存储的 `Call`（事务和订单），并且可以返回错误。规格新增条件或动作后，编译会报出缺少的方法名；这个命令给出它的签名。" }
HELP_HOOKS_MACHINE [""] { en: "The machine; needed when the file defines several", zh: "状态机；文件里有多个状态机时必须给出" }
HELP_HOOKS_STORE [""] { en: "The store variant of the trait (`OrderStoreHooks`), for `order-fsm-store`", zh: "打印存储用的 trait（`OrderStoreHooks`），给 `order-fsm-store` 用" }
HELP_HOOKS_KEY [""] { en: "With `--store`: the Rust type of the order key (default `i64`)", zh: "配合 `--store`：订单号的 Rust 类型（默认 `i64`）" }
HELP_HOOKS_NAME [""] { en: "The name of the hooks type (default `AppHooks`)", zh: "钩子类型的名字（默认 `AppHooks`）" }
HELP_SQL_ABOUT [""] { en: "Print the SQL that stores orders in SQLite or PostgreSQL, with the spec's rules enforced by the database itself: tables, allowed status changes, triggers", zh: "打印把订单存进 SQLite 或 PostgreSQL 的 SQL，由数据库自己执行规格里的规则：表、允许的状态变化、触发器" }
HELP_SQL_LONG [""] { en: "Print the SQL that stores orders in SQLite or PostgreSQL, with the spec's rules enforced by the database itself: tables, allowed status changes, triggers.\n\nThe script can be run again, and again after the spec changes: it keeps the data and replaces the rules. Status codes that cannot make one column fail as spec errors do (status 1).", zh: "打印把订单存进 SQLite 或 PostgreSQL 的 SQL，由数据库自己执行规格里的规则：表、允许的状态变化、触发器。\n\n这个脚本可以重复运行，规格改了以后也可以再运行：数据保留，规则替换。状态码无法放进同一列时，和规格错误一样失败（退出码 1）。" }
HELP_SQL_AFTER [""] { en: "Examples:\n  order-fsm sql specs/order.fsm --dialect sqlite | sqlite3 -bail shop.db\n  order-fsm sql specs/order.fsm --dialect postgres --schema shop | psql -v ON_ERROR_STOP=1\n  order-fsm sql specs/order.fsm --dialect postgres --alter legacy_orders\n\nThe tables are <prefix><machine>_orders (unless --alter), _allowed, _log, _idempotency,\n_timers and _outbox (and _bypass on SQLite), with <machine> in snake case (order,\nafter_sale). See docs/store.md.", zh: "示例：\n  order-fsm sql specs/order.fsm --dialect sqlite | sqlite3 -bail shop.db\n  order-fsm sql specs/order.fsm --dialect postgres --schema shop | psql -v ON_ERROR_STOP=1\n  order-fsm sql specs/order.fsm --dialect postgres --alter legacy_orders\n\n表名是 <prefix><machine>_orders（用 --alter 时除外）、_allowed、_log、_idempotency、\n_timers 和 _outbox（SQLite 上还有 _bypass），其中 <machine> 是蛇形命名（order、\nafter_sale）。详见 docs/store.md。" }
HELP_SQL_MACHINE [""] { en: "The machine; needed when the file defines several", zh: "状态机；文件里有多个状态机时必须给出" }
HELP_SQL_DIALECT [""] { en: "The database the SQL is for", zh: "SQL 面向的数据库" }
HELP_SQL_ALTER [""] { en: "Adopt this existing orders table (it already holds the status codes) instead of creating one: the columns the store needs are added, the rules installed, and the output ends with the query that finds rows whose status is not a known code", zh: "沿用这张已有的订单表（里面已经存着状态码），而不是新建：补上存储层需要的列、装上规则，输出的最后是查找状态不是已知状态码的行的查询" }
HELP_SQL_COLUMNS_EXIST [""] { en: "With --alter on SQLite: the table already has the columns \"version\", \"state_entered_at\" and \"created_at\" (adopted before), so do not add them again. SQLite cannot add a column only if it is missing", zh: "在 SQLite 上与 --alter 一起用：表里已经有 \"version\"、\"state_entered_at\" 和 \"created_at\" 这几列（之前沿用过），不要再加。SQLite 没法只在缺少时才加列" }
HELP_SQL_PREFIX [""] { en: "Put before every table name (`app_` gives app_order_orders)", zh: "加在每个表名前面（`app_` 得到 app_order_orders）" }
HELP_SQL_SCHEMA [""] { en: "PostgreSQL schema for the tables, created if missing", zh: "放这些表的 PostgreSQL 模式（schema），没有时会创建" }
HELP_SQL_STATUS_TYPE [""] { en: "How status codes are stored: `int` needs a numeric first code on every state, `text` stores numbers as text and states without a code as their id, `auto` picks int when every first code is a number and text when none is", zh: "状态码怎么存：`int` 要求每个状态的第一个状态码都是数字；`text` 把数字按文本存，没有状态码的状态存它的 id；`auto` 在第一个状态码全是数字时选 int，全不是数字时选 text" }
HELP_SQL_KEY [""] { en: "The SQL type of the order id", zh: "订单号的 SQL 类型" }
HELP_SQL_TENANT [""] { en: "Add a `tenant` column in front of every key", zh: "在每个键的前面加一列 `tenant`" }
HELP_SQL_ID_COLUMN [""] { en: "The order id column", zh: "订单号列" }
HELP_SQL_STATUS_COLUMN [""] { en: "The status column", zh: "状态列" }
HELP_FMT_ABOUT [""] { en: "Write specs in the canonical layout: clauses in the reference's order, groups of lines aligned in columns, comments, blank-line groups, line endings and a byte order mark kept", zh: "把规格改写成统一的排版：子句按参考文档的顺序，成组的行按列对齐，保留注释、空行分组、换行符和字节顺序标记" }
HELP_FMT_LONG [""] { en: "Write specs in the canonical layout: clauses in the reference's order, groups of lines aligned in columns, comments, blank-line groups, line endings and a byte order mark kept.\n\nFiles are replaced atomically (a link is written through: the file it points to is replaced). A file with syntax errors is left as it is (its errors, status 1). With --check nothing is written: the files that differ are listed (status 1 if any).", zh: "把规格改写成统一的排版：子句按参考文档的顺序，成组的行按列对齐，保留注释、空行分组、换行符和字节顺序标记。\n\n文件以原子方式替换（遇到链接时写入它指向的文件）。有语法错误的文件保持原样（打印它的错误，退出码 1）。加 --check 时什么都不写：只列出排版不同的文件（有的话退出码 1）。" }
HELP_FMT_CHECK [""] { en: "Change nothing: list the files whose layout differs and fail (status 1) if any does", zh: "什么都不改：列出排版不同的文件，有的话失败（退出码 1）" }
HELP_FMT_STDIN [""] { en: "Read one spec from standard input and write it formatted to standard output", zh: "从标准输入读一份规格，排版后写到标准输出" }
HELP_DIFF_ABOUT [""] { en: "Compare two versions of a spec by behaviour: what an order can do now that it could not before, and the other way round, with what it means for stored orders", zh: "按行为比较规格的两个版本：订单现在能做、以前不能做的事，反过来也一样，以及这对已存订单意味着什么" }
HELP_DIFF_LONG [""] { en: "Compare two versions of a spec by behaviour: what an order can do now that it could not before, and the other way round, with what it means for stored orders.\n\nOLD and NEW are files, or `REV:PATH` read with `git show` (PATH from the repository root): `order-fsm diff main:specs/order.fsm specs/order.fsm`. Every finding has a level (breaking, dangerous, safe) and a stable id for --accept. With --fail-on, a finding at that level or above that is not accepted fails the run (status 1). An invalid OLD or NEW, or a git error, is status 2.", zh: "按行为比较规格的两个版本：订单现在能做、以前不能做的事，反过来也一样，以及这对已存订单意味着什么。\n\nOLD 和 NEW 是文件，或者用 `git show` 读取的 `REV:PATH`（PATH 从仓库根目录算起）：`order-fsm diff main:specs/order.fsm specs/order.fsm`。每个变更项都有级别（breaking、dangerous、safe）和一个稳定的 id，可用于 --accept。加 --fail-on 时，有这个级别或更高级别、又没有被接受的变更项，运行就失败（退出码 1）。OLD 或 NEW 无效，或者 git 出错，退出码为 2。" }
HELP_DIFF_OLD [""] { en: "The old version: a file, or `REV:PATH` read with `git show` (PATH from the repository root), e.g. `main:specs/order.fsm`", zh: "旧版本：一个文件，或者用 `git show` 读取的 `REV:PATH`（PATH 从仓库根目录算起），如 `main:specs/order.fsm`" }
HELP_DIFF_NEW [""] { en: "The new version, as OLD", zh: "新版本，写法同 OLD" }
HELP_DIFF_FORMAT [""] { en: "Output format", zh: "输出格式" }
HELP_DIFF_LANG [""] { en: "Language of the report (Chinese unless this says otherwise, whatever the locale) and of messages (these follow the environment unless this is given; see `check --help`)", zh: "报告的语言（不管系统语言是什么，都是中文，除非这里另有指定），也是消息的语言（没给出时消息跟随环境；见 `check --help`）" }
HELP_DIFF_OUT [""] { en: "Write the report to this file instead of standard output", zh: "把报告写进这个文件，而不是标准输出" }
HELP_DIFF_FAIL_ON [""] { en: "Fail (status 1) when a finding at this level or above is not accepted", zh: "有这个级别或更高级别的变更项没有被接受时失败（退出码 1）" }
HELP_DIFF_ACCEPT [""] { en: "Finding ids recorded as intended (`state-removed:Order:Delivered`)", zh: "记为有意为之的变更项 id（`state-removed:Order:Delivered`）" }
HELP_DIFF_ACCEPT_FILE [""] { en: "A file of accepted finding ids, one a line (`#` starts a comment)", zh: "列出已接受变更项 id 的文件，每行一个（`#` 开始注释）" }
HELP_DIFF_COUNTS [""] { en: "Stored orders per state: a CSV with header `state,count` (state id or main code)", zh: "每个状态的已存订单数：表头为 `state,count` 的 CSV（状态 id 或主状态码）" }
HELP_CODES_ABOUT [""] { en: "Translate status codes between the systems of a spec: `main` (the `code …` of each state) and every `codes` system (a legacy system, a marketplace)", zh: "在规格的各个状态码体系之间转换状态码：`main`（每个状态的 `code …`）和每个 `codes` 体系（旧系统、电商平台）" }
HELP_CODES_LONG [""] { en: "Translate status codes between the systems of a spec: `main` (the `code …` of each state) and every `codes` system (a legacy system, a marketplace).\n\nOne line per code: `5 -> 90 (Closed 已关闭), 95 (Refund 退款中)`, the code in the --to system, then the state. A code that several states share lists every candidate and the run ends with status 1 (the answer is not unique), as it does when a state has no code in the --to system (`-`). An unknown system or code is status 2.", zh: "在规格的各个状态码体系之间转换状态码：`main`（每个状态的 `code …`）和每个 `codes` 体系（旧系统、电商平台）。\n\n每个状态码一行：`5 -> 90 (Closed 已关闭), 95 (Refund 退款中)`，先是 --to 体系里的状态码，再是状态。几个状态共用的状态码会列出每个候选，运行以退出码 1 结束（答案不唯一）；某个状态在 --to 体系里没有状态码（`-`）时也一样。未知的体系或状态码，退出码为 2。" }
HELP_CODES_MACHINE [""] { en: "The machine, when the file defines several", zh: "文件里有多个状态机时，用哪一个" }
HELP_CODES_FROM [""] { en: "The system the codes come from: `main` or a `codes` system of the spec", zh: "状态码来自哪个体系：`main`，或者规格里的某个 `codes` 体系" }
HELP_CODES_TO [""] { en: "The system to translate them to: `main` or a `codes` system of the spec", zh: "转换成哪个体系：`main`，或者规格里的某个 `codes` 体系" }
HELP_CODES_CODES [""] { en: "The codes to translate, as that system writes them (`5`, `TRADE_CLOSED`)", zh: "要转换的状态码，按那个体系的写法（`5`、`TRADE_CLOSED`）" }
HELP_EXPLAIN_ABOUT [""] { en: "Explain a diagnostic code (`E0010`): what it means, an example and the fix, as in the language reference. Without a code, list every code. An unknown code is status 2", zh: "解释一个诊断代码（`E0010`）：含义、示例和改法，和语言参考里的一样。不给代码时列出所有代码。未知的代码退出码为 2" }
HELP_EXPLAIN_CODE [""] { en: "A diagnostic code such as `E0010` or `w0001`; without it, every code is listed", zh: "诊断代码，如 `E0010` 或 `w0001`；不给出时列出所有代码" }
// `order-fsm preview`: the command line, the page and the server's refusals.
HELP_PREVIEW_ABOUT [""] { en: "Preview a spec in the browser, on this computer only: the diagram, the 状态流转表, the matrix, the rules and the diagnostics, redrawn on every save, and a simulate panel to walk an order", zh: "在浏览器里预览规格（只在本机）：状态图、状态流转表、矩阵、业务规则和诊断，每次保存后自动重绘，还有一个模拟运行面板，可以一步步走一个订单" }
HELP_PREVIEW_LONG [""] { en: "Preview a spec in the browser, on this computer only: the diagram, the 状态流转表, the matrix, the rules and the diagnostics, redrawn on every save, and a simulate panel to walk an order.\n\nThe page is served on 127.0.0.1 at the address printed; it stays open until Ctrl-C. While the spec has errors the page keeps the last version without errors, under a banner, with the states and lines the errors point at marked. Clicking a state or a line shows its line of the spec and, with an editor configured, opens it there.", zh: "在浏览器里预览规格（只在本机）：状态图、状态流转表、矩阵、业务规则和诊断，每次保存后自动重绘，还有一个模拟运行面板，可以一步步走一个订单。\n\n页面在 127.0.0.1 上提供，地址会打印出来；按 Ctrl-C 结束。规格有错误时，页面保留最后一个没有错误的版本，上方有提示条，错误指向的状态和流转会标出来。点击状态或流转会显示它在规格中的那一行；配置了编辑器时，还可以直接在编辑器里打开那一行。" }
HELP_PREVIEW_SPEC [""] { en: "The spec file to preview", zh: "要预览的规格文件" }
HELP_PREVIEW_PORT [""] { en: "The port to listen on, on 127.0.0.1 only (default: a free one)", zh: "监听的端口，只在 127.0.0.1 上（默认：任选一个空闲端口）" }
HELP_PREVIEW_OPEN [""] { en: "Open the page in the default browser", zh: "用默认浏览器打开页面" }
HELP_PREVIEW_EDITOR [""] { en: "The editor command that opens the spec at a line, `{file}` and `{line}` replaced (default: $VISUAL or $EDITOR with `+LINE FILE`, `code --goto FILE:LINE` for VS Code)", zh: "在某一行打开规格的编辑器命令，其中的 `{file}` 和 `{line}` 会被替换（默认：$VISUAL 或 $EDITOR，加 `+行号 文件`；VS Code 用 `code --goto 文件:行号`）" }
PREVIEW_LISTENING [""] { en: "previewing {path} at {url} (Ctrl-C stops)", zh: "正在预览 {path}：{url} （按 Ctrl-C 结束）" }
PREVIEW_CANNOT_LISTEN [""] { en: "cannot listen on {address}: {why}", zh: "无法在 {address} 上监听：{why}" }
PREVIEW_NO_BROWSER [""] { en: "could not open a browser ({why}); open {url} yourself", zh: "无法打开浏览器（{why}）；请自己打开 {url}" }
PREVIEW_TITLE [""] { en: "Live preview", zh: "实时预览" }
PREVIEW_MACHINE [""] { en: "Machine", zh: "状态机" }
PREVIEW_SHOW [""] { en: "Show", zh: "显示" }
PREVIEW_LIVE [""] { en: "live: redrawn on every save", zh: "实时：每次保存后自动重绘" }
PREVIEW_OFFLINE [""] { en: "disconnected: is `order-fsm preview` still running?", zh: "连接已断开：`order-fsm preview` 还在运行吗？" }
PREVIEW_ERRORS_KEPT [""] { en: "The spec has {errors}. The diagram and tables below are the last version without errors; the states and lines the errors point at are marked in red. The page redraws by itself once the errors are fixed.", zh: "规格有 {errors}。下面的图和表格是最后一个没有错误的版本，错误指向的状态和流转用红色标出。改正后保存，页面会自动重绘。" }
PREVIEW_ERRORS_NONE_KEPT [""] { en: "The spec has {errors}, and no version of it without errors has been seen yet: fix the errors below and save.", zh: "规格有 {errors}，还没有出现过没有错误的版本：改正下面的错误后保存即可。" }
PREVIEW_GONE [""] { en: "The spec file {path} is not there (deleted, or being replaced). The page comes back by itself when the file is saved again.", zh: "规格文件 {path} 不见了（被删除，或正在被替换）。文件重新保存后，页面会自动恢复。" }
PREVIEW_UNREADABLE [""] { en: "The spec file cannot be read: {why}", zh: "无法读取规格文件：{why}" }
PREVIEW_DIAGNOSTICS [""] { en: "Diagnostics", zh: "诊断" }
PREVIEW_NO_DIAGNOSTICS [""] { en: "No errors, no warnings.", zh: "没有错误，也没有警告。" }
PREVIEW_CLICK_HINT [""] { en: "Click a state or a line to see where the spec says it.", zh: "点击状态或流转，查看它在规格中的哪一行。" }
PREVIEW_SPEC_LINE [""] { en: "line {line} of {path}", zh: "{path} 第 {line} 行" }
PREVIEW_OPEN_EDITOR [""] { en: "Open in editor", zh: "在编辑器中打开" }
PREVIEW_NO_EDITOR [""] { en: "no editor configured: start the preview with --editor, or set $VISUAL or $EDITOR", zh: "没有配置编辑器：启动预览时加 --editor，或者设置 $VISUAL 或 $EDITOR" }
PREVIEW_EDITOR_FAILED [""] { en: "the editor could not be started: {why}", zh: "无法启动编辑器：{why}" }
PREVIEW_EDITOR_OPENED [""] { en: "opened in the editor", zh: "已在编辑器中打开" }
PREVIEW_SIM_TITLE [""] { en: "Simulate", zh: "模拟运行" }
PREVIEW_SIM_HINT [""] { en: "Walk an order by events and waits. Each step is run as `order-fsm simulate` runs it, and its output is shown as that command prints it.", zh: "用事件和等待一步步走一个订单。每一步都按 `order-fsm simulate` 的方式运行，结果和这个命令打印的完全一样。" }
PREVIEW_SIM_FROM [""] { en: "Start in", zh: "起始状态" }
PREVIEW_SIM_EVENT [""] { en: "Event", zh: "事件" }
PREVIEW_SIM_ROLE [""] { en: "Role", zh: "角色" }
PREVIEW_SIM_ANY_ROLE [""] { en: "(not checked)", zh: "（不检查角色）" }
PREVIEW_SIM_GUARDS [""] { en: "Guard answers (ticked: yes)", zh: "条件的回答（勾选表示成立）" }
PREVIEW_SIM_FIRE [""] { en: "Fire", zh: "触发" }
PREVIEW_SIM_WAIT [""] { en: "Wait", zh: "等待" }
PREVIEW_SIM_UNDO [""] { en: "Undo the last step", zh: "撤销上一步" }
PREVIEW_SIM_RESET [""] { en: "Start over", zh: "重新开始" }
PREVIEW_SIM_COPY [""] { en: "Copy as a scenario", zh: "复制为场景" }
PREVIEW_SIM_COPIED [""] { en: "Copied: paste it into the machine.", zh: "已复制，可以粘贴到状态机里。" }
PREVIEW_SIM_SCENARIO_NAME [""] { en: "new scenario", zh: "新场景" }
PREVIEW_SIM_NEEDS_SPEC [""] { en: "The simulate panel needs a version of the spec without errors.", zh: "模拟运行需要一个没有错误的规格版本。" }
PREVIEW_REFUSED_HOST [""] { en: "This preview answers only requests to {address}.", zh: "这个预览只回应发往 {address} 的请求。" }
PREVIEW_NOT_HERE [""] { en: "Not part of this preview.", zh: "不属于这个预览。" }
PREVIEW_OPEN_OTHER [""] { en: "Only the previewed spec can be opened.", zh: "只能打开正在预览的规格文件。" }
PREVIEW_BAD_REQUEST [""] { en: "This request cannot be read.", zh: "无法读取这个请求。" }
}
