//! Tables from the Arrow C stream interface: how polars, pyarrow, DuckDB and
//! other Arrow libraries hand columnar data to another library in the same
//! process (in Python, the `__arrow_c_stream__` method's capsule).
//!
//! [`read_stream`] takes a stream over, reads its schema and every batch, and
//! builds a [`Table`] with the same column rules as the CSV reader and the
//! Python package's pandas path: booleans, integers and floats are numeric
//! columns (stored as `f64`, nulls as `NaN`); every other type (strings,
//! dates, decimals, dictionary-encoded categories, nested types) is a text
//! column, named in [`Table::text_columns`] and left out. A stream of plain
//! arrays (not of structs) is one column, named by its schema ("0" when
//! unnamed).
//!
//! A `float64` column of a single-batch stream with no nulls is not copied:
//! the table reads the producer's buffer in place and keeps the batch alive
//! (the producer's release callback runs when the last such column is
//! dropped). Every other column is converted into a new `f64` buffer, after
//! which its batch is released at once.
//!
//! The structures below are the interface's C definitions
//! (<https://arrow.apache.org/docs/format/CDataInterface.html>,
//! <https://arrow.apache.org/docs/format/CStreamInterface.html>), field for
//! field.

// The C data interface is raw pointers and callbacks. Every unsafe block
// below states what makes it sound; the one assumption from outside is the
// caller's promise that the stream follows the Arrow specification, which
// `read_stream`'s contract spells out.
#![allow(unsafe_code)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::Arc;

use crate::table::{Column, ColumnKind, SharedValues, Table};

/// The C data interface's `struct ArrowSchema`: one field's type and name.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowSchema {
    /// Type, as a format string ("g" is float64, "+s" a struct, ...).
    pub format: *const c_char,
    /// Field name (may be null).
    pub name: *const c_char,
    /// Binary key-value metadata (may be null).
    pub metadata: *const c_char,
    /// `ARROW_FLAG_*` bits.
    pub flags: i64,
    /// Number of children.
    pub n_children: i64,
    /// The children's schemas.
    pub children: *mut *mut ArrowSchema,
    /// The value type of a dictionary-encoded field, else null.
    pub dictionary: *mut ArrowSchema,
    /// Gives the schema back to its producer; null once released.
    pub release: Option<unsafe extern "C" fn(*mut ArrowSchema)>,
    /// The producer's own data.
    pub private_data: *mut c_void,
}

/// The C data interface's `struct ArrowArray`: one array's buffers.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowArray {
    /// Number of logical elements.
    pub length: i64,
    /// Number of nulls, or -1 when not computed.
    pub null_count: i64,
    /// Logical offset into the buffers.
    pub offset: i64,
    /// Number of buffers (2 for a primitive array: validity, values).
    pub n_buffers: i64,
    /// Number of children.
    pub n_children: i64,
    /// The buffers; the validity bitmap (buffer 0) may be null.
    pub buffers: *mut *const c_void,
    /// The children's arrays.
    pub children: *mut *mut ArrowArray,
    /// The dictionary of a dictionary-encoded array, else null.
    pub dictionary: *mut ArrowArray,
    /// Gives the array back to its producer; null once released.
    pub release: Option<unsafe extern "C" fn(*mut ArrowArray)>,
    /// The producer's own data.
    pub private_data: *mut c_void,
}

/// The C stream interface's `struct ArrowArrayStream`: batches of one schema.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowArrayStream {
    /// Writes the stream's schema; 0 on success, an errno value on error.
    pub get_schema: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowSchema) -> c_int>,
    /// Writes the next batch, or a released array at the end; 0 on success.
    pub get_next: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowArray) -> c_int>,
    /// The last error's message (may be null).
    pub get_last_error: Option<unsafe extern "C" fn(*mut ArrowArrayStream) -> *const c_char>,
    /// Gives the stream back to its producer; null once released.
    pub release: Option<unsafe extern "C" fn(*mut ArrowArrayStream)>,
    /// The producer's own data.
    pub private_data: *mut c_void,
}

