//! What this process has used so far, from Linux's `/proc` (0 elsewhere), for the examples
//! that print figures: the machine may be shared, so CPU time is printed next to wall time.

#![allow(dead_code)] // each example uses its own subset

/// CPU seconds used by this process so far (user + system, all threads).
pub fn cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/self/stat")
}

/// CPU seconds used by the calling thread so far.
pub fn thread_cpu_seconds() -> f64 {
    stat_cpu_seconds("/proc/thread-self/stat")
}

fn stat_cpu_seconds(path: &str) -> f64 {
    stat_fields(path, &[11, 12]) / 100.0
}

/// System CPU seconds of this process so far (page faults, mapping and unmapping).
pub fn system_seconds() -> f64 {
    stat_fields("/proc/self/stat", &[12]) / 100.0
}

/// Page faults of this process so far (minor and major).
pub fn page_faults() -> f64 {
    stat_fields("/proc/self/stat", &[7, 9])
}

/// The sum of fields `at` of a `stat` file (counted after the command's name: 0 is the
/// state, 7 minflt, 9 majflt, 11 utime, 12 stime).
fn stat_fields(path: &str, at: &[usize]) -> f64 {
    let stat = std::fs::read_to_string(path).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    at.iter()
        .filter_map(|&i| f.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum()
}

/// Peak resident set of this process so far (VmHWM), in MB.
pub fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The machine's one-minute load average, as written.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("?")
        .to_owned()
}
