//! A layered (Sugiyama-style) graph layout, used to draw the SVG diagram without any external
//! program.
//!
//! The input is a [`Graph`]: boxes with sizes, directed edges with label sizes, and the node
//! that goes first (the initial state). The output is a [`Layout`]: a rectangle per node, a
//! polyline per edge (starting and ending on the border of its boxes) and a rectangle per
//! edge label.
//!
//! The steps:
//! 1. **Cycles** are broken by a depth-first search from the first node: edges that point
//!    back to a node still on the search stack are laid out reversed.
//! 2. **Layers**: each node goes one layer below its lowest predecessor (longest path), so the
//!    first node is in the top layer. Every rank gets a second layer below it that holds edge
//!    labels, so labels sit between the boxes and never on top of each other.
//! 3. **Dummy nodes**: an edge crossing more than one layer is cut into one segment per layer
//!    with a dummy node at each cut; a dummy takes horizontal room like a narrow box, which is
//!    what keeps long edges out of boxes. The label of an edge is carried by its first dummy.
//! 4. **Crossing reduction**: barycenter sweeps down and up, keeping the ordering with the
//!    fewest crossings (counted exactly with a Fenwick tree).
//! 5. **Coordinates**: each layer is packed with minimum gaps, then nodes are pulled towards
//!    the mean position of their neighbours by a weighted isotonic regression (pool adjacent
//!    violators), which keeps the order and the gaps; segments between dummies weigh most, so
//!    long edges run straight.
//! 6. **Routing**: an edge leaves the bottom of its box at a port spread along the border,
//!    runs vertically through every band it crosses (where its dummy reserved room) and only
//!    bends in the empty gaps between bands. Self-loops go on the right side of the box.
//!
//! Text widths come from [`text_width`], which counts East Asian wide characters as two cells.
//!
//! The layout lives here rather than in a general graph-layout crate because two things
//! matter most for our diagrams and are not what those crates optimise for: box widths
//! measured with CJK characters at double width, and edge labels that take room in the layout
//! (so they never sit on each other or on a box).
//!
//! Every step is deterministic: ties keep their earlier order, nothing depends on hashing.

use unicode_width::UnicodeWidthStr;

/// A point in SVG user units (y grows downwards).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An axis-aligned rectangle; `x`, `y` is the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// Whether the two rectangles share interior area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether `p` lies on the border, within `tol`.
    pub fn on_border(&self, p: Point, tol: f64) -> bool {
        let inside_x = p.x >= self.x - tol && p.x <= self.right() + tol;
        let inside_y = p.y >= self.y - tol && p.y <= self.bottom() + tol;
        let on_v = (p.x - self.x).abs() <= tol || (p.x - self.right()).abs() <= tol;
        let on_h = (p.y - self.y).abs() <= tol || (p.y - self.bottom()).abs() <= tol;
        (on_v && inside_y) || (on_h && inside_x)
    }
    /// Whether the open segment `a`–`b` passes through the interior (shrunk by `inset`).
    pub fn crossed_by(&self, a: Point, b: Point, inset: f64) -> bool {
        let r = Rect {
            x: self.x + inset,
            y: self.y + inset,
            w: (self.w - 2.0 * inset).max(0.0),
            h: (self.h - 2.0 * inset).max(0.0),
        };
        // Sample the segment; boxes are far larger than the step.
        let steps = 64;
        (1..steps).any(|i| {
            let t = i as f64 / steps as f64;
            let x = a.x + (b.x - a.x) * t;
            let y = a.y + (b.y - a.y) * t;
            x > r.x && x < r.right() && y > r.y && y < r.bottom()
        })
    }
}

/// The display width of `s` in cells: East Asian wide characters count two.
pub fn cells(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The drawn width of `s` for a font whose ASCII advance is about `px_per_cell`.
pub fn text_width(s: &str, px_per_cell: f64) -> f64 {
    cells(s) as f64 * px_per_cell
}

/// A box to place.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeSpec {
    pub width: f64,
    pub height: f64,
}

