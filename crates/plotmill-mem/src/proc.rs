//! A process tree's memory, read from Linux's /proc.

use std::collections::HashMap;
use std::fs;

/// Which memory to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    /// Resident set size: every page in RAM that the process maps, shared
    /// pages counted in full (what `ps`, `top` and mprof show).
    #[default]
    Rss,
    /// Proportional set size: shared pages divided among the processes that
    /// share them, so that a tree's PSS adds up without counting twice.
    Pss,
    /// Unique set size: pages only this process maps (what it would free on
    /// exit).
    Uss,
}

impl Metric {
    /// The name used in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Rss => "rss",
            Metric::Pss => "pss",
            Metric::Uss => "uss",
        }
    }
}

/// The memory of process `pid` in bytes, or `None` once it is gone (or not
/// readable).
pub fn memory(pid: u32, metric: Metric) -> Option<u64> {
    match metric {
        Metric::Rss => kib_fields(&format!("/proc/{pid}/status"), &["VmRSS:"]),
        Metric::Pss => kib_fields(&format!("/proc/{pid}/smaps_rollup"), &["Pss:"]),
        Metric::Uss => kib_fields(
            &format!("/proc/{pid}/smaps_rollup"),
            &["Private_Clean:", "Private_Dirty:"],
        ),
    }
    .map(|kib| kib * 1024)
}

/// The sum of the named `kB` fields of a /proc file.
fn kib_fields(path: &str, fields: &[&str]) -> Option<u64> {
    let text = fs::read_to_string(path).ok()?;
    let mut total = 0u64;
    let mut found = false;
    for line in text.lines() {
        for field in fields {
            if let Some(rest) = line.strip_prefix(field) {
                total += rest
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()?;
                found = true;
            }
        }
    }
    // A zombie has a status file without VmRSS: nothing to count.
    found.then_some(total)
}

/// Whether process `pid` exists (and is not a zombie).
pub fn alive(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => stat_fields(&stat).is_some_and(|(state, _)| state != 'Z' && state != 'X'),
        Err(_) => false,
    }
}

/// State and parent of a `/proc/<pid>/stat` line. The command name is in
/// parentheses and may hold spaces and parentheses itself: the fields
/// follow the last `)`.
fn stat_fields(stat: &str) -> Option<(char, u32)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut parts = rest.split_whitespace();
    let state = parts.next()?.chars().next()?;
    let ppid = parts.next()?.parse().ok()?;
    Some((state, ppid))
}

/// Every descendant of `pid` (children, their children, ...), in order of
/// process id.
pub fn descendants(pid: u32) -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in entries.flatten() {
        let Some(child) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        if let Some((state, ppid)) = stat_fields(&stat)
            && state != 'Z'
        {
            children.entry(ppid).or_default().push(child);
        }
    }
    let mut out = Vec::new();
    let mut stack = vec![pid];
    while let Some(p) = stack.pop() {
        if let Some(c) = children.get(&p) {
            for &k in c {
                // A pid seen twice would mean a cycle in a racing snapshot.
                if !out.contains(&k) && k != pid {
                    out.push(k);
                    stack.push(k);
                }
            }
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_lines_with_odd_names_parse() {
        assert_eq!(stat_fields("42 (a) b) c) S 7 42 42 0"), Some(('S', 7)));
        assert_eq!(stat_fields("42 (x) Z 1 0"), Some(('Z', 1)));
        assert_eq!(stat_fields("garbage"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_and_a_child() {
        let me = std::process::id();
        for metric in [Metric::Rss, Metric::Pss, Metric::Uss] {
            let m = memory(me, metric).unwrap();
            assert!(m > 100 << 10, "{metric:?} {m}");
        }
        assert!(alive(me));
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        assert!(descendants(me).contains(&child.id()));
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(!alive(child.id()));
        assert_eq!(memory(u32::MAX - 1, Metric::Rss), None);
    }
}
