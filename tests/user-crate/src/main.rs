//! Lists the links of this network namespace with nlrs: a user's program, small on purpose.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut sock = nlrs::conn::Socket::open(nlrs::wire::consts::proto::ROUTE)?;
    for link in nlrs::rtnl::link::list(&mut sock, &Default::default())? {
        // The index, the flags as `ip` names them, and the name last.
        println!("{} <{}> {}", link.index, link.flags, link.name);
    }
    Ok(())
}
