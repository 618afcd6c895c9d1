extern "C" {
    fn c_mul(a: i32, b: i32) -> i32;
}

fn main() {
    println!("c says 6 * 7 = {}", unsafe { c_mul(6, 7) });
}
