//! A synthetic client file of any size for import tests and the import
//! benchmark (`benches/import.rs` includes this file): invented names and
//! numbers only, every column a coordinator's export would have, the same
//! bytes for the same row count.

use std::io::{self, Write};

const GIVEN: [&str; 12] = ["Ada", "Bo", "Cora", "Dev", "Elin", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lior"];
const FAMILY: [&str; 10] =
    ["Quill", "Stone", "Ng", "Okafor", "Lindqvist", "Reyes", "Moreau", "Tanaka", "Haddad", "Kowal"];
const RISKS: [&str; 3] = ["high", "medium", "low"];
const PROGRAMS: [&str; 4] = ["ccm", "general", "bhi", "pcm"];
const COORDINATORS: [&str; 5] = ["casey", "riley", "sam", "jordan", "alex"];

/// Writes a header and `rows` valid clients, MRNs `SYN-0000001` upwards.
pub fn clients_csv(rows: usize, out: impl Write) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    writeln!(
        out,
        "mrn,given_name,family_name,preferred_name,dob,phone,address,language,interpreter_needed,program,risk,\
         status,coordinator,enrolled_on,payer,member_id,coverage_ends_on,tags"
    )?;
    for n in 0..rows {
        let given = GIVEN[n % GIVEN.len()];
        let family = FAMILY[(n / GIVEN.len()) % FAMILY.len()];
        let (year, month, day) = (1930 + n % 70, 1 + n % 12, 1 + n % 28);
        writeln!(
            out,
            "SYN-{n:07},{given},{family}-{n},,{year}-{month:02}-{day:02},555-{:04},\"{} Elm St, Springfield\",{},{},{},{},\
             active,{},2025-{month:02}-{day:02},Medicaid,MC-{n},2027-06-30,\"diabetes,chf\"",
            n % 10_000,
            1 + n % 900,
            if n % 7 == 0 { "Spanish" } else { "English" },
            n % 7 == 0,
            PROGRAMS[n % PROGRAMS.len()],
            RISKS[n % RISKS.len()],
            COORDINATORS[n % COORDINATORS.len()],
        )?;
    }
    out.flush()
}
