import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct TestDatabaseTests {
    @Test func freshDatabasesAreSeparate() async throws {
        let first = try await TestDatabase.shared.freshDatabase("separate")
        let second = try await TestDatabase.shared.freshDatabase("separate")
        #expect(first != second)

        let firstName = try #require(try scalar("SELECT current_database()", on: first))
        let secondName = try #require(try scalar("SELECT current_database()", on: second))
        #expect(firstName != secondName)
        #expect(firstName.hasPrefix("t_separate_"))

        try execute("CREATE TABLE only_here (id int)", on: first)
        #expect(try scalar("SELECT to_regclass('only_here') IS NULL", on: second) == "t")
    }

    @Test func serverIsStartedOnceAndShared() async throws {
        let a = try await TestDatabase.shared.server()
        let b = try await TestDatabase.shared.server()
        #expect(a == b)
        #expect(try scalar("SELECT 1", on: a) == "1")
    }

    @Test func repositoryRootHoldsThePackage() {
        #expect(FileManager.default.fileExists(atPath: Repository.url("Package.swift").path))
    }
}
