//! Colormaps: a name (`viridis`, `RdBu_r`, ...) -> a 256-entry RGB lookup table, as matplotlib
//! builds them (its default `N = 256`), so a value maps to the colour matplotlib gives it.

use super::cmap_data::{COOLWARM, MAGMA, RDBU, VIRIDIS};

/// Entries in every lookup table (matplotlib's `rcParams["image.lut"]`).
pub const LUT_SIZE: usize = 256;

/// The colour of NaN: a neutral grey, the same for every map.
pub const NAN_RGB: [u8; 3] = [128, 128, 128];

/// Base names users can write (each also with `_r`).
pub const NAMES: &[&str] = &[
    "gray", "grey", "bone", "viridis", "magma", "coolwarm", "RdBu",
];

/// A colormap ready to use: its lookup table and whether it diverges around a centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Colormap {
    /// The name as the user wrote it (`RdBu_r`).
    pub name: String,
    pub lut: Vec<[u8; 3]>,
    /// Diverging maps (RdBu, coolwarm) centre on zero by default.
    pub diverging: bool,
}

impl Colormap {
    /// Looks a map up by name; `_r` reverses any map. Err: the "did you mean" hint, if any.
    pub fn by_name(name: &str) -> Result<Colormap, Option<String>> {
        let (base, reversed) = match name.strip_suffix("_r") {
            Some(b) => (b, true),
            None => (name, false),
        };
        let (mut lut, diverging): (Vec<[u8; 3]>, bool) = match base {
            "gray" | "grey" => (linear(&[[0.0; 3], [1.0; 3]]), false),
            "bone" => (bone(), false),
            "viridis" => (VIRIDIS.to_vec(), false),
            "magma" => (MAGMA.to_vec(), false),
            "coolwarm" => (linear(&COOLWARM), true),
            "RdBu" => {
                let anchors: Vec<[f64; 3]> = RDBU
                    .iter()
                    .map(|c| c.map(|v| f64::from(v) / 255.0))
                    .collect();
                (linear(&anchors), true)
            }
            _ => {
                let all = known();
                return Err(crate::suggest::suggest(name, all.iter()));
            }
        };
        if reversed {
            lut.reverse();
        }
        Ok(Colormap {
            name: name.to_string(),
            lut,
            diverging,
        })
    }

    /// The colour of `v` on the scale [vmin, vmax]: matplotlib's `Normalize` then `N`-bin
    /// lookup (values outside the range take the end colours). `vmin == vmax` gives the
    /// middle colour; NaN gives [`NAN_RGB`].
    pub fn color(&self, v: f64, vmin: f64, vmax: f64) -> [u8; 3] {
        if v.is_nan() {
            return NAN_RGB;
        }
        let t = if vmax > vmin {
            (v - vmin) / (vmax - vmin)
        } else {
            0.5
        };
        self.at(t)
    }

    /// The colour at position `t` in [0, 1] (clipped).
    pub fn at(&self, t: f64) -> [u8; 3] {
        let n = self.lut.len();
        // matplotlib: `xa *= N; xa[xa == N] = N - 1; clip; int`.
        let i = (t * n as f64).floor().clamp(0.0, (n - 1) as f64) as usize;
        self.lut[i]
    }
}

/// Every name a user can write, for error messages.
pub fn known() -> Vec<String> {
    NAMES
        .iter()
        .flat_map(|n| [n.to_string(), format!("{n}_r")])
        .collect()
}

/// A table from equally spaced anchor colours (channels in [0, 1]), linear in between:
/// matplotlib's `LinearSegmentedColormap.from_list` sampled at `i / (N - 1)`.
fn linear(anchors: &[[f64; 3]]) -> Vec<[u8; 3]> {
    let segs = (anchors.len() - 1) as f64;
    (0..LUT_SIZE)
        .map(|i| {
            let x = i as f64 / (LUT_SIZE - 1) as f64 * segs;
            let k = (x.floor() as usize).min(anchors.len() - 2);
            let f = x - k as f64;
            std::array::from_fn(|c| {
                to_byte(anchors[k][c] + f * (anchors[k + 1][c] - anchors[k][c]))
            })
        })
        .collect()
}

/// matplotlib's `bone`: each channel piecewise linear through its own (x, y) points.
fn bone() -> Vec<[u8; 3]> {
    let red: &[(f64, f64)] = &[(0.0, 0.0), (0.746032, 0.652778), (1.0, 1.0)];
    let green: &[(f64, f64)] = &[
        (0.0, 0.0),
        (0.365079, 0.319444),
        (0.746032, 0.777778),
        (1.0, 1.0),
    ];
    let blue: &[(f64, f64)] = &[(0.0, 0.0), (0.365079, 0.444444), (1.0, 1.0)];
    (0..LUT_SIZE)
        .map(|i| {
            let x = i as f64 / (LUT_SIZE - 1) as f64;
            [red, green, blue].map(|pts| to_byte(piecewise(pts, x)))
        })
        .collect()
}

