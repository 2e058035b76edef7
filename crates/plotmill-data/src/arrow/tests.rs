//! `read_stream` against a small Arrow producer written here: it exports
//! batches as the C interface prescribes and counts every release, so the
//! tests can check values, nulls, in-place columns, and that everything is
//! given back exactly once.

// The producer hands out pointers into boxed structs while it still pushes
// more of them; the boxes keep those addresses stable.
#![allow(clippy::vec_box)]

use super::*;
use std::collections::VecDeque;
use std::ffi::CString;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One column of a test batch.
#[derive(Clone)]
struct Col {
    format: &'static str,
    /// The values buffer, stored in u64 words so it is 8-byte aligned.
    data: Vec<u64>,
    validity: Option<Vec<u8>>,
    null_count: i64,
    offset: i64,
    length: i64,
    dictionary: bool,
}

fn words(bytes: &[u8]) -> Vec<u64> {
    let mut w = vec![0u64; bytes.len().div_ceil(8).max(1)];
    for (i, b) in bytes.iter().enumerate() {
        w[i / 8] |= u64::from(*b) << (8 * (i % 8));
    }
    w
}

fn f64s(v: &[f64]) -> Col {
    col(
        "g",
        &v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<_>>(),
        v.len(),
    )
}

fn col(format: &'static str, bytes: &[u8], length: usize) -> Col {
    Col {
        format,
        data: words(bytes),
        validity: None,
        null_count: 0,
        offset: 0,
        length: length as i64,
        dictionary: false,
    }
}

/// One batch: its columns, its own offset and length, and an optional
/// struct-level validity bitmap.
#[derive(Clone)]
struct TestBatch {
    cols: Vec<Col>,
    length: i64,
    offset: i64,
    validity: Option<Vec<u8>>,
}

fn batch(cols: Vec<Col>) -> TestBatch {
    let length = cols.first().map_or(0, |c| c.length);
    TestBatch {
        cols,
        length,
        offset: 0,
        validity: None,
    }
}

#[derive(Default)]
struct Counts {
    streams: AtomicUsize,
    schemas: AtomicUsize,
    batches: AtomicUsize,
}

struct StreamState {
    names: Vec<CString>,
    /// (format, dictionary) per column; a single entry with `is_struct` false
    /// is a plain-array stream.
    formats: Vec<(CString, bool)>,
    is_struct: bool,
    batches: VecDeque<TestBatch>,
    fail_at: Option<usize>,
    served: usize,
    error: CString,
    counts: Arc<Counts>,
}

struct SchemaHolder {
    _strings: Vec<CString>,
    _children: Vec<Box<ArrowSchema>>,
    child_ptrs: Vec<*mut ArrowSchema>,
    _dictionaries: Vec<Box<ArrowSchema>>,
    counts: Arc<Counts>,
}

unsafe extern "C" fn release_child_schema(s: *mut ArrowSchema) {
    unsafe { (*s).release = None };
}

unsafe extern "C" fn release_schema(s: *mut ArrowSchema) {
    let holder = unsafe { Box::from_raw((*s).private_data.cast::<SchemaHolder>()) };
    holder.counts.schemas.fetch_add(1, Ordering::SeqCst);
    unsafe { (*s).release = None };
}

struct ArrayHolder {
    _data: Vec<Vec<u64>>,
    _bitmaps: Vec<Vec<u8>>,
    _buffer_lists: Vec<Vec<*const c_void>>,
    _children: Vec<Box<ArrowArray>>,
    _child_ptrs: Vec<*mut ArrowArray>,
    counts: Arc<Counts>,
}

unsafe extern "C" fn release_child_array(a: *mut ArrowArray) {
    unsafe { (*a).release = None };
}

unsafe extern "C" fn release_array(a: *mut ArrowArray) {
    let holder = unsafe { Box::from_raw((*a).private_data.cast::<ArrayHolder>()) };
    holder.counts.batches.fetch_add(1, Ordering::SeqCst);
    unsafe { (*a).release = None };
}

