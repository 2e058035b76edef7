//! Colour palettes for categories, as seaborn's `color_palette(name, n)`
//! makes them: the matplotlib colour cycle (or `husl` past ten colours)
//! by default; seaborn's named palettes (`deep`, `muted`, `pastel`,
//! `bright`, `dark`, `colorblind` and their 6-colour variants); evenly
//! spaced hues in HUSL or HLS; any matplotlib colormap, qualitative ones
//! (`tab10`, `Set2`, …) colour by colour, continuous ones sampled evenly
//! inside their ends. A palette shorter than the categories repeats.

mod cubehelix;
mod seaborn;

use cubehelix::Cubehelix;

use crate::{Color, Colormap};

/// matplotlib's qualitative colormaps and their sizes (seaborn reads them
/// colour by colour).
const QUALITATIVE: [(&str, usize); 12] = [
    ("tab10", 10),
    ("tab20", 20),
    ("tab20b", 20),
    ("tab20c", 20),
    ("Set1", 9),
    ("Set2", 8),
    ("Set3", 12),
    ("Accent", 8),
    ("Paired", 12),
    ("Pastel1", 9),
    ("Pastel2", 8),
    ("Dark2", 8),
];

/// A palette name plotmill does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{name}' is not a palette; use a seaborn palette (deep, muted, pastel, bright, dark, colorblind), husl, hls, a cubehelix palette (ch:, such as ch:s=.25,rot=-.25), or a matplotlib colormap{}", .closest.as_ref().map(|c| format!("; did you mean '{c}'?")).unwrap_or_default())]
pub struct UnknownPalette {
    /// The name given.
    pub name: String,
    /// The nearest known name, if one is near.
    pub closest: Option<String>,
}

/// Checks a palette name without making colours.
pub fn check_palette(name: &str) -> Result<(), UnknownPalette> {
    palette(Some(name), 1).map(|_| ())
}

/// The colours of `n` categories as seaborn's hue mapping picks them:
/// the palette `name`, or by default the matplotlib colour cycle for up
/// to ten and evenly spaced `husl` hues for more (so that no two
/// categories share a colour).
pub fn categorical_palette(name: Option<&str>, n: usize) -> Result<Vec<Color>, UnknownPalette> {
    match name {
        None if n > 10 => palette(Some("husl"), n),
        _ => palette(name, n),
    }
}

/// `n` colours of the palette `name` (`None`: the matplotlib colour
/// cycle), as seaborn's `color_palette(name, n)`.
pub fn palette(name: Option<&str>, n: usize) -> Result<Vec<Color>, UnknownPalette> {
    let base: Vec<Color> = match name {
        // The matplotlib colour cycle.
        None => qualitative("tab10", 10, n),
        Some("husl") => husl_palette(n),
        Some("hls") => hls_palette(n),
        Some(name) if name.starts_with("ch:") => match Cubehelix::parse(name) {
            Some(c) => c?.colors(n),
            None => return Err(unknown(name)),
        },
        Some(name) => {
            if let Some((_, colors)) = seaborn::SEABORN.iter().find(|(s, _)| *s == name) {
                colors
                    .iter()
                    .map(|&[r, g, b]| Color::rgb(r, g, b))
                    .collect()
            } else if let Some(&(_, size)) = QUALITATIVE.iter().find(|(q, _)| *q == name) {
                qualitative(name, size, n)
            } else {
                let cmap = Colormap::from_name(name).map_err(|_| unknown(name))?;
                // Evenly inside the map's ends: linspace(0, 1, n + 2)[1:-1].
                let bins = n + 1;
                (1..=n)
                    .map(|k| {
                        let x = if bins == 0 {
                            0.0
                        } else {
                            k as f64 * (1.0 / bins as f64)
                        };
                        cmap.color(x)
                    })
                    .collect()
            }
        }
    };
    Ok((0..n).map(|k| base[k % base.len().max(1)]).collect())
}

/// How many colours the palette `name` has before they repeat (seaborn's
/// named palettes and matplotlib's qualitative maps), or `None` when it
/// makes as many distinct ones as asked for (the default, husl, hls,
/// cubehelix, a continuous colormap).
pub fn distinct_colors(name: Option<&str>) -> Option<usize> {
    let name = name?;
    if let Some((_, colors)) = seaborn::SEABORN.iter().find(|(s, _)| *s == name) {
        return Some(colors.len());
    }
    QUALITATIVE
        .iter()
        .find(|(q, _)| *q == name)
        .map(|&(_, size)| size)
}

