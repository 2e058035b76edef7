//! Label columns (`CsvOptions::labels`): the cells of the columns a chart
//! colours by, kept as written, levels in order of first appearance (as
//! pandas' `unique` gives them), pandas' missing spellings missing —
//! across read blocks, quoted cells, and a column that turns out to be
//! text only far into the file.

use plotmill_data::{CsvOptions, Labels, Origin, read_csv_bytes};

fn read_labels(text: &[u8], labels: &[&str]) -> plotmill_data::Table {
    let options = CsvOptions {
        labels: labels.iter().map(|s| s.to_string()).collect(),
        ..CsvOptions::default()
    };
    read_csv_bytes(text, Origin::Memory, &options)
        .unwrap()
        .table
}

#[test]
fn text_cells_become_levels_in_order_of_appearance() {
    let t = read_labels(
        b"x,species,year\n1,Gentoo,2007\n2,Adelie,2008\n3,NA,2007\n4,\"Chin, strap\",\n5,Gentoo,2009\n",
        &["species", "year", "absent"],
    );
    let s = t.labels("species").unwrap();
    assert_eq!(s.levels(), ["Gentoo", "Adelie", "Chin, strap"]);
    assert_eq!(s.codes(), [0, 1, Labels::MISSING, 2, 0]);
    assert_eq!(s.get(3), Some("Chin, strap"));
    assert_eq!(s.get(2), None);
    // A numeric column keeps its numbers and, asked for, its labels.
    let y = t.labels("year").unwrap();
    assert_eq!(y.levels(), ["2007", "2008", "2009"]);
    assert_eq!(y.codes(), [0, 1, 0, Labels::MISSING, 2]);
    assert!(t.column("year").is_some());
    assert!(t.labels("absent").is_none());
    assert!(t.labels("x").is_none(), "only the columns asked for");
    assert_eq!(t.text_columns(), ["species"]);
}

#[test]
fn a_column_that_turns_text_late_keeps_every_cell() {
    // 300,000 rows (about ten read blocks) of numbers, then text.
    let mut s = String::from("v,group\n");
    let rows = 300_000;
    for i in 0..rows {
        let group = if i + 1 == rows {
            "late".to_owned()
        } else {
            (i % 3).to_string()
        };
        s.push_str(&format!("{i},{group}\n"));
    }
    assert!(s.len() > 8 << 18, "several 256 KiB read blocks");
    let t = read_labels(s.as_bytes(), &["group"]);
    let g = t.labels("group").unwrap();
    assert_eq!(g.levels(), ["0", "1", "2", "late"]);
    assert_eq!(g.codes().len(), rows);
    assert!(
        g.codes()[..rows - 1]
            .iter()
            .enumerate()
            .all(|(i, &c)| c == (i % 3) as u32)
    );
    assert_eq!(g.get(rows - 1), Some("late"));
    assert_eq!(t.text_columns(), ["group"]);
}

#[test]
fn labels_do_not_depend_on_how_the_file_is_split() {
    let mut s = String::from("k,name\n");
    for i in 0..200_000 {
        s.push_str(&format!("{i},\"n{}\"\n", (i * 7919) % 1000));
    }
    let t = read_labels(s.as_bytes(), &["name"]);
    let n = t.labels("name").unwrap();
    assert_eq!(n.levels().len(), 1000);
    // Levels in order of first appearance: row i's level is n{(i*7919)%1000}.
    assert_eq!(n.levels()[0], "n0");
    assert_eq!(n.levels()[1], "n919");
    assert!((0..200_000).all(|i| n.get(i) == Some(format!("n{}", (i * 7919) % 1000).as_str())));
}
