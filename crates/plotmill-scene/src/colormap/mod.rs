//! matplotlib's and seaborn's colormaps, as their 256-entry lookup tables.
//!
//! The tables are generated from matplotlib by `scripts/make_colormaps.py`
//! and equal matplotlib's bit for bit. Every map also has its reversed `_r`
//! form. Looking a value up follows matplotlib's `Colormap.__call__`: values
//! in `[0, 1]` pick entry `floor(x * 256)` (1.0 picks the last), values
//! below or above pick the first or last entry, and NaN is transparent.

mod tables;

use std::borrow::Cow;

use crate::Color;
use tables::{DATA, INDEX};

/// A colormap: a lookup table of N colors (256 for most maps; a
/// qualitative map such as `tab10` has its own few), looked up by a value
/// in `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Colormap {
    name: Cow<'static, str>,
    table: Vec<[f64; 3]>,
}

/// A colormap name that plotmill does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown colormap '{name}'{}; the colormaps are matplotlib's and seaborn's named maps, each also reversed with _r: {}",
    closest.as_ref().map(|c| format!(" (did you mean '{c}'?)")).unwrap_or_default(),
    Colormap::base_names().collect::<Vec<_>>().join(", ")
)]
pub struct UnknownColormap {
    /// The name asked for.
    pub name: String,
    /// The known name closest to it, if any is close.
    pub closest: Option<String>,
}

impl Colormap {
    /// The named maps, without their `_r` forms, in matplotlib's names
    /// sorted case-insensitively.
    pub fn base_names() -> impl Iterator<Item = &'static str> {
        INDEX
            .iter()
            .map(|(name, _, _)| *name)
            .filter(|n| !n.ends_with("_r"))
    }

    /// Every known name, each map followed by its `_r` form.
    pub fn names() -> Vec<String> {
        Colormap::base_names()
            .flat_map(|name| [name.to_owned(), format!("{name}_r")])
            .collect()
    }

    /// Whether a colormap of that name exists (as [`Colormap::from_name`]
    /// would find it), without decoding its table.
    pub fn check_name(name: &str) -> Result<(), UnknownColormap> {
        let base = name.strip_suffix("_r");
        if INDEX.iter().any(|(n, _, _)| *n == name || Some(*n) == base) {
            return Ok(());
        }
        Colormap::from_name(name).map(|_| ())
    }

    /// The colormap of that name (matplotlib's spelling, `_r` for reversed).
    pub fn from_name(name: &str) -> Result<Colormap, UnknownColormap> {
        if let Some(&(n, start, len)) = INDEX.iter().find(|(n, _, _)| *n == name) {
            return Ok(Colormap {
                name: Cow::Borrowed(n),
                table: decode(start, len),
            });
        }
        if let Some(base) = name.strip_suffix("_r")
            && let Some(&(_, start, len)) = INDEX.iter().find(|(n, _, _)| *n == base)
        {
            let mut table = decode(start, len);
            table.reverse();
            return Ok(Colormap {
                name: Cow::Owned(name.to_owned()),
                table,
            });
        }
        let names = Colormap::names();
        Err(UnknownColormap {
            name: name.to_owned(),
            closest: crate::closest_name(name, names.iter().map(String::as_str)).map(str::to_owned),
        })
    }

    /// A colormap from 256 colors of one's own (as seaborn builds one when it
    /// re-centres a map).
    pub fn from_table(name: impl Into<String>, table: [[f64; 3]; 256]) -> Colormap {
        Colormap {
            name: Cow::Owned(name.into()),
            table: table.to_vec(),
        }
    }

    /// A colormap from a table of colors of one's own, looked up as
    /// matplotlib's `ListedColormap`; an error when the table is empty.
    pub fn from_colors(name: impl Into<String>, table: Vec<[f64; 3]>) -> Result<Colormap, String> {
        let name = name.into();
        if table.is_empty() {
            return Err(format!("colormap '{name}' has no colors"));
        }
        Ok(Colormap {
            name: Cow::Owned(name),
            table,
        })
    }

    /// The map's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The entries (matplotlib's `N` of them).
    pub fn table(&self) -> &[[f64; 3]] {
        &self.table
    }

    /// The color for `x`, as matplotlib's `cmap(x)`: entry `floor(x * N)`,
    /// the last one for 1.0, the first and last for values beyond.
    pub fn color(&self, x: f64) -> Color {
        if x.is_nan() {
            return Color::TRANSPARENT;
        }
        let n = self.table.len();
        let i = if x < 0.0 {
            0
        } else if x >= 1.0 {
            n - 1
        } else {
            ((x * n as f64) as usize).min(n - 1)
        };
        let [r, g, b] = self.table[i];
        Color::rgb(r, g, b)
    }
}

