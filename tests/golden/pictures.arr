# imshow and plot write PNG files and print where they went, with the colour range used.
lat = linspace(90, -90, 19)
field = 288 - 40 * sin(lat * pi / 180)[:, None] ** 2 + cos(arange(36) * pi / 18)[None, :]
imshow(field, cmap="bone", path="/tmp/arrlang-golden-field.png")
#> wrote /tmp/arrlang-golden-field.png (19×36, bone, vmin=247, vmax=289)
imshow(field - field.mean(), cmap="RdBu_r", path="/tmp/arrlang-golden-anomaly.png")
#> wrote /tmp/arrlang-golden-anomaly.png (19×36, RdBu_r, vmin=-22.05, vmax=22.05)
imshow(field, cmap="magma", vmin=250, vmax=290, colorbar=False, path="/tmp/arrlang-golden-limits.png")
#> wrote /tmp/arrlang-golden-limits.png (19×36, magma, vmin=250, vmax=290)
imshow(where(field > 280, nan, field), path="/tmp/arrlang-golden-nan.png")
#> wrote /tmp/arrlang-golden-nan.png (19×36, viridis, vmin=247, vmax=279)
plot(field[:, 0], path="/tmp/arrlang-golden-plot.png")
#> wrote /tmp/arrlang-golden-plot.png (19 points, y from 249 to 289)
plot(field.mean(1)[::2], path="/tmp/arrlang-golden-plot2.png")
#> wrote /tmp/arrlang-golden-plot2.png (10 points, y from 248 to 286.8)
imshow(field, cmap="virdis")
#! error[E0102]: unknown colormap `virdis`
imshow(field[None], cmap="gray")
#! error[E0204]: `imshow` needs a 2-D array, got shape `(1, 19, 36)`
plot(field)
#! error[E0204]: `plot` needs a 1-D array, got shape `(19, 36)`
imshow(field, vmin=3, vmax=1)
#! error[E0102]: `vmin` (3) must not exceed `vmax` (1)
imshow(field, path="/tmp/arrlang-golden.jpg")
#! error[E0301]: cannot write `/tmp/arrlang-golden.jpg`: pictures are written as PNG files
imshow(field, path="/etc/passwd/field.png")
#! error[E0301]: cannot write `/etc/passwd/field.png`: `/etc/passwd` is not a directory