/// A directed edge to route; `label` is the size of its label box (`None`: no label).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeSpec {
    pub from: usize,
    pub to: usize,
    pub label: Option<(f64, f64)>,
}

/// What to lay out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub nodes: Vec<NodeSpec>,
    pub edges: Vec<EdgeSpec>,
    /// The node placed first (top layer, leftmost), usually the initial state.
    pub first: Option<usize>,
}

/// Spacing, in user units.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Around the drawing.
    pub margin: f64,
    /// Horizontal gap between two boxes in a layer.
    pub node_gap: f64,
    /// Horizontal room a passing edge takes.
    pub edge_gap: f64,
    /// Vertical gap between bands (where edges bend).
    pub band_gap: f64,
    /// Room above the first node for the initial marker.
    pub start_room: f64,
    /// Number of barycenter sweeps.
    pub sweeps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            margin: 24.0,
            node_gap: 36.0,
            edge_gap: 14.0,
            band_gap: 26.0,
            start_room: 34.0,
            sweeps: 16,
        }
    }
}

/// A routed edge.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeRoute {
    /// From the source box border to the target box border, in drawing order.
    pub points: Vec<Point>,
    /// Where the label goes.
    pub label: Option<Rect>,
    /// Laid out against its direction to break a cycle (it points upwards).
    pub reversed: bool,
    pub self_loop: bool,
}

/// The result.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeRoute>,
    /// The rank (0 = top) of each node.
    pub ranks: Vec<usize>,
    /// Centre of the initial marker, above the first node.
    pub start: Option<Point>,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Real(usize),
    /// A cut of edge `e`; `label` when it carries the label.
    Dummy {
        label: bool,
    },
}

#[derive(Clone, Debug)]
struct VNode {
    kind: Kind,
    layer: usize,
    /// Room to the left and right of the position `x`.
    left: f64,
    right: f64,
    height: f64,
    x: f64,
}

/// The layer of each node (steps 1 and 2 below, before label layers are added), for a
/// caller that decides what to draw by how far its edges would run: `ranks[to] - ranks[from]`
/// layers, in either direction.
pub fn ranks(g: &Graph) -> Vec<usize> {
    cycles_and_ranks(g).2
}

/// The direction edge `i` is laid out in: `(from, to)`, turned round when it is reversed.
fn direction(g: &Graph, reversed: &[bool], i: usize) -> (usize, usize) {
    let e = &g.edges[i];
    if reversed[i] {
        (e.to, e.from)
    } else {
        (e.from, e.to)
    }
}

