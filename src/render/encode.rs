//! PNG files: a Canvas -> bytes (the `png` crate) -> a temporary file renamed into place, so a
//! failed run never leaves a file that looks complete.

use super::canvas::Canvas;
use std::io::Write;
use std::path::Path;

/// The canvas as PNG bytes (8-bit RGB).
pub fn png_bytes(c: &Canvas) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, c.width as u32, c.height as u32);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut w = enc.write_header().map_err(|e| e.to_string())?;
        w.write_image_data(&c.pixels).map_err(|e| e.to_string())?;
        w.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Creates the directory a file will go in (like `out/`).
pub fn prepare_dir(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "cannot write `{}`: `{}` is not a directory",
                    path.display(),
                    dir.display()
                ));
            }
            std::fs::create_dir_all(dir).map_err(|e| {
                format!(
                    "cannot write `{}`: cannot create the directory `{}`: {e}",
                    path.display(),
                    dir.display()
                )
            })
        }
        _ => Ok(()),
    }
}

/// Writes the canvas to `path` through a temporary name in the same directory.
pub fn write_png(c: &Canvas, path: &Path) -> Result<(), String> {
    let bytes = png_bytes(c)?;
    prepare_dir(path)?;
    let tmp = crate::io::tempfiles::temp_path(path)
        .ok_or_else(|| format!("cannot write `{}`: no file name", path.display()))?;
    let fail = |e: std::io::Error| format!("cannot write `{}`: {e}", path.display());
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(&bytes).and_then(|()| f.sync_data()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::canvas::{Canvas, BLACK, WHITE};

    #[test]
    fn written_png_decodes_to_the_same_pixels() {
        let mut c = Canvas::new(3, 2, WHITE);
        c.set(2, 1, BLACK);
        c.set(0, 0, [10, 20, 30]);
        let bytes = png_bytes(&c).expect("encode");
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut r = dec.read_info().expect("header");
        let mut buf = vec![0; r.output_buffer_size().expect("size")];
        let info = r.next_frame(&mut buf).expect("frame");
        assert_eq!((info.width, info.height), (3, 2));
        assert_eq!(&buf[..info.buffer_size()], &c.pixels[..]);
    }

    #[test]
    fn unwritable_path_is_an_error_and_leaves_nothing() {
        let c = Canvas::new(1, 1, WHITE);
        let e = write_png(&c, Path::new("/etc/passwd/x.png")).unwrap_err();
        assert!(e.contains("/etc/passwd"), "{e}");
    }
}
