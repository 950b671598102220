import CLibPQ

/// The `keyword = value` pairs that a connection string sets explicitly, as `PQconninfoParse` reads
/// them (from either a `postgresql://` URL or a `key=value` string). Defaults and `PG*` environment
/// variables are *not* included: libpq applies those itself when connecting.
struct ConnectionInfo: Sendable, Hashable {
    struct Option: Sendable, Hashable {
        var keyword: String
        var value: String
    }

    /// In libpq's keyword order.
    var options: [Option]

    /// Parses `connectionString` with `PQconninfoParse`; throws `.invalidConfiguration` with libpq's message.
    init(parsing connectionString: String) throws(PostgresError) {
        var errorMessage: UnsafeMutablePointer<CChar>? = nil
        guard let parsed = PQconninfoParse(connectionString, &errorMessage) else {
            let message: String
            if let errorMessage {
                message = String(cString: errorMessage).trimmingTrailingWhitespace()
                PQfreemem(errorMessage)
            } else {
                message = "out of memory while parsing the connection string"
            }
            throw .invalidConfiguration(message)
        }
        defer { PQconninfoFree(parsed) }

        var options: [Option] = []
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                options.append(Option(keyword: String(cString: keyword), value: String(cString: value)))
            }
            cursor += 1
        }
        self.options = options
    }

    init(options: [Option]) {
        self.options = options
    }

    subscript(keyword: String) -> String? {
        get {
            self.options.first { $0.keyword == keyword }?.value
        }
        set {
            self.options.removeAll { $0.keyword == keyword }
            if let newValue {
                self.options.append(Option(keyword: keyword, value: newValue))
            }
        }
    }

    /// `key='value' ...`, every value quoted so that spaces, quotes and backslashes survive.
    var keywordValueString: String {
        self.options.map { "\($0.keyword)=\(Self.quote($0.value))" }.joined(separator: " ")
    }

    /// Quotes a conninfo value: single quotes around it, `'` and `\` escaped with a backslash.
    static func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            if character == "'" || character == "\\" {
                quoted.append("\\")
            }
            quoted.append(character)
        }
        quoted.append("'")
        return quoted
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace {
            text.removeLast()
        }
        return String(text)
    }
}
