//! Fancy indexing and functional updates: `Op::Gather`, `Op::Scatter`, `Op::SetSlice`,
//! `Op::TakeAlong` -> chains of block steps.
//!
//! ```text
//! gather x[:, idx]:  x(i,0) -> part -.
//!                    x(i,1) -> part --> join = out(i,j)     (each part also reads idx(j))
//!                    x(i,2) -> part -'
//!   per x block its part of output block (i,j): only the hits it holds, compactly; one join
//!   per output block writes them in place (each element copied twice, as dask's take and
//!   concatenate). The x blocks are those the indices touch (all of them when the indices are
//!   computed; only those they hit when known before computing); one step when a single x
//!   block holds them all.
//!
//! scatter x[idx] = v:  x(i), idx(j), v(j), idx(j'), v(j') -> out(i)   (one copy of x(i));
//!                      out(k) = x(k) (no task) when no index can land in block k
//!
//! set slice x[a:b] = v:  out(i) = place(x(i), v blocks over it), or x(i) untouched
//!
//! x[idx] = 1.5, x[a:b] = 1.5: the value is one 0-d task every update task reads (the
//!   kernels broadcast it), never a block of the selection's size
//!
//! take_along_axis(x, idx, axis):  as gather: per x block along `axis` its compact part of
//!   output block (i, j) (the values its indices pick there), one join per output block;
//!   one step when `axis` is one block
//! ```

use super::blockwise::{all_offsets, block_shape};
use super::Lowerer;
use crate::expr::chunks::{offsets, ravel, unravel};
use crate::expr::node::{Arr, Fancy};
use crate::graph::{Grid, TaskKind};
use crate::kernels::fancy::{GatherSpec, JoinSpec, PlaceSpec};
use petgraph::stable_graph::NodeIndex;
use std::sync::Arc;

/// The x blocks along each indexed axis that B-block `fb` may touch.
fn touched(f: &Fancy, x: &Arr, fb: usize) -> Vec<Vec<usize>> {
    f.axes
        .iter()
        .enumerate()
        .map(|(k, &d)| match &f.touched[k] {
            Some(t) => t[fb].clone(),
            None => (0..x.meta.chunks[d].len()).collect(),
        })
        .collect()
}

/// Every combination of one entry per list (empty when a list is empty).
fn product(lists: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut out = vec![vec![]];
    for l in lists {
        let mut next = Vec::new();
        for p in &out {
            for &v in l {
                let mut q = p.clone();
                q.push(v);
                next.push(q);
            }
        }
        out = next;
    }
    out
}

/// The x block at the rest coordinates `rest` (x's other axes, in order) and `adv` along
/// the indexed axes.
fn x_block(f: &Fancy, ndim: usize, rest: &[usize], adv: &[usize]) -> Vec<usize> {
    let mut b = Vec::with_capacity(ndim);
    let mut r = rest.iter();
    for d in 0..ndim {
        match f.axes.iter().position(|&a| a == d) {
            Some(k) => b.push(adv[k]),
            None => b.push(*r.next().expect("rest coordinate")),
        }
    }
    b
}

pub fn lower_gather(l: &mut Lowerer, a: &Arr, f: &Arc<Fancy>, inputs: &[Grid]) -> Grid {
    let x = &a.inputs[0];
    let m = f.axes.len();
    let xg = &inputs[0];
    let bgrid = &inputs[1];
    let nb = bgrid.numblocks.len();
    let x_offs = all_offsets(&x.meta.chunks);
    let sizes: Vec<usize> = f.axes.iter().map(|&d| x.shape()[d]).collect();
    let numblocks = a.meta.numblocks();
    let n: usize = numblocks.iter().product();
    let mut tasks = Vec::with_capacity(n);
    for fo in 0..n {
        let ob = unravel(fo, &numblocks);
        let bb = &ob[f.pos..f.pos + nb];
        let rest: Vec<usize> = ob[..f.pos]
            .iter()
            .chain(&ob[f.pos + nb..])
            .copied()
            .collect();
        let fb = ravel(bb, &bgrid.numblocks);
        let idx_tasks: Vec<NodeIndex> = inputs[1..=m].iter().map(|g| g.tasks[fb]).collect();
        let shape = block_shape(&a.meta.chunks, &ob);
        let mut combos = product(&touched(f, x, fb));
        if combos.is_empty() {
            // Nothing to read (an empty index block): one step from zeros.
            combos.push(vec![0; m]);
        }
        let spec_at = |adv: &[usize]| GatherSpec {
            axes: f.axes.clone(),
            pos: f.pos,
            lo: f
                .axes
                .iter()
                .zip(adv)
                .map(|(&d, &i)| x_offs[d][i])
                .collect(),
            sizes: sizes.clone(),
            first: true,
        };
        let x_task =
            |adv: &[usize]| xg.tasks[ravel(&x_block(f, x.ndim(), &rest, adv), &xg.numblocks)];
        if let [adv] = combos.as_slice() {
            // One x block holds every index: one step straight into the output block.
            let mut ins = vec![x_task(adv)];
            ins.extend(&idx_tasks);
            let spec = spec_at(adv);
            tasks.push(l.task(a, TaskKind::Gather(Arc::new(spec)), ins, ob, shape, 40));
            continue;
        }
        // Per x block its compact part (only the hits it holds), then one join: every
        // element is copied twice, whatever the number of x blocks.
        let nb_elems: usize = shape[f.pos..f.pos + nb].iter().product();
        let mut part_shape: Vec<usize> = shape[..f.pos].to_vec();
        part_shape.push(0);
        part_shape.extend(&shape[f.pos + nb..]);
        let mut ins = idx_tasks.clone();
        let mut where_from = Vec::with_capacity(combos.len());
        for (step, adv) in combos.iter().enumerate() {
            let spec = spec_at(adv);
            let ext: Vec<usize> = f
                .axes
                .iter()
                .zip(adv)
                .map(|(&d, &i)| x.meta.chunks[d][i])
                .collect();
            // The expected number of hits, for the memory plan.
            let share: f64 = ext
                .iter()
                .zip(&sizes)
                .map(|(&e, &s)| e as f64 / s.max(1) as f64)
                .product();
            part_shape[f.pos] = ((nb_elems as f64 * share).ceil() as usize).min(nb_elems);
            where_from.push((spec.lo.clone(), ext));
            let mut pins = vec![x_task(adv)];
            pins.extend(&idx_tasks);
            let mut key = ob.clone();
            key.push(step);
            ins.push(l.task(
                a,
                TaskKind::GatherPart(Arc::new(spec)),
                pins,
                key,
                part_shape.clone(),
                41,
            ));
        }
        let spec = JoinSpec {
            gather: spec_at(&combos[0]),
            parts: where_from,
        };
        tasks.push(l.task(a, TaskKind::GatherJoin(Arc::new(spec)), ins, ob, shape, 40));
    }
    Grid { numblocks, tasks }
}

