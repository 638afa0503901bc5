//! Pictures: `imshow` and `plot` write PNG files whose pixels are checked against colours and
//! positions computed here, independently of the drawing code.

use arrlang::session::{Options, Session};
use std::path::{Path, PathBuf};

/// A decoded 8-bit RGB image.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

fn decode(path: &Path) -> Image {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut r = png::Decoder::new(std::io::BufReader::new(f))
        .read_info()
        .expect("png header");
    let mut buf = vec![0; r.output_buffer_size().expect("buffer size")];
    let info = r.next_frame(&mut buf).expect("png frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Image {
        width: info.width as usize,
        height: info.height as usize,
        rgb: buf,
    }
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("arrlang-pictures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir.join(name)
}

/// Runs `code` (which writes to `{path}`) and returns the printed text and the image.
fn draw(code: &str, name: &str) -> (String, Image) {
    let path = tmp(name);
    let src = code.replace("{path}", &path.display().to_string());
    let mut s = Session::new(Options {
        threads: 2,
        default_chunk: Some(2),
        ..Options::default()
    });
    let out = s
        .run(&src)
        .unwrap_or_else(|f| panic!("{}", f.render("test", &src, false)));
    (out, decode(&path))
}

fn close(got: [u8; 3], want: [u8; 3]) -> bool {
    got.iter()
        .zip(want)
        .all(|(&g, w)| (i16::from(g) - i16::from(w)).abs() <= 1)
}

#[test]
fn gray_levels_follow_the_value_range() {
    let (out, img) = draw(
        r#"imshow(arange(6).reshape((2, 3)), cmap="gray", colorbar=False, path="{path}")"#,
        "gray.png",
    );
    assert!(out.contains("(2×3, gray, vmin=0, vmax=5)"), "{out}");
    // Without a colorbar the picture is the data magnified by a whole factor.
    assert_eq!(img.width * 2, img.height * 3);
    let (cw, ch) = (img.width / 3, img.height / 2);
    // matplotlib: value v on [0, 5] falls in bin floor(v / 5 * 256) of 256, clipped to 255;
    // the gray map's bin i is i / 255.
    for v in 0..6usize {
        let bin = ((v as f64 / 5.0 * 256.0).floor() as usize).min(255) as u8;
        let (r, c) = (v / 3, v % 3);
        let got = img.at(c * cw + cw / 2, r * ch + ch / 2);
        assert_eq!(got, [bin; 3], "value {v}");
    }
}

#[test]
fn reversed_map_reverses_the_levels() {
    let (_, img) = draw(
        r#"imshow(arange(6).reshape((2, 3)), cmap="gray_r", colorbar=False, path="{path}")"#,
        "gray_r.png",
    );
    let (cw, ch) = (img.width / 3, img.height / 2);
    for v in 0..6usize {
        let bin = ((v as f64 / 5.0 * 256.0).floor() as usize).min(255) as u8;
        let got = img.at((v % 3) * cw + cw / 2, (v / 3) * ch + ch / 2);
        assert_eq!(got, [255 - bin; 3], "value {v}");
    }
}

#[test]
fn nan_is_neutral_grey() {
    let (out, img) = draw(
        r#"imshow(array([[0.0, nan], [1.0, 2.0]]), colorbar=False, path="{path}")"#,
        "nan.png",
    );
    assert!(
        out.contains("vmin=0, vmax=2"),
        "NaN ignored in the range: {out}"
    );
    let (cw, ch) = (img.width / 2, img.height / 2);
    assert_eq!(img.at(cw + cw / 2, ch / 2), [128, 128, 128]);
    // viridis at 0 and at 1 (matplotlib: colormaps["viridis"](0.0 / 1.0, bytes=True)).
    assert!(close(img.at(cw / 2, ch / 2), [68, 1, 84]));
    assert!(close(img.at(cw + cw / 2, ch + ch / 2), [253, 231, 36]));
}

#[test]
fn diverging_maps_centre_on_zero() {
    let (out, img) = draw(
        r#"imshow(array([[-1.0, 0.0, 3.0]]), cmap="RdBu", colorbar=False, path="{path}")"#,
        "rdbu.png",
    );
    assert!(out.contains("vmin=-3, vmax=3"), "{out}");
    let cw = img.width / 3;
    let y = img.height / 2;
    // matplotlib 3.11: colormaps["RdBu"](t, bytes=True) at t = 0.5, 1/3 and 1.
    assert!(
        close(img.at(cw + cw / 2, y), [246, 246, 246]),
        "{:?}",
        img.at(cw + cw / 2, y)
    );
    assert!(
        close(img.at(cw / 2, y), [247, 182, 152]),
        "{:?}",
        img.at(cw / 2, y)
    );
    assert!(close(img.at(2 * cw + cw / 2, y), [5, 48, 97]));
    // Given limits win over the centring.
    let (out, _) = draw(
        r#"imshow(array([[-1.0, 0.0, 3.0]]), cmap="RdBu_r", vmin=-1, vmax=5, path="{path}")"#,
        "rdbu_limits.png",
    );
    assert!(out.contains("RdBu_r, vmin=-1, vmax=5"), "{out}");
}

#[test]
fn row_zero_is_at_the_top() {
    // Latitudes stored north first: the top of the picture is the north (largest) row.
    let (_, img) = draw(
        r#"lat = linspace(90, -90, 5)
imshow(lat[:, None] * ones((1, 4)), cmap="gray", colorbar=False, path="{path}")"#,
        "north.png",
    );
    let rows: Vec<u8> = (0..5)
        .map(|r| img.at(img.width / 2, r * img.height / 5 + 1)[0])
        .collect();
    // 90, 45, 0, -45, -90 on [-90, 90]: bins 255, 192, 128, 64, 0.
    assert_eq!(rows, vec![255, 192, 128, 64, 0]);
}

#[test]
fn colorbar_runs_from_vmin_at_the_bottom_to_vmax_at_the_top() {
    let (_, plain) = draw(
        r#"imshow(arange(12.0).reshape((3, 4)), colorbar=False, path="{path}")"#,
        "nobar.png",
    );
    let (_, img) = draw(
        r#"imshow(arange(12.0).reshape((3, 4)), path="{path}")"#,
        "bar.png",
    );
    assert!(img.width > plain.width + 20, "room for the bar and labels");
    assert_eq!(img.at(0, 0), plain.at(0, 0));
    // The bar is the column of pixels just right of the image that carries the map's colours.
    let x = (plain.width..img.width)
        .find(|&x| close(img.at(x, img.height / 2), [32, 144, 140]))
        .expect("a bar column with viridis' middle colour");
    assert!(
        close(img.at(x, 0), [253, 231, 36]),
        "top: {:?}",
        img.at(x, 0)
    );
    assert!(close(img.at(x, img.height - 1), [68, 1, 84]));
}

#[test]
fn plot_draws_the_line_through_each_point() {
    use arrlang::render::plot::{AREA, LINE, MARGIN};
    let (out, img) = draw(r#"plot(arange(10.0) ** 2, path="{path}")"#, "plot.png");
    assert!(out.contains("(10 points, y from 0 to 81)"), "{out}");
    assert_eq!((img.width, img.height), (800, 400));
    let (l, t, r, b) = AREA;
    // Data ranges with matplotlib's 5% margins: x in [0, 9], y in [0, 81].
    let (x0, x1) = (-9.0 * MARGIN, 9.0 + 9.0 * MARGIN);
    let (y0, y1) = (-81.0 * MARGIN, 81.0 + 81.0 * MARGIN);
    for i in 0..10 {
        let y = (i * i) as f64;
        let px = l as f64 + (i as f64 - x0) / (x1 - x0) * (r - l) as f64;
        let py = t as f64 + (y1 - y) / (y1 - y0) * (b - t) as f64;
        let (px, py) = (px.round() as usize, py.round() as usize);
        assert_eq!(img.at(px, py), LINE, "point {i} at ({px}, {py})");
    }
    // The frame is drawn; outside it the background is white.
    assert_eq!(img.at(l, (t + b) / 2), [0, 0, 0]);
    assert_eq!(img.at(r + 5, (t + b) / 2), [255, 255, 255]);
}

#[test]
fn plot_breaks_the_line_at_nan() {
    use arrlang::render::plot::{AREA, LINE};
    let (_, img) = draw(
        r#"plot(array([0.0, 1.0, nan, nan, 4.0, 5.0]), path="{path}")"#,
        "plot_nan.png",
    );
    let (l, t, r, b) = AREA;
    let columns_with_line: Vec<usize> = (l..=r)
        .filter(|&x| (t..=b).any(|y| img.at(x, y) == LINE))
        .collect();
    // x = 0..5 spans the area minus 5% margins; points 1 and 4 sit at these columns.
    let col = |i: f64| (l as f64 + (i + 0.25) / 5.5 * (r - l) as f64).round() as usize;
    assert!(columns_with_line.contains(&col(1.0)));
    assert!(columns_with_line.contains(&col(4.0)));
    for x in col(1.0) + 2..col(4.0) - 1 {
        assert!(
            !columns_with_line.contains(&x),
            "line drawn across the gap at {x}"
        );
    }
}

#[test]
fn large_arrays_are_block_averaged() {
    let (out, img) = draw(
        r#"imshow(arange(4100.0)[None, :] * ones((4, 1)), cmap="gray", colorbar=False, path="{path}")"#,
        "wide.png",
    );
    // 4100 columns > 2000: blocks of ceil(4100 / 2000) = 3, the edge blocks partial.
    assert!(
        out.contains("4×4100 shown as 2×1367 means of 3×3 blocks"),
        "{out}"
    );
    assert_eq!((img.width, img.height), (1367, 2));
    // Block column 683 averages columns 2049..=2051 (mean 2050) on [0, 4099]; the last one
    // averages 4098 and 4099. Bins: floor(t * 256), clipped to 255.
    let bin = |v: f64| ((v / 4099.0 * 256.0).floor() as usize).min(255) as u8;
    assert_eq!(img.at(683, 1), [bin(2050.0); 3]);
    assert_eq!(img.at(1366, 0), [bin(4098.5); 3]);
    assert_eq!(img.at(0, 1), [bin(1.0); 3]);
}

#[test]
fn files_are_named_after_the_source_and_never_overwritten() {
    let dir = tmp("naming");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let script = dir.join("s.arr");
    std::fs::write(
        &script,
        concat!(
            "x = arange(6.0).reshape((2, 3))\nimshow(x.mean(0)[None])\nimshow(x)\n",
            "imshow(x, cmap=\"bone\")\nplot(x[0])\n",
            // Inside a function: named after the calling statement.
            "fn show(a) = imshow(a * 2)\nshow(x)\n",
        ),
    )
    .expect("script");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_arrlang"))
        .arg(&script)
        .current_dir(&dir)
        .output()
        .expect("run arrlang");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let written: Vec<&str> = text
        .lines()
        .map(|l| l.split(' ').nth(1).expect("wrote <path>"))
        .collect();
    assert_eq!(
        written,
        [
            "out/imshow-x-mean-0-None.png",
            "out/imshow-x.png",
            "out/imshow-x-2.png",
            "out/plot-x-0.png",
            "out/imshow-show-x.png",
        ]
    );
    for w in &written {
        let img = decode(&dir.join(w));
        assert!(img.width > 0 && img.height > 0);
    }
    // Only the pictures: no temporary files left beside them.
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 5, "{names:?}");
}

#[test]
fn unwritable_path_fails_before_computing_and_leaves_no_file() {
    let mut s = Session::new(Options::default());
    let src = r#"imshow(ones((3, 3)), path="/etc/passwd/x.png")"#;
    let f = s.run(src).expect_err("cannot write under a file");
    let d = &f.diagnostics[0];
    assert_eq!(d.code, "E0301");
    assert!(
        d.message.contains("`/etc/passwd` is not a directory"),
        "{}",
        d.message
    );
}

#[test]
fn ascending_latitude_is_drawn_north_up_with_coordinate_ticks() {
    // The fixture stores latitude ascending (-80 ... 80): the picture's top row is 80 N.
    let code = r#"x = load("tests/data/labelx/monthly-2000.nc", "tas")
imshow(x[0] * 0 + x.lat[:, None], colorbar=False, path="{path}")"#;
    let (_, img) = draw(code, "northup.png");
    let (_, bare) = draw(
        r#"imshow(linspace(-80, 80, 9)[:, None] * ones((1, 12)), colorbar=False, path="{path}")"#,
        "southup.png",
    );
    // Viridis' top (80) and bottom (-80) colours.
    let (yellow, purple) = ([253, 231, 36], [68, 1, 84]);
    let x = img.width - 8;
    let first = (0..img.height)
        .find(|&y| img.at(x, y) != [255, 255, 255])
        .expect("an image column");
    assert!(
        close(img.at(x, first), yellow),
        "top: {:?}",
        img.at(x, first)
    );
    let last_purple = (0..img.height).rev().find(|&y| close(img.at(x, y), purple));
    let last_yellow = (0..img.height).rev().find(|&y| close(img.at(x, y), yellow));
    assert!(last_purple.expect("purple rows") > last_yellow.expect("yellow rows"));
    // Without coordinates the same values stored south first are drawn as stored.
    assert!(close(bare.at(bare.width / 2, 0), purple));
    // Margins for the ticks: left of and below the image, with black tick marks.
    assert!(img.width > bare.width && img.height > bare.height);
    let black = |y: usize| (0..12).any(|x| img.at(x, y) == [0, 0, 0]);
    assert!(
        (0..img.height).any(black),
        "latitude tick labels at the left"
    );
}

/// Rows `y0..y1` and columns `x0..x1` holding at least one black (text) pixel.
fn has_text(img: &Image, (x0, x1): (usize, usize), (y0, y1): (usize, usize)) -> bool {
    (y0..y1).any(|y| (x0..x1.min(img.width)).any(|x| img.at(x, y) == [0, 0, 0]))
}

#[test]
fn labelled_maps_have_a_title_band_and_units_over_the_colorbar() {
    // `tas` has long_name "Near-Surface Air Temperature" and units "K"; the same values
    // without labels (`asarray` of a computed copy) are drawn bare.
    let code = r#"x = load("tests/data/labelx/monthly-2000.nc", "tas")
imshow(x.mean("time"), path="{path}")"#;
    let (_, img) = draw(code, "titled.png");
    let (_, bare) = draw(
        r#"x = load("tests/data/labelx/monthly-2000.nc", "tas")
imshow(x.mean("time").reshape((108,)).reshape((9, 12)), path="{path}")"#,
        "untitled.png",
    );
    // The image: the first row (from the top) whose middle pixel is neither white nor black.
    let mid = img.width / 3;
    let top = (0..img.height)
        .find(|&y| ![[255; 3], [0; 3]].contains(&img.at(mid, y)))
        .expect("image rows");
    assert!(top >= 14, "a band above the image, got top row {top}");
    // The title is written over the image, the units over the colorbar (the right part).
    let bar_left = bare.width * 9 / 10;
    assert!(has_text(&img, (0, img.width / 2), (0, top)), "title text");
    let right = img.width - (bare.width - bar_left);
    assert!(
        has_text(&img, (right - 30, img.width), (0, top)),
        "units text"
    );
    // The bare picture has no band: its first row is image.
    assert_ne!(bare.at(bare.width / 3, 0), [255, 255, 255]);
    assert!(!has_text(&bare, (0, bare.width / 2), (0, 1)));
}

#[test]
fn time_series_have_date_ticks_a_title_and_units() {
    use arrlang::render::plot::{ranges, to_pixel, AREA};
    // Mid-month days of 2000 (standard calendar, days since 2000-01-01): 14 45 74 105 ...
    // 11 months spanned -> quarterly ticks: 2000-04-01 (day 91), 07-01 (182), 10-01 (274)
    // at fractional indices 2 + 17/31, 5 + 16/30, 8 + 16/30 (January 1 is before the data).
    let code = r#"x = load("tests/data/labelx/monthly-2000.nc", "tas")
plot(x.mean(("lat", "lon")), path="{path}")"#;
    let (_, img) = draw(code, "series.png");
    let (_, bare) = draw(
        r#"plot(arange(12.0) + 270, path="{path}")"#,
        "series-bare.png",
    );
    let (l, t, r, b) = AREA;
    let (xr, yr) = ranges(12, Some((0.0, 1.0)));
    let want: Vec<usize> = [2.0 + 17.0 / 31.0, 5.0 + 16.0 / 30.0, 8.0 + 16.0 / 30.0]
        .iter()
        .map(|&x| to_pixel(x, 0.0, xr, yr).0 as usize)
        .collect();
    // Tick marks: black pixels just below the area's bottom edge, between its corners.
    let marks: Vec<usize> = (l + 1..r)
        .filter(|&x| img.at(x, b + 2) == [0, 0, 0])
        .collect();
    assert_eq!(marks, want);
    // Title above the area (centred), units at the top left; the bare chart has neither.
    assert!(has_text(&img, (l + 100, r - 100), (0, t)), "title");
    assert!(has_text(&img, (0, 16), (0, t)), "units");
    assert!(!has_text(&bare, (0, bare.width), (0, t)));
}

/// The array of `streamed_imshow_draws_the_whole_array_picture`: integer values (so block
/// sums are exact in any order) with NaNs.
fn streamed_value(i: usize, j: usize) -> f64 {
    if (i * j) % 37 == 5 {
        f64::NAN
    } else {
        ((i * 31 + j * 7) % 101) as f64
    }
}

#[test]
fn streamed_imshow_draws_the_whole_array_picture() {
    use arrlang::kernels::Block;
    use arrlang::render::{colormap::Colormap, imshow::ImshowOpts, Kind, Spec};
    let (h, w) = (4100, 45);
    // The picture drawn from the whole array, as before streaming.
    let data: Vec<f64> = (0..h * w).map(|k| streamed_value(k / w, k % w)).collect();
    let whole = tmp("streamed-whole.png");
    let spec = Spec {
        kind: Kind::Imshow(ImshowOpts {
            cmap: Colormap::by_name("viridis").expect("known"),
            vmin: None,
            vmax: None,
            colorbar: true,
        }),
        path: Some(whole.clone()),
        name_span: None,
        frame: None,
        expr: None,
        coarse: None,
        envelope_of: None,
    };
    let block = Block::F64(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[h, w]), data).unwrap());
    let line = arrlang::render::write(&spec, &block, None).expect("drawn");
    let want = std::fs::read(&whole).expect("whole picture");
    // Chunks across the 3×3 windows' edges, and along them.
    for chunks in ["(1000, 20)", "(300, 45)", "(4100, 1)"] {
        let (out, _) = draw(
            &format!(
                "i = arange({h}, chunks={h})[:, None]\nj = arange({w}, chunks={w})[None, :]\n\
                 x = where((i * j) % 37 == 5, nan, ((i * 31 + j * 7) % 101) * 1.0)\n\
                 imshow(rechunk(x, {chunks}), path=\"{{path}}\")"
            ),
            "streamed.png",
        );
        assert!(
            out.contains("4100×45 shown as 1367×15 means of 3×3 blocks"),
            "{out}"
        );
        assert_eq!(
            out.trim().split_once(" (").map(|p| p.1),
            line.split_once(" (").map(|p| p.1),
            "{chunks}"
        );
        let got = std::fs::read(tmp("streamed.png")).expect("streamed picture");
        assert!(
            got == want,
            "{chunks}: the PNG differs from the whole array's"
        );
    }
}

