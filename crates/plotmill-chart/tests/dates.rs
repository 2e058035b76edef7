//! Date ticks and labels against matplotlib's: `AutoDateLocator` and
//! `ConciseDateFormatter` on 315 view ranges from microseconds to
//! millennia (`scripts/make_date_fixtures.py`).

use plotmill_chart::dates::{ConciseDateFormatter, auto_date_ticks};

#[test]
fn ticks_labels_and_offsets_are_matplotlibs() {
    let text = include_str!("fixtures/dates.tsv");
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (vmin, vmax): (f64, f64) = (cols[0].parse().unwrap(), cols[1].parse().unwrap());
        let want: Vec<f64> = cols[2].split(' ').map(|t| t.parse().unwrap()).collect();
        let ticks = auto_date_ticks(vmin, vmax);
        assert_eq!(ticks, want, "ticks of {vmin}..{vmax}");
        let format = ConciseDateFormatter::new(&ticks);
        let labels: Vec<&str> = cols[3].split('|').collect();
        assert_eq!(
            format.labels(),
            labels.as_slice(),
            "labels of {vmin}..{vmax}"
        );
        assert_eq!(format.offset_text(), cols[4], "offset of {vmin}..{vmax}");
        cases += 1;
    }
    assert_eq!(cases, 315);
}
