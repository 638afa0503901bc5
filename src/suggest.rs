//! "Did you mean": a mistyped name and the known ones -> the closest within a small edit
//! distance (names, keywords, dimensions, colormaps, files).

/// The closest known name within a small edit distance, for "did you mean": one edit for
/// names of 3 to 6 letters, two from 7 (a swap of neighbours counts as one), none below 3.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a String>) -> Option<String> {
    let n = name.chars().count();
    let limit = match n {
        0..=2 => return None,
        3..=6 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, &String)> = None;
    for c in candidates {
        // Case slips (`rdbu_r` for `RdBu_r`) cost nothing.
        let d = edit_distance(&name.to_lowercase(), &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.clone())
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbouring letters each count one.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}
