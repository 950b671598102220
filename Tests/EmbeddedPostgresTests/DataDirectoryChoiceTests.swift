import EmbeddedPostgres
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct DataDirectoryChoiceTests {
    @Test func aReachableFolderIsKept() throws {
        let folder = Scratch.newFolder("reachable") + "/db"
        #expect(EmbeddedPostgres.defaultDataDirectory(preferred: folder) == folder)
    }

    /// Only root hands the cluster to another account, so only then can a private parent be a problem.
    @Test(.enabled(if: geteuid() == 0))
    func rootUnderAPrivateFolderMovesToVarLib() throws {
        let privateParent = Scratch.newFolder("private")
        try FileManager.default.createDirectory(
            atPath: privateParent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let preferred = privateParent + "/.qunji/db"
        let chosen = EmbeddedPostgres.defaultDataDirectory(preferred: preferred)
        #expect(chosen.hasPrefix("/var/lib/qunji/"))
        #expect(chosen.hasSuffix("_.qunji_db"))
    }
}
