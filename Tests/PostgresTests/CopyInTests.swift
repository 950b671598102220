import Postgres
import Testing

@Suite("COPY FROM STDIN")
struct CopyInTests {
    struct Aborted: Error {}

    @Test("tabs, newlines, backslashes, NULL, empty strings and 中文 survive a round trip")
    func roundTrip() async throws {
        let connection = try await freshConnection("copy")
        defer { connection.close() }
        let values: [String?] = [
            "plain", "tab\there", "line1\nline2", "carriage\rreturn", #"back\slash"#, #"\N"#, "中文名称", "", nil,
            "\\\t\n mixed 中 \\n",
        ]
        let (copied, rows) = try await onThread {
            try connection.execute("CREATE TABLE sample (id int PRIMARY KEY, value text, note text)")
            let copied = try connection.copyIn("COPY sample (id, value, note) FROM STDIN") { writer in
                for (index, value) in values.enumerated() {
                    try writer.row([String(index), value, index % 2 == 0 ? nil : "note \(index)"])
                }
            }
            let rows = try connection.query("SELECT id, value, note, value IS NULL AS null FROM sample ORDER BY id")
            return (copied, rows)
        }
        #expect(copied == values.count)
        #expect(rows.count == values.count)
        for (index, value) in values.enumerated() {
            #expect(rows[index, "value"] == value, "row \(index)")
            #expect(rows[index, "null"] == (value == nil ? "t" : "f"), "row \(index)")
            #expect(rows[index, "note"] == (index % 2 == 0 ? nil : "note \(index)"), "row \(index)")
        }
    }

    @Test("more than one 64 KiB chunk")
    func manyChunks() async throws {
        let connection = try await freshConnection("copybig")
        defer { connection.close() }
        let total = 20_000
        let (copied, summary) = try await onThread {
            try connection.execute("CREATE TABLE big (id int, payload text)")
            let copied = try connection.copyIn("COPY big FROM STDIN") { writer in
                for id in 0..<total {
                    try writer.row([String(id), "payload 行 \(id) with some padding to make rows longer"])
                }
            }
            let summary = try connection.query("SELECT count(*), sum(id), sum(length(payload)) > 1000000 FROM big")
            return (copied, summary)
        }
        #expect(copied == total)
        #expect(summary[0, 0] == String(total))
        #expect(summary[0, 1] == String(total * (total - 1) / 2))
        #expect(summary[0, 2] == "t")
    }

    @Test("bad data is a .server error with 22P02, nothing is inserted, and the connection stays usable")
    func badData() async throws {
        let connection = try await freshConnection("copybad")
        defer { connection.close() }
        try await onThread { try connection.execute("CREATE TABLE numbers (n int)") }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread {
                try connection.copyIn("COPY numbers FROM STDIN") { writer in
                    try writer.row(["1"])
                    try writer.row(["not a number"])
                    try writer.row(["3"])
                }
            }
        }
        guard case .server(let server) = error else {
            Issue.record("expected .server, got \(String(describing: error))")
            return
        }
        #expect(server.sqlState == .invalidTextRepresentation)
        #expect(server.message.contains("not a number"))
        #expect(connection.isHealthy)
        #expect(connection.transactionStatus == .idle)
        let count = try await onThread { try connection.query("SELECT count(*) FROM numbers").scalar }
        #expect(count == "0")
    }

    @Test("bad data in a later chunk, after the server already rejected an earlier one")
    func badDataEarlyInLongCopy() async throws {
        let connection = try await freshConnection("copybadlong")
        defer { connection.close() }
        try await onThread { try connection.execute("CREATE TABLE numbers (n int, filler text)") }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread {
                try connection.copyIn("COPY numbers FROM STDIN") { writer in
                    try writer.row(["oops", "x"])
                    let filler = String(repeating: "x", count: 1000)
                    for n in 0..<5_000 {
                        try writer.row([String(n), filler])
                    }
                }
            }
        }
        #expect(error?.sqlState == .invalidTextRepresentation)
        let count = try await onThread { try connection.query("SELECT count(*) FROM numbers").scalar }
        #expect(count == "0")
    }

    @Test("an error thrown by the body aborts the COPY and is rethrown")
    func bodyThrows() async throws {
        let connection = try await freshConnection("copyabort")
        defer { connection.close() }
        try await onThread { try connection.execute("CREATE TABLE t (x text)") }
        await #expect(throws: Aborted.self) {
            try await onThread {
                try connection.copyIn("COPY t FROM STDIN") { writer in
                    try writer.row(["kept?"])
                    throw Aborted()
                }
            }
        }
        let count = try await onThread { try connection.query("SELECT count(*) FROM t").scalar }
        #expect(count == "0")
    }

    @Test("a statement that is not COPY FROM STDIN is refused and leaves the connection usable", arguments: [
        "SELECT 1", "COPY (SELECT 1) TO STDOUT",
    ])
    func notCopyIn(_ sql: String) async throws {
        let connection = try await freshConnection("copywrong")
        defer { connection.close() }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.copyIn(sql) { _ in } }
        }
        guard case .copyFailed = error else {
            Issue.record("expected .copyFailed, got \(String(describing: error))")
            return
        }
        let value = try await onThread { try connection.query("SELECT 2").scalar }
        #expect(value == "2")
    }

    @Test("COPY started through query() is ended instead of wedging the connection")
    func copyThroughQuery() async throws {
        let connection = try await freshConnection("copyquery")
        defer { connection.close() }
        try await onThread { try connection.execute("CREATE TABLE t (x int)") }
        let error = await #expect(throws: PostgresError.self) {
            try await onThread { try connection.query("COPY t FROM STDIN") }
        }
        guard case .copyFailed = error else {
            Issue.record("expected .copyFailed, got \(String(describing: error))")
            return
        }
        let value = try await onThread { try connection.query("SELECT 3").scalar }
        #expect(value == "3")
    }
}
