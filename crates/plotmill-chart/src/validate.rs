//! The checks of a chart's options that need no data: one definition of
//! each range, run before any work (a heatmap's correlations, a layout).
//! The CLI, batch manifests, the HTTP service and the Python package all
//! reach them through [`ChartSpec::validate`]; the drawing functions run
//! the same checks for callers that build options by hand.
//!
//! Errors name the spec's field (`figsize`, `vmin`); each front end says
//! it in its own words with [`ChartError::describe`] (`--figsize`, the
//! JSON pointer `/figsize`, the Python keyword).

use plotmill_scene::Colormap;

use crate::{ChartError, ChartKind, ChartSpec, HeatmapOptions, NumberFormat, ScatterMatrixOptions};

/// The largest side of a figure, in inches (as the command line has
/// always taken it).
pub const MAX_INCHES: f64 = 1000.0;
/// The resolution's range, in pixels per inch.
pub const DPI_RANGE: (f64, f64) = (1.0, 10_000.0);

/// A number as people write it: `100`, `-1`, `0.5`, and `1e-300` rather
/// than three hundred zeros.
fn num(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn invalid(option: &'static str, message: String) -> Result<(), ChartError> {
    Err(ChartError::Invalid { option, message })
}

/// A figure size in inches: both sides above 0 and at most
/// [`MAX_INCHES`].
pub fn check_figsize((w, h): (f64, f64)) -> Result<(), ChartError> {
    if w > 0.0 && h > 0.0 && w <= MAX_INCHES && h <= MAX_INCHES {
        return Ok(());
    }
    invalid(
        "figsize",
        format!(
            "[{}, {}] is not a figure size; give width and height in inches, each above 0 and at most {MAX_INCHES}",
            num(w),
            num(h)
        ),
    )
}

/// A resolution, and that the figure is at least a pixel each way at it.
pub fn check_dpi(dpi: f64, (w, h): (f64, f64)) -> Result<(), ChartError> {
    let (lo, hi) = DPI_RANGE;
    if !(lo..=hi).contains(&dpi) {
        return invalid(
            "dpi",
            format!(
                "{} is not a resolution; give pixels per inch from {lo} to {hi}, such as 100",
                num(dpi)
            ),
        );
    }
    if (w * dpi).round() < 1.0 || (h * dpi).round() < 1.0 {
        return invalid(
            "figsize",
            format!(
                "[{}, {}] inches is less than a pixel at {} dpi; give a larger figure",
                num(w),
                num(h),
                num(dpi)
            ),
        );
    }
    Ok(())
}

/// `max_columns`: at least one.
fn check_max_columns(max: usize) -> Result<(), ChartError> {
    if max == 0 {
        return invalid(
            "max_columns",
            "0 columns would refuse every data set; give 1 or more".to_owned(),
        );
    }
    Ok(())
}

impl ScatterMatrixOptions {
    /// Checks the options that need no data.
    pub fn validate(&self) -> Result<(), ChartError> {
        check_figsize(self.figsize)?;
        check_max_columns(self.max_columns)?;
        if !(self.marker_size >= 0.0 && self.marker_size.is_finite()) {
            return invalid(
                "marker_size",
                format!(
                    "{} is not a marker area; give points² such as 3",
                    num(self.marker_size)
                ),
            );
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return invalid(
                "alpha",
                format!(
                    "{} is not an opacity; give a number from 0 to 1",
                    num(self.alpha)
                ),
            );
        }
        Ok(())
    }
}

impl HeatmapOptions {
    /// Checks the options that need no data: sizes and ranges, and that
    /// the colormap and the number format are known.
    pub fn validate(&self) -> Result<(), ChartError> {
        let c = self;
        if c.min_periods == 0 {
            return invalid(
                "min_periods",
                "must be at least 1 (a correlation needs a row)".to_owned(),
            );
        }
        check_figsize(c.figsize)?;
        check_max_columns(c.max_columns)?;
        NumberFormat::parse(&c.fmt)?;
        Colormap::check_name(&c.cmap)?;
        for (option, value) in [("vmin", c.vmin), ("vmax", c.vmax), ("center", c.center)] {
            if let Some(v) = value
                && !v.is_finite()
            {
                return invalid(option, format!("{} is not a finite number", num(v)));
            }
        }
        if let (Some(lo), Some(hi)) = (c.vmin, c.vmax)
            && lo > hi
        {
            // matplotlib's Normalize refuses it too.
            return invalid(
                "vmin",
                format!(
                    "{} is above vmax {}; give vmin at most vmax",
                    num(lo),
                    num(hi)
                ),
            );
        }
        if !(c.linewidths >= 0.0 && c.linewidths <= 100.0) {
            return invalid(
                "linewidths",
                format!(
                    "{} is not a line width; give points from 0 to 100, such as 0.5",
                    num(c.linewidths)
                ),
            );
        }
        if let Some(size) = c.annot_size
            && !(size > 0.0 && size <= 200.0)
        {
            return invalid(
                "annot_size",
                format!(
                    "{} is not a font size in points between 0 and 200",
                    num(size)
                ),
            );
        }
        if !(c.cbar_shrink > 0.0 && c.cbar_shrink <= 1.0) {
            return invalid(
                "cbar_shrink",
                format!(
                    "{} is not a fraction of the axes' height; give a number above 0 and at most 1",
                    num(c.cbar_shrink)
                ),
            );
        }
        Ok(())
    }
}

impl ChartSpec {
    /// Checks everything of the spec that needs no data, before any work:
    /// the figure's size and resolution, and each option's range. The
    /// error names the spec's field.
    pub fn validate(&self) -> Result<(), ChartError> {
        match &self.chart {
            ChartKind::ScatterMatrix(o) => o.validate()?,
            ChartKind::Heatmap(o) => o.validate()?,
            ChartKind::Histplot(o) => o.validate()?,
            ChartKind::Kdeplot(o) => o.validate()?,
            ChartKind::Pairplot(o) => o.validate()?,
            ChartKind::Boxplot(o) => o.validate()?,
            ChartKind::Barplot(o) => o.validate()?,
            ChartKind::Countplot(o) => o.validate()?,
            ChartKind::Violinplot(o) => o.validate()?,
            ChartKind::Stripplot(o) => o.validate()?,
            ChartKind::Swarmplot(o) => o.validate()?,
            ChartKind::Lineplot(o) => o.validate()?,
            ChartKind::Clustermap(o) => o.validate()?,
            ChartKind::Pointplot(o) => o.validate()?,
        }
        check_dpi(self.output.dpi, self.figsize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heatmap spec, changed by `f`, checked.
    fn heatmap(f: impl FnOnce(&mut HeatmapOptions, &mut f64)) -> Result<(), ChartError> {
        let mut spec = ChartSpec::from(HeatmapOptions::default());
        let ChartKind::Heatmap(o) = &mut spec.chart else {
            unreachable!()
        };
        f(o, &mut spec.output.dpi);
        spec.validate()
    }

    fn field(r: Result<(), ChartError>) -> Option<&'static str> {
        r.err().and_then(|e| e.field())
    }

    #[test]
    fn each_bad_value_is_refused_by_its_field() {
        assert_eq!(heatmap(|_, _| {}), Ok(()));
        for figsize in [(0.0, 0.0), (-8.0, 6.0), (2000.0, 1.0), (f64::NAN, 6.0)] {
            assert_eq!(field(heatmap(|s, _| s.figsize = figsize)), Some("figsize"));
        }
        assert_eq!(field(heatmap(|_, dpi| *dpi = 1e-300)), Some("dpi"));
        assert!(
            heatmap(|_, dpi| *dpi = 1e-300)
                .unwrap_err()
                .to_string()
                .starts_with("dpi: 1e-300 is not a resolution")
        );
        assert_eq!(field(heatmap(|_, dpi| *dpi = f64::INFINITY)), Some("dpi"));
        // Less than a pixel: a tiny figure at a low resolution.
        assert_eq!(
            field(heatmap(|s, dpi| {
                s.figsize = (0.1, 0.1);
                *dpi = 1.0;
            })),
            Some("figsize")
        );
        assert_eq!(
            field(heatmap(|s, _| s.linewidths = -1.0)),
            Some("linewidths")
        );
        assert_eq!(
            field(heatmap(|s, _| {
                s.vmin = Some(1.0);
                s.vmax = Some(-1.0);
            })),
            Some("vmin")
        );
        // Equal ends are matplotlib's too (one color).
        assert_eq!(
            heatmap(|s, _| {
                s.vmin = Some(0.5);
                s.vmax = Some(0.5);
            }),
            Ok(())
        );
        assert_eq!(
            field(heatmap(|s, _| s.center = Some(f64::NAN))),
            Some("center")
        );
        assert_eq!(
            field(heatmap(|s, _| s.cmap = "viridiss".into())),
            Some("cmap")
        );
        assert_eq!(field(heatmap(|s, _| s.fmt = ".2q".into())), Some("fmt"));
        assert_eq!(
            field(heatmap(|s, _| s.min_periods = 0)),
            Some("min_periods")
        );
        assert_eq!(
            field(heatmap(|s, _| s.max_columns = 0)),
            Some("max_columns")
        );
        assert_eq!(
            field(heatmap(|s, _| s.cbar_shrink = 0.0)),
            Some("cbar_shrink")
        );
        let scatter = |f: fn(&mut ScatterMatrixOptions)| {
            let mut o = ScatterMatrixOptions::default();
            f(&mut o);
            field(ChartSpec::from(o).validate())
        };
        assert_eq!(scatter(|s| s.alpha = 2.0), Some("alpha"));
        assert_eq!(scatter(|s| s.marker_size = -1.0), Some("marker_size"));
        assert_eq!(scatter(|s| s.figsize = (0.0, 0.0)), Some("figsize"));
        assert_eq!(scatter(|_| {}), None);
    }

    #[test]
    fn each_front_end_says_the_field_in_its_own_words() {
        let e = heatmap(|s, _| s.figsize = (0.0, 0.0)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("figsize: [0, 0] is not a figure size")
        );
        let flag = e.describe(&|f| format!("--{}", f.replace('_', "-")));
        assert!(flag.starts_with("--figsize: [0, 0]"), "{flag}");
        let e = heatmap(|s, _| s.max_columns = 0).unwrap_err();
        assert!(
            e.describe(&|f| format!("/{f}"))
                .starts_with("/max_columns: "),
            "{e}"
        );
        let e = ChartError::TooManyColumns { found: 9, max: 3 };
        assert_eq!(
            e.describe(&|f| format!("--{}", f.replace('_', "-"))),
            "9 columns is more than the 3 this chart draws; raise --max-columns (the chart grows as the square of the columns), or select fewer columns"
        );
    }
}