/// Entries `start..start + len` of the generated data.
fn decode(start: usize, len: usize) -> Vec<[f64; 3]> {
    let f = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&DATA[at..at + 8]);
        f64::from_le_bytes(bytes)
    };
    (start..start + len)
        .map(|entry| {
            let at = entry * 24;
            [f(at), f(at + 8), f(at + 16)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_match_matplotlib() {
        // matplotlib 3.11: colormaps[name](x)[:3]
        let cases: [(&str, f64, [f64; 3]); 6] = [
            ("coolwarm", 0.0, [0.2298057, 0.298717966, 0.753683153]),
            (
                "coolwarm",
                0.1,
                [0.34832334141176474, 0.4657111465098039, 0.8883461629411764],
            ),
            (
                "coolwarm",
                0.25,
                [0.5543118699137254, 0.6900970112156862, 0.9955155482352941],
            ),
            ("coolwarm", 1.0, [0.705673158, 0.01555616, 0.150232812]),
            ("viridis", 0.0, [0.267004, 0.004874, 0.329415]),
            ("viridis", 1.0, [0.993248, 0.906157, 0.143936]),
        ];
        for (name, x, rgb) in cases {
            let c = Colormap::from_name(name).unwrap().color(x);
            assert_eq!([c.r, c.g, c.b], rgb, "{name}({x})");
        }
    }

    #[test]
    fn every_named_matplotlib_map_matches() {
        // matplotlib 3.11 + seaborn 0.13: colormaps[name](x)[:3], over
        // qualitative maps (N entries of their own), long ones (twilight:
        // 510), function-built ones and stored reversed tables.
        let cases: &[(&str, f64, [f64; 3])] = &[
            (
                "Spectral",
                0.3,
                [0.9914648212226067, 0.677354863514033, 0.37808535178777386],
            ),
            (
                "Spectral_r",
                0.3,
                [0.665282583621684, 0.8645905420991927, 0.6432141484044599],
            ),
            (
                "RdYlGn",
                0.999,
                [0.0, 0.40784313725490196, 0.21568627450980393],
            ),
            (
                "YlOrRd",
                0.5,
                [0.9920953479430988, 0.5490657439446367, 0.23418685121107266],
            ),
            (
                "tab10",
                0.0,
                [0.12156862745098039, 0.4666666666666667, 0.7058823529411765],
            ),
            (
                "tab10",
                0.15,
                [1.0, 0.4980392156862745, 0.054901960784313725],
            ),
            (
                "tab10",
                0.95,
                [0.09019607843137255, 0.7450980392156863, 0.8117647058823529],
            ),
            (
                "tab20c",
                0.5,
                [0.6313725490196078, 0.8509803921568627, 0.6078431372549019],
            ),
            (
                "twilight",
                0.7,
                [0.6220907982108261, 0.2336621873300741, 0.3119738327362739],
            ),
            (
                "twilight_shifted_r",
                0.2,
                [0.6220907982108261, 0.2336621873300741, 0.3119738327362739],
            ),
            ("Set1", 1.0, [0.6, 0.6, 0.6]),
            (
                "gist_ncar_r",
                0.33,
                [1.0, 0.4082704810886103, 0.0183109843937575],
            ),
            ("rocket", 0.6, [0.90848638, 0.24568473, 0.24598324]),
            (
                "okabe_ito",
                0.5,
                [0.9411764705882353, 0.8941176470588236, 0.25882352941176473],
            ),
            ("flag", 0.123, [0.6851746445290505, 0.0, 0.0]),
        ];
        for &(name, x, rgb) in cases {
            let c = Colormap::from_name(name).unwrap().color(x);
            assert_eq!([c.r, c.g, c.b], rgb, "{name}({x})");
        }
        assert_eq!(Colormap::from_name("tab10").unwrap().table().len(), 10);
        assert_eq!(
            Colormap::from_name("twilight_r").unwrap().table().len(),
            510
        );
    }

    #[test]
    fn every_listed_name_resolves_and_reverses() {
        for name in Colormap::names() {
            let map = Colormap::from_name(&name).unwrap();
            if let Some(base) = name.strip_suffix("_r") {
                let base = Colormap::from_name(base).unwrap();
                // Equal to the last bits where stored, else exactly reversed.
                assert_eq!(map.table().len(), base.table().len(), "{name}");
                for (a, b) in map.table().iter().zip(base.table().iter().rev()) {
                    for k in 0..3 {
                        assert!((a[k] - b[k]).abs() < 1e-12, "{name}: {a:?} vs {b:?}");
                    }
                }
            }
        }
        // matplotlib 3.11 registers 97 maps (seaborn's six among them).
        assert_eq!(Colormap::names().len(), 2 * 97);
    }

    #[test]
    fn out_of_range_and_nan() {
        let m = Colormap::from_name("viridis").unwrap();
        assert_eq!(m.color(-0.5), m.color(0.0));
        assert_eq!(m.color(7.0), m.color(1.0));
        assert_eq!(m.color(f64::NAN), Color::TRANSPARENT);
        assert_eq!(m.color(0.999), m.color(1.0));
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        let err = Colormap::from_name("coolwram").unwrap_err();
        assert_eq!(err.closest.as_deref(), Some("coolwarm"));
        let msg = err.to_string();
        assert!(
            msg.starts_with("unknown colormap 'coolwram' (did you mean 'coolwarm'?); the colormaps are matplotlib's and seaborn's named maps, each also reversed with _r: Accent, afmhot, autumn, "),
            "{msg}"
        );
        assert_eq!(Colormap::from_name("zzzzzzzzzz").unwrap_err().closest, None);
        // check_name answers as from_name does, for every name.
        for name in Colormap::names() {
            assert_eq!(Colormap::check_name(&name), Ok(()), "{name}");
        }
        assert_eq!(
            Colormap::check_name("coolwram"),
            Err(Colormap::from_name("coolwram").unwrap_err())
        );
        assert!(Colormap::check_name("viridis_r_r").is_err());
    }
}
