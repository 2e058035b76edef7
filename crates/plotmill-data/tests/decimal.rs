//! European numbers: `decimal=','` as pandas reads it (values checked
//! against `pd.read_csv(..., sep=';', decimal=',')`), and the hint given
//! when a file written that way is read with the default `.`.

use plotmill_data::{ColumnKind, CsvOptions, Origin, read_csv_bytes};

const EUROPEAN: &[u8] = b"a;b;c;d;e\n3,25;1.5;2;1e3;-0,5\n2,5;2.5;3;2e3;1,25e2\n";

#[test]
fn decimal_comma_reads_as_pandas_does() {
    let options = CsvOptions {
        decimal: b',',
        ..CsvOptions::default()
    };
    let read = read_csv_bytes(EUROPEAN, Origin::Memory, &options).unwrap();
    let t = &read.table;
    // pandas: a float64 [3.25, 2.5]; b text ("1.5" has the other mark);
    // c int64; d float64 [1000, 2000]; e float64 [-0.5, 125.0].
    let names: Vec<&str> = t.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, ["a", "c", "d", "e"]);
    assert_eq!(t.text_columns(), ["b"]);
    let values: Vec<&[f64]> = t.columns().iter().map(|c| c.values()).collect();
    assert_eq!(
        values,
        [
            &[3.25, 2.5][..],
            &[2.0, 3.0],
            &[1000.0, 2000.0],
            &[-0.5, 125.0]
        ]
    );
    assert_eq!(t.columns()[1].kind(), ColumnKind::Int);
    assert!(!read.decimal_comma_likely);
    // Quoted fields with a comma delimiter, too.
    let read = read_csv_bytes(b"x,y\n\"3,25\",1\n\"2,5\",2\n", Origin::Memory, &options).unwrap();
    assert_eq!(read.table.columns()[0].values(), [3.25, 2.5]);
}

#[test]
fn decimal_commas_read_as_text_are_noticed() {
    let read = read_csv_bytes(EUROPEAN, Origin::Memory, &CsvOptions::default()).unwrap();
    assert!(read.table.text_columns().contains(&"a".to_owned()));
    assert!(read.decimal_comma_likely);
    // Words with commas are not numbers.
    let read = read_csv_bytes(
        b"a;b\nx,y;1\nz,w;2\n",
        Origin::Memory,
        &CsvOptions::default(),
    )
    .unwrap();
    assert!(!read.decimal_comma_likely);
}
