import Foundation
import Postgres
import TestSupport

/// Databases the exchange tests share: one migrated (code lists only), made once.
actor ExchangeFixture {
    static let shared = ExchangeFixture()
    private var migratedDatabase: Task<PostgresConfiguration, Error>?

    func migrated() async throws -> PostgresConfiguration {
        if let migratedDatabase { return try await migratedDatabase.value }
        let task = Task { try await ProjectDatabase.migrated("exchange-codes") }
        migratedDatabase = task
        return try await task.value
    }
}