/// The colormap seaborn colours a numeric hue with for the palette
/// `name`, or `None` when the palette is qualitative (seaborn's named
/// palettes, matplotlib's qualitative maps), which colours each value as a
/// category instead. By default, and for a `ch:` name, a cubehelix map;
/// `husl` and `hls` as 256 evenly spaced hues; any other matplotlib or
/// seaborn colormap as it is.
pub fn hue_colormap(name: Option<&str>) -> Result<Option<Colormap>, UnknownPalette> {
    let table = |name: &str, colors: Vec<[f64; 3]>| {
        Colormap::from_colors(name, colors).map_err(|_| unknown(name))
    };
    let rgb = |colors: Vec<Color>| colors.into_iter().map(|c| [c.r, c.g, c.b]).collect();
    let name = name.unwrap_or("ch:");
    if let Some(c) = Cubehelix::parse(name) {
        return table(name, c?.table()).map(Some);
    }
    if seaborn::SEABORN.iter().any(|(s, _)| *s == name)
        || QUALITATIVE.iter().any(|(q, _)| *q == name)
    {
        return Ok(None);
    }
    match name {
        "husl" => table(name, rgb(husl_palette(256))).map(Some),
        "hls" => table(name, rgb(hls_palette(256))).map(Some),
        _ => Colormap::from_name(name)
            .map(Some)
            .map_err(|_| unknown(name)),
    }
}

fn unknown(name: &str) -> UnknownPalette {
    let mut names: Vec<String> = seaborn::SEABORN
        .iter()
        .map(|(s, _)| (*s).to_owned())
        .collect();
    names.extend(["husl".to_owned(), "hls".to_owned()]);
    names.extend(Colormap::names());
    UnknownPalette {
        name: name.to_owned(),
        closest: crate::closest_name(name, names.iter().map(String::as_str)).map(str::to_owned),
    }
}

/// A qualitative matplotlib map read colour by colour: its first
/// `min(n, size)` colours (seaborn's `linspace(0, 1, size)[:n]`).
fn qualitative(name: &str, size: usize, n: usize) -> Vec<Color> {
    let Ok(cmap) = Colormap::from_name(name) else {
        return vec![Color::BLACK];
    };
    let step = 1.0 / (size - 1) as f64;
    (0..size.min(n.max(1)))
        .map(|k| {
            let x = if k + 1 == size { 1.0 } else { k as f64 * step };
            cmap.color(x)
        })
        .collect()
}

/// The hues seaborn spaces evenly: `linspace(0, 1, n + 1)[:-1] + 0.01`,
/// modulo 1.
fn hues(n: usize) -> Vec<f64> {
    (0..n)
        .map(|k| (k as f64 * (1.0 / n as f64) + 0.01) % 1.0)
        .collect()
}

/// seaborn's `husl_palette(n)`: hues evenly spaced in HUSL at saturation
/// 0.9 and lightness 0.65 (scaled to HUSL's 0–99 by 99 and hue to 0–359),
/// clipped to the sRGB cube.
fn husl_palette(n: usize) -> Vec<Color> {
    hues(n)
        .into_iter()
        .map(|h| {
            let [r, g, b] = husl_to_rgb(h * 359.0, 0.9 * 99.0, 0.65 * 99.0);
            Color::rgb(r.clamp(0.0, 1.0), g.clamp(0.0, 1.0), b.clamp(0.0, 1.0))
        })
        .collect()
}

/// seaborn's `hls_palette(n)`: hues evenly spaced in HLS at lightness 0.6
/// and saturation 0.65 (Python's `colorsys.hls_to_rgb`).
fn hls_palette(n: usize) -> Vec<Color> {
    hues(n)
        .into_iter()
        .map(|h| {
            let [r, g, b] = hls_to_rgb(h, 0.6, 0.65);
            Color::rgb(r, g, b)
        })
        .collect()
}

/// `colorsys.rgb_to_hls`: hue, lightness and saturation, each 0 to 1.
pub fn rgb_to_hls(r: f64, g: f64, b: f64) -> [f64; 3] {
    let (maxc, minc) = (r.max(g).max(b), r.min(g).min(b));
    let sumc = maxc + minc;
    let rangec = maxc - minc;
    let l = sumc / 2.0;
    if minc == maxc {
        return [0.0, l, 0.0];
    }
    // As Python 3.11 writes it (not always `2 - sumc` in floating point).
    let s = if l <= 0.5 {
        rangec / sumc
    } else {
        rangec / (2.0 - maxc - minc)
    };
    let (rc, gc, bc) = (
        (maxc - r) / rangec,
        (maxc - g) / rangec,
        (maxc - b) / rangec,
    );
    let h = if r == maxc {
        bc - gc
    } else if g == maxc {
        2.0 + rc - bc
    } else {
        4.0 + gc - rc
    };
    [(h / 6.0).rem_euclid(1.0), l, s]
}

