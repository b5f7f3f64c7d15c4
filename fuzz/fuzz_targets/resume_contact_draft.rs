#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    frontdesk_fuzz::run("resume_contact_draft", data);
});
