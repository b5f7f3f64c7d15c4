//! Native per-call times of every benchmark case in `cases.json`, through the same JSON dispatch a
//! server uses (`frontdesk::api::call`) and through the typed core call where one exists.

use criterion::{criterion_group, criterion_main, Criterion};
use frontdesk::{api, FrontDesk, Locale};
use serde_json::Value;

fn cases(c: &mut Criterion) {
    let text = include_str!("cases.json");
    let doc: Value = serde_json::from_str(text).expect("cases.json");
    let locale = Locale::parse(doc["locale"].as_str().unwrap_or("zh-CN")).expect("locale");
    let desk =
        FrontDesk::with_default_pack(doc["now"].as_str().expect("now"), locale).expect("desk");
    for case in doc["cases"].as_array().expect("cases") {
        let id = case["id"].as_str().expect("id").to_string();
        let method = case["method"].as_str().expect("method").to_string();
        let input = case["input"].clone();
        c.bench_function(&id, |b| {
            b.iter(|| api::call(&desk, &method, std::hint::black_box(&input)))
        });
    }
}

criterion_group!(benches, cases);
criterion_main!(benches);
