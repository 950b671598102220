/// Name under which a connection prepares a statement: `q_` + FNV-1a 64 of the SQL text, in hex.
///
/// Stable across connections and processes (useful when reading `pg_prepared_statements`), short
/// enough for `NAMEDATALEN` (18 characters).
public enum StatementName {
    public static func forSQL(_ sql: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "q_" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
