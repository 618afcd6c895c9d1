fn main() {
    cc::Build::new().file("c/mul.c").compile("mul");
}
