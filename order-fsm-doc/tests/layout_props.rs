//! Layout invariants on random graphs: cycles, self-loops, parallel edges, long edges,
//! unlabelled edges and disconnected nodes included.

use order_fsm_doc::layout::{layout, EdgeSpec, Graph, NodeSpec, Options, Rect};
use proptest::prelude::*;

fn graphs() -> impl Strategy<Value = Graph> {
    (1usize..14).prop_flat_map(|n| {
        (
            prop::collection::vec((30.0f64..200.0, 24.0f64..60.0), n),
            prop::collection::vec(
                (
                    0..n,
                    0..n,
                    prop::option::of((10.0f64..160.0, 12.0f64..50.0)),
                ),
                0..(3 * n),
            ),
            prop::option::of(0..n),
        )
            .prop_map(|(nodes, edges, first)| Graph {
                nodes: nodes
                    .into_iter()
                    .map(|(width, height)| NodeSpec { width, height })
                    .collect(),
                edges: edges
                    .into_iter()
                    .map(|(from, to, label)| EdgeSpec { from, to, label })
                    .collect(),
                first,
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_graphs_lay_out_cleanly(g in graphs()) {
        let l = layout(&g, &Options::default());
        prop_assert_eq!(l.nodes.len(), g.nodes.len());
        for i in 0..l.nodes.len() {
            prop_assert!((l.nodes[i].w - g.nodes[i].width).abs() < 1e-9);
            for j in i + 1..l.nodes.len() {
                prop_assert!(!l.nodes[i].overlaps(&l.nodes[j]), "boxes {} and {} overlap", i, j);
            }
        }
        for (k, e) in g.edges.iter().enumerate() {
            let r = &l.edges[k];
            prop_assert!(r.points.len() >= 2);
            let (a, b) = (r.points[0], r.points[r.points.len() - 1]);
            prop_assert!(l.nodes[e.from].on_border(a, 0.01), "edge {} starts off its box", k);
            prop_assert!(l.nodes[e.to].on_border(b, 0.01), "edge {} ends off its box", k);
            if e.from != e.to {
                for w in r.points.windows(2) {
                    for (n, bx) in l.nodes.iter().enumerate() {
                        prop_assert!(!bx.crossed_by(w[0], w[1], 0.5), "edge {} crosses box {}", k, n);
                    }
                }
            }
            prop_assert_eq!(r.label.is_some(), e.label.is_some());
        }
        let labels: Vec<Rect> = l.edges.iter().filter_map(|e| e.label).collect();
        for i in 0..labels.len() {
            for j in i + 1..labels.len() {
                prop_assert!(!labels[i].overlaps(&labels[j]), "labels {} and {} overlap", i, j);
            }
            for (n, bx) in l.nodes.iter().enumerate() {
                prop_assert!(!labels[i].overlaps(bx), "label {} overlaps box {}", i, n);
            }
        }
        if let Some(f) = g.first {
            prop_assert_eq!(l.ranks[f], 0);
        }
        for r in l.nodes.iter().chain(labels.iter()) {
            prop_assert!(r.x >= 0.0 && r.y >= 0.0 && r.right() <= l.width + 1e-9 && r.bottom() <= l.height + 1e-9);
        }
    }
}
