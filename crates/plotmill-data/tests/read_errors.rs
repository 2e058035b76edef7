use plotmill_data::{CsvOptions, Origin, ReadErrorKind, read_csv_bytes, read_csv_path};

use super::read;

fn message(text: &[u8]) -> String {
    read(text).expect_err("should fail").to_string()
}

#[test]
fn empty_input() {
    for text in [&b""[..], b"\xef\xbb\xbf", b"\n\n\r\n"] {
        assert_eq!(
            message(text),
            "<memory>: the file is empty; a CSV file needs a header line and at least one row"
        );
    }
}

#[test]
fn header_without_rows() {
    assert_eq!(
        message(b"a,b,c\n"),
        "<memory>: line 1: the header names 3 column(s) but no data row follows; add rows, or check that the file was written completely"
    );
}

#[test]
fn rows_with_too_many_or_too_few_fields() {
    assert_eq!(
        message(b"a,b\n1,2\n\n3,4,5\n"),
        "<memory>: line 4: expected 2 field(s) as in the header, found 3; quote fields that contain the delimiter ',', or give the delimiter if the file uses another one"
    );
    let err = read(b"a,b\r\n1,2\r\n3\r\n").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ReadErrorKind::FieldCount {
                line: 3,
                expected: 2,
                found: 1,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_quoted_newline_counts_for_later_line_numbers() {
    let err = read(b"a,b\n\"x\ny\",2\n1\n").unwrap_err();
    assert!(
        matches!(err.kind, ReadErrorKind::FieldCount { line: 4, .. }),
        "{err}"
    );
}

#[test]
fn unterminated_quote_names_where_it_opened() {
    assert_eq!(
        message(b"a,b\n1,2\n3,\"open\n4,5\n"),
        "<memory>: line 3, column 3: a quoted field opens here and is never closed; close it with '\"' (write a quote inside a quoted field as '\"\"')"
    );
    // In the header too.
    let err = read(b"\"a,b\n1,2\n").unwrap_err();
    assert!(
        matches!(
            err.kind,
            ReadErrorKind::UnterminatedQuote { line: 1, column: 1 }
        ),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    // 0xE9 is 'é' in Latin-1: the classic wrongly-encoded file.
    let text = b"name,x\nok,1\ncaf\xe9,2\n";
    assert_eq!(
        message(text),
        "<memory>: line 3: invalid UTF-8 at byte offset 15; re-save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)"
    );
    let err = read(b"\xef\xbb\xbfa,b\xff\n1,2\n").unwrap_err();
    assert!(
        matches!(err.kind, ReadErrorKind::InvalidUtf8 { offset: 6, line: 1 }),
        "{err}"
    );
}

#[test]
fn missing_file_and_directory() {
    let err = read_csv_path("/no/such/file.csv".as_ref(), &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/no/such/file.csv: cannot read: No such file or directory (os error 2)"
    );
    let dir = std::env::temp_dir();
    let err = read_csv_path(&dir, &CsvOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("is a directory; give the path of a CSV file inside it"),
        "{err}"
    );
}

#[test]
fn errors_name_their_origin() {
    let err = read_csv_bytes(b"", Origin::Stdin, &CsvOptions::default()).unwrap_err();
    assert!(err.to_string().starts_with("<stdin>: "), "{err}");
}

#[test]
fn duplicates_are_renamed_and_reported() {
    let read = read(b"a,a,,b\n1,2,3,4\n").unwrap();
    let names: Vec<&str> = read.table.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, ["a", "a.1", "Unnamed: 2", "b"]);
    let renamed: Vec<(&str, &str)> = read
        .renamed
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    assert_eq!(renamed, [("a", "a.1")]);
}

#[test]
fn text_columns_are_listed_not_stored() {
    let read = read(b"city,pop,code\nOslo,1,x1\nBergen,2,2\n").unwrap();
    assert_eq!(read.table.text_columns(), ["city", "code"]);
    assert_eq!(read.table.columns().len(), 1);
}