#[test]
fn streamed_plot_draws_the_whole_series_picture() {
    use arrlang::kernels::Block;
    use arrlang::render::{Kind, Spec};
    // Over 2**20 points: streamed as an envelope per pixel column. A jagged series with a
    // long gap (its edges inside pixel columns).
    let n = 1_200_000usize;
    let value = |i: usize| {
        if (600_000..640_000).contains(&i) {
            f64::NAN
        } else {
            ((i / 3000) % 200 + (i * 7919) % 13) as f64
        }
    };
    let data: Vec<f64> = (0..n).map(value).collect();
    let whole = tmp("streamed-plot-whole.png");
    let spec = Spec {
        kind: Kind::Plot,
        path: Some(whole.clone()),
        name_span: None,
        frame: None,
        expr: None,
        coarse: None,
        envelope_of: None,
    };
    let block = Block::F64(ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[n]), data).unwrap());
    let line = arrlang::render::write(&spec, &block, None).expect("drawn");
    let want = std::fs::read(&whole).expect("whole picture");
    for chunks in [100_000, 99_991, 7_777] {
        let (out, _) = draw(
            &format!(
                "i = arange({n}, chunks={chunks})\n\
                 y = where((i >= 600000) & (i < 640000), nan, ((i // 3000) % 200 + (i * 7919) % 13) * 1.0)\n\
                 plot(y, path=\"{{path}}\")"
            ),
            "streamed-plot.png",
        );
        assert_eq!(
            out.trim().split_once(" (").map(|p| p.1),
            line.split_once(" (").map(|p| p.1),
            "{chunks}"
        );
        let got = std::fs::read(tmp("streamed-plot.png")).expect("streamed picture");
        assert!(
            got == want,
            "{chunks}: the PNG differs from the whole series'"
        );
    }
}
