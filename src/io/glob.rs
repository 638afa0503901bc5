//! Glob patterns -> sorted file lists: `*`, `?` and `[a-z]` classes in any path component.

use std::path::{Path, PathBuf};

/// Whether `pattern` has any wildcard.
pub fn is_pattern(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// Whether the file name `name` matches the one-component pattern `pat`.
pub fn matches(pat: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pat.chars().collect(), name.chars().collect());
    // Hidden files only match a pattern that starts with a dot, as in the shell.
    if n.first() == Some(&'.') && p.first() != Some(&'.') {
        return false;
    }
    match_from(&p, &n)
}

/// Whether the path `path` matches `pattern` component by component (`./` and repeated
/// slashes ignored).
pub fn matches_path(pattern: &str, path: &str) -> bool {
    let parts = |s: &str| -> Vec<String> {
        s.split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .map(str::to_string)
            .collect()
    };
    let (p, n) = (parts(pattern), parts(path));
    pattern.starts_with('/') == path.starts_with('/')
        && p.len() == n.len()
        && p.iter().zip(&n).all(|(p, n)| matches(p, n))
}

fn match_from(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => (0..=n.len()).any(|k| match_from(&p[1..], &n[k..])),
        Some('?') => !n.is_empty() && match_from(&p[1..], &n[1..]),
        Some('[') => {
            let Some(close) = p.iter().skip(2).position(|&c| c == ']').map(|i| i + 2) else {
                return n.first() == Some(&'[') && match_from(&p[1..], &n[1..]);
            };
            let Some(&c) = n.first() else { return false };
            let class = &p[1..close];
            let (neg, class) = match class.first() {
                Some('!') | Some('^') => (true, &class[1..]),
                _ => (false, class),
            };
            let mut hit = false;
            let mut i = 0;
            while i < class.len() {
                if i + 2 < class.len() && class[i + 1] == '-' {
                    hit |= class[i] <= c && c <= class[i + 2];
                    i += 3;
                } else {
                    hit |= class[i] == c;
                    i += 1;
                }
            }
            hit != neg && match_from(&p[close + 1..], &n[1..])
        }
        Some(&c) => n.first() == Some(&c) && match_from(&p[1..], &n[1..]),
    }
}

/// The files matching `pattern`, sorted by path.
pub fn expand(pattern: &str) -> Vec<PathBuf> {
    let absolute = pattern.starts_with('/');
    let parts: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let mut current = vec![if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    }];
    for (k, part) in parts.iter().enumerate() {
        let last = k + 1 == parts.len();
        let mut next = Vec::new();
        for dir in &current {
            if !is_pattern(part) {
                let p = dir.join(part);
                if (last && p.is_file()) || (!last && p.is_dir()) {
                    next.push(p);
                }
                continue;
            }
            let list = if dir.as_os_str().is_empty() {
                Path::new(".").read_dir()
            } else {
                dir.read_dir()
            };
            let Ok(entries) = list else { continue };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let p = dir.join(&name);
                if matches(part, &name) && ((last && p.is_file()) || (!last && p.is_dir())) {
                    next.push(p);
                }
            }
        }
        current = next;
    }
    current.sort();
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(matches("2014-*.nc", "2014-01-02.nc"));
        assert!(!matches("2014-*.nc", "2015-01-02.nc"));
        assert!(matches("day?.nc", "day7.nc"));
        assert!(matches("day[0-2].nc", "day1.nc"));
        assert!(!matches("day[!0-2].nc", "day1.nc"));
        assert!(!matches("*.nc", ".hidden.nc"));
        assert!(matches("a*b*c", "abxbc"));
    }

    #[test]
    fn expands_sorted() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let got = expand(&format!("{}/nc4-day*.nc", dir.display()));
        let names: Vec<String> = got
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["nc4-day0.nc", "nc4-day1.nc", "nc4-day2.nc"]);
        assert!(expand(&format!("{}/nope*.nc", dir.display())).is_empty());
    }
}