/// seaborn's `desaturate`: the colour with its HLS saturation times
/// `prop` (0 to 1; 1 returns it as it is), its alpha kept.
pub fn desaturate(color: Color, prop: f64) -> Color {
    if prop == 1.0 {
        return color;
    }
    let [h, l, s] = rgb_to_hls(color.r, color.g, color.b);
    let [r, g, b] = hls_to_rgb(h, l, s * prop);
    Color::rgb(r, g, b).with_alpha(color.a)
}

/// `colorsys.hls_to_rgb`.
fn hls_to_rgb(h: f64, l: f64, s: f64) -> [f64; 3] {
    if s == 0.0 {
        return [l, l, l];
    }
    let m2 = if l <= 0.5 {
        l * (1.0 + s)
    } else {
        l + s - l * s
    };
    let m1 = 2.0 * l - m2;
    let v = |hue: f64| {
        let hue = hue.rem_euclid(1.0);
        if hue < 1.0 / 6.0 {
            m1 + (m2 - m1) * hue * 6.0
        } else if hue < 0.5 {
            m2
        } else if hue < 2.0 / 3.0 {
            m1 + (m2 - m1) * (2.0 / 3.0 - hue) * 6.0
        } else {
            m1
        }
    };
    [v(h + 1.0 / 3.0), v(h), v(h - 1.0 / 3.0)]
}

/// seaborn's sequential colormap from one colour (`_cmap_from_color`, what
/// its bivariate histograms and filled densities are shaded with): 256
/// colours of the colour's HUSL hue, from light (index 0, HUSL lightness
/// 80) to dark (35), the saturation rising towards the middle.
pub fn light_ramp(color: Color) -> Vec<Color> {
    let (h, s, _) = rgb_to_husl(color.r, color.g, color.b);
    // numpy: linspace(-1, 1, int(1.15 * 256))[:256] and linspace(35, 80, 256).
    let n = 294usize;
    let step = 2.0 / (n - 1) as f64;
    let light_step = 45.0 / 255.0;
    let mut ramp: Vec<Color> = (0..256)
        .map(|k| {
            let xx = k as f64 * step - 1.0;
            let l = if k == 255 {
                80.0
            } else {
                k as f64 * light_step + 35.0
            };
            let [r, g, b] = husl_to_rgb(h, s * xx.cos(), l).map(|v| v.clamp(0.0, 1.0));
            Color::rgb(r, g, b)
        })
        .collect();
    ramp.reverse();
    ramp
}

