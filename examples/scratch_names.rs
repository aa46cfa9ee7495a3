use tarjama::names::*;
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let ms = find_mentions(&pair[0]);
        let f = form_units(&pair[1]);
        for m in &ms {
            println!(
                "{:?} units {:?}",
                m.text(&pair[0]),
                m.units
                    .iter()
                    .map(|u| (&u.spelling, &u.keys))
                    .collect::<Vec<_>>()
            );
        }
        println!(
            "form units {:?}",
            f.iter().map(|u| (&u.spelling, &u.keys)).collect::<Vec<_>>()
        );
        for m in &ms {
            println!("  -> {:?}", compare(&m.units, &f, &MatchParams::default()));
        }
    }
}
