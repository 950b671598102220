import Postgres
import TestSupport

/// Runs `sql` in a transaction that is always rolled back, with the deferred checks forced, and returns the server
/// error, if any: how the tests ask whether the database itself refuses a row, whatever client writes it.
func attempt(_ sql: String, in database: PostgresConfiguration) async throws -> ServerError? {
    try await ProjectDatabase.withConnection(database) { connection -> ServerError? in
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        do {
            try connection.execute(sql)
            // Deferred checks run at commit: ask for them now.
            try connection.execute("SET CONSTRAINTS ALL IMMEDIATE")
            return nil
        } catch let error as PostgresError {
            guard case .server(let serverError) = error else { throw error }
            return serverError
        }
    }
}