unsafe extern "C" fn get_schema(s: *mut ArrowArrayStream, out: *mut ArrowSchema) -> c_int {
    let state = unsafe { &*(*s).private_data.cast::<StreamState>() };
    let mut strings = Vec::new();
    let mut dictionaries = Vec::new();
    let mut make = |name: &CString, (format, dict): &(CString, bool), release| {
        let mut schema = ArrowSchema::empty();
        schema.name = name.as_ptr();
        schema.format = format.as_ptr();
        schema.release = Some(release);
        if *dict {
            let mut d = Box::new(ArrowSchema::empty());
            d.format = c"u".as_ptr();
            d.release = Some(release_child_schema as unsafe extern "C" fn(*mut ArrowSchema));
            schema.dictionary = &mut *d;
            dictionaries.push(d);
        }
        schema
    };
    let mut root = if state.is_struct {
        let mut children: Vec<Box<ArrowSchema>> = state
            .names
            .iter()
            .zip(&state.formats)
            .map(|(n, f)| Box::new(make(n, f, release_child_schema)))
            .collect();
        let child_ptrs: Vec<*mut ArrowSchema> =
            children.iter_mut().map(|c| &mut **c as *mut _).collect();
        strings.push(CString::new("+s").unwrap());
        let mut root = ArrowSchema::empty();
        root.format = strings[0].as_ptr();
        root.n_children = child_ptrs.len() as i64;
        let mut holder = Box::new(SchemaHolder {
            _strings: strings,
            _children: children,
            child_ptrs,
            _dictionaries: dictionaries,
            counts: Arc::clone(&state.counts),
        });
        root.children = holder.child_ptrs.as_mut_ptr();
        root.private_data = Box::into_raw(holder).cast();
        root
    } else {
        let mut root = make(&state.names[0], &state.formats[0], release_schema);
        let holder = Box::new(SchemaHolder {
            _strings: strings,
            _children: Vec::new(),
            child_ptrs: Vec::new(),
            _dictionaries: dictionaries,
            counts: Arc::clone(&state.counts),
        });
        root.private_data = Box::into_raw(holder).cast();
        root
    };
    root.release = Some(release_schema);
    unsafe { out.write(root) };
    0
}

fn export_col(
    c: &Col,
    data: &mut Vec<Vec<u64>>,
    bitmaps: &mut Vec<Vec<u8>>,
    lists: &mut Vec<Vec<*const c_void>>,
) -> ArrowArray {
    let values = c.data.clone();
    let mut list: Vec<*const c_void> = vec![std::ptr::null(), values.as_ptr().cast()];
    data.push(values);
    if let Some(bits) = &c.validity {
        let bits = bits.clone();
        list[0] = bits.as_ptr().cast();
        bitmaps.push(bits);
    }
    let mut a = ArrowArray::empty();
    a.length = c.length;
    a.offset = c.offset;
    a.null_count = c.null_count;
    a.n_buffers = 2;
    a.buffers = list.as_mut_ptr();
    lists.push(list);
    a
}

