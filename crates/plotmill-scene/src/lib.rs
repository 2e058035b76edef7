//! plotmill's display list.
//!
//! A [`Scene`] is what a chart becomes once layout is done: a page size in
//! points (1/72 inch) and a flat list of [`Item`]s — rectangles, paths,
//! marker runs and shaped text — with every unit resolved and every style
//! applied. Backends (PNG, SVG) draw a scene without knowing what chart it
//! was; chart code builds scenes without knowing what a PNG is.
//!
//! Colors are [`Color`]s (RGBA in 0..=1, as matplotlib keeps them), and
//! [`Colormap`] holds matplotlib's and seaborn's 256-entry lookup tables,
//! bit for bit.
//!
//! This crate draws nothing and holds no global state.

#![warn(missing_docs)]

mod calendar;
mod color;
pub mod colormap;
mod geom;
pub mod marker;
mod output;
pub mod palette;
mod scene;
mod suggest;

pub use calendar::civil_from_days;
pub use color::Color;
pub use colormap::{Colormap, UnknownColormap};
pub use geom::{Point, Rect, RoundedOutline};
pub use marker::{Cap, Join, Shape, UnknownMarker, unique_markers};
pub use output::{Compression, Format};
pub use palette::{
    UnknownPalette, categorical_palette, check_palette, desaturate, distinct_colors, hue_colormap,
    light_ramp, palette, rgb_to_hls,
};
pub use scene::{Centers, Coordinates, Glyph, Item, Linear, Marker, Scene, Stroke, TextRun};
pub use suggest::closest_name;
