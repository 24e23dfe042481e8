#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| nlrs_fuzz::spec(data));