/// HUSL (hue, saturation, lightness) of an sRGB colour (the reference
/// implementation seaborn carries).
fn rgb_to_husl(r: f64, g: f64, b: f64) -> (f64, f64, f64) {
    let linear = |c: f64| {
        if c > 0.04045 {
            ((c + 0.055) / 1.055).powf(2.4)
        } else {
            c / 12.92
        }
    };
    let rgb = [linear(r), linear(g), linear(b)];
    let [x, y, z] = M_INV.map(|row| row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]);
    if x == 0.0 && y == 0.0 && z == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let var_u = (4.0 * x) / (x + 15.0 * y + 3.0 * z);
    let var_v = (9.0 * y) / (x + 15.0 * y + 3.0 * z);
    let f = |t: f64| {
        if t > LAB_E {
            t.powf(1.0 / 3.0)
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let l = 116.0 * f(y) - 16.0;
    if l == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let (u, v) = (13.0 * l * (var_u - REF_U), 13.0 * l * (var_v - REF_V));
    let c = (u * u + v * v).sqrt();
    let mut h = v.atan2(u).to_degrees();
    if h < 0.0 {
        h += 360.0;
    }
    if l > 99.999_999_9 {
        return (h, 0.0, 100.0);
    }
    if l < 0.000_000_01 {
        return (h, 0.0, 0.0);
    }
    (h, c / max_chroma(l, h) * 100.0, l)
}

/// Linear XYZ from linear sRGB (the HUSL reference's matrix).
const M_INV: [[f64; 3]; 3] = [
    [0.4124, 0.3576, 0.1805],
    [0.2126, 0.7152, 0.0722],
    [0.0193, 0.1192, 0.9505],
];

/// sRGB from linear XYZ (the HUSL reference's matrix, D65).
const M: [[f64; 3]; 3] = [
    [3.2406, -1.5372, -0.4986],
    [-0.9689, 1.8758, 0.0415],
    [0.0557, -0.2040, 1.0570],
];
const REF_U: f64 = 0.19784;
const REF_V: f64 = 0.46834;
const LAB_E: f64 = 0.008856;
const LAB_K: f64 = 903.3;

/// The most chroma sRGB holds at lightness `l` and hue `h` degrees: the
/// nearest of the gamut's six bounding lines along the hue's ray.
fn max_chroma(l: f64, h: f64) -> f64 {
    let (sin, cos) = h.to_radians().sin_cos();
    let sub1 = (l + 16.0).powi(3) / 1_560_896.0;
    let sub2 = if sub1 > LAB_E { sub1 } else { l / LAB_K };
    let mut best = f64::INFINITY;
    for [m1, m2, m3] in M {
        let top = (0.99915 * m1 + 1.05122 * m2 + 1.14460 * m3) * sub2;
        let rbottom = 0.86330 * m3 - 0.17266 * m2;
        let lbottom = 0.12949 * m3 - 0.38848 * m1;
        let bottom = (rbottom * sin + lbottom * cos) * sub2;
        for t in [0.0, 1.0] {
            let c = l * (top - 1.05122 * t) / (bottom + 0.17266 * sin * t);
            if c > 0.0 && c < best {
                best = c;
            }
        }
    }
    best
}

/// HUSL (hue 0–360, saturation and lightness 0–100) to sRGB, unclipped.
fn husl_to_rgb(h: f64, s: f64, l: f64) -> [f64; 3] {
    // HUSL -> LCh(uv)
    let c = if !(0.000_000_01..=99.999_999_9).contains(&l) {
        0.0
    } else {
        max_chroma(l, h) / 100.0 * s
    };
    let l = if l > 99.999_999_9 {
        100.0
    } else if l < 0.000_000_01 {
        0.0
    } else {
        l
    };
    // LCh -> Luv
    let (sin, cos) = h.to_radians().sin_cos();
    let (u, v) = (cos * c, sin * c);
    // Luv -> XYZ
    if l == 0.0 {
        return [0.0; 3];
    }
    let t = (l + 16.0) / 116.0;
    let var_y = if t.powi(3) > LAB_E {
        t.powi(3)
    } else {
        (116.0 * t - 16.0) / LAB_K
    };
    let var_u = u / (13.0 * l) + REF_U;
    let var_v = v / (13.0 * l) + REF_V;
    let y = var_y;
    let x = 0.0 - (9.0 * y * var_u) / ((var_u - 4.0) * var_v - var_u * var_v);
    let z = (9.0 * y - (15.0 * var_v * y) - (var_v * x)) / (3.0 * var_v);
    // XYZ -> sRGB
    let gamma = |c: f64| {
        if c <= 0.003_130_8 {
            12.92 * c
        } else {
            1.055 * c.powf(1.0 / 2.4) - 0.055
        }
    };
    M.map(|[a, b, cc]| gamma(a * x + b * y + cc * z))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// seaborn's `color_palette(name, n)` for 19 names (the default
    /// included) and 8 counts (`scripts/make_palettes.py`).
    const FIXTURES: &str = include_str!("../../tests/fixtures/palettes.tsv");

    #[test]
    fn palettes_are_seaborns() {
        let mut cases = 0;
        for line in FIXTURES.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let name = (f[0] != "-").then_some(f[0]);
            let n: usize = f[1].parse().unwrap();
            let got = palette(name, n).unwrap();
            let want: Vec<[f64; 3]> = f[2]
                .split(';')
                .map(|c| {
                    let v: Vec<f64> = c.split(',').map(|x| x.parse().unwrap()).collect();
                    [v[0], v[1], v[2]]
                })
                .collect();
            assert_eq!(got.len(), want.len(), "{line}");
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                let d = (g.r - w[0])
                    .abs()
                    .max((g.g - w[1]).abs())
                    .max((g.b - w[2]).abs());
                assert!(d < 1e-12, "{name:?} n={n} colour {k}: {g:?} vs {w:?}");
            }
            cases += 1;
        }
        assert_eq!(cases, 184);
    }

    /// seaborn's `color_palette(name, as_cmap=True)(x)` for 10 palettes
    /// and 10 values (`scripts/make_palettes.py`).
    const HUE_COLORMAPS: &str = include_str!("../../tests/fixtures/hue_colormaps.tsv");

    #[test]
    fn numeric_hues_use_seaborns_colormaps() {
        let xs = [
            0.0,
            0.001,
            0.1,
            0.25,
            0.3333333333333333,
            0.5,
            0.7,
            0.99,
            0.999,
            1.0,
        ];
        let mut cases = 0;
        for line in HUE_COLORMAPS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
        {
            let (name, colors) = line.split_once('\t').unwrap();
            let cmap = hue_colormap(Some(name)).unwrap().unwrap();
            for (x, want) in xs.iter().zip(colors.split(';')) {
                let w: Vec<f64> = want.split(',').map(|v| v.parse().unwrap()).collect();
                let g = cmap.color(*x);
                let d = (g.r - w[0])
                    .abs()
                    .max((g.g - w[1]).abs())
                    .max((g.b - w[2]).abs());
                assert!(d < 1e-12, "{name} at {x}: {g:?} vs {w:?}");
            }
            cases += 1;
        }
        assert_eq!(cases, 10);
        // The default is seaborn's cubehelix; qualitative palettes colour
        // a numeric hue as categories.
        assert_eq!(
            hue_colormap(None).unwrap(),
            hue_colormap(Some("ch:")).unwrap()
        );
        for name in ["deep", "colorblind6", "tab10", "Set2", "Paired"] {
            assert_eq!(hue_colormap(Some(name)).unwrap(), None, "{name}");
        }
        assert_eq!(distinct_colors(Some("deep")), Some(10));
        assert_eq!(distinct_colors(Some("Set2")), Some(8));
        assert_eq!(distinct_colors(Some("husl")), None);
        assert_eq!(distinct_colors(Some("viridis")), None);
        assert_eq!(distinct_colors(None), None);
        for bad in ["ch:x=1", "ch:1,2,3,4,5,6,7", "ch:s=a", "nope"] {
            assert!(hue_colormap(Some(bad)).is_err(), "{bad}");
            assert!(palette(Some(bad), 3).is_err(), "{bad}");
        }
    }

    #[test]
    fn light_ramps_are_seaborns() {
        // seaborn's _cmap_from_color(c).colors[0, 100, 255].
        let cases = [
            (
                Color::rgb(
                    0x1f as f64 / 255.0,
                    0x77 as f64 / 255.0,
                    0xb4 as f64 / 255.0,
                ),
                [
                    [0.6745589177515359, 0.7879078312243258, 0.9336043740543167],
                    [0.17476470008874603, 0.6169856919209974, 0.9246593671424717],
                    [0.24063335029370714, 0.33017017938565013, 0.4311199640071961],
                ],
            ),
            (
                Color::rgb(
                    0x2c as f64 / 255.0,
                    0xa0 as f64 / 255.0,
                    0x2c as f64 / 255.0,
                ),
                [
                    [0.45370183112335066, 0.8668524551019704, 0.453674326427214],
                    [0.19115017483742258, 0.6790958909906737, 0.19116555156394258],
                    [0.2221944634103445, 0.35374351124387277, 0.22217400713670027],
                ],
            ),
        ];
        for (color, want) in cases {
            let ramp = light_ramp(color);
            assert_eq!(ramp.len(), 256);
            for (k, w) in [0, 100, 255].into_iter().zip(want) {
                let c = ramp[k];
                for (got, w) in [c.r, c.g, c.b].into_iter().zip(w) {
                    assert!((got - w).abs() < 1e-12, "{color:?} {k}: {c:?} vs {w}");
                }
            }
        }
    }

    #[test]
    fn many_categories_get_husl_by_default() {
        assert_eq!(
            categorical_palette(None, 3).unwrap(),
            palette(None, 3).unwrap()
        );
        assert_eq!(
            categorical_palette(None, 12).unwrap(),
            palette(Some("husl"), 12).unwrap()
        );
        let twelve = categorical_palette(None, 12).unwrap();
        for (i, a) in twelve.iter().enumerate() {
            assert!(twelve[i + 1..].iter().all(|b| b != a), "colour {i} repeats");
        }
    }

    #[test]
    fn unknown_names_suggest_the_nearest() {
        let e = palette(Some("colourblind"), 3).unwrap_err();
        assert_eq!(e.closest.as_deref(), Some("colorblind"));
        assert!(e.to_string().contains("did you mean 'colorblind'"), "{e}");
    }
}
