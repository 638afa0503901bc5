//! File names for pictures without `path=`: the source text of the expression shown ->
//! `out/imshow-x-mean-0.png`, unique within a session (`-2`, `-3`, ... on repeats).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The directory pictures go to when no `path=` is given.
pub const OUT_DIR: &str = "out";

/// Longest slug kept from the source text (characters).
const MAX_SLUG: usize = 48;

/// `x.mean(0)` -> `x-mean-0`: ASCII letters, digits and `_`, other runs become one `-`.
pub fn slug(src: &str) -> String {
    let mut s = String::new();
    for c in src.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let s: String = s.chars().take(MAX_SLUG).collect();
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        "image".into()
    } else {
        s.into()
    }
}

/// The paths a session has written or will write, so no two pictures share a name.
#[derive(Debug, Default, Clone)]
pub struct Names {
    used: HashSet<PathBuf>,
}

impl Names {
    /// `out/{kind}-{slug}.png`, with `-2`, `-3`, ... appended if already used.
    pub fn auto(&mut self, kind: &str, src: &str) -> PathBuf {
        let stem = format!("{kind}-{}", slug(src));
        let mut k = 1;
        loop {
            let name = if k == 1 {
                format!("{stem}.png")
            } else {
                format!("{stem}-{k}.png")
            };
            let p = Path::new(OUT_DIR).join(name);
            if self.used.insert(p.clone()) {
                return p;
            }
            k += 1;
        }
    }

    /// Records a path the user chose, so automatic names avoid it.
    pub fn claim(&mut self, p: &Path) {
        self.used.insert(p.to_path_buf());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_filesystem_safe() {
        assert_eq!(slug("x.mean(0)"), "x-mean-0");
        assert_eq!(slug("x[1000] - x.mean(0)"), "x-1000-x-mean-0");
        assert_eq!(slug("  (a/b)  "), "a-b");
        assert_eq!(slug("\"../../etc\""), "etc");
        assert_eq!(slug("∑"), "image");
        assert_eq!(slug(&"ab".repeat(100)).len(), MAX_SLUG);
    }

    #[test]
    fn repeated_sources_get_numbered_names() {
        let mut n = Names::default();
        assert_eq!(n.auto("imshow", "x"), Path::new("out/imshow-x.png"));
        assert_eq!(n.auto("imshow", "x"), Path::new("out/imshow-x-2.png"));
        assert_eq!(n.auto("plot", "x"), Path::new("out/plot-x.png"));
        n.claim(Path::new("out/imshow-y.png"));
        assert_eq!(n.auto("imshow", "y"), Path::new("out/imshow-y-2.png"));
        assert_eq!(n.auto("imshow", "x"), Path::new("out/imshow-x-3.png"));
    }
}
