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
        // The cap of live operations per client: 1 and 1,024 are the edges.
        #expect(try ServerConfiguration(environment: [:]).maximumLivePerClient == 16)
        #expect(try ServerConfiguration(environment: ["QUNJI_MAX_LIVE_PER_CLIENT": "1"]).maximumLivePerClient == 1)
        #expect(try ServerConfiguration(environment: ["QUNJI_MAX_LIVE_PER_CLIENT": "1024"]).maximumLivePerClient == 1024)
        for bad in ["0", "1025"] {
            #expect(throws: ServerConfigurationError.invalid("QUNJI_MAX_LIVE_PER_CLIENT", bad, "must be between 1 and 1024")) {
                try ServerConfiguration(environment: ["QUNJI_MAX_LIVE_PER_CLIENT": bad])
            }
        }
        #expect(try ServerConfiguration(environment: [:]).maximumLive == 4096)
        #expect(try ServerConfiguration(environment: ["QUNJI_MAX_LIVE": "1"]).maximumLive == 1)
        #expect(try ServerConfiguration(environment: ["QUNJI_MAX_LIVE": "65536"]).maximumLive == 65536)
        for bad in ["0", "65537"] {
            #expect(throws: ServerConfigurationError.invalid("QUNJI_MAX_LIVE", bad, "must be between 1 and 65536")) {
                try ServerConfiguration(environment: ["QUNJI_MAX_LIVE": bad])
            }
        }
        #expect(ServerConfigurationError.invalid("QUNJI_PORT", "x", "not an integer").description
                == #"invalid QUNJI_PORT "x": not an integer"#)
    }
}
