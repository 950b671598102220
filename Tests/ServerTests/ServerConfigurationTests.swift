@testable import Server
import Testing

@Suite("Server configuration from flags and environment")
struct ServerConfigurationTests {
    @Test("defaults: 127.0.0.1:8080, 1 MiB, no CORS")
    func defaults() throws {
        let configuration = try ServerConfiguration(environment: [:])
        #expect(configuration == ServerConfiguration())
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.maximumBodySize == 1_048_576)
        #expect(configuration.corsAllowedOrigin == nil)
        #expect(configuration.graphQLURL() == "http://127.0.0.1:8080/graphql")
    }

    @Test("environment over defaults, flags over environment")
    func precedence() throws {
        let environment = ["QUNJI_HOST": "0.0.0.0", "QUNJI_PORT": "9090", "QUNJI_MAX_BODY_BYTES": "2048",
                           "QUNJI_CORS_ORIGIN": "*"]
        let fromEnvironment = try ServerConfiguration(environment: environment)
        #expect(fromEnvironment.host == "0.0.0.0" && fromEnvironment.port == 9090)
        #expect(fromEnvironment.maximumBodySize == 2048 && fromEnvironment.corsAllowedOrigin == "*")
        let fromFlags = try ServerConfiguration(host: "::1", port: 0, maximumBodySize: 10, environment: environment)
        #expect(fromFlags.host == "::1" && fromFlags.port == 0 && fromFlags.maximumBodySize == 10)
        #expect(fromFlags.graphQLURL(port: 41234) == "http://[::1]:41234/graphql")
        #expect(try ServerConfiguration(environment: ["QUNJI_PORT": " "]).port == 8080)
    }

    @Test("bad values name their source")
    func invalid() throws {
        #expect(throws: ServerConfigurationError.invalid("QUNJI_PORT", "http", "not an integer")) {
            try ServerConfiguration(environment: ["QUNJI_PORT": "http"])
        }
        #expect(throws: ServerConfigurationError.invalid("QUNJI_PORT", "70000", "not in 0...65535")) {
            try ServerConfiguration(environment: ["QUNJI_PORT": "70000"])
        }
        #expect(throws: ServerConfigurationError.invalid("--port", "-1", "not in 0...65535")) {
            try ServerConfiguration(port: -1, environment: [:])
        }
        #expect(throws: ServerConfigurationError.invalid("QUNJI_MAX_BODY_BYTES", "0", "must be positive")) {
            try ServerConfiguration(environment: ["QUNJI_MAX_BODY_BYTES": "0"])
        }
        // The caps of live operations, per client and in all, at their edges and just outside them.
        #expect(try ServerConfiguration(environment: [:]).maximumLivePerClient == 16)
        #expect(try ServerConfiguration(environment: [:]).maximumLive == 4096)
        let caps: [(String, ClosedRange<Int>, KeyPath<ServerConfiguration, Int>)] = [
            ("QUNJI_MAX_LIVE_PER_CLIENT", 1...1024, \.maximumLivePerClient), ("QUNJI_MAX_LIVE", 1...65_536, \.maximumLive),
        ]
        for (key, range, setting) in caps {
            for edge in [range.lowerBound, range.upperBound] {
                #expect(try ServerConfiguration(environment: [key: String(edge)])[keyPath: setting] == edge)
            }
            for bad in [range.lowerBound - 1, range.upperBound + 1] {
                #expect(throws: ServerConfigurationError.invalid(key, String(bad), "must be between \(range.lowerBound) and \(range.upperBound)")) {
                    try ServerConfiguration(environment: [key: String(bad)])
                }
            }
        }
        #expect(ServerConfigurationError.invalid("QUNJI_PORT", "x", "not an integer").description
                == #"invalid QUNJI_PORT "x": not an integer"#)
    }
}
