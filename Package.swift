// swift-tools-version:6.0
import PackageDescription

/// Layers, bottom to top (see `../shared/design.md`):
/// `CLibPQ` → `Postgres` → `EmbeddedPostgres` / `Migrations` / `SampleData`;
/// `Catalog` (GraphQL types ↔ tables) → `Planner` (validated operation → SQL AST → one SQL statement, pure) →
/// `Engine` (documents, caches, introspection, limits, execution through the pool, the response splice) →
/// `Auth` (API keys, JWTs → a role) → `Server` (HTTP) → `qunji` (CLI).
let package = Package(
    name: "qunji",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "qunji", targets: ["qunji"]),
        .library(name: "Postgres", targets: ["Postgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", from: "4.3.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder.git", from: "0.18.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // epoll and eventfd (Linux), for the socket reactor that drives libpq without blocking.
        .systemLibrary(name: "CReadiness"),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                "CReadiness",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "EmbeddedPostgres",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Migrations",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SampleData",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Workbooks (.xlsx) and CSV files read and written, streamed: no database, no knowledge of the programme.
        .target(
            name: "Spreadsheet",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]
        ),
        // The programme's records as spreadsheets: the exchange format (one sheet per kind of record), the
        // template, checked all-or-nothing imports and exports.
        .target(
            name: "Exchange",
            dependencies: [
                "Postgres",
                "Spreadsheet",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Catalog",
            dependencies: []
        ),
        // Pure: a validated operation, the catalog, a principal's scope and the limits in; one SQL statement
        // (AST and text) and its parameters out. Imports neither the database driver nor the server.
        .target(
            name: "Planner",
            dependencies: [
                "Catalog",
                .product(name: "GraphQL", package: "GraphQL"),
            ]
        ),
        // Everything around the planner: documents and their validation, caches, introspection, the limits
        // checked before planning, execution through the pool and the response splice (`QueryService`).
        // The schema's own sources: the generated SDL sections from the catalog (`qunji schema generate`) and each
        // role's schema derived from schema/roles.json at start-up.
        .target(
            name: "SchemaSource",
            dependencies: [
                "Catalog",
                "Planner",
                .product(name: "GraphQL", package: "GraphQL"),
            ]
        ),
        .target(
            name: "Engine",
            dependencies: [
                "Catalog",
                "Planner",
                "SchemaSource",
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // An answer's data as tables (each root field, each list of objects), and those as text, CSV or a workbook:
        // for the command line and for the server's download of an answer as a workbook.
        .target(
            name: "AnswerTables",
            dependencies: ["Engine", "Planner", "Spreadsheet"]
        ),
        .target(
            name: "Auth",
            dependencies: [
                "Engine",
                "Postgres",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "AnswerTables",
                "Auth",
                "Engine",
                "Planner",
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "qunji",
            dependencies: [
                "Postgres",
                "EmbeddedPostgres",
                "Migrations",
                "SampleData",
                "Catalog",
                "Planner",
                "SchemaSource",
                "Engine",
                "Auth",
                "Server",
                "Exchange",
                "Spreadsheet",
                "AnswerTables",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "EmbeddedPostgres", "Migrations", "SampleData"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "SpreadsheetTests", dependencies: ["Spreadsheet", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ExchangeTests", dependencies: [
            "Exchange", "Spreadsheet", "Postgres", "SampleData", "Engine", "Catalog", "TestSupport",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "EmbeddedPostgresTests", dependencies: ["EmbeddedPostgres", "Postgres", "TestSupport"]),
        .testTarget(name: "MigrationsTests", dependencies: ["Migrations", "Postgres", "TestSupport"]),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "Migrations", "Postgres", "TestSupport"]),
        .testTarget(name: "QunjiCLITests", dependencies: ["EmbeddedPostgres", "Postgres", "TestSupport"]),
        .testTarget(name: "PlannerTests", dependencies: [
            "Planner", "Catalog", "TestSupport", .product(name: "GraphQL", package: "GraphQL"),
        ], exclude: ["Golden"]),
        .testTarget(name: "SchemaSourceTests", dependencies: [
            "SchemaSource", "Catalog", "TestSupport", .product(name: "GraphQL", package: "GraphQL"),
        ]),
        .testTarget(name: "EngineTests", dependencies: [
            "Engine", "Planner", "Catalog", "Postgres", "SampleData", "TestSupport", .product(name: "GraphQL", package: "GraphQL"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Auth", "Engine", "Planner", "Catalog", "Postgres", "Spreadsheet", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "GraphQL", package: "GraphQL"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
