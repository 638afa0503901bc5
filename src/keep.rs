//! Kept results: blocks the session computed, by the structural key of the lazy array they
//! are the value of, so showing a name twice computes it once (like dask's `persist`).
//!
//! A result stays while some session variable still refers to the array it belongs to and
//! the kept total fits the budget; the least recently used go first.

use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::Block;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct Kept {
    entries: HashMap<u64, Entry>,
    tick: u64,
}

#[derive(Debug)]
struct Entry {
    block: Block,
    /// The key of the array whose value (or corners) this is.
    owner: u64,
    bytes: usize,
    used: u64,
}

impl Kept {
    /// The kept value of the array with structural key `key`.
    pub fn get(&mut self, key: u64) -> Option<Block> {
        self.tick += 1;
        let e = self.entries.get_mut(&key)?;
        e.used = self.tick;
        Some(e.block.clone())
    }

    /// Keeps `block`, the value of the array `key`, which shows the array `owner`.
    pub fn insert(&mut self, key: u64, owner: u64, block: Block) {
        self.tick += 1;
        let bytes = block.len() * block.dtype().size();
        self.entries.insert(
            key,
            Entry {
                block,
                owner,
                bytes,
                used: self.tick,
            },
        );
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.entries.values().map(|e| e.bytes).sum()
    }

    /// Drops results no variable in `globals` refers to, then the least recently used until
    /// at most `budget` bytes are kept.
    pub fn retain_reachable(&mut self, globals: &HashMap<String, Value>, budget: usize) {
        if self.entries.is_empty() {
            return;
        }
        let mut live = HashSet::new();
        let mut seen = HashSet::new();
        for v in globals.values() {
            reach_value(v, &mut live, &mut seen);
        }
        self.entries.retain(|_, e| live.contains(&e.owner));
        let mut total = self.bytes();
        while total > budget {
            let Some((&k, e)) = self.entries.iter().min_by_key(|(_, e)| e.used) else {
                break;
            };
            total -= e.bytes;
            self.entries.remove(&k);
        }
    }
}

fn reach_value(v: &Value, live: &mut HashSet<u64>, seen: &mut HashSet<usize>) {
    match v {
        Value::Array(a) => reach(a, live, seen),
        Value::Tuple(items) | Value::List(items) => {
            items.iter().for_each(|i| reach_value(i, live, seen))
        }
        _ => {}
    }
}

fn reach(a: &Arr, live: &mut HashSet<u64>, seen: &mut HashSet<usize>) {
    if !seen.insert(a.id) {
        return;
    }
    live.insert(a.key);
    for i in &a.inputs {
        reach(i, live, seen);
    }
}