impl ArrowSchema {
    /// A released schema, to be filled by a producer.
    pub const fn empty() -> Self {
        ArrowSchema {
            format: std::ptr::null(),
            name: std::ptr::null(),
            metadata: std::ptr::null(),
            flags: 0,
            n_children: 0,
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

impl ArrowArray {
    /// A released array, to be filled by a producer.
    pub const fn empty() -> Self {
        ArrowArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: std::ptr::null_mut(),
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

/// An Arrow stream that could not be read into a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArrowError {
    /// The stream had been released (consumed) already.
    #[error("the Arrow stream was already consumed; ask the data for a new one")]
    Released,
    /// The producer reported an error.
    #[error("the Arrow stream failed (error {code}): {message}")]
    Producer {
        /// The errno-style code the callback returned.
        code: i32,
        /// The producer's message, or a stand-in when it gave none.
        message: String,
    },
    /// The stream broke the Arrow specification in a way that was detected.
    #[error("the Arrow stream is malformed: {0}")]
    Malformed(String),
}

/// How one Arrow field becomes a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Bool,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F16,
    F32,
    F64,
    /// Anything else: a text column, left out of the table.
    Text,
}

impl Field {
    fn from_format(format: &[u8], dictionary: bool) -> Field {
        if dictionary {
            return Field::Text;
        }
        match format {
            b"b" => Field::Bool,
            b"c" => Field::I8,
            b"C" => Field::U8,
            b"s" => Field::I16,
            b"S" => Field::U16,
            b"i" => Field::I32,
            b"I" => Field::U32,
            b"l" => Field::I64,
            b"L" => Field::U64,
            b"e" => Field::F16,
            b"f" => Field::F32,
            b"g" => Field::F64,
            _ => Field::Text,
        }
    }

    fn kind(self) -> Option<ColumnKind> {
        match self {
            Field::Bool => Some(ColumnKind::Bool),
            Field::I8 | Field::U8 | Field::I16 | Field::U16 | Field::I32 => Some(ColumnKind::Int),
            Field::U32 | Field::I64 | Field::U64 => Some(ColumnKind::Int),
            Field::F16 | Field::F32 | Field::F64 => Some(ColumnKind::Float),
            Field::Text => None,
        }
    }
}

/// A stream taken over from its producer; released when dropped.
struct Stream(ArrowArrayStream);

impl Drop for Stream {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: the stream is unreleased (release is non-null) and ours;
            // the interface lets the consumer release it from where it lives.
            unsafe { release(&mut self.0) }
        }
    }
}

/// A schema received from the stream; released when dropped.
struct Schema(ArrowSchema);

impl Drop for Schema {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as for `Stream`: unreleased, ours, and movable.
            unsafe { release(&mut self.0) }
        }
    }
}

/// A batch received from the stream; released when dropped.
#[derive(Debug)]
struct Batch(ArrowArray);

impl Drop for Batch {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as for `Stream`: unreleased, ours, and movable (the
            // interface forbids producers to rely on the struct's address).
            unsafe { release(&mut self.0) }
        }
    }
}

// SAFETY: a `Batch` is only read after import (nothing writes through its
// pointers), Arrow arrays are immutable once exported, and the interface
// requires a release callback to work from whichever thread the consumer
// calls it on. So a batch may move to and be shared by other threads.
unsafe impl Send for Batch {}
// SAFETY: see `Send` above: shared access only ever reads immutable memory.
unsafe impl Sync for Batch {}

/// A column that reads a batch's `float64` buffer in place.
#[derive(Debug)]
struct InPlace {
    /// Never read: holding it keeps the buffer alive.
    _batch: Arc<Batch>,
    start: *const f64,
    len: usize,
}

// SAFETY: `start` points into `_batch`'s immutable buffer, which `_batch` keeps
// alive; `Batch` is Send and Sync (see there).
unsafe impl Send for InPlace {}
// SAFETY: as for `Send`.
unsafe impl Sync for InPlace {}

impl SharedValues for InPlace {
    fn values(&self) -> &[f64] {
        // SAFETY: `read_stream` made `start` from an unreleased batch's values
        // buffer, checked it is non-null and aligned for f64, and `len` is the
        // array's length, which the producer's buffer holds from the offset
        // on (the Arrow specification). The batch is alive while `self` is
        // (`self._batch`), and its memory is never written.
        unsafe { std::slice::from_raw_parts(self.start, self.len) }
    }
}

/// One column's array within a batch: the array, its logical offset
/// (including its parent's), and its parent's validity bitmap, if any.
struct Slot<'a> {
    array: &'a ArrowArray,
    offset: usize,
    parent_validity: Option<(*const u8, usize)>,
}

fn to_usize(n: i64, what: &str) -> Result<usize, ArrowError> {
    usize::try_from(n).map_err(|_| ArrowError::Malformed(format!("{what} is {n}")))
}

