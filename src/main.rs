fn main() {
    std::process::exit(sellerdeck::cli::main());
}
