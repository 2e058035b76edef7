//! seaborn's cubehelix palettes (`cubehelix_palette`, and the `ch:` names
//! that `color_palette` reads): Green's cubehelix curve through the colour
//! cube, its brightness rising linearly, sampled between a light and a dark
//! end. The default (`ch:`) is what seaborn colours a numeric hue with.

use crate::palette::UnknownPalette;
use crate::{Color, Colormap};

/// The parameters of one cubehelix palette (seaborn's defaults in
/// [`Cubehelix::default`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Cubehelix {
    start: f64,
    rot: f64,
    gamma: f64,
    hue: f64,
    light: f64,
    dark: f64,
    reverse: bool,
}

impl Default for Cubehelix {
    fn default() -> Self {
        Cubehelix {
            start: 0.0,
            rot: 0.4,
            gamma: 1.0,
            hue: 0.8,
            light: 0.85,
            dark: 0.15,
            reverse: false,
        }
    }
}

/// The entries of the curve's lookup table (matplotlib's default `N`).
const N: usize = 256;

impl Cubehelix {
    /// The palette a `ch:` name gives: `ch:` then, comma-separated, the
    /// start and rotation by position or `start`/`s`, `rot`/`r`,
    /// `gamma`/`g`, `hue`/`h`, `light`/`l`, `dark`/`d` by name; a final
    /// `_r` reverses it. `None` when the name does not start with `ch:`.
    pub(super) fn parse(name: &str) -> Option<Result<Cubehelix, UnknownPalette>> {
        let args = name.strip_prefix("ch:")?;
        let bad = || UnknownPalette {
            name: name.to_owned(),
            closest: Some("ch:s=.25,rot=-.25".to_owned()),
        };
        let (args, reverse) = match args.strip_suffix("_r") {
            Some(a) => (a, true),
            None => (args, false),
        };
        let mut c = Cubehelix {
            reverse,
            ..Cubehelix::default()
        };
        if args.trim().is_empty() {
            return Some(Ok(c));
        }
        let mut position = 0;
        for arg in args.split(',') {
            let (key, value) = match arg.split_once('=') {
                Some((k, v)) => (Some(k.trim()), v.trim()),
                None => (None, arg.trim()),
            };
            let Ok(value) = value.parse::<f64>() else {
                return Some(Err(bad()));
            };
            if !value.is_finite() {
                return Some(Err(bad()));
            }
            let slot = match key {
                None => {
                    position += 1;
                    match position {
                        1 => &mut c.start,
                        2 => &mut c.rot,
                        3 => &mut c.gamma,
                        4 => &mut c.hue,
                        5 => &mut c.light,
                        6 => &mut c.dark,
                        _ => return Some(Err(bad())),
                    }
                }
                Some("s" | "start") => &mut c.start,
                Some("r" | "rot") => &mut c.rot,
                Some("g" | "gamma") => &mut c.gamma,
                Some("h" | "hue") => &mut c.hue,
                Some("l" | "light") => &mut c.light,
                Some("d" | "dark") => &mut c.dark,
                Some(_) => return Some(Err(bad())),
            };
            *slot = value;
        }
        Some(Ok(c))
    }

    /// The curve as matplotlib builds a colormap from functions: each
    /// channel at `linspace(0, 1, 256)`, clipped to [0, 1].
    fn curve(&self) -> Colormap {
        let channel = |x: f64, p0: f64, p1: f64| {
            let xg = x.powf(self.gamma);
            let a = self.hue * xg * (1.0 - xg) / 2.0;
            let phi = 2.0 * std::f64::consts::PI * (self.start / 3.0 + self.rot * x);
            (xg + a * (p0 * phi.cos() + p1 * phi.sin())).clamp(0.0, 1.0)
        };
        let table = linspace(0.0, 1.0, N)
            .into_iter()
            .map(|x| {
                [
                    channel(x, -0.14861, 1.78277),
                    channel(x, -0.29227, -0.90649),
                    channel(x, 1.97294, 0.0),
                ]
            })
            .collect();
        Colormap::from_colors("cubehelix", table).expect("the curve has N = 256 entries")
    }

    /// `n` colours from the light end to the dark one (seaborn's
    /// `cubehelix_palette(n)`), reversed when asked.
    pub(super) fn colors(&self, n: usize) -> Vec<Color> {
        let curve = self.curve();
        let mut colors: Vec<Color> = linspace(self.light, self.dark, n)
            .into_iter()
            .map(|x| curve.color(x))
            .collect();
        if self.reverse {
            colors.reverse();
        }
        colors
    }

    /// The 256-colour table of the palette as a colormap (seaborn's
    /// `as_cmap=True`): the curve sampled from light to dark (dark to
    /// light reversed).
    pub(super) fn table(&self) -> Vec<[f64; 3]> {
        let curve = self.curve();
        let mut xs = linspace(self.light, self.dark, N);
        if self.reverse {
            xs.reverse();
        }
        xs.into_iter()
            .map(|x| {
                let c = curve.color(x);
                [c.r, c.g, c.b]
            })
            .collect()
    }
}

/// numpy's `linspace(start, stop, num)`: `start + k * step`, the last value
/// `stop` exactly.
pub(super) fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    if num <= 1 {
        return vec![start; num];
    }
    let step = (stop - start) / (num - 1) as f64;
    let mut y: Vec<f64> = (0..num).map(|k| k as f64 * step + start).collect();
    y[num - 1] = stop;
    y
}
