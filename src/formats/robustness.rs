//! Property tests: the readers never panic, whatever bytes they are given; they return
//! units, record errors or one error. Inputs are built from fragments of real CSV and TMX
//! so that the generator reaches deep into both parsers.

use proptest::prelude::*;

use super::{read_file, Format, Item, ReadOptions};

const TMX_PIECES: &[&str] = &[
    "<?xml version=\"1.0\"?>",
    "<tmx version=\"1.4\">",
    "</tmx>",
    "<header srclang=\"ar\"/>",
    "<header srclang=\"*all*\">",
    "</header>",
    "<body>",
    "</body>",
    "<tu tuid=\"1\">",
    "</tu>",
    "<tuv xml:lang=\"ar\">",
    "<tuv lang=\"en\">",
    "</tuv>",
    "<seg>",
    "</seg>",
    "<seg/>",
    "<bpt i=\"1\">&lt;b&gt;</bpt>",
    "<ept i=\"1\">",
    "</ept>",
    "<ph/>",
    "<hi>",
    "</hi>",
    "<prop type=\"x-status\">",
    "</prop>",
    "<note>",
    "</note>",
    "سلام",
    "Peace",
    "&amp;",
    "&bad;",
    "&#1575;",
    "&#xZZ;",
    "<![CDATA[x<y]]>",
    "<!-- c -->",
    "<!DOCTYPE tmx>",
    "<!DOCTYPE t [<!ENTITY a \"b\">]>",
    "\n",
    " ",
    "<",
    ">",
    "&",
    "\"",
    "\u{FEFF}",
];

const CSV_PIECES: &[&str] = &[
    "ar",
    "en",
    "note",
    "status",
    "created",
    ",",
    ";",
    "\t",
    "\n",
    "\r\n",
    "\"",
    "\"\"",
    "سلام",
    "Peace",
    "reviewed",
    "2024-01-31",
    "x",
    " ",
    "\u{FEFF}",
    "source",
    "target",
];

fn assemble(pieces: &'static [&'static str]) -> impl Strategy<Value = Vec<u8>> {
    let piece = proptest::sample::select(pieces).prop_map(|s| s.as_bytes().to_vec());
    let byte = any::<u8>().prop_map(|b| vec![b]);
    proptest::collection::vec(prop_oneof![9 => piece, 1 => byte], 0..60)
        .prop_map(|parts| parts.concat())
}

fn read_never_panics(bytes: &[u8], name: &str, format: Format) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let options = ReadOptions {
        format: Some(format),
        ..ReadOptions::default()
    };
    let mut seen = 0usize;
    let _ = read_file(&path, &options, &mut |item, _| {
        if let Item::Unit { unit, .. } = item {
            assert!(!unit.source.text.trim().is_empty());
            assert!(!unit.target.text.trim().is_empty());
        }
        seen += 1;
        Ok(())
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn tmx_reader_never_panics(bytes in assemble(TMX_PIECES)) {
        read_never_panics(&bytes, "f.tmx", Format::Tmx);
    }

    #[test]
    fn csv_reader_never_panics(bytes in assemble(CSV_PIECES)) {
        read_never_panics(&bytes, "f.csv", Format::Csv);
    }
}
