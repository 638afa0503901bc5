//! A run's outputs -> the requests to compute: values to show, files to save (with the
//! coordinate variables of what is saved, and the variables of an existing netCDF file
//! carried into its rewrite), checked against the task limit before anything is lowered.

use super::{Failure, SHOW_LIMIT};
use crate::expr::interp::Output;
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::lower::Request;

/// The requests an output list needs computed.
pub fn requests(outputs: &[Output]) -> Vec<Request> {
    let mut reqs = Vec::new();
    for o in outputs {
        match o {
            Output::Show(v, _) => collect_arrays(v, &mut reqs),
            Output::Print(vs, _) => vs.iter().for_each(|v| collect_arrays(v, &mut reqs)),
            Output::SaveNpy(p, a, _) => reqs.push(Request::SaveNpy(a.clone(), p.clone())),
            // Every variable saved into one file goes into one request (one writer).
            Output::SaveNc(p, v, a, _) => {
                let same = reqs.iter_mut().find_map(|r| match r {
                    Request::SaveNc(q, vars) if q == p => Some(vars),
                    _ => None,
                });
                match same {
                    Some(vars) => vars.push((v.clone(), a.clone())),
                    None => reqs.push(Request::SaveNc(p.clone(), vec![(v.clone(), a.clone())])),
                }
            }
            Output::SaveZarr(p, v, a, _) => {
                let same = reqs.iter_mut().find_map(|r| match r {
                    Request::SaveZarr(q, vars) if q == p => Some(vars),
                    _ => None,
                });
                match same {
                    Some(vars) => vars.push((v.clone(), a.clone())),
                    None => reqs.push(Request::SaveZarr(p.clone(), vec![(v.clone(), a.clone())])),
                }
            }
            Output::Picture(a, _, _, range) => {
                reqs.push(Request::Value(a.clone()));
                reqs.extend(range.iter().map(|r| Request::Value(r.clone())));
            }
        }
    }
    // Each file and store also gets the coordinate variables of what is saved into it.
    for r in &mut reqs {
        match r {
            Request::SaveNc(_, vars) => crate::expr::labels::save::add_nc_coords(vars),
            Request::SaveZarr(_, vars) => crate::expr::labels::save::add_zarr_coords(vars),
            _ => {}
        }
    }
    reqs
}

/// Arrays an output needs whole, never abbreviated to corners: pictures, and the two
/// sides of a shown boolean-mask selection (compressed after computing).
pub fn needed_whole(outputs: &[Output]) -> std::collections::HashSet<usize> {
    fn masked(v: &Value, ids: &mut std::collections::HashSet<usize>) {
        match v {
            Value::Masked(m) => {
                ids.insert(m.x.id);
                ids.insert(m.mask.id);
            }
            Value::Tuple(items) | Value::List(items) => items.iter().for_each(|i| masked(i, ids)),
            _ => {}
        }
    }
    let mut ids = std::collections::HashSet::new();
    for o in outputs {
        match o {
            Output::Picture(a, _, _, range) => {
                ids.insert(a.id);
                ids.extend(range.iter().map(|r| r.id));
            }
            Output::Show(v, _) => masked(v, &mut ids),
            Output::Print(vs, _) => vs.iter().for_each(|v| masked(v, &mut ids)),
            _ => {}
        }
    }
    ids
}

fn collect_arrays(v: &Value, reqs: &mut Vec<Request>) {
    match v {
        Value::Array(a) => reqs.push(Request::Value(a.clone())),
        Value::Tuple(items) | Value::List(items) => {
            items.iter().for_each(|i| collect_arrays(i, reqs))
        }
        Value::Masked(m) if m.x.meta.size() <= SHOW_LIMIT => {
            reqs.push(Request::Value(m.x.clone()));
            reqs.push(Request::Value(m.mask.clone()));
        }
        _ => {}
    }
}

/// The task count of `reqs`, estimated from their lazy arrays before anything is lowered
/// (a graph over the limit would be gigabytes before the first task runs).
pub fn check_limits(reqs: &[Request]) -> Result<(), Failure> {
    let roots: Vec<&Arr> = reqs
        .iter()
        .flat_map(|r| match r {
            Request::Value(a) | Request::SaveNpy(a, _) => vec![a],
            Request::SaveNc(_, vars) => vars.iter().map(|(_, a)| a).collect(),
            Request::SaveZarr(_, vars) => vars.iter().map(|(_, a)| a).collect(),
        })
        .collect();
    let n = crate::expr::limits::estimate_tasks(roots.iter().copied());
    crate::expr::limits::check_tasks(n).map_err(|d| {
        let span = roots.first().map(|a| a.span.clone()).unwrap_or(0..0);
        d.label(span, "computing this").into()
    })
}

/// Saves into existing netCDF-4 files keep the files' other variables (copied into the
/// new file), or fail before anything runs when they cannot be copied faithfully.
pub fn carry_existing(outputs: &[Output], reqs: &mut [Request]) -> Result<(), Failure> {
    for r in reqs.iter_mut() {
        if let Request::SaveNc(p, vars) = r {
            let span = outputs
                .iter()
                .find_map(|o| match o {
                    Output::SaveNc(q, _, _, s) if q == p => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or(0..0);
            let saved: Vec<_> = vars.iter().map(|(v, _)| v.clone()).collect();
            vars.extend(crate::expr::nc_keep::carry(p, &saved, &span)?);
        }
    }
    Ok(())
}
