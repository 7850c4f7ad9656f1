#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| netvu_fuzz::check(netvu::Format::Par, data));
