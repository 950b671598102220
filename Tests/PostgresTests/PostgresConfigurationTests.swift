import Postgres
import Testing

@Suite("PostgresConfiguration")
struct PostgresConfigurationTests {
    @Test("key=value and URL strings are accepted as written")
    func acceptsBothForms() throws {
        let keyValue = try PostgresConfiguration("host=127.0.0.1 port=5432 dbname=qunji")
        #expect(keyValue.connectionString == "host=127.0.0.1 port=5432 dbname=qunji")
        #expect(keyValue.databaseName == "qunji")
        let url = try PostgresConfiguration("postgresql://qunji@127.0.0.1:5432/demo")
        #expect(url.databaseName == "demo")
        let empty = try PostgresConfiguration("")
        #expect(empty.databaseName == nil)
    }

    @Test("an unparsable string is .invalidConfiguration with libpq's reason", arguments: [
        "host=localhost port",
        "postgresql://[::1/db",
        "nosuchoption=1",
    ])
    func invalid(_ text: String) {
        let error = #expect(throws: PostgresError.self) { try PostgresConfiguration(text) }
        guard case .invalidConfiguration(let message) = error else {
            Issue.record("expected .invalidConfiguration, got \(String(describing: error))")
            return
        }
        #expect(!message.isEmpty)
        #expect(error?.description.contains("invalid PostgreSQL connection string") == true)
    }

    @Test("database(_:) keeps the server and credentials and replaces dbname")
    func replacesDatabase() throws {
        let base = try PostgresConfiguration("postgresql://qunji:s3cr%27t%5C@db.example:6543/first?sslmode=disable")
        let other = base.database("second")
        #expect(other.databaseName == "second")
        // Rebuilt as key=value, every value quoted; re-parsing gives back the same options.
        let reparsed = try PostgresConfiguration(other.connectionString)
        #expect(reparsed.databaseName == "second")
        #expect(other.connectionString.contains("host='db.example'"))
        #expect(other.connectionString.contains("port='6543'"))
        #expect(other.connectionString.contains("user='qunji'"))
        #expect(other.connectionString.contains("sslmode='disable'"))
        #expect(other.connectionString.contains(#"password='s3cr\'t\\'"#))
        #expect(!other.connectionString.contains("first"))

        let odd = try PostgresConfiguration("host=/tmp dbname=x").database("it's a \\ name")
        #expect(odd.databaseName == "it's a \\ name")
    }

    @Test("description never shows the password")
    func redactsPassword() throws {
        let url = try PostgresConfiguration("postgresql://qunji:hunter2@127.0.0.1/qunji")
        #expect(!url.description.contains("hunter2"))
        #expect(url.description.contains("127.0.0.1"))
        let keyValue = try PostgresConfiguration("host=127.0.0.1 password='hunter2' dbname=q")
        #expect(!keyValue.description.contains("hunter2"))
        #expect(!keyValue.database("other").description.contains("hunter2"))
        let plain = try PostgresConfiguration("host=127.0.0.1 dbname=q")
        #expect(plain.description == "host=127.0.0.1 dbname=q")
    }

    @Test("fromEnvironment uses DATABASE_URL when set and not empty")
    func environment() throws {
        let url = "postgresql://qunji@127.0.0.1:5432/qunji"
        #expect(try PostgresConfiguration.fromEnvironment(["DATABASE_URL": url]).connectionString == url)
        #expect(try PostgresConfiguration.fromEnvironment(["DATABASE_URL": ""]).connectionString == "")
        #expect(try PostgresConfiguration.fromEnvironment([:]).connectionString == "")
        #expect(throws: PostgresError.self) { try PostgresConfiguration.fromEnvironment(["DATABASE_URL": "bogus"]) }
    }

    @Test("SQLState knows its class and which codes mean a broken connection")
    func sqlState() {
        #expect(SQLState.uniqueViolation.errorClass == "23")
        #expect(SQLState(rawValue: "08006").isConnectionException)
        #expect(SQLState(rawValue: "08006").isConnectionError)
        #expect(SQLState.adminShutdown.isConnectionError)
        #expect(!SQLState.adminShutdown.isConnectionException)
        #expect(!SQLState.syntaxError.isConnectionError)
        #expect(PostgresError.connectionLost(message: "x").isConnectionError)
        #expect(PostgresError.poolTimeout(waited: .seconds(5), poolSize: 4).description
            == "no database connection became free within 5s (pool of 4)")
        #expect(PostgresError.poolTimeout(waited: .milliseconds(200), poolSize: 1).description
            == "no database connection became free within 200ms (pool of 1)")
    }
}
