import Foundation

/// The files of one private cluster: the data folder, the folder for its Unix socket, its log, and its
/// `postmaster.pid`.
///
/// Everything about a server that must survive our process (is it running, on which port) is read back
/// from these files rather than remembered, so that a second `EmbeddedPostgres` — or a second run of the
/// CLI — sees the same truth as the one that started the server.
struct ServerFolders: Sendable {
    /// Absolute path of the cluster (PGDATA).
    let data: String
    /// Where the server puts `.s.PGSQL.<port>`; ours alone, so it never collides with a system server.
    let socket: String
    /// `pg_ctl -l` target: the server's stdout/stderr, which explains failed starts.
    let log: String

    /// Unix socket paths are limited to about 104 bytes (`sun_path`); the socket file name adds up to 15.
    private static let maximumSocketFolderLength = 88

    init(dataDirectory: String) {
        let data = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        self.data = data
        self.log = data + "/server.log"
        let preferred = data + "/socket"
        if preferred.utf8.count <= Self.maximumSocketFolderLength {
            self.socket = preferred
        } else {
            // Too deep for a socket path: use a short folder named after the cluster so it stays stable.
            self.socket = "/tmp/qunji-pg-" + Self.stableHash(data)
        }
    }

    /// The generated password of the cluster's roles, mode 0600 in the data folder.
    var passwordFile: String { data + "/qunji.password" }

    var password: String? {
        (try? String(contentsOfFile: passwordFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the password (mode 0600, owned by `owner`) as `qunji.password` into `folder`, which must
    /// exist; returns its path.
    func writePassword(_ password: String, into folder: String, name: String = "qunji.password",
                       owner: SystemUser?) throws(EmbeddedPostgresError) -> String {
        let files = FileManager.default
        let passwordFile = folder + "/" + name
        do {
            guard files.createFile(atPath: passwordFile, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
            if let owner {
                try files.setAttributes([.ownerAccountID: NSNumber(value: owner.uid), .groupOwnerAccountID: NSNumber(value: owner.gid)],
                                        ofItemAtPath: passwordFile)
            }
        } catch {
            throw .fileSystem("could not write \(passwordFile): \(error.localizedDescription)")
        }
        return passwordFile
    }

    var isInitialized: Bool { FileManager.default.fileExists(atPath: data + "/PG_VERSION") }

    /// The port recorded in `postmaster.pid` (its fourth line), if the file exists and is well formed.
    /// The file can be stale after a crash; callers confirm with `pg_ctl status` first.
    var recordedPort: Int? {
        guard let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, let port = Int(lines[3].trimmingCharacters(in: .whitespaces)) else { return nil }
        return port
    }

    var hasPIDFile: Bool { FileManager.default.fileExists(atPath: data + "/postmaster.pid") }

    /// Creates `path` (mode 0700) if needed and, when `owner` is given, hands it to that user.
    ///
    /// Missing parent folders are created with the default mode (umask), so the owner can traverse them.
    func prepareFolder(_ path: String, owner: SystemUser?) throws(EmbeddedPostgresError) {
        let files = FileManager.default
        do {
            if !files.fileExists(atPath: path) {
                // Parents first, with default permissions: Foundation would apply 0700 to every folder it
                // creates, and the server's user could not traverse them.
                let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
                try files.createDirectory(atPath: parent, withIntermediateDirectories: true)
                try files.createDirectory(
                    atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            }
            // 0700 also for a folder that existed: the socket folder is what keeps other accounts out.
            try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
            if let owner {
                try files.setAttributes(
                    [.ownerAccountID: NSNumber(value: owner.uid), .groupOwnerAccountID: NSNumber(value: owner.gid)],
                    ofItemAtPath: path)
            }
        } catch {
            let forWhom = owner.map { " for the system user '\($0.name)'" } ?? ""
            throw .fileSystem("could not prepare the folder \(path)\(forWhom): \(error.localizedDescription)")
        }
    }

    /// Size of the log now, so a failed start can show only what this attempt wrote.
    var logSize: UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: log))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The last `lineCount` lines the server logged after byte `offset`.
    func logTail(after offset: UInt64, lineCount: Int = 20) -> String {
        guard let handle = FileHandle(forReadingAtPath: log) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.readToEnd()) ?? Data()
        let lines = String(decoding: data, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: true)
        return lines.suffix(lineCount).joined(separator: "\n")
    }

    /// FNV-1a, because `Hasher` is seeded per process and the fallback socket folder must be the same in
    /// every process that opens this cluster.
    private static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
