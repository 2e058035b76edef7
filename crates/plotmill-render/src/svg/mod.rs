//! SVG output: shapes as SVG elements, text as selectable `<text>`.

use std::fmt::Write;

use plotmill_scene::marker::{Cap, Join};
use plotmill_scene::{Color, Item, Marker, Scene, Stroke};

/// Writes `scene` as an SVG document in points. Numbers have at most three
/// decimals, ids are not used, so equal scenes give equal bytes.
pub fn render_svg(scene: &Scene) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" version="1.1">"#,
        w = num(scene.width),
        h = num(scene.height)
    );
    if let Some(bg) = scene.background {
        let _ = writeln!(s, r#"<rect width="100%" height="100%" {}/>"#, fill(bg));
    }
    let mut clips = 0;
    for item in &scene.items {
        match item {
            Item::Rect {
                rect,
                fill: f,
                stroke,
            } => {
                let _ = write!(
                    s,
                    r#"<rect x="{}" y="{}" width="{}" height="{}" "#,
                    num(rect.x),
                    num(rect.y),
                    num(rect.w),
                    num(rect.h)
                );
                paint_and_close(&mut s, *f, *stroke);
            }
            Item::RoundRect {
                rect,
                radius,
                fill: f,
                stroke,
            } => {
                // The corners as matplotlib's SVG writes them: quadratic
                // curves, the corner their control point.
                let o = rect.rounded(*radius);
                let _ = write!(s, r#"<path d="M{},{}"#, num(o.start.x), num(o.start.y));
                for (end, corner, after) in o.sides {
                    let _ = write!(
                        s,
                        "L{},{}Q{},{} {},{}",
                        num(end.x),
                        num(end.y),
                        num(corner.x),
                        num(corner.y),
                        num(after.x),
                        num(after.y)
                    );
                }
                s.push_str(r#"Z" "#);
                paint_and_close(&mut s, *f, *stroke);
            }
            Item::Mesh { cells } => {
                s.push_str("<g shape-rendering=\"crispEdges\">\n");
                for (r, c) in cells {
                    let _ = writeln!(
                        s,
                        r#"<rect x="{}" y="{}" width="{}" height="{}" {}/>"#,
                        num(r.x),
                        num(r.y),
                        num(r.w),
                        num(r.h),
                        fill(*c)
                    );
                }
                s.push_str("</g>\n");
            }
            Item::Line {
                points,
                stroke,
                cap,
            } => {
                s.push_str(r#"<polyline points=""#);
                for (i, p) in points.iter().enumerate() {
                    if i > 0 {
                        s.push(' ');
                    }
                    let _ = write!(s, "{},{}", num(p.x), num(p.y));
                }
                let _ = writeln!(
                    s,
                    r#"" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round"{}{}/>"#,
                    stroke.color.to_hex(),
                    num(stroke.width),
                    match cap {
                        Cap::Butt => "",
                        Cap::Projecting => r#" stroke-linecap="square""#,
                    },
                    opacity("stroke-opacity", stroke.color)
                );
            }
            Item::Polygon {
                points,
                fill: f,
                stroke,
                join,
            } => {
                s.push_str(r#"<polygon points=""#);
                for (i, p) in points.iter().enumerate() {
                    if i > 0 {
                        s.push(' ');
                    }
                    let _ = write!(s, "{},{}", num(p.x), num(p.y));
                }
                let _ = write!(s, r#"" {}"#, fill(*f));
                if let Some(st) = stroke {
                    s.push_str(&stroke_attrs(*st));
                    // SVG's default is a mitre, as matplotlib's patches.
                    if *join != Join::Miter {
                        let _ = write!(s, r#" stroke-linejoin="{}""#, join_name(*join));
                    }
                }
                s.push_str("/>\n");
            }
            Item::Region { rings, fill: f } => {
                s.push_str(r#"<path d=""#);
                for ring in rings.iter().filter(|r| r.len() >= 3) {
                    for (i, p) in ring.iter().enumerate() {
                        let op = if i == 0 { "M" } else { "L" };
                        let _ = write!(s, "{op}{},{}", num(p.x), num(p.y));
                    }
                    s.push('Z');
                }
                let _ = writeln!(s, r#"" fill-rule="evenodd" {}/>"#, fill(*f));
            }
            Item::Markers {
                marker,
                fill: f,
                centers,
                clip,
            } => {
                clips += 1;
                let marker = marker.resolved();
                let (edge, edge_color) = marker.edge();
                let _ = writeln!(
                    s,
                    r#"<clipPath id="c{clips}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
                    num(clip.x),
                    num(clip.y),
                    num(clip.w),
                    num(clip.h)
                );
                // A shape is defined once and placed at every centre.
                if let Marker::Shape { shape, size, .. } = marker
                    && let Ok(corners) = shape.outline()
                {
                    let _ = write!(s, r#"<defs><path id="m{clips}" d=""#);
                    for (k, (x, y)) in corners.iter().enumerate() {
                        let op = if k == 0 { "M" } else { "L" };
                        let _ = write!(s, "{op}{},{}", num(x * size), num(-y * size));
                    }
                    s.push_str("Z\"/></defs>\n");
                }
                let _ = write!(s, r#"<g clip-path="url(#c{clips})" {}"#, fill(*f));
                if edge > 0.0 {
                    let _ = write!(
                        s,
                        r#" stroke="{}" stroke-width="{}"{}"#,
                        edge_color.unwrap_or(*f).to_hex(),
                        num(edge),
                        opacity("stroke-opacity", edge_color.unwrap_or(*f))
                    );
                    if let Marker::Shape { shape, .. } = marker {
                        let _ = write!(s, r#" stroke-linejoin="{}""#, join_name(shape.join()));
                    }
                }
                s.push_str(">\n");
                for p in centers.iter() {
                    match marker {
                        Marker::Circle { radius, .. } => {
                            let _ = writeln!(
                                s,
                                r#"<circle cx="{}" cy="{}" r="{}"/>"#,
                                num(p.x),
                                num(p.y),
                                num(radius)
                            );
                        }
                        Marker::Shape { .. } => {
                            let _ = writeln!(
                                s,
                                r##"<use href="#m{clips}" x="{}" y="{}"/>"##,
                                num(p.x),
                                num(p.y)
                            );
                        }
                    }
                }
                s.push_str("</g>\n");
            }
            Item::Text(run) => {
                let _ = write!(
                    s,
                    r#"<text x="{}" y="{}" font-family="DejaVu Sans, sans-serif" font-size="{}" {}"#,
                    num(run.origin.x),
                    num(run.origin.y),
                    num(run.size),
                    fill(run.color)
                );
                if run.angle != 0.0 {
                    let _ = write!(
                        s,
                        r#" transform="rotate({} {} {})""#,
                        num(-run.angle),
                        num(run.origin.x),
                        num(run.origin.y)
                    );
                }
                s.push_str(" xml:space=\"preserve\">");
                escape(&mut s, &run.text);
                s.push_str("</text>\n");
            }
        }
    }
    s.push_str("</svg>\n");
    s
}

fn num(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r}")
}

fn fill(c: Color) -> String {
    format!(r#"fill="{}"{}"#, c.to_hex(), opacity("fill-opacity", c))
}

/// A shape's fill (or none) and outline, and the end of its element.
fn paint_and_close(s: &mut String, f: Option<Color>, stroke: Option<Stroke>) {
    match f {
        Some(c) => s.push_str(&fill(c)),
        None => s.push_str(r#"fill="none""#),
    }
    if let Some(st) = stroke {
        s.push_str(&stroke_attrs(st));
    }
    s.push_str("/>\n");
}

/// SVG's name for a join style.
fn join_name(join: Join) -> &'static str {
    match join {
        Join::Miter => "miter",
        Join::Bevel => "bevel",
        Join::Round => "round",
    }
}

/// ` stroke="…" stroke-width="…"` (and its opacity) for an outline.
fn stroke_attrs(st: Stroke) -> String {
    format!(
        r#" stroke="{}" stroke-width="{}"{}"#,
        st.color.to_hex(),
        num(st.width),
        opacity("stroke-opacity", st.color)
    )
}

fn opacity(attr: &str, c: Color) -> String {
    if c.a < 1.0 {
        format!(r#" {attr}="{}""#, num(c.a))
    } else {
        String::new()
    }
}

fn escape(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotmill_scene::{Point, Rect, Stroke, TextRun};

    #[test]
    fn shaped_markers_are_one_path_placed_at_every_centre() {
        let mut scene = Scene::new(100.0, 50.0, Some(Color::WHITE));
        scene.push(Item::Markers {
            marker: Marker::of(plotmill_scene::Shape::Square, 4.0, 0.75, Some(Color::WHITE)),
            fill: Color::BLACK,
            centers: plotmill_scene::Centers::Points(vec![
                Point::new(10.0, 20.0),
                Point::new(30.5, 40.0),
            ]),
            clip: Rect::new(0.0, 0.0, 100.0, 50.0),
        });
        let svg = render_svg(&scene);
        // The square, 4 pt across about the origin (y down), defined once.
        assert!(
            svg.contains(r#"<defs><path id="m1" d="M-2,2L2,2L2,-2L-2,-2Z"/></defs>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r##"stroke="#ffffff" stroke-width="0.75" stroke-linejoin="miter""##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<use href="#m1" x="10" y="20"/>"##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<use href="#m1" x="30.5" y="40"/>"##),
            "{svg}"
        );
        assert_eq!(svg.matches("<path").count(), 1, "{svg}");
        // An open line joins round, as matplotlib's lines (and the PNG's).
        let mut scene = Scene::new(100.0, 50.0, Some(Color::WHITE));
        scene.push(Item::Line {
            points: vec![
                Point::new(1.0, 2.0),
                Point::new(5.0, 9.0),
                Point::new(9.0, 2.0),
            ],
            stroke: Stroke {
                width: 1.5,
                color: Color::BLACK,
            },
            cap: Cap::Butt,
        });
        let svg = render_svg(&scene);
        assert!(
            svg.contains(r#"stroke-width="1.5" stroke-linejoin="round"/>"#),
            "{svg}"
        );
        // A projecting line says so; a butt one is SVG's default.
        if let Some(Item::Line { cap, .. }) = scene.items.last_mut() {
            *cap = Cap::Projecting;
        }
        let svg = render_svg(&scene);
        assert!(
            svg.contains(r#"stroke-linejoin="round" stroke-linecap="square"/>"#),
            "{svg}"
        );
    }

    #[test]
    fn writes_shapes_and_escaped_text() {
        let mut scene = Scene::new(100.0, 50.0, Some(Color::WHITE));
        scene.push(Item::Rect {
            rect: Rect::new(1.0, 2.0, 3.5, 4.0),
            fill: Some(Color::rgba(1.0, 0.0, 0.0, 0.5)),
            stroke: Some(Stroke {
                width: 0.8,
                color: Color::BLACK,
            }),
        });
        scene.push(Item::Text(TextRun {
            text: "a<b & \"c\"".into(),
            font: 0,
            size: 10.0,
            origin: Point::new(5.0, 6.0),
            angle: 90.0,
            color: Color::BLACK,
            glyphs: vec![],
            width: 0.0,
        }));
        let svg = render_svg(&scene);
        assert!(svg.contains(r##"<rect x="1" y="2" width="3.5" height="4" fill="#ff0000" fill-opacity="0.5" stroke="#000000" stroke-width="0.8"/>"##), "{svg}");
        assert!(svg.contains(r#"transform="rotate(-90 5 6)""#), "{svg}");
        assert!(svg.contains("a&lt;b &amp; &quot;c&quot;</text>"), "{svg}");
        assert_eq!(svg, render_svg(&scene));
    }

    #[test]
    fn writes_a_polygon_with_its_outline() {
        let mut scene = Scene::new(100.0, 50.0, None);
        scene.push(Item::Polygon {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(10.0, 0.5),
                Point::new(5.0, 8.0),
            ],
            fill: Color::rgba(0.0, 0.0, 1.0, 0.25),
            stroke: Some(Stroke {
                width: 1.5,
                color: Color::BLACK,
            }),
            join: Join::Miter,
        });
        // A collection's outline (a violin's body) joins round.
        scene.push(Item::Polygon {
            points: vec![
                Point::new(20.0, 0.0),
                Point::new(30.0, 0.5),
                Point::new(25.0, 8.0),
            ],
            fill: Color::BLACK,
            stroke: Some(Stroke {
                width: 1.0,
                color: Color::BLACK,
            }),
            join: Join::Round,
        });
        let svg = render_svg(&scene);
        // A mitre is SVG's default join.
        assert!(
            svg.contains(r##"<polygon points="0,0 10,0.5 5,8" fill="#0000ff" fill-opacity="0.25" stroke="#000000" stroke-width="1.5"/>"##),
            "{svg}"
        );
        assert!(
            svg.contains(r##"<polygon points="20,0 30,0.5 25,8" fill="#000000" stroke="#000000" stroke-width="1" stroke-linejoin="round"/>"##),
            "{svg}"
        );
    }

    #[test]
    fn writes_a_round_frame_with_quadratic_corners() {
        let mut scene = Scene::new(100.0, 50.0, None);
        scene.push(Item::RoundRect {
            rect: Rect::new(10.0, 5.0, 40.0, 20.0),
            radius: 2.0,
            fill: Some(Color::WHITE.with_alpha(0.8)),
            stroke: Some(Stroke {
                width: 1.0,
                color: Color::rgb(0.8, 0.8, 0.8).with_alpha(0.8),
            }),
        });
        let svg = render_svg(&scene);
        assert!(
            svg.contains(concat!(
                r##"<path d="M12,5L48,5Q50,5 50,7L50,23Q50,25 48,25L12,25Q10,25 10,23L10,7Q10,5 12,5Z" "##,
                r##"fill="#ffffff" fill-opacity="0.8" stroke="#cccccc" stroke-width="1" stroke-opacity="0.8"/>"##
            )),
            "{svg}"
        );
    }
}