pub fn lower_scatter(l: &mut Lowerer, a: &Arr, f: &Arc<Fancy>, inputs: &[Grid]) -> Grid {
    let x = &a.inputs[0];
    let m = f.axes.len();
    let xg = &inputs[0];
    let bgrid = &inputs[1];
    let vg = &inputs[m + 1];
    let x_offs = all_offsets(&x.meta.chunks);
    let sizes: Vec<usize> = f.axes.iter().map(|&d| x.shape()[d]).collect();
    let numblocks = a.meta.numblocks();
    let n_b: usize = bgrid.numblocks.iter().product();
    let touch: Vec<Vec<Vec<usize>>> = (0..n_b).map(|fb| touched(f, x, fb)).collect();
    let mut tasks = Vec::with_capacity(xg.tasks.len());
    for (fx, &xt) in xg.tasks.iter().enumerate() {
        let xb = unravel(fx, &numblocks);
        let rest: Vec<usize> = (0..x.ndim())
            .filter(|d| !f.axes.contains(d))
            .map(|d| xb[d])
            .collect();
        let mut ins = vec![xt];
        for (fb, t) in touch.iter().enumerate() {
            if !f
                .axes
                .iter()
                .enumerate()
                .all(|(k, &d)| t[k].contains(&xb[d]))
            {
                continue;
            }
            let bb = unravel(fb, &bgrid.numblocks);
            let mut vb: Vec<usize> = rest[..f.pos].to_vec();
            vb.extend(&bb);
            vb.extend(&rest[f.pos..]);
            ins.extend(inputs[1..=m].iter().map(|g| g.tasks[fb]));
            ins.push(if vg.numblocks.is_empty() {
                vg.tasks[0] // one value, carried to every task
            } else {
                vg.tasks[ravel(&vb, &vg.numblocks)]
            });
        }
        if ins.len() == 1 {
            // No index can land here: x's own task.
            tasks.push(xt);
            continue;
        }
        let spec = GatherSpec {
            axes: f.axes.clone(),
            pos: f.pos,
            lo: f.axes.iter().map(|&d| x_offs[d][xb[d]]).collect(),
            sizes: sizes.clone(),
            first: true,
        };
        tasks.push(l.task(
            a,
            TaskKind::Scatter(Arc::new(spec)),
            ins,
            xb.clone(),
            block_shape(&a.meta.chunks, &xb),
            42,
        ));
    }
    Grid { numblocks, tasks }
}

/// Region positions in `[0, len)` landing in `[lo, hi)`: `(first, end)`.
fn landing(r: (usize, usize, isize), lo: usize, hi: usize) -> (usize, usize) {
    let (start, len, step) = (r.0 as i64, r.1 as i64, r.2 as i64);
    let (lo, hi) = (lo as i64, hi as i64);
    let (p, q) = if step > 0 {
        (
            (lo - start + step - 1).div_euclid(step),
            (hi - start + step - 1).div_euclid(step),
        )
    } else {
        let s = -step;
        (
            (start - hi + s).div_euclid(s),
            (start - lo).div_euclid(s) + 1,
        )
    };
    let (p, q) = (p.max(0).min(len), q.max(0).min(len));
    if q <= p {
        (0, 0)
    } else {
        (p as usize, q as usize)
    }
}

