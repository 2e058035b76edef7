//! RGBA colors.

/// A color with straight (not premultiplied) alpha, each channel in 0..=1,
/// as matplotlib keeps colors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
    /// Opacity.
    pub a: f64,
}

/// The basic names a color can be given by (and matplotlib's one-letter
/// k w r g b, and grey, for them).
const NAMED: [(&str, Color); 6] = [
    ("black", Color::BLACK),
    ("white", Color::WHITE),
    ("red", Color::rgb(1.0, 0.0, 0.0)),
    // matplotlib's "green" is the CSS one, #008000; "g" is (0, .5, 0) too.
    ("green", Color::rgb(0.0, 128.0 / 255.0, 0.0)),
    ("blue", Color::rgb(0.0, 0.0, 1.0)),
    (
        "gray",
        Color::rgb(128.0 / 255.0, 128.0 / 255.0, 128.0 / 255.0),
    ),
];

/// matplotlib's colour cycle, `C0` to `C9`: the Tableau colours, also
/// named `tab:blue` to `tab:cyan`.
const TABLEAU: [(&str, u32); 10] = [
    ("blue", 0x1f77b4),
    ("orange", 0xff7f0e),
    ("green", 0x2ca02c),
    ("red", 0xd62728),
    ("purple", 0x9467bd),
    ("brown", 0x8c564b),
    ("pink", 0xe377c2),
    ("gray", 0x7f7f7f),
    ("olive", 0xbcbd22),
    ("cyan", 0x17becf),
];

impl Color {
    /// Opaque black.
    pub const BLACK: Color = Color::rgb(0.0, 0.0, 0.0);
    /// Opaque white.
    pub const WHITE: Color = Color::rgb(1.0, 1.0, 1.0);
    /// Fully transparent.
    pub const TRANSPARENT: Color = Color::rgba(0.0, 0.0, 0.0, 0.0);

    /// An opaque color.
    pub const fn rgb(r: f64, g: f64, b: f64) -> Self {
        Color { r, g, b, a: 1.0 }
    }

    /// A color with opacity.
    pub const fn rgba(r: f64, g: f64, b: f64, a: f64) -> Self {
        Color { r, g, b, a }
    }

    /// The same color with opacity `a`.
    pub const fn with_alpha(self, a: f64) -> Self {
        Color { a, ..self }
    }

    /// 8-bit channels, rounded as Agg rounds them (`floor(v * 255 + 0.5)`).
    pub fn to_rgba8(self) -> [u8; 4] {
        let q = |v: f64| (v.clamp(0.0, 1.0) * 255.0 + 0.5).floor() as u8;
        [q(self.r), q(self.g), q(self.b), q(self.a)]
    }

    /// Relative luminance as seaborn computes it to pick annotation colors
    /// (sRGB channels linearised, weighted .2126/.7152/.0722).
    pub fn luminance(self) -> f64 {
        let lin = |c: f64| {
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// The basic names [`Color::parse`] knows (beside `C0`–`C9`,
    /// `tab:blue`… and hex).
    pub fn names() -> Vec<&'static str> {
        NAMED.iter().map(|(n, _)| *n).collect()
    }

    /// The color's basic name (`white`), if it has one.
    pub fn name(self) -> Option<&'static str> {
        let rgba = self.to_rgba8();
        NAMED
            .iter()
            .find(|(_, c)| c.to_rgba8() == rgba)
            .map(|(name, _)| *name)
    }

    /// `#rrggbb`, for SVG.
    pub fn to_hex(self) -> String {
        let [r, g, b, _] = self.to_rgba8();
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// A color from `#rgb`, `#rrggbb`, `#rrggbbaa`, a basic name (black,
    /// white, red, green, blue, gray/grey, and matplotlib's one-letter k w r g b),
    /// or matplotlib's cycle: `C0` to `C9`, `tab:blue` to `tab:cyan`.
    pub fn parse(s: &str) -> Option<Color> {
        let lower = s.to_ascii_lowercase();
        let tableau = |k: usize| {
            let v = TABLEAU[k].1;
            let c = |shift: u32| f64::from((v >> shift) & 0xff) / 255.0;
            Color::rgb(c(16), c(8), c(0))
        };
        if let Some(k) = lower
            .strip_prefix('c')
            .and_then(|d| d.parse::<usize>().ok())
            && k < 10
            && lower.len() == 2
        {
            return Some(tableau(k));
        }
        if let Some(name) = lower.strip_prefix("tab:") {
            let name = if name == "grey" { "gray" } else { name };
            return TABLEAU.iter().position(|(n, _)| *n == name).map(tableau);
        }
        let name = match lower.as_str() {
            "k" => "black",
            "w" => "white",
            "r" => "red",
            "g" => "green",
            "b" => "blue",
            "grey" => "gray",
            name => name,
        };
        if let Some((_, color)) = NAMED.iter().find(|(n, _)| *n == name) {
            return Some(*color);
        }
        let hex = s.strip_prefix('#')?;
        let digit = |i: usize, len: usize| -> Option<f64> {
            let v = u8::from_str_radix(hex.get(i..i + len)?, 16).ok()?;
            Some(
                if len == 1 {
                    f64::from(v * 17)
                } else {
                    f64::from(v)
                } / 255.0,
            )
        };
        match hex.len() {
            3 => Some(Color::rgb(digit(0, 1)?, digit(1, 1)?, digit(2, 1)?)),
            6 => Some(Color::rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            8 => Some(Color::rgba(
                digit(0, 2)?,
                digit(2, 2)?,
                digit(4, 2)?,
                digit(6, 2)?,
            )),
            _ => None,
        }
    }
}

/// In a spec, a color is a name (black, white, red, green, blue, gray) or
/// `#rrggbb`; it is written by its name when it has one.
impl serde::Serialize for Color {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.name() {
            Some(name) => s.serialize_str(name),
            None => s.serialize_str(&self.to_hex()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Color {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Color::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "'{s}' is not a color; use a name (black, white, red, green, blue, gray), C0 to C9, tab:blue and the like, or #rrggbb"
            ))
        })
    }
}

impl schemars::JsonSchema for Color {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Color".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A color name (black, white, red, green, blue, gray), C0 to C9, tab:blue and the like, or #rrggbb",
            "examples": ["black", "#1f77b4"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_agg() {
        assert_eq!(
            Color::rgba(0.5, 0.2, 1.0, 0.5).to_rgba8(),
            [128, 51, 255, 128]
        );
        assert_eq!(Color::rgb(-1.0, 2.0, 0.0).to_rgba8(), [0, 255, 0, 255]);
    }

    #[test]
    fn parses_hex_and_names() {
        assert_eq!(Color::parse("#ff0000"), Some(Color::rgb(1.0, 0.0, 0.0)));
        assert_eq!(Color::parse("#fff"), Some(Color::WHITE));
        assert_eq!(Color::parse("k"), Some(Color::BLACK));
        assert_eq!(Color::parse("#12345"), None);
        assert_eq!(Color::parse("chartreuse"), None);
        assert_eq!(Color::parse("C1"), Color::parse("#ff7f0e"));
        assert_eq!(Color::parse("tab:cyan"), Color::parse("#17becf"));
        assert_eq!(Color::parse("C10"), None);
        assert_eq!(Color::parse("tab:teal"), None);
        assert_eq!(Color::rgb(1.0, 0.0, 0.5).to_hex(), "#ff0080");
    }

    #[test]
    fn luminance_orders_light_and_dark() {
        assert!(Color::WHITE.luminance() > 0.99);
        assert!(Color::BLACK.luminance() < 0.01);
    }
}
