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
use tables::TABLES;

/// A colormap: 256 colors, looked up by a value in `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Colormap {
    name: String,
    table: Cow<'static, [[f64; 3]; 256]>,
}

/// A colormap name that plotmill does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown colormap '{name}'{}; known colormaps: {}", closest.as_ref().map(|c| format!(" (did you mean '{c}'?)")).unwrap_or_default(), Colormap::names().join(", "))]
pub struct UnknownColormap {
    /// The name asked for.
    pub name: String,
    /// The known name closest to it, if any is close.
    pub closest: Option<String>,
}

impl Colormap {
    /// Every known name, base maps first, each followed by its `_r` form.
    pub fn names() -> Vec<String> {
        let mut names = Vec::new();
        for (name, _) in TABLES.iter().filter(|(n, _)| !n.ends_with("_r")) {
            names.push((*name).to_owned());
            names.push(format!("{name}_r"));
        }
        names
    }

    /// The colormap of that name (matplotlib's spelling, `_r` for reversed).
    pub fn from_name(name: &str) -> Result<Colormap, UnknownColormap> {
        if let Some((n, table)) = TABLES.iter().find(|(n, _)| *n == name) {
            return Ok(Colormap {
                name: (*n).to_owned(),
                table: Cow::Borrowed(table),
            });
        }
        if let Some(base) = name.strip_suffix("_r")
            && let Some((_, table)) = TABLES.iter().find(|(n, _)| *n == base)
        {
            let mut reversed = *table;
            reversed.reverse();
            return Ok(Colormap {
                name: name.to_owned(),
                table: Cow::Owned(reversed),
            });
        }
        Err(UnknownColormap {
            name: name.to_owned(),
            closest: crate::closest_name(name, Colormap::names().iter().map(String::as_str))
                .map(str::to_owned),
        })
    }

    /// A colormap from 256 colors of one's own (as seaborn builds one when it
    /// re-centres a map).
    pub fn from_table(name: impl Into<String>, table: [[f64; 3]; 256]) -> Colormap {
        Colormap {
            name: name.into(),
            table: Cow::Owned(table),
        }
    }

    /// The map's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The 256 entries.
    pub fn table(&self) -> &[[f64; 3]; 256] {
        &self.table
    }

    /// The color for `x`, as matplotlib's `cmap(x)`.
    pub fn color(&self, x: f64) -> Color {
        if x.is_nan() {
            return Color::TRANSPARENT;
        }
        let i = if x < 0.0 {
            0
        } else if x >= 1.0 {
            255
        } else {
            ((x * 256.0) as usize).min(255)
        };
        let [r, g, b] = self.table[i];
        Color::rgb(r, g, b)
    }
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
    fn every_listed_name_resolves_and_reverses() {
        for name in Colormap::names() {
            let map = Colormap::from_name(&name).unwrap();
            if let Some(base) = name.strip_suffix("_r") {
                let base = Colormap::from_name(base).unwrap();
                // Equal to the last bits where stored, else exactly reversed.
                for (a, b) in map.table().iter().zip(base.table().iter().rev()) {
                    for k in 0..3 {
                        assert!((a[k] - b[k]).abs() < 1e-15, "{name}");
                    }
                }
            }
        }
        assert!(Colormap::names().len() >= 38);
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
        assert!(msg.starts_with("unknown colormap 'coolwram' (did you mean 'coolwarm'?); known colormaps: coolwarm, coolwarm_r, vlag"), "{msg}");
        assert_eq!(Colormap::from_name("zzzzzzzzzz").unwrap_err().closest, None);
    }
}
