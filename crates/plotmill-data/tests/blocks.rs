//! Inputs larger than the reader's blocks (4 MiB), so that records, quoted
//! line ends and errors fall on and across block boundaries.

use plotmill_data::{ColumnKind, ReadErrorKind};

use super::read;

/// `rows` rows of `i, i*0.5, "quoted\ntext i", True/False`, about 30 bytes each.
fn big(rows: usize) -> String {
    let mut s = String::from("i,half,note,flag\n");
    for i in 0..rows {
        s.push_str(&format!(
            "{i},{},\"line one {i}\nline, two\",{}\n",
            i as f64 * 0.5,
            if i % 3 == 0 { "True" } else { "False" }
        ));
    }
    s
}

#[test]
fn quoted_line_ends_across_blocks() {
    let rows = 400_000; // ~15 MiB
    let text = big(rows);
    assert!(text.len() > 12 << 20);
    let t = read(text.as_bytes()).unwrap().table;
    assert_eq!(t.rows(), rows);
    assert_eq!(t.text_columns(), ["note"]);
    let i = t.column("i").unwrap();
    assert_eq!(i.kind(), ColumnKind::Int);
    assert!(i.values().iter().enumerate().all(|(k, &v)| v == k as f64));
    let half = t.column("half").unwrap();
    assert!(
        half.values()
            .iter()
            .enumerate()
            .all(|(k, &v)| v == k as f64 * 0.5)
    );
    let flag = t.column("flag").unwrap();
    assert_eq!(flag.kind(), ColumnKind::Bool);
    assert_eq!(flag.values().iter().sum::<f64>(), rows.div_ceil(3) as f64);
}

#[test]
fn a_late_bad_row_is_named_by_its_line() {
    let rows = 300_000;
    let mut text = big(rows);
    text.push_str("1,2\n");
    let err = read(text.as_bytes()).unwrap_err();
    // Each row takes two lines; the header one.
    let line = 1 + 2 * rows as u64 + 1;
    assert!(
        matches!(err.kind, ReadErrorKind::FieldCount { line: l, expected: 4, found: 2, .. } if l == line),
        "{err}"
    );
}

#[test]
fn a_late_unclosed_quote_and_invalid_byte() {
    let rows = 300_000;
    let mut text = big(rows).into_bytes();
    let at = text.len() as u64;
    text.extend_from_slice(b"7,1.5,\"open,True\n8,2,x,False\n");
    let err = read(&text).unwrap_err();
    assert!(
        matches!(err.kind, ReadErrorKind::UnterminatedQuote { line, column: 7 } if line == 2 + 2 * rows as u64),
        "{err}"
    );
    let mut text = big(rows).into_bytes();
    text.extend_from_slice(b"7,1.5,caf\xe9,True\n");
    let err = read(&text).unwrap_err();
    assert!(
        matches!(err.kind, ReadErrorKind::InvalidUtf8 { offset, .. } if offset == at + 9),
        "{err}"
    );
}

#[test]
fn reading_does_not_depend_on_the_thread_count() {
    let text = big(200_000);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| read(text.as_bytes()).unwrap())
    };
    let one = run(1);
    for threads in [2, 5] {
        let many = run(threads);
        assert_eq!(many.table.rows(), one.table.rows(), "{threads} threads");
        assert_eq!(many.table.text_columns(), one.table.text_columns());
        for (a, b) in one.table.columns().iter().zip(many.table.columns()) {
            assert_eq!(
                (a.name(), a.kind()),
                (b.name(), b.kind()),
                "{threads} threads"
            );
            let first = a
                .values()
                .iter()
                .zip(b.values())
                .position(|(x, y)| x.to_bits() != y.to_bits());
            assert_eq!(
                first,
                None,
                "column {} differs first at row {first:?} with {threads} threads",
                a.name()
            );
        }
    }
}
