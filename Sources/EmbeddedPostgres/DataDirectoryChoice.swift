import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension EmbeddedPostgres {
    /// The data folder to use when the user named none: `preferred` (e.g. `.qunji/db` in the project),
    /// unless we are root and the unprivileged server account could not reach it.
    ///
    /// As root the server runs as `systemUserWhenRoot`, which must be able to enter every parent folder.
    /// A checkout under a private home folder (`/root` is 0700) fails that, and a first `qunji db start`
    /// should not fail on it: the data then goes under `/var/lib/qunji/`, named after the preferred path.
    /// An explicit `--data-dir` is never second-guessed; `initdb` then explains the problem itself.
    public static func defaultDataDirectory(preferred: String, systemUserWhenRoot: String = "postgres") -> String {
        let absolute = URL(fileURLWithPath: preferred).standardizedFileURL.path
        guard SystemUser.isRoot, let user = SystemUser.named(systemUserWhenRoot),
              !canTraverse(parentsOf: absolute, as: user)
        else { return absolute }
        let name = absolute.split(separator: "/").joined(separator: "_")
        return "/var/lib/qunji/" + (name.isEmpty ? "db" : name)
    }

    /// True when `user` may enter every existing folder above `path` (the execute bit for its class).
    static func canTraverse(parentsOf path: String, as user: SystemUser) -> Bool {
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while true {
            var info = stat()
            if stat(folder.path, &info) == 0 {
                let mode = UInt32(info.st_mode)
                let allowed: Bool
                if UInt32(info.st_uid) == user.uid {
                    allowed = mode & UInt32(S_IXUSR) != 0
                } else if UInt32(info.st_gid) == user.gid {
                    allowed = mode & UInt32(S_IXGRP) != 0
                } else {
                    allowed = mode & UInt32(S_IXOTH) != 0
                }
                if !allowed { return false }
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { return true }
            folder = parent
        }
    }
}