unsafe extern "C" fn get_next(s: *mut ArrowArrayStream, out: *mut ArrowArray) -> c_int {
    let state = unsafe { &mut *(*s).private_data.cast::<StreamState>() };
    if state.fail_at == Some(state.served) {
        return 5; // EIO
    }
    state.served += 1;
    let Some(b) = state.batches.pop_front() else {
        unsafe { out.write(ArrowArray::empty()) };
        return 0;
    };
    let (mut data, mut bitmaps, mut lists) = (Vec::new(), Vec::new(), Vec::new());
    let mut root = if state.is_struct {
        let mut children: Vec<Box<ArrowArray>> = b
            .cols
            .iter()
            .map(|c| {
                let mut a = Box::new(export_col(c, &mut data, &mut bitmaps, &mut lists));
                a.release = Some(release_child_array);
                a
            })
            .collect();
        let mut child_ptrs: Vec<*mut ArrowArray> =
            children.iter_mut().map(|c| &mut **c as *mut _).collect();
        let mut root = ArrowArray::empty();
        root.length = b.length;
        root.offset = b.offset;
        root.n_children = child_ptrs.len() as i64;
        root.children = child_ptrs.as_mut_ptr();
        let mut list: Vec<*const c_void> = vec![std::ptr::null()];
        if let Some(bits) = &b.validity {
            list[0] = bits.as_ptr().cast();
            root.null_count = -1;
            bitmaps.push(bits.clone());
            list[0] = bitmaps.last().unwrap().as_ptr().cast();
        }
        root.n_buffers = 1;
        root.buffers = list.as_mut_ptr();
        lists.push(list);
        let holder = ArrayHolder {
            _data: data,
            _bitmaps: bitmaps,
            _buffer_lists: lists,
            _children: children,
            _child_ptrs: child_ptrs,
            counts: Arc::clone(&state.counts),
        };
        root.private_data = Box::into_raw(Box::new(holder)).cast();
        root
    } else {
        let mut root = export_col(&b.cols[0], &mut data, &mut bitmaps, &mut lists);
        let holder = ArrayHolder {
            _data: data,
            _bitmaps: bitmaps,
            _buffer_lists: lists,
            _children: Vec::new(),
            _child_ptrs: Vec::new(),
            counts: Arc::clone(&state.counts),
        };
        root.private_data = Box::into_raw(Box::new(holder)).cast();
        root
    };
    root.release = Some(release_array);
    unsafe { out.write(root) };
    0
}

unsafe extern "C" fn get_last_error(s: *mut ArrowArrayStream) -> *const c_char {
    unsafe { (*(*s).private_data.cast::<StreamState>()).error.as_ptr() }
}

unsafe extern "C" fn release_stream(s: *mut ArrowArrayStream) {
    let state = unsafe { Box::from_raw((*s).private_data.cast::<StreamState>()) };
    state.counts.streams.fetch_add(1, Ordering::SeqCst);
    unsafe { (*s).release = None };
}

fn stream(
    names: &[&str],
    batches: Vec<TestBatch>,
    is_struct: bool,
) -> (ArrowArrayStream, Arc<Counts>) {
    let counts = Arc::new(Counts::default());
    let first = batches
        .first()
        .expect("a schema needs a batch to copy formats from");
    let state = StreamState {
        names: names.iter().map(|n| CString::new(*n).unwrap()).collect(),
        formats: first
            .cols
            .iter()
            .map(|c| (CString::new(c.format).unwrap(), c.dictionary))
            .collect(),
        is_struct,
        batches: batches.into(),
        fail_at: None,
        served: 0,
        error: CString::new("disk on fire").unwrap(),
        counts: Arc::clone(&counts),
    };
    let s = ArrowArrayStream {
        get_schema: Some(get_schema),
        get_next: Some(get_next),
        get_last_error: Some(get_last_error),
        release: Some(release_stream),
        private_data: Box::into_raw(Box::new(state)).cast(),
    };
    (s, counts)
}

fn read_all(s: &mut ArrowArrayStream) -> Result<Table, ArrowError> {
    // SAFETY: `s` comes from `stream` above, a producer that follows the spec.
    unsafe { read_stream(s) }
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

#[test]
fn a_float64_column_of_one_batch_is_read_in_place_and_released_once() {
    let (mut s, counts) = stream(
        &["x", "y"],
        vec![batch(vec![f64s(&[1.0, 2.5, -3.0]), f64s(&[4.0, 5.0, 6.0])])],
        true,
    );
    let table = read_all(&mut s).unwrap();
    assert!(
        s.release.is_none(),
        "the original stream struct must be marked moved"
    );
    assert_eq!(
        counts.streams.load(Ordering::SeqCst),
        1,
        "the stream is released after reading"
    );
    assert_eq!(
        counts.schemas.load(Ordering::SeqCst),
        1,
        "the schema is released after reading"
    );
    assert_eq!(table.rows(), 3);
    let x = &table.columns()[0];
    assert!(
        x.is_shared(),
        "a null-free float64 column of one batch must not be copied"
    );
    assert_eq!(x.values(), [1.0, 2.5, -3.0]);
    assert_eq!(table.columns()[1].values(), [4.0, 5.0, 6.0]);
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        0,
        "the table still reads the batch"
    );
    let copy = table.clone();
    drop(table);
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        0,
        "a clone keeps the batch"
    );
    assert_eq!(copy.columns()[0].values(), [1.0, 2.5, -3.0]);
    drop(copy);
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        1,
        "the last reader gives the batch back, once"
    );
}

