//! Lists the links of this network namespace with nlrs: a user's program, small on purpose.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sock = nlrs::conn::Socket::open(nlrs::wire::consts::proto::ROUTE)?;
    for link in nlrs::rtnl::link::list(&mut sock, &Default::default())? {
        println!("{} {}", link.index, link.name);
    }
    Ok(())
}
