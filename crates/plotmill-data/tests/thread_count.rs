use plotmill_data::{CorrMethod, CorrOptions, corr};

use super::read;

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let mut text = String::from("a,b,c,d,e\n");
    let mut seed = 7u64;
    for _ in 0..2000 {
        let row: Vec<String> = (0..5)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                match seed >> 60 {
                    0 => String::new(),
                    v => format!("{}", (seed >> 20) % 1000 + v),
                }
            })
            .collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    let table = read(text.as_bytes()).unwrap().table;
    for method in CorrMethod::ALL {
        let options = CorrOptions {
            method,
            ..CorrOptions::default()
        };
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| corr(&table, &options).unwrap())
        };
        let one = run(1);
        for threads in [2, 3, 8] {
            let many = run(threads);
            let same = one
                .values()
                .iter()
                .zip(many.values())
                .all(|(a, b)| a.to_bits() == b.to_bits());
            assert!(same, "{method}: 1 thread and {threads} threads differ");
        }
    }
}
