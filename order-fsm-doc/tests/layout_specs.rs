//! The SVG layout of every real spec keeps its promises: boxes do not overlap, edges start
//! and end on their boxes' borders and never pass through a box, labels overlap neither each
//! other nor boxes, and boxes are as wide as their labels (CJK counting double).

use std::path::{Path, PathBuf};

use order_fsm_doc::layout::{layout, Options, Rect};
use order_fsm_doc::{svg, Lang};

fn spec_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "../specs",
        "../order-fsm-core/tests/fixtures/valid",
        "tests/fixtures",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "fsm")),
        );
    }
    files.sort();
    files
}

fn compile(path: &Path) -> order_fsm_core::model::Spec {
    let bytes = std::fs::read(path).expect("readable");
    let c = order_fsm_core::compile_bytes("x.fsm", &bytes);
    assert!(!c.has_errors(), "{}: {}", path.display(), c.render());
    c.spec.expect("spec")
}

#[test]
fn layouts_of_every_spec_are_clean() {
    let files = spec_files();
    assert!(!files.is_empty());
    for path in files {
        let spec = compile(&path);
        for m in &spec.machines {
            for lang in [Lang::Zh, Lang::En] {
                let g = svg::graph(m, lang);
                let l = layout(&g, &Options::default());
                let what = format!("{} / {}", path.display(), m.id.text);
                for i in 0..l.nodes.len() {
                    for j in i + 1..l.nodes.len() {
                        assert!(
                            !l.nodes[i].overlaps(&l.nodes[j]),
                            "{what}: boxes {i}, {j} overlap"
                        );
                    }
                }
                for (k, e) in g.edges.iter().enumerate() {
                    let r = &l.edges[k];
                    let (a, b) = (r.points[0], r.points[r.points.len() - 1]);
                    assert!(
                        l.nodes[e.from].on_border(a, 0.01),
                        "{what}: edge {k} starts off its box"
                    );
                    assert!(
                        l.nodes[e.to].on_border(b, 0.01),
                        "{what}: edge {k} ends off its box"
                    );
                    for w in r.points.windows(2) {
                        for (n, bx) in l.nodes.iter().enumerate() {
                            assert!(
                                !bx.crossed_by(w[0], w[1], 0.5),
                                "{what}: edge {k} crosses box {n}"
                            );
                        }
                    }
                }
                let labels: Vec<Rect> = l.edges.iter().filter_map(|e| e.label).collect();
                for i in 0..labels.len() {
                    for j in i + 1..labels.len() {
                        assert!(
                            !labels[i].overlaps(&labels[j]),
                            "{what}: labels {i}, {j} overlap"
                        );
                    }
                    for (n, bx) in l.nodes.iter().enumerate() {
                        assert!(
                            !labels[i].overlaps(bx),
                            "{what}: label {i} overlaps box {n}"
                        );
                    }
                }
                if let Some(init) = m.initial {
                    assert_eq!(
                        l.ranks[init.index()],
                        0,
                        "{what}: initial state not in the top layer"
                    );
                }
            }
        }
    }
}

#[test]
fn boxes_fit_their_labels_and_cjk_counts_double() {
    let c = order_fsm_core::compile(
        "w.fsm",
        r#"
machine W {
  state A "交易成功交易成功" initial
  state B "Donedone" final
  state C "交易成功交易成功交易成功交易成功" final
  event Go
  event Stop
  A -> B on Go
  A -> C on Stop
}
"#,
    );
    assert!(!c.has_errors(), "{}", c.render());
    let spec = c.spec.expect("spec");
    let g = svg::graph(&spec.machines[0], Lang::Zh);
    let (a, b, cc) = (&g.nodes[0], &g.nodes[1], &g.nodes[2]);
    // 8 CJK characters are 16 cells; 8 ASCII letters are 8.
    assert!(a.width > b.width + 50.0, "{} vs {}", a.width, b.width);
    assert!(cc.width > a.width + 100.0);
    // the label fits inside the box
    assert!(a.width >= order_fsm_doc::layout::text_width("交易成功交易成功", 8.0));
}