#[test]
fn every_numeric_type_nulls_and_offsets_convert_as_pandas_would() {
    // int32 [_, 7, null, -2] with offset 1 (so the column is 7, null, -2),
    // validity bits for elements 0..4: 1,1,0,1.
    let mut ints = col(
        "i",
        &[0i32, 7, 99, -2]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
        4,
    );
    ints.offset = 1;
    ints.length = 3;
    ints.validity = Some(vec![0b1011]);
    ints.null_count = 1;
    let bools = col("b", &[0b101], 3);
    let u64s = col(
        "L",
        &[1u64, u64::MAX, 3]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
        3,
    );
    // half: 1.0 = 0x3c00, -2.5 = 0xc100, +inf = 0x7c00
    let halves = col(
        "e",
        &[0x3c00u16, 0xc100, 0x7c00]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
        3,
    );
    let floats = col(
        "f",
        &[0.5f32, 1.25, -8.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>(),
        3,
    );
    let mut with_null = f64s(&[1.0, 99.0, 3.0]);
    with_null.validity = Some(vec![0b101]);
    with_null.null_count = 1;
    let text = col("u", &[0; 16], 3);
    let mut category = col("c", &[0, 1, 0], 3);
    category.dictionary = true;
    let names = ["i", "b", "L", "e", "f", "g", "s", "cat"];
    let b = batch(vec![
        ints, bools, u64s, halves, floats, with_null, text, category,
    ]);
    let (mut s, counts) = stream(&names, vec![b], true);
    let table = read_all(&mut s).unwrap();
    assert_eq!(
        table.text_columns(),
        ["s", "cat"],
        "strings and dictionaries are text, as in pandas"
    );
    let got: Vec<(&str, ColumnKind, Vec<f64>)> = table
        .columns()
        .iter()
        .map(|c| (c.name(), c.kind(), c.values().to_vec()))
        .collect();
    let want = [
        ("i", ColumnKind::Int, vec![7.0, f64::NAN, -2.0]),
        ("b", ColumnKind::Bool, vec![1.0, 0.0, 1.0]),
        ("L", ColumnKind::Int, vec![1.0, u64::MAX as f64, 3.0]),
        ("e", ColumnKind::Float, vec![1.0, -2.5, f64::INFINITY]),
        ("f", ColumnKind::Float, vec![0.5, 1.25, -8.0]),
        ("g", ColumnKind::Float, vec![1.0, f64::NAN, 3.0]),
    ];
    assert_eq!(got.len(), want.len());
    for ((name, kind, values), (wname, wkind, wvalues)) in got.iter().zip(&want) {
        assert_eq!((name, kind), (wname, wkind));
        assert!(same(values, wvalues), "{name}: {values:?} != {wvalues:?}");
    }
    assert!(
        !table.columns()[5].is_shared(),
        "a float64 column with nulls is copied (NaN for null)"
    );
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        1,
        "nothing in place: the batch is given back at once"
    );
}