/// Steps 1 and 2: which edges are laid out reversed, the nodes in DFS preorder, and each
/// node's rank.
fn cycles_and_ranks(g: &Graph) -> (Vec<bool>, Vec<usize>, Vec<usize>) {
    let n = g.nodes.len();
    let valid = |e: &EdgeSpec| e.from < n && e.to < n;

    // ---- 1. cycles
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if valid(e) && e.from != e.to {
            out_adj[e.from].push(i);
        }
    }
    let mut reversed = vec![false; g.edges.len()];
    let mut preorder = Vec::with_capacity(n);
    {
        // 0 = new, 1 = on stack, 2 = done
        let mut mark = vec![0u8; n];
        let mut roots: Vec<usize> = Vec::with_capacity(n);
        if let Some(f) = g.first.filter(|&f| f < n) {
            roots.push(f);
        }
        roots.extend(0..n);
        for r in roots {
            if mark[r] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(r, 0)];
            mark[r] = 1;
            preorder.push(r);
            while let Some(top) = stack.last_mut() {
                let (v, k) = *top;
                if k < out_adj[v].len() {
                    top.1 += 1;
                    let ei = out_adj[v][k];
                    let w = g.edges[ei].to;
                    match mark[w] {
                        0 => {
                            mark[w] = 1;
                            preorder.push(w);
                            stack.push((w, 0));
                        }
                        1 => reversed[ei] = true,
                        _ => {}
                    }
                } else {
                    mark[v] = 2;
                    stack.pop();
                }
            }
        }
    }
    // Edges into the first node are turned round, so nothing sits above it.
    if let Some(f) = g.first.filter(|&f| f < n) {
        for (i, e) in g.edges.iter().enumerate() {
            if valid(e) && e.to == f && e.from != f {
                reversed[i] = true;
            }
        }
    }
    // Layout direction of each edge.
    let dir = |i: usize| direction(g, &reversed, i);

    // ---- 2. ranks (longest path, Kahn in index order)
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if valid(e) && e.from != e.to {
            let (a, b) = dir(i);
            succ[a].push(b);
            indeg[b] += 1;
        }
    }
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        let rv = rank[v];
        for &w in &succ[v] {
            rank[w] = rank[w].max(rv + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    (reversed, preorder, rank)
}

/// Lays out `g`. Never panics; edges naming nodes that do not exist are dropped (their route
/// is empty).
pub fn layout(g: &Graph, opt: &Options) -> Layout {
    let n = g.nodes.len();
    let valid = |e: &EdgeSpec| e.from < n && e.to < n;
    let (reversed, preorder, rank) = cycles_and_ranks(g);
    // Layout direction of each edge.
    let dir = |i: usize| direction(g, &reversed, i);

    // Self-loops per node, with label sizes.
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if valid(e) && e.from == e.to {
            loops[e.from].push(i);
        }
    }
    let loop_w = |k: usize| 16.0 + 9.0 * k as f64;
    let loop_extent = |v: usize| -> (f64, f64) {
        // (extra room to the right, height of the label stack)
        if loops[v].is_empty() {
            return (0.0, 0.0);
        }
        let mut lw: f64 = 0.0;
        let mut lh = 0.0;
        for &ei in &loops[v] {
            if let Some((w, h)) = g.edges[ei].label {
                lw = lw.max(w);
                lh += h + 2.0;
            }
        }
        (loop_w(loops[v].len() - 1) + 6.0 + lw + 4.0, lh)
    };

    // ---- 3. virtual nodes and segments
    let max_rank = rank.iter().copied().max().unwrap_or(0);
    let layer_count = 2 * max_rank + 1;
    let mut vnodes: Vec<VNode> = Vec::with_capacity(n * 2);
    for (v, &r) in rank.iter().enumerate() {
        let (extra, stack_h) = loop_extent(v);
        let w = g.nodes[v].width.max(1.0);
        vnodes.push(VNode {
            kind: Kind::Real(v),
            layer: 2 * r,
            left: w / 2.0,
            right: w / 2.0 + extra,
            height: g.nodes[v].height.max(stack_h),
            x: 0.0,
        });
    }
    // chains[e] = virtual nodes from the layout source to the layout target
    let mut chains: Vec<Vec<usize>> = vec![Vec::new(); g.edges.len()];
    for (i, e) in g.edges.iter().enumerate() {
        if !valid(e) || e.from == e.to {
            continue;
        }
        let (a, b) = dir(i);
        let (la, lb) = (2 * rank[a], 2 * rank[b]);
        let mut chain = vec![a];
        for layer in la + 1..lb {
            let is_label = layer == la + 1;
            let (left, right, height) = match (is_label, e.label) {
                (true, Some((w, h))) => (opt.edge_gap / 2.0, 8.0 + w + 4.0, h),
                _ => (opt.edge_gap / 2.0, opt.edge_gap / 2.0, 0.0),
            };
            vnodes.push(VNode {
                kind: Kind::Dummy { label: is_label },
                layer,
                left,
                right,
                height,
                x: 0.0,
            });
            chain.push(vnodes.len() - 1);
        }
        chain.push(b);
        chains[i] = chain;
    }
    let vn = vnodes.len();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); vn];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); vn];
    for chain in &chains {
        for w in chain.windows(2) {
            down[w[0]].push(w[1]);
            up[w[1]].push(w[0]);
        }
    }

    // ---- 4. ordering
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    // Real nodes in DFS preorder, dummies in creation order.
    let mut seen = vec![false; n];
    for &v in &preorder {
        if !seen[v] {
            seen[v] = true;
            layers[vnodes[v].layer].push(v);
        }
    }
    for (v, node) in vnodes.iter().enumerate().skip(n) {
        layers[node.layer].push(v);
    }
    let mut pos = vec![0usize; vn];
    let set_pos = |layers: &Vec<Vec<usize>>, pos: &mut Vec<usize>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    set_pos(&layers, &mut pos);
    let mut best = layers.clone();
    let mut best_cross = count_crossings(&layers, &down, &pos);
    // Very large drawings (thousands of states, long edges cut into many dummies) get fewer
    // refinement passes, so they still come out in seconds.
    let large = vn > LARGE;
    let sweeps = if large { opt.sweeps.min(4) } else { opt.sweeps };
    for sweep in 0..sweeps {
        if best_cross == 0 {
            break;
        }
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..layer_count).collect()
        } else {
            (0..layer_count.saturating_sub(1)).rev().collect()
        };
        for l in order {
            let fixed = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&v| {
                    let nb = &fixed[v];
                    let key = if nb.is_empty() {
                        pos[v] as f64
                    } else {
                        nb.iter().map(|&u| pos[u] as f64).sum::<f64>() / nb.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in layers[l].iter().enumerate() {
                pos[v] = i;
            }
        }
        if !large {
            transpose(&mut layers, &up, &down, &mut pos);
        }
        let c = count_crossings(&layers, &down, &pos);
        if c < best_cross {
            best_cross = c;
            best = layers.clone();
        }
    }
    let layers = best;
    set_pos(&layers, &mut pos);

    // ---- 5. x coordinates
    for l in &layers {
        let mut x = 0.0;
        for (i, &v) in l.iter().enumerate() {
            if i > 0 {
                let p = l[i - 1];
                x += sep(&vnodes[p], &vnodes[v], opt);
            }
            vnodes[v].x = x;
        }
    }
    let weight = |a: usize, b: usize| -> f64 {
        match (a < n, b < n) {
            (false, false) => 8.0,
            (true, true) => 1.0,
            _ => 2.0,
        }
    };
    let rounds = if large { 8 } else { 24 };
    for round in 0..rounds {
        let downward = round % 2 == 0;
        let both = round >= rounds - 4;
        let order: Vec<usize> = if downward {
            (0..layer_count).collect()
        } else {
            (0..layer_count).rev().collect()
        };
        for l in order {
            let mut desired = Vec::with_capacity(layers[l].len());
            let mut weights = Vec::with_capacity(layers[l].len());
            for &v in &layers[l] {
                let mut sum = 0.0;
                let mut wsum = 0.0;
                let mut add = |nbs: &Vec<usize>| {
                    for &u in nbs {
                        let w = weight(u, v);
                        sum += w * vnodes[u].x;
                        wsum += w;
                    }
                };
                if both || downward {
                    add(&up[v]);
                }
                if both || !downward {
                    add(&down[v]);
                }
                if wsum > 0.0 {
                    desired.push(sum / wsum);
                    weights.push(wsum);
                } else {
                    desired.push(vnodes[v].x);
                    weights.push(0.05);
                }
            }
            let seps: Vec<f64> = layers[l]
                .windows(2)
                .map(|w| sep(&vnodes[w[0]], &vnodes[w[1]], opt))
                .collect();
            let xs = place(&desired, &weights, &seps);
            for (i, &v) in layers[l].iter().enumerate() {
                vnodes[v].x = xs[i];
            }
        }
    }
    // Shift so the leftmost extent sits on the margin.
    let min_left = vnodes
        .iter()
        .map(|v| v.x - v.left)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_left.is_finite() {
        opt.margin - min_left
    } else {
        0.0
    };
    for v in &mut vnodes {
        v.x += shift;
    }

    // ---- y bands
    let top = opt.margin
        + if g.first.is_some_and(|f| f < n) {
            opt.start_room
        } else {
            0.0
        };
    let mut band_top = vec![0.0; layer_count];
    let mut band_h = vec![0.0; layer_count];
    let mut y = top;
    for l in 0..layer_count {
        let h = layers[l]
            .iter()
            .map(|&v| vnodes[v].height)
            .fold(0.0, f64::max);
        band_top[l] = y;
        band_h[l] = h;
        y += h + opt.band_gap;
    }
    let content_bottom = y - opt.band_gap;

    let rects: Vec<Rect> = (0..n)
        .map(|v| {
            let node = &vnodes[v];
            let w = g.nodes[v].width.max(1.0);
            let h = g.nodes[v].height.max(1.0);
            let l = node.layer;
            Rect {
                x: node.x - w / 2.0,
                y: band_top[l] + (band_h[l] - h) / 2.0,
                w,
                h,
            }
        })
        .collect();

    // ---- 6. routing
    // Ports: spread the segments leaving the bottom / entering the top of each box.
    let mut bottom_port: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n]; // (edge, x)
    let mut top_port: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    {
        let mut outs: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
        let mut ins: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n];
        for (i, chain) in chains.iter().enumerate() {
            if chain.len() < 2 {
                continue;
            }
            let a = chain[0];
            let b = chain[chain.len() - 1];
            outs[a].push((vnodes[chain[1]].x, i));
            ins[b].push((vnodes[chain[chain.len() - 2]].x, i));
        }
        for v in 0..n {
            for (list, ports) in [
                (&mut outs[v], &mut bottom_port[v]),
                (&mut ins[v], &mut top_port[v]),
            ] {
                list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let r = &rects[v];
                let k = list.len();
                let inner = (r.w - 16.0).max(0.0);
                for (j, &(_, e)) in list.iter().enumerate() {
                    let x = if k == 1 {
                        r.cx()
                    } else {
                        r.x + 8.0 + inner * (j as f64 + 0.5) / k as f64
                    };
                    ports.push((e, x));
                }
            }
        }
    }
    let port_of = |ports: &Vec<(usize, f64)>, e: usize, fallback: f64| -> f64 {
        ports
            .iter()
            .find(|(pe, _)| *pe == e)
            .map_or(fallback, |p| p.1)
    };

    let mut routes: Vec<EdgeRoute> = Vec::with_capacity(g.edges.len());
    let mut loop_count = vec![0usize; n];
    let mut loop_label_y = vec![0.0f64; n];
    for v in 0..n {
        let (_, stack_h) = loop_extent(v);
        loop_label_y[v] = rects[v].cy() - stack_h / 2.0;
    }
    for (i, e) in g.edges.iter().enumerate() {
        if !valid(e) {
            routes.push(EdgeRoute {
                points: Vec::new(),
                label: None,
                reversed: false,
                self_loop: false,
            });
            continue;
        }
        if e.from == e.to {
            let v = e.from;
            let r = rects[v];
            let k = loop_count[v];
            loop_count[v] += 1;
            let dy = (8.0 + 4.0 * k as f64).min(r.h / 2.0 - 2.0).max(1.0);
            let lw = loop_w(k);
            let outer = r.right() + loop_w(loops[v].len().saturating_sub(1));
            let points = vec![
                Point {
                    x: r.right(),
                    y: r.cy() - dy,
                },
                Point {
                    x: r.right() + lw,
                    y: r.cy() - dy,
                },
                Point {
                    x: r.right() + lw,
                    y: r.cy() + dy,
                },
                Point {
                    x: r.right(),
                    y: r.cy() + dy,
                },
            ];
            let label = e.label.map(|(w, h)| {
                let rect = Rect {
                    x: outer + 6.0,
                    y: loop_label_y[v],
                    w,
                    h,
                };
                loop_label_y[v] += h + 2.0;
                rect
            });
            routes.push(EdgeRoute {
                points,
                label,
                reversed: false,
                self_loop: true,
            });
            continue;
        }
        let chain = &chains[i];
        let a = chain[0];
        let b = chain[chain.len() - 1];
        let ra = rects[a];
        let rb = rects[b];
        let la = vnodes[a].layer;
        let lb = vnodes[b].layer;
        let sx = port_of(&bottom_port[a], i, ra.cx());
        let tx = port_of(&top_port[b], i, rb.cx());
        let mut pts = vec![Point {
            x: sx,
            y: ra.bottom(),
        }];
        let a_band_bottom = band_top[la] + band_h[la];
        if a_band_bottom > ra.bottom() + 0.01 {
            pts.push(Point {
                x: sx,
                y: a_band_bottom,
            });
        }
        let mut label = None;
        for &d in &chain[1..chain.len() - 1] {
            let node = &vnodes[d];
            let l = node.layer;
            pts.push(Point {
                x: node.x,
                y: band_top[l],
            });
            if band_h[l] > 0.01 {
                pts.push(Point {
                    x: node.x,
                    y: band_top[l] + band_h[l],
                });
            }
            if let (Kind::Dummy { label: true }, Some((w, h))) = (node.kind, e.label) {
                label = Some(Rect {
                    x: node.x + 8.0,
                    y: band_top[l] + (band_h[l] - h) / 2.0,
                    w,
                    h,
                });
            }
        }
        if rb.y > band_top[lb] + 0.01 {
            pts.push(Point {
                x: tx,
                y: band_top[lb],
            });
        }
        pts.push(Point { x: tx, y: rb.y });
        if reversed[i] {
            pts.reverse();
        }
        routes.push(EdgeRoute {
            points: pts,
            label,
            reversed: reversed[i],
            self_loop: false,
        });
    }

    let width = vnodes.iter().map(|v| v.x + v.right).fold(0.0, f64::max) + opt.margin;
    let height = content_bottom.max(top) + opt.margin;
    let start = g.first.filter(|&f| f < n).map(|f| Point {
        x: rects[f].cx(),
        y: rects[f].y - opt.start_room + 8.0,
    });
    Layout {
        nodes: rects,
        edges: routes,
        ranks: rank,
        start,
        width,
        height,
    }
}

