fn main() {
    for a in std::env::args().skip(1) {
        let v: Vec<&str> = zhen_align::zh_sentences(&a).map(|s| s.as_str()).collect();
        println!("{v:?}");
    }
}
