import EmbeddedPostgres
import Foundation
import Testing

@Suite struct PostgresInstallationTests {
    @Test func locatesTheServerPrograms() throws {
        let installation = try PostgresInstallation.locate()
        #expect(FileManager.default.isExecutableFile(atPath: installation.executable("initdb")))
        #expect(FileManager.default.isExecutableFile(atPath: installation.executable("pg_ctl")))
    }

    @Test func missingInstallationNamesThePackageToInstall() {
        do {
            let found = try PostgresInstallation.locate(
                environment: ["PATH": ""], pgConfig: "/nonexistent/pg_config", versionedRoots: ["/nonexistent"])
            Issue.record("expected .notInstalled, found \(found.binDirectory)")
        } catch {
            guard case .notInstalled(let advice) = error else {
                Issue.record("expected .notInstalled, got \(error)")
                return
            }
            #expect(advice.contains("postgresql-15"))
            #expect(error.description.contains("initdb"))
        }
    }

    @Test func prefersTheHighestMajorVersion() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qunji-locate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for version in ["9.6", "15", "11", "not-a-version"] {
            let bin = root.appendingPathComponent("\(version)/bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            for program in ["initdb", "pg_ctl"] {
                let path = bin.appendingPathComponent(program).path
                #expect(FileManager.default.createFile(
                    atPath: path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
            }
        }
        let installation = try PostgresInstallation.locate(
            environment: ["PATH": ""], pgConfig: "/nonexistent/pg_config", versionedRoots: [root.path])
        #expect(installation.binDirectory == root.appendingPathComponent("15/bin").path)
    }
}
