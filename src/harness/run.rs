//! Runs the cases of many templates on worker threads and returns the results in discovery
//! order, so reports read the same whatever the thread count.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{run_template_with, CaseResult, SuiteTemplate};
use crate::render::LimitOverrides;

/// Runs every case of `suites` (those whose id contains `filter`) on up to `jobs` threads.
/// `done` counts finished cases as they complete, for a progress display.
pub fn run_all(
    suites: &[SuiteTemplate],
    filter: Option<&str>,
    jobs: usize,
    done: &AtomicUsize,
) -> Vec<CaseResult> {
    run_all_with(suites, filter, jobs, done, &LimitOverrides::default())
}

/// [`run_all`] with `overrides` on the limits of every case.
pub fn run_all_with(
    suites: &[SuiteTemplate],
    filter: Option<&str>,
    jobs: usize,
    done: &AtomicUsize,
    overrides: &LimitOverrides,
) -> Vec<CaseResult> {
    let jobs = jobs.clamp(1, suites.len().max(1));
    if jobs == 1 {
        return suites
            .iter()
            .flat_map(|suite| {
                let results = run_template_with(suite, filter, overrides);
                done.fetch_add(results.len(), Ordering::Relaxed);
                results
            })
            .collect();
    }
    // Templates are handed out one at a time from a shared counter: cheap, and a slow template
    // does not hold up a fixed share of the others.
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Vec<CaseResult>>> = suites.iter().map(|_| Mutex::default()).collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(suite) = suites.get(index) else {
                    break;
                };
                let results = run_template_with(suite, filter, overrides);
                done.fetch_add(results.len(), Ordering::Relaxed);
                if let Some(Ok(mut slot)) = slots.get(index).map(Mutex::lock) {
                    *slot = results;
                }
            });
        }
    });
    slots
        .into_iter()
        .flat_map(|slot| slot.into_inner().unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::Case;
    use std::path::PathBuf;

    #[test]
    fn results_keep_discovery_order_on_many_threads() {
        let suites: Vec<SuiteTemplate> = (0..40)
            .map(|i| SuiteTemplate {
                path: PathBuf::from(format!("/nonexistent/t{i:02}.vtl")),
                root: PathBuf::from("/nonexistent"),
                text: format!("#foreach($x in [1..{}])$x#end", 40 - i),
                cases: vec![Case::default_case()],
            })
            .collect();
        let done = AtomicUsize::new(0);
        let ids: Vec<String> = run_all(&suites, None, 4, &done)
            .into_iter()
            .map(|r| r.id)
            .collect();
        let expected: Vec<String> = (0..40).map(|i| format!("t{i:02}@default")).collect();
        assert_eq!(ids, expected);
        assert_eq!(done.load(Ordering::Relaxed), 40);
    }
}