#[test]
fn several_batches_are_concatenated_and_released_at_once() {
    let batches = vec![
        batch(vec![f64s(&[1.0, 2.0])]),
        batch(vec![f64s(&[3.0])]),
        batch(vec![f64s(&[])]),
    ];
    let (mut s, counts) = stream(&["x"], batches, true);
    let table = read_all(&mut s).unwrap();
    assert_eq!(table.rows(), 3);
    assert_eq!(table.columns()[0].values(), [1.0, 2.0, 3.0]);
    assert!(!table.columns()[0].is_shared());
    assert_eq!(counts.batches.load(Ordering::SeqCst), 3);
}

#[test]
fn a_struct_level_offset_and_null_rows_apply_to_every_column() {
    // Three rows of two columns; the batch starts at row 1 and row 2 (bit 2) is null.
    let mut b = batch(vec![f64s(&[0.0, 1.0, 2.0]), col("c", &[10, 11, 12], 3)]);
    b.offset = 1;
    b.length = 2;
    b.validity = Some(vec![0b011]);
    let (mut s, _) = stream(&["x", "n"], vec![b], true);
    let table = read_all(&mut s).unwrap();
    assert!(same(table.columns()[0].values(), &[1.0, f64::NAN]));
    assert!(same(table.columns()[1].values(), &[11.0, f64::NAN]));
    assert!(
        !table.columns()[0].is_shared(),
        "null rows cannot be read in place"
    );
}

#[test]
fn a_stream_of_plain_arrays_is_one_column_named_by_the_schema() {
    let (mut s, counts) = stream(&["price"], vec![batch(vec![f64s(&[9.5, 8.0])])], false);
    let table = read_all(&mut s).unwrap();
    assert_eq!(table.columns()[0].name(), "price");
    assert_eq!(table.columns()[0].values(), [9.5, 8.0]);
    assert!(table.columns()[0].is_shared());
    drop(table);
    assert_eq!(counts.batches.load(Ordering::SeqCst), 1);
}

#[test]
fn a_producer_error_carries_its_message_and_everything_is_released() {
    let (mut s, counts) = stream(
        &["x"],
        vec![batch(vec![f64s(&[1.0])]), batch(vec![f64s(&[2.0])])],
        true,
    );
    // SAFETY: the stream's private data is the test producer's state.
    unsafe { (*s.private_data.cast::<StreamState>()).fail_at = Some(1) };
    let err = read_all(&mut s).unwrap_err();
    assert_eq!(
        err,
        ArrowError::Producer {
            code: 5,
            message: "disk on fire".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "the Arrow stream failed (error 5): disk on fire"
    );
    assert_eq!(counts.streams.load(Ordering::SeqCst), 1);
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        1,
        "the batch read before the error is given back"
    );
}

#[test]
fn a_consumed_stream_is_refused() {
    let (mut s, _) = stream(&["x"], vec![batch(vec![f64s(&[1.0])])], true);
    read_all(&mut s).unwrap();
    assert_eq!(read_all(&mut s).unwrap_err(), ArrowError::Released);
}

#[test]
fn a_table_read_in_place_is_used_from_other_threads() {
    let (mut s, counts) = stream(&["x"], vec![batch(vec![f64s(&[1.0, 2.0, 4.0])])], true);
    let table = Arc::new(read_all(&mut s).unwrap());
    let sums: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let t = Arc::clone(&table);
                scope.spawn(move || t.columns()[0].values().iter().sum::<f64>())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(sums, [7.0; 4]);
    let t = Arc::into_inner(table).unwrap();
    std::thread::spawn(move || drop(t)).join().unwrap();
    assert_eq!(
        counts.batches.load(Ordering::SeqCst),
        1,
        "released from another thread, once"
    );
}

#[test]
fn halves_convert_exactly() {
    assert_eq!(half_to_f64(0x0000), 0.0);
    assert_eq!(half_to_f64(0x0001), 2f64.powi(-24)); // smallest subnormal
    assert_eq!(half_to_f64(0x7bff), 65504.0); // largest finite
    assert_eq!(half_to_f64(0xfc00), f64::NEG_INFINITY);
    assert!(half_to_f64(0x7e00).is_nan());
    assert_eq!(half_to_f64(0x3555), 0.333251953125);
}