/// Above this many nodes and dummies the layout does fewer refinement passes.
const LARGE: usize = 20_000;

/// The minimum distance between the positions of two neighbours in a layer.
fn sep(a: &VNode, b: &VNode, opt: &Options) -> f64 {
    let gap = match (a.kind, b.kind) {
        (Kind::Real(_), Kind::Real(_)) => opt.node_gap,
        _ => opt.edge_gap,
    };
    a.right + gap + b.left
}

/// Positions closest (weighted least squares) to `desired` with `x[i+1] - x[i] >= seps[i]`:
/// isotonic regression by pool adjacent violators on `x[i] - offset[i]`.
fn place(desired: &[f64], weights: &[f64], seps: &[f64]) -> Vec<f64> {
    let k = desired.len();
    let mut offset = vec![0.0; k];
    for i in 1..k {
        offset[i] = offset[i - 1] + seps.get(i - 1).copied().unwrap_or(0.0);
    }
    // blocks: (weighted mean, weight, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(k);
    for i in 0..k {
        let w = weights[i].max(1e-6);
        blocks.push((desired[i] - offset[i], w, 1));
        while blocks.len() >= 2 {
            let last = blocks[blocks.len() - 1];
            let prev = blocks[blocks.len() - 2];
            if prev.0 <= last.0 {
                break;
            }
            let w = prev.1 + last.1;
            let mean = (prev.0 * prev.1 + last.0 * last.1) / w;
            blocks.pop();
            let len = blocks.len();
            blocks[len - 1] = (mean, w, prev.2 + last.2);
        }
    }
    let mut xs = Vec::with_capacity(k);
    for (mean, _, count) in blocks {
        for _ in 0..count {
            let i = xs.len();
            xs.push(mean + offset[i]);
        }
    }
    xs
}