/// The bytes of a C string (empty for null).
///
/// # Safety
/// `p` is null or a NUL-terminated string that stays valid and unchanged for
/// the lifetime `'a` the caller chooses.
unsafe fn c_str<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        b""
    } else {
        // SAFETY: the caller's promise.
        unsafe { CStr::from_ptr(p) }.to_bytes()
    }
}

impl Stream {
    fn last_error(&mut self, code: c_int) -> ArrowError {
        let message = match self.0.get_last_error {
            // SAFETY: the stream is unreleased; the callback returns null or a
            // string valid until the next call on the stream, and it is copied
            // here at once.
            Some(f) => unsafe { c_str(f(&mut self.0)) },
            None => b"",
        };
        let message = if message.is_empty() {
            "no message from the producer".to_owned()
        } else {
            String::from_utf8_lossy(message).into_owned()
        };
        ArrowError::Producer { code, message }
    }

    fn schema(&mut self) -> Result<Schema, ArrowError> {
        let get = self
            .0
            .get_schema
            .ok_or_else(|| ArrowError::Malformed("the stream has no get_schema".into()))?;
        let mut out = Schema(ArrowSchema::empty());
        // SAFETY: the stream is unreleased; `out.0` is a valid place for the
        // producer to write a schema.
        let code = unsafe { get(&mut self.0, &mut out.0) };
        if code != 0 {
            return Err(self.last_error(code));
        }
        if out.0.release.is_none() || out.0.format.is_null() {
            return Err(ArrowError::Malformed(
                "get_schema gave a released schema".into(),
            ));
        }
        Ok(out)
    }

    fn next(&mut self) -> Result<Option<Batch>, ArrowError> {
        let get = self
            .0
            .get_next
            .ok_or_else(|| ArrowError::Malformed("the stream has no get_next".into()))?;
        let mut out = Batch(ArrowArray::empty());
        // SAFETY: as in `schema`.
        let code = unsafe { get(&mut self.0, &mut out.0) };
        if code != 0 {
            return Err(self.last_error(code));
        }
        Ok(out.0.release.is_some().then_some(out))
    }
}

/// Name and kind of each column, from the stream's schema: a struct's
/// children, or the schema itself for a stream of plain arrays (a polars
/// Series, a pyarrow Array).
fn fields(schema: &ArrowSchema) -> Result<(bool, Vec<(String, Field)>), ArrowError> {
    // SAFETY (the `c_str` calls and child reads in this function): the schema
    // is unreleased, so its format and name are valid strings (or a null
    // name) and `children` holds `n_children` valid schemas, per the spec.
    let one = |s: &ArrowSchema| {
        let name = String::from_utf8_lossy(unsafe { c_str(s.name) }).into_owned();
        let format = unsafe { c_str(s.format) };
        (name, Field::from_format(format, !s.dictionary.is_null()))
    };
    if unsafe { c_str(schema.format) } != b"+s" {
        // One unnamed array is column "0", as numpy's first column is.
        let (name, field) = one(schema);
        let name = if name.is_empty() {
            "0".to_owned()
        } else {
            name
        };
        return Ok((false, vec![(name, field)]));
    }
    let n = to_usize(schema.n_children, "the schema's child count")?;
    if n > 0 && schema.children.is_null() {
        return Err(ArrowError::Malformed(
            "the schema's children are missing".into(),
        ));
    }
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // SAFETY: i < n_children (see above).
        let child = unsafe { *schema.children.add(i) };
        if child.is_null() || unsafe { (*child).format.is_null() } {
            return Err(ArrowError::Malformed(format!(
                "the schema's child {i} is missing"
            )));
        }
        out.push(one(unsafe { &*child }));
    }
    Ok((true, out))
}

/// Takes the stream at `stream` over and reads it into a [`Table`].
///
/// The stream is moved out (its `release` is set to null where it was, as
/// the interface prescribes), so a Python capsule that held it will not
/// release it again. Whatever happens, the stream, its schema and the batches
/// not kept by the table are released before this returns.
///
/// # Safety
///
/// `stream` points to a valid, writable `ArrowArrayStream` that follows the
/// Arrow C stream interface: its callbacks, schemas and arrays are what the
/// specification says (buffers as long as the type, length and offset
/// require; strings NUL-terminated), and arrays are not changed by anyone
/// while the consumer holds them.
pub unsafe fn read_stream(stream: *mut ArrowArrayStream) -> Result<Table, ArrowError> {
    if stream.is_null() {
        return Err(ArrowError::Malformed("the stream pointer is null".into()));
    }
    // SAFETY: the caller's promise that `stream` is valid and writable. The
    // struct is moved (the interface allows it) and the original marked
    // released, so exactly one owner will release it.
    let mut owned = Stream(unsafe { std::ptr::read(stream) });
    // SAFETY: as above; writing the original's release field marks it moved.
    unsafe { (*stream).release = None };
    if owned.0.release.is_none() {
        return Err(ArrowError::Released);
    }
    read(&mut owned)
}

