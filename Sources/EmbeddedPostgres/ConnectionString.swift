import Foundation

/// Builds the ways of reaching an embedded server: a libpq conninfo for code, a URL for people.
enum ConnectionString {
    /// `host=127.0.0.1 port=… user=… dbname=… sslmode=disable`. The private server has no TLS, so asking
    /// for it (libpq's default `prefer`) would only cost a round trip per connection.
    static func conninfo(port: Int, user: String, database: String) -> String {
        "host=127.0.0.1 port=\(port) user=\(quoted(user)) dbname=\(quoted(database)) sslmode=disable"
    }

    /// `host=<socket folder> port=… user=… dbname=…`: the Unix socket, reachable by the server's account alone.
    static func socketConninfo(folder: String, port: Int, user: String, database: String) -> String {
        "host=\(quoted(folder)) port=\(port) user=\(quoted(user)) dbname=\(quoted(database))"
    }

    /// `postgresql://user:password@127.0.0.1:port/database`; without a port when it is not known yet.
    static func url(port: Int?, user: String, password: String?, database: String) -> String {
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let encodedPassword = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) } ?? ""
        let encodedDatabase = database.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? database
        let portPart = port.map { ":\($0)" } ?? ""
        return "postgresql://\(encodedUser)\(encodedPassword)@127.0.0.1\(portPart)/\(encodedDatabase)"
    }

    /// An SQL string literal, doubling embedded quotes.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A conninfo value in single quotes, with `\` and `'` escaped as libpq expects.
    static func quoted(_ value: String) -> String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }

    /// An SQL identifier in double quotes (for `CREATE DATABASE`), doubling embedded quotes.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A word for the shell that `pg_ctl -o` hands its options to.
    static func shellWord(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