/// Swaps neighbours in a layer while that removes crossings with the layers above and below.
fn transpose(layers: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>], pos: &mut [usize]) {
    for _ in 0..8 {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (u, v) = (layer[i], layer[i + 1]);
                if pair_crossings(v, u, up, down, pos) < pair_crossings(u, v, up, down, pos) {
                    layer.swap(i, i + 1);
                    pos[u] = i + 1;
                    pos[v] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings between the edges of `u` and of `v` when `u` is just left of `v`.
fn pair_crossings(
    u: usize,
    v: usize,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    pos: &[usize],
) -> usize {
    let mut c = 0;
    for nb in [up, down] {
        for &a in &nb[u] {
            for &b in &nb[v] {
                if pos[a] > pos[b] {
                    c += 1;
                }
            }
        }
    }
    c
}

/// Counts edge crossings between consecutive layers.
fn count_crossings(layers: &[Vec<usize>], down: &[Vec<usize>], pos: &[usize]) -> usize {
    let mut total = 0;
    for l in layers.iter().take(layers.len().saturating_sub(1)) {
        let mut segs: Vec<(usize, usize)> = Vec::new();
        for &v in l {
            for &w in &down[v] {
                segs.push((pos[v], pos[w]));
            }
        }
        segs.sort_unstable();
        let width = segs.iter().map(|s| s.1).max().map_or(0, |m| m + 1);
        let mut tree = vec![0usize; width + 1];
        for (seen, &(_, b)) in segs.iter().enumerate() {
            // count earlier segments ending strictly right of b
            let mut le = 0;
            let mut i = b + 1;
            while i > 0 {
                le += tree[i];
                i -= i & i.wrapping_neg();
            }
            total += seen - le;
            let mut i = b + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(sizes: &[(f64, f64)], edges: &[(usize, usize)]) -> Graph {
        Graph {
            nodes: sizes
                .iter()
                .map(|&(w, h)| NodeSpec {
                    width: w,
                    height: h,
                })
                .collect(),
            edges: edges
                .iter()
                .map(|&(a, b)| EdgeSpec {
                    from: a,
                    to: b,
                    label: Some((40.0, 14.0)),
                })
                .collect(),
            first: Some(0),
        }
    }

    /// The order example: 5 states, a cycle, a self-loop and a long edge.
    fn sample() -> Graph {
        graph(
            &[
                (90.0, 44.0),
                (80.0, 44.0),
                (100.0, 44.0),
                (120.0, 44.0),
                (70.0, 44.0),
                (60.0, 44.0),
            ],
            &[
                (0, 1),
                (0, 4),
                (0, 4),
                (1, 4),
                (1, 2),
                (2, 3),
                (2, 3),
                (3, 1),
                (2, 2),
                (5, 0),
                (0, 3),
            ],
        )
    }

    fn check(g: &Graph) -> Layout {
        let l = layout(g, &Options::default());
        // no two boxes overlap
        for i in 0..l.nodes.len() {
            for j in i + 1..l.nodes.len() {
                assert!(
                    !l.nodes[i].overlaps(&l.nodes[j]),
                    "boxes {i} and {j} overlap"
                );
            }
        }
        // every edge starts and ends on the borders of its boxes, and no segment crosses a box
        for (i, e) in g.edges.iter().enumerate() {
            let r = &l.edges[i];
            assert!(r.points.len() >= 2, "edge {i} has no route");
            let first = r.points[0];
            let last = r.points[r.points.len() - 1];
            assert!(
                l.nodes[e.from].on_border(first, 0.01),
                "edge {i} starts off its box: {first:?}"
            );
            assert!(
                l.nodes[e.to].on_border(last, 0.01),
                "edge {i} ends off its box: {last:?}"
            );
            for w in r.points.windows(2) {
                for (k, b) in l.nodes.iter().enumerate() {
                    assert!(!b.crossed_by(w[0], w[1], 0.5), "edge {i} crosses box {k}");
                }
            }
        }
        // labels overlap neither each other nor boxes
        let labels: Vec<Rect> = l.edges.iter().filter_map(|e| e.label).collect();
        for i in 0..labels.len() {
            for j in i + 1..labels.len() {
                assert!(
                    !labels[i].overlaps(&labels[j]),
                    "labels {i} and {j} overlap"
                );
            }
            for (k, b) in l.nodes.iter().enumerate() {
                assert!(!labels[i].overlaps(b), "label {i} overlaps box {k}");
            }
        }
        // everything inside the drawing
        for r in l.nodes.iter().chain(labels.iter()) {
            assert!(r.x >= 0.0 && r.y >= 0.0 && r.right() <= l.width && r.bottom() <= l.height);
        }
        l
    }

    #[test]
    fn sample_is_clean() {
        let l = check(&sample());
        assert_eq!(l.ranks[0], 0, "the first node is in the top layer");
        assert!(l.start.is_some());
        assert!(l.edges[8].self_loop);
    }

    #[test]
    fn first_node_goes_on_top_even_when_others_point_at_it() {
        let g = graph(
            &[(50.0, 30.0); 4],
            &[(1, 0), (0, 1), (1, 2), (2, 3), (3, 0)],
        );
        let l = check(&g);
        assert_eq!(l.ranks[0], 0);
        assert!(l.ranks[1] > 0 && l.ranks[2] > l.ranks[1]);
        // the back edges point upwards
        assert!(l.edges[0].reversed && l.edges[4].reversed);
    }

    #[test]
    fn wide_graph_with_many_long_edges() {
        let mut edges = Vec::new();
        for i in 0..30 {
            edges.push((i, i + 1));
            if i + 5 <= 30 {
                edges.push((i, i + 5));
            }
            if i % 3 == 0 && i > 3 {
                edges.push((i, i - 3));
            }
        }
        check(&graph(&[(80.0, 40.0); 31], &edges));
    }

    #[test]
    fn box_width_grows_with_label_width_and_cjk_counts_double() {
        assert_eq!(cells("Paid"), 4);
        assert_eq!(cells("待付款"), 6);
        assert_eq!(text_width("待付款", 8.0), 48.0);
        assert!(text_width("交易成功", 8.0) > text_width("Paid", 8.0));
    }

    #[test]
    fn crossings_are_reduced() {
        // Two parallel chains drawn crossed at the start.
        let g = graph(
            &[(40.0, 30.0); 6],
            &[(0, 1), (0, 2), (1, 4), (2, 3), (3, 5), (4, 5)],
        );
        let l = layout(&g, &Options::default());
        let (x1, x2) = (l.nodes[1].cx(), l.nodes[2].cx());
        let (x3, x4) = (l.nodes[3].cx(), l.nodes[4].cx());
        assert_eq!(x1 < x2, x4 < x3, "children follow their parents' order");
    }

    #[test]
    fn bad_input_does_not_panic() {
        let g = Graph {
            nodes: vec![NodeSpec {
                width: 0.0,
                height: 0.0,
            }],
            edges: vec![EdgeSpec {
                from: 0,
                to: 7,
                label: None,
            }],
            first: Some(3),
        };
        let l = layout(&g, &Options::default());
        assert!(l.edges[0].points.is_empty());
        let empty = layout(&Graph::default(), &Options::default());
        assert!(empty.nodes.is_empty());
    }

    #[test]
    fn place_keeps_order_and_gaps() {
        let xs = place(&[10.0, 10.0, 10.0], &[1.0, 1.0, 1.0], &[5.0, 5.0]);
        assert_eq!(xs, vec![5.0, 10.0, 15.0]);
        let xs = place(&[0.0, 100.0], &[1.0, 1.0], &[5.0]);
        assert_eq!(xs, vec![0.0, 100.0]);
    }
}