pub fn lower_set_slice(
    l: &mut Lowerer,
    a: &Arr,
    ranges: &[(usize, usize, isize)],
    inputs: &[Grid],
) -> Grid {
    let v = &a.inputs[1];
    let (xg, vg) = (&inputs[0], &inputs[1]);
    let x_offs = all_offsets(&a.meta.chunks);
    let v_offs: Vec<Vec<usize>> = v.meta.chunks.iter().map(|c| offsets(c)).collect();
    let numblocks = a.meta.numblocks();
    // One value (0-d): each place task fills its part of the region with it.
    let one = v.ndim() == 0 && !ranges.is_empty();
    let mut tasks = Vec::with_capacity(xg.tasks.len());
    for (fx, &xt) in xg.tasks.iter().enumerate() {
        let xb = unravel(fx, &numblocks);
        if one {
            let lands = ranges.iter().enumerate().all(|(d, &r)| {
                let (p, q) = landing(r, x_offs[d][xb[d]], x_offs[d][xb[d] + 1]);
                p < q
            });
            if !lands {
                tasks.push(xt);
                continue;
            }
            let spec = PlaceSpec {
                lo: xb.iter().enumerate().map(|(d, &i)| x_offs[d][i]).collect(),
                region: ranges.to_vec(),
                v_offs: vec![vec![0; ranges.len()]],
            };
            let kind = TaskKind::Place(Arc::new(spec));
            let shape = block_shape(&a.meta.chunks, &xb);
            tasks.push(l.task(a, kind, vec![xt, vg.tasks[0]], xb.clone(), shape, 43));
            continue;
        }
        let mut per_axis = Vec::new();
        for (d, &r) in ranges.iter().enumerate() {
            let (p, q) = landing(r, x_offs[d][xb[d]], x_offs[d][xb[d] + 1]);
            // The value blocks along d overlapping region positions [p, q).
            let bl: Vec<usize> = (0..v.meta.chunks[d].len())
                .filter(|&i| v_offs[d][i] < q && v_offs[d][i + 1] > p)
                .collect();
            per_axis.push(bl);
        }
        let combos = product(&per_axis);
        if combos.is_empty() {
            tasks.push(xt);
            continue;
        }
        let mut ins = vec![xt];
        let mut offs = Vec::new();
        for vb in &combos {
            ins.push(vg.tasks[ravel(vb, &vg.numblocks)]);
            offs.push(vb.iter().enumerate().map(|(d, &i)| v_offs[d][i]).collect());
        }
        let spec = PlaceSpec {
            lo: xb.iter().enumerate().map(|(d, &i)| x_offs[d][i]).collect(),
            region: ranges.to_vec(),
            v_offs: offs,
        };
        tasks.push(l.task(
            a,
            TaskKind::Place(Arc::new(spec)),
            ins,
            xb.clone(),
            block_shape(&a.meta.chunks, &xb),
            43,
        ));
    }
    Grid { numblocks, tasks }
}

pub fn lower_take_along(l: &mut Lowerer, a: &Arr, axis: usize, inputs: &[Grid]) -> Grid {
    let x = &a.inputs[0];
    let (xg, ig) = (&inputs[0], &inputs[1]);
    let x_offs = offsets(&x.meta.chunks[axis]);
    let size = x.shape()[axis];
    let nx = x.meta.chunks[axis].len();
    let numblocks = a.meta.numblocks();
    let mut tasks = Vec::with_capacity(ig.tasks.len());
    for (fo, &it) in ig.tasks.iter().enumerate() {
        let ob = unravel(fo, &numblocks);
        let shape = block_shape(&a.meta.chunks, &ob);
        let x_task = |k: usize| {
            let mut xb = ob.clone();
            xb[axis] = k;
            xg.tasks[ravel(&xb, &xg.numblocks)]
        };
        if nx == 1 {
            let kind = TaskKind::TakeAlong {
                axis,
                lo: 0,
                size,
                first: true,
            };
            tasks.push(l.task(a, kind, vec![x_task(0), it], ob, shape, 44));
            continue;
        }
        // Per x block its compact part, then one join: each element copied twice.
        let elems: usize = shape.iter().product();
        let mut ins = vec![it];
        for (k, &lo) in x_offs.iter().enumerate().take(nx) {
            let mut key = ob.clone();
            key.push(k);
            // The expected number of hits, for the memory plan.
            let share = x.meta.chunks[axis][k] as f64 / size.max(1) as f64;
            let est = ((elems as f64 * share).ceil() as usize).min(elems);
            let kind = TaskKind::TakeAlongPart { axis, lo, size };
            ins.push(l.task(a, kind, vec![x_task(k), it], key, vec![est], 45));
        }
        let kind = TaskKind::TakeAlongJoin {
            axis,
            offs: Arc::new(x_offs.clone()),
        };
        tasks.push(l.task(a, kind, ins, ob, shape, 44));
    }
    Grid { numblocks, tasks }
}