fn read(stream: &mut Stream) -> Result<Table, ArrowError> {
    let schema = stream.schema()?;
    let (is_struct, fields) = fields(&schema.0)?;
    drop(schema);
    let mut batches = Vec::new();
    let mut rows = 0usize;
    while let Some(batch) = stream.next()? {
        check_batch(&batch.0, is_struct, fields.len())?;
        rows = rows
            .checked_add(to_usize(batch.0.length, "a batch's length")?)
            .ok_or_else(|| ArrowError::Malformed("too many rows".into()))?;
        batches.push(Arc::new(batch));
    }
    let mut columns = Vec::new();
    let mut text = Vec::new();
    for (j, (name, field)) in fields.into_iter().enumerate() {
        let Some(kind) = field.kind() else {
            text.push(name);
            continue;
        };
        if field == Field::F64
            && let [batch] = batches.as_slice()
            && let Some(in_place) = in_place(batch, is_struct, j)?
        {
            columns.push(Column::shared(name, kind, Arc::new(in_place)));
            continue;
        }
        let mut values = Vec::with_capacity(rows);
        for batch in &batches {
            let slot = slot(&batch.0, is_struct, j)?;
            convert(
                &slot,
                to_usize(batch.0.length, "a batch's length")?,
                field,
                &mut values,
            )?;
        }
        columns.push(Column::new(name, kind, values));
    }
    Table::new(rows, columns)
        .map(|t| t.with_text_columns(text))
        .map_err(|e| ArrowError::Malformed(e.to_string()))
}

/// The checks the spec lets a consumer make cheaply: counts and pointers.
fn check_batch(batch: &ArrowArray, is_struct: bool, fields: usize) -> Result<(), ArrowError> {
    let len = to_usize(batch.length, "a batch's length")?;
    let off = to_usize(batch.offset, "a batch's offset")?;
    if !is_struct {
        return Ok(());
    }
    if to_usize(batch.n_children, "a batch's child count")? != fields
        || (fields > 0 && batch.children.is_null())
    {
        return Err(ArrowError::Malformed(format!(
            "a batch has {} columns, the schema {fields}",
            batch.n_children
        )));
    }
    for j in 0..fields {
        // SAFETY: the batch is unreleased and has `fields` children.
        let child = unsafe { *batch.children.add(j) };
        if child.is_null() {
            return Err(ArrowError::Malformed(format!(
                "a batch's column {j} is missing"
            )));
        }
        // SAFETY: a non-null child of an unreleased array is valid.
        let child = unsafe { &*child };
        to_usize(child.offset, "a column's offset")?;
        if to_usize(child.length, "a column's length")? < len.saturating_add(off) {
            return Err(ArrowError::Malformed(format!(
                "a batch's column {j} is shorter than the batch"
            )));
        }
    }
    Ok(())
}

fn slot(batch: &ArrowArray, is_struct: bool, j: usize) -> Result<Slot<'_>, ArrowError> {
    if !is_struct {
        return Ok(Slot {
            array: batch,
            offset: to_usize(batch.offset, "an offset")?,
            parent_validity: None,
        });
    }
    // SAFETY: `check_batch` found `n_children` non-null children.
    let array = unsafe { &**batch.children.add(j) };
    let parent_offset = to_usize(batch.offset, "an offset")?;
    let parent_validity = match (batch.null_count, validity(batch)) {
        (0, _) | (_, None) => None,
        (_, Some(bits)) => Some((bits, parent_offset)),
    };
    Ok(Slot {
        array,
        offset: to_usize(array.offset, "an offset")? + parent_offset,
        parent_validity,
    })
}

/// Buffer `i` of an array, or an error when the array has fewer.
fn buffer(array: &ArrowArray, i: usize) -> Result<*const c_void, ArrowError> {
    if to_usize(array.n_buffers, "a buffer count")? <= i || array.buffers.is_null() {
        return Err(ArrowError::Malformed(format!(
            "an array has {} buffers, {} needed",
            array.n_buffers,
            i + 1
        )));
    }
    // SAFETY: i < n_buffers of an unreleased array.
    Ok(unsafe { *array.buffers.add(i) })
}