fn piecewise(pts: &[(f64, f64)], x: f64) -> f64 {
    let k = pts
        .windows(2)
        .position(|w| x <= w[1].0)
        .unwrap_or(pts.len() - 2);
    let ((x0, y0), (x1, y1)) = (pts[k], pts[k + 1]);
    y0 + (x - x0) / (x1 - x0) * (y1 - y0)
}

fn to_byte(v: f64) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: [u8; 3], want: [u8; 3], name: &str, t: f64) {
        let ok = got
            .iter()
            .zip(want)
            .all(|(&g, w)| (i16::from(g) - i16::from(w)).abs() <= 1);
        assert!(ok, "{name}({t}) = {got:?}, matplotlib gives {want:?}");
    }

    /// Reference colours printed by matplotlib 3.11: `colormaps[name](t, bytes=True)[:3]`.
    #[test]
    fn maps_match_matplotlib() {
        let reference: &[(&str, [[u8; 3]; 5])] = &[
            (
                "viridis",
                [
                    [68, 1, 84],
                    [58, 82, 139],
                    [32, 144, 140],
                    [94, 201, 97],
                    [253, 231, 36],
                ],
            ),
            (
                "magma",
                [
                    [0, 0, 3],
                    [80, 18, 123],
                    [182, 54, 121],
                    [251, 136, 97],
                    [251, 252, 191],
                ],
            ),
            (
                "RdBu",
                [
                    [103, 0, 31],
                    [229, 131, 104],
                    [246, 246, 246],
                    [104, 170, 207],
                    [5, 48, 97],
                ],
            ),
            (
                "RdBu_r",
                [
                    [5, 48, 97],
                    [107, 172, 208],
                    [247, 246, 246],
                    [228, 128, 101],
                    [103, 0, 31],
                ],
            ),
            (
                "coolwarm",
                [
                    [58, 76, 192],
                    [141, 175, 253],
                    [221, 220, 219],
                    [243, 152, 121],
                    [179, 3, 38],
                ],
            ),
            (
                "bone",
                [
                    [0, 0, 0],
                    [56, 55, 77],
                    [112, 123, 143],
                    [168, 199, 199],
                    [255, 255, 255],
                ],
            ),
            (
                "gray",
                [
                    [0, 0, 0],
                    [64, 64, 64],
                    [128, 128, 128],
                    [192, 192, 192],
                    [255, 255, 255],
                ],
            ),
        ];
        for (name, want) in reference {
            let m = Colormap::by_name(name).expect("known map");
            for (t, w) in [0.0, 0.25, 0.5, 0.75, 1.0].into_iter().zip(want) {
                close(m.at(t), *w, name, t);
            }
        }
    }

    #[test]
    fn reversed_maps_run_backwards() {
        for name in NAMES {
            let m = Colormap::by_name(name).expect("known");
            let r = Colormap::by_name(&format!("{name}_r")).expect("known");
            for i in 0..LUT_SIZE {
                assert_eq!(m.lut[i], r.lut[LUT_SIZE - 1 - i], "{name} entry {i}");
            }
        }
    }

    #[test]
    fn diverging_maps_are_marked() {
        for (name, div) in [
            ("RdBu_r", true),
            ("coolwarm", true),
            ("viridis", false),
            ("bone_r", false),
        ] {
            assert_eq!(
                Colormap::by_name(name).expect("known").diverging,
                div,
                "{name}"
            );
        }
    }

    #[test]
    fn unknown_map_suggests_a_near_name() {
        assert_eq!(
            Colormap::by_name("virdis"),
            Err(Some("viridis".to_string()))
        );
        assert_eq!(Colormap::by_name("rdbu_r"), Err(Some("RdBu_r".to_string())));
        assert_eq!(Colormap::by_name("jet-black-xyz"), Err(None));
    }

    #[test]
    fn values_map_through_the_normalised_scale() {
        let g = Colormap::by_name("gray").expect("known");
        // matplotlib: 0..5 on gray gives bins floor(v / 5 * 256) = 0, 51, 102, 153, 204, 255.
        let got: Vec<u8> = (0..6).map(|v| g.color(f64::from(v), 0.0, 5.0)[0]).collect();
        assert_eq!(got, vec![0, 51, 102, 153, 204, 255]);
        assert_eq!(g.color(f64::NAN, 0.0, 1.0), NAN_RGB);
        assert_eq!(g.color(-3.0, 0.0, 1.0), [0, 0, 0]);
        assert_eq!(g.color(9.0, 0.0, 1.0), [255, 255, 255]);
    }
}
