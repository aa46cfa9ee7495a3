//! Speed with 10,000 glossary people: compiling the checker and checking lines that each
//! name one of them, built the way the test lines are.

use std::time::Instant;

use super::full_names::{Person, Rng};
use super::testset::{checker, Line, Shape, TestSet};

pub fn speed(people: &[Person]) {
    let mut order: Vec<&Person> = people.iter().filter(|p| p.spellings.len() > 1).collect();
    order.extend(people.iter().filter(|p| p.spellings.len() == 1));
    order.truncate(10_000);
    let mut rng = Rng(7);
    let set = TestSet {
        size: order.len(),
        glossary: order
            .iter()
            .map(|p| (p.spellings[0].clone(), p.arabic.clone()))
            .collect(),
        skeletons: order.iter().map(|p| p.skeleton.clone()).collect(),
        lines: order
            .iter()
            .flat_map(|p| p.spellings.clone())
            .map(|s| Line {
                text: rng.sentence(&s),
                want: None,
                shape: Shape::Negative,
                fold: 0,
            })
            .collect(),
    };
    let t = Instant::now();
    let checker = checker(&set);
    let compile = t.elapsed().as_secs_f64();
    let lines: Vec<String> = set.lines.iter().map(|l| l.text.clone()).collect();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let t = Instant::now();
    let reports = checker.check_lines(&lines, 1);
    let check = t.elapsed().as_secs_f64();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    say!(
        "\nspeed, {} glossary people: compile {:.3} s; {} lines ({:.2} MB) checked in {:.3} s ({:.0} lines/s, {} findings)",
        set.size,
        compile,
        lines.len(),
        bytes as f64 / 1e6,
        check,
        lines.len() as f64 / check,
        findings
    );
}
