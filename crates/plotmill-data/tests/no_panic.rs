use plotmill_data::{CorrOptions, CsvOptions, Origin, corr, read_csv_bytes};
use proptest::prelude::*;

/// Bytes that look enough like CSV to reach deep into the reader.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\"\"".to_vec()),
        Just(b"\xef\xbb\xbf".to_vec()),
        Just(b"NA".to_vec()),
        Just(b"True".to_vec()),
        Just(b"-1.5e3".to_vec()),
        Just(b"18446744073709551616".to_vec()),
        Just(b"inf".to_vec()),
        Just(" ".as_bytes().to_vec()),
        Just("é".as_bytes().to_vec()),
        any::<u8>().prop_map(|b| vec![b]),
        "[0-9]{1,4}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn no_input_panics_the_reader(bytes in prop_oneof![csvish(), prop::collection::vec(any::<u8>(), 0..200)]) {
        for header in [true, false] {
            let options = CsvOptions { delimiter: None, header, ..CsvOptions::default() };
            if let Ok(read) = read_csv_bytes(&bytes, Origin::Memory, &options) {
                let t = &read.table;
                prop_assert!(t.rows() > 0);
                prop_assert!(t.columns().iter().all(|c| c.values().len() == t.rows()));
                // And whatever was read, correlating it does not panic.
                let _ = corr(t, &CorrOptions::default());
            }
        }
    }
}
