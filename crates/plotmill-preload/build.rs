//! Gives the library its SONAME. Without one, tools that look for a
//! program's own allocator in "the object without a SONAME" (valgrind's
//! malloc replacement) take this library's malloc for the program's and
//! replace it, so it would never see an allocation under them.

fn main() {
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libplotmill_preload.so");
}