fn validity(array: &ArrowArray) -> Option<*const u8> {
    buffer(array, 0)
        .ok()
        .filter(|p| !p.is_null())
        .map(|p| p.cast::<u8>())
}

/// Bit `i` of a bitmap, least significant bit first.
///
/// # Safety
/// `bits` holds at least `i / 8 + 1` bytes.
unsafe fn bit(bits: *const u8, i: usize) -> bool {
    // SAFETY: the caller's promise.
    unsafe { *bits.add(i / 8) & (1 << (i % 8)) != 0 }
}

fn in_place(batch: &Arc<Batch>, is_struct: bool, j: usize) -> Result<Option<InPlace>, ArrowError> {
    let slot = slot(&batch.0, is_struct, j)?;
    let len = to_usize(batch.0.length, "a batch's length")?;
    let has_nulls = slot.parent_validity.is_some()
        || (slot.array.null_count != 0 && validity(slot.array).is_some());
    let data = buffer(slot.array, 1)?.cast::<f64>();
    if has_nulls || len == 0 || data.is_null() {
        return Ok(None);
    }
    // SAFETY: the values buffer holds offset + length f64 values (the spec),
    // so the offset stays inside it.
    let start = unsafe { data.add(slot.offset) };
    if !start.is_aligned() {
        return Ok(None);
    }
    Ok(Some(InPlace {
        _batch: Arc::clone(batch),
        start,
        len,
    }))
}

/// Appends `len` values of the column in `slot` as f64 (nulls as NaN).
fn convert(
    slot: &Slot<'_>,
    len: usize,
    field: Field,
    out: &mut Vec<f64>,
) -> Result<(), ArrowError> {
    let array = slot.array;
    let data = buffer(array, 1)?;
    if data.is_null() && len > 0 {
        return Err(ArrowError::Malformed(
            "a column has no values buffer".into(),
        ));
    }
    let off = slot.offset;
    /// Reads element `i` of a buffer of `T`, which need not be aligned.
    ///
    /// # Safety
    /// The buffer holds at least `i + 1` values of `T`.
    unsafe fn at<T: Copy>(data: *const c_void, i: usize) -> T {
        // SAFETY: the caller's promise; unaligned reads are allowed.
        unsafe { data.cast::<T>().add(i).read_unaligned() }
    }
    // SAFETY (every read below): the producer's buffers hold offset + length
    // elements of the field's type (bits for booleans), per the spec.
    let value = |i: usize| -> f64 {
        let i = off + i;
        unsafe {
            match field {
                Field::Bool => f64::from(u8::from(bit(data.cast(), i))),
                Field::I8 => f64::from(at::<i8>(data, i)),
                Field::U8 => f64::from(at::<u8>(data, i)),
                Field::I16 => f64::from(at::<i16>(data, i)),
                Field::U16 => f64::from(at::<u16>(data, i)),
                Field::I32 => f64::from(at::<i32>(data, i)),
                Field::U32 => f64::from(at::<u32>(data, i)),
                // As numpy's astype(float64): the nearest double.
                Field::I64 => at::<i64>(data, i) as f64,
                Field::U64 => at::<u64>(data, i) as f64,
                Field::F16 => half_to_f64(at::<u16>(data, i)),
                Field::F32 => f64::from(at::<f32>(data, i)),
                Field::F64 => at::<f64>(data, i),
                Field::Text => f64::NAN,
            }
        }
    };
    let own = if array.null_count == 0 {
        None
    } else {
        validity(array)
    };
    match (own, slot.parent_validity) {
        (None, None) => out.extend((0..len).map(value)),
        (own, parent) => out.extend((0..len).map(|i| {
            // SAFETY: bitmaps hold a bit for each element from the offset on.
            let valid = own.is_none_or(|bits| unsafe { bit(bits, off + i) })
                && parent.is_none_or(|(bits, poff)| unsafe { bit(bits, poff + i) });
            if valid { value(i) } else { f64::NAN }
        })),
    }
    Ok(())
}

/// An IEEE 754 half-precision value as f64 (exact: every half is a double).
fn half_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let frac = f64::from(h & 0x3ff);
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1.0 + frac / 1024.0) * 2f64.powi(exp - 15),
    }
}

#[cfg(test)]
mod tests;
